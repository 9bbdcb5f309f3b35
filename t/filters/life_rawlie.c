/*
 * life_rawlie.c: raw-data filters that lie about lengths, and an innocent
 * one after them that reads what it is handed (t/lifetime/raw_lengths.t).
 * The same code plays three parts, chosen by the name of the file it was
 * loaded from (the test copies life_rawlie.so to the other two names in
 * t/logs/, so that each is a library of its own):
 *
 *   life_rawlie.so     a site filter: PREPROC_HEADERS reads "X-Life-Lie"
 *                      into pFilterContext; every SEND_RAW_DATA window of
 *                      that response then lies
 *   life_rawlie_in.so  a global filter: READ_RAW_DATA lies about every
 *                      read whose bytes hold "X-Life-Lie: <op>\r\n"
 *   life_rawread.so    a global filter: in READ_RAW_DATA and SEND_RAW_DATA
 *                      it logs what it got, then reads all cbInData bytes
 *                      from pvInData, as any filter may
 *
 * The lies (<op>):
 *   null   pvInData = NULL, cbInData = 5
 *   big    cbInData = cbInBuffer + 100000, pvInData left alone
 *   skip   pvInData moved 100 bytes on, cbInData = cbInBuffer
 *   own    pvInData = a 16-byte buffer of the filter's own, cbInBuffer =
 *          16, cbInData = 100000 (SEND_RAW_DATA only)
 *
 * Each filter counts the notifications of each raw event on its
 * connection (n=1, 2, ...).  Lines:
 *
 *   t/logs/life_rawlie.log   LIE ev=<SEND|READ> n=<n> op=<op>
 *                                len=<cbInData> cap=<cbInBuffer>
 *                            (what the filter was handed, before lying)
 *   t/logs/life_rawread.log  GOT ev=<SEND|READ> n=<n> null=<0|1>
 *                                len=<cbInData> cap=<cbInBuffer>
 *                            REQ tag=<X-Life-Tag>
 *                            ENS
 */
#include "life.h"

enum { LIE_SEND, LIE_READ, READER };

static int life_part = LIE_SEND;

static struct {
    char own[16];
    char canary[48];
} life_own = { "<<OWN-BUFFER>>\r\n",
               "CANARY-CANARY-CANARY-CANARY-CANARY-CANARY" };

typedef struct {
    char op[16];
    DWORD n_read, n_send;
} life_lie_ctx;

