/*
 * lim_url_map.c: URL_MAP buffers a filter resizes or replaces
 * (t/limits/url_map_buffer.t, scenario isf_lim_url_map).
 *
 * The request header X-Lim-Map says what URL_MAP does:
 *
 *   buff0     cbPathBuff = 0, the path left alone
 *   buffmax   cbPathBuff = 0x7fffffff, the path left alone
 *   alloc     pszPhysicalPath pointed at an AllocMem block holding the
 *             path of X-Lim-Path, cbPathBuff = the block's size
 *   static    the same with a static 8 KiB buffer, cbPathBuff = 8192
 *
 * For alloc and static, every byte of the buffer after the path's NUL is
 * a canary (0xA5); SEND_RESPONSE checks the whole buffer and answers
 *   X-Lim-Buffer: intact | path changed | canary hit at <offset>
 * so a bridge that writes into memory the filter pointed it at shows.
 * Every URL_MAP adds "X-Lim-Mapped: <pszURL>" (AddResponseHeaders).
 */
#include "lim.h"

#include <stdlib.h>

#define LM_STATIC 8192
#define LM_CANARY 0xA5

static char lm_static[LM_STATIC];

typedef struct {
    char *buf;          /* the filter's own path buffer, or NULL */
    DWORD size;
    DWORD pathlen;      /* strlen of the path written into it */
} lm_ctx;

static lm_ctx *lm_get(HTTP_FILTER_CONTEXT *pfc)
{
    if (!pfc->pFilterContext) {
        lm_ctx *ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (ctx) {
            memset(ctx, 0, sizeof(*ctx));
        }
        pfc->pFilterContext = ctx;
    }
    return pfc->pFilterContext;
}

/* Path, NUL, then canaries to the end of buf. */
static void lm_fill(char *buf, DWORD size, const char *path, DWORD len)
{
    memset(buf, LM_CANARY, size);
    memcpy(buf, path, len);
    buf[len] = '\0';
}

static DWORD lm_url_map(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_URL_MAP_EX *um)
{
    char op[32], path[2048], line[2200];
    lm_ctx *ctx = lm_get(pfc);
    DWORD len;

    if (!ctx) {
        return SF_STATUS_REQ_ERROR;
    }
    snprintf(line, sizeof(line), "X-Lim-Mapped: %s\r\n",
             um->pszURL ? um->pszURL : "(null)");
    pfc->AddResponseHeaders(pfc, line, 0);
    lim_req_header(pfc, "HTTP_X_LIM_MAP", op, sizeof(op));
    lim_req_header(pfc, "HTTP_X_LIM_PATH", path, sizeof(path));
    len = (DWORD)strlen(path);
    ctx->buf = NULL;
    if (!strcmp(op, "buff0")) {
        um->cbPathBuff = 0;
    }
    else if (!strcmp(op, "buffmax")) {
        um->cbPathBuff = 0x7fffffff;
    }
    else if (!strcmp(op, "alloc") && len) {
        DWORD size = len + 1 + 64;
        char *buf = pfc->AllocMem(pfc, size, 0);
        if (!buf) {
            return SF_STATUS_REQ_ERROR;
        }
        lm_fill(buf, size, path, len);
        um->pszPhysicalPath = buf;
        um->cbPathBuff = size;
        ctx->buf = buf;
        ctx->size = size;
        ctx->pathlen = len;
    }
    else if (!strcmp(op, "static") && len && len < LM_STATIC) {
        lm_fill(lm_static, LM_STATIC, path, len);
        um->pszPhysicalPath = lm_static;
        um->cbPathBuff = LM_STATIC;
        ctx->buf = lm_static;
        ctx->size = LM_STATIC;
        ctx->pathlen = len;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD lm_send_response(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_SEND_RESPONSE *sr)
{
    lm_ctx *ctx = pfc->pFilterContext;
    char what[64];
    DWORD i;

    if (!ctx || !ctx->buf) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    snprintf(what, sizeof(what), "intact");
    if (strlen(ctx->buf) != ctx->pathlen) {
        snprintf(what, sizeof(what), "path changed");
    }
    else {
        for (i = ctx->pathlen + 1; i < ctx->size; i++) {
            if ((unsigned char)ctx->buf[i] != LM_CANARY) {
                snprintf(what, sizeof(what), "canary hit at %lu",
                         (unsigned long)i);
                break;
            }
        }
    }
    sr->AddHeader(pfc, "X-Lim-Buffer:", what);
    ctx->buf = NULL;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    lim_version(pVer, "lim_url_map: URL_MAP buffers",
                SF_NOTIFY_URL_MAP | SF_NOTIFY_SEND_RESPONSE);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_URL_MAP:
        return lm_url_map(pfc, pvNotification);
    case SF_NOTIFY_SEND_RESPONSE:
        return lm_send_response(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
