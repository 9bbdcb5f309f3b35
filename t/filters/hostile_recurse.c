/*
 * hostile_recurse.c: WriteClient from SEND_RAW_DATA, from the
 * SEND_RAW_DATA that write raises, and so on for ever (t/security/
 * hostile_filters.t, scenario isf_sec_recurse).
 *
 * With "X-Hostile-Op: recurse", the first SEND_RAW_DATA of the response
 * writes "<1>"; the notification raised for those bytes writes "<2>", and
 * so on, each level until WriteClient fails.  The bridge must refuse at
 * its nesting limit (ISF_MAX_DEPTH) rather than overflow the stack.
 * t/logs/hostile_recurse.log gets "recurse ok=<levels that wrote>
 * refused=<GetLastError of the refusal>".
 */
#include "hostile.h"

#define HR_MAGIC 0x48524543u    /* "HREC" */
#define HR_LEVELS_MAX 10000     /* a guard for the test, not the bridge */

typedef struct {
    DWORD magic;
    int armed;                  /* this response: recurse */
    int level;                  /* nesting of our own writes */
    int ok;                     /* writes that succeeded */
    DWORD refused;              /* GetLastError of the first refusal */
    int stopped;
} hr_ctx;

static void hr_raw(HTTP_FILTER_CONTEXT *pfc, hr_ctx *ctx)
{
    char text[32];
    DWORD n;
    int outer;

    if (!ctx->armed || ctx->stopped || ctx->level >= HR_LEVELS_MAX) {
        return;
    }
    outer = ctx->level == 0;
    ctx->level++;
    n = (DWORD)snprintf(text, sizeof(text), "<%d>", ctx->level);
    SetLastError(0);
    if (pfc->WriteClient(pfc, text, &n, 0)) {
        ctx->ok++;
    }
    else if (!ctx->stopped) {
        ctx->stopped = 1;
        ctx->refused = GetLastError();
    }
    ctx->level--;
    if (outer) {
        ctx->armed = 0;
        filter_log("recurse ok=%d refused=%lu", ctx->ok,
                    (unsigned long)ctx->refused);
    }
}

static void hr_preproc(HTTP_FILTER_CONTEXT *pfc,
                       HTTP_FILTER_PREPROC_HEADERS *ph)
{
    hr_ctx *ctx = pfc->pFilterContext;
    char op[16];
    DWORD size = sizeof(op);

    if (!ph->GetHeader(pfc, "X-Hostile-Op:", op, &size)
        || strcmp(op, "recurse")) {
        return;
    }
    if (!ctx) {
        if (!(ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            return;
        }
        pfc->pFilterContext = ctx;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->magic = HR_MAGIC;
    ctx->armed = 1;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("hostile_recurse");
    hostile_version(pVer, "hostile_recurse: WriteClient from SEND_RAW_DATA",
                    SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    hr_ctx *ctx = pfc->pFilterContext;

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        hr_preproc(pfc, pvNotification);
    }
    else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA && ctx
             && ctx->magic == HR_MAGIC) {
        hr_raw(pfc, ctx);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
