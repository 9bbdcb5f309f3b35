/*
 * cb_eor.c: writes a marker to the client from END_OF_REQUEST.
 *
 * When the request carries "X-CB-EOR: WORD", END_OF_REQUEST sends the raw
 * bytes "[eor:WORD]" with WriteClient.  They must land after this
 * response's last byte and before anything of the next response on the
 * connection, once per request.  Used by t/events/end_of_request.t and
 * t/callbacks/write_client.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

static DWORD cb_end_of_request(HTTP_FILTER_CONTEXT *pfc)
{
    char word[64], out[80];
    DWORD size = sizeof(word), len;

    if (!pfc->GetServerVariable(pfc, "HTTP_X_CB_EOR", word, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    snprintf(out, sizeof(out), "[eor:%s]", word);
    len = (DWORD)strlen(out);
    if (!pfc->WriteClient(pfc, out, &len, 0)) {
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_eor: WriteClient from END_OF_REQUEST");
    pVer->dwFlags = SF_NOTIFY_END_OF_REQUEST
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pvNotification;
    if (NotificationType == SF_NOTIFY_END_OF_REQUEST) {
        return cb_end_of_request(pfc);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
