/*
 * request.c: a request's bridge state, from its making to its end.
 *
 * One isf_req_t per request, made by PREPROC_HEADERS' hook for the
 * original request and kept in its request_config; internal redirects
 * share it, sub-requests reach it through r->main.  It lives on the
 * request's pool (on the heap in the sanitizer build, freed with it).
 *
 * While its response goes out, the connection's raw bytes are bound to it
 * (isf_conn_bind_out), so its site's filters see them; the binding never
 * outlives the request.  END_OF_REQUEST is raised here, once per request,
 * by whichever of its callers comes first.
 */
#include "runtime/runtime.h"

#include <stdlib.h>

isf_req_t *isf_req_find(request_rec *r)
{
    while (r) {
        isf_req_t *rq = ap_get_module_config(r->request_config,
                                             &isapi_filter_module);
        if (rq) {
            return rq;
        }
        r = r->main ? r->main : r->prev;
    }
    return NULL;
}

/* The end of r's pool: the connection stops pointing at the request. */
static apr_status_t isf_req_unbind(void *data)
{
    isf_req_t *rq = data;

    if (rq->conn->out_rq == rq) {
        rq->conn->out_rq = NULL;
    }
    return APR_SUCCESS;
}

void isf_conn_bind_out(isf_conn_t *ic, isf_req_t *rq)
{
    if (rq && !rq->bound) {
        rq->bound = 1;
#if !ISF_ASAN
        apr_pool_cleanup_register(rq->r->pool, rq, isf_req_unbind,
                                  apr_pool_cleanup_null);
#endif
    }
    ic->out_rq = rq;
}

#if ISF_ASAN
/* The sanitizer build keeps request state on the heap and frees it with
 * the request's pool, so any use after the request ended is reported
 * (ASan cannot see inside APR's pools). */
static apr_status_t isf_req_free(void *data)
{
    isf_req_unbind(data);
    free(data);
    return APR_SUCCESS;
}
#endif

isf_req_t *isf_req_make(request_rec *r, isf_conn_t *ic,
                        const isf_chain_t *ch)
{
#if ISF_ASAN
    isf_req_t *rq = malloc(sizeof(*rq));

    apr_pool_cleanup_register(r->pool, rq, isf_req_free,
                              apr_pool_cleanup_null);
#else
    isf_req_t *rq = apr_palloc(r->pool, sizeof(*rq));
#endif

    *rq = (isf_req_t){ .r = r, .conn = ic, .chain = ch, .head_clen = -1 };
    ap_set_module_config(r->request_config, &isapi_filter_module, rq);
    return rq;
}

/*
 * The filter of slot idx wants bits off for the rest of the request.  The
 * mask is kept twice: what the dispatch loop reads (with the per-URL
 * setting, perurl.c), and, in the second half, the filters' own choices,
 * which a later per-URL setting (an internal redirect's) never undoes.
 */
void isf_req_disable(isf_req_t *rq, int idx, DWORD bits)
{
    const int n = isf_g->filters->nelts;

    if (!rq->disabled) {
        rq->disabled = apr_pcalloc(rq->r->pool, 2 * n * sizeof(DWORD));
    }
    rq->disabled[idx] |= bits;
    rq->disabled[n + idx] |= bits;
}

void isf_req_end(request_rec *r, isf_req_t *rq)
{
    const isf_chain_t *ch;
    isf_frame_t fr;
    DWORD err = 0;

    if (rq->end_done) {
        return;
    }
    rq->end_done = 1;
    if (!(ch = isf_req_wants(&rq, r, SF_NOTIFY_END_OF_REQUEST))) {
        return;
    }
    fr = isf_frame_make(SF_NOTIFY_END_OF_REQUEST, r, rq, ISF_HDRS_NONE);
    isf_dispatch_run(rq->conn, ch, &fr, NULL, &err);
}
