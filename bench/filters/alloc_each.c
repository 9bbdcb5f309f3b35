/*
 * alloc_each.c: benchmark filter for configuration (alloc), measured by
 * (h) only: what one AllocMem call costs.
 *
 * Registered for PREPROC_HEADERS only, where it asks AllocMem for 16
 * blocks of 24 bytes and writes each end to end, so that (alloc) less (b)
 * over 16 is the bridge's cost per call, the connection-end work on the
 * blocks included (the benchmark's one connection ends inside the run).
 * The configuration sets ISAPIFilterAllocLimit 0: 2000 requests' blocks
 * would pass the default limit.
 */
#include "filter_util.h"

#define ALLOC_EACH_N 16
#define ALLOC_EACH_SIZE 24

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    return filter_version(pVer, "bench alloc_each: 16 AllocMem per request",
                          SF_NOTIFY_PREPROC_HEADERS);
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    int i;

    (void)pvNotification;
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    for (i = 0; i < ALLOC_EACH_N; i++) {
        char *mem = pfc->AllocMem(pfc, ALLOC_EACH_SIZE, 0);

        if (!mem) {
            return SF_STATUS_REQ_ERROR;
        }
        memset(mem, 'a' + i, ALLOC_EACH_SIZE);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
