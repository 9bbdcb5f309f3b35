/*
 * framing.c: the body's framing, as SEND_RESPONSE shows it and as it goes
 * on the wire.
 *
 * HTTP_HEADER decides how a body is delimited (ap_set_keepalive): by the
 * head's Content-Length, by chunking a body of unknown length for an
 * HTTP/1.1 client, or by closing the connection.  SEND_RESPONSE runs just
 * before it, so the filters are shown the decision (a chunked body
 * carries Transfer-Encoding: chunked), and what they leave goes out:
 *   left as shown       HTTP_HEADER decides again, the same way
 *   Content-Length set  sent; with no raw-data filter to reshape the body,
 *                       ISAPI_FILTER_LENGTH holds the body to it
 *   Transfer-Encoding   with a raw-data filter on the connection, the
 *   set or changed      filters' own framing, and the connection closes
 *                       after the response; without one, nothing could
 *                       frame the body but HTTP_HEADER: a final chunked
 *                       is taken off, for it to chunk the body itself
 *   framing removed     the body is ended by closing the connection,
 *                       never chunked behind the filter's back
 * Whatever a filter gets wrong, the next response on the connection
 * starts where the client expects it, or there is no next response.
 *
 * The framing is worked out only when a filter's call needs it
 * (isf_frame_reveal, runtime.h): GetHeader of Transfer-Encoding, a
 * SetHeader/AddHeader naming Content-Length, Transfer-Encoding or the
 * status, WriteClient or ServerSupportFunction.  Until then nothing here
 * has changed the response, so a filter that only adds other headers
 * leaves nothing to settle.
 */
#include "hooks/hooks.h"

#include "apr_lib.h"
#include "apr_strings.h"
#include "http_protocol.h"

ap_filter_rec_t *isf_length_filter_handle;

/* Does the head give the body a length (Content-Length, or chunked)? */
static int isf_head_frames(request_rec *r)
{
    return apr_table_get(r->headers_out, "Content-Length")
           || ap_is_chunked(r->pool, apr_table_get(r->headers_out,
                                                   "Transfer-Encoding"))
           || (!apr_is_empty_table(r->err_headers_out)
               && (apr_table_get(r->err_headers_out, "Content-Length")
                   || ap_is_chunked(r->pool,
                                    apr_table_get(r->err_headers_out,
                                                  "Transfer-Encoding"))));
}

static int isf_has_body(request_rec *r)
{
    return !r->assbackwards && !r->header_only
           && !AP_STATUS_IS_HEADER_ONLY(r->status);
}

void isf_framing_show(request_rec *r, isf_framing_t *fm)
{
    fm->te_orig = fm->te_shown = fm->cl = NULL;
    /* HTTP/2 frames bodies itself. */
    if (!isf_has_body(r) || r->connection->master) {
        fm->how = ISF_FRAME_NONE;
        return;
    }
    fm->cl = apr_table_get(r->headers_out, "Content-Length");
    if (fm->cl) {
        /* (A Transfer-Encoding beside it, which no module should set,
         * is not looked for.) */
        fm->how = ISF_FRAME_HEAD;
        return;
    }
    if (isf_head_frames(r)) {
        fm->how = ISF_FRAME_HEAD;
        fm->te_orig = apr_table_get(r->headers_out, "Transfer-Encoding");
        return;
    }
    if (r->proto_num < HTTP_VERSION(1, 1) || r->expecting_100
        || r->connection->keepalive == AP_CONN_CLOSE
        || apr_table_get(r->subprocess_env, "downgrade-1.0")) {
        fm->how = ISF_FRAME_NONE;
        return;
    }
    /* A coding already there (not chunked) is kept, chunked after it. */
    fm->how = ISF_FRAME_CHUNK;
    fm->te_orig = apr_table_get(r->headers_out, "Transfer-Encoding");
    apr_table_mergen(r->headers_out, "Transfer-Encoding", "chunked");
    fm->te_shown = apr_table_get(r->headers_out, "Transfer-Encoding");
}

void isf_framing_reveal(isf_frame_t *fr)
{
    isf_framing_show(fr->r, fr->reveal_arg);
}

/* Hold r's body to the Content-Length a filter set. */
static void isf_length_guard(request_rec *r, const char *cl)
{
    apr_off_t *left;
    char *end;

    left = apr_palloc(r->pool, sizeof(*left));
    if (apr_strtoff(left, cl, &end, 10) != APR_SUCCESS || *end) {
        return;     /* headers.c lets no other through */
    }
    ap_add_output_filter_handle(isf_length_filter_handle, left, r,
                                r->connection);
}

/* Take a final "chunked" off a filter's Transfer-Encoding, for
 * HTTP_HEADER to chunk the body itself (with no Content-Length, which a
 * transfer coding overrides) or end it with the connection. */
