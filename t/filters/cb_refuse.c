/*
 * cb_refuse.c: GetFilterVersion says FALSE with SetLastError(5,
 * ERROR_ACCESS_DENIED), as an IIS filter does to refuse to load.  Start-up
 * must stop with a message naming the file and that error code
 * (t/config/refusal_reasons.t).
 */
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_refuse: refuses to load");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_NONSECURE_PORT;
    SetLastError(ERROR_ACCESS_DENIED);
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
