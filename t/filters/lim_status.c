/*
 * lim_status.c: 1xx statuses offered as a final status
 * (t/limits/status_1xx.t, scenario isf_lim_status).
 *
 * The request header X-Lim-Status says what to try:
 *
 *   set-100, set-101    SEND_RESPONSE: SetHeader(pfc, "status",
 *                       "100 Continue" | "101 Switching Protocols");
 *                       answers (AddHeader)
 *                         X-Lim-Status-Set: TRUE | FALSE <GetLastError>
 *                         X-Lim-Status-After: <GetHeader "status" now>
 *   http-100, http-101  SEND_RESPONSE: HttpStatus = 100 | 101;
 *                       answers X-Lim-Status-Given: <HttpStatus it got>
 *   head-100, head-101  PREPROC_HEADERS: ServerSupportFunction(
 *                       SF_REQ_SEND_RESPONSE_HEADER, "100 Continue" |
 *                       "101 Switching Protocols", "Content-Length: 5"),
 *                       then lets the request go on; answers
 *                       (AddResponseHeaders) X-Lim-Head: TRUE | FALSE <err>
 *                       and, when the head went out, WriteClient "HEAD!"
 *                       and FINISHED_KEEP_CONN, as a filter that believed
 *                       it answered would.
 */
#include "lim.h"

static void ls_op(HTTP_FILTER_CONTEXT *pfc, char *op, DWORD size)
{
    lim_req_header(pfc, "HTTP_X_LIM_STATUS", op, size);
}

static const char *ls_line(const char *op)
{
    return !strcmp(op + strlen(op) - 3, "100") ? "100 Continue"
                                               : "101 Switching Protocols";
}

static DWORD ls_preproc(HTTP_FILTER_CONTEXT *pfc)
{
    char op[32], res[32], line[64];
    DWORD n = 5;
    BOOL ok;

    ls_op(pfc, op, sizeof(op));
    if (strncmp(op, "head-", 5)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    SetLastError(0);
    ok = pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    (PVOID)ls_line(op),
                                    (ULONG_PTR)"Content-Length: 5\r\n", 0);
    lim_result(res, sizeof(res), ok);
    if (ok) {
        pfc->WriteClient(pfc, "HEAD!", &n, 0);
        return SF_STATUS_REQ_FINISHED_KEEP_CONN;
    }
    snprintf(line, sizeof(line), "X-Lim-Head: %s\r\n", res);
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD ls_send_response(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_SEND_RESPONSE *sr)
{
    char op[32], res[32], after[128];
    DWORD size;
    BOOL ok;

    ls_op(pfc, op, sizeof(op));
    if (!strncmp(op, "set-", 4)) {
        SetLastError(0);
        ok = sr->SetHeader(pfc, "status", (LPSTR)ls_line(op));
        lim_result(res, sizeof(res), ok);
        size = sizeof(after);
        if (!sr->GetHeader(pfc, "status", after, &size)) {
            snprintf(after, sizeof(after), "(GetHeader failed: %lu)",
                     (unsigned long)GetLastError());
        }
        sr->AddHeader(pfc, "X-Lim-Status-Set:", res);
        sr->AddHeader(pfc, "X-Lim-Status-After:", after);
    }
    else if (!strncmp(op, "http-", 5)) {
        snprintf(res, sizeof(res), "%lu", (unsigned long)sr->HttpStatus);
        sr->AddHeader(pfc, "X-Lim-Status-Given:", res);
        sr->HttpStatus = !strcmp(op, "http-100") ? 100 : 101;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    lim_version(pVer, "lim_status: 1xx as a final status",
                SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RESPONSE);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return ls_preproc(pfc);
    case SF_NOTIFY_SEND_RESPONSE:
        return ls_send_response(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
