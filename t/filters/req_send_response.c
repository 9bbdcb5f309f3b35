/*
 * req_send_response.c: SEND_RESPONSE, driven by the request
 * (t/events/send_response.t, scenario isf_req_send_response, where
 * mod_headers sets X-Normal, X-Always and X-Both).
 *
 * The request header X-Test-Op holds a comma-separated list of:
 *
 *   report      AddHeader what the filter sees: X-SR-Status (HttpStatus),
 *               X-SR-Statusline (GetHeader "status"), X-SR-CT, X-SR-Both,
 *               X-SR-Always, X-SR-Missing
 *   httpstatus  HttpStatus = 203
 *   statusline  SetHeader("status", "202 Filter Accepted")
 *   set         SetHeader X-Normal: and X-Always: to "replaced"
 *   delete      SetHeader("X-Normal:", NULL), ("X-Always:", ""),
 *               ("X-Both:", "")
 *   add         AddHeader("X-Normal:", "added"), ("X-New:", "new")
 *   ctype       SetHeader("Content-Type:", "text/x-filter; charset=utf-8")
 *   framing     AddHeader what the filter sees of the body's framing:
 *               X-SR-TE (GetHeader "Transfer-Encoding:"), X-SR-CL
 *               (GetHeader "Content-Length:")
 *   unframe     SetHeader("Transfer-Encoding:", "") and
 *               ("Content-Length:", ""), as a filter that changes the
 *               body's length does
 *   badlength   SetHeader("Content-Length:", "12, 13") and
 *               AddHeader("Content-Length:", "5") beside the one there,
 *               reported as X-SR-Bad-CL and X-SR-Dup-CL
 *   ownhead     PREPROC_HEADERS answers with its own head
 *               (SF_REQ_SEND_RESPONSE_HEADER) and body, then FINISHED
 *
 * (t/events/send_response.t; framing, unframe and badlength:
 * t/events/framing.t.)
 * On the SEND_RESPONSE raised for the filter's own head (it carries
 * X-Head-Orig) the filter also reports X-SR-Saw-Head, sets X-Head-Orig
 * to "edited" and deletes X-Head-Del.
 */
#include <stdio.h>
#include <string.h>

#include "httpfilt.h"
#include "sr_report.h"

#define REQ_VALUE_MAX 1024

static const char req_desc[] = "req_send_response: SEND_RESPONSE probe";

static const char own_body[] = "body written by the filter\n";

/* Does the request's X-Test-Op list hold this word? */
static int op_has(HTTP_FILTER_CONTEXT *pfc, const char *want)
{
    char ops[REQ_VALUE_MAX], *p;
    DWORD size = sizeof(ops);
    size_t n = strlen(want);

    if (!pfc->GetServerVariable(pfc, "HTTP_X_TEST_OP", ops, &size)) {
        return 0;
    }
    for (p = ops; (p = strstr(p, want)); p += n) {
        if ((p == ops || p[-1] == ',') && (p[n] == ',' || !p[n])) {
            return 1;
        }
    }
    return 0;
}

/* GetHeader, as "[value]" or "FALSE <error>", added as header "as". */
static void report_header(HTTP_FILTER_CONTEXT *pfc,
                          HTTP_FILTER_SEND_RESPONSE *sr, char *name,
                          char *as)
{
    char buf[REQ_VALUE_MAX];
    DWORD size = sizeof(buf);
    BOOL ok = sr->GetHeader(pfc, name, buf, &size);

    sr_report(pfc, sr, ok, buf, as);
}

static void report_call(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_SEND_RESPONSE *sr, char *as, BOOL ok)
{
    char out[32];

    if (ok) {
        strcpy(out, "TRUE");
    }
    else {
        snprintf(out, sizeof(out), "FALSE %lu",
                 (unsigned long)GetLastError());
    }
    sr->AddHeader(pfc, as, out);
}

