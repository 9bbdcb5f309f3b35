/*
 * req_preproc.c: PREPROC_HEADERS, driven by the request (t/events/
 * preproc_headers.t, scenario isf_req_preproc).
 *
 * The request header X-Test-Op names what to do; results come back as
 * response headers added with AddResponseHeaders, "TRUE ..." for a call
 * that succeeded and "FALSE <GetLastError>" for one that failed, with
 * values in brackets so an empty one is visible:
 *
 *   get     GetHeader of X-Test-Value: in all its forms (X-Pre-*)
 *   pseudo  GetHeader of method, url, version, URL (X-Pre-*)
 *   seturl  SetHeader("url", <X-Test-Url>), then GetHeader("url")
 *   delete  SetHeader("X-Echo-Del1:", "") and SetHeader("X-Echo-Del2:",
 *           NULL)
 *   add     AddHeader("X-Echo-Added:"), AddHeader("X-Echo-Keep:") and
 *           SetHeader("X-Echo-Set:")
 *   method  SetHeader("method", <X-Test-Method>)
 *
 * SEND_RESPONSE reports what the request looked like once Apache had
 * served it (X-Pre-Later-*: GetServerVariable URL and QUERY_STRING).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "httpfilt.h"
#include "sr_report.h"

#define REQ_VALUE_MAX 512

static const char req_desc[] = "req_preproc: PREPROC_HEADERS probe";

/* "Name: value\r\n" onto the response (before its head exists). */
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

/* GetHeader into buf; reports "TRUE [value]" or "FALSE <error>". */
static BOOL get_and_report(HTTP_FILTER_CONTEXT *pfc,
                           HTTP_FILTER_PREPROC_HEADERS *ph, char *name,
                           const char *as)
{
    char buf[REQ_VALUE_MAX];
    DWORD size = sizeof(buf);

    if (!ph->GetHeader(pfc, name, buf, &size)) {
        report(pfc, as, "FALSE %lu", (unsigned long)GetLastError());
        return FALSE;
    }
    report(pfc, as, "TRUE [%s]", buf);
    return TRUE;
}

static void report_call(HTTP_FILTER_CONTEXT *pfc, const char *as, BOOL ok)
{
    if (ok) {
        report(pfc, as, "TRUE");
    }
    else {
        report(pfc, as, "FALSE %lu", (unsigned long)GetLastError());
    }
}

/* The GetHeader size protocol: too small, then exactly right. */
static void probe_sizes(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char small[3], exact[REQ_VALUE_MAX];
    DWORD size = sizeof(small), need;

    memset(small, 'Z', sizeof(small));
    if (ph->GetHeader(pfc, "X-Test-Value:", small, &size)) {
        report(pfc, "X-Pre-Small", "TRUE");
        return;
    }
    report(pfc, "X-Pre-Small", "FALSE %lu need=%lu",
           (unsigned long)GetLastError(), (unsigned long)size);
    need = size;
    if (need > sizeof(exact)) {
        return;
    }
    size = 0;
    if (ph->GetHeader(pfc, "X-Test-Value:", NULL, &size)) {
        report(pfc, "X-Pre-Null", "TRUE");
    }
    else {
        report(pfc, "X-Pre-Null", "FALSE %lu need=%lu",
               (unsigned long)GetLastError(), (unsigned long)size);
    }
    size = need;
    if (ph->GetHeader(pfc, "X-Test-Value:", exact, &size)) {
        report(pfc, "X-Pre-Exact", "TRUE size=%lu [%s]",
               (unsigned long)size, exact);
    }
    else {
        report(pfc, "X-Pre-Exact", "FALSE %lu", (unsigned long)GetLastError());
    }
}

static DWORD on_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char op[64], arg[REQ_VALUE_MAX];
    DWORD size = sizeof(op);

    if (!ph->GetHeader(pfc, "X-Test-Op:", op, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    report(pfc, "X-Pre-Raised", "%s", op);
    if (!strcmp(op, "get")) {
        get_and_report(pfc, ph, "X-Test-Value:", "X-Pre-Value");
        get_and_report(pfc, ph, "x-test-value:", "X-Pre-Lower");
        get_and_report(pfc, ph, "X-Test-Value", "X-Pre-Nocolon");
        get_and_report(pfc, ph, "X-Not-Sent:", "X-Pre-Missing");
        probe_sizes(pfc, ph);
    }
    else if (!strcmp(op, "pseudo")) {
        get_and_report(pfc, ph, "method", "X-Pre-Method");
        get_and_report(pfc, ph, "url", "X-Pre-Url");
        get_and_report(pfc, ph, "URL", "X-Pre-Url-Upper");
        get_and_report(pfc, ph, "version", "X-Pre-Version");
    }
    else if (!strcmp(op, "seturl")) {
        size = sizeof(arg);
        if (ph->GetHeader(pfc, "X-Test-Url:", arg, &size)) {
            report_call(pfc, "X-Pre-Seturl", ph->SetHeader(pfc, "url", arg));
            get_and_report(pfc, ph, "url", "X-Pre-Url-After");
        }
    }
    else if (!strcmp(op, "delete")) {
        report_call(pfc, "X-Pre-Del-Empty",
                    ph->SetHeader(pfc, "X-Echo-Del1:", ""));
        report_call(pfc, "X-Pre-Del-Null",
                    ph->SetHeader(pfc, "X-Echo-Del2:", NULL));
        get_and_report(pfc, ph, "X-Echo-Del1:", "X-Pre-Del1-After");
    }
    else if (!strcmp(op, "add")) {
        report_call(pfc, "X-Pre-Add-New",
                    ph->AddHeader(pfc, "X-Echo-Added:", "by-filter"));
        report_call(pfc, "X-Pre-Add-Existing",
                    ph->AddHeader(pfc, "X-Echo-Keep:", "second"));
        report_call(pfc, "X-Pre-Set-Existing",
                    ph->SetHeader(pfc, "X-Echo-Set:", "replaced"));
    }
    else if (!strcmp(op, "method")) {
        size = sizeof(arg);
        if (ph->GetHeader(pfc, "X-Test-Method:", arg, &size)) {
            report_call(pfc, "X-Pre-Setmethod",
                        ph->SetHeader(pfc, "method", arg));
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

/* GetServerVariable as a "[value]" response header via AddHeader. */
static void later_var(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_SEND_RESPONSE *sr,
                      char *var, char *as)
{
    char buf[REQ_VALUE_MAX];
    DWORD size = sizeof(buf);
    BOOL ok = pfc->GetServerVariable(pfc, var, buf, &size);

    sr_report(pfc, sr, ok, buf, as);
}

static DWORD on_send_response(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_SEND_RESPONSE *sr)
{
    char op[64];
    DWORD size = sizeof(op);

    if (!pfc->GetServerVariable(pfc, "HTTP_X_TEST_OP", op, &size)
        || strcmp(op, "seturl")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    later_var(pfc, sr, "URL", "X-Pre-Later-Url:");
    later_var(pfc, sr, "QUERY_STRING", "X-Pre-Later-Query:");
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
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
        return on_preproc(pfc, pvNotification);
    case SF_NOTIFY_SEND_RESPONSE:
        return on_send_response(pfc, pvNotification);
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
