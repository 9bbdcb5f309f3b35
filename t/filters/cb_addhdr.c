/*
 * cb_addhdr.c: AddResponseHeaders before and after the response head.
 *
 *   PREPROC_HEADERS   adds "X-CB-Added: pre" and "X-CB-Added-Too: yes"
 *                     (one call, two lines)
 *   URL_MAP           adds "X-CB-Added-Map: yes" (first URL_MAP only)
 *   SEND_RESPONSE     tries "X-CB-Late: send", which IIS refuses once the
 *                     head is being built; reports the outcome with
 *                     AddHeader as "X-CB-ARH-Send: ok | fail N"
 *   END_OF_REQUEST    with request header X-CB-ARH-EOR present, tries
 *                     "X-CB-Late: eor" and reports the outcome as raw
 *                     bytes "[arh-eor:ok | fail N]" (WriteClient)
 * Used by t/callbacks/add_response_headers.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

static void cb_result(char *out, size_t cap, BOOL ok)
{
    if (ok) {
        snprintf(out, cap, "ok");
    }
    else {
        snprintf(out, cap, "fail %lu", (unsigned long)GetLastError());
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_addhdr: AddResponseHeaders witness");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                  | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_END_OF_REQUEST
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char res[32], out[64], buf[8];
    DWORD len;

    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        /* The connection's slot is reused per request: clear the
         * "URL_MAP seen" mark. */
        pfc->pFilterContext = NULL;
        pfc->AddResponseHeaders(pfc, "X-CB-Added: pre\r\n"
                                     "X-CB-Added-Too: yes\r\n", 0);
        break;
    case SF_NOTIFY_URL_MAP:
        if (!pfc->pFilterContext) {
            pfc->pFilterContext = (PVOID)pfc;
            pfc->AddResponseHeaders(pfc, "X-CB-Added-Map: yes\r\n", 0);
        }
        break;
    case SF_NOTIFY_SEND_RESPONSE:
        cb_result(res, sizeof(res),
                  pfc->AddResponseHeaders(pfc, "X-CB-Late: send\r\n", 0));
        ((HTTP_FILTER_SEND_RESPONSE *)pvNotification)->AddHeader(
            pfc, "X-CB-ARH-Send:", res);
        break;
    case SF_NOTIFY_END_OF_REQUEST:
        len = sizeof(buf);
        if (!pfc->GetServerVariable(pfc, "HTTP_X_CB_ARH_EOR", buf, &len)) {
            break;
        }
        cb_result(res, sizeof(res),
                  pfc->AddResponseHeaders(pfc, "X-CB-Late: eor\r\n", 0));
        snprintf(out, sizeof(out), "[arh-eor:%s]", res);
        len = (DWORD)strlen(out);
        pfc->WriteClient(pfc, out, &len, 0);
        break;
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
