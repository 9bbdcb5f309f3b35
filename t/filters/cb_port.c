/*
 * cb_port.c: a filter for TLS connections only (SF_NOTIFY_SECURE_PORT and
 * no SF_NOTIFY_NONSECURE_PORT).  SEND_RESPONSE adds
 * "X-CB-Port: secure-only fIsSecurePort=N"; on a plain connection IIS
 * never calls it, so the header must not appear there
 * (t/config/port_flags.t).
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_port: TLS connections only");
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char val[64];

    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *sr = pvNotification;

        snprintf(val, sizeof(val), "secure-only fIsSecurePort=%d",
                 pfc->fIsSecurePort ? 1 : 0);
        sr->AddHeader(pfc, "X-CB-Port:", val);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
