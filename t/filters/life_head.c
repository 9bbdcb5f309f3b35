/*
 * life_head.c: a filter that answers a request itself, keep-alive, with a
 * head that allows no body (t/lifetime/head_no_body.t).  In
 * PREPROC_HEADERS, when the request carries "X-Life-Head: 200", "204" or
 * "304", it sends the head "200 OK", "204 No Content" or "304 Not
 * Modified" with "Content-Length: 5" through SF_REQ_SEND_RESPONSE_HEADER,
 * WriteClient's the 5 bytes "HELLO" and returns
 * SF_STATUS_REQ_FINISHED_KEEP_CONN.  To a HEAD request, or with 204 or
 * 304, none of those 5 bytes may go out: the next response on the
 * connection must start right after the head.  Each answer appends to
 * t/logs/life_head.log:
 *
 *   HEAD status=<code> head=<r> wc=<r>
 */
#include "life.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("life_head");
    life_version(pVer, "life_head: answers with a bodiless head",
                 SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char want[16], head[32], wc[32], body[] = "HELLO";
    char extra[] = "Content-Length: 5\r\nX-Life-Head: answered\r\n";
    const char *status;
    DWORD size = sizeof(want), n = 5;
    BOOL ok;

    (void)pvNotification;
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS
        || !pfc->GetServerVariable(pfc, "HTTP_X_LIFE_HEAD", want, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(want, "200")) {
        status = "200 OK";
    }
    else if (!strcmp(want, "204")) {
        status = "204 No Content";
    }
    else if (!strcmp(want, "304")) {
        status = "304 Not Modified";
    }
    else {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    SetLastError(0);
    ok = pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    (PVOID)status, (ULONG_PTR)extra, 0);
    life_result(ok, head, sizeof(head));
    SetLastError(0);
    ok = pfc->WriteClient(pfc, body, &n, 0);
    life_result(ok, wc, sizeof(wc));
    filter_log("HEAD status=%s head=%s wc=%s", want, head, wc);
    return SF_STATUS_REQ_FINISHED_KEEP_CONN;
}
