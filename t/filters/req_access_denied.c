/*
 * req_access_denied.c: ACCESS_DENIED and SF_REQ_ADD_HEADERS_ON_DENIAL,
 * driven by the request (t/events/access_denied.t, scenario
 * isf_req_access_denied).  The request header X-Test-Op says:
 *
 *   deny-preproc    PREPROC_HEADERS fails with ERROR_ACCESS_DENIED
 *   deny-urlmap     URL_MAP fails with ERROR_ACCESS_DENIED
 *   denial-headers  PREPROC_HEADERS asks for two headers on a denial
 *   replace         ACCESS_DENIED answers itself (403) and FINISHES
 *
 * Each ACCESS_DENIED reports, as response headers (AddResponseHeaders):
 *
 *   X-Denied-Url     [pszURL]
 *   X-Denied-Path    [pszPhysicalPath]
 *   X-Denied-Reason  dwReason, as 0x%08lx
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "httpfilt.h"

#define REQ_VALUE_MAX 4096

static const char req_desc[] = "req_access_denied: ACCESS_DENIED probe";

static const char replaced_body[] = "replaced by the filter\n";

static void report(HTTP_FILTER_CONTEXT *pfc, const char *name,
                   const char *fmt, ...)
{
    char line[REQ_VALUE_MAX + 128];
    va_list ap;
    int n;

    n = snprintf(line, sizeof(line), "%s: ", name);
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - n - 2, fmt, ap);
    va_end(ap);
    strcat(line, "\r\n");
    pfc->AddResponseHeaders(pfc, line, 0);
}

/* Is the request's X-Test-Op this one? */
static int op_is(HTTP_FILTER_CONTEXT *pfc, const char *want)
{
    char op[64];
    DWORD size = sizeof(op);

    return pfc->GetServerVariable(pfc, "HTTP_X_TEST_OP", op, &size)
           && !strcmp(op, want);
}

static DWORD deny(void)
{
    SetLastError(ERROR_ACCESS_DENIED);
    return SF_STATUS_REQ_ERROR;
}

static DWORD on_preproc(HTTP_FILTER_CONTEXT *pfc)
{
    if (op_is(pfc, "deny-preproc")) {
        return deny();
    }
    if (op_is(pfc, "denial-headers")) {
        if (pfc->ServerSupportFunction(pfc, SF_REQ_ADD_HEADERS_ON_DENIAL,
                                       "X-On-Denial: from-filter\r\n"
                                       "X-On-Denial-2: two\r\n", 0, 0)) {
            report(pfc, "X-Denial-Call", "TRUE");
        }
        else {
            report(pfc, "X-Denial-Call", "FALSE %lu",
                   (unsigned long)GetLastError());
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD on_access_denied(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_ACCESS_DENIED *ad)
{
    char head[128];
    DWORD len;

    if (op_is(pfc, "replace")) {
        snprintf(head, sizeof(head), "Content-Type: text/plain\r\n"
                 "Content-Length: %lu\r\n",
                 (unsigned long)(sizeof(replaced_body) - 1));
        len = sizeof(replaced_body) - 1;
        if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                        "403 Replaced By Filter",
                                        (ULONG_PTR)head, 0)
            || !pfc->WriteClient(pfc, (LPVOID)replaced_body, &len, 0)) {
            return SF_STATUS_REQ_ERROR;
        }
        return SF_STATUS_REQ_FINISHED;
    }
    report(pfc, "X-Denied-Url", "[%s]", ad->pszURL);
    report(pfc, "X-Denied-Path", "[%s]", ad->pszPhysicalPath);
    report(pfc, "X-Denied-Reason", "0x%08lx", (unsigned long)ad->dwReason);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, req_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                  | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return on_preproc(pfc);
    case SF_NOTIFY_URL_MAP:
        return op_is(pfc, "deny-urlmap") ? deny()
                                         : SF_STATUS_REQ_NEXT_NOTIFICATION;
    case SF_NOTIFY_ACCESS_DENIED:
        return on_access_denied(pfc, pvNotification);
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
