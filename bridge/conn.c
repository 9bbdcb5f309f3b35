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
 *                       connection is freed
 *   AllocMem            a sub-pool, freed right after END_OF_NET_SESSION
 *   slots               returned to this process's slot list by the last
 *                       cleanup; after it no pfc of the connection is valid
 *
 * A pfc is valid only on the thread running its filter's notification on
 * its connection (isf_slot_from_pfc), which recycled memory cannot fake.
 * A pfc a filter kept from an ended connection could still coincide with
 * a live slot if its memory were reused at once, so slot blocks are not
 * pool memory: ended ones wait in a first-in, first-out list and are
 * reused only once ISF_SLOT_QUARANTINE others have ended after them.  Their
 * callback pointers stay in place meanwhile, so a filter calling through a
 * kept pfc reaches the bridge and gets FALSE, not a crash.
 */
#include "isf_private.h"

#include <stdlib.h>

#include "apr_atomic.h"
#include "apr_strings.h"
#include "apr_thread_mutex.h"
#include "http_connection.h"
#include "http_ssl.h"

/* Ended slot blocks kept before one is reused. */
#define ISF_SLOT_QUARANTINE 128
/* Ended slot blocks kept at most; more are freed. */
#define ISF_SLOT_KEEP 1024

typedef struct isf_slot_block_t {
    struct isf_slot_block_t *next;
    int n;
    isf_slot_t slots[1];
} isf_slot_block_t;

static struct {
    apr_thread_mutex_t *mutex;  /* NULL before child_init: one thread */
    isf_slot_block_t *head, *tail;
    int count;
} isf_slot_free;

/* c->id is not stable: the event MPM renumbers a connection each time
 * another worker thread picks it up. */
static apr_uint32_t isf_connids;

/* The child is exiting: the waiting blocks go (the module's own memory,
 * which points at them, may be unmapped next). */
static apr_status_t isf_slots_free_all(void *data)
{
    (void)data;
    while (isf_slot_free.count) {
        isf_slot_block_t *b = isf_slot_free.head;
        isf_slot_free.head = b->next;
        isf_slot_free.count--;
        free(b);
    }
    isf_slot_free.head = isf_slot_free.tail = NULL;
    isf_slot_free.mutex = NULL;
    return APR_SUCCESS;
}

void isf_conn_child_init(apr_pool_t *pchild)
{
    if (apr_thread_mutex_create(&isf_slot_free.mutex,
                                APR_THREAD_MUTEX_DEFAULT, pchild)
        != APR_SUCCESS) {
        isf_slot_free.mutex = NULL;
    }
    apr_pool_cleanup_register(pchild, NULL, isf_slots_free_all,
                              apr_pool_cleanup_null);
}

static isf_slot_t *isf_slots_take(int n)
{
    isf_slot_block_t *b = NULL;

    if (isf_slot_free.mutex) {
        apr_thread_mutex_lock(isf_slot_free.mutex);
    }
    if (isf_slot_free.count > ISF_SLOT_QUARANTINE
        && isf_slot_free.head->n == n) {
        b = isf_slot_free.head;
        isf_slot_free.head = b->next;
        isf_slot_free.count--;
    }
    if (isf_slot_free.mutex) {
        apr_thread_mutex_unlock(isf_slot_free.mutex);
    }
    if (!b) {
        b = malloc(APR_OFFSETOF(isf_slot_block_t, slots)
                   + sizeof(isf_slot_t) * (apr_size_t)n);
        if (!b) {
            return NULL;
        }
        b->n = n;
    }
    b->next = NULL;
    return b->slots;
}

static void isf_slots_give(isf_slot_t *slots)
{
    isf_slot_block_t *b = (isf_slot_block_t *)((char *)slots
                              - APR_OFFSETOF(isf_slot_block_t, slots)), *old;
    int i;

    for (i = 0; i < b->n; i++) {
        /* Kept readable, callbacks and all: a filter may still call
         * through a pfc it saved; isf_slot_from_pfc refuses it. */
        b->slots[i].conn = NULL;
        b->slots[i].filter = NULL;
        b->slots[i].pfc.pFilterContext = NULL;
    }
    if (isf_slot_free.mutex) {
        apr_thread_mutex_lock(isf_slot_free.mutex);
    }
    if (isf_slot_free.tail && isf_slot_free.count) {
        isf_slot_free.tail->next = b;
    }
    else {
        isf_slot_free.head = b;
    }
    isf_slot_free.tail = b;
    isf_slot_free.count++;
    old = NULL;
    if (isf_slot_free.count > ISF_SLOT_KEEP) {
        old = isf_slot_free.head;
        isf_slot_free.head = old->next;
        isf_slot_free.count--;
    }
    if (isf_slot_free.mutex) {
        apr_thread_mutex_unlock(isf_slot_free.mutex);
    }
    free(old);
}

static apr_status_t isf_conn_end_session(void *data)
{
    isf_conn_t *ic = data;
    isf_slot_t *cur = isf_cur_slot;
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
            st = isf_call_filter(f, slot, SF_NOTIFY_END_OF_NET_SESSION,
                                 NULL);
            ic->frame = fr.prev;
            ap_log_cerror(APLOG_MARK, APLOG_TRACE5, 0, ic->c,
                          "%s: END_OF_NET_SESSION -> 0x%08lx", f->name,
                          (unsigned long)st);
        }
    }
    isf_cur_slot = cur;
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
    isf_conn_t *ic;
    isf_global_t *g;
    isf_srv_conf *conf;
    int i;

    g = isf_global_get();
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
    conf = ap_get_module_config(c->base_server->module_config,
                                &isapi_filter_module);
    ic->alloc_limit = (apr_size_t)conf->alloc_limit;
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
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ic = slot->conn;
    /* What the pool hands out, not what was asked for: a block is
     * rounded up to APR's alignment. */
    need = APR_ALIGN_DEFAULT((apr_size_t)cbSize);
    if (ic->alloc_limit
        && (need > ic->alloc_limit
            || ic->alloc_used > ic->alloc_limit - need)) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, ic->c, ISFLOGNO(4)
                      "%s: AllocMem(%lu) refused: connection would pass "
                      "ISAPIFilterAllocLimit %lu (%lu in use)",
                      slot->filter ? slot->filter->name : "?",
                      (unsigned long)cbSize, (unsigned long)ic->alloc_limit,
                      (unsigned long)ic->alloc_used);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!ic->alloc_pool
        && apr_pool_create_ex(&ic->alloc_pool, ic->c->pool, isf_alloc_oom,
                              NULL) != APR_SUCCESS) {
        ic->alloc_pool = NULL;
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    mem = apr_palloc(ic->alloc_pool, need);
    if (!mem) {
        ap_log_cerror(APLOG_MARK, APLOG_INFO, APR_ENOMEM, ic->c, ISFLOGNO(42)
                      "%s: AllocMem(%lu): out of memory",
                      slot->filter ? slot->filter->name : "?",
                      (unsigned long)cbSize);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    ic->alloc_used += need;
    return mem;
}
