/*
 * raw_disable.c: benchmark filter for configuration (e).
 *
 * The common IIS pattern for a filter that only needs to see (or edit)
 * the response head in raw form: watch SEND_RAW_DATA until the blank
 * line that ends the head has gone past, then switch SEND_RAW_DATA off
 * for the rest of the request with
 * ServerSupportFunction(SF_REQ_DISABLE_NOTIFICATIONS).  Each request
 * starts with the notification enabled again.  With the filter out of
 * the way the bridge should let the body through untouched, so a static
 * file keeps Apache's sendfile path.
 *
 * pFilterContext holds how much of "\r\n\r\n" the previous window ended
 * with, so a head split across windows is still found.
 */
#include <stdint.h>
#include <string.h>

#include <httpfilt.h>

static const char desc[] = "bench raw_disable: SEND_RAW_DATA off after head";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

/* Feed bytes to the "\r\n\r\n" matcher; returns 1 once it has matched. */
static int end_of_head(uintptr_t *state, const char *p, DWORD n)
{
    static const char crlfcrlf[] = "\r\n\r\n";
    uintptr_t s = *state;
    DWORD i;

    for (i = 0; i < n; i++) {
        if (p[i] == crlfcrlf[s]) {
            if (++s == 4) {
                *state = 0;
                return 1;
            }
        }
        else {
            s = p[i] == '\r' ? 1 : 0;
        }
    }
    *state = s;
    return 0;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    HTTP_FILTER_RAW_DATA *raw = pvNotification;
    uintptr_t state;

    if (NotificationType != SF_NOTIFY_SEND_RAW_DATA) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    state = (uintptr_t)pfc->pFilterContext;
    if (end_of_head(&state, raw->pvInData, raw->cbInData)) {
        if (!pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS,
                                        NULL, SF_NOTIFY_SEND_RAW_DATA, 0)) {
            return SF_STATUS_REQ_ERROR;
        }
    }
    pfc->pFilterContext = (PVOID)state;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
