/*
 * hdr_only.c: benchmark filter for configuration (c).
 *
 * Registered for PREPROC_HEADERS and SEND_RESPONSE only, the two
 * structured events a typical header-rewriting filter uses: it reads one
 * request header (User-Agent) and adds one response header (X-Bench).
 * Nothing else is registered, so the bridge installs no connection
 * filter and raises nothing else.
 */
#include "filter_util.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    return filter_version(pVer, "bench hdr_only: reads User-Agent, adds X-Bench",
                          SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RESPONSE);
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    HTTP_FILTER_PREPROC_HEADERS *h = pvNotification;
    char ua[256];
    DWORD len = sizeof(ua);

    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        /* A missing header is not an error (ERROR_INVALID_INDEX). */
        (void)h->GetHeader(pfc, "User-Agent:", ua, &len);
        break;
    case SF_NOTIFY_SEND_RESPONSE:
        if (!h->AddHeader(pfc, "X-Bench:", "hdr_only")) {
            return SF_STATUS_REQ_ERROR;
        }
        break;
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
