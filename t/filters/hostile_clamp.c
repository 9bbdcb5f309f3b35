/*
 * hostile_clamp.c: lengths in SEND_RAW_DATA that lie (t/security/
 * hostile_filters.t, scenario isf_sec_clamp, ISAPIFilterWindowSize 256).
 *
 * PREPROC_HEADERS reads "X-Clamp:" into pFilterContext; the first
 * SEND_RAW_DATA of that response (the window holding the status line)
 * then lies:
 *
 *   huge   cbInData = 0xFFFFFFF0, pvInData left alone
 *   skip   pvInData moved 100 bytes into the window, cbInData =
 *          cbInBuffer (100 bytes more than are left after it)
 *   own    pvInData = a 16-byte buffer of the filter's own
 *          ("<<OWN-BUFFER>>\r\n", followed in memory by "CANARY..."),
 *          cbInBuffer = 16,
 *          cbInData = 100000
 *
 * The bridge must pass at most what the buffer holds.  What the window
 * held is logged to t/logs/hostile_clamp.log before the lie, as
 * "<op> len=<cbInData> cap=<cbInBuffer>".
 */
#include "hostile.h"

#define HC_MAGIC 0x48434c41u    /* "HCLA" */

typedef struct {
    DWORD magic;
    char op[16];
    int done;
} hc_ctx;

static struct {
    char own[16];
    char canary[48];
} hc_mem = { "<<OWN-BUFFER>>\r\n",
             "CANARY-CANARY-CANARY-CANARY-CANARY-CANARY" };

static void hc_preproc(HTTP_FILTER_CONTEXT *pfc,
                       HTTP_FILTER_PREPROC_HEADERS *ph)
{
    hc_ctx *ctx = pfc->pFilterContext;
    DWORD size;

    if (!ctx) {
        if (!(ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            return;
        }
        memset(ctx, 0, sizeof(*ctx));
        ctx->magic = HC_MAGIC;
        pfc->pFilterContext = ctx;
    }
    size = sizeof(ctx->op);
    if (!ph->GetHeader(pfc, "X-Clamp:", ctx->op, &size)) {
        ctx->op[0] = '\0';
    }
    ctx->done = 0;
}

static void hc_raw(hc_ctx *ctx, HTTP_FILTER_RAW_DATA *raw)
{
    if (ctx->done || !ctx->op[0]) {
        return;
    }
    ctx->done = 1;
    filter_log("%s len=%lu cap=%lu", ctx->op, (unsigned long)raw->cbInData,
                (unsigned long)raw->cbInBuffer);
    if (!strcmp(ctx->op, "huge")) {
        raw->cbInData = 0xFFFFFFF0u;
    }
    else if (!strcmp(ctx->op, "skip") && raw->cbInBuffer > 100) {
        raw->pvInData = (char *)raw->pvInData + 100;
        raw->cbInData = raw->cbInBuffer;
    }
    else if (!strcmp(ctx->op, "own")) {
        raw->pvInData = hc_mem.own;
        raw->cbInBuffer = sizeof(hc_mem.own);
        raw->cbInData = 100000;
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("hostile_clamp");
    hostile_version(pVer, "hostile_clamp: lying SEND_RAW_DATA lengths",
                    SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    hc_ctx *ctx;

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        hc_preproc(pfc, pvNotification);
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    ctx = pfc->pFilterContext;
    if (NotificationType == SF_NOTIFY_SEND_RAW_DATA && ctx
        && ctx->magic == HC_MAGIC) {
        hc_raw(ctx, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
