/*
 * add_header.c: the smallest useful ISAPI filter.
 *
 * It adds "X-ISAPI-Filter: add_header example" to every response.  The
 * same source builds for IIS against the Windows SDK's <httpfilt.h>; here
 * it builds against sdk/include/httpfilt.h:
 *
 *   cc -shared -fPIC -Wall -Wextra -I sdk/include \
 *      -o examples/add_header.so examples/add_header.c
 *
 * and is loaded by httpd-isapi.conf with "ISAPIFilter examples/add_header.so".
 *
 * A filter library exports GetFilterVersion (called once, at start-up, to
 * say which notifications it wants) and HttpFilterProc (called for each
 * notification).  Everything else should be static: filter libraries share
 * the server's process, so a non-static helper could clash with another
 * library's symbol of the same name.
 */
#include <string.h>

#include <httpfilt.h>

static const char filter_desc[] = "add_header example: X-ISAPI-Filter header";

/* SEND_RESPONSE: the response headers are about to be written.  Note the
 * trailing colon on the name: the SDK's header functions take header names
 * in that form, as IIS does. */
static DWORD on_send_response(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_SEND_RESPONSE *resp)
{
    if (!resp->AddHeader(pfc, "X-ISAPI-Filter:", "add_header example")) {
        /* The callback set the Win32 error (GetLastError()); failing the
         * request is the IIS way to report it. */
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

/* PREPROC_HEADERS: the request headers have been read.  Nothing to do
 * here; it is registered only to show the shape of a second event. A
 * filter could read a header with GetHeader(pfc, "User-Agent:", ...),
 * or change the URL with SetHeader(pfc, "url", "/other"). */
static DWORD on_preproc_headers(HTTP_FILTER_CONTEXT *pfc,
                                HTTP_FILTER_PREPROC_HEADERS *req)
{
    (void)pfc;
    (void)req;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, filter_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';

    /* The events we want, on plain and TLS connections alike, at the
     * default priority (an "ISAPIFilter path High" line overrides it). */
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_SEND_RESPONSE:
        return on_send_response(pfc, pvNotification);
    case SF_NOTIFY_PREPROC_HEADERS:
        return on_preproc_headers(pfc, pvNotification);
    default:
        /* Not registered for anything else; stay out of the way. */
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
