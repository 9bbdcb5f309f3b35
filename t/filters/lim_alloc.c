/*
 * lim_alloc.c: what AllocMem counts and what it does when memory runs out
 * (t/limits/alloc_accounting.t, scenario isf_lim_alloc with
 * ISAPIFilterAllocLimit 4096; t/limits/alloc_unlimited.t, a throwaway
 * server with ISAPIFilterAllocLimit 0 under an address-space limit).
 *
 * PREPROC_HEADERS reads the request header X-Lim-Alloc, a comma-separated
 * list of SIZExCOUNT, and for each item calls AllocMem(SIZE) up to COUNT
 * times, stopping at the first NULL.  Blocks of at most 64 KiB are written
 * end to end (an over-promise shows under ASan).  It answers
 * (AddResponseHeaders)
 *   X-Lim-Alloc-Result: <got>/<GetLastError at the NULL, or 0>,...
 *   X-Lim-Pid: <getpid()>
 * in the order of the items.
 */
#include "lim.h"

#include <stdlib.h>

static DWORD la_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char spec[256], out[512], line[600], *p, *end;
    DWORD size = sizeof(spec);
    size_t used = 0;

    if (!ph->GetHeader(pfc, "X-Lim-Alloc:", spec, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    out[0] = '\0';
    for (p = spec; *p && used < sizeof(out); p = end) {
        unsigned long sz = strtoul(p, &end, 10), count = 1, got = 0;
        DWORD err = 0;

        if (end == p) {
            break;
        }
        if (*end == 'x') {
            p = end + 1;
            count = strtoul(p, &end, 10);
        }
        while (got < count) {
            void *mem;

            SetLastError(0);
            mem = pfc->AllocMem(pfc, (DWORD)sz, 0);
            if (!mem) {
                err = GetLastError();
                break;
            }
            if (sz <= 65536) {
                memset(mem, 0x5A, sz);
            }
            got++;
        }
        used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%lu/%lu",
                                 used ? "," : "", got, (unsigned long)err);
        while (*end == ',' || *end == ' ') {
            end++;
        }
    }
    snprintf(line, sizeof(line), "X-Lim-Alloc-Result: %s\r\n"
             "X-Lim-Pid: %ld\r\n", out, (long)getpid());
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    lim_version(pVer, "lim_alloc: AllocMem accounting",
                SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return la_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
