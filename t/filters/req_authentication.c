/*
 * req_authentication.c: AUTHENTICATION, driven by the request
 * (t/events/authentication.t, scenario isf_req_authentication).
 *
 * Every notification reports what the filter received, as response
 * headers (AddResponseHeaders), one line each per notification:
 *
 *   X-Authn-User   [pszUser]
 *   X-Authn-Pass   [pszPassword]
 *   X-Authn-Buffs  "cbUserBuff cbPasswordBuff"
 *
 * Then the request header X-Test-Op says what to change:
 *
 *   rewrite  user and password become X-Test-User / X-Test-Pass (a
 *            header not sent means "")
 *   clear    both become ""
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "httpfilt.h"

#define REQ_VALUE_MAX 1024

static const char req_desc[] = "req_authentication: AUTHENTICATION probe";

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

/* A request header (as a server variable), or "" when not sent. */
static void get_var(HTTP_FILTER_CONTEXT *pfc, char *name, char *buf,
                    DWORD len)
{
    DWORD size = len;

    if (!pfc->GetServerVariable(pfc, name, buf, &size)) {
        buf[0] = '\0';
    }
}

/* Copy src into a filter buffer of cap bytes, as IIS filters must. */
static void put(char *dst, DWORD cap, const char *src)
{
    strncpy(dst, src, cap - 1);
    dst[cap - 1] = '\0';
}

static DWORD on_authentication(HTTP_FILTER_CONTEXT *pfc,
                               HTTP_FILTER_AUTHENT *au)
{
    char op[64], val[REQ_VALUE_MAX];

    report(pfc, "X-Authn-User", "[%s]", au->pszUser);
    report(pfc, "X-Authn-Pass", "[%s]", au->pszPassword);
    report(pfc, "X-Authn-Buffs", "%lu %lu", (unsigned long)au->cbUserBuff,
           (unsigned long)au->cbPasswordBuff);

    get_var(pfc, "HTTP_X_TEST_OP", op, sizeof(op));
    if (!strcmp(op, "rewrite")) {
        get_var(pfc, "HTTP_X_TEST_USER", val, sizeof(val));
        put(au->pszUser, au->cbUserBuff, val);
        get_var(pfc, "HTTP_X_TEST_PASS", val, sizeof(val));
        put(au->pszPassword, au->cbPasswordBuff, val);
    }
    else if (!strcmp(op, "clear")) {
        au->pszUser[0] = '\0';
        au->pszPassword[0] = '\0';
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, req_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_AUTHENTICATION) {
        return on_authentication(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
