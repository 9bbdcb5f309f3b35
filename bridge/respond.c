/*
 * respond.c: responses a filter makes itself, and the two request-level
 * output filters that sit around Apache's own response.
 *
 * A filter answers a request the IIS way: ServerSupportFunction
 * (SF_REQ_SEND_RESPONSE_HEADER) for the head, WriteClient for the body,
 * then SF_STATUS_REQ_FINISHED or FINISHED_KEEP_CONN.  The bytes go to
 * c->output_filters as they are (raw, like IIS), so they pass any raw-data
 * filter and TLS but none of Apache's HTTP filters.  Once a filter has
 * sent a head, Apache's own response for that request is dropped
 * (ISAPI_FILTER_HEAD swallows it), and isf_req_finish() ends the request:
 * no EOS, END_OF_REQUEST now, keep-alive only when the filter's head
 * carried a Content-Length its body matched.
 *
 * ISAPI_FILTER_HEAD (AP_FTYPE_PROTOCOL, just before HTTP_HEADER) raises
 * ACCESS_DENIED on a 401 and SEND_RESPONSE on the first brigade of each
 * response, then removes itself.  ISAPI_FILTER_END (just above the
 * connection filters, below chunking) raises END_OF_REQUEST before the
 * response's EOS passes, so WriteClient there still lands in this
 * response.
 */
#include "isf_private.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "http_core.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_time.h"