static void isf_unchunk(request_rec *r, const char *te)
{
    const char *comma = strrchr(te, ',');

    if (ap_is_chunked(r->pool, te)) {
        if (!comma) {
            apr_table_unset(r->headers_out, "Transfer-Encoding");
            return;
        }
        while (comma > te && apr_isspace(comma[-1])) {
            comma--;
        }
        te = apr_pstrmemdup(r->pool, te, (apr_size_t)(comma - te));
        apr_table_setn(r->headers_out, "Transfer-Encoding", te);
    }
    apr_table_unset(r->headers_out, "Content-Length");
    apr_table_unset(r->err_headers_out, "Content-Length");
}

void isf_framing_settle(request_rec *r, isf_req_t *rq,
                        const isf_framing_t *fm, int writes)
{
    const char *te, *cl;
    int chunk = 0;

    if (fm->how == ISF_FRAME_NONE) {
        return;
    }
    if (fm->how == ISF_FRAME_CHUNK) {
        te = apr_table_get(r->headers_out, "Transfer-Encoding");
        if (te && (te == fm->te_shown || !strcasecmp(te, fm->te_shown)
                   || !strcasecmp(te, "chunked"))) {
            /* Left as shown: HTTP_HEADER chunks it again (a head already
             * saying chunked would keep it from chunking). */
            if (fm->te_orig) {
                apr_table_setn(r->headers_out, "Transfer-Encoding",
                               fm->te_orig);
            }
            else {
                apr_table_unset(r->headers_out, "Transfer-Encoding");
            }
            chunk = 1;
        }
    }
    if (!writes || !isf_has_body(r)) {
        return;     /* nothing changed, or a 304 or 204 now */
    }
    cl = apr_table_get(r->headers_out, "Content-Length");
    if (!chunk) {
        if (!isf_head_frames(r)) {
            /* Framing removed: the connection's end delimits the body. */
            r->connection->keepalive = AP_CONN_CLOSE;
            return;
        }
        te = apr_table_get(r->headers_out, "Transfer-Encoding");
        if (te && (!fm->te_orig || strcasecmp(te, fm->te_orig))) {
            if (!rq->conn->raw_out) {
                /* No raw-data filter can frame the body: HTTP_HEADER
                 * does, after the codings the filter named. */
                isf_unchunk(r, te);
                return;
            }
            /* Its framing, done in SEND_RAW_DATA, and no response after
             * it on this connection. */
            r->connection->keepalive = AP_CONN_CLOSE;
            return;
        }
    }
    /* A Content-Length a filter set is sent (HTTP_HEADER does not chunk
     * a body that has one). */
    if (cl && (!fm->cl || strcmp(cl, fm->cl)) && !rq->conn->raw_out) {
        isf_length_guard(r, cl);
    }
}

/*
 * ISAPI_FILTER_LENGTH (AP_FTYPE_PROTOCOL, below HTTP_HEADER): the first
 * brigade is the head; the body after it is cut at the Content-Length a
 * filter set, and a body that ends short, or had to be cut, ends the
 * connection, so its bytes are never read as the next response.  With
 * raw-data filters bound, the bytes are theirs to reshape: not added.
 */
apr_status_t isf_length_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    apr_off_t *left = f->ctx;
    apr_bucket *e, *next;
    int cut = 0;

    if (!r->sent_bodyct) {
        return ap_pass_brigade(f->next, bb);    /* the head */
    }
    for (e = APR_BRIGADE_FIRST(bb); e != APR_BRIGADE_SENTINEL(bb); e = next) {
        next = APR_BUCKET_NEXT(e);
        if (APR_BUCKET_IS_EOS(e)) {
            if (*left > 0) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, ISFLOGNO(55)
                              "the body ended %" APR_OFF_T_FMT " bytes "
                              "short of the Content-Length a filter set in "
                              "SEND_RESPONSE: connection closed after it",
                              *left);
                r->connection->keepalive = AP_CONN_CLOSE;
            }
            ap_remove_output_filter(f);
            break;
        }
        if (APR_BUCKET_IS_METADATA(e)) {
            continue;
        }
        if (e->length == (apr_size_t)-1) {
            const char *data;
            apr_size_t len;
            apr_status_t rv = apr_bucket_read(e, &data, &len,
                                              APR_BLOCK_READ);
            if (rv != APR_SUCCESS) {
                return rv;
            }
        }
        if ((apr_off_t)e->length > *left) {
            if (*left) {
                apr_bucket_split(e, (apr_size_t)*left);
                next = APR_BUCKET_NEXT(e);
                *left = 0;
                continue;
            }
            cut = 1;
            apr_bucket_delete(e);
            continue;
        }
        *left -= (apr_off_t)e->length;
    }
    if (cut && r->connection->keepalive != AP_CONN_CLOSE) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, ISFLOGNO(56)
                      "the body is longer than the Content-Length a filter "
                      "set in SEND_RESPONSE: cut there, connection closed "
                      "after it");
        r->connection->keepalive = AP_CONN_CLOSE;
    }
    return ap_pass_brigade(f->next, bb);
}
