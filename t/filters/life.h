/*
 * life.h: what the life_*.c test filters of t/lifetime share.
 *
 * Each filter reports in t/logs/<name>.log (filter_log.h).
 */
#ifndef LIFE_H
#define LIFE_H

#include "filter_log.h"

#include <httpfilt.h>

/* The request header X-Life-Op ("" when absent or not readable). */
static inline void life_op(HTTP_FILTER_CONTEXT *pfc, char *buf, DWORD size)
{
    if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_OP", buf, &size)) {
        buf[0] = '\0';
    }
}

/* "TRUE" or "FALSE/<GetLastError>" for a BOOL just returned. */
static inline const char *life_result(BOOL ok, char *buf, size_t len)
{
    if (ok) {
        snprintf(buf, len, "TRUE");
    }
    else {
        snprintf(buf, len, "FALSE/%lu", (unsigned long)GetLastError());
    }
    return buf;
}

static inline void life_version(HTTP_FILTER_VERSION *pVer, const char *desc,
                                DWORD events)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = events | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
}

#ifdef LIFE_RECORDER
/*
 * A recorder (life_rec_site.c, life_rec_global.c define LIFE_RECORDER as
 * their log's name): PREPROC_HEADERS, SEND_RAW_DATA and
 * END_OF_NET_SESSION, passing everything, with one line per event:
 *
 *   REQ tag=<X-Life-Tag> host=<Host>     a request of this filter's site
 *   RAW <hex>                            bytes of a SEND_RAW_DATA window,
 *                                        at most 512 per line, in order
 *   ENS tags=<tag,tag,...|->             the connection's requests it saw
 */
typedef struct {
    char tags[512];
} life_rec_ctx;

static DWORD life_rec_proc(HTTP_FILTER_CONTEXT *pfc, DWORD type, void *n)
{
    life_rec_ctx *ctx = pfc->pFilterContext;

    if (type == SF_NOTIFY_PREPROC_HEADERS) {
        char tag[64], host[128];
        DWORD size = sizeof(tag);

        if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_TAG", tag, &size)) {
            strcpy(tag, "-");
        }
        size = sizeof(host);
        if (!pfc->GetServerVariable(pfc, "HTTP_HOST", host, &size)) {
            strcpy(host, "-");
        }
        if (!ctx && (ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            ctx->tags[0] = '\0';
            pfc->pFilterContext = ctx;
        }
        if (ctx && strlen(ctx->tags) + strlen(tag) + 2 < sizeof(ctx->tags)) {
            if (ctx->tags[0]) {
                strcat(ctx->tags, ",");
            }
            strcat(ctx->tags, tag);
        }
        filter_log("REQ tag=%s host=%s", tag, host);
    }
    else if (type == SF_NOTIFY_SEND_RAW_DATA) {
        HTTP_FILTER_RAW_DATA *raw = n;
        const unsigned char *p = raw->pvInData;
        DWORD at = 0;
        char hex[1025];

        while (p && at < raw->cbInData) {
            DWORD i, k = raw->cbInData - at > 512 ? 512
                                                  : raw->cbInData - at;
            for (i = 0; i < k; i++) {
                snprintf(hex + 2 * i, 3, "%02x", p[at + i]);
            }
            hex[2 * k] = '\0';
            filter_log("RAW %s", hex);
            at += k;
        }
    }
    else if (type == SF_NOTIFY_END_OF_NET_SESSION) {
        filter_log("ENS tags=%s", ctx && ctx->tags[0] ? ctx->tags : "-");
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init(LIFE_RECORDER);
    life_version(pVer, LIFE_RECORDER ": records raw bytes and sessions",
                 SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                 | SF_NOTIFY_END_OF_NET_SESSION);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    return life_rec_proc(pfc, NotificationType, pvNotification);
}
#endif /* LIFE_RECORDER */

#endif /* LIFE_H */
