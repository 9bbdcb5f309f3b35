/*
 * dispatch.c: one notification down one chain.
 *
 * The caller (events.c, respond.c, raw I/O) fills an isf_frame_t saying
 * which event, request and headers the notification is about, builds the
 * event's structure, and calls isf_dispatch_run().  The frame is pushed on
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
#include "isf_private.h"

#include "http_request.h"

__thread isf_slot_t *isf_cur_slot
    __attribute__((tls_model("initial-exec"), visibility("hidden")));

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
        isf_log_status(ic, fr, APLOG_TRACE5, "", f, st, GetLastError());
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
        *err = GetLastError();
        isf_log_status(ic, fr, APLOG_ERR,
                       ISFLOGNO(5) "SF_STATUS_REQ_ERROR from filter ",
                       f, st, *err);
        *res = ISF_FAILED;
        return 1;
    default:
        *err = GetLastError();
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
