/*
 * raw_disable.c: benchmark filter for configuration (e).
 *
 * The common IIS pattern for a filter that only needs to see (or edit)
 * the response head in raw form: watch SEND_RAW_DATA until the blank
 * line that ends the head has gone past, then switch SEND_RAW_DATA off
 * for the rest of the request with
 * ServerSupportFunction(SF_REQ_DISABLE_NOTIFICATIONS).  Each request
 * starts with the notification enabled again.  With the filter out of
 * the way the bridge should let the body through untouched, so a static
 * file keeps Apache's sendfile path.
 *
 * pFilterContext holds how much of "\r\n\r\n" the previous window ended
 * with, so a head split across windows is still found.
 */
#include "filter_util.h"

#include <stdint.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    return filter_version(pVer, "bench raw_disable: SEND_RAW_DATA off after head",
                          SF_NOTIFY_SEND_RAW_DATA);
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    HTTP_FILTER_RAW_DATA *raw = pvNotification;
    unsigned state;

    if (NotificationType != SF_NOTIFY_SEND_RAW_DATA) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    state = (unsigned)(uintptr_t)pfc->pFilterContext;
    if (filter_head_end(&state, raw->pvInData, raw->cbInData)) {
        if (!pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS,
                                        NULL, SF_NOTIFY_SEND_RAW_DATA, 0)) {
            return SF_STATUS_REQ_ERROR;
        }
    }
    pfc->pFilterContext = (PVOID)(uintptr_t)state;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
