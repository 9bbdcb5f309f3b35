/*
 * raw_io.c: SEND_RAW_DATA and READ_RAW_DATA as connection filters.
 *
 * Both sit at AP_FTYPE_CONNECTION, below HTTP/1.x serialization and above
 * mod_ssl (AP_FTYPE_CONNECTION + 5), so filters see the bytes exactly as
 * they cross the wire, in plaintext on TLS connections.  They are added
 * only to connections whose filters registered the event (pre_connection
 * for the connection's server, post_read_request when a site filter of
 * the request's server wants SEND_RAW_DATA); other connections get no
 * connection filter at all.  HTTP/2 connections are left alone: the
 * filters step aside when the connection speaks anything but HTTP/1.x.
 *
 * ISAPI_FILTER_RAW_OUT, per brigade:
 *   data       read a bucket at a time (non-blocking first; on EAGAIN the
 *              window goes down with a FLUSH, then a blocking read), copied
 *              into the thread's window buffer (thread.c); a full window
 *              is raised as SEND_RAW_DATA (highest priority last) and what
 *              the filters leave is passed down as a transient bucket
 *   files      (raw_file.c) a FILE bucket of at least a window, with
 *              EnableMMAP on: mapped privately a piece at a time and
 *              raised window by window in place, no copy; what the
 *              filters leave in place goes down once per piece.  Smaller
 *              files, EnableMMAP Off, a failed mmap, or filters that write
 *              to the mapping or replace its windows: pread into the
 *              window, as data
 *   metadata   the window goes first, then the bucket, in order; EOR
 *              raises END_OF_REQUEST after the request's bytes and before
 *              its EOR, so WriteClient there lands in the response
 *   stepping   when every filter has disabled SEND_RAW_DATA for the
 *   aside      request, buckets pass untouched (FILE buckets keep sendfile)
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
 *
 * ISAPI_FILTER_RAW_IN reads from below, raises READ_RAW_DATA on what each
 * read returned (accumulated while a filter answers READ_NEXT, up to
 * ISAPIFilterReadLimit, past which the read fails with APR_ENOSPC and
 * Apache answers 413 or 400 and closes), keeps what the filters return,
 * and serves every input mode Apache asks for from those bytes.
 */
#include "isf_private.h"

#include "apr_strings.h"
#include "http_connection.h"
#include "http_protocol.h"
#include "http_request.h"

ap_filter_rec_t *isf_raw_out_handle;
ap_filter_rec_t *isf_raw_in_handle;

#define ISF_READ_CHUNK 8192
static const char isf_h2_preface[] = "PRI * HTTP/2.0\r\n";

/* ISAPIFilterWindowSize of the server that accepted c. */
static apr_size_t isf_raw_window_size(conn_rec *c)
{
    isf_srv_conf *conf = ap_get_module_config(c->base_server->module_config,
                                              &isapi_filter_module);
    return (apr_size_t)conf->window;
}

void isf_raw_attach(conn_rec *c, isf_conn_t *ic, const isf_chain_t *ch,
                    request_rec *r)
{
    isf_srv_conf *conf = ap_get_module_config(c->base_server->module_config,
                                              &isapi_filter_module);
    DWORD m = ch->mask[ic->secure];
    int out = 0, in = 0;

    if ((m & SF_NOTIFY_SEND_RAW_DATA) && !ic->rout) {
        /* No window here: it is the thread's, taken per call (thread.c). */
        isf_raw_out_t *ro = apr_pcalloc(c->pool, sizeof(*ro));
        ro->ic = ic;
        ro->out_bb = apr_brigade_create(c->pool, c->bucket_alloc);
        ro->pend_bb = apr_brigade_create(c->pool, c->bucket_alloc);
        ic->rout = ro;
        /* With r, the request's chain is re-linked to reach the filter. */
        ap_add_output_filter_handle(isf_raw_out_handle, ro, r, c);
        out = 1;
    }
    if ((m & SF_NOTIFY_READ_RAW_DATA) && !ic->rin && !r) {
        isf_raw_in_t *ri = apr_pcalloc(c->pool, sizeof(*ri));
        ri->ic = ic;
        ri->read_limit = (apr_size_t)conf->read_limit;
        apr_pool_create(&ri->acc_pool, c->pool);
        ri->in_bb = apr_brigade_create(c->pool, c->bucket_alloc);
        ri->tmp_bb = apr_brigade_create(c->pool, c->bucket_alloc);
        ic->rin = ri;
        ap_add_input_filter_handle(isf_raw_in_handle, ri, NULL, c);
        in = 1;
    }
    if (out || in) {
        ap_log_cerror(APLOG_MARK, APLOG_TRACE1, 0, c, "raw filters added:%s%s "
                      "(%s; window %lu bytes)",
                      out ? " ISAPI_FILTER_RAW_OUT" : "",
                      in ? " ISAPI_FILTER_RAW_IN" : "",
                      r ? "site filter of the request's server"
                        : "filter of the connection's server",
                      (unsigned long)conf->window);
    }
}

