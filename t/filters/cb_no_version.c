/*
 * cb_no_version.c: exports HttpFilterProc but not GetFilterVersion, so it
 * is not an ISAPI filter; loading it must stop start-up with a message
 * naming the file and the missing export (t/config/refusal_reasons.t).
 */
#include <httpfilt.h>

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pfc;
    (void)NotificationType;
    (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
