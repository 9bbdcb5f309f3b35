/*
 * out_filter.c: ISAPI_FILTER_RAW_OUT, outgoing bytes through SEND_RAW_DATA.
 *
 * ISAPI_FILTER_RAW_OUT, per brigade:
 *   data       read a bucket at a time (non-blocking first; on EAGAIN the
 *              window goes down with a FLUSH, then a blocking read), copied
 *              into the thread's window buffer (out_window.c); a full window
 *              is raised as SEND_RAW_DATA (highest priority last) and what
 *              the filters leave is passed down as a transient bucket
 *   files      (out_file.c) a FILE bucket of at least a window, with
 *              EnableMMAP on: mapped privately a piece at a time and
 *              raised window by window in place, no copy; what the
 *              filters leave in place goes down once per piece.  Smaller
 *              files, EnableMMAP Off, a failed mmap, or filters that write
 *              to the mapping or replace its windows: pread into the
 *              window, as data
 *   metadata   the window goes first, then the bucket, in order; a
 *              small response's EOS is followed by a FLUSH, and so is its
 *              EOR when bytes followed the EOS (isf_raw_flush_at_end); EOR
 *              raises END_OF_REQUEST after the request's bytes and before
 *              its EOR, so WriteClient there lands in the response
 *   stepping   when every filter has disabled SEND_RAW_DATA for the
 *   aside      request, buckets pass untouched (FILE buckets keep sendfile)
 *   passing    what goes down is queued (isf_raw_queue) and passed in one
 *              ap_pass_brigade (isf_raw_push) when the window is to be
 *              written again, before a read that may block, and at the
 *              end: core rescans all it holds on every pass
 *   the end    whatever the window holds is raised and passed down before
 *              the call returns: no byte waits here between two calls
 * Whose filters see the bytes: the request bound to the connection (its
 * head filter binds it, its EOR unbinds it, its pool's end clears it),
 * else the global filters alone (isf_raw_chain).  Between two filters of
 * one notification the window's lengths are checked (isf_win_between),
 * and a window reaching another site's filters is scrubbed first.
 * WriteClient from inside a notification re-enters this filter; the
 * nested bytes get a window of their own and are raised at once, after
 * any windows raised before and not yet passed down.
 */
#include "raw/raw_in.h"
#include "raw/raw_out.h"

#include "http_protocol.h"
#include "http_request.h"

ap_filter_rec_t *isf_raw_out_handle;

void isf_raw_out_attach(conn_rec *c, isf_conn_t *ic, request_rec *r)
{
    /* No window here: it is the thread's, taken per call (out_window.c). */
    isf_raw_out_t *ro = apr_pcalloc(c->pool, sizeof(*ro));

    ro->ic = ic;
    ro->out_bb = apr_brigade_create(c->pool, c->bucket_alloc);
    ic->raw_out = 1;
    /* With r, the request's chain is re-linked to reach the filter. */
    ap_add_output_filter_handle(isf_raw_out_handle, ro, r, c);
}

/*
 * Whether a FLUSH follows the EOS that ends a response (or its EOR, for
 * what END_OF_REQUEST's WriteClient added after the EOS).  Bare httpd
 * writes a small static response inside the handler (core writes FILE
 * buckets at once); the window's copy of it, without a FLUSH, would wait
 * in core's set-aside (a copy of it) until the MPM's write completion,
 * after ap_check_pipeline, whose read then can never find the client's
 * next request: under the event MPM every request would go back through
 * the event loop and wake another thread.  With the FLUSH the bytes
 * leave before the request is logged, as bare httpd's do.  Not when
 * nothing was sent since the last FLUSH (an EOR after a flushed EOS: core
 * keeps the EOR for write completion, as it does bare httpd's).  Not
 * when the next request is already here (pipelined): the thread goes on
 * to it and core writes the responses together.  Not for a response past
 * ISF_RAW_FLUSH_SMALL since its last FLUSH: a blocking write there would
 * hold the thread for a slow client that write completion serves from
 * the event loop.
 */
