/*
 * alloc.c: AllocMem.  A connection's blocks come from a sub-pool of
 * c->pool, made on first use, so they live until END_OF_NET_SESSION has
 * run, as IIS promises; what it hands out is counted against
 * ISAPIFilterAllocLimit, and running out of memory fails the call rather
 * than the process.
 */
#include "runtime/runtime.h"

/* AllocMem's pool answers NULL when memory runs out, rather than
 * aborting the child as Apache's pools do. */
static int isf_alloc_oom(int retcode)
{
    (void)retcode;
    return 0;
}

void *WINAPI isf_cb_AllocMem(HTTP_FILTER_CONTEXT *pfc, DWORD cbSize,
                             DWORD dwReserved)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);
    isf_conn_t *ic;
    apr_size_t need;
    void *mem;

    (void)dwReserved;
    if (!slot || cbSize == 0) {
        isf_fail(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ic = slot->conn;
    /* What the pool hands out, not what was asked for: a block is
     * rounded up to APR's alignment. */
    need = APR_ALIGN_DEFAULT((apr_size_t)cbSize);
    if (ic->alloc.limit
        && (need > ic->alloc.limit
            || ic->alloc.used > ic->alloc.limit - need)) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, ic->c, ISFLOGNO(4)
                      "%s: AllocMem(%lu) refused: connection would pass "
                      "ISAPIFilterAllocLimit %lu (%lu in use)",
                      slot->filter ? slot->filter->name : "?",
                      (unsigned long)cbSize, (unsigned long)ic->alloc.limit,
                      (unsigned long)ic->alloc.used);
        isf_fail(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!ic->alloc.pool
        && apr_pool_create_ex(&ic->alloc.pool, ic->c->pool, isf_alloc_oom,
                              NULL) != APR_SUCCESS) {
        ic->alloc.pool = NULL;
        isf_fail(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    mem = apr_palloc(ic->alloc.pool, need);
    if (!mem) {
        ap_log_cerror(APLOG_MARK, APLOG_INFO, APR_ENOMEM, ic->c, ISFLOGNO(42)
                      "%s: AllocMem(%lu): out of memory",
                      slot->filter ? slot->filter->name : "?",
                      (unsigned long)cbSize);
        isf_fail(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    ic->alloc.used += need;
    return mem;
}
