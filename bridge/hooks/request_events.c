/*
 * request_events.c: the request-level notifications, as the Apache hooks
 * raise them (see register_hooks in mod_isapi_filter.c for each position).
 *
 *   post_read_request  PREPROC_HEADERS; a FINISHED/ERROR outcome is acted
 *                      on by quick_handler, so the connection can stay
 *   map_to_storage     URL_MAP, for the request and every sub-request
 *   header_parser      AUTHENTICATION (Basic or anonymous requests)
 *   fixups             AUTH_COMPLETE; a url change becomes an internal
 *                      redirect performed by the handler hook
 *   ISAPI_FILTER_HEAD  ACCESS_DENIED (401s) and SEND_RESPONSE, on the
 *                      first brigade before HTTP_HEADER serializes it
 *                      (output_filters.c)
 *   ISAPI_FILTER_END   END_OF_REQUEST when the response's EOS passes,
 *                      below chunking, so WriteClient lands after the body
 *                      (output_filters.c)
 *   log_transaction    LOG, written back into request_rec for
 *                      mod_log_config (log.c)
 *
 * PREPROC_HEADERS makes the request's state (runtime/request.c); a filter
 * answering the request is finished by finish.c.  mod_isapi_filter.c
 * registers a hook only when some
 * loaded filter registered its event; for a request whose site's filters
 * did not, the hook costs a pointer load and a bit test.
 */
#include "hooks/hooks.h"

#include "apr_strings.h"
#include "http_core.h"
#include "http_protocol.h"
#include "http_request.h"

/*
 * A filter of r's site (or a global one) failed to load in this child
 * (runtime/loader.c logged it once): IIS answers the site's requests 500,
 * and no filter hears of them.  Cold and out of line, so that the check
 * costs the request path a load and a test.
 */
static int __attribute__((noinline, cold)) isf_ev_failed_site(request_rec *r)
{
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(48) "a filter of "
                  "this site did not load in this process: 500");
    return HTTP_INTERNAL_SERVER_ERROR;
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
    if (!ch->all->nelts) {
        return DECLINED;
    }
    if (ch->failed) {
        return isf_ev_failed_site(r);
    }
    if (!(ic = isf_conn_get(r->connection, 1))) {
        return DECLINED;
    }
    if (ic->answered) {
        /* One request per HTTP/2 stream: this one is mod_http2's stand-in
         * for a response it found no head in after a filter answered the
         * stream's request (hooks/finish.c).  Its filters heard that
         * request already; they hear nothing of this one, and the stream
         * is reset as that answer left it, without Apache's 500. */
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, ISFLOGNO(76)
                      "a second request on an HTTP/2 stream a filter "
                      "answered: stream reset");
        r->connection->aborted = 1;
        return DECLINED;
    }
    if (ic->joined != ch) {
        isf_conn_join(ic, ch, 0);
    }
    if ((ch->mask[ic->secure] & SF_NOTIFY_SEND_RAW_DATA) && !ic->raw_out
        && !r->connection->master) {
        /* A site filter wants this response's raw bytes. */
        isf_raw_attach(r->connection, ic, ch, r);
    }
    rq = isf_req_make(r, ic, ch);
    /* ISAPIFilterEngine/Enable/Disable outside sections (perurl.c). */
    isf_url_preproc(r, rq);
    /* The request's own output filters, on its protocol chain, so that
     * internal redirects and error responses keep them; only a request
     * with state needs them.  The head filter always: any filter may ask
     * for ADD_HEADERS_ON_DENIAL or send its own head.  With a raw output
     * filter on the connection (its flag never goes back), END_OF_REQUEST
     * waits for the EOR there and ISAPI_FILTER_END would only step aside:
     * not added. */
    isf_head_filter_add(r);
    if ((ch->mask[ic->secure] & SF_NOTIFY_END_OF_REQUEST) && !ic->raw_out) {
        ap_add_output_filter_handle(isf_end_filter_handle, NULL, r,
                                    r->connection);
    }

    if (!(ch->mask[ic->secure] & SF_NOTIFY_PREPROC_HEADERS)) {
        return DECLINED;
    }
    ph = isf_hdr_template;
    fr = isf_frame_make(SF_NOTIFY_PREPROC_HEADERS, r, rq, ISF_HDRS_REQUEST);
    rq->pre_res = isf_dispatch_run(ic, ch, &fr, &ph, &rq->pre_err);
    if (rq->filter_head) {
        /* httpd processes (and logs) a request read in post_read_request
         * only while its status is 200: a filter's own 302 there would
         * lose it.  isf_req_answered puts the head's status back. */
        r->status = HTTP_OK;
    }
    /* Acted on in quick_handler: failing post_read_request would close
     * the connection, which FINISHED_KEEP_CONN must not do. */
    return DECLINED;
}

