/*
 * crash_nested.c: a filter that crashes inside the notification its own
 * callback raised (t/security/crash_nested.t): for the url /nested/...,
 * its PREPROC_HEADERS writes a whole response with WriteClient, which
 * raises SEND_RAW_DATA for those bytes at once, nested in the
 * PREPROC_HEADERS call; that SEND_RAW_DATA writes through a NULL
 * pointer.  Any other url: NEXT everywhere.
 */
#include <string.h>

#include "httpfilt.h"

static const char cn_resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                              "Connection: close\r\n\r\nok\n";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "crash_nested: crashes in a nested call");
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_PREPROC_HEADERS
                    | SF_NOTIFY_SEND_RAW_DATA;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD type, LPVOID pv)
{
    if (type == SF_NOTIFY_PREPROC_HEADERS) {
        HTTP_FILTER_PREPROC_HEADERS *ph = pv;
        char url[512];
        DWORD size = sizeof(url), n = sizeof(cn_resp) - 1;

        pfc->pFilterContext = NULL;
        if (ph->GetHeader(pfc, "url", url, &size)
            && !strncmp(url, "/nested/", 8)) {
            pfc->pFilterContext = (void *)1;
            pfc->WriteClient(pfc, (void *)cn_resp, &n, 0);
            /* Not reached: SEND_RAW_DATA crashed. */
            pfc->pFilterContext = NULL;
            return SF_STATUS_REQ_FINISHED;
        }
    }
    else if (type == SF_NOTIFY_SEND_RAW_DATA && pfc->pFilterContext) {
        *(volatile int *)0 = 1;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
