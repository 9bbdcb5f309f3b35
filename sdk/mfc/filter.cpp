/*
 * filter.cpp: CHttpFilter, the base of the filter's one global object:
 * its registration, the base GetFilterVersion, the dispatch of
 * HttpFilterProc to the handlers, and the handlers' defaults.
 */
#include "mfc.h"

/* Set by the constructor of the global object, before GetFilterVersion
 * can run (static constructors run at load). */
static CHttpFilter *the_filter;

CHttpFilter *isapimfc_filter()
{
    return the_filter;
}

CHttpFilter::CHttpFilter()
{
    /* MFC allows one; a second is a mistake the log should show, and the
     * first keeps the filter's notifications. */
    if (the_filter) {
        isapimfc_log_error("a second CHttpFilter object was constructed; "
                           "the filter has one, the first is used");
        return;
    }
    the_filter = this;
}

CHttpFilter::~CHttpFilter()
{
    if (the_filter == this) {
        the_filter = NULL;
    }
}

BOOL CHttpFilter::GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    const char *name = isapimfc_filter_name();
    size_t n = strlen(name);
    const char *dot = strrchr(name, '.');

    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT;
    /* A description the filter need not set: its name, without the
     * extension; overrides usually replace it with their STRINGTABLE's. */
    if (dot && dot != name) {
        n = (size_t)(dot - name);
    }
    if (n >= SF_MAX_FILTER_DESC_LEN) {
        n = SF_MAX_FILTER_DESC_LEN - 1;
    }
    memcpy(pVer->lpszFilterDesc, name, n);
    pVer->lpszFilterDesc[n] = '\0';
    return TRUE;
}

DWORD CHttpFilter::HttpFilterProc(PHTTP_FILTER_CONTEXT pfc,
                                  DWORD dwNotificationType,
                                  LPVOID pvNotification)
{
    CHttpFilterContext ctx(pfc);

    switch (dwNotificationType) {
    case SF_NOTIFY_READ_RAW_DATA:
        return OnReadRawData(&ctx, (PHTTP_FILTER_RAW_DATA)pvNotification);
    case SF_NOTIFY_PREPROC_HEADERS:
        return OnPreprocHeaders(&ctx,
                                (PHTTP_FILTER_PREPROC_HEADERS)pvNotification);
    case SF_NOTIFY_AUTHENTICATION:
        return OnAuthentication(&ctx, (PHTTP_FILTER_AUTHENT)pvNotification);
    case SF_NOTIFY_URL_MAP:
        return OnUrlMap(&ctx, (PHTTP_FILTER_URL_MAP)pvNotification);
    case SF_NOTIFY_SEND_RAW_DATA:
        return OnSendRawData(&ctx, (PHTTP_FILTER_RAW_DATA)pvNotification);
    case SF_NOTIFY_LOG:
        return OnLog(&ctx, (PHTTP_FILTER_LOG)pvNotification);
    case SF_NOTIFY_END_OF_NET_SESSION:
        return OnEndOfNetSession(&ctx);
    case SF_NOTIFY_END_OF_REQUEST:
        return OnEndOfRequest(&ctx);
    case SF_NOTIFY_AUTH_COMPLETE:
        return OnAuthComplete(&ctx,
                              (PHTTP_FILTER_AUTH_COMPLETE_INFO)pvNotification);
    case SF_NOTIFY_SEND_RESPONSE:
        return OnSendResponse(&ctx,
                              (PHTTP_FILTER_SEND_RESPONSE)pvNotification);
    case SF_NOTIFY_ACCESS_DENIED:
        return OnAccessDenied(&ctx,
                              (PHTTP_FILTER_ACCESS_DENIED)pvNotification);
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}

BOOL CHttpFilter::TerminateFilter(DWORD dwFlags)
{
    (void)dwFlags;
    return TRUE;
}

DWORD CHttpFilter::OnReadRawData(CHttpFilterContext *, PHTTP_FILTER_RAW_DATA)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnPreprocHeaders(CHttpFilterContext *,
                                    PHTTP_FILTER_PREPROC_HEADERS)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnAuthentication(CHttpFilterContext *, PHTTP_FILTER_AUTHENT)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnUrlMap(CHttpFilterContext *, PHTTP_FILTER_URL_MAP)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnSendRawData(CHttpFilterContext *, PHTTP_FILTER_RAW_DATA)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnLog(CHttpFilterContext *, PHTTP_FILTER_LOG)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnEndOfNetSession(CHttpFilterContext *)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnEndOfRequest(CHttpFilterContext *)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnAuthComplete(CHttpFilterContext *,
                                  PHTTP_FILTER_AUTH_COMPLETE_INFO)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnSendResponse(CHttpFilterContext *,
                                  PHTTP_FILTER_SEND_RESPONSE)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CHttpFilter::OnAccessDenied(CHttpFilterContext *,
                                  PHTTP_FILTER_ACCESS_DENIED)
{
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