BOOL isf_write_raw(isf_conn_t *ic, const void *buf, apr_size_t len)
{
    conn_rec *c = ic->c;
    apr_bucket_brigade *bb;
    apr_status_t rv;

    if (ic->closing || c->aborted || ic->raw_dead) {
        /* Gone, or a raw filter ended the connection: nothing more goes
         * out, and the caller should know. */
        SetLastError(ERROR_NETNAME_DELETED);
        return FALSE;
    }
    if (ic->depth >= ISF_MAX_DEPTH) {
        ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, ISFLOGNO(7)
                      "WriteClient nested %d deep: refused", ic->depth);
        SetLastError(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    /* One brigade per nesting level (a raw-data filter writing from
     * inside its own notification needs its own), each made once. */
    if (!ic->wbb[ic->depth]) {
        ic->wbb[ic->depth] = apr_brigade_create(c->pool, c->bucket_alloc);
    }
    bb = ic->wbb[ic->depth];
    /* Transient is safe: the FLUSH makes every filter below write it
     * out (or copy it) before ap_pass_brigade returns, as WriteClient is
     * synchronous in IIS too. */
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_transient_create(buf, len,
                                                          c->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_flush_create(c->bucket_alloc));
    ic->depth++;
    rv = ap_pass_brigade(c->output_filters, bb);
    ic->depth--;
    apr_brigade_cleanup(bb);
    if (rv != APR_SUCCESS || c->aborted) {
        SetLastError(ERROR_NETNAME_DELETED);
        return FALSE;
    }
    return TRUE;
}

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

int isf_req_finish(request_rec *r, isf_req_t *rq, isf_result_e res,
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
    if (res == ISF_FINISHED_KEEP && isf_can_keep_alive(r, rq)) {
        c->keepalive = AP_CONN_KEEPALIVE;
        c->keepalives++;
    }
    else {
        c->keepalive = AP_CONN_CLOSE;
    }
    r->bytes_sent = rq->raw_bytes;
    isf_ev_end_of_request(r, rq);
    return DONE;
}

typedef struct {
    apr_pool_t *p;
    apr_array_header_t *parts;
} isf_head_buf_t;

static int isf_head_line(void *data, const char *key, const char *val)
{
    isf_head_buf_t *hb = data;

    APR_ARRAY_PUSH(hb->parts, const char *) =
        apr_pstrcat(hb->p, key, ": ", val, CRLF, NULL);
    return 1;
}

int isf_table_add_cb(void *data, const char *key, const char *val)
{
    apr_table_add(data, key, val);
    return 1;
}

BOOL isf_send_filter_head(isf_slot_t *slot, const char *status,
                          const char *extra)
{
    isf_conn_t *ic = slot->conn;
    isf_frame_t *cur = ic->frame;
    request_rec *r;
    isf_req_t *rq;
    apr_table_t *tbl;
    isf_head_buf_t hb;
    const char *reason = "OK", *why = NULL, *v;
    char *head;
    int code = HTTP_OK;

    if (!cur || !cur->r || !cur->rq) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    for (r = cur->r; r->main; r = r->main)
        ;
    rq = cur->rq;
    /* One head per response; a filter asking for another from the
     * SEND_RESPONSE this one raises would recurse without end. */
    if (rq->head_sent || rq->head_busy || r->assbackwards) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (status && *status) {
        code = isf_status_parse(status, &reason);
        /* A 1xx is not a final status: the next head would follow it. */
        if (code < 200 || !isf_hdr_valid_value(reason, strlen(reason))) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
    }
    tbl = apr_table_make(r->pool, 8);
    if (extra && *extra
        && isf_hdr_parse_block(r->pool, extra, strlen(extra), tbl, &why)
           != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(8) "%s: "
                      "SF_REQ_SEND_RESPONSE_HEADER refused: %s",
                      slot->filter->name, why);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (rq->added) {
        apr_table_do(isf_table_add_cb, tbl, rq->added, NULL);
    }

    /* IIS raises SEND_RESPONSE for heads that filters send, too. */
    if (rq->chain->mask[ic->secure] & SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE sr;
        isf_frame_t fr;
        DWORD err = 0, given = code;

        sr = isf_hdr_template;
        sr.HttpStatus = given;
        memset(&fr, 0, sizeof(fr));
        fr.event = SF_NOTIFY_SEND_RESPONSE;
        fr.r = r;
        fr.rq = rq;
        fr.hdrs = ISF_HDRS_HEAD;
        fr.head = tbl;
        fr.head_status = &code;
        fr.head_reason = &reason;
        ic->depth++;
        rq->head_busy = 1;
        isf_dispatch_run(ic, rq->chain, &fr, &sr, &err);
        rq->head_busy = 0;
        ic->depth--;
        /* Against the value given, not the current code: a status set
         * with SetHeader("status") must not be undone. */
        if (sr.HttpStatus != given && sr.HttpStatus >= 200
            && sr.HttpStatus <= 599) {
            code = (int)sr.HttpStatus;
            reason = ap_get_status_line(code) + 4;
        }
    }
    if (!*reason) {
        reason = ap_get_status_line(code) + 4;
    }

    if (!apr_table_get(tbl, "Date")) {
        char *date = apr_palloc(r->pool, APR_RFC822_DATE_LEN);
        apr_rfc822_date(date, apr_time_now());
        apr_table_setn(tbl, "Date", date);
    }
    if (!apr_table_get(tbl, "Server")) {
        apr_table_setn(tbl, "Server", ap_get_server_banner());
    }
    if ((v = apr_table_get(tbl, "Content-Length"))) {
        char *end;
        apr_off_t n;
        if (apr_strtoff(&n, v, &end, 10) == APR_SUCCESS && !*end && n >= 0) {
            rq->head_clen = n;
        }
    }

    hb.p = r->pool;
    hb.parts = apr_array_make(r->pool, 12, sizeof(const char *));
    APR_ARRAY_PUSH(hb.parts, const char *) =
        apr_psprintf(r->pool, "%s %d %s" CRLF,
                     r->proto_num >= HTTP_VERSION(1, 1) ? "HTTP/1.1"
                                                        : "HTTP/1.0",
                     code, reason);
    apr_table_do(isf_head_line, &hb, tbl, NULL);
    APR_ARRAY_PUSH(hb.parts, const char *) = CRLF;
    head = apr_array_pstrcat(r->pool, hb.parts, 0);

    rq->head_sent = 1;
    rq->filter_head = 1;
    rq->swallow = 1;
    rq->no_body = r->header_only || code == HTTP_NO_CONTENT
                  || code == HTTP_NOT_MODIFIED;
    if (ic->rout) {
        isf_conn_bind_out(ic, rq);
    }
    rq->head_code = code;
    r->status = code;
    r->status_line = apr_psprintf(r->pool, "%d %s", code, reason);
    r->sent_bodyct = 1;
    return isf_write_raw(ic, head, strlen(head));
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
    /* The raw bytes that follow are r's: its site's filters see them. */
    if (rq->conn->rout) {
        isf_conn_bind_out(rq->conn, rq);
    }
    if (rq->swallow) {
        /* A filter answered this request itself. */
        apr_brigade_cleanup(bb);
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
            fr = (isf_frame_t){ .event = SF_NOTIFY_ACCESS_DENIED, .r = r,
                                .rq = rq };
            res = isf_dispatch_run(rq->conn, ch, &fr, &ad, &err);
        }
        if (res == ISF_CONTINUE && rq->denial) {
            apr_table_do(isf_table_add_cb, r->err_headers_out, rq->denial,
                         NULL);
        }
    }
    if (res == ISF_CONTINUE && (mask & SF_NOTIFY_SEND_RESPONSE)) {
        HTTP_FILTER_SEND_RESPONSE sr;
        DWORD given = r->status;

        sr = isf_hdr_template;
        sr.HttpStatus = given;
        fr = (isf_frame_t){ .event = SF_NOTIFY_SEND_RESPONSE, .r = r,
                            .rq = rq, .hdrs = ISF_HDRS_RESPONSE };
        res = isf_dispatch_run(rq->conn, ch, &fr, &sr, &err);
        /* Only a HttpStatus the filter changed counts: SetHeader("status")
         * may have set r->status meanwhile. */
        if (sr.HttpStatus != given && sr.HttpStatus >= 200
            && sr.HttpStatus <= 599) {
            r->status = (int)sr.HttpStatus;
            r->status_line = NULL;
        }
    }
    if (rq->swallow || res == ISF_FINISHED || res == ISF_FINISHED_KEEP) {
        /* The filter sent its own response from inside the event. */
        isf_req_finish(r, rq, res == ISF_CONTINUE ? ISF_FINISHED : res, 0);
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
    if (!rq || rq->end_done || rq->conn->rout
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
            isf_ev_end_of_request(f->r, rq);
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
