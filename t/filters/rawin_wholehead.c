/*
 * rawin_wholehead.c: a READ_RAW_DATA filter that wants a request's whole
 * head before deciding anything, the way opaque-stream filters work: it
 * answers SF_STATUS_REQ_READ_NEXT until the bytes it is shown contain the
 * blank line ending the head (t/raw/read_raw_data.t).  A global filter.
 *
 * Per connection (pFilterContext, AllocMem) it counts the notifications
 * the head took and the size of the buffer that finally held it, and
 * reports both in PREPROC_HEADERS as a response header
 *   X-Rawin-Head: calls=N held=BYTES
 * Reads after the head (the body) pass at once; END_OF_REQUEST re-arms
 * the filter for the connection's next request.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

static const char wh_desc[] = "rawin_wholehead: READ_NEXT until the head";

typedef struct {
    int head_done;
    unsigned long calls;
    unsigned long held;
} wh_ctx;

static wh_ctx *wh_get(HTTP_FILTER_CONTEXT *pfc)
{
    if (!pfc->pFilterContext) {
        wh_ctx *ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (ctx) {
            memset(ctx, 0, sizeof(*ctx));
        }
        pfc->pFilterContext = ctx;
    }
    return pfc->pFilterContext;
}

static int wh_has_end(const char *p, size_t len)
{
    size_t i;

    for (i = 0; i + 4 <= len; i++) {
        if (!memcmp(p + i, "\r\n\r\n", 4)) {
            return 1;
        }
    }
    return 0;
}

static DWORD wh_read_raw(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    wh_ctx *ctx = wh_get(pfc);

    if (!ctx) {
        return SF_STATUS_REQ_ERROR;
    }
    if (ctx->head_done) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    ctx->calls++;
    if (!wh_has_end(raw->pvInData, raw->cbInData)) {
        return SF_STATUS_REQ_READ_NEXT;
    }
    ctx->head_done = 1;
    ctx->held = raw->cbInData;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD wh_preproc(HTTP_FILTER_CONTEXT *pfc)
{
    wh_ctx *ctx = wh_get(pfc);
    char line[128];

    if (!ctx) {
        return SF_STATUS_REQ_ERROR;
    }
    snprintf(line, sizeof(line), "X-Rawin-Head: calls=%lu held=%lu\r\n",
             ctx->calls, ctx->held);
    if (!pfc->AddResponseHeaders(pfc, line, 0)) {
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, wh_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    wh_ctx *ctx;

    switch (NotificationType) {
    case SF_NOTIFY_READ_RAW_DATA:
        return wh_read_raw(pfc, pvNotification);
    case SF_NOTIFY_PREPROC_HEADERS:
        return wh_preproc(pfc);
    case SF_NOTIFY_END_OF_REQUEST:
        if ((ctx = wh_get(pfc))) {
            memset(ctx, 0, sizeof(*ctx));
        }
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
