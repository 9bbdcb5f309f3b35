/*
 * rawout_order_a.c: turns every "fox" into "cat" in each SEND_RAW_DATA
 * window (in place), and tags every response "X-Order: A" in
 * SEND_RESPONSE.  With rawout_order_a.so (fox -> cat) and rawout_order_b.so
 * (cat -> dog) on one site, the body shows in which order SEND_RAW_DATA
 * ran and that the later filter saw the earlier one's change; the X-Order
 * headers show the order of every other event: t/raw/raw_out_order.t.
 */
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_order_a: fox -> cat",
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
        resp->AddHeader(pfc, "X-Order:", "A");
    }
    else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        char *p = raw->pvInData;
        DWORD i;

        for (i = 0; i + 3 <= raw->cbInData; i++) {
            if (!memcmp(p + i, "fox", 3)) {
                memcpy(p + i, "cat", 3);
            }
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
