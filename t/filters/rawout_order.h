/*
 * rawout_order.h: the body of rawout_order_a.c and rawout_order_b.c, which
 * differ only in the text they replace (ORDER_FROM -> ORDER_TO, three bytes
 * each), their X-Order tag (ORDER_TAG) and description (ORDER_DESC).
 */
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, ORDER_DESC,
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *resp = pvNotification;
        resp->AddHeader(pfc, "X-Order:", ORDER_TAG);
    }
    else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        char *p = raw->pvInData;
        DWORD i;

        for (i = 0; i + 3 <= raw->cbInData; i++) {
            if (!memcmp(p + i, ORDER_FROM, 3)) {
                memcpy(p + i, ORDER_TO, 3);
            }
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
