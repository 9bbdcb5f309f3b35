/*
 * req_auth_complete.c: AUTH_COMPLETE, driven by the request
 * (t/events/auth_complete.t, scenario isf_req_auth_complete).
 *
 * Every URL_MAP, AUTHENTICATION and AUTH_COMPLETE adds one line
 * "X-AC-Event: EVENT <url>" (AddResponseHeaders), so the response lists
 * the notifications in order.  AUTH_COMPLETE also reports:
 *
 *   X-AC-Remote-User  GetServerVariable("REMOTE_USER")
 *   X-AC-Auth-User    GetServerVariable("AUTH_USER")
 *   X-AC-Token        GetUserToken
 *   X-AC-Value        GetHeader("X-Test-Value:")
 *   X-AC-Method       GetHeader("method")
 *   X-AC-Status       HttpStatus
 *
 * With "X-Test-Op: redirect" it calls SetHeader("url", <X-Test-Url>) and
 * reports X-AC-Seturl and X-AC-Url-After (GetHeader("url") afterwards).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "httpfilt.h"

#define REQ_VALUE_MAX 1024

static const char req_desc[] = "req_auth_complete: AUTH_COMPLETE probe";

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

static void report_var(HTTP_FILTER_CONTEXT *pfc, char *var, const char *as)
{
    char buf[REQ_VALUE_MAX];
    DWORD size = sizeof(buf);

    if (pfc->GetServerVariable(pfc, var, buf, &size)) {
        report(pfc, as, "TRUE [%s]", buf);
    }
    else {
        report(pfc, as, "FALSE %lu", (unsigned long)GetLastError());
    }
}

static void report_header(HTTP_FILTER_CONTEXT *pfc,
                          HTTP_FILTER_AUTH_COMPLETE_INFO *ai, char *name,
                          const char *as)
{
    char buf[REQ_VALUE_MAX];
    DWORD size = sizeof(buf);

    if (ai->GetHeader(pfc, name, buf, &size)) {
        report(pfc, as, "TRUE [%s]", buf);
    }
    else {
        report(pfc, as, "FALSE %lu", (unsigned long)GetLastError());
    }
}

/* The URL the current request is for, for the event list. */
static void report_event(HTTP_FILTER_CONTEXT *pfc, const char *event,
                         const char *url)
{
    char buf[REQ_VALUE_MAX];
    DWORD size = sizeof(buf);

    if (!url) {
        url = pfc->GetServerVariable(pfc, "URL", buf, &size) ? buf : "?";
    }
    report(pfc, "X-AC-Event", "%s %s", event, url);
}

static DWORD on_auth_complete(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_AUTH_COMPLETE_INFO *ai)
{
    char op[64], url[REQ_VALUE_MAX];
    DWORD size = sizeof(op);
    HANDLE token = (HANDLE)&size;

    report_event(pfc, "AUTH_COMPLETE", NULL);
    report_var(pfc, "REMOTE_USER", "X-AC-Remote-User");
    report_var(pfc, "AUTH_USER", "X-AC-Auth-User");
    if (ai->GetUserToken(pfc, &token)) {
        report(pfc, "X-AC-Token", "TRUE");
    }
    else {
        report(pfc, "X-AC-Token", "FALSE %lu %s",
               (unsigned long)GetLastError(), token ? "set" : "NULL");
    }
    report_header(pfc, ai, "X-Test-Value:", "X-AC-Value");
    report_header(pfc, ai, "method", "X-AC-Method");
    report(pfc, "X-AC-Status", "%lu", (unsigned long)ai->HttpStatus);

    if (!ai->GetHeader(pfc, "X-Test-Op:", op, &size)
        || strcmp(op, "redirect")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    size = sizeof(url);
    if (ai->GetHeader(pfc, "X-Test-Url:", url, &size)) {
        if (ai->SetHeader(pfc, "url", url)) {
            report(pfc, "X-AC-Seturl", "TRUE");
        }
        else {
            report(pfc, "X-AC-Seturl", "FALSE %lu",
                   (unsigned long)GetLastError());
        }
        report_header(pfc, ai, "url", "X-AC-Url-After");
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, req_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_URL_MAP | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_AUTH_COMPLETE | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_URL_MAP:
        report_event(pfc, "URL_MAP",
                     ((HTTP_FILTER_URL_MAP *)pvNotification)->pszURL);
        break;
    case SF_NOTIFY_AUTHENTICATION:
        report_event(pfc, "AUTHENTICATION", NULL);
        break;
    case SF_NOTIFY_AUTH_COMPLETE:
        return on_auth_complete(pfc, pvNotification);
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
