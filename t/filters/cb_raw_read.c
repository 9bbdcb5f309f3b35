/*
 * cb_raw_read.c: registers SF_NOTIFY_READ_RAW_DATA.  IIS accepts that only
 * from a global filter, so inside <VirtualHost> start-up must stop, naming
 * the file and the reason; at server level it loads
 * (t/config/refusal_reasons.t).  It never changes any data.
 */
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_raw_read: wants READ_RAW_DATA");
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT;
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
