/*
 * soak_passthru.c: the soak test's all-events pass-through filter.
 *
 * Registers every notification the bridge raises, READ_RAW_DATA and
 * SEND_RAW_DATA included (so it must be a global filter), and passes
 * every one on unchanged.  On the first notification of a connection it
 * takes one 64-byte block from AllocMem into pFilterContext; it never
 * allocates again on that connection.  That makes AllocMem use
 * observable from outside:
 *
 *   X-Soak-Ctx: <n> <live>
 *
 * is added to every response (SEND_RESPONSE), where <n> is the number of
 * responses this connection's block has counted (1, 2, 3, ... on one
 * keep-alive connection: the same block is handed back on every request,
 * so no request allocates) and <live> is how many such blocks the serving
 * process holds (connections that allocated and have not yet ended, i.e.
 * not yet seen END_OF_NET_SESSION).  <live> can never exceed the
 * process's open connections; if pFilterContext were lost between
 * requests, <n> would restart at 1 and <live> would grow.
 */
#include "filter_util.h"

#define SOAK_MAGIC 0x534f414bu   /* "SOAK" */
#define SOAK_BLOCK 64

typedef struct {
    DWORD magic;
    DWORD responses;
    DWORD ended;
    char pad[SOAK_BLOCK - 3 * sizeof(DWORD)];
} soak_ctx_t;

typedef char soak_block_size_check[sizeof(soak_ctx_t) == SOAK_BLOCK ? 1 : -1];

static long live_blocks;    /* per process; atomics for threaded MPMs */

static const char desc[] = "soak passthru: every event, AllocMem(64) once per connection";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    return filter_version(pVer, desc, FILTER_EVERY_EVENT);
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    soak_ctx_t *x = pfc->pFilterContext;
    enum filter_ctx_state st;

    if (NotificationType == SF_NOTIFY_END_OF_NET_SESSION) {
        if (x && x->magic == SOAK_MAGIC && !x->ended) {
            x->ended = 1;
            __atomic_sub_fetch(&live_blocks, 1, __ATOMIC_RELAXED);
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!(x = filter_ctx(pfc, SOAK_BLOCK, SOAK_MAGIC, &st))) {
        if (st == FILTER_CTX_FOREIGN) {
            SetLastError(ERROR_INVALID_PARAMETER);  /* someone overwrote our block */
        }
        return SF_STATUS_REQ_ERROR;
    }
    if (st == FILTER_CTX_NEW) {
        __atomic_add_fetch(&live_blocks, 1, __ATOMIC_RELAXED);
    }
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *sr = pvNotification;
        char val[48];
        x->responses++;
        snprintf(val, sizeof(val), "%lu %ld", (unsigned long)x->responses,
                 __atomic_load_n(&live_blocks, __ATOMIC_RELAXED));
        sr->AddHeader(pfc, "X-Soak-Ctx:", val);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
