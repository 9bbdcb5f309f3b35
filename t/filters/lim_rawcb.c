/*
 * lim_rawcb.c: a SEND_RAW_DATA filter that makes callbacks in every window
 * (t/limits/window_memory.t and t/limits/idle_memory.t; a global filter,
 * in throwaway servers).
 *
 * Each SEND_RAW_DATA notification reads ALL_RAW, HTTP_ACCEPT_ENCODING and
 * SERVER_PORT with GetServerVariable, as a filter that decides per window
 * from the request's headers does, and leaves the window as it is.
 * END_OF_REQUEST appends to t/logs/lim_rawcb.log
 *   eor pid=<pid> windows=<n> bytes=<n> ok=<calls that succeeded>
 *       failed=<calls that failed> allraw=<longest ALL_RAW seen>
 * for the request's windows, then starts counting again.
 */
#include "lim.h"

typedef struct {
    unsigned long windows, ok, failed, allraw;
    unsigned long long bytes;
} lc_ctx;

static lc_ctx *lc_get(HTTP_FILTER_CONTEXT *pfc)
{
    if (!pfc->pFilterContext) {
        lc_ctx *ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (ctx) {
            memset(ctx, 0, sizeof(*ctx));
        }
        pfc->pFilterContext = ctx;
    }
    return pfc->pFilterContext;
}

static void lc_var(HTTP_FILTER_CONTEXT *pfc, lc_ctx *ctx, const char *name,
                   char *buf, DWORD cap)
{
    DWORD size = cap;

    if (pfc->GetServerVariable(pfc, (LPSTR)name, buf, &size)) {
        ctx->ok++;
        if (!strcmp(name, "ALL_RAW") && size > ctx->allraw) {
            ctx->allraw = size;
        }
    }
    else {
        ctx->failed++;
    }
}

static DWORD lc_raw(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    lc_ctx *ctx = lc_get(pfc);
    char buf[32768];

    if (!ctx) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    ctx->windows++;
    ctx->bytes += raw->cbInData;
    lc_var(pfc, ctx, "ALL_RAW", buf, sizeof(buf));
    lc_var(pfc, ctx, "HTTP_ACCEPT_ENCODING", buf, sizeof(buf));
    lc_var(pfc, ctx, "SERVER_PORT", buf, sizeof(buf));
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD lc_eor(HTTP_FILTER_CONTEXT *pfc)
{
    lc_ctx *ctx = lc_get(pfc);

    if (!ctx) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    filter_log("eor pid=%ld windows=%lu bytes=%llu ok=%lu failed=%lu "
            "allraw=%lu", (long)getpid(), ctx->windows, ctx->bytes, ctx->ok,
            ctx->failed, ctx->allraw);
    memset(ctx, 0, sizeof(*ctx));
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("lim_rawcb");
    lim_version(pVer, "lim_rawcb: callbacks in every window",
                SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_SEND_RAW_DATA:
        return lc_raw(pfc, pvNotification);
    case SF_NOTIFY_END_OF_REQUEST:
        return lc_eor(pfc);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
