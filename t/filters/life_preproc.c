/*
 * life_preproc.c: a global filter that registers PREPROC_HEADERS only and
 * passes everything (t/lifetime/interim_100_continue.t).  Loaded in the
 * main server it gives every request of every site a request record in
 * the bridge, without any raw filter of its own.
 */
#include "life.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    life_version(pVer, "life_preproc: PREPROC_HEADERS, passes",
                 SF_NOTIFY_PREPROC_HEADERS);
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
