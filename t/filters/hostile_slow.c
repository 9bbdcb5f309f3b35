/*
 * hostile_slow.c: a notification that takes its time (t/security/
 * hostile_filters.t, scenario isf_sec_slow, which sets Timeout 1).
 *
 * PREPROC_HEADERS sleeps for the milliseconds in the request header
 * X-Sleep-Ms (at most 5000) and answers "X-Slept: <ms>".  Timeout bounds
 * the server's waits for I/O; the filter's own time is not I/O.
 */
#include "hostile.h"

#include <stdlib.h>

#define HW_MAX_MS 5000

static DWORD hw_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char ms[16], line[64];
    DWORD size = sizeof(ms);
    long n;

    if (!ph->GetHeader(pfc, "X-Sleep-Ms:", ms, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    n = strtol(ms, NULL, 10);
    if (n < 0 || n > HW_MAX_MS) {
        n = HW_MAX_MS;
    }
    usleep((useconds_t)n * 1000);
    snprintf(line, sizeof(line), "X-Slept: %ld\r\n", n);
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    hostile_version(pVer, "hostile_slow: sleeps in PREPROC_HEADERS",
                    SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return hw_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
