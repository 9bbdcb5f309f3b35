/*
 * alloc.c: AllocMem.  A connection's blocks come from a sub-pool of
 * c->pool, made on first use, so they live until END_OF_NET_SESSION has
 * run, as IIS promises; what the filters' blocks take is counted against
 * ISAPIFilterAllocLimit, and running out of memory fails the call rather
 * than the process.
 *
 * IIS signed the tail of every AllocMem block and reported a filter that
 * wrote past it; here such a write would land, unseen, in the next
 * allocation of the connection's pool.  So each block is one allocation
 * of
 *
 *     [record][the block: cbSize bytes][slack][ISF_ALLOC_SIG_LEN bytes]
 *
 * where the record (runtime.h) names the filter and the size and links
 * the blocks in the order given, and the slack (the pool's rounding to 8)
 * and the bytes after it hold the signature.  A write past the end lands
 * in the signature, inside the allocation.  When the sub-pool goes, after
 * END_OF_NET_SESSION (where filters may still use their blocks),
 * isf_alloc_end checks every signature and logs each block written past
 * (ISF50).  The record and the signature are the bridge's, not the
 * filter's: the limit counts only the block, rounded to 8, as before.
 *
 * Under ISAPIFilterAllocGuard the blocks are mappings of their own, each
 * against a guard page (alloc_guard.c), with the same records and the
 * same check of the slack before the guard page; isf_alloc_end unmaps
 * them.
 */
#include "runtime/runtime.h"

#include <errno.h>

/* AllocMem's pool answers NULL when memory runs out, rather than
 * aborting the child as Apache's pools do. */
static int isf_alloc_oom(int retcode)
{
    (void)retcode;
    return 0;
}

/* ISF_ALLOC_SIG in every byte of a word. */
#define ISF_ALLOC_SIG64 (0x0101010101010101ULL * ISF_ALLOC_SIG)

/* The signature after a pool block of size bytes rounded to need:
 * [size, need + ISF_ALLOC_SIG_LEN), as two words that overlap when the
 * slack is short, so that it costs two stores and never a loop. */
static APR_INLINE void isf_alloc_sign(unsigned char *mem, apr_size_t size,
                                      apr_size_t need)
{
    const apr_uint64_t sig = ISF_ALLOC_SIG64;

    memcpy(mem + size, &sig, sizeof(sig));
    memcpy(mem + need, &sig, sizeof(sig));
}

static int isf_alloc_signed(const unsigned char *mem, apr_size_t size,
                            apr_size_t need)
{
    apr_uint64_t a, b;

    memcpy(&a, mem + size, sizeof(a));
    memcpy(&b, mem + need, sizeof(b));
    return a == ISF_ALLOC_SIG64 && b == ISF_ALLOC_SIG64;
}

static int isf_alloc_slack_signed(const unsigned char *p, apr_size_t n)
{
    while (n--) {
        if (*p++ != ISF_ALLOC_SIG) {
            return 0;
        }
    }
    return 1;
}

/*
 * The connection's blocks go (their pool's cleanup, after
 * END_OF_NET_SESSION): one line for each a filter wrote past.  A record
 * whose seal is broken was overwritten from the block before it: nothing
 * after it can be found, so the walk stops there and says so.
 */
static apr_status_t isf_alloc_end(void *data)
{
    isf_conn_t *ic = data;
    conn_rec *c = ic->c;
    isf_alloc_rec_t *rec, *next;
    int i;

    for (rec = ic->alloc.first; rec; rec = next) {
        unsigned char *mem;
        int ok;

        if (!isf_alloc_sealed(rec)) {
            ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, ISFLOGNO(53)
                          "the record of an AllocMem block at 0x%pp was "
                          "overwritten (a filter wrote far past the block "
                          "before it): the connection's later blocks are "
                          "not checked%s (connection %ld from %s)",
                          (void *)rec,
                          ic->alloc.guard ? " nor unmapped" : "",
                          c->id, c->client_ip);
            break;
        }
        next = rec->next;
        if (ic->alloc.guard) {
            apr_size_t slack;

            mem = isf_alloc_guard_block(rec, &slack);
            ok = isf_alloc_slack_signed(mem + rec->size, slack);
        }
        else {
            mem = (unsigned char *)(rec + 1);
            ok = isf_alloc_signed(mem, rec->size,
                                  APR_ALIGN_DEFAULT((apr_size_t)rec->size));
        }
        if (!ok) {
            ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, ISFLOGNO(50)
                          "%s: AllocMem block of %lu bytes at 0x%pp written "
                          "past its end (connection %ld from %s, "
                          "SF_REQ_GET_CONNID %lu)",
                          rec->filter ? rec->filter->name : "?",
                          (unsigned long)rec->size, (void *)mem, c->id,
                          c->client_ip, (unsigned long)ic->connid);
        }
        if (ic->alloc.guard) {
            isf_alloc_guard_unmap(rec);
        }
    }
    ic->alloc.first = ic->alloc.last = NULL;
    /* The gauge of bytes in use, from the per-filter totals rather than
     * the records, which a broken seal stops reading above. */
    for (i = 0; ic->alloc.by_filter && i < ic->nslots; i++) {
        if (ic->alloc.by_filter[i]) {
            isf_st_alloc(i, -(apr_int64_t)ic->alloc.by_filter[i]);
            ic->alloc.by_filter[i] = 0;
        }
    }
    return APR_SUCCESS;
}

