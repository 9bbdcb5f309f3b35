/*
 * log.c: LOG, from log_transaction, before mod_log_config reads the
 * request.  What the filters change in HTTP_FILTER_LOG is written back
 * into the request (and its internal redirects), so the access log shows
 * it; END_OF_REQUEST comes first if the response was cut short.
 */
#include "hooks/hooks.h"

#include "apr_strings.h"

/* Did the filter change a LOG field?  Re-pointing it at equal text is no
 * change.  Inline: the usual answer is the pointer comparison's. */
static APR_INLINE int isf_log_changed(const char *was, const char *now)
{
    return now != was && (!now || !was || strcmp(now, was));
}

/* A changed field, in the request pool: the filter's memory may not
 * outlive the notification. */
static const char *isf_log_copy(apr_pool_t *p, const char *now)
{
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

    if (!rq || r->main || rq->log_done) {
        return DECLINED;
    }
    /* The response is complete (this runs as its end is committed, inside
     * Apache's output): a WriteClient from now on is refused. */
    rq->committed = 1;
    /* IIS order: END_OF_REQUEST, then LOG.  END_OF_REQUEST has normally
     * fired as the response ended; this covers responses cut short. */
    isf_req_end(r, rq);
    rq->log_done = 1;
    if (!(ch = isf_req_wants(&rq, r, SF_NOTIFY_LOG))) {
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
    fr = isf_frame_make(SF_NOTIFY_LOG, r, rq, ISF_HDRS_NONE);
    isf_dispatch_run(rq->conn, ch, &fr, &lg, &err);

    /* The filter may re-point strings; its memory may not outlive this
     * notification, so every change is copied into the request pool. */
    if (isf_log_changed(was.pszClientHostName, lg.pszClientHostName)) {
        v = isf_log_copy(r->pool, lg.pszClientHostName);
        for (x = r; x; x = x->next) {
            apr_sockaddr_t *sa = apr_pmemdup(x->pool, x->useragent_addr
                                             ? x->useragent_addr
                                             : x->connection->client_addr,
                                             sizeof(*sa));
            x->useragent_addr = sa;  /* a copy, so %h reads useragent_host */
            x->useragent_host = (char *)v;
        }
    }
    if (isf_log_changed(was.pszClientUserName, lg.pszClientUserName)) {
        v = isf_log_copy(r->pool, lg.pszClientUserName);
        for (x = r; x; x = x->next) {
            x->user = *v ? (char *)v : NULL;
        }
    }
    if (isf_log_changed(was.pszOperation, lg.pszOperation)) {
        v = isf_log_copy(r->pool, lg.pszOperation);
        for (x = r; x; x = x->next) {
            x->method = v;
        }
    }
    if (isf_log_changed(was.pszTarget, lg.pszTarget)) {
        v = isf_log_copy(r->pool, lg.pszTarget);
        for (x = r; x; x = x->next) {
            x->uri = (char *)v;
        }
    }
    if (isf_log_changed(was.pszParameters, lg.pszParameters)) {
        v = isf_log_copy(r->pool, lg.pszParameters);
        for (x = r; x; x = x->next) {
            x->args = *v ? (char *)v : NULL;
        }
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
