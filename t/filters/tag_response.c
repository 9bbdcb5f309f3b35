/*
 * tag_response.c: adds "X-ISF-Tag: tag_response" to every response
 * (SEND_RESPONSE), on plain and TLS connections.  The smallest filter the
 * harness can see from the outside: t/basic/module_loaded.t.
 */
#include <string.h>

#include <httpfilt.h>

static const char tag_desc[] = "tag_response: X-ISF-Tag on every response";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, tag_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *resp = pvNotification;
        if (!resp->AddHeader(pfc, "X-ISF-Tag:", "tag_response"))
            return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
