/*
 * output_filters.c: the two request-level output filters that sit around
 * Apache's own response.
 *
 * ISAPI_FILTER_HEAD (AP_FTYPE_PROTOCOL, right above HTTP_HEADER, below
 * BYTERANGE and CONTENT_LENGTH, so the status and Content-Length are
 * final) raises ACCESS_DENIED on a 401 and SEND_RESPONSE on the first
 * brigade of each response, binds the connection's raw bytes to the
 * request, then removes itself; once a filter has sent its own head, it
 * drops Apache's response instead.  SEND_RESPONSE shows the framing
 * HTTP_HEADER will choose, and what the filters leave of it is what goes
 * out (framing.c).  ISAPI_FILTER_END (just above the connection filters, below
 * chunking) raises END_OF_REQUEST before the response's EOS passes, so
 * WriteClient there still lands in this response; with a raw output
 * filter on the connection, END_OF_REQUEST waits for the EOR there.
 */
#include "hooks/hooks.h"

#include "http_protocol.h"
#include "mod_core.h"

ap_filter_rec_t *isf_head_filter_handle;
ap_filter_rec_t *isf_end_filter_handle;

void isf_head_filter_add(request_rec *r)
{
    const ap_filter_rec_t *hdr = ap_http_header_filter_handle;
    ap_filter_t *head, *f, *above, **hdr_link;

    /* httpd puts a filter below those of its type already there, so ours
     * lands below HTTP_HEADER (http_core added it just before); it is
     * moved up to sit right above it.  Nothing refers to it yet.  One
     * walk: down to HTTP_HEADER, then on to ours. */
    head = ap_add_output_filter_handle(isf_head_filter_handle, NULL, r,
                                       r->connection);
    if (!head) {
        return;
    }
    for (hdr_link = &r->output_filters; (f = *hdr_link)->frec != hdr;
         hdr_link = &f->next) {
        if (f == head || !f->next) {
            return;
        }
    }
    for (above = f; above->next != head; above = above->next) {
        if (!above->next) {
            return;
        }
    }
    above->next = head->next;
    head->next = *hdr_link;
    if (r->proto_output_filters == *hdr_link) {
        r->proto_output_filters = head;
    }
    *hdr_link = head;
}

/* The request whose error is being answered (an ErrorDocument redirect
 * reports on the request that failed). */
static request_rec *isf_err_origin(request_rec *r)
{
    while (r->prev && r->prev->status != HTTP_OK) {
        r = r->prev;
    }
    return r;
}

static DWORD isf_denied_reason(request_rec *r, isf_req_t *rq)
{
    if (rq->filter_denied) {
        return SF_DENIED_FILTER;
    }
    if (rq->in_handler) {
        return SF_DENIED_APPLICATION;
    }
    if (apr_table_get(r->headers_in, "Authorization")) {
        return SF_DENIED_LOGON;
    }
    return SF_DENIED_LOGON | SF_DENIED_BY_CONFIG;
}

