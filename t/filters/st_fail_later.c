/*
 * st_fail_later.c: loads at start-up, then fails in the children forked
 * once the file named by the environment variable ST_FAIL_FILE exists
 * (GetFilterVersion returns FALSE there), so the status page's load
 * failures can be counted (t/ops/status.t).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    const char *flag = getenv("ST_FAIL_FILE");

    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "st_fail_later: fails in later children");
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_SEND_RESPONSE;
    if (flag && access(flag, F_OK) == 0) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
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
