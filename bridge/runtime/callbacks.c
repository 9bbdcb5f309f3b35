/*
 * callbacks.c: the function pointers in HTTP_FILTER_CONTEXT.
 *
 * Each checks its pfc (the slot's magic), its pointers and lengths before
 * touching anything, and answers FALSE with the Win32 error the SDK
 * documents rather than crashing: ERROR_INVALID_PARAMETER for bad
 * arguments or a call outside a request that needs one,
 * ERROR_NOT_SUPPORTED for requests with no Apache meaning.  AllocMem
 * lives in alloc.c, the header callbacks in headers.c.
 *
 * ServerSupportFunction codes:
 *   SEND_RESPONSE_HEADER   supported (respond.c); raises SEND_RESPONSE
 *   ADD_HEADERS_ON_DENIAL  supported; lines added to 401 responses only
 *   SET_NEXT_READ_SIZE     supported; sizes the next raw read
 *   GET_CONNID             emulated: Apache's connection id
 *   GET_PROPERTY           INSTANCE_NUM_ID supported, SSL_CTXT not
 *   NORMALIZE_URL          supported, in place
 *   DISABLE_NOTIFICATIONS  supported: the caller, rest of this request
 *   SET_PROXY_INFO, SET_CERTIFICATE_INFO: not supported
 */
#include "runtime/runtime.h"

#include "apr_strings.h"
#include "http_core.h"
#include "http_request.h"

static BOOL WINAPI isf_cb_GetServerVariable(HTTP_FILTER_CONTEXT *pfc,
                                            LPSTR lpszVariableName,
                                            LPVOID lpvBuffer,
                                            LPDWORD lpdwSize)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);

    if (!slot || !lpszVariableName || !lpdwSize) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    return isf_servervar_get(slot->conn, lpszVariableName, lpvBuffer,
                             lpdwSize);
}

/* The request whose response a filter's headers belong to. */
static request_rec *isf_top_request(isf_frame_t *fr)
{
    request_rec *r = fr->r;

    while (r && r->main) {
        r = r->main;
    }
    return r;
}

static BOOL WINAPI isf_cb_AddResponseHeaders(HTTP_FILTER_CONTEXT *pfc,
                                             LPSTR lpszHeaders,
                                             DWORD dwReserved)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);
    isf_frame_t *fr;
    request_rec *r;
    apr_table_t *t;
    const char *why = NULL;

    (void)dwReserved;
    if (!slot || !lpszHeaders || !(fr = slot->conn->frame) || !fr->rq
        || !(r = isf_top_request(fr))) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    /* Only before the head exists (SEND_RESPONSE has its own AddHeader). */
    if (fr->rq->head_sent || fr->event == SF_NOTIFY_SEND_RESPONSE) {
        return isf_fail(ERROR_NOT_SUPPORTED);
    }
    t = apr_table_make(r->pool, 4);
    if (isf_hdr_parse_block(r->pool, lpszHeaders, strlen(lpszHeaders), t,
                            &why) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(9)
                      "%s: AddResponseHeaders refused: %s",
                      slot->filter->name, why);
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    /* err_headers_out, so they survive error responses and redirects
     * (which share the table). */
    apr_table_overlap(r->err_headers_out, t, APR_OVERLAP_TABLES_ADD);
    if (fr->rq->added) {
        apr_table_overlap(fr->rq->added, t, APR_OVERLAP_TABLES_ADD);
    }
    else {
        fr->rq->added = t;
    }
    return TRUE;
}

/*
 * WriteClient: the bytes belong to the request of the notification (or,
 * from a connection-level one, to no request) and go out at once.  Two
 * cases write nothing:
 *   - the request is complete (LOG, or END_OF_REQUEST raised late from
 *     it): Apache is committing its end, from inside its own output,
 *     possibly after the next request's bytes; FALSE, ERROR_NOT_SUPPORTED;
 *     so is END_OF_REQUEST on an HTTP/2 stream, where nothing follows
 *     the response (t/ops/h2c_upgrade.t);
 *   - the request's head is out and said there is no body (HEAD, 204,
 *     304): the bytes are dropped as Apache drops its own, and the call
 *     succeeds, so the connection stays in step.  From SEND_RAW_DATA the
 *     filter is editing the bytes on the wire, the head's included, and
 *     they go out as it wrote them;
 *   - on an HTTP/2 stream, body bytes past the Content-Length the
 *     filter's own head declared: dropped, and the call succeeds.  On
 *     HTTP/1.1 they go out, the client reads the declared bytes and the
 *     connection closes (hooks/finish.c); in a stream's DATA they are a
 *     protocol error, and the client would lose the whole answer.
 */
