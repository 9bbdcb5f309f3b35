/*
 * h2_answer.c: a filter that answers requests itself from the event the
 * request names, the ways IIS filters do (t/ops/h2_answer_events.t).
 * Request headers:
 *
 *   X-H2-Event  preproc, url_map, authn, auth_complete, send_response or
 *               access_denied: where it answers (no header: nothing)
 *   X-H2-Op     ssf   SF_REQ_SEND_RESPONSE_HEADER with the status
 *                     X-H2-Status ("200 OK" if absent) and the headers
 *                     of X-H2-Head ('|' stands for CRLF), then WriteClient
 *                     of X-H2-Body bytes ("abcd...")
 *               raw   no SF_REQ_SEND_RESPONSE_HEADER: WriteClient of a head
 *                     of its own, X-H2-Head ('|' is CRLF, '~' a bare LF),
 *                     then of the X-H2-Body bytes
 *               none  nothing written
 *   X-H2-Keep   0: SF_STATUS_REQ_FINISHED; next: NEXT_NOTIFICATION (the
 *               answer sent, the request let go on); else
 *               FINISHED_KEEP_CONN
 *   X-H2-Pad    a header of that many bytes added to an ssf head
 *               (X-Pad: xxx...)
 *
 * Lines in t/logs/h2_answer.log:
 *
 *   ANSWER ev=<event> op=<op> head=<r> wc=<r>
 */
#include "life.h"

#include <stdlib.h>

#define H2A_BODY_MAX 65536

static __thread int h2a_busy;

static void h2a_var(HTTP_FILTER_CONTEXT *pfc, const char *name, char *buf,
                    DWORD size)
{
    if (!pfc->GetServerVariable(pfc, (LPSTR)name, buf, &size)) {
        buf[0] = '\0';
    }
}

/* s into d (room for twice s's length): '|' is CRLF, '~' a bare LF. */
static void h2a_unescape(char *d, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') {
            *d++ = '\r';
            *d++ = '\n';
        }
        else if (*s == '~') {
            *d++ = '\n';
        }
        else {
            *d++ = *s;
        }
    }
    *d = '\0';
}

static DWORD h2a_answer(HTTP_FILTER_CONTEXT *pfc, const char *ev)
{
    static char body[H2A_BODY_MAX];
    char op[16], status[64], raw[4096], head[4096 * 2], keep[8], blen[16];
    char pad[16];
    char hres[32], wres[32];
    DWORD n = 0, i;
    BOOL ok;

    h2a_var(pfc, "HTTP_X_H2_OP", op, sizeof(op));
    h2a_var(pfc, "HTTP_X_H2_STATUS", status, sizeof(status));
    h2a_var(pfc, "HTTP_X_H2_HEAD", raw, sizeof(raw));
    h2a_var(pfc, "HTTP_X_H2_KEEP", keep, sizeof(keep));
    h2a_var(pfc, "HTTP_X_H2_BODY", blen, sizeof(blen));
    h2a_var(pfc, "HTTP_X_H2_PAD", pad, sizeof(pad));
    n = (DWORD)strtoul(blen, NULL, 10);
    if (n > H2A_BODY_MAX) {
        n = H2A_BODY_MAX;
    }
    for (i = 0; i < n; i++) {
        body[i] = (char)('a' + i % 26);
    }
    h2a_unescape(head, raw);
    strcpy(hres, "-");
    strcpy(wres, "-");
    if (!strcmp(op, "ssf")) {
        char *extra = head;
        unsigned long p = strtoul(pad, NULL, 10);

        if (p) {
            extra = malloc(strlen(head) + p + 16);
            if (!extra) {
                return SF_STATUS_REQ_ERROR;
            }
            strcpy(extra, head);
            strcat(extra, "X-Pad: ");
            memset(extra + strlen(extra), 'x', p);
            strcpy(extra + strlen(head) + 7 + p, "\r\n");
        }
        SetLastError(0);
        ok = pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                        status[0] ? status : "200 OK",
                                        (ULONG_PTR)extra, 0);
        life_result(ok, hres, sizeof(hres));
        if (extra != head) {
            free(extra);
        }
    }
    else if (!strcmp(op, "raw")) {
        DWORD hl = (DWORD)strlen(head);
        SetLastError(0);
        ok = pfc->WriteClient(pfc, head, &hl, 0);
        life_result(ok, hres, sizeof(hres));
    }
    else if (strcmp(op, "none")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (n) {
        SetLastError(0);
        ok = pfc->WriteClient(pfc, body, &n, 0);
        life_result(ok, wres, sizeof(wres));
    }
    filter_log("ANSWER ev=%s op=%s head=%s wc=%s", ev, op, hres, wres);
    if (!strcmp(keep, "next")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    return strcmp(keep, "0") ? SF_STATUS_REQ_FINISHED_KEEP_CONN
                             : SF_STATUS_REQ_FINISHED;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("h2_answer");
    life_version(pVer, "h2_answer: answers from the event asked for",
                 SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                 | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_AUTH_COMPLETE
                 | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_ACCESS_DENIED);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char ev[32];
    const char *now;
    DWORD res;

    (void)pvNotification;
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        now = "preproc";
        break;
    case SF_NOTIFY_URL_MAP:
        now = "url_map";
        break;
    case SF_NOTIFY_AUTHENTICATION:
        now = "authn";
        break;
    case SF_NOTIFY_AUTH_COMPLETE:
        now = "auth_complete";
        break;
    case SF_NOTIFY_SEND_RESPONSE:
        now = "send_response";
        break;
    case SF_NOTIFY_ACCESS_DENIED:
        now = "access_denied";
        break;
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    h2a_var(pfc, "HTTP_X_H2_EVENT", ev, sizeof(ev));
    if (strcmp(ev, now) || h2a_busy) {
        /* Not here; or the SEND_RESPONSE of the head being answered
         * with, which must not answer again. */
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    h2a_busy = 1;
    res = h2a_answer(pfc, now);
    h2a_busy = 0;
    return res;
}
