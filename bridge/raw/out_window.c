/*
 * out_window.c: where a SEND_RAW_DATA window is made and raised.
 *
 * A window is the serving thread's buffer (runtime/thread.c) for the
 * nesting level of the call, taken when the first bytes to raise arrive;
 * the filter copies bytes into it (out_filter.c, out_file.c reading a
 * file) or points it into a file's mapping (out_file.c).  isf_raw_notify
 * raises it down the chain of whoever owns the bytes, scrubbing what
 * another site left in the buffer first, and reads the filters' outcome
 * back without trusting their lengths; isf_raw_send_window queues that
 * outcome, and isf_raw_push passes what is queued down in one pass.
 */
#include "raw/raw_out.h"

/* ISAPIFilterWindowSize of the server that accepted c. */
static apr_size_t isf_raw_window_size(conn_rec *c)
{
    return (apr_size_t)isf_srv_conf_of(c->base_server)->window;
}

apr_status_t isf_raw_window_take(conn_rec *c, isf_raw_out_t *ro,
                                        isf_win_t *w, int level)
{
    isf_thread_window(w, level, isf_raw_window_size(c), ro->ic->connid);
    if (!w->buf) {
        ap_log_cerror(APLOG_MARK, APLOG_ERR, APR_ENOMEM, c, ISFLOGNO(45)
                      "SEND_RAW_DATA: no memory for a window; closing");
        c->keepalive = AP_CONN_CLOSE;
        return APR_ENOMEM;
    }
    return APR_SUCCESS;
}

/*
 * Whose filters see the bytes going out now.  The one rule: a request's
 * response, from its head (bound by the head filter, a filter's own head
 * or its WriteClient) to its EOR, belongs to the request's site; every
 * other byte (an interim 100 Continue, whatever goes out between
 * responses or before a request named its site) belongs to no site and
 * is seen by the global filters only.  Never the connection's default
 * host: with name-based hosts that is someone else's site.
 */
static const isf_chain_t *isf_raw_chain(isf_conn_t *ic)
{
    return ic->out_rq ? ic->out_rq->chain : isf_g->global;
}

int isf_raw_interested(isf_conn_t *ic)
{
    const isf_chain_t *ch = isf_raw_chain(ic);
    int n = ch->n[ic->secure][ISF_EV_SEND_RAW_DATA], i;

    for (i = 0; i < n; i++) {
        if (!isf_frame_filter_disabled(ic->out_rq,
                                       ch->ev[ic->secure]
                                             [ISF_EV_SEND_RAW_DATA][i],
                                       SF_NOTIFY_SEND_RAW_DATA)) {
            return 1;
        }
    }
    return 0;
}

void isf_raw_take_pending_all(isf_raw_out_t *ro)
{
    apr_bucket *e;

    for (e = APR_BRIGADE_FIRST(ro->pend_bb);
         e != APR_BRIGADE_SENTINEL(ro->pend_bb); e = APR_BUCKET_NEXT(e)) {
        isf_raw_count(ro, e);
    }
    APR_BRIGADE_CONCAT(ro->out_bb, ro->pend_bb);
}

apr_status_t isf_raw_push(ap_filter_t *f, isf_raw_out_t *ro)
{
    apr_status_t rv;

    isf_raw_take_pending(ro);
    ro->held = 0;
    if (APR_BRIGADE_EMPTY(ro->out_bb)) {
        return APR_SUCCESS;
    }
    rv = ap_pass_brigade(f->next, ro->out_bb);
    apr_brigade_cleanup(ro->out_bb);
    return rv;
}

void isf_raw_orig_keep(isf_raw_out_t *ro, const isf_win_t *w, apr_bucket *e,
                       const char *data)
{
    /* One at a time: a nested call's window takes over from the outer
     * one's, which then goes down as a copy. */
    isf_raw_orig_drop(ro, NULL);
    ro->orig = e;
    ro->orig_w = w;
    ro->orig_data = data;
}

void isf_raw_orig_forget(isf_raw_out_t *ro)
{
    apr_bucket_destroy(ro->orig);
    ro->orig = NULL;
    ro->orig_w = NULL;
}

apr_status_t isf_raw_pass_bucket(ap_filter_t *f, isf_raw_out_t *ro,
                                 apr_bucket *e)
{
    isf_raw_queue(ro, e);
    return isf_raw_push(f, ro);
}

