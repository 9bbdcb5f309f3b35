/*
 * events.c: the request-level notifications, as the Apache hooks raise
 * them (see register_hooks in mod_isapi_filter.c for each position).
 *
 *   post_read_request  PREPROC_HEADERS; a FINISHED/ERROR outcome is acted
 *                      on by quick_handler, so the connection can stay
 *   map_to_storage     URL_MAP, for the request and every sub-request
 *   header_parser      AUTHENTICATION (Basic or anonymous requests)
 *   fixups             AUTH_COMPLETE; a url change becomes an internal
 *                      redirect performed by the handler hook
 *   ISAPI_FILTER_HEAD  ACCESS_DENIED (401s) and SEND_RESPONSE, on the
 *                      first brigade before HTTP_HEADER serializes it
 *   ISAPI_FILTER_END   END_OF_REQUEST when the response's EOS passes,
 *                      below chunking, so WriteClient lands after the body
 *   log_transaction    LOG, written back into request_rec for mod_log_config
 *
 * One isf_req_t per request lives in the original request's
 * request_config; internal redirects share it, sub-requests reach it
 * through r->main.  mod_isapi_filter.c registers a hook only when some
 * loaded filter registered its event; for a request whose site's filters
 * did not, the hook costs a pointer load and a bit test.
 */
#include "isf_private.h"

#include <stdlib.h>

#include "apr_strings.h"
#include "http_core.h"
#include "http_protocol.h"
#include "http_request.h"

ap_filter_rec_t *isf_head_filter_handle;
ap_filter_rec_t *isf_end_filter_handle;

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

/* The chain of r's server, or NULL when event is not wanted there.  The
 * chain's mask is looked at before the request state is searched for. */
static const isf_chain_t *isf_wants(isf_req_t **rqp, request_rec *r,
                                    DWORD event)
{
    const isf_chain_t *ch = isf_chain_for(r->server);
    isf_req_t *rq;

    if (!((ch->mask[0] | ch->mask[1]) & event)
        || !(rq = *rqp ? *rqp : isf_req_get(r))) {
        return NULL;
    }
    *rqp = rq;
    return (ch->mask[rq->conn->secure] & event) ? ch : NULL;
}

#define isf_frame_init(fr, ev, req, rqs, kind) \
    (*(fr) = (isf_frame_t){ .event = (ev), .r = (req), .rq = (rqs), \
                            .hdrs = (kind) })

int isf_ev_create_request(request_rec *r)
{
    const isf_global_t *g = isf_global_get();

    /* Added once, to the original request's protocol chain, so that
     * internal redirects and error responses keep them.  They must be
     * in place before HTTP_HEADER, which http_core adds last. */
    if (r->main || r->prev) {
        return DECLINED;
    }
    if (g->need_head) {
        ap_add_output_filter_handle(isf_head_filter_handle, NULL, r,
                                    r->connection);
    }
    if (g->need_end) {
        ap_add_output_filter_handle(isf_end_filter_handle, NULL, r,
                                    r->connection);
    }
    return DECLINED;
}

int isf_ev_preproc_headers(request_rec *r)
{
    const isf_chain_t *ch;
    isf_conn_t *ic;
    isf_req_t *rq;
    isf_frame_t fr;
    HTTP_FILTER_PREPROC_HEADERS ph;

    if (r->prev) {
        /* An internal redirect is the same request to a filter. */
        rq = isf_req_get(r->prev);
        if (rq) {
            ap_set_module_config(r->request_config, &isapi_filter_module,
                                 rq);
        }
        return DECLINED;
    }
    if (r->main) {
        return DECLINED;
    }
    ch = isf_chain_for(r->server);
    if (!ch->all->nelts || !(ic = isf_conn_get(r->connection, 1))) {
        return DECLINED;
    }
    if (ic->joined != ch) {
        isf_conn_join(ic, ch, 0);
    }
    if ((ch->mask[ic->secure] & SF_NOTIFY_SEND_RAW_DATA) && !ic->rout
        && !r->connection->master) {
        /* A site filter wants this response's raw bytes. */
        isf_raw_attach(r->connection, ic, ch, r);
    }
    rq = isf_req_make(r, ic, ch);

    if (!(ch->mask[ic->secure] & SF_NOTIFY_PREPROC_HEADERS)) {
        return DECLINED;
    }
    ph = isf_hdr_template;
    isf_frame_init(&fr, SF_NOTIFY_PREPROC_HEADERS, r, rq, ISF_HDRS_REQUEST);
    rq->pre_res = isf_dispatch_run(ic, ch, &fr, &ph, &rq->pre_err);
    if (rq->filter_head) {
        /* httpd processes (and logs) a request read in post_read_request
         * only while its status is 200: a filter's own 302 there would
         * lose it.  isf_req_finish puts the head's status back. */
        r->status = HTTP_OK;
    }
    /* Acted on in quick_handler: failing post_read_request would close
     * the connection, which FINISHED_KEEP_CONN must not do. */
    return DECLINED;
}

