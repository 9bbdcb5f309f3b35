/*
 * conn.c: what a connection carries for its filters.
 *
 * isf_conn_t lives in c->conn_config and is made on first need: by
 * pre_connection when a filter of the connection's server wants
 * END_OF_NET_SESSION (so it fires even when no request ever parses), or by
 * the first request notification.  It holds one slot per loaded filter;
 * the slot's HTTP_FILTER_CONTEXT is what that filter receives, so its
 * pFilterContext is private to it, NULL on a new connection, and kept
 * across keep-alive and pipelined requests, as in IIS.
 *
 * Lifetimes, all tied to c->pool:
 *   END_OF_NET_SESSION  a pre-cleanup, so it runs exactly once, when the
 *                       connection goes away for any reason (close, abort,
 *                       timeout, shutdown), before anything else of the
 *                       connection is freed (dispatch.c raises it)
 *   AllocMem            a sub-pool (alloc.c), freed right after
 *                       END_OF_NET_SESSION, its blocks' signatures
 *                       checked first (and, under ISAPIFilterAllocGuard,
 *                       their mappings unmapped)
 *   slots               given back to this process's slot pool by the last
 *                       cleanup (slot_pool.c); after it no pfc of the
 *                       connection is valid
 */
#include "runtime/runtime.h"

#include "apr_atomic.h"
#include "http_connection.h"
#include "http_ssl.h"

/* c->id is not stable: the event MPM renumbers a connection each time
 * another worker thread picks it up. */
static apr_uint32_t isf_connids;

static apr_status_t isf_conn_end_session(void *data)
{
    isf_conn_t *ic = data;

    ic->closing = 1;
    isf_dispatch_session(ic);
    return APR_SUCCESS;
}

/* The last of the connection: its slots go back, so every pfc of it is
 * refused from now on. */
static apr_status_t isf_conn_release(void *data)
{
    isf_conn_t *ic = data;

    ic->out_rq = NULL;
    isf_slots_give(ic->slots);
    ic->slots = NULL;
    ic->nslots = 0;
    return APR_SUCCESS;
}

isf_conn_t *isf_conn_make(conn_rec *c)
{
    const isf_global_t *g = isf_g;
    isf_conn_t *ic;
    isf_srv_conf *conf;
    int i;

    if (!g || !g->filters->nelts) {
        return NULL;
    }
    ic = apr_pcalloc(c->pool, sizeof(*ic));
    ic->slots = isf_slots_take(g->filters->nelts);
    if (!ic->slots) {
        ap_log_cerror(APLOG_MARK, APLOG_ERR, APR_ENOMEM, c, ISFLOGNO(41)
                      "no memory for the filters' contexts: the "
                      "connection runs without filters");
        return NULL;
    }
    ic->c = c;
    ic->connid = apr_atomic_inc32(&isf_connids) + 1;
    ic->secure = ap_ssl_conn_is_ssl(c->master ? c->master : c) ? 1 : 0;
    conf = isf_srv_conf_of(c->base_server);
    ic->alloc.limit = (apr_size_t)conf->alloc_limit;
    ic->alloc.guard = conf->alloc_guard;
    ic->nslots = g->filters->nelts;
    for (i = 0; i < ic->nslots; i++) {
        isf_slot_t *slot = &ic->slots[i];
        memset(slot, 0, sizeof(*slot));
        slot->pfc.cbSize = sizeof(HTTP_FILTER_CONTEXT);
        slot->pfc.Revision = ISF_SERVER_REVISION;
        slot->pfc.ServerContext = slot;
        slot->pfc.fIsSecurePort = ic->secure;
        isf_slot_init_callbacks(&slot->pfc);
        slot->conn = ic;
    }
    ap_set_module_config(c->conn_config, &isapi_filter_module, ic);
    /* Cleanups run last registered first: the slots go back after
     * everything else registered later on c->pool. */
    apr_pool_cleanup_register(c->pool, ic, isf_conn_release,
                              apr_pool_cleanup_null);
    apr_pool_pre_cleanup_register(c->pool, ic, isf_conn_end_session);
    return ic;
}

/*
 * The filters of ch take part in this connection from now on (they get
 * END_OF_NET_SESSION).  Until a request names its virtual host, only the
 * global ones do when several name-based hosts share the address: a site
 * filter never hears of another site's traffic.
 */
void isf_conn_join(isf_conn_t *ic, const isf_chain_t *ch, int global_only)
{
    int i;

    if (ic->joined == ch) {
        /* Every request of a keep-alive connection to the same host. */
        return;
    }
    if (!global_only) {
        ic->joined = ch;
    }
    for (i = 0; i < ch->all->nelts; i++) {
        isf_filter_t *f = APR_ARRAY_IDX(ch->all, i, isf_filter_t *);
        if (global_only && f->site) {
            continue;
        }
        if (f->idx < ic->nslots) {
            ic->slots[f->idx].filter = f;
        }
    }
}
