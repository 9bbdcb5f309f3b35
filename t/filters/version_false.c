/*
 * version_false.c: GetFilterVersion returns FALSE, as an IIS filter does
 * to refuse to load.  The server must not start (t/config/startup_refusal.t).
 */
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "version_false: refuses to load");
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_NONSECURE_PORT;
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pfc;
    (void)NotificationType;
    (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
