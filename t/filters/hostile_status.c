/*
 * hostile_status.c: an SF_STATUS value that does not exist (t/security/
 * hostile_filters.t, scenario isf_sec_status).
 *
 * The request header X-Bad-Status-In names the event (PREPROC_HEADERS,
 * URL_MAP, SEND_RESPONSE, END_OF_REQUEST, LOG, SEND_RAW_DATA) in which the
 * filter returns 0x0BADF00D instead of an SF_STATUS_TYPE.  It is read in
 * PREPROC_HEADERS and kept in pFilterContext for the later events.
 */
#include "hostile.h"

#define HS_MAGIC 0x48535441u    /* "HSTA" */
#define HS_BOGUS 0x0BADF00Du

typedef struct {
    DWORD magic;
    DWORD event;                /* SF_NOTIFY_* bit, 0 for none */
} hs_ctx;

static const struct {
    const char *name;
    DWORD bit;
} hs_events[] = {
    { "PREPROC_HEADERS", SF_NOTIFY_PREPROC_HEADERS },
    { "URL_MAP",         SF_NOTIFY_URL_MAP },
    { "SEND_RESPONSE",   SF_NOTIFY_SEND_RESPONSE },
    { "END_OF_REQUEST",  SF_NOTIFY_END_OF_REQUEST },
    { "LOG",             SF_NOTIFY_LOG },
    { "SEND_RAW_DATA",   SF_NOTIFY_SEND_RAW_DATA }
};

static void hs_preproc(HTTP_FILTER_CONTEXT *pfc,
                       HTTP_FILTER_PREPROC_HEADERS *ph)
{
    hs_ctx *ctx = pfc->pFilterContext;
    char name[64];
    DWORD size = sizeof(name);
    size_t i;

    if (!ctx) {
        if (!(ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            return;
        }
        ctx->magic = HS_MAGIC;
        pfc->pFilterContext = ctx;
    }
    ctx->event = 0;
    if (!ph->GetHeader(pfc, "X-Bad-Status-In:", name, &size)) {
        return;
    }
    for (i = 0; i < sizeof(hs_events) / sizeof(hs_events[0]); i++) {
        if (!strcmp(name, hs_events[i].name)) {
            ctx->event = hs_events[i].bit;
        }
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    hostile_version(pVer, "hostile_status: returns an unknown status",
                    SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                    | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_END_OF_REQUEST
                    | SF_NOTIFY_LOG | SF_NOTIFY_SEND_RAW_DATA);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    hs_ctx *ctx;

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        hs_preproc(pfc, pvNotification);
    }
    ctx = pfc->pFilterContext;
    if (ctx && ctx->magic == HS_MAGIC && ctx->event == NotificationType) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return HS_BOGUS;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
