/*
 * hostile_conn.c: one END_OF_NET_SESSION per connection, whatever the
 * client did (t/security/hostile_clients.t, scenario isf_sec_clients, and
 * t/security/hostile_rawin.t, where it is a global filter).
 *
 * The first notification of a connection (PREPROC_HEADERS, or
 * SEND_RAW_DATA when no request was ever parsed, e.g. for a 400) makes the
 * pFilterContext and appends to t/logs/hostile_conn.log
 *
 *   conn <pid> <seq> <connid> <first event>
 *
 * where seq numbers this process's connections (connection ids may be
 * reused) and connid is SF_REQ_GET_CONNID.  END_OF_NET_SESSION appends
 *
 *   eons <pid> <seq> <connid> requests=<n>     or    eons-unseen <pid>
 *
 * (the latter for a connection that never got as far as a notification).
 * PREPROC_HEADERS answers "X-Conn: <pid> <seq>" and, for the request
 * header "X-Alloc-Kb: n", takes n KiB from AllocMem and writes all of it
 * (memory that must go when the connection does).
 */
#include "hostile.h"

#include <stdlib.h>

#define HN_MAGIC 0x48434f4eu    /* "HCON" */

typedef struct {
    DWORD magic;
    unsigned long seq;
    DWORD connid;
    DWORD requests;
} hn_ctx;

static unsigned long hn_seq;

static hn_ctx *hn_get(HTTP_FILTER_CONTEXT *pfc, const char *first)
{
    hn_ctx *ctx = pfc->pFilterContext;

    if (ctx) {
        return ctx->magic == HN_MAGIC ? ctx : NULL;
    }
    if (!(ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
        return NULL;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->magic = HN_MAGIC;
    ctx->seq = __sync_add_and_fetch(&hn_seq, 1);
    pfc->ServerSupportFunction(pfc, SF_REQ_GET_CONNID, &ctx->connid, 0, 0);
    pfc->pFilterContext = ctx;
    filter_log("conn %ld %lu %lu %s", (long)getpid(), ctx->seq,
                (unsigned long)ctx->connid, first);
    return ctx;
}

static void hn_preproc(HTTP_FILTER_CONTEXT *pfc,
                       HTTP_FILTER_PREPROC_HEADERS *ph)
{
    hn_ctx *ctx = hn_get(pfc, "PREPROC_HEADERS");
    char kb[16], line[128];
    DWORD size = sizeof(kb);
    int n;

    if (!ctx) {
        return;
    }
    ctx->requests++;
    n = snprintf(line, sizeof(line), "X-Conn: %ld %lu\r\n", (long)getpid(),
                 ctx->seq);
    if (ph->GetHeader(pfc, "X-Alloc-Kb:", kb, &size)) {
        DWORD bytes = (DWORD)strtoul(kb, NULL, 10) * 1024;
        void *mem = bytes ? pfc->AllocMem(pfc, bytes, 0) : NULL;

        if (mem) {
            memset(mem, 0x6b, bytes);
        }
        else {
            snprintf(line + n, sizeof(line) - n, "X-Alloc: NULL %lu\r\n",
                     (unsigned long)GetLastError());
        }
    }
    pfc->AddResponseHeaders(pfc, line, 0);
}

static void hn_eons(HTTP_FILTER_CONTEXT *pfc)
{
    hn_ctx *ctx = pfc->pFilterContext;

    if (ctx && ctx->magic == HN_MAGIC) {
        filter_log("eons %ld %lu %lu requests=%lu", (long)getpid(),
                    ctx->seq, (unsigned long)ctx->connid,
                    (unsigned long)ctx->requests);
    }
    else {
        filter_log("eons-unseen %ld", (long)getpid());
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("hostile_conn");
    hostile_version(pVer, "hostile_conn: END_OF_NET_SESSION bookkeeping",
                    SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                    | SF_NOTIFY_END_OF_NET_SESSION);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        hn_preproc(pfc, pvNotification);
        break;
    case SF_NOTIFY_SEND_RAW_DATA:
        hn_get(pfc, "SEND_RAW_DATA");
        break;
    case SF_NOTIFY_END_OF_NET_SESSION:
        hn_eons(pfc);
        break;
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
