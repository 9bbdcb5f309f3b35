/*
 * hostile.h: what the hostile_*.c test filters of t/security share.
 *
 * Each filter reports what the bridge did to it in t/logs/<filter>.log
 * (filter_log.h).
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include "filter_log.h"

#include <httpfilt.h>

/* The request header a test uses to drive a filter ("" when absent). */
static inline void hostile_req_header(HTTP_FILTER_CONTEXT *pfc,
                                      const char *var, char *buf,
                                      DWORD size)
{
    if (!pfc->GetServerVariable(pfc, (LPSTR)var, buf, &size)) {
        buf[0] = '\0';
    }
}

static inline void hostile_version(HTTP_FILTER_VERSION *pVer,
                                   const char *desc, DWORD events)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = events | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
}

#endif /* HOSTILE_H */
