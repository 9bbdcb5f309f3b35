/*
 * st_mix.c: a known request mix for the status page (t/ops/status.t).
 * A global filter on every raw byte, so the page's raw counts can be
 * checked against what the client sent and received.
 *
 *   PREPROC_HEADERS  url /st/x: a whole response through WriteClient,
 *                    then SF_STATUS_REQ_FINISHED (the connection closes);
 *                    /st/y: SetLastError(ERROR_INVALID_PARAMETER), then
 *                    SF_STATUS_REQ_ERROR (a 500);
 *                    /st/a/N: AllocMem(N), written, then NEXT (in use
 *                    until the connection ends);
 *                    anything else: NEXT
 *   READ_RAW_DATA, SEND_RAW_DATA, END_OF_NET_SESSION: NEXT
 */
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "st_mix: a known mix <for> \"the\" status "
           "page");
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_READ_RAW_DATA
                    | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                    | SF_NOTIFY_END_OF_NET_SESSION | SF_NOTIFY_ORDER_MEDIUM;
    return TRUE;
}

static DWORD st_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char url[256];
    DWORD len = sizeof(url);

    if (!ph->GetHeader(pfc, "url", url, &len)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(url, "/st/x")) {
        static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                                   "Connection: close\r\n\r\nst\n";
        DWORD n = sizeof(resp) - 1;

        pfc->WriteClient(pfc, (void *)resp, &n, 0);
        return SF_STATUS_REQ_FINISHED;
    }
    if (!strcmp(url, "/st/y")) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return SF_STATUS_REQ_ERROR;
    }
    if (!strncmp(url, "/st/a/", 6)) {
        DWORD size = (DWORD)strtoul(url + 6, NULL, 10);
        char *p = pfc->AllocMem(pfc, size, 0);

        if (p) {
            memset(p, 'a', size);
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return st_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
