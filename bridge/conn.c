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
 * END_OF_NET_SESSION is a cleanup on c->pool: it runs exactly once, when
 * the connection goes away for any reason (client close, abort, timeout,
 * shutdown).  AllocMem takes from c->pool too, so its blocks stay valid
 * through END_OF_NET_SESSION and are freed right after it.
 */
#include "isf_private.h"

#include "apr_atomic.h"
#include "apr_strings.h"
#include "http_connection.h"
#include "http_ssl.h"

/* c->id is not stable: the event MPM renumbers a connection each time
 * another worker thread picks it up. */
static apr_uint32_t isf_connids;

static apr_status_t isf_conn_cleanup(void *data)
{
    isf_conn_t *ic = data;
    isf_frame_t fr;
    int i;

    ic->closing = 1;
    memset(&fr, 0, sizeof(fr));
    fr.event = SF_NOTIFY_END_OF_NET_SESSION;
    for (i = 0; i < ic->nslots; i++) {
        isf_slot_t *slot = &ic->slots[i];
        isf_filter_t *f = slot->filter;
        DWORD port = ic->secure ? SF_NOTIFY_SECURE_PORT
                                : SF_NOTIFY_NONSECURE_PORT;
        if (f && (f->events & SF_NOTIFY_END_OF_NET_SESSION)
            && (f->ports & port)) {
            DWORD st;
            fr.prev = ic->frame;
            ic->frame = &fr;
            SetLastError(0);
            st = f->proc(&slot->pfc, SF_NOTIFY_END_OF_NET_SESSION, NULL);
            ic->frame = fr.prev;
            ap_log_cerror(APLOG_MARK, APLOG_TRACE5, 0, ic->c,
                          "%s: END_OF_NET_SESSION -> 0x%08lx", f->name,
                          (unsigned long)st);
        }
    }
    return APR_SUCCESS;
}

isf_conn_t *isf_conn_make(conn_rec *c)
{
    isf_conn_t *ic;
    isf_global_t *g;
    isf_srv_conf *conf;
    int i;

    g = isf_global_get();
    if (!g || !g->filters->nelts) {
        return NULL;
    }
    ic = apr_pcalloc(c->pool, sizeof(*ic));
    ic->c = c;
    ic->connid = apr_atomic_inc32(&isf_connids) + 1;
    ic->secure = ap_ssl_conn_is_ssl(c->master ? c->master : c) ? 1 : 0;
    conf = ap_get_module_config(c->base_server->module_config,
                                &isapi_filter_module);
    ic->alloc_limit = (apr_size_t)conf->alloc_limit;
    ic->nslots = g->filters->nelts;
    ic->slots = apr_pcalloc(c->pool, sizeof(isf_slot_t) * ic->nslots);
    for (i = 0; i < ic->nslots; i++) {
        isf_slot_t *slot = &ic->slots[i];
        slot->pfc.cbSize = sizeof(HTTP_FILTER_CONTEXT);
        slot->pfc.Revision = ISF_SERVER_REVISION;
        slot->pfc.ServerContext = slot;
        slot->pfc.fIsSecurePort = ic->secure;
        isf_slot_init_callbacks(&slot->pfc);
        slot->magic = ISF_SLOT_MAGIC;
        slot->conn = ic;
    }
    ap_set_module_config(c->conn_config, &isapi_filter_module, ic);
    apr_pool_cleanup_register(c->pool, ic, isf_conn_cleanup,
                              apr_pool_cleanup_null);
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

void *WINAPI isf_cb_AllocMem(HTTP_FILTER_CONTEXT *pfc, DWORD cbSize,
                             DWORD dwReserved)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);
    isf_conn_t *ic;
    void *mem;

    (void)dwReserved;
    if (!slot || cbSize == 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ic = slot->conn;
    if (ic->alloc_limit
        && (cbSize > ic->alloc_limit
            || ic->alloc_used > ic->alloc_limit - cbSize)) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, ic->c, ISFLOGNO(4)
                      "%s: AllocMem(%lu) refused: connection would pass "
                      "ISAPIFilterAllocLimit %lu (%lu in use)",
                      slot->filter ? slot->filter->name : "?",
                      (unsigned long)cbSize, (unsigned long)ic->alloc_limit,
                      (unsigned long)ic->alloc_used);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    mem = apr_palloc(ic->c->pool, cbSize);
    ic->alloc_used += cbSize;
    return mem;
}
