/*
 * cb_alloc.c: AllocMem on request.
 *
 * Request header "X-CB-Alloc: N1 N2 ..." makes PREPROC_HEADERS call
 * AllocMem for each size in turn, fill each block and read it back, and
 * answer "X-CB-Alloc: R1,R2,..." where R is "ok", "bad" (the block did
 * not hold what was written) or "null N" (NULL, GetLastError N).
 * Used by t/callbacks/alloc_mem.t, in a site with a small
 * ISAPIFilterAllocLimit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

static const char *cb_try(HTTP_FILTER_CONTEXT *pfc, DWORD n, char *res,
                          size_t cap)
{
    unsigned char *p = pfc->AllocMem(pfc, n, 0);
    DWORD i;

    if (!p) {
        snprintf(res, cap, "null %lu", (unsigned long)GetLastError());
        return res;
    }
    for (i = 0; i < n; i++) {
        p[i] = (unsigned char)(i * 7 + 1);
    }
    for (i = 0; i < n; i++) {
        if (p[i] != (unsigned char)(i * 7 + 1)) {
            return "bad";
        }
    }
    return "ok";
}

static DWORD cb_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char want[256], line[512], res[32];
    char *p, *end;
    DWORD size = sizeof(want);
    size_t used;

    if (!ph->GetHeader(pfc, "X-CB-Alloc:", want, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    used = (size_t)snprintf(line, sizeof(line), "X-CB-Alloc: ");
    for (p = want; *p; p = end) {
        unsigned long n = strtoul(p, &end, 10);
        const char *r;

        if (end == p) {
            break;
        }
        r = cb_try(pfc, (DWORD)n, res, sizeof(res));
        used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s",
                                 p == want ? "" : ",", r);
        if (used >= sizeof(line) - 3) {
            break;
        }
    }
    snprintf(line + used, sizeof(line) - used, "\r\n");
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_alloc: AllocMem on request");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return cb_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
