/*
 * life_answer.c: a filter that answers requests itself with heads of its
 * own (t/lifetime/filter_answers.t, scenario isf_life_answer).  The
 * request header X-Life-Op says what to do:
 *
 *   answer    in PREPROC_HEADERS: SF_REQ_SEND_RESPONSE_HEADER with the
 *             status X-Life-Status (200, 204, 302, 304 or 403; 302 with a
 *             Location), "Content-Length: <X-Life-Body>" and
 *             "X-Life-Answer: <status>", then WriteClient's X-Life-Body
 *             bytes ("abcd..."; none for 0), and returns
 *             SF_STATUS_REQ_FINISHED_KEEP_CONN.
 *   head-ssf  in PREPROC_HEADERS: SF_REQ_SEND_RESPONSE_HEADER "200 OK"
 *             with "Content-Length: 0" and "X-Life-Answer: preproc",
 *             FINISHED_KEEP_CONN; in the SEND_RESPONSE that head raises,
 *             SF_REQ_SEND_RESPONSE_HEADER again ("Content-Length: 0").
 *   sr-ssf    in every SEND_RESPONSE: SF_REQ_SEND_RESPONSE_HEADER "200
 *             OK" with "Content-Length: 0" and "X-Life-Answer: sr", then
 *             FINISHED_KEEP_CONN.  The first SEND_RESPONSE is Apache's
 *             own response's; the call raises SEND_RESPONSE again for the
 *             filter's head, where the call is made again.
 *
 * A second head for a response must be refused (FALSE, 87): a filter
 * calling SF_REQ_SEND_RESPONSE_HEADER from the SEND_RESPONSE of its own
 * head once recursed without end and killed the child.  So that a
 * regression fails the test rather than the server, the filter stops
 * nesting at LIFE_ANSWER_MAX_DEPTH.  Lines appended to
 * t/logs/life_answer.log (<r> is TRUE or FALSE/<GetLastError>):
 *
 *   HEAD tag=<X-Life-Tag> op=<op> head=<r> wc=<r>
 *   SR tag=<tag> op=<op> depth=<d> ssf=<r>     (d: SEND_RESPONSE nesting)
 *   EOR tag=<tag>
 *   LOG tag=<tag> status=<dwHttpStatus>
 */
#include "life.h"

#include <stdlib.h>

#define LIFE_ANSWER_MAX_DEPTH 16

static __thread int life_sr_depth;

static void life_answer_tag(HTTP_FILTER_CONTEXT *pfc, char *tag, DWORD size)
{
    if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_TAG", tag, &size)) {
        strcpy(tag, "-");
    }
}

static DWORD life_answer_preproc(HTTP_FILTER_CONTEXT *pfc, const char *op,
                                 const char *tag)
{
    char want[16], len[16], extra[256], body[256], head[32], wc[32];
    const char *status = "200 OK", *loc = "";
    DWORD size, n = 0;
    BOOL ok;

    if (!strcmp(op, "answer")) {
        size = sizeof(want);
        if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_STATUS", want, &size)) {
            strcpy(want, "200");
        }
        size = sizeof(len);
        if (pfc->GetServerVariable(pfc, "HTTP_X_LIFE_BODY", len, &size)) {
            n = (DWORD)strtoul(len, NULL, 10);
        }
        if (n > sizeof(body)) {
            n = sizeof(body);
        }
        if (!strcmp(want, "204")) {
            status = "204 No Content";
        }
        else if (!strcmp(want, "302")) {
            status = "302 Found";
            loc = "Location: http://localhost/elsewhere.html\r\n";
        }
        else if (!strcmp(want, "304")) {
            status = "304 Not Modified";
        }
        else if (!strcmp(want, "403")) {
            status = "403 Forbidden";
        }
        else {
            strcpy(want, "200");
        }
    }
    else if (!strcmp(op, "head-ssf")) {
        strcpy(want, "preproc");
    }
    else {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    snprintf(extra, sizeof(extra), "%sContent-Length: %lu\r\n"
             "X-Life-Answer: %s\r\n", loc, (unsigned long)n, want);
    SetLastError(0);
    ok = pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    (PVOID)status, (ULONG_PTR)extra, 0);
    life_result(ok, head, sizeof(head));
    strcpy(wc, "-");
    if (n) {
        DWORD i;
        for (i = 0; i < n; i++) {
            body[i] = (char)('a' + i % 26);
        }
        SetLastError(0);
        ok = pfc->WriteClient(pfc, body, &n, 0);
        life_result(ok, wc, sizeof(wc));
    }
    filter_log("HEAD tag=%s op=%s head=%s wc=%s", tag, op, head, wc);
    return SF_STATUS_REQ_FINISHED_KEEP_CONN;
}

static DWORD life_answer_send_response(HTTP_FILTER_CONTEXT *pfc,
                                       const char *op, const char *tag)
{
    char extra[] = "Content-Length: 0\r\nX-Life-Answer: sr\r\n";
    char res[32];
    int depth;
    BOOL ok;

    if (strcmp(op, "sr-ssf") && strcmp(op, "head-ssf")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    depth = ++life_sr_depth;
    if (depth > LIFE_ANSWER_MAX_DEPTH) {
        filter_log("SR tag=%s op=%s depth=%d ssf=not-called", tag, op, depth);
        life_sr_depth--;
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    SetLastError(0);
    ok = pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    (PVOID)"200 OK", (ULONG_PTR)extra, 0);
    filter_log("SR tag=%s op=%s depth=%d ssf=%s", tag, op, depth,
             life_result(ok, res, sizeof(res)));
    life_sr_depth--;
    if (!strcmp(op, "sr-ssf") && ok) {
        return SF_STATUS_REQ_FINISHED_KEEP_CONN;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("life_answer");
    life_version(pVer, "life_answer: answers with heads of its own",
                 SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RESPONSE
                 | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_LOG);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char op[32], tag[64];

    life_op(pfc, op, sizeof(op));
    if (!op[0]) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    life_answer_tag(pfc, tag, sizeof(tag));
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return life_answer_preproc(pfc, op, tag);
    case SF_NOTIFY_SEND_RESPONSE:
        return life_answer_send_response(pfc, op, tag);
    case SF_NOTIFY_END_OF_REQUEST:
        filter_log("EOR tag=%s", tag);
        break;
    case SF_NOTIFY_LOG:
        filter_log("LOG tag=%s status=%lu", tag, (unsigned long)
                 ((HTTP_FILTER_LOG *)pvNotification)->dwHttpStatus);
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