static int isf_raw_flush_at_end(conn_rec *c, isf_raw_out_t *ro)
{
    return ro->unflushed > 0 && ro->unflushed < ISF_RAW_FLUSH_SMALL
           && !(ro->ic->raw_in && isf_raw_in_pending(c));
}

/*
 * Is e a heap bucket to raise in its own memory (isf_raw_send_heap) rather
 * than copied into the window?  When nothing else refers to its memory,
 * it fits a window, and the window would be raised holding exactly its
 * bytes: the window is empty and metadata or the call's end follows e
 * (every metadata bucket raises the window first).  The filters see the
 * same notification either way; the copy, taking the thread's window and
 * comparing the outcome with the bucket are saved.  A response head
 * arrives so (raw_out_head.t: its own notification).
 */
static APR_INLINE int isf_raw_in_place(conn_rec *c, const isf_win_t *w,
                                       apr_bucket_brigade *bb, apr_bucket *e)
{
    apr_bucket *next = APR_BUCKET_NEXT(e);

    return !w->len && APR_BUCKET_IS_HEAP(e)
           && (next == APR_BRIGADE_SENTINEL(bb) || APR_BUCKET_IS_METADATA(next))
           && ((apr_bucket_heap *)e->data)->refcount.refcount == 1
           && e->length
           && e->length <= (apr_size_t)isf_srv_conf_of(c->base_server)->window;
}

/* The window, then e, queued: they go down with the call's last push. */
static apr_status_t isf_raw_out_metadata(ap_filter_t *f, isf_raw_out_t *ro,
                                         isf_win_t *w, apr_bucket *e)
{
    isf_conn_t *ic = ro->ic;
    apr_status_t rv = isf_raw_send_window(f, ro, w);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (AP_BUCKET_IS_EOR(e) && ic->out_rq) {
        /* The request's bytes have passed the filters; its end is not
         * committed yet.  WriteClient from here re-enters this filter and
         * goes down before the EOR.  What follows belongs to no request
         * until the next response binds it. */
        isf_req_t *rq = ic->out_rq;
        isf_req_end(rq->r, rq);
        isf_conn_bind_out(ic, NULL);
    }
    APR_BUCKET_REMOVE(e);
    if (APR_BUCKET_IS_EOS(e) || AP_BUCKET_IS_EOR(e)) {
        int flush = isf_raw_flush_at_end(f->c, ro);

        isf_raw_queue(ro, e);
        if (flush) {
            isf_raw_queue(ro, apr_bucket_flush_create(f->c->bucket_alloc));
        }
        if (AP_BUCKET_IS_EOR(e)) {
            ro->unflushed = 0;      /* the next response counts afresh */
        }
        return APR_SUCCESS;
    }
    isf_raw_queue(ro, e);
    return APR_SUCCESS;
}

