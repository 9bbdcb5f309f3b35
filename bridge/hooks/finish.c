/*
 * finish.c: a request a filter answered itself, ended.
 *
 * A notification that ends in FINISHED or FINISHED_KEEP_CONN (from a
 * request hook or the head filter) means the filter has sent its response
 * (runtime/respond.c) or wants none: Apache must add nothing, the request
 * ends now with END_OF_REQUEST, and the connection stays open only when
 * the filter asked for it and its response framed itself: a head without
 * a body, or a Content-Length its body matched.  SF_STATUS_REQ_ERROR
 * becomes the HTTP status GetLastError names.
 *
 * On an HTTP/2 stream the filter's head and body reach mod_http2 as
 * HTTP/1.1 bytes, which it parses into the stream's response; the stream
 * ends with an EOS, which Apache's own response would have carried and
 * which is sent here once END_OF_REQUEST has been raised.  A filter that
 * wrote nothing leaves mod_http2 without a response: at the request's
 * end it would make one up, a second request built from the stream's
 * (every event raised again, and a 500).  On HTTP/1.1 the connection
 * would close with nothing sent; the stream is reset instead (c->aborted
 * on the stream's connection, as mod_http2 does for a stream that ended
 * without a response).  A head mod_http2 could not parse has the same
 * end: isf_ev_preproc_headers refuses the request it makes up.
 */
#include "hooks/hooks.h"

#include "http_protocol.h"

static int isf_can_keep_alive(request_rec *r, isf_req_t *rq)
{
    conn_rec *c = r->connection;
    const char *conn = apr_table_get(r->headers_in, "Connection");

    /* A head without a body (HEAD, 204, 304) frames itself; otherwise its
     * Content-Length must be what the filter wrote.  A client still
     * waiting for 100 Continue never sends its body: Apache would read
     * the next request as that body, so the connection closes. */
    return rq->filter_head && !r->expecting_100
           && (rq->no_body
               || (rq->head_clen >= 0 && rq->raw_bytes == rq->head_clen))
           && r->proto_num >= HTTP_VERSION(1, 1)
           && !(conn && ap_find_token(r->pool, conn, "close"))
           && r->server->keep_alive
           && (r->server->keep_alive_max <= 0
               || c->keepalives < r->server->keep_alive_max);
}

int isf_req_answered(request_rec *r, isf_req_t *rq, isf_result_e res,
                     DWORD err)
{
    conn_rec *c = r->connection;

    if (res == ISF_FAILED) {
        int st = isf_result_to_http(res, err);
        if (st == HTTP_UNAUTHORIZED) {
            rq->filter_denied = 1;
        }
        return st;
    }
    rq->finished = 1;
    rq->swallow = 1;
    r->eos_sent = 1;    /* Apache must not add a response of its own */
    if (rq->filter_head) {
        /* What the log and LOG report (PREPROC_HEADERS had to leave 200
         * in r->status: see isf_ev_preproc_headers). */
        r->status = rq->head_code;
    }
    /* An HTTP/2 stream has no keep-alive of its own: kept, its
     * connection would have httpd read the rest of the request body after
     * the stream's EOS, which mod_http2 no longer feeds (the upload stalls
     * until Timeout).  Closed, the body is left and mod_http2 resets the
     * stream after the answer (NO_ERROR), as after Apache's own. */
    if (res == ISF_FINISHED_KEEP && !c->master
        && isf_can_keep_alive(r, rq)) {
        c->keepalive = AP_CONN_KEEPALIVE;
        c->keepalives++;
    }
    else {
        c->keepalive = AP_CONN_CLOSE;
    }
    r->bytes_sent = rq->raw_bytes;
    isf_req_end(r, rq);
    if (c->master) {
        rq->conn->answered = 1;
        if (!c->aborted) {
            if (rq->filter_head || rq->raw_bytes) {
                isf_stream_end(r);
            }
            else {
                ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(75)
                              "a filter finished the request with no "
                              "response: HTTP/2 stream reset");
                c->aborted = 1;
            }
        }
    }
    return DONE;
}

void isf_stream_end(request_rec *r)
{
    conn_rec *c = r->connection;
    apr_bucket_brigade *bb = apr_brigade_create(r->pool, c->bucket_alloc);

    /* Below the request's filters, which dropped Apache's own EOS with
     * the rest of its response (r->eos_sent), straight to mod_http2's. */
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(c->bucket_alloc));
    ap_pass_brigade(c->output_filters, bb);
    apr_brigade_cleanup(bb);
}