static DWORD on_send_response(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_SEND_RESPONSE *sr)
{
    char buf[REQ_VALUE_MAX], num[32];
    DWORD size = sizeof(buf);

    if (sr->GetHeader(pfc, "X-Head-Orig:", buf, &size)) {
        /* The head the filter sent itself from PREPROC_HEADERS. */
        report_header(pfc, sr, "X-Head-Orig:", "X-SR-Saw-Head:");
        snprintf(num, sizeof(num), "%lu", (unsigned long)sr->HttpStatus);
        sr->AddHeader(pfc, "X-SR-Head-Status:", num);
        report_call(pfc, sr, "X-SR-Head-Set:",
                    sr->SetHeader(pfc, "X-Head-Orig:", "edited"));
        report_call(pfc, sr, "X-SR-Head-Del:",
                    sr->SetHeader(pfc, "X-Head-Del:", ""));
    }
    if (op_has(pfc, "report")) {
        snprintf(num, sizeof(num), "%lu", (unsigned long)sr->HttpStatus);
        sr->AddHeader(pfc, "X-SR-Status:", num);
        report_header(pfc, sr, "status", "X-SR-Statusline:");
        report_header(pfc, sr, "Content-Type:", "X-SR-CT:");
        report_header(pfc, sr, "X-Both:", "X-SR-Both:");
        report_header(pfc, sr, "X-Always:", "X-SR-Always:");
        report_header(pfc, sr, "X-Not-There:", "X-SR-Missing:");
    }
    if (op_has(pfc, "framing")) {
        report_header(pfc, sr, "Transfer-Encoding:", "X-SR-TE:");
        report_header(pfc, sr, "Content-Length:", "X-SR-CL:");
    }
    if (op_has(pfc, "unframe")) {
        sr->SetHeader(pfc, "Transfer-Encoding:", "");
        sr->SetHeader(pfc, "Content-Length:", "");
    }
    if (op_has(pfc, "badlength")) {
        report_call(pfc, sr, "X-SR-Bad-CL:",
                    sr->SetHeader(pfc, "Content-Length:", "12, 13"));
        report_call(pfc, sr, "X-SR-Dup-CL:",
                    sr->AddHeader(pfc, "Content-Length:", "5"));
    }
    if (op_has(pfc, "httpstatus")) {
        sr->HttpStatus = 203;
    }
    if (op_has(pfc, "statusline")) {
        report_call(pfc, sr, "X-SR-Set-Status:",
                    sr->SetHeader(pfc, "status", "202 Filter Accepted"));
    }
    if (op_has(pfc, "set")) {
        sr->SetHeader(pfc, "X-Normal:", "replaced");
        sr->SetHeader(pfc, "X-Always:", "replaced");
    }
    if (op_has(pfc, "delete")) {
        report_call(pfc, sr, "X-SR-Del-Normal:",
                    sr->SetHeader(pfc, "X-Normal:", NULL));
        report_call(pfc, sr, "X-SR-Del-Always:",
                    sr->SetHeader(pfc, "X-Always:", ""));
        report_call(pfc, sr, "X-SR-Del-Both:",
                    sr->SetHeader(pfc, "X-Both:", ""));
    }
    if (op_has(pfc, "add")) {
        sr->AddHeader(pfc, "X-Normal:", "added");
        sr->AddHeader(pfc, "X-New:", "new");
    }
    if (op_has(pfc, "ctype")) {
        report_call(pfc, sr, "X-SR-Set-CT:",
                    sr->SetHeader(pfc, "Content-Type:",
                                  "text/x-filter; charset=utf-8"));
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

/* Answer the request with the filter's own head and body. */
static DWORD on_preproc(HTTP_FILTER_CONTEXT *pfc)
{
    char head[256];
    DWORD len = sizeof(own_body) - 1;

    if (!op_has(pfc, "ownhead")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    snprintf(head, sizeof(head), "Content-Type: text/plain\r\n"
             "Content-Length: %lu\r\nX-Head-Orig: filter\r\n"
             "X-Head-Del: gone\r\n", (unsigned long)len);
    if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    "200 OK", (ULONG_PTR)head, 0)
        || !pfc->WriteClient(pfc, (LPVOID)own_body, &len, 0)) {
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_FINISHED;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, req_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return on_preproc(pfc);
    case SF_NOTIFY_SEND_RESPONSE:
        return on_send_response(pfc, pvNotification);
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
