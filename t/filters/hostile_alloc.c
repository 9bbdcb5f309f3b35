/*
 * hostile_alloc.c: AllocMem past ISAPIFilterAllocLimit (t/security/
 * hostile_filters.t, scenario isf_sec_alloc, where the limit is 4096).
 *
 * PREPROC_HEADERS reads the request header X-Alloc, a comma-separated list
 * of sizes, and calls AllocMem for each in turn.  Memory it gets is
 * written end to end (an over-promise shows under ASan).  It answers
 * "X-Alloc-Result: r1,r2,..." with "ok" or "NULL <GetLastError>" per size.
 */
#include "hostile.h"

#include <stdlib.h>

static DWORD hx_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char sizes[256], out[512], line[600], *p, *end;
    DWORD size = sizeof(sizes);
    size_t used = 0;

    if (!ph->GetHeader(pfc, "X-Alloc:", sizes, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    out[0] = '\0';
    for (p = sizes; *p; p = *end ? end + 1 : end) {
        unsigned long n = strtoul(p, &end, 10);
        void *mem;

        SetLastError(0);
        mem = pfc->AllocMem(pfc, (DWORD)n, 0);
        if (mem) {
            memset(mem, 0x5A, n);
        }
        used += snprintf(out + used, sizeof(out) - used, "%s%s",
                         used ? "," : "", mem ? "ok" : "NULL ");
        if (!mem && used < sizeof(out)) {
            used += snprintf(out + used, sizeof(out) - used, "%lu",
                             (unsigned long)GetLastError());
        }
        if (used >= sizeof(out) || end == p) {
            break;
        }
    }
    snprintf(line, sizeof(line), "X-Alloc-Result: %s\r\n", out);
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    hostile_version(pVer, "hostile_alloc: AllocMem past the limit",
                    SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return hx_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