int isf_ev_quick_handler(request_rec *r, int lookup)
{
    isf_req_t *rq;

    if (lookup || r->main || r->prev) {
        return DECLINED;
    }
    rq = ap_get_module_config(r->request_config, &isapi_filter_module);
    if (!rq || rq->pre_res == ISF_CONTINUE) {
        return DECLINED;
    }
    return isf_req_finish(r, rq, rq->pre_res, rq->pre_err);
}

/*
 * The path URL_MAP's filters left: in the bridge's buffer, or in memory a
 * filter pointed pszPhysicalPath at, its own buffer or an AllocMem block,
 * as IIS filters do (isf_path_outcome reads it without writing there).
 * Anything else keeps the old path.
 */
static const char *isf_url_map_path(request_rec *r, char *buf,
                                    apr_size_t cap, const char *now)
{
    const char *path;
    apr_ssize_t n = isf_path_outcome(buf, cap, now, &path);

    if (n >= 0) {
        return path == buf ? buf : apr_pstrmemdup(r->pool, path,
                                                  (apr_size_t)n);
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(43) "URL_MAP: "
                  "pszPhysicalPath was pointed at %s; the path stays %s",
                  now ? "a string longer than the path buffer" : "NULL",
                  r->filename);
    return r->filename;
}

int isf_ev_url_map(request_rec *r)
{
    isf_req_t *rq = NULL;
    const isf_chain_t *ch = isf_wants(&rq, r, SF_NOTIFY_URL_MAP);
    HTTP_FILTER_URL_MAP_EX um;
    isf_frame_t fr;
    isf_result_e res;
    const char *root, *path;
    apr_size_t len, rootlen, cap;
    DWORD err = 0;
    char *buf;

    if (!ch || !r->filename || !r->uri) {
        return DECLINED;
    }
    if (rq->conn->frame && rq->conn->frame->event == SF_NOTIFY_URL_MAP) {
        /* IIS recurses here when a URL_MAP handler asks for
         * PATH_TRANSLATED; we answer that from the frame instead, and a
         * sub-request made while mapping is not mapped again. */
        return DECLINED;
    }
    len = strlen(r->filename);
    memset(&um, 0, sizeof(um));
    /* The filter may change cbPathBuff and pszPhysicalPath: cap and buf
     * are what the bridge allocated, and all it relies on afterwards. */
    cap = len + 1 > ISF_PATH_BUFF ? len + 1 : ISF_PATH_BUFF;
    um.cbPathBuff = (DWORD)cap;
    buf = apr_palloc(r->pool, cap);
    memcpy(buf, r->filename, len + 1);
    um.pszURL = r->uri;
    um.pszPhysicalPath = buf;
    root = ap_document_root(r);
    rootlen = root ? strlen(root) : 0;
    if (rootlen && !strncmp(r->filename, root, rootlen)) {
        um.cchMatchingPath = rootlen;
        um.cchMatchingURL = 1;
    }
    isf_frame_init(&fr, SF_NOTIFY_URL_MAP, r, rq, ISF_HDRS_NONE);
    fr.url_map_path = buf;
    res = isf_dispatch_run(rq->conn, ch, &fr, &um, &err);
    path = isf_url_map_path(r, buf, cap, um.pszPhysicalPath);
    if (strcmp(path, r->filename)) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "URL_MAP: %s -> %s",
                      r->filename, path);
        r->filename = apr_pstrdup(r->pool, path);
        r->canonical_filename = r->filename;
        r->finfo.filetype = APR_NOFILE;
        r->path_info = NULL;
    }
    if (res == ISF_CONTINUE) {
        return DECLINED;
    }
    if (r->main && res != ISF_FAILED) {
        /* A sub-request cannot answer for its parent. */
        return DECLINED;
    }
    return isf_req_finish(r, rq, res, err);
}

