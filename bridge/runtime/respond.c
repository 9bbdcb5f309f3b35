/*
 * respond.c: responses a filter makes itself.
 *
 * A filter answers a request the IIS way: ServerSupportFunction
 * (SF_REQ_SEND_RESPONSE_HEADER) for the head, WriteClient for the body,
 * then SF_STATUS_REQ_FINISHED or FINISHED_KEEP_CONN.  The head is built
 * here, after the SEND_RESPONSE it raises (isf_send_response, which
 * the head filter raises Apache's own heads with too), and the bytes go
 * to c->output_filters as they are (raw, like IIS), so they pass any
 * raw-data filter and TLS but none of Apache's HTTP filters.  Once a
 * filter has sent a head, Apache's own response for that request is
 * dropped (hooks/output_filters.c), and the hooks end the request when
 * the filter returns (hooks/finish.c).
 */
#include "runtime/runtime.h"

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
        return isf_fail(ERROR_NETNAME_DELETED);
    }
    if (ic->depth >= ISF_MAX_DEPTH) {
        ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, ISFLOGNO(7)
                      "WriteClient nested %d deep: refused", ic->depth);
        return isf_fail(ERROR_NOT_SUPPORTED);
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
        return isf_fail(ERROR_NETNAME_DELETED);
    }
    return TRUE;
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

/* The head's Content-Length frames the body the filter writes (and, on
 * an HTTP/2 stream, clips it): at most one, one decimal number.  Two, or
 * a list, would have the client read the bytes that follow as another
 * message; SetHeader and AddHeader hold SEND_RESPONSE's changes to the
 * same rule (headers.c). */
static int isf_clen_cb(void *data, const char *key, const char *val)
{
    int *n = data;

    (void)key;
    return ++*n == 1 && isf_hdr_clen_ok(val);
}

static int isf_head_clen_sound(apr_table_t *tbl)
{
    int n = 0;

    return apr_table_do(isf_clen_cb, &n, tbl, "Content-Length", NULL);
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
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    for (r = cur->r; r->main; r = r->main)
        ;
    rq = cur->rq;
    /* One head per response; a filter asking for another from the
     * SEND_RESPONSE this one raises would recurse without end. */
    if (rq->head_sent || rq->head_busy || r->assbackwards) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (status && *status) {
        code = isf_status_parse(status, &reason);
        /* A 1xx is not a final status: the next head would follow it. */
        if (code < 200 || !isf_hdr_valid_value(reason, strlen(reason))) {
            return isf_fail(ERROR_INVALID_PARAMETER);
        }
    }
    tbl = apr_table_make(r->pool, 8);
    if (extra && *extra
        && isf_hdr_parse_block(r->pool, extra, strlen(extra), tbl, &why)
           != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(8) "%s: "
                      "SF_REQ_SEND_RESPONSE_HEADER refused: %s",
                      slot->filter->name, why);
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (rq->added) {
        apr_table_overlap(tbl, rq->added, APR_OVERLAP_TABLES_ADD);
    }
    if (!isf_head_clen_sound(tbl)) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(77) "%s: "
                      "SF_REQ_SEND_RESPONSE_HEADER refused: Content-Length "
                      "not one decimal number", slot->filter->name);
        return isf_fail(ERROR_INVALID_PARAMETER);
    }

    /* IIS raises SEND_RESPONSE for heads that filters send, too. */
    if (rq->chain->mask[ic->secure] & SF_NOTIFY_SEND_RESPONSE) {
        isf_frame_t fr = isf_frame_make(SF_NOTIFY_SEND_RESPONSE, r, rq,
                                        ISF_HDRS_HEAD);
        isf_result_e res;
        DWORD err = 0;
        int now;

        fr.head = tbl;
        fr.head_status = &code;
        fr.head_reason = &reason;
        ic->depth++;
        rq->head_busy = 1;
        now = isf_send_response(ic, rq->chain, &fr, code, &res, &err);
        rq->head_busy = 0;
        ic->depth--;
        if (now) {
            code = now;
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
    if (ic->c->master) {
        /* A head mod_http2 cannot parse (a line over 8 KiB) leaves the
         * stream without a response, whatever the filter returns: the
         * request mod_http2 then makes up is refused (PREPROC_HEADERS). */
        ic->answered = 1;
    }
    rq->no_body = r->header_only || code == HTTP_NO_CONTENT
                  || code == HTTP_NOT_MODIFIED;
    if (ic->raw_out) {
        isf_conn_bind_out(ic, rq);
    }
    rq->head_code = code;
    r->status = code;
    r->status_line = apr_psprintf(r->pool, "%d %s", code, reason);
    r->sent_bodyct = 1;
    return isf_write_raw(ic, head, strlen(head));
}
