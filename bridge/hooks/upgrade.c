/*
 * upgrade.c: a request that asks to change protocols stays HTTP/1.1.
 *
 * httpd switches an HTTP/1.1 request with "Upgrade: h2c" to HTTP/2 in its
 * handler phase, after PREPROC_HEADERS to AUTH_COMPLETE have run for it,
 * and answers it as the new protocol's first stream, a second request
 * made from the first as the filters left it: every event would be
 * raised twice for one client request, and a filter's rewrite of the url
 * or headers applied twice.  IIS has no cleartext upgrade.  So for a
 * request the filters have state for, the protocol_propose hook proposes
 * nothing and stops the other modules' proposals: the request is served
 * on HTTP/1.1, as a server that ignores Upgrade may.  HTTP/2 over TLS
 * (ALPN, no request) and with prior knowledge are not affected.
 */
#include "hooks/hooks.h"

#include "http_protocol.h"

int isf_ev_protocol_propose(conn_rec *c, request_rec *r, server_rec *s,
                            const apr_array_header_t *offers,
                            apr_array_header_t *proposals)
{
    (void)s;
    (void)offers;
    (void)proposals;
    if (!r || !isf_req_get(r)) {
        return DECLINED;
    }
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, ISFLOGNO(74)
                  "Upgrade from %s declined: the request's filters have "
                  "heard it as it is", ap_get_protocol(c));
    /* Not OK nor DECLINED: the hook's run ends here, with no proposal. */
    return DONE;
}