int isf_ev_authentication(request_rec *r)
{
    isf_req_t *rq = NULL;
    const isf_chain_t *ch = isf_wants(&rq, r, SF_NOTIFY_AUTHENTICATION);
    HTTP_FILTER_AUTHENT au;
    isf_frame_t fr;
    isf_result_e res;
    const char *hdr, *user = "", *pass = "";
    apr_size_t ulen, plen;
    DWORD err = 0;

    if (!ch || r->main || r->prev) {
        return DECLINED;
    }
    hdr = apr_table_get(r->headers_in, "Authorization");
    if (hdr && isf_basic_decode(r->pool, hdr, &user, &pass)
               != APR_SUCCESS) {
        /* IIS raises AUTHENTICATION for anonymous and Basic only. */
        return DECLINED;
    }
    ulen = strlen(user);
    plen = strlen(pass);
    au.cbUserBuff = ulen + 1 > SF_MAX_USERNAME ? ulen + 1 : SF_MAX_USERNAME;
    au.cbPasswordBuff = plen + 1 > SF_MAX_PASSWORD ? plen + 1
                                                   : SF_MAX_PASSWORD;
    au.pszUser = apr_pcalloc(r->pool, au.cbUserBuff);
    au.pszPassword = apr_pcalloc(r->pool, au.cbPasswordBuff);
    memcpy(au.pszUser, user, ulen);
    memcpy(au.pszPassword, pass, plen);
    {
        /* The filter may not grow its buffers; remember their sizes. */
        DWORD ucap = au.cbUserBuff, pcap = au.cbPasswordBuff;
        char *ubuf = au.pszUser, *pbuf = au.pszPassword;

        isf_frame_init(&fr, SF_NOTIFY_AUTHENTICATION, r, rq, ISF_HDRS_NONE);
        res = isf_dispatch_run(rq->conn, ch, &fr, &au, &err);
        ubuf[ucap - 1] = '\0';
        pbuf[pcap - 1] = '\0';
        if (strcmp(ubuf, user) || strcmp(pbuf, pass)) {
            if (*ubuf || *pbuf) {
                apr_table_setn(r->headers_in, "Authorization",
                               isf_basic_encode(r->pool, ubuf, pbuf));
            }
            else {
                apr_table_unset(r->headers_in, "Authorization");
            }
        }
        rq->password = pbuf;
    }
    if (res == ISF_CONTINUE) {
        return DECLINED;
    }
    return isf_req_finish(r, rq, res, err);
}

int isf_ev_auth_complete(request_rec *r)
{
    isf_req_t *rq = NULL;
    const isf_chain_t *ch = isf_wants(&rq, r, SF_NOTIFY_AUTH_COMPLETE);
    HTTP_FILTER_AUTH_COMPLETE_INFO ai;
    isf_frame_t fr;
    isf_result_e res;
    DWORD err = 0;

    if (!ch || r->main || r->prev) {
        return DECLINED;
    }
    memset(&ai, 0, sizeof(ai));
    isf_hdr_fill_auth(&ai);
    ai.HttpStatus = r->status;
    isf_frame_init(&fr, SF_NOTIFY_AUTH_COMPLETE, r, rq, ISF_HDRS_REQUEST);
    res = isf_dispatch_run(rq->conn, ch, &fr, &ai, &err);
    if (res == ISF_CONTINUE) {
        return DECLINED;
    }
    return isf_req_finish(r, rq, res, err);
}

int isf_ev_redirect_handler(request_rec *r)
{
    isf_req_t *rq = isf_req_get(r);
    const char *to;

    if (!rq || r->main) {
        return DECLINED;
    }
    rq->in_handler = 1;
    if (!rq->redirect_to || r->prev) {
        return DECLINED;
    }
    to = rq->redirect_to;
    rq->redirect_to = NULL;
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "AUTH_COMPLETE changed "
                  "url: internal redirect to %s", to);
    ap_internal_redirect(to, r);
    return OK;
}

void isf_ev_end_of_request(request_rec *r, isf_req_t *rq)
{
    const isf_chain_t *ch;
    isf_frame_t fr;
    DWORD err = 0;

    if (rq->end_done) {
        return;
    }
    rq->end_done = 1;
    if (!(ch = isf_wants(&rq, r, SF_NOTIFY_END_OF_REQUEST))) {
        return;
    }
    isf_frame_init(&fr, SF_NOTIFY_END_OF_REQUEST, r, rq, ISF_HDRS_NONE);
    isf_dispatch_run(rq->conn, ch, &fr, NULL, &err);
}

