/*
 * rawin_readsize.c: SF_REQ_SET_NEXT_READ_SIZE seen from a READ_RAW_DATA
 * filter (t/raw/read_raw_data.t).  A global filter.
 *
 * On a connection's first READ_RAW_DATA it asks for a next read of 5
 * bytes (after checking that a size of 0 is refused), and it records the
 * cbInData of every notification.  PREPROC_HEADERS reports, as response
 * headers,
 *   X-Rawin-Reads: 26,5,40,...   every read so far on this connection
 *   X-Rawin-Set: zero=<FALSE:GetLastError|TRUE> five=<TRUE|FALSE:error>
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

#define RS_MAX 64

static const char rs_desc[] = "rawin_readsize: SET_NEXT_READ_SIZE";

typedef struct {
    unsigned int n;
    DWORD size[RS_MAX];
    char set[64];
} rs_ctx;

static rs_ctx *rs_get(HTTP_FILTER_CONTEXT *pfc)
{
    if (!pfc->pFilterContext) {
        rs_ctx *ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (ctx) {
            memset(ctx, 0, sizeof(*ctx));
        }
        pfc->pFilterContext = ctx;
    }
    return pfc->pFilterContext;
}

static void rs_result(char *out, size_t cap, BOOL ok)
{
    if (ok) {
        snprintf(out, cap, "TRUE");
    }
    else {
        snprintf(out, cap, "FALSE:%lu", (unsigned long)GetLastError());
    }
}

static DWORD rs_read_raw(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    rs_ctx *ctx = rs_get(pfc);
    char zero[24], five[24];

    if (!ctx) {
        return SF_STATUS_REQ_ERROR;
    }
    if (ctx->n == 0) {
        rs_result(zero, sizeof(zero), pfc->ServerSupportFunction(
                      pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, 0, 0));
        rs_result(five, sizeof(five), pfc->ServerSupportFunction(
                      pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, 5, 0));
        snprintf(ctx->set, sizeof(ctx->set), "zero=%s five=%s", zero, five);
    }
    if (ctx->n < RS_MAX) {
        ctx->size[ctx->n++] = raw->cbInData;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD rs_preproc(HTTP_FILTER_CONTEXT *pfc)
{
    rs_ctx *ctx = rs_get(pfc);
    char line[RS_MAX * 12 + 128];
    size_t o;
    unsigned int i;

    if (!ctx) {
        return SF_STATUS_REQ_ERROR;
    }
    o = (size_t)snprintf(line, sizeof(line), "X-Rawin-Reads: ");
    for (i = 0; i < ctx->n; i++) {
        o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%lu",
                              i ? "," : "", (unsigned long)ctx->size[i]);
    }
    snprintf(line + o, sizeof(line) - o, "\r\nX-Rawin-Set: %s\r\n",
             ctx->set);
    if (!pfc->AddResponseHeaders(pfc, line, 0)) {
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, rs_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_READ_RAW_DATA:
        return rs_read_raw(pfc, pvNotification);
    case SF_NOTIFY_PREPROC_HEADERS:
        return rs_preproc(pfc);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