int isf_ev_quick_handler(request_rec *r, int lookup)
{
    isf_req_t *rq = ap_get_module_config(r->request_config,
                                         &isapi_filter_module);

    /* The outcome first: it is ISF_CONTINUE on almost every request.  An
     * internal redirect shares its original's state, so r->prev counts. */
    if (!rq || rq->pre_res == ISF_CONTINUE || lookup || r->main
        || r->prev) {
        return DECLINED;
    }
    return isf_req_answered(r, rq, rq->pre_res, rq->pre_err);
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
    const isf_chain_t *ch = isf_req_wants(&rq, r, SF_NOTIFY_URL_MAP);
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
    um = (HTTP_FILTER_URL_MAP_EX){ 0 };
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
    fr = isf_frame_make(SF_NOTIFY_URL_MAP, r, rq, ISF_HDRS_NONE);
    fr.url_map_path = buf;
    fr.url_map_cap = cap;
    res = isf_dispatch_run(rq->conn, ch, &fr, &um, &err);
    path = isf_url_map_path(r, buf, cap, um.pszPhysicalPath);
    /* Left in the bridge's buffer (cap > len bytes), the path compares
     * with one memcmp; a copy of other memory may be shorter. */
    if (path == buf ? memcmp(buf, r->filename, len + 1) != 0
                    : strcmp(path, r->filename) != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "URL_MAP: %s -> %s",
                      r->filename, path);
        r->filename = apr_pstrdup(r->pool, path);
        r->canonical_filename = r->filename;
        r->finfo.filetype = APR_NOFILE;
        r->path_info = NULL;
    }
    if (r->main && res != ISF_FAILED) {
        /* A sub-request cannot answer for its parent. */
        return DECLINED;
    }
    return isf_req_finish(r, rq, res, err);
}

/* Does buf (at least len + 1 bytes, terminated) hold other text than s
 * (len bytes and its NUL)?  An empty s costs a load. */
static APR_INLINE int isf_str_differs(const char *buf, const char *s,
                                      apr_size_t len)
{
    return len ? memcmp(buf, s, len + 1) != 0 : *buf != '\0';
}

int isf_ev_authentication(request_rec *r)
{
    isf_req_t *rq = NULL;
    const isf_chain_t *ch = isf_req_wants(&rq, r, SF_NOTIFY_AUTHENTICATION);
    HTTP_FILTER_AUTHENT au;
    isf_result_e res;
    const char *hdr, *user = "", *pass = "";
    apr_size_t ulen, plen;
    DWORD err = 0;

    if (!ch || r->main || r->prev) {
        return DECLINED;
    }
    /* Per-URL control: from here on, the merged configuration decides. */
    isf_url_perdir(r, rq);
    hdr = apr_table_get(r->headers_in, "Authorization");
    if (hdr && isf_basic_decode(r->pool, hdr, &user, &pass)
               != APR_SUCCESS) {
        /* IIS raises AUTHENTICATION for anonymous and Basic only. */
        return DECLINED;
    }
    /* Anonymous (the usual case) without a call. */
    ulen = *user ? strlen(user) : 0;
    plen = *pass ? strlen(pass) : 0;
    au.cbUserBuff = ulen + 1 > SF_MAX_USERNAME ? ulen + 1 : SF_MAX_USERNAME;
    au.cbPasswordBuff = plen + 1 > SF_MAX_PASSWORD ? plen + 1
                                                   : SF_MAX_PASSWORD;
    /* One zeroed block for both buffers: the filter may read all of
     * each, and no earlier request's bytes may be there. */
    au.pszUser = apr_pcalloc(r->pool, au.cbUserBuff + au.cbPasswordBuff);
    au.pszPassword = au.pszUser + au.cbUserBuff;
    memcpy(au.pszUser, user, ulen);
    memcpy(au.pszPassword, pass, plen);
    {
        /* The filter may not grow its buffers; remember their sizes. */
        DWORD ucap = au.cbUserBuff, pcap = au.cbPasswordBuff;
        char *ubuf = au.pszUser, *pbuf = au.pszPassword;
        isf_frame_t fr = isf_frame_make(SF_NOTIFY_AUTHENTICATION, r, rq,
                                        ISF_HDRS_NONE);

        res = isf_dispatch_run(rq->conn, ch, &fr, &au, &err);
        ubuf[ucap - 1] = '\0';
        pbuf[pcap - 1] = '\0';
        if (isf_str_differs(ubuf, user, ulen)
            || isf_str_differs(pbuf, pass, plen)) {
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
    return isf_req_finish(r, rq, res, err);
}

int isf_ev_auth_complete(request_rec *r)
{
    isf_req_t *rq = NULL;
    const isf_chain_t *ch = isf_req_wants(&rq, r, SF_NOTIFY_AUTH_COMPLETE);
    HTTP_FILTER_AUTH_COMPLETE_INFO ai;
    isf_result_e res;
    DWORD err = 0;

    if (!ch || r->main || r->prev) {
        return DECLINED;
    }
    isf_url_perdir(r, rq);
    ai = isf_auth_template;
    ai.HttpStatus = r->status;
    {
        isf_frame_t fr = isf_frame_make(SF_NOTIFY_AUTH_COMPLETE, r, rq,
                                        ISF_HDRS_REQUEST);
        res = isf_dispatch_run(rq->conn, ch, &fr, &ai, &err);
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