/* ---- SEND_RAW_DATA ---- */

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
    return ic->out_rq ? ic->out_rq->chain : isf_global_get()->global;
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

apr_status_t isf_raw_pass_bucket(ap_filter_t *f, isf_raw_out_t *ro,
                                 apr_bucket *e)
{
    apr_status_t rv;

    /* Windows of a mapped file already raised and kept for one pass
     * (raw_file.c) go first: this may be WriteClient from inside a later
     * window's notification. */
    if (!APR_BRIGADE_EMPTY(ro->pend_bb)) {
        APR_BRIGADE_CONCAT(ro->out_bb, ro->pend_bb);
    }
    APR_BRIGADE_INSERT_TAIL(ro->out_bb, e);
    rv = ap_pass_brigade(f->next, ro->out_bb);
    apr_brigade_cleanup(ro->out_bb);
    return rv;
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
    memset(&fr, 0, sizeof(fr));
    fr.event = SF_NOTIFY_SEND_RAW_DATA;
    fr.rq = ic->out_rq;
    fr.r = fr.rq ? fr.rq->r : NULL;
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

apr_status_t isf_raw_send_window(ap_filter_t *f, isf_raw_out_t *ro,
                                 isf_win_t *w)
{
    const char *data;
    apr_size_t len;

    if (!w->len) {
        return APR_SUCCESS;
    }
    isf_raw_notify(ro->ic, w, &data, &len);
    if (!len) {
        return APR_SUCCESS;
    }
    /* Transient: the window is reused once the next filter returns, and
     * a filter below that keeps the bytes must set them aside (copy). */
    return isf_raw_pass_bucket(f, ro, apr_bucket_transient_create(
                                          data, len,
                                          ro->ic->c->bucket_alloc));
}

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
        isf_ev_end_of_request(rq->r, rq);
        isf_conn_bind_out(ic, NULL);
    }
    APR_BUCKET_REMOVE(e);
    return isf_raw_pass_bucket(f, ro, e);
}

/* The thread's window for this level (thread.c), when the first bytes
 * to raise arrive: a call with metadata alone takes none. */