static BOOL WINAPI isf_cb_WriteClient(HTTP_FILTER_CONTEXT *pfc,
                                      LPVOID Buffer, LPDWORD lpdwBytes,
                                      DWORD dwReserved)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);
    isf_conn_t *ic;
    isf_req_t *rq;

    (void)dwReserved;
    if (!slot || !lpdwBytes || (!Buffer && *lpdwBytes)) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    ic = slot->conn;
    rq = NULL;
    if (ic->frame) {
        /* Bytes on the wire before the head can change the connection
         * the framing is decided for. */
        isf_frame_reveal(ic->frame);
        rq = ic->frame->rq;
    }
    /* An HTTP/2 stream has no "after the response" for END_OF_REQUEST's
     * bytes (ISAPI_FILTER_END raises it before the stream's EOS): they
     * would land in its DATA past the Content-Length, and the client
     * resets the stream. */
    if (rq && (rq->committed
               || (ic->c->master
                   && ic->frame->event == SF_NOTIFY_END_OF_REQUEST))) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, ic->c, ISFLOGNO(44)
                      "%s: WriteClient after the response was complete "
                      "(in %s): refused", slot->filter->name,
                      isf_event_name(ic->frame->event));
        *lpdwBytes = 0;
        return isf_fail(ERROR_NOT_SUPPORTED);
    }
    if (!*lpdwBytes) {
        return TRUE;
    }
    if (rq && rq->head_sent && rq->no_body
        && ic->frame->event != SF_NOTIFY_SEND_RAW_DATA) {
        rq->raw_bytes += *lpdwBytes;
        return TRUE;
    }
    if (rq && !ic->out_rq && ic->raw_out) {
        isf_conn_bind_out(ic, rq);
    }
    if (rq && rq->filter_head && rq->head_clen >= 0 && ic->c->master
        && ic->frame->event != SF_NOTIFY_SEND_RAW_DATA
        && rq->raw_bytes + *lpdwBytes > rq->head_clen) {
        apr_off_t room = rq->head_clen - rq->raw_bytes;

        if (room > 0 && !isf_write_raw(ic, Buffer, (apr_size_t)room)) {
            *lpdwBytes = 0;
            return FALSE;
        }
        rq->raw_bytes += *lpdwBytes;
        return TRUE;
    }
    if (!isf_write_raw(ic, Buffer, *lpdwBytes)) {
        *lpdwBytes = 0;
        return FALSE;
    }
    if (rq) {
        rq->raw_bytes += *lpdwBytes;
    }
    return TRUE;
}

static BOOL isf_ssf_denial(isf_slot_t *slot, const char *lines)
{
    isf_frame_t *fr = slot->conn->frame;
    request_rec *r;
    apr_table_t *t;
    const char *why = NULL;

    if (!lines || !fr || !fr->rq || !(r = isf_top_request(fr))) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (fr->rq->head_sent) {
        /* Too late to reach a 401's head (and a call per raw window must
         * not grow the request). */
        return isf_fail(ERROR_NOT_SUPPORTED);
    }
    t = apr_table_make(r->pool, 2);
    if (isf_hdr_parse_block(r->pool, lines, strlen(lines), t, &why)
        != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(10)
                      "%s: SF_REQ_ADD_HEADERS_ON_DENIAL refused: %s",
                      slot->filter->name, why);
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (fr->rq->denial) {
        apr_table_overlap(fr->rq->denial, t, APR_OVERLAP_TABLES_ADD);
    }
    else {
        fr->rq->denial = t;
    }
    return TRUE;
}

