/*
 * hostile_head.c: malformed heads through SF_REQ_SEND_RESPONSE_HEADER
 * (t/security/hostile_filters.t, scenario isf_sec_head).
 *
 * With the request header "X-Hostile-Op: head", PREPROC_HEADERS tries
 * every malformed head below; each must fail with ERROR_INVALID_PARAMETER
 * and put nothing on the wire.  Then it sends a clean head (X-Clean: yes,
 * a Content-Length) and a body of one fixed-width line per attempt,
 *
 *   <label> TRUE|FALSE <GetLastError>
 *
 * followed by "again ..." for a second, valid SEND_RESPONSE_HEADER after
 * the head went out (refused: one head per request), and answers
 * FINISHED_KEEP_CONN.  Every injected header is named X-Injected, so the
 * test looks for that name anywhere in the bytes it received.
 */
#include "hostile.h"

static const struct {
    const char *label;
    const char *status;
    const char *headers;
} hh_bad[] = {
    { "status-crlf",    "200 OK\r\nX-Injected: status-crlf", NULL },
    { "status-lf",      "200 OK\nX-Injected: status-lf", NULL },
    { "status-cr",      "200 OK\rX-Injected: status-cr", NULL },
    { "status-word",    "OK", NULL },
    { "status-low",     "99 Too Low", NULL },
    { "status-high",    "600 Too High", NULL },
    { "status-long",    "2000 OK", NULL },
    { "status-ctl",     "200 O\001K", NULL },
    { "hdr-no-colon",   "200 OK", "X-A: 1\r\nX-Injected no colon\r\n" },
    { "hdr-bare-cr",    "200 OK", "X-A: 1\rX-Injected: bare-cr\r\n" },
    { "hdr-fold",       "200 OK", "X-A: 1\r\n X-Injected: folded\r\n" },
    { "hdr-space-name", "200 OK", "X Injected: space\r\n" },
    { "hdr-empty-name", "200 OK", ": X-Injected\r\n" },
    { "hdr-after-blank", "200 OK",
      "X-A: 1\r\n\r\nX-Injected: after-blank\r\n" },
    { "hdr-ctl-value",  "200 OK", "X-A: 1\001X-Injected: ctl\r\n" },
    { "hdr-del-value",  "200 OK", "X-A: 1\177X-Injected: del\r\n" },
    { "hdr-colon-only", "200 OK", "X-Injected:\r\n:\r\n" }
};

/* Fixed width, so a line's length does not depend on its outcome. */
#define HH_LINE "%-16s %-5s %4lu\n"
#define HH_LINE_LEN (16 + 1 + 5 + 1 + 4 + 1)

static DWORD hh_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char op[32], body[4096], extra[128], again[64];
    DWORD size = sizeof(op), n;
    size_t used = 0, i;
    BOOL ok;

    if (!ph->GetHeader(pfc, "X-Hostile-Op:", op, &size)
        || strcmp(op, "head")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    for (i = 0; i < sizeof(hh_bad) / sizeof(hh_bad[0]); i++) {
        SetLastError(0);
        ok = pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                        (PVOID)hh_bad[i].status,
                                        (ULONG_PTR)hh_bad[i].headers, 0);
        used += snprintf(body + used, sizeof(body) - used, HH_LINE,
                         hh_bad[i].label, ok ? "TRUE" : "FALSE",
                         (unsigned long)GetLastError());
    }
    snprintf(extra, sizeof(extra), "Content-Length: %lu\r\nX-Clean: yes\r\n",
             (unsigned long)(used + HH_LINE_LEN));
    if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    "200 OK", (ULONG_PTR)extra, 0)) {
        return SF_STATUS_REQ_ERROR;
    }
    /* One head per request: a second, valid one is refused. */
    SetLastError(0);
    ok = pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    "200 OK", (ULONG_PTR)"X-Injected: 2\r\n",
                                    0);
    snprintf(again, sizeof(again), HH_LINE, "again", ok ? "TRUE" : "FALSE",
             (unsigned long)GetLastError());
    used += snprintf(body + used, sizeof(body) - used, "%s", again);
    n = (DWORD)used;
    if (!pfc->WriteClient(pfc, body, &n, 0)) {
        return SF_STATUS_REQ_FINISHED;
    }
    return SF_STATUS_REQ_FINISHED_KEEP_CONN;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    hostile_version(pVer, "hostile_head: malformed SEND_RESPONSE_HEADER",
                    SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return hh_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
