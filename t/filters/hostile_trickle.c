/*
 * hostile_trickle.c: READ_RAW_DATA holding a request head that arrives a
 * byte at a time (t/security/hostile_rawin.t; a global filter, as
 * READ_RAW_DATA filters must be).
 *
 * READ_RAW_DATA counts its notifications in pFilterContext and answers
 * SF_STATUS_REQ_READ_NEXT until the bytes held contain the blank line
 * that ends a head, so Apache gets each head in one piece however it was
 * sent.  PREPROC_HEADERS answers "X-Raw-Reads: <notifications so far on
 * this connection>" and "X-Saw-Slow: <the request's X-Slow header>".
 */
#include "hostile.h"

#define HT_MAGIC 0x48545249u    /* "HTRI" */

typedef struct {
    DWORD magic;
    DWORD reads;
} ht_ctx;

static ht_ctx *ht_get(HTTP_FILTER_CONTEXT *pfc)
{
    ht_ctx *ctx = pfc->pFilterContext;

    if (!ctx && (ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
        ctx->magic = HT_MAGIC;
        ctx->reads = 0;
        pfc->pFilterContext = ctx;
    }
    return ctx && ctx->magic == HT_MAGIC ? ctx : NULL;
}

/* Does data[0..len) hold CRLF CRLF? */
static int ht_head_done(const char *data, DWORD len)
{
    DWORD i;

    for (i = 3; i < len; i++) {
        if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n'
            && data[i - 3] == '\r') {
            return 1;
        }
    }
    return 0;
}

static DWORD ht_raw(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    ht_ctx *ctx = ht_get(pfc);

    if (ctx) {
        ctx->reads++;
    }
    if (raw->pvInData && !ht_head_done(raw->pvInData, raw->cbInData)) {
        return SF_STATUS_REQ_READ_NEXT;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static void ht_preproc(HTTP_FILTER_CONTEXT *pfc,
                       HTTP_FILTER_PREPROC_HEADERS *ph)
{
    ht_ctx *ctx = ht_get(pfc);
    char slow[64], line[160];
    DWORD size = sizeof(slow);

    if (!ph->GetHeader(pfc, "X-Slow:", slow, &size)) {
        strcpy(slow, "-");
    }
    snprintf(line, sizeof(line), "X-Raw-Reads: %lu\r\nX-Saw-Slow: %s\r\n",
             ctx ? (unsigned long)ctx->reads : 0UL, slow);
    pfc->AddResponseHeaders(pfc, line, 0);
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    hostile_version(pVer, "hostile_trickle: READ_NEXT until the head ends",
                    SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_READ_RAW_DATA) {
        return ht_raw(pfc, pvNotification);
    }
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        ht_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