apr_status_t isf_raw_out_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    isf_raw_out_t *ro = f->ctx;
    isf_conn_t *ic = ro->ic;
    conn_rec *c = f->c;
    apr_status_t rv = APR_SUCCESS;
    isf_win_t win, *w = &win;
    int level;

    if (APR_BRIGADE_EMPTY(bb)) {
        return APR_SUCCESS;
    }
    /* Asked on every call outside a response: an h2c upgrade switches the
     * protocol in the middle of the connection, after its 101 went out
     * (an interim response, bound to no request).  A bound response (from
     * its head, which HTTP/1.x serialization made, to its EOR) is HTTP/1.x
     * to its end.  No window holds anything between calls. */
    if (!ic->out_rq && strcmp(ap_get_protocol(c), AP_PROTOCOL_HTTP1)) {
        ap_log_cerror(APLOG_MARK, APLOG_TRACE1, 0, c, "raw filters step "
                      "aside: connection speaks %s", ap_get_protocol(c));
        ap_remove_output_filter(f);
        return ap_pass_brigade(f->next, bb);
    }
    /* Level n: bytes a filter wrote from inside a notification n deep
     * (runtime/respond.c allows ISF_MAX_DEPTH), in a buffer of their own, as
     * the outer levels still hold theirs. */
    level = ro->depth <= ISF_MAX_DEPTH ? ro->depth : ISF_MAX_DEPTH;
    isf_win_init(w, NULL, 0);   /* taken at the first byte to raise */
    ro->depth++;
    while (!APR_BRIGADE_EMPTY(bb)) {
        apr_bucket *e = APR_BRIGADE_FIRST(bb);
        const char *data;
        apr_size_t len;

        if (APR_BUCKET_IS_METADATA(e)) {
            rv = isf_raw_out_metadata(f, ro, w, e);
        }
        else if (ic->raw_dead) {
            apr_bucket_delete(e);
        }
        else if (!isf_raw_interested(ic)) {
            rv = isf_raw_send_window(f, ro, w);
            if (rv == APR_SUCCESS) {
                APR_BUCKET_REMOVE(e);
                isf_raw_queue(ro, e);
            }
        }
        else if (isf_raw_in_place(c, w, bb, e)) {
            APR_BUCKET_REMOVE(e);
            rv = isf_raw_send_heap(f, ro, e);
        }
        else if (!w->buf
                 && (rv = isf_raw_window_take(c, ro, w, level))
                    != APR_SUCCESS) {
            break;
        }
        else if (APR_BUCKET_IS_FILE(e)) {
            /* out_file.c: until the bucket is done, or no filter wants
             * the rest of it, or a filter ended the connection (the next
             * turn passes the rest untouched or drops it). */
            rv = isf_raw_out_file(f, ro, w, e);
            if (rv == APR_SUCCESS && !e->length) {
                apr_bucket_delete(e);
            }
        }
        else {
            apr_size_t total, used = 0;

            rv = apr_bucket_read(e, &data, &len, APR_NONBLOCK_READ);
            if (APR_STATUS_IS_EAGAIN(rv)) {
                /* What waits goes down before a read that may block. */
                rv = isf_raw_send_window(f, ro, w);
                if (rv == APR_SUCCESS) {
                    rv = isf_raw_pass_bucket(f, ro,
                             apr_bucket_flush_create(c->bucket_alloc));
                }
                if (rv == APR_SUCCESS) {
                    rv = apr_bucket_read(e, &data, &len, APR_BLOCK_READ);
                }
            }
            total = len;
            while (rv == APR_SUCCESS && used < total
                   && (rv = isf_raw_before_fill(f, ro, w)) == APR_SUCCESS) {
                used += isf_win_fill(w, data + used, total - used);
                if (w->len == w->cap) {
                    rv = isf_raw_send_window(f, ro, w);
                    if (rv == APR_SUCCESS && !isf_raw_interested(ic)) {
                        break;  /* the rest passes untouched */
                    }
                }
            }
            if (rv == APR_SUCCESS) {
                if (used < total) {
                    apr_bucket_split(e, used);
                    apr_bucket_delete(e);
                }
                else if (total && w->len == total) {
                    /* All the window holds: kept in case the filters
                     * leave it unchanged. */
                    APR_BUCKET_REMOVE(e);
                    isf_raw_orig_keep(ro, w, e, data);
                }
                else {
                    apr_bucket_delete(e);
                }
            }
        }
        if (rv != APR_SUCCESS) {
            break;
        }
    }
    /* Nothing waits in a window once this call returns: a producer that
     * passes bytes without a FLUSH (a tunnel, a protocol switch, a
     * streaming proxy) relies on every call being written, and what a
     * window held would be invisible to Apache's own checks for pending
     * output. */
    if (rv == APR_SUCCESS) {
        rv = isf_raw_send_window(f, ro, w);
    }
    if (rv == APR_SUCCESS) {
        rv = isf_raw_push(f, ro);
    }
    else {
        apr_brigade_cleanup(ro->out_bb);    /* may point into the window */
        ro->held = 0;
    }
    isf_raw_orig_drop(ro, w);   /* w ends with this call */
    if (w->buf) {
        isf_thread_window_done(w, level);
    }
    ro->depth--;
    if (rv != APR_SUCCESS) {
        apr_brigade_cleanup(bb);
    }
    return rv;
}
