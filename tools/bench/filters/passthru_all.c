/*
 * passthru_all.c: benchmark filter for configurations (d) and (g).
 *
 * Registered for every event the bridge raises, raw data in both
 * directions included, and does nothing with any of them: what it costs
 * is the bridge's own cost of raising each notification (and of running
 * every byte through the READ_RAW_DATA and SEND_RAW_DATA windows).  It
 * registers READ_RAW_DATA, so it must be loaded as a global filter (an
 * ISAPIFilter line at server level, not inside <VirtualHost>).
 */
#include <string.h>

#include <httpfilt.h>

static const char desc[] = "bench passthru_all: every event, no action";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_URL_MAP
                  | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_LOG
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_END_OF_NET_SESSION
                  | SF_NOTIFY_AUTH_COMPLETE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pfc;
    (void)NotificationType;
    (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
