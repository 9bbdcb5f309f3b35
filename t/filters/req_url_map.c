/*
 * req_url_map.c: URL_MAP, driven by the request (t/events/url_map.t,
 * scenario isf_req_url_map).
 *
 * Each URL_MAP notification adds one line of each of these response
 * headers (AddResponseHeaders), so a response carries as many as there
 * were notifications, sub-requests included:
 *
 *   X-Map-Url    pszURL
 *   X-Map-Path   pszPhysicalPath as the filter received it
 *   X-Map-Buff   cbPathBuff
 *   X-Map-PT     GetServerVariable("PATH_TRANSLATED") from inside URL_MAP
 *
 * With "X-Test-Op: map" the filter writes the request header X-Test-Path
 * into pszPhysicalPath (for the request whose URL is X-Test-Map-Url).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "httpfilt.h"

#define REQ_VALUE_MAX 4096

static const char req_desc[] = "req_url_map: URL_MAP probe";

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

static BOOL get_var(HTTP_FILTER_CONTEXT *pfc, char *name, char *buf,
                    DWORD len)
{
    DWORD size = len;

    return pfc->GetServerVariable(pfc, name, buf, &size);
}

static DWORD on_url_map(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_URL_MAP *um)
{
    char buf[REQ_VALUE_MAX];

    report(pfc, "X-Map-Url", "[%s]", um->pszURL);
    report(pfc, "X-Map-Path", "[%s]", um->pszPhysicalPath);
    report(pfc, "X-Map-Buff", "%lu", (unsigned long)um->cbPathBuff);
    if (get_var(pfc, "PATH_TRANSLATED", buf, sizeof(buf))) {
        report(pfc, "X-Map-PT", "TRUE [%s]", buf);
    }
    else {
        report(pfc, "X-Map-PT", "FALSE %lu", (unsigned long)GetLastError());
    }

    if (get_var(pfc, "HTTP_X_TEST_OP", buf, sizeof(buf))
        && !strcmp(buf, "map")
        && get_var(pfc, "HTTP_X_TEST_MAP_URL", buf, sizeof(buf))
        && !strcmp(buf, um->pszURL)
        && get_var(pfc, "HTTP_X_TEST_PATH", buf, sizeof(buf))
        && strlen(buf) < um->cbPathBuff) {
        strcpy(um->pszPhysicalPath, buf);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, req_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_URL_MAP | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_URL_MAP) {
        return on_url_map(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
