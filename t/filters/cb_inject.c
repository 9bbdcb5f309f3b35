/*
 * cb_inject.c: tries to split headers and responses through every
 * callback that takes header text.  IIS-compatible behaviour is FALSE
 * with ERROR_INVALID_PARAMETER and nothing added; no header named
 * X-Evil may ever reach the client.
 *
 * Each attempt's outcome is reported as "X-CB-Inj-LABEL: OK/ERR" (the
 * BOOL and GetLastError), from PREPROC_HEADERS with AddResponseHeaders
 * and from SEND_RESPONSE with AddHeader.
 *
 *   PREPROC_HEADERS   SetHeader/AddHeader of request headers (value and
 *                     name), SetHeader("url"), AddResponseHeaders and
 *                     SF_REQ_ADD_HEADERS_ON_DENIAL blocks; then whether
 *                     the request header X-CB-In exists ("Req-In")
 *   URL_MAP           with X-CB-Deny present: ERROR_ACCESS_DENIED, so a
 *                     401 shows whether denial lines got through
 *   SEND_RESPONSE     SetHeader/AddHeader of response headers and the
 *                     "status" pseudo-header
 *   X-CB-Inject: head instead: SF_REQ_SEND_RESPONSE_HEADER with a split
 *                     status line and split header blocks, then a clean
 *                     head carrying the results, FINISHED_KEEP_CONN
 * Used by t/security/header_injection.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

static void cb_res(char *out, size_t cap, BOOL ok)
{
    snprintf(out, cap, "%d/%lu", ok ? 1 : 0,
             ok ? 0UL : (unsigned long)GetLastError());
}

static void cb_arh(HTTP_FILTER_CONTEXT *pfc, const char *label, BOOL ok)
{
    char res[32], line[128];

    cb_res(res, sizeof(res), ok);
    snprintf(line, sizeof(line), "X-CB-Inj-%s: %s\r\n", label, res);
    pfc->AddResponseHeaders(pfc, line, 0);
}

static BOOL cb_denial(HTTP_FILTER_CONTEXT *pfc, const char *lines)
{
    return pfc->ServerSupportFunction(pfc, SF_REQ_ADD_HEADERS_ON_DENIAL,
                                      (PVOID)lines, 0, 0);
}

static DWORD cb_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char buf[64];
    DWORD size;

    cb_arh(pfc, "Set-Req-CRLF",
           ph->SetHeader(pfc, "X-CB-In:", "a\r\nX-Evil: 1"));
    cb_arh(pfc, "Add-Req-LF", ph->AddHeader(pfc, "X-CB-In:", "a\nX-Evil: 1"));
    cb_arh(pfc, "Set-Req-CR",
           ph->SetHeader(pfc, "X-CB-In:", "a\rX-Evil: 1"));
    cb_arh(pfc, "Set-Req-Name",
           ph->SetHeader(pfc, "X-Evil: 1\r\nX-CB-In:", "1"));
    cb_arh(pfc, "Set-Url-CRLF",
           ph->SetHeader(pfc, "url", "/index.html HTTP/1.1\r\nX-Evil: 1"));
    size = sizeof(buf);
    cb_arh(pfc, "Req-In", ph->GetHeader(pfc, "X-CB-In:", buf, &size));

    cb_arh(pfc, "Arh-Blank-Line", pfc->AddResponseHeaders(pfc,
           "X-CB-Arh: 1\r\n\r\nX-Evil: 1\r\n", 0));
    cb_arh(pfc, "Arh-Bare-CR", pfc->AddResponseHeaders(pfc,
           "X-CB-Arh: 1\rX-Evil: 1\r\n", 0));
    cb_arh(pfc, "Arh-Fold", pfc->AddResponseHeaders(pfc,
           "X-CB-Arh: 1\r\n X-Evil: 1\r\n", 0));
    cb_arh(pfc, "Arh-No-Colon", pfc->AddResponseHeaders(pfc,
           "X-Evil 1\r\n", 0));
    cb_arh(pfc, "Arh-Bad-Name", pfc->AddResponseHeaders(pfc,
           "X-Evil Name: 1\r\n", 0));

    cb_arh(pfc, "Denial-Blank-Line",
           cb_denial(pfc, "X-CB-Den: 1\r\n\r\nX-Evil: 1\r\n"));
    cb_arh(pfc, "Denial-Bare-CR",
           cb_denial(pfc, "X-CB-Den: 1\rX-Evil: 1\r\n"));
    cb_arh(pfc, "Denial-No-Colon", cb_denial(pfc, "X-Evil 1\r\n"));
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD cb_send_response(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_SEND_RESPONSE *sr)
{
    char res[32];

    cb_res(res, sizeof(res), sr->SetHeader(pfc, "X-CB-Out:",
                                           "v\r\nX-Evil: 1"));
    sr->AddHeader(pfc, "X-CB-Inj-Set-Resp-CRLF:", res);
    cb_res(res, sizeof(res), sr->AddHeader(pfc, "X-CB-Out:", "v\nX-Evil: 1"));
    sr->AddHeader(pfc, "X-CB-Inj-Add-Resp-LF:", res);
    cb_res(res, sizeof(res), sr->SetHeader(pfc, "status",
                                           "200 OK\r\nX-Evil: 1"));
    sr->AddHeader(pfc, "X-CB-Inj-Status-CRLF:", res);
    cb_res(res, sizeof(res), sr->AddHeader(pfc, "X-Evil: 1\r\nX-CB-Out:",
                                           "v"));
    sr->AddHeader(pfc, "X-CB-Inj-Add-Resp-Name:", res);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static BOOL cb_head(HTTP_FILTER_CONTEXT *pfc, const char *status,
                    const char *extra)
{
    return pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                      (PVOID)status, (ULONG_PTR)extra, 0);
}

static DWORD cb_head_mode(HTTP_FILTER_CONTEXT *pfc)
{
    char a[16], b[16], c[16], d[16], extra[256];

    cb_res(a, sizeof(a), cb_head(pfc, "200 OK\r\nX-Evil: 1", NULL));
    cb_res(b, sizeof(b), cb_head(pfc, "200 OK",
           "X-CB-H: 1\r\n\r\nHTTP/1.1 200 OK\r\nX-Evil: 1\r\n"));
    cb_res(c, sizeof(c), cb_head(pfc, "200 OK", "X-CB-H: 1\rX-Evil: 1\r\n"));
    cb_res(d, sizeof(d), cb_head(pfc, "200 OK",
                                 "X-CB-H: 1\r\n X-Evil: 1\r\n"));
    snprintf(extra, sizeof(extra), "X-CB-Inj-Head-Status: %s\r\n"
             "X-CB-Inj-Head-Blank-Line: %s\r\nX-CB-Inj-Head-Bare-CR: %s\r\n"
             "X-CB-Inj-Head-Fold: %s\r\nContent-Length: 0\r\n", a, b, c, d);
    if (!cb_head(pfc, "200 OK", extra)) {
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_FINISHED_KEEP_CONN;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_inject: header splitting attempts");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                  | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char mode[16];
    DWORD size = sizeof(mode);

    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        if (pfc->GetServerVariable(pfc, "HTTP_X_CB_INJECT", mode, &size)
            && !strcmp(mode, "head")) {
            return cb_head_mode(pfc);
        }
        return cb_preproc(pfc, pvNotification);
    case SF_NOTIFY_URL_MAP:
        if (pfc->GetServerVariable(pfc, "HTTP_X_CB_DENY", mode, &size)) {
            SetLastError(ERROR_ACCESS_DENIED);
            return SF_STATUS_REQ_ERROR;
        }
        break;
    case SF_NOTIFY_SEND_RESPONSE:
        return cb_send_response(pfc, pvNotification);
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