static apr_status_t isf_head_fail(ap_filter_t *f, apr_bucket_brigade *bb,
                                  int status)
{
    conn_rec *c = f->c;

    apr_brigade_cleanup(bb);
    APR_BRIGADE_INSERT_TAIL(bb, ap_bucket_error_create(status, NULL,
                                                       f->r->pool,
                                                       c->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(c->bucket_alloc));
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

apr_status_t isf_head_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    isf_req_t *rq = isf_req_get(r);
    const isf_chain_t *ch;
    isf_frame_t fr;
    isf_result_e res = ISF_CONTINUE;
    DWORD err = 0, mask;
    int sec;

    if (APR_BRIGADE_EMPTY(bb)) {
        return APR_SUCCESS;
    }
    if (!rq) {
        ap_remove_output_filter(f);
        return ap_pass_brigade(f->next, bb);
    }
    /* Per-URL control: the response's events follow the configuration
     * it goes out with, whatever handed r that configuration (the
     * directory walk, or a fast internal redirect: mod_dir's index file,
     * mod_negotiation's variant; runtime/perurl.c). */
    isf_url_perdir(r, rq);
    /* The raw bytes that follow are r's: its site's filters see them. */
    if (rq->conn->raw_out) {
        isf_conn_bind_out(rq->conn, rq);
    }
    if (rq->swallow) {
        /* A filter answered this request itself.  If it let the request
         * go on (NEXT_NOTIFICATION after its head), nothing else ends an
         * HTTP/2 stream: Apache's EOS, dropped here with its response,
         * is passed on below (hooks/finish.c does it for FINISHED).
         * HTTP/1.1 needs none, and HTTP_HEADER would answer it with a
         * head of Apache's. */
        int eos = r->connection->master && !rq->finished
                  && !r->connection->aborted
                  && APR_BUCKET_IS_EOS(APR_BRIGADE_LAST(bb));
        apr_brigade_cleanup(bb);
        if (eos) {
            isf_stream_end(r);
        }
        return APR_SUCCESS;
    }
    sec = rq->conn->secure;
    ch = r->server == rq->r->server ? rq->chain : isf_chain_for(r->server);
    mask = ch->mask[sec];

    if (r->status == HTTP_UNAUTHORIZED) {
        request_rec *o = isf_err_origin(r);
        if (mask & SF_NOTIFY_ACCESS_DENIED) {
            HTTP_FILTER_ACCESS_DENIED ad;
            ad.pszURL = o->uri ? o->uri : "";
            ad.pszPhysicalPath = o->filename ? o->filename : "";
            ad.dwReason = isf_denied_reason(o, rq);
            fr = isf_frame_make(SF_NOTIFY_ACCESS_DENIED, r, rq, ISF_HDRS_NONE);
            res = isf_dispatch_run(rq->conn, ch, &fr, &ad, &err);
        }
        if (res == ISF_CONTINUE && rq->denial) {
            apr_table_overlap(r->err_headers_out, rq->denial,
                              APR_OVERLAP_TABLES_ADD);
        }
    }
    if (res == ISF_CONTINUE && (mask & SF_NOTIFY_SEND_RESPONSE)) {
        isf_framing_t fm;
        int now;

        /* The framing is shown only to a filter that looks at it or may
         * change it (isf_frame_reveal); else there is nothing to settle. */
        fr = isf_frame_make(SF_NOTIFY_SEND_RESPONSE, r, rq,
                            ISF_HDRS_RESPONSE);
        fr.reveal = isf_framing_reveal;
        fr.reveal_arg = &fm;
        now = isf_send_response(rq->conn, ch, &fr, r->status, &res, &err);
        if (now) {
            r->status = now;
            r->status_line = NULL;
        }
        if (!fr.reveal) {
            isf_framing_settle(r, rq, &fm, fr.framing_writes);
        }
    }
    if (rq->swallow || res == ISF_FINISHED || res == ISF_FINISHED_KEEP) {
        /* The filter sent its own response from inside the event. */
        isf_req_answered(r, rq, res == ISF_CONTINUE ? ISF_FINISHED : res, 0);
        apr_brigade_cleanup(bb);
        return APR_SUCCESS;
    }
    if (res == ISF_FAILED) {
        return isf_head_fail(f, bb, isf_result_to_http(res, err));
    }
    rq->head_sent = 1;
    rq->no_body = r->header_only || r->status == HTTP_NO_CONTENT
                  || r->status == HTTP_NOT_MODIFIED;
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

apr_status_t isf_end_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    isf_req_t *rq = isf_req_get(f->r);
    apr_bucket *e;

    /* With a raw output filter, END_OF_REQUEST waits for the EOR there,
     * after the response's bytes have passed SEND_RAW_DATA. */
    if (!rq || rq->end_done || rq->conn->raw_out
        || !(rq->chain->mask[rq->conn->secure] & SF_NOTIFY_END_OF_REQUEST)) {
        ap_remove_output_filter(f);
        return ap_pass_brigade(f->next, bb);
    }
    for (e = APR_BRIGADE_FIRST(bb); e != APR_BRIGADE_SENTINEL(bb);
         e = APR_BUCKET_NEXT(e)) {
        if (APR_BUCKET_IS_EOS(e)) {
            apr_bucket_brigade *rest = apr_brigade_split(bb, e);
            apr_status_t rv = APR_SUCCESS;
            if (!APR_BRIGADE_EMPTY(bb)) {
                rv = ap_pass_brigade(f->next, bb);
            }
            isf_req_end(f->r, rq);
            ap_remove_output_filter(f);
            if (rv != APR_SUCCESS) {
                apr_brigade_cleanup(rest);
                return rv;
            }
            return ap_pass_brigade(f->next, rest);
        }
    }
    return ap_pass_brigade(f->next, bb);
}
