/*
 * lim.h: what the lim_*.c test filters of t/limits share.
 *
 * A filter reports what the bridge did to it either as response headers
 * (when the request is still there to carry them) or in
 * t/logs/<filter>.log (filter_log.h).
 */
#ifndef LIM_H
#define LIM_H

#include "filter_log.h"

#include <httpfilt.h>

/* A request header through GetServerVariable ("" when absent), e.g.
 * "HTTP_X_LIM_OP" for X-Lim-Op. */
static inline void lim_req_header(HTTP_FILTER_CONTEXT *pfc, const char *var,
                                  char *buf, DWORD size)
{
    if (!pfc->GetServerVariable(pfc, (LPSTR)var, buf, &size)) {
        buf[0] = '\0';
    }
}

/* "TRUE" or "FALSE <GetLastError>" for a BOOL callback just made. */
static inline void lim_result(char *out, size_t cap, BOOL ok)
{
    if (ok) {
        snprintf(out, cap, "TRUE");
    }
    else {
        snprintf(out, cap, "FALSE %lu", (unsigned long)GetLastError());
    }
}

static inline void lim_version(HTTP_FILTER_VERSION *pVer, const char *desc,
                               DWORD events)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = events | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
}

#endif /* LIM_H */
