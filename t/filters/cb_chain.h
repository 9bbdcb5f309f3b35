/*
 * cb_chain.h: the body of cb_chain_a.c .. cb_chain_d.c, four filters that
 * differ only in their name (CB_CHAIN_NAME) and in the priority they ask
 * for (CB_CHAIN_ORDER).  Each marks the response on its way through:
 *
 *   PREPROC_HEADERS   AddResponseHeaders "X-CB-Pre: NAME" (one header
 *                     line per filter, in calling order)
 *   SEND_RESPONSE     appends NAME to the response header X-CB-Chain
 *                     (GetHeader + SetHeader), so it reads "c,b,a,d"
 *
 * Used by t/config/filter_order.t (global and site filters, priorities).
 * Every function is static: the four libraries are loaded side by side.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    snprintf(pVer->lpszFilterDesc, SF_MAX_FILTER_DESC_LEN,
             "cb_chain_%s: marks its place in the chain", CB_CHAIN_NAME);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | CB_CHAIN_ORDER;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char have[128], now[160];
    DWORD size = sizeof(have);

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        pfc->AddResponseHeaders(pfc, "X-CB-Pre: " CB_CHAIN_NAME "\r\n", 0);
    }
    else if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *sr = pvNotification;

        if (sr->GetHeader(pfc, "X-CB-Chain:", have, &size)) {
            snprintf(now, sizeof(now), "%s,%s", have, CB_CHAIN_NAME);
        }
        else {
            snprintf(now, sizeof(now), "%s", CB_CHAIN_NAME);
        }
        sr->SetHeader(pfc, "X-CB-Chain:", now);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
