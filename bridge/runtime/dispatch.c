/*
 * dispatch.c: one notification down one chain.
 *
 * The caller (the hooks, respond.c, request.c, the raw filters) makes an
 * isf_frame_t with isf_frame_make saying which event, request and headers
 * the notification is about, builds the event's structure, and calls
 * isf_dispatch_run() (runtime.h: the loop is inline).  END_OF_NET_SESSION
 * goes through the same loop (isf_dispatch_session).  The frame is pushed on
 * the connection so the callbacks a filter makes (GetHeader, WriteClient,
 * ServerSupportFunction...) know what they act on; frames nest when a
 * callback raises another notification.
 *
 * Return codes, as IIS gives them meaning:
 *   NEXT_NOTIFICATION       next filter
 *   HANDLED_NOTIFICATION    later filters skip this event; Apache goes on
 *   FINISHED                the filter answered; connection closes
 *   FINISHED_KEEP_CONN      the filter answered; connection may stay
 *   ERROR                   request fails; filter and GetLastError logged
 *   READ_NEXT               only meaningful for READ_RAW_DATA, else NEXT
 *   anything else           logged, then treated as ERROR
 */
#include "runtime/runtime.h"

#include "http_request.h"

__thread isf_slot_t *isf_cur_slot
    __attribute__((tls_model("initial-exec")));

static void isf_log_status(isf_conn_t *ic, isf_frame_t *fr, int level,
                           const char *msg, isf_filter_t *f, DWORD st,
                           DWORD code)
{
    if (fr->r) {
        ap_log_rerror(APLOG_MARK, level, 0, fr->r, "%s%s in %s (status "
                      "0x%08lx, GetLastError %lu)", msg, f->name,
                      isf_event_name(fr->event), (unsigned long)st,
                      (unsigned long)code);
    }
    else {
        ap_log_cerror(APLOG_MARK, level, 0, ic->c, "%s%s in %s (status "
                      "0x%08lx, GetLastError %lu)", msg, f->name,
                      isf_event_name(fr->event), (unsigned long)st,
                      (unsigned long)code);
    }
}

int isf_dispatch_status(isf_conn_t *ic, isf_frame_t *fr, isf_filter_t *f,
                        DWORD st, DWORD *err, isf_result_e *res)
{
    if (isf_trace5 && APLOGctrace5(ic->c)) {
        isf_log_status(ic, fr, APLOG_TRACE5, "", f, st, isf_last_error);
    }
    if (fr->event == SF_NOTIFY_END_OF_NET_SESSION) {
        /* The connection is gone: whatever a filter answers, the next
         * one hears of it too, and nothing is failed or logged. */
        return 0;
    }
    switch (st) {
    case SF_STATUS_REQ_NEXT_NOTIFICATION:
        return 0;
    case SF_STATUS_REQ_READ_NEXT:
        if (fr->event != SF_NOTIFY_READ_RAW_DATA) {
            return 0;
        }
        *res = ISF_READ_NEXT;
        return 1;
    case SF_STATUS_REQ_HANDLED_NOTIFICATION:
        return 1;
    case SF_STATUS_REQ_FINISHED:
        *res = ISF_FINISHED;
        return 1;
    case SF_STATUS_REQ_FINISHED_KEEP_CONN:
        *res = ISF_FINISHED_KEEP;
        return 1;
    case SF_STATUS_REQ_ERROR:
        *err = isf_last_error;
        isf_log_status(ic, fr, APLOG_ERR,
                       ISFLOGNO(5) "SF_STATUS_REQ_ERROR from filter ",
                       f, st, *err);
        *res = ISF_FAILED;
        return 1;
    default:
        *err = isf_last_error;
        isf_log_status(ic, fr, APLOG_ERR,
                       ISFLOGNO(6) "unknown status, treated as "
                       "SF_STATUS_REQ_ERROR, from filter ", f, st, *err);
        *res = ISF_FAILED;
        return 1;
    }
}

int isf_result_to_http(isf_result_e res, DWORD err)
{
    if (res != ISF_FAILED) {
        return DONE;
    }
    /* IIS derives the error response from GetLastError. */
    switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        return HTTP_NOT_FOUND;
    case ERROR_ACCESS_DENIED:
        return HTTP_UNAUTHORIZED;
    default:
        return HTTP_INTERNAL_SERVER_ERROR;
    }
}

isf_result_e isf_dispatch_slow(isf_conn_t *ic, isf_filter_t *const *list,
                               int n, apr_size_t eoff, isf_frame_t *fr,
                               void *notif, DWORD *err, int session)
{
    if (!isf_st_mine.alloc) {
        isf_st_take();
    }
    if (isf_st_mine.cells) {
        return isf_dispatch_loop(ic, list, n, fr, notif, err, session,
                                 isf_st_mine.cells + eoff, 0);
    }
    return isf_dispatch_loop(ic, list, n, fr, notif, err, session,
                             isf_st_mine.shared + eoff, 1);
}

/*
 * The connection is going away: every filter that took part in it hears
 * so, in IIS order, on its port kind, whatever the one before answered,
 * as it frees what it hung on pFilterContext here.
 */
void isf_dispatch_session(isf_conn_t *ic)
{
    const isf_chain_t *ch = isf_g->everyone;
    isf_frame_t fr = isf_frame_make(SF_NOTIFY_END_OF_NET_SESSION, NULL, NULL,
                                    ISF_HDRS_NONE);
    DWORD err = 0;

    isf_dispatch_list(ic, ch->ev[ic->secure][ISF_EV_END_OF_NET_SESSION],
                      ch->n[ic->secure][ISF_EV_END_OF_NET_SESSION],
                      ISF_ST_EV_OFF(ISF_EV_END_OF_NET_SESSION), &fr, NULL,
                      &err, 1);
}