/* The pool the connection's blocks (or, under the guard, their check)
 * hang on; NULL when it cannot be made. */
static apr_pool_t *isf_alloc_pool(isf_conn_t *ic)
{
    if (!ic->alloc.pool) {
        if (apr_pool_create_ex(&ic->alloc.pool, ic->c->pool, isf_alloc_oom,
                               NULL) != APR_SUCCESS) {
            ic->alloc.pool = NULL;
            return NULL;
        }
        ic->alloc.by_filter = apr_pcalloc(ic->c->pool,
                                          sizeof(apr_size_t)
                                          * (apr_size_t)ic->nslots);
        /* A new pool's first node has room for the cleanup's record. */
        apr_pool_cleanup_register(ic->alloc.pool, ic, isf_alloc_end,
                                  apr_pool_cleanup_null);
    }
    return ic->alloc.pool;
}

void *WINAPI isf_cb_AllocMem(HTTP_FILTER_CONTEXT *pfc, DWORD cbSize,
                             DWORD dwReserved)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);
    isf_conn_t *ic;
    isf_alloc_rec_t *rec, *last;
    apr_size_t need;
    unsigned char *mem;

    (void)dwReserved;
    if (!slot || cbSize == 0) {
        isf_fail(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ic = slot->conn;
    /* What the pool hands out for the block, not what was asked for: a
     * block is rounded up to APR's alignment.  The record and signature
     * are the bridge's and not counted. */
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
    if (!isf_alloc_pool(ic)) {
        isf_fail(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (ic->alloc.guard) {
        rec = isf_alloc_guard_map(cbSize);
        if (!rec) {
            ap_log_cerror(APLOG_MARK, APLOG_INFO, errno, ic->c, ISFLOGNO(52)
                          "%s: AllocMem(%lu): no guard-page mapping for it "
                          "(ISAPIFilterAllocGuard On)",
                          slot->filter ? slot->filter->name : "?",
                          (unsigned long)cbSize);
            isf_fail(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        mem = isf_alloc_guard_block(rec, NULL);
    }
    else {
        /* need < cbSize: the rounding wrapped (a 32-bit apr_size_t). */
        rec = need >= cbSize
              && need <= APR_SIZE_MAX - sizeof(*rec) - ISF_ALLOC_SIG_LEN
              ? apr_palloc(ic->alloc.pool,
                           sizeof(*rec) + need + ISF_ALLOC_SIG_LEN)
              : NULL;
        if (!rec) {
            ap_log_cerror(APLOG_MARK, APLOG_INFO, APR_ENOMEM, ic->c,
                          ISFLOGNO(42) "%s: AllocMem(%lu): out of memory",
                          slot->filter ? slot->filter->name : "?",
                          (unsigned long)cbSize);
            isf_fail(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        mem = (unsigned char *)(rec + 1);
        isf_alloc_sign(mem, cbSize, need);
    }
    rec->next = NULL;
    rec->filter = slot->filter;
    rec->size = cbSize;
    rec->seal = isf_alloc_seal(rec);
    /* Appended, so that the walk meets a block before the records its
     * overrun can reach.  The last record's seal changes by the link
     * alone: were it overwritten, it stays broken (not vouched for). */
    last = ic->alloc.last;
    if (!last) {
        ic->alloc.first = rec;
    }
    else {
        last->next = rec;
        last->seal ^= isf_alloc_seal_next(rec);
    }
    ic->alloc.last = rec;
    ic->alloc.used += need;
    if (slot->filter) {
        ic->alloc.by_filter[slot->filter->idx] += need;
        isf_st_alloc(slot->filter->idx, (apr_int64_t)need);
    }
    return mem;
}
