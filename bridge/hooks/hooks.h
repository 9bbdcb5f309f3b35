/**
 * @file hooks/hooks.h
 * @brief The Apache hooks and request filters that raise the request events.
 *
 * The top layer of bridge/: mod_isapi_filter.c registers these, and they
 * reach down into the raw-data path (raw/raw.h), the runtime and the core.
 *
 *   request_events.c  PREPROC_HEADERS, URL_MAP, AUTHENTICATION,
 *                     AUTH_COMPLETE, and the quick and redirect handlers
 *   output_filters.c  ISAPI_FILTER_HEAD (ACCESS_DENIED, SEND_RESPONSE) and
 *                     ISAPI_FILTER_END (END_OF_REQUEST)
 *   log.c             LOG
 *   finish.c          a request a filter answered, ended
 *   upgrade.c         no protocol switch (h2c) for a request with state
 *   status.c          SetHandler isapi-filter-status and mod_status's
 *                     section: the counters of runtime/stats.c
 */
#ifndef ISF_HOOKS_H
#define ISF_HOOKS_H

#include "raw/raw.h"

#pragma GCC visibility push(hidden)

int isf_ev_preproc_headers(request_rec *r);
int isf_ev_quick_handler(request_rec *r, int lookup);
int isf_ev_url_map(request_rec *r);
int isf_ev_authentication(request_rec *r);
int isf_ev_auth_complete(request_rec *r);
int isf_ev_redirect_handler(request_rec *r);
int isf_ev_log(request_rec *r);
/* finish.c: an HTTP/2 stream's EOS after a filter's own response */
void isf_stream_end(request_rec *r);
/* upgrade.c */
int isf_ev_protocol_propose(conn_rec *c, request_rec *r, server_rec *s,
                            const apr_array_header_t *offers,
                            apr_array_header_t *proposals);

/* status.c */
int isf_status_handler(request_rec *r);
/** mod_status's status_hook (flags: AP_STATUS_*). */
int isf_status_hook(request_rec *r, int flags);

apr_status_t isf_head_filter(ap_filter_t *f, apr_bucket_brigade *bb);
/** Put ISAPI_FILTER_HEAD on r right above HTTP_HEADER. */
void isf_head_filter_add(request_rec *r);

/* ---- framing.c: the body's framing around SEND_RESPONSE ---- */

/** How HTTP_HEADER will delimit the body. */
typedef enum {
    ISF_FRAME_NONE,     /* no body, or the connection's end */
    ISF_FRAME_HEAD,     /* the head's Content-Length or chunked */
    ISF_FRAME_CHUNK     /* HTTP_HEADER will chunk it */
} isf_framing_e;

/** The framing shown to SEND_RESPONSE, to compare with what is left. */
typedef struct {
    isf_framing_e how;
    const char *te_orig;    /* Transfer-Encoding before */
    const char *te_shown;   /* ... as shown (with chunked) */
    const char *cl;         /* Content-Length before */
} isf_framing_t;

/** Before SEND_RESPONSE: show r's framing as it will go out. */
void isf_framing_show(request_rec *r, isf_framing_t *fm);
/** The same, as fr->reveal (fr->reveal_arg is the isf_framing_t): only
 * when a filter's call needs it, see isf_frame_reveal. */
void isf_framing_reveal(isf_frame_t *fr);
/** After it: hand what the filters left (writes: their SetHeader and
 * AddHeader calls on Content-Length and Transfer-Encoding) to
 * HTTP_HEADER, closing the connection where a mistake could desync it. */
void isf_framing_settle(request_rec *r, isf_req_t *rq,
                        const isf_framing_t *fm, int writes);
apr_status_t isf_length_filter(ap_filter_t *f, apr_bucket_brigade *bb);
extern ap_filter_rec_t *isf_length_filter_handle;
apr_status_t isf_end_filter(ap_filter_t *f, apr_bucket_brigade *bb);
extern ap_filter_rec_t *isf_head_filter_handle;
extern ap_filter_rec_t *isf_end_filter_handle;

/**
 * A notification of r ended in res, not ISF_CONTINUE: for ISF_FAILED the
 * HTTP status to answer with; otherwise a filter answered the request,
 * which ends here (END_OF_REQUEST now, keep-alive only when the filter's
 * response framed itself) and DONE is returned.
 */
int isf_req_answered(request_rec *r, isf_req_t *rq, isf_result_e res,
                     DWORD err);

/** What a request hook returns after a notification of r ended in res:
 * DECLINED for ISF_CONTINUE (Apache goes on), else isf_req_answered's
 * answer.  Inline: every request hook ends here. */
static APR_INLINE int isf_req_finish(request_rec *r, isf_req_t *rq,
                                     isf_result_e res, DWORD err)
{
    return res == ISF_CONTINUE ? DECLINED : isf_req_answered(r, rq, res, err);
}

#pragma GCC visibility pop

#endif /* ISF_HOOKS_H */