static life_lie_ctx *life_lie_ctx_get(HTTP_FILTER_CONTEXT *pfc)
{
    life_lie_ctx *ctx = pfc->pFilterContext;

    if (!ctx && (ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
        memset(ctx, 0, sizeof(*ctx));
        pfc->pFilterContext = ctx;
    }
    return ctx;
}

static const char *life_lie_ev(DWORD type)
{
    return type == SF_NOTIFY_READ_RAW_DATA ? "READ" : "SEND";
}

/* The op named in the bytes of a read ("X-Life-Lie: <op>\r\n"), or "". */
static void life_lie_in_bytes(const HTTP_FILTER_RAW_DATA *raw, char *op,
                              size_t size)
{
    static const char key[] = "X-Life-Lie: ";
    const char *p = raw->pvInData, *at, *end;

    op[0] = '\0';
    if (!p || !raw->cbInData) {
        return;
    }
    at = memmem(p, raw->cbInData, key, sizeof(key) - 1);
    if (!at) {
        return;
    }
    at += sizeof(key) - 1;
    end = memchr(at, '\r', raw->cbInData - (DWORD)(at - p));
    if (end && (size_t)(end - at) < size) {
        memcpy(op, at, (size_t)(end - at));
        op[end - at] = '\0';
    }
}

static void life_lie(const char *op, DWORD type, DWORD n,
                     HTTP_FILTER_RAW_DATA *raw)
{
    filter_log("LIE ev=%s n=%lu op=%s len=%lu cap=%lu", life_lie_ev(type),
             (unsigned long)n, op, (unsigned long)raw->cbInData,
             (unsigned long)raw->cbInBuffer);
    if (!strcmp(op, "null")) {
        raw->pvInData = NULL;
        raw->cbInData = 5;
    }
    else if (!strcmp(op, "big")) {
        raw->cbInData = raw->cbInBuffer + 100000;
    }
    else if (!strcmp(op, "skip") && raw->cbInBuffer > 100) {
        raw->pvInData = (char *)raw->pvInData + 100;
        raw->cbInData = raw->cbInBuffer;
    }
    else if (!strcmp(op, "own") && type == SF_NOTIFY_SEND_RAW_DATA) {
        raw->pvInData = life_own.own;
        raw->cbInBuffer = sizeof(life_own.own);
        raw->cbInData = 100000;
    }
}

static DWORD life_liar(HTTP_FILTER_CONTEXT *pfc, DWORD type, void *n)
{
    life_lie_ctx *ctx = life_lie_ctx_get(pfc);
    char op[16];

    if (!ctx) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (type == SF_NOTIFY_PREPROC_HEADERS) {
        DWORD size = sizeof(ctx->op);
        if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_LIE", ctx->op, &size)) {
            ctx->op[0] = '\0';
        }
    }
    else if (type == SF_NOTIFY_SEND_RAW_DATA) {
        ctx->n_send++;
        if (ctx->op[0]) {
            life_lie(ctx->op, type, ctx->n_send, n);
        }
    }
    else if (type == SF_NOTIFY_READ_RAW_DATA) {
        ctx->n_read++;
        life_lie_in_bytes(n, op, sizeof(op));
        if (op[0]) {
            life_lie(op, type, ctx->n_read, n);
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD life_reader(HTTP_FILTER_CONTEXT *pfc, DWORD type, void *n)
{
    life_lie_ctx *ctx = life_lie_ctx_get(pfc);

    if (type == SF_NOTIFY_PREPROC_HEADERS) {
        char tag[64];
        DWORD size = sizeof(tag);
        if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_TAG", tag, &size)) {
            strcpy(tag, "-");
        }
        filter_log("REQ tag=%s", tag);
    }
    else if (type == SF_NOTIFY_END_OF_NET_SESSION) {
        filter_log("ENS");
    }
    else if (ctx) {
        HTTP_FILTER_RAW_DATA *raw = n;
        const volatile unsigned char *p = raw->pvInData;
        unsigned long sum = 0;
        DWORD i, k = type == SF_NOTIFY_READ_RAW_DATA ? ++ctx->n_read
                                                     : ++ctx->n_send;

        filter_log("GOT ev=%s n=%lu null=%d len=%lu cap=%lu", life_lie_ev(type),
                 (unsigned long)k, p == NULL, (unsigned long)raw->cbInData,
                 (unsigned long)raw->cbInBuffer);
        /* What an innocent filter does: trust cbInData. */
        for (i = 0; i < raw->cbInData; i++) {
            sum += p[i];
        }
        (void)sum;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    Dl_info info;
    const char *name = "";

    if (dladdr((void *)GetFilterVersion, &info) && info.dli_fname) {
        name = strrchr(info.dli_fname, '/');
        name = name ? name + 1 : info.dli_fname;
    }
    if (!strncmp(name, "life_rawread", 12)) {
        life_part = READER;
        filter_log_init("life_rawread");
        life_version(pVer, "life_rawread: reads what it is handed",
                     SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_SEND_RAW_DATA
                     | SF_NOTIFY_PREPROC_HEADERS
                     | SF_NOTIFY_END_OF_NET_SESSION);
    }
    else if (!strncmp(name, "life_rawlie_in", 14)) {
        life_part = LIE_READ;
        filter_log_init("life_rawlie");
        life_version(pVer, "life_rawlie_in: lies in READ_RAW_DATA",
                     SF_NOTIFY_READ_RAW_DATA);
    }
    else {
        life_part = LIE_SEND;
        filter_log_init("life_rawlie");
        life_version(pVer, "life_rawlie: lies in SEND_RAW_DATA",
                     SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA);
    }
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (life_part == READER) {
        return life_reader(pfc, NotificationType, pvNotification);
    }
    return life_liar(pfc, NotificationType, pvNotification);
}
