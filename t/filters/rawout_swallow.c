/*
 * rawout_swallow.c: the compression-filter pattern (reference 9.5).  It
 * swallows every SEND_RAW_DATA window of a response (cbInData = 0),
 * counting the bytes, and at END_OF_REQUEST writes a whole response of its
 * own with WriteClient:
 *
 *   HTTP/1.1 200 OK, Content-Length, body
 *   "swallowed N bytes of response K for URL\n"
 *
 * (URL from PREPROC_HEADERS, K counts responses on the connection).  Its
 * own bytes raise SEND_RAW_DATA again and are let through.  With
 * keep-alive and pipelining each replacement must land where the response
 * it replaces would have: t/raw/send_raw_data.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

typedef struct {
    char url[512];
    unsigned long requests;
    unsigned long long swallowed;
    int writing;
} swallow_t;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_swallow: re-sends at END",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    swallow_t *sw = pfc->pFilterContext;

    if (!sw) {
        if (!(sw = pfc->AllocMem(pfc, sizeof(*sw), 0))) {
            return SF_STATUS_REQ_ERROR;
        }
        memset(sw, 0, sizeof(*sw));
        pfc->pFilterContext = sw;
    }
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS: {
        HTTP_FILTER_PREPROC_HEADERS *ph = pvNotification;
        DWORD n = sizeof(sw->url);
        if (!ph->GetHeader(pfc, "url", sw->url, &n)) {
            strcpy(sw->url, "?");
        }
        break;
    }
    case SF_NOTIFY_SEND_RAW_DATA:
        if (!sw->writing) {
            HTTP_FILTER_RAW_DATA *raw = pvNotification;
            sw->swallowed += raw->cbInData;
            raw->cbInData = 0;
        }
        break;
    case SF_NOTIFY_END_OF_REQUEST: {
        char body[700], resp[900];
        DWORD n;
        int bl = snprintf(body, sizeof(body), "swallowed %llu bytes of "
                          "response %lu for %s\n", sw->swallowed,
                          ++sw->requests, sw->url);
        n = (DWORD)snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n"
                            "Content-Type: text/plain\r\n"
                            "Content-Length: %d\r\n\r\n%s", bl, body);
        sw->swallowed = 0;
        sw->writing = 1;
        pfc->WriteClient(pfc, resp, &n, 0);
        sw->writing = 0;
        break;
    }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
