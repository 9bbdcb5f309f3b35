/*
 * life_rawpass.c: a SEND_RAW_DATA filter that passes every window as it
 * is (t/lifetime/interim_100_continue.t, as the site filter of one
 * name-based virtual host).
 */
#include "life.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    life_version(pVer, "life_rawpass: SEND_RAW_DATA, passes",
                 SF_NOTIFY_SEND_RAW_DATA);
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
