/*
 * cb_ssf.c: every ServerSupportFunction code, called from PREPROC_HEADERS
 * when the request carries X-CB-SSF.
 *
 *   X-CB-SSF: codes   each call's outcome as "X-CB-SSF-LABEL: OK/ERR[ X]"
 *                     (AddResponseHeaders), X being what came back
 *   X-CB-SSF: head    the filter answers: SF_REQ_SEND_RESPONSE_HEADER
 *                     ("200 OK" + Content-Length), a second
 *                     SEND_RESPONSE_HEADER (must be refused), a body
 *                     saying "second=OK/ERR", FINISHED_KEEP_CONN
 *   X-CB-SSF: nullhead  SEND_RESPONSE_HEADER with a NULL status (IIS: 200
 *                     OK), body "ok\n", FINISHED_KEEP_CONN
 *   X-CB-Deny: 1      (with codes) URL_MAP fails the request with
 *                     ERROR_ACCESS_DENIED, so the response is a 401 and
 *                     carries the ADD_HEADERS_ON_DENIAL line
 * Used by t/callbacks/server_support_function.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

static void cb_report(HTTP_FILTER_CONTEXT *pfc, const char *label, BOOL ok,
                      const char *extra)
{
    char line[256];

    snprintf(line, sizeof(line), "X-CB-SSF-%s: %d/%lu%s%s\r\n", label,
             ok ? 1 : 0, ok ? 0UL : (unsigned long)GetLastError(),
             extra ? " " : "", extra ? extra : "");
    pfc->AddResponseHeaders(pfc, line, 0);
}

static BOOL cb_ssf(HTTP_FILTER_CONTEXT *pfc, enum SF_REQ_TYPE code,
                   PVOID data, ULONG_PTR ul1)
{
    return pfc->ServerSupportFunction(pfc, code, data, ul1, 0);
}

static void cb_codes(HTTP_FILTER_CONTEXT *pfc)
{
    char num[32], url[64];
    DWORD n = 0;
    BOOL ok;

    cb_report(pfc, "Next-Read",
              cb_ssf(pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, 4096), NULL);
    cb_report(pfc, "Next-Read-0",
              cb_ssf(pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, 0), NULL);

    ok = cb_ssf(pfc, SF_REQ_GET_CONNID, &n, 0);
    snprintf(num, sizeof(num), "%lu", (unsigned long)n);
    cb_report(pfc, "Connid", ok, ok ? num : NULL);
    cb_report(pfc, "Connid-Null", cb_ssf(pfc, SF_REQ_GET_CONNID, NULL, 0),
              NULL);

    n = 0;
    ok = cb_ssf(pfc, SF_REQ_GET_PROPERTY, &n, SF_PROPERTY_INSTANCE_NUM_ID);
    snprintf(num, sizeof(num), "%lu", (unsigned long)n);
    cb_report(pfc, "Instance", ok, ok ? num : NULL);
    cb_report(pfc, "Ssl-Ctxt",
              cb_ssf(pfc, SF_REQ_GET_PROPERTY, &n, SF_PROPERTY_SSL_CTXT),
              NULL);
    cb_report(pfc, "Property-77", cb_ssf(pfc, SF_REQ_GET_PROPERTY, &n, 77),
              NULL);

    strcpy(url, "/a/./b/../c%41/%7euser?x=%41");
    ok = cb_ssf(pfc, SF_REQ_NORMALIZE_URL, url, 0);
    cb_report(pfc, "Normalize", ok, url);
    strcpy(url, "/../etc/passwd");
    ok = cb_ssf(pfc, SF_REQ_NORMALIZE_URL, url, 0);
    cb_report(pfc, "Normalize-Above-Root", ok, url);
    strcpy(url, "/a%zz");
    ok = cb_ssf(pfc, SF_REQ_NORMALIZE_URL, url, 0);
    cb_report(pfc, "Normalize-Bad-Escape", ok, url);

    cb_report(pfc, "Proxy-Info",
              cb_ssf(pfc, SF_REQ_SET_PROXY_INFO, NULL, 1), NULL);
    cb_report(pfc, "Certificate-Info",
              cb_ssf(pfc, SF_REQ_SET_CERTIFICATE_INFO, NULL, 0), NULL);
    cb_report(pfc, "Unknown-Code",
              cb_ssf(pfc, (enum SF_REQ_TYPE)1000, NULL, 0), NULL);
    cb_report(pfc, "Disable-None",
              cb_ssf(pfc, SF_REQ_DISABLE_NOTIFICATIONS, NULL, 0), NULL);
    cb_report(pfc, "Head-Bad-Status",
              cb_ssf(pfc, SF_REQ_SEND_RESPONSE_HEADER, "abc", 0), NULL);
    cb_report(pfc, "Head-Status-999",
              cb_ssf(pfc, SF_REQ_SEND_RESPONSE_HEADER, "999 Huge", 0), NULL);
    cb_report(pfc, "Denial",
              cb_ssf(pfc, SF_REQ_ADD_HEADERS_ON_DENIAL,
                     "X-CB-Denial: yes\r\n", 0), NULL);
}

/* The filter's own response; the body reports the second head call. */
static DWORD cb_head(HTTP_FILTER_CONTEXT *pfc, int null_status)
{
    char said[32], body[32];
    DWORD len;
    BOOL ok;

    if (null_status) {
        if (!cb_ssf(pfc, SF_REQ_SEND_RESPONSE_HEADER, NULL,
                    (ULONG_PTR)"Content-Length: 3\r\n")) {
            return SF_STATUS_REQ_ERROR;
        }
        len = 3;
        pfc->WriteClient(pfc, "ok\n", &len, 0);
        return SF_STATUS_REQ_FINISHED_KEEP_CONN;
    }
    if (!cb_ssf(pfc, SF_REQ_SEND_RESPONSE_HEADER, "200 OK",
                (ULONG_PTR)"Content-Type: text/plain\r\n"
                           "Content-Length: 16\r\n")) {
        return SF_STATUS_REQ_ERROR;
    }
    ok = cb_ssf(pfc, SF_REQ_SEND_RESPONSE_HEADER, "200 OK", 0);
    snprintf(said, sizeof(said), "second=%d/%lu", ok ? 1 : 0,
             ok ? 0UL : (unsigned long)GetLastError());
    /* Padded to the 16 bytes the head announced. */
    snprintf(body, sizeof(body), "%-15.15s\n", said);
    len = 16;
    pfc->WriteClient(pfc, body, &len, 0);
    return SF_STATUS_REQ_FINISHED_KEEP_CONN;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_ssf: ServerSupportFunction codes");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char mode[16];
    DWORD size = sizeof(mode);

    (void)pvNotification;
    if (NotificationType == SF_NOTIFY_URL_MAP) {
        size = sizeof(mode);
        if (pfc->GetServerVariable(pfc, "HTTP_X_CB_DENY", mode, &size)) {
            SetLastError(ERROR_ACCESS_DENIED);
            return SF_STATUS_REQ_ERROR;
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS
        || !pfc->GetServerVariable(pfc, "HTTP_X_CB_SSF", mode, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(mode, "head") || !strcmp(mode, "nullhead")) {
        return cb_head(pfc, mode[0] == 'n');
    }
    cb_codes(pfc);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
