/*
 * cb_ctx.c: watches its own pFilterContext, next to cb_order.so (which
 * keeps a different structure in its own slot).
 *
 * PREPROC_HEADERS reports what the slot held as the request arrived:
 *   X-CB-Ctx: new        NULL, as on every new connection
 *   X-CB-Ctx: kept N     our structure, N requests earlier on this
 *                        connection (keep-alive or pipelining)
 *   X-CB-Ctx: foreign    something that is not ours (another filter's)
 * and, from the second request on, the notifications it received during
 * the previous request on the connection:
 *   X-CB-Ctx-Prev: URL_MAP,AUTHENTICATION,...
 * That list covers END_OF_REQUEST and LOG, which happen after the
 * response has gone.  SEND_RESPONSE adds "X-CB-Ctx-Send: yes".
 *
 * Used by t/callbacks/filter_context.t and
 * t/callbacks/disable_notifications.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

#define CB_CTX_MAGIC 0x43545842u    /* "CTXB" */

typedef struct {
    DWORD magic;
    DWORD requests;
    char cur[256];          /* events of the current request */
} cb_ctx_t;

static const char *cb_event_name(DWORD bit)
{
    switch (bit) {
    case SF_NOTIFY_PREPROC_HEADERS:     return "PREPROC_HEADERS";
    case SF_NOTIFY_AUTHENTICATION:      return "AUTHENTICATION";
    case SF_NOTIFY_URL_MAP:             return "URL_MAP";
    case SF_NOTIFY_ACCESS_DENIED:       return "ACCESS_DENIED";
    case SF_NOTIFY_SEND_RESPONSE:       return "SEND_RESPONSE";
    case SF_NOTIFY_END_OF_REQUEST:      return "END_OF_REQUEST";
    case SF_NOTIFY_LOG:                 return "LOG";
    case SF_NOTIFY_END_OF_NET_SESSION:  return "END_OF_NET_SESSION";
    case SF_NOTIFY_AUTH_COMPLETE:       return "AUTH_COMPLETE";
    default:                            return "UNKNOWN";
    }
}

static void cb_add(char *list, size_t cap, const char *name)
{
    size_t used = strlen(list);

    if (used + strlen(name) + 2 < cap) {
        if (used) {
            list[used++] = ',';
        }
        strcpy(list + used, name);
    }
}

static DWORD cb_preproc(HTTP_FILTER_CONTEXT *pfc)
{
    cb_ctx_t *ctx = pfc->pFilterContext;
    char line[400];

    if (!ctx) {
        ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (!ctx) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        memset(ctx, 0, sizeof(*ctx));
        ctx->magic = CB_CTX_MAGIC;
        pfc->pFilterContext = ctx;
        pfc->AddResponseHeaders(pfc, "X-CB-Ctx: new\r\n", 0);
    }
    else if (ctx->magic != CB_CTX_MAGIC) {
        pfc->AddResponseHeaders(pfc, "X-CB-Ctx: foreign\r\n", 0);
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    else {
        snprintf(line, sizeof(line), "X-CB-Ctx: kept %lu\r\n"
                 "X-CB-Ctx-Prev: %s\r\n", (unsigned long)ctx->requests,
                 ctx->cur[0] ? ctx->cur : "none");
        pfc->AddResponseHeaders(pfc, line, 0);
    }
    ctx->requests++;
    ctx->cur[0] = '\0';
    cb_add(ctx->cur, sizeof(ctx->cur), "PREPROC_HEADERS");
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_ctx: pFilterContext witness");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_URL_MAP | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_LOG
                  | SF_NOTIFY_AUTH_COMPLETE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    cb_ctx_t *ctx = pfc->pFilterContext;

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return cb_preproc(pfc);
    }
    if (!ctx || ctx->magic != CB_CTX_MAGIC) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    cb_add(ctx->cur, sizeof(ctx->cur), cb_event_name(NotificationType));
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *sr = pvNotification;
        sr->AddHeader(pfc, "X-CB-Ctx-Send:", "yes");
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
