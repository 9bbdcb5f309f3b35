/*
 * lim_overrun.c: a filter that writes past its AllocMem blocks
 * (t/limits/alloc_overrun.t, scenario isf_lim_overrun; t/limits/
 * alloc_guard.t, throwaway servers with ISAPIFilterAllocGuard On).
 *
 * PREPROC_HEADERS reads the request header X-Overrun, a comma-separated
 * list of up to 16 SIZE+OVER, calls AllocMem(SIZE) for each item, and
 * when all are made writes SIZE + OVER bytes of 0x5A from each block's
 * start, in order (OVER 0: a well-behaved filter).  An item ending in "@s" is written in
 * END_OF_NET_SESSION instead (up to 8 such items, kept in a context block
 * of its own, itself from AllocMem), where the filter also checks that
 * the block still holds what PREPROC_HEADERS put in it.  It answers
 * (AddResponseHeaders)
 *   X-Overrun-Result: <block address, as %p, or NULL:<GetLastError>>,...
 *   X-Overrun-Connid: <SF_REQ_GET_CONNID>
 * and logs "<connid> END_OF_NET_SESSION <ok|changed>" to
 * t/logs/lim_overrun.log after its END_OF_NET_SESSION writes.
 */
#include "lim.h"

#include <stdlib.h>

#define LO_LATE_MAX 8
#define LO_ITEMS 16

typedef struct {
    int n;
    struct {
        unsigned char *mem;
        unsigned long size, write;
    } late[LO_LATE_MAX];
} lo_ctx_t;

static DWORD lo_connid(HTTP_FILTER_CONTEXT *pfc)
{
    DWORD id = 0;

    pfc->ServerSupportFunction(pfc, SF_REQ_GET_CONNID, &id, 0, 0);
    return id;
}

static DWORD lo_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char spec[256], out[512], line[700], *p, *end;
    DWORD size = sizeof(spec);
    size_t used = 0;
    lo_ctx_t *ctx = pfc->pFilterContext;
    struct {
        unsigned char *mem;
        unsigned long write;
    } now[LO_ITEMS];
    int n = 0, i;

    if (!ph->GetHeader(pfc, "X-Overrun:", spec, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    out[0] = '\0';
    for (p = spec; *p && used < sizeof(out) && n < LO_ITEMS; p = end) {
        unsigned long sz = strtoul(p, &end, 10), over = 0;
        unsigned char *mem;
        int late = 0;

        if (end == p) {
            break;
        }
        if (*end == '+') {
            p = end + 1;
            over = strtoul(p, &end, 10);
        }
        if (end[0] == '@' && end[1] == 's') {
            late = 1;
            end += 2;
        }
        SetLastError(0);
        mem = pfc->AllocMem(pfc, (DWORD)sz, 0);
        if (!mem) {
            used += (size_t)snprintf(out + used, sizeof(out) - used,
                                     "%sNULL:%lu", used ? "," : "",
                                     (unsigned long)GetLastError());
        }
        else {
            used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%p",
                                     used ? "," : "", (void *)mem);
            if (late) {
                if (!ctx) {
                    ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
                    if (ctx) {
                        memset(ctx, 0, sizeof(*ctx));
                    }
                    pfc->pFilterContext = ctx;
                }
                if (ctx && ctx->n < LO_LATE_MAX) {
                    memset(mem, 0x33, sz);
                    ctx->late[ctx->n].mem = mem;
                    ctx->late[ctx->n].size = sz;
                    ctx->late[ctx->n].write = sz + over;
                    ctx->n++;
                }
            }
            else {
                now[n].mem = mem;
                now[n].write = sz + over;
                n++;
            }
        }
        while (*end == ',' || *end == ' ') {
            end++;
        }
    }
    for (i = 0; i < n; i++) {
        memset(now[i].mem, 0x5A, now[i].write);
    }
    snprintf(line, sizeof(line), "X-Overrun-Result: %s\r\n"
             "X-Overrun-Connid: %lu\r\n", out,
             (unsigned long)lo_connid(pfc));
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

/* The blocks kept for the end of the connection: still as they were
 * left, and written (past their end, if so asked) now. */
static void lo_session(HTTP_FILTER_CONTEXT *pfc)
{
    lo_ctx_t *ctx = pfc->pFilterContext;
    int i, same = 1;

    if (!ctx) {
        return;
    }
    for (i = 0; i < ctx->n; i++) {
        unsigned long k;

        for (k = 0; k < ctx->late[i].size; k++) {
            if (ctx->late[i].mem[k] != 0x33) {
                same = 0;
            }
        }
    }
    for (i = 0; i < ctx->n; i++) {
        memset(ctx->late[i].mem, 0x5A, ctx->late[i].write);
    }
    filter_log("%lu END_OF_NET_SESSION %s", (unsigned long)lo_connid(pfc),
               same ? "ok" : "changed");
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("lim_overrun");
    lim_version(pVer, "lim_overrun: writes past AllocMem blocks",
                SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_END_OF_NET_SESSION);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return lo_preproc(pfc, pvNotification);
    case SF_NOTIFY_END_OF_NET_SESSION:
        lo_session(pfc);
        break;
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
