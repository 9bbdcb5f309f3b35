/*
 * life_rawvar.c: a global filter that reads GetServerVariable("URL") in
 * every SEND_RAW_DATA window and calls WriteClient in LOG
 * (t/lifetime/interim_100_continue.t, the second route to the crash of
 * issue 10 item 1).  Each LOG appends to t/logs/life_rawvar.log:
 *
 *   LOG url=<URL> wc=TRUE|FALSE/<GetLastError>
 */
#include "life.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("life_rawvar");
    life_version(pVer, "life_rawvar: URL in every window, write in LOG",
                 SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_LOG);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char url[1024], res[32];
    DWORD size = sizeof(url);

    (void)pvNotification;
    if (!pfc->GetServerVariable(pfc, "URL", url, &size)) {
        snprintf(url, sizeof(url), "-%lu", (unsigned long)GetLastError());
    }
    if (NotificationType == SF_NOTIFY_LOG) {
        char text[] = "LIFE-LOG-WRITE\r\n";
        DWORD n = sizeof(text) - 1;
        BOOL ok;

        SetLastError(0);
        ok = pfc->WriteClient(pfc, text, &n, 0);
        filter_log("LOG url=%s wc=%s", url, life_result(ok, res, sizeof(res)));
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