static BOOL isf_ssf_disable(isf_slot_t *slot, ULONG_PTR bits)
{
    isf_frame_t *fr = slot->conn->frame;
    isf_req_t *rq;

    if (!fr || !(rq = fr->rq) || !(bits & ISF_EVENT_MASK)) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    /* END_OF_NET_SESSION stays: the filter needs it to clean up. */
    isf_req_disable(rq, slot->filter->idx, (DWORD)bits & ISF_EVENT_MASK
                                           & ~SF_NOTIFY_END_OF_NET_SESSION);
    return TRUE;
}

static BOOL isf_ssf_property(isf_slot_t *slot, void *pData, ULONG_PTR prop)
{
    isf_frame_t *fr = slot->conn->frame;
    server_rec *s;
    isf_srv_conf *conf;

    if (prop == SF_PROPERTY_SSL_CTXT) {
        return isf_fail(ERROR_NOT_SUPPORTED);
    }
    if (prop != SF_PROPERTY_INSTANCE_NUM_ID || !pData) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    s = fr && fr->r ? fr->r->server : slot->conn->c->base_server;
    conf = isf_srv_conf_of(s);
    *(DWORD *)pData = conf->instance_id;
    return TRUE;
}

/* A SET_NEXT_READ_SIZE request as a read size: at most ISAPIFilterReadLimit
 * of the connection's server. */
static apr_size_t isf_next_read_clamp(isf_conn_t *ic, ULONG_PTR want)
{
    isf_srv_conf *conf = isf_srv_conf_of(ic->c->base_server);
    apr_size_t limit = (apr_size_t)conf->read_limit;

    return want > limit ? limit : (apr_size_t)want;
}

static BOOL WINAPI isf_cb_ServerSupportFunction(HTTP_FILTER_CONTEXT *pfc,
                                                enum SF_REQ_TYPE sfReq,
                                                PVOID pData, ULONG_PTR ul1,
                                                ULONG_PTR ul2)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);

    (void)ul2;
    if (!slot) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (slot->conn->frame) {
        /* A head of its own, or anything else that may change the
         * status or the connection: the framing is shown first. */
        isf_frame_reveal(slot->conn->frame);
    }
    switch (sfReq) {
    case SF_REQ_SEND_RESPONSE_HEADER:
        return isf_send_filter_head(slot, pData, (const char *)ul1);
    case SF_REQ_ADD_HEADERS_ON_DENIAL:
        return isf_ssf_denial(slot, pData);
    case SF_REQ_SET_NEXT_READ_SIZE:
        if (!ul1) {
            return isf_fail(ERROR_INVALID_PARAMETER);
        }
        /* Any size (a filter may pass (ULONG_PTR)-1 for "as much as
         * you can") is clamped to what READ_NEXT may hold. */
        slot->conn->next_read = isf_next_read_clamp(slot->conn, ul1);
        return TRUE;
    case SF_REQ_GET_CONNID:
        if (!pData) {
            return isf_fail(ERROR_INVALID_PARAMETER);
        }
        *(DWORD *)pData = slot->conn->connid;
        return TRUE;
    case SF_REQ_GET_PROPERTY:
        return isf_ssf_property(slot, pData, ul1);
    case SF_REQ_NORMALIZE_URL:
        if (!pData || !isf_normalize_url(pData)) {
            return isf_fail(ERROR_INVALID_PARAMETER);
        }
        return TRUE;
    case SF_REQ_DISABLE_NOTIFICATIONS:
        return isf_ssf_disable(slot, ul1);
    case SF_REQ_SET_PROXY_INFO:
    case SF_REQ_SET_CERTIFICATE_INFO:
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, slot->conn->c,
                      ISFLOGNO(11) "%s: ServerSupportFunction(%d) is not "
                      "supported", slot->filter->name, (int)sfReq);
        return isf_fail(ERROR_NOT_SUPPORTED);
    default:
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
}

void isf_slot_init_callbacks(HTTP_FILTER_CONTEXT *pfc)
{
    pfc->GetServerVariable = isf_cb_GetServerVariable;
    pfc->AddResponseHeaders = isf_cb_AddResponseHeaders;
    pfc->WriteClient = isf_cb_WriteClient;
    pfc->AllocMem = isf_cb_AllocMem;
    pfc->ServerSupportFunction = isf_cb_ServerSupportFunction;
}
