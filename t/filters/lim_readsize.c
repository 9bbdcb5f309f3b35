/*
 * lim_readsize.c: SF_REQ_SET_NEXT_READ_SIZE of (ULONG_PTR)-1
 * (t/limits/next_read_size.t; a global filter, in a throwaway server).
 *
 * Every READ_RAW_DATA asks for a next read of (ULONG_PTR)-1 bytes and
 * appends the outcome, with the bytes it was handed, to
 * t/logs/lim_readsize.log:
 *   read <cbInData> set TRUE | set FALSE <GetLastError>
 * PREPROC_HEADERS appends "request <url>" so a test can tell connections
 * that carried a request from the server's start-up probe.
 */
#include "lim.h"

static DWORD lr_read_raw(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    char res[32];
    BOOL ok;

    SetLastError(0);
    ok = pfc->ServerSupportFunction(pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL,
                                    (ULONG_PTR)-1, 0);
    lim_result(res, sizeof(res), ok);
    filter_log("read %lu set %s", (unsigned long)raw->cbInData, res);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD lr_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char url[512];
    DWORD size = sizeof(url);

    if (!ph->GetHeader(pfc, "url", url, &size)) {
        snprintf(url, sizeof(url), "?");
    }
    filter_log("request %s", url);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("lim_readsize");
    lim_version(pVer, "lim_readsize: SET_NEXT_READ_SIZE of -1",
                SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_READ_RAW_DATA:
        return lr_read_raw(pfc, pvNotification);
    case SF_NOTIFY_PREPROC_HEADERS:
        return lr_preproc(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