void isf_raw_notify(isf_conn_t *ic, isf_win_t *w, const char **data,
                    apr_size_t *len)
{
    HTTP_FILTER_RAW_DATA raw;
    isf_frame_t fr;
    isf_result_e res;
    DWORD err = 0;

    const isf_chain_t *ch = isf_raw_chain(ic);

    /* Another owner's bytes may be in this buffer past the new ones: a
     * site filter must find none of them, nor anything the last owner's
     * filters wrote there (the global filters see every site anyway, so
     * for them the bytes that owner passed on are enough to clear). */
    if (w->owner != ch && ch->site_raw) {
        isf_win_scrub(w);
    }
    isf_win_own(w, ch);
    raw.pvInData = w->buf;
    raw.cbInData = (DWORD)w->len;
    raw.cbInBuffer = (DWORD)w->cap;
    raw.dwReserved = 0;
    fr = isf_frame_make(SF_NOTIFY_SEND_RAW_DATA,
                        ic->out_rq ? ic->out_rq->r : NULL, ic->out_rq,
                        ISF_HDRS_NONE);
    fr.win = w;
    res = isf_dispatch_run(ic, ch, &fr, &raw, &err);
    isf_win_expose(w);
    w->len = 0;
    if (!isf_win_outcome(w, &raw, data, len)) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, ic->c, ISFLOGNO(12)
                      "SEND_RAW_DATA: a filter's cbInData (%lu) exceeded "
                      "its buffer; passing %lu bytes",
                      (unsigned long)raw.cbInData, (unsigned long)*len);
    }
    isf_win_claim(w, *data, *len);
    if (res == ISF_FINISHED || res == ISF_FINISHED_KEEP
        || res == ISF_FAILED) {
        /* The filter ended the connection: nothing more goes out. */
        ic->raw_dead = 1;
        ic->c->keepalive = AP_CONN_CLOSE;
    }
}

apr_status_t isf_raw_raise_window(ap_filter_t *f, isf_raw_out_t *ro,
                                  isf_win_t *w)
{
    const char *data;
    apr_size_t len;

    isf_raw_notify(ro->ic, w, &data, &len);
    if (ro->orig && ro->orig_w == w) {
        apr_bucket *o = ro->orig;

        ro->orig = NULL;
        ro->orig_w = NULL;
        /* Unchanged: at the window's start, as long, and (a filter may
         * write in place without moving pvInData) the same bytes. */
        if (len && data == w->buf && len == o->length
            && !memcmp(data, ro->orig_data, len)) {
            isf_raw_queue(ro, o);
            return APR_SUCCESS;
        }
        apr_bucket_destroy(o);
    }
    if (!len) {
        return APR_SUCCESS;
    }
    /* Transient: the window is reused once the next filter returns, and
     * a filter below that keeps the bytes must set them aside (copy). */
    isf_raw_queue(ro, apr_bucket_transient_create(data, len,
                                                  ro->ic->c->bucket_alloc));
    if (!isf_win_holds(w, data)) {
        /* A filter's own memory, which it may reuse from its next
         * notification on, of whatever kind: down now. */
        return isf_raw_push(f, ro);
    }
    /* In the window: it waits for what follows it in this call (the
     * response's EOS, its FLUSH) until the window is written again. */
    ro->held = 1;
    return APR_SUCCESS;
}

apr_status_t isf_raw_send_heap(ap_filter_t *f, isf_raw_out_t *ro,
                               apr_bucket *e)
{
    apr_bucket_heap *h = e->data;
    char *base = h->base + e->start;
    apr_size_t room = h->alloc_len - (apr_size_t)e->start - e->length;
    apr_size_t most = isf_raw_window_size(ro->ic->c) - e->length;
    const char *data;
    apr_size_t len;
    apr_status_t rv;
    isf_win_t hw;

    /* Room past the bytes, for a filter that adds to them in place: some
     * of the bucket's spare memory, zeroed (allocator memory may hold an
     * earlier connection's bytes), no more than the window would give. */
    if (room > ISF_RAW_HEAP_ROOM) {
        room = ISF_RAW_HEAP_ROOM;
    }
    if (room > most) {
        room = most;
    }
    isf_win_init(&hw, base, e->length + room);
    hw.len = e->length;
    /* The room, zeroed by isf_win_scrub: libc's memset (inlined here, it
     * is a byte-wise rep stos). */
    isf_win_expose(&hw);
    isf_win_scrub(&hw);
    isf_raw_notify(ro->ic, &hw, &data, &len);
    if (len && isf_win_holds(&hw, data)) {
        /* In the bucket's memory, edited in place or not, maybe a
         * prefix skipped or the end cut (isf_win_outcome kept it within
         * the bucket): e, narrowed to it. */
        e->start += data - base;
        e->length = len;
        isf_raw_queue(ro, e);
        return APR_SUCCESS;
    }
    if (!len) {
        apr_bucket_destroy(e);
        return APR_SUCCESS;
    }
    /* A filter's own memory, which it may reuse: down now.  e is freed
     * only after: a pointer outside the window may still be inside e's
     * allocation (a filter that stepped past cbInBuffer, or back before
     * its bytes), and the transient must not point into freed memory. */
    isf_raw_queue(ro, apr_bucket_transient_create(data, len,
                                                  ro->ic->c->bucket_alloc));
    rv = isf_raw_push(f, ro);
    apr_bucket_destroy(e);
    return rv;
}
