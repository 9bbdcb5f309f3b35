/*
 * rawin_mark_out.c: the SEND_RAW_DATA half of the raw-data checks in
 * t/raw/tls.t and t/raw/http2.t.  A global filter.
 *
 * Every "rawin-marker" in the outgoing bytes becomes "RAWIN-MARKER", in
 * place (same length, so Content-Length stays right).  A marker split
 * across two windows is left alone; the test documents are small.
 */
#include <string.h>

#include <httpfilt.h>

static const char mark_desc[] = "rawin_mark_out: upcases rawin-marker";
static const char mark_from[] = "rawin-marker";
static const char mark_to[]   = "RAWIN-MARKER";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, mark_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    HTTP_FILTER_RAW_DATA *raw = pvNotification;
    size_t n = sizeof(mark_from) - 1, i;
    char *p;

    (void)pfc;
    if (NotificationType != SF_NOTIFY_SEND_RAW_DATA) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    p = raw->pvInData;
    for (i = 0; i + n <= raw->cbInData; i++) {
        if (!memcmp(p + i, mark_from, n)) {
            memcpy(p + i, mark_to, n);
            i += n - 1;
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
