/*
 * lim_url.c: a url change SetHeader refuses (t/limits/refused_url.t,
 * scenario isf_lim_url).
 *
 * PREPROC_HEADERS: with the request header X-Lim-Url it calls
 * SetHeader(pfc, "url", <X-Lim-Url>), reads "url" back with GetHeader and
 * answers (AddResponseHeaders)
 *   X-Lim-Set-Url: TRUE | FALSE <GetLastError>
 *   X-Lim-Url-After: <url as GetHeader gives it now>
 * END_OF_REQUEST and LOG append to t/logs/lim_url.log, with the request's
 * X-Lim-Tag:
 *   <tag> END_OF_REQUEST
 *   <tag> LOG <dwHttpStatus> <pszTarget>
 */
#include "lim.h"

typedef struct {
    char tag[128];
} lu_ctx;

static lu_ctx *lu_get(HTTP_FILTER_CONTEXT *pfc)
{
    if (!pfc->pFilterContext) {
        lu_ctx *ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (ctx) {
            memset(ctx, 0, sizeof(*ctx));
        }
        pfc->pFilterContext = ctx;
    }
    return pfc->pFilterContext;
}

static DWORD lu_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    lu_ctx *ctx = lu_get(pfc);
    char want[1024], after[1024], res[32], line[1200];
    DWORD size;
    BOOL ok;

    if (!ctx) {
        return SF_STATUS_REQ_ERROR;
    }
    size = sizeof(ctx->tag);
    if (!ph->GetHeader(pfc, "X-Lim-Tag:", ctx->tag, &size)) {
        ctx->tag[0] = '\0';
    }
    size = sizeof(want);
    if (!ph->GetHeader(pfc, "X-Lim-Url:", want, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    SetLastError(0);
    ok = ph->SetHeader(pfc, "url", want);
    lim_result(res, sizeof(res), ok);
    size = sizeof(after);
    if (!ph->GetHeader(pfc, "url", after, &size)) {
        snprintf(after, sizeof(after), "(GetHeader failed: %lu)",
                 (unsigned long)GetLastError());
    }
    snprintf(line, sizeof(line), "X-Lim-Set-Url: %s\r\n"
             "X-Lim-Url-After: %s\r\n", res, after);
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("lim_url");
    lim_version(pVer, "lim_url: a refused url change",
                SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_END_OF_REQUEST
                | SF_NOTIFY_LOG);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    lu_ctx *ctx = pfc->pFilterContext;
    const char *tag = ctx && ctx->tag[0] ? ctx->tag : "-";

    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return lu_preproc(pfc, pvNotification);
    case SF_NOTIFY_END_OF_REQUEST:
        filter_log("%s END_OF_REQUEST", tag);
        break;
    case SF_NOTIFY_LOG: {
        HTTP_FILTER_LOG *lg = pvNotification;
        filter_log("%s LOG %lu %s", tag, (unsigned long)lg->dwHttpStatus,
                lg->pszTarget ? lg->pszTarget : "(null)");
        break;
    }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