/* Copy a LOG field back when the filter re-pointed it. */
static const char *isf_log_field(apr_pool_t *p, const char *was,
                                 const char *now, int *changed)
{
    if (now == was || (now && was && !strcmp(now, was))) {
        *changed = 0;
        return was;
    }
    *changed = 1;
    return now ? apr_pstrdup(p, now) : "";
}

int isf_ev_log(request_rec *r)
{
    isf_req_t *rq = isf_req_get(r);
    const isf_chain_t *ch;
    request_rec *last = r, *x;
    HTTP_FILTER_LOG lg, was;
    isf_frame_t fr;
    const char *v;
    DWORD err = 0;
    int changed;

    if (!rq || r->main || rq->log_done) {
        return DECLINED;
    }
    /* The response is complete (this runs as its end is committed, inside
     * Apache's output): a WriteClient from now on is refused. */
    rq->committed = 1;
    /* IIS order: END_OF_REQUEST, then LOG.  END_OF_REQUEST has normally
     * fired as the response ended; this covers responses cut short. */
    isf_ev_end_of_request(r, rq);
    rq->log_done = 1;
    if (!(ch = isf_wants(&rq, r, SF_NOTIFY_LOG))) {
        return DECLINED;
    }
    while (last->next) {
        last = last->next;
    }
    memset(&lg, 0, sizeof(lg));
    lg.pszClientHostName = r->useragent_ip ? r->useragent_ip
                                           : r->connection->client_ip;
    lg.pszClientUserName = last->user ? last->user : "";
    lg.pszServerName = r->server->server_hostname
                       ? r->server->server_hostname : "";
    lg.pszOperation = r->method ? r->method : "";
    lg.pszTarget = r->uri ? r->uri : "";
    lg.pszParameters = r->args ? r->args : "";
    lg.dwHttpStatus = last->status;
    lg.dwWin32Status = rq->pre_err;
    lg.dwBytesSent = (DWORD)(last->bytes_sent
                             + (rq->finished ? 0 : rq->raw_bytes));
    lg.dwBytesRecvd = (DWORD)r->read_length;
    lg.msTimeForProcessing = (DWORD)((apr_time_now() - r->request_time)
                                     / 1000);
    was = lg;
    isf_frame_init(&fr, SF_NOTIFY_LOG, r, rq, ISF_HDRS_NONE);
    isf_dispatch_run(rq->conn, ch, &fr, &lg, &err);

    /* The filter may re-point strings; its memory may not outlive this
     * notification, so every change is copied into the request pool. */
    v = isf_log_field(r->pool, was.pszClientHostName,
                      lg.pszClientHostName, &changed);
    if (changed) {
        for (x = r; x; x = x->next) {
            apr_sockaddr_t *sa = apr_pmemdup(x->pool, x->useragent_addr
                                             ? x->useragent_addr
                                             : x->connection->client_addr,
                                             sizeof(*sa));
            x->useragent_addr = sa;  /* a copy, so %h reads useragent_host */
            x->useragent_host = (char *)v;
        }
    }
    v = isf_log_field(r->pool, was.pszClientUserName, lg.pszClientUserName,
                      &changed);
    for (x = r; changed && x; x = x->next) {
        x->user = *v ? (char *)v : NULL;
    }
    v = isf_log_field(r->pool, was.pszOperation, lg.pszOperation, &changed);
    for (x = r; changed && x; x = x->next) {
        x->method = v;
    }
    v = isf_log_field(r->pool, was.pszTarget, lg.pszTarget, &changed);
    for (x = r; changed && x; x = x->next) {
        x->uri = (char *)v;
    }
    v = isf_log_field(r->pool, was.pszParameters, lg.pszParameters,
                      &changed);
    for (x = r; changed && x; x = x->next) {
        x->args = *v ? (char *)v : NULL;
    }
    if (lg.dwHttpStatus != was.dwHttpStatus
        && lg.dwHttpStatus >= 100 && lg.dwHttpStatus <= 999) {
        for (x = r; x; x = x->next) {
            x->status = (int)lg.dwHttpStatus;
        }
    }
    if (lg.dwBytesSent != was.dwBytesSent) {
        last->bytes_sent = lg.dwBytesSent;
    }
    return DECLINED;
}
