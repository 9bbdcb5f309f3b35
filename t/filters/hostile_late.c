/*
 * hostile_late.c: WriteClient after the client went away (t/security/
 * hostile_filters.t, scenario isf_sec_late).
 *
 * "X-Hostile-Op: late-eor": in END_OF_REQUEST the filter writes
 * "EOR-MARK\n" (which flushes the response to the client), sleeps while
 * the test resets the connection, then writes twice more.
 * "X-Hostile-Op: late-raw": the same from the first SEND_RAW_DATA of the
 * response, with "RAW-MARK\n".  Either way one line goes to
 * t/logs/hostile_late.log:
 *
 *   <op> first=TRUE|FALSE/<err> late=TRUE|FALSE/<err> again=...
 */
#include "hostile.h"

#define HL_MAGIC 0x484c4154u    /* "HLAT" */
#define HL_SLEEP_US 700000

typedef struct {
    DWORD magic;
    char op[16];
    int raw_done;
} hl_ctx;

static void hl_write(HTTP_FILTER_CONTEXT *pfc, const char *text, char *out,
                     size_t len)
{
    DWORD n = (DWORD)strlen(text);
    BOOL ok;

    SetLastError(0);
    ok = pfc->WriteClient(pfc, (LPVOID)text, &n, 0);
    snprintf(out, len, "%s/%lu", ok ? "TRUE" : "FALSE",
             (unsigned long)GetLastError());
}

static void hl_late(HTTP_FILTER_CONTEXT *pfc, const char *op,
                    const char *mark)
{
    char first[32], late[32], again[32];

    hl_write(pfc, mark, first, sizeof(first));
    usleep(HL_SLEEP_US);
    hl_write(pfc, "LATE\n", late, sizeof(late));
    hl_write(pfc, "AGAIN\n", again, sizeof(again));
    filter_log("%s first=%s late=%s again=%s", op, first, late, again);
}

static void hl_preproc(HTTP_FILTER_CONTEXT *pfc,
                       HTTP_FILTER_PREPROC_HEADERS *ph)
{
    hl_ctx *ctx = pfc->pFilterContext;
    DWORD size;

    if (!ctx) {
        if (!(ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            return;
        }
        memset(ctx, 0, sizeof(*ctx));
        ctx->magic = HL_MAGIC;
        pfc->pFilterContext = ctx;
    }
    size = sizeof(ctx->op);
    if (!ph->GetHeader(pfc, "X-Hostile-Op:", ctx->op, &size)) {
        ctx->op[0] = '\0';
    }
    ctx->raw_done = 0;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("hostile_late");
    hostile_version(pVer, "hostile_late: WriteClient to a gone client",
                    SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                    | SF_NOTIFY_END_OF_REQUEST);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    hl_ctx *ctx;

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        hl_preproc(pfc, pvNotification);
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    ctx = pfc->pFilterContext;
    if (!ctx || ctx->magic != HL_MAGIC) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (NotificationType == SF_NOTIFY_END_OF_REQUEST
        && !strcmp(ctx->op, "late-eor")) {
        ctx->op[0] = '\0';
        hl_late(pfc, "late-eor", "EOR-MARK\n");
    }
    else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA
             && !strcmp(ctx->op, "late-raw") && !ctx->raw_done) {
        ctx->raw_done = 1;
        hl_late(pfc, "late-raw", "RAW-MARK\n");
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