static apr_status_t isf_raw_window_take(conn_rec *c, isf_raw_out_t *ro,
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
    /* Asked on every call: an h2c upgrade switches the protocol in the
     * middle of the connection, after its 101 went out.  No window holds
     * anything between calls. */
    if (strcmp(ap_get_protocol(c), AP_PROTOCOL_HTTP1)) {
        ap_log_cerror(APLOG_MARK, APLOG_TRACE1, 0, c, "raw filters step "
                      "aside: connection speaks %s", ap_get_protocol(c));
        ap_remove_output_filter(f);
        return ap_pass_brigade(f->next, bb);
    }
    /* Level n: bytes a filter wrote from inside a notification n deep
     * (isf_write_raw allows ISF_MAX_DEPTH), in a buffer of their own, as
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
                rv = isf_raw_pass_bucket(f, ro, e);
            }
        }
        else if (!w->buf
                 && (rv = isf_raw_window_take(c, ro, w, level))
                    != APR_SUCCESS) {
            break;
        }
        else if (APR_BUCKET_IS_FILE(e)) {
            /* raw_file.c: until the bucket is done, or no filter wants
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
            while (rv == APR_SUCCESS && used < total) {
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
                }
                apr_bucket_delete(e);
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
    if (w->buf) {
        isf_thread_window_done(w, level);
    }
    ro->depth--;
    if (rv != APR_SUCCESS) {
        apr_brigade_cleanup(bb);
    }
    return rv;
}

/* ---- READ_RAW_DATA ---- */

/* One read from below, raised (with any bytes held for READ_NEXT) as
 * READ_RAW_DATA; what the filters return is appended to ri->in_bb. */
static apr_status_t isf_raw_in_fill(ap_filter_t *f, isf_raw_in_t *ri,
                                    apr_read_type_e block)
{
    conn_rec *c = f->c;

    for (;;) {
        HTTP_FILTER_RAW_DATA raw;
        isf_frame_t fr;
        isf_result_e res;
        const char *data;
        apr_size_t len;
        apr_bucket *e;
        apr_status_t rv;
        DWORD err = 0;
        int eos = 0;
        apr_off_t want = ri->next_read ? (apr_off_t)ri->next_read
                                       : ISF_READ_CHUNK;
        apr_size_t room = ri->read_limit - ri->acc.len;

        ri->next_read = 0;
        /* The limit bounds the bytes held for READ_NEXT, not one read:
         * read no more than fits beside them (a byte past a full buffer,
         * so going over is still seen). */
        if (want > (apr_off_t)(room ? room : 1)) {
            want = (apr_off_t)(room ? room : 1);
        }
        rv = ap_get_brigade(f->next, ri->tmp_bb, AP_MODE_READBYTES, block,
                            want);
        if (APR_STATUS_IS_EOF(rv)) {
            eos = 1;
        }
        else if (rv != APR_SUCCESS) {
            apr_brigade_cleanup(ri->tmp_bb);
            return rv;
        }
        while ((e = APR_BRIGADE_FIRST(ri->tmp_bb))
               != APR_BRIGADE_SENTINEL(ri->tmp_bb)) {
            if (APR_BUCKET_IS_EOS(e)) {
                eos = 1;
            }
            else if (!APR_BUCKET_IS_METADATA(e)) {
                rv = apr_bucket_read(e, &data, &len, APR_BLOCK_READ);
                if (rv == APR_SUCCESS) {
                    rv = isf_acc_reserve(&ri->acc, ri->acc_pool, len,
                                         ri->read_limit);
                }
                if (rv != APR_SUCCESS) {
                    apr_brigade_cleanup(ri->tmp_bb);
                    if (rv == APR_ENOSPC) {
                        ap_log_cerror(APLOG_MARK, APLOG_INFO, 0, c,
                                      ISFLOGNO(13) "READ_RAW_DATA: more "
                                      "than ISAPIFilterReadLimit (%lu) "
                                      "bytes held for READ_NEXT; closing",
                                      (unsigned long)ri->read_limit);
                        c->keepalive = AP_CONN_CLOSE;
                    }
                    return rv;
                }
                memcpy(ri->acc.buf + ri->acc.len, data, len);
                ri->acc.len += len;
            }
            apr_bucket_delete(e);
        }
        if (!ri->acc.len) {
            if (eos) {
                ri->in_eos = 1;
                return APR_SUCCESS;
            }
            if (block == APR_NONBLOCK_READ) {
                return APR_EAGAIN;
            }
            continue;
        }
        if (!ri->checked) {
            ri->checked = 1;
            if ((ri->acc.len >= sizeof(isf_h2_preface) - 1
                 && !memcmp(ri->acc.buf, isf_h2_preface,
                            sizeof(isf_h2_preface) - 1))
                || strcmp(ap_get_protocol(c), AP_PROTOCOL_HTTP1)) {
                ri->off = 1;   /* HTTP/2: pass bytes unseen */
            }
        }
        if (!ri->off && strcmp(ap_get_protocol(c), AP_PROTOCOL_HTTP1)) {
            ri->off = 1;       /* switched (h2c upgrade) */
        }
        res = ISF_CONTINUE;
        data = ri->acc.buf;
        len = ri->acc.len;
        if (!ri->off) {
            raw.pvInData = ri->acc.buf;
            raw.cbInData = (DWORD)ri->acc.len;
            raw.cbInBuffer = (DWORD)ri->acc.cap;
            raw.dwReserved = 0;
            memset(&fr, 0, sizeof(fr));
            fr.event = SF_NOTIFY_READ_RAW_DATA;
            fr.win = &ri->acc;
            res = isf_dispatch_run(ri->ic, isf_chain_for(c->base_server), &fr,
                                   &raw, &err);
            if (res == ISF_READ_NEXT && !eos) {
                continue;   /* keep what we have, read more */
            }
            isf_win_outcome(&ri->acc, &raw, &data, &len);
        }
        if (len) {
            APR_BRIGADE_INSERT_TAIL(ri->in_bb, apr_bucket_heap_create(
                                        data, len, NULL, c->bucket_alloc));
        }
        ri->acc.len = 0;
        if (ri->acc.cap > ISF_READ_CHUNK * 4) {
            /* Drop a buffer READ_NEXT made large. */
            apr_pool_clear(ri->acc_pool);
            isf_win_init(&ri->acc, NULL, 0);
        }
        if (eos) {
            ri->in_eos = 1;
        }
        if (res == ISF_FINISHED || res == ISF_FINISHED_KEEP) {
            c->keepalive = AP_CONN_CLOSE;
            ri->in_eos = 1;
            apr_brigade_cleanup(ri->in_bb);
            return APR_EOF;
        }
        if (res == ISF_FAILED) {
            c->keepalive = AP_CONN_CLOSE;
            return APR_EGENERAL;
        }
        return APR_SUCCESS;
    }
}

/* Make sure ri->in_bb holds something, unless the client is done. */
static apr_status_t isf_raw_in_need(ap_filter_t *f, isf_raw_in_t *ri,
                                    apr_read_type_e block)
{
    for (;;) {
        apr_status_t rv;
        apr_bucket *e;
        /* Empty buckets are not data: apr_brigade_split_line leaves one
         * when a line ends its bucket.  Served to ap_check_pipeline's
         * SPECULATIVE read, one would count as a pipelined request, and
         * prefork/worker would skip the flush after each response. */
        while (!APR_BRIGADE_EMPTY(ri->in_bb)
               && !APR_BUCKET_IS_METADATA(e = APR_BRIGADE_FIRST(ri->in_bb))
               && e->length == 0) {
            apr_bucket_delete(e);
        }
        if (!APR_BRIGADE_EMPTY(ri->in_bb)) {
            break;
        }
        if (ri->in_eos) {
            return APR_EOF;
        }
        rv = isf_raw_in_fill(f, ri, block);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

static int isf_bb_ends_lf(apr_bucket_brigade *bb)
{
    apr_bucket *e = APR_BRIGADE_LAST(bb);
    const char *data;
    apr_size_t len;

    while (e != APR_BRIGADE_SENTINEL(bb)) {
        if (!APR_BUCKET_IS_METADATA(e)
            && apr_bucket_read(e, &data, &len, APR_BLOCK_READ)
               == APR_SUCCESS && len) {
            return data[len - 1] == APR_ASCII_LF;
        }
        e = APR_BUCKET_PREV(e);
    }
    return 0;
}

static apr_status_t isf_raw_in_getline(ap_filter_t *f, isf_raw_in_t *ri,
                                       apr_bucket_brigade *bb,
                                       apr_read_type_e block)
{
    apr_status_t rv;
    apr_off_t got;

    for (;;) {
        rv = apr_brigade_split_line(bb, ri->in_bb, block, HUGE_STRING_LEN);
        if (rv != APR_SUCCESS) {
            return rv;
        }
        if (isf_bb_ends_lf(bb)) {
            return APR_SUCCESS;
        }
        apr_brigade_length(bb, 1, &got);
        if (got >= HUGE_STRING_LEN) {
            return APR_SUCCESS;   /* Apache enforces its own line limit */
        }
        rv = isf_raw_in_need(f, ri, block);
        if (rv != APR_SUCCESS) {
            if (APR_STATUS_IS_EOF(rv) && !APR_BRIGADE_EMPTY(bb)) {
                return APR_SUCCESS;
            }
            if (APR_STATUS_IS_EAGAIN(rv)) {
                /* Give the partial line back for the next call. */
                APR_BRIGADE_PREPEND(ri->in_bb, bb);
            }
            return rv;
        }
    }
}

apr_status_t isf_raw_in_filter(ap_filter_t *f, apr_bucket_brigade *bb,
                               ap_input_mode_t mode, apr_read_type_e block,
                               apr_off_t readbytes)
{
    isf_raw_in_t *ri = f->ctx;
    apr_bucket *e;
    apr_status_t rv;

    switch (mode) {
    case AP_MODE_INIT:
        return ap_get_brigade(f->next, bb, mode, block, readbytes);
    case AP_MODE_GETLINE:
        return isf_raw_in_getline(f, ri, bb, block);
    case AP_MODE_READBYTES:
        if ((rv = isf_raw_in_need(f, ri, block)) != APR_SUCCESS) {
            return rv;
        }
        rv = apr_brigade_partition(ri->in_bb, readbytes, &e);
        if (rv != APR_SUCCESS && rv != APR_INCOMPLETE) {
            return rv;
        }
        while (APR_BRIGADE_FIRST(ri->in_bb) != e) {
            apr_bucket *b = APR_BRIGADE_FIRST(ri->in_bb);
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(bb, b);
        }
        return APR_SUCCESS;
    case AP_MODE_SPECULATIVE:
        if ((rv = isf_raw_in_need(f, ri, block)) != APR_SUCCESS) {
            return rv;
        }
        for (e = APR_BRIGADE_FIRST(ri->in_bb);
             e != APR_BRIGADE_SENTINEL(ri->in_bb) && readbytes > 0;
             e = APR_BUCKET_NEXT(e)) {
            apr_bucket *copy;
            if ((rv = apr_bucket_copy(e, &copy)) != APR_SUCCESS) {
                return rv;
            }
            APR_BRIGADE_INSERT_TAIL(bb, copy);
            if ((apr_off_t)copy->length > readbytes) {
                apr_bucket_split(copy, (apr_size_t)readbytes);
                apr_bucket_delete(APR_BUCKET_NEXT(copy));
                break;
            }
            readbytes -= copy->length;
        }
        return APR_SUCCESS;
    case AP_MODE_EXHAUSTIVE:
        while (!ri->in_eos) {
            if ((rv = isf_raw_in_fill(f, ri, APR_BLOCK_READ))
                != APR_SUCCESS) {
                if (APR_STATUS_IS_EOF(rv)) {
                    break;
                }
                return rv;
            }
        }
        APR_BRIGADE_CONCAT(bb, ri->in_bb);
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(
                                        f->c->bucket_alloc));
        return APR_SUCCESS;
    case AP_MODE_EATCRLF:
        while ((rv = isf_raw_in_need(f, ri, APR_NONBLOCK_READ))
               == APR_SUCCESS) {
            const char *data;
            apr_size_t len, i = 0;
            e = APR_BRIGADE_FIRST(ri->in_bb);
            if ((rv = apr_bucket_read(e, &data, &len, APR_BLOCK_READ))
                != APR_SUCCESS) {
                return rv;
            }
            while (i < len && (data[i] == APR_ASCII_CR
                               || data[i] == APR_ASCII_LF)) {
                i++;
            }
            if (i < len) {
                if (i) {
                    apr_bucket_split(e, i);
                    apr_bucket_delete(e);
                }
                break;
            }
            apr_bucket_delete(e);
        }
        return APR_SUCCESS;
    default:
        return APR_ENOTIMPL;
    }
}
