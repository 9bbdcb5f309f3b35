/*
 * cb_order.c: records which notifications arrive, in which order.
 *
 * Registered for every request and connection event (not the raw-data
 * ones), on both ports, at the default (low) priority.  For each
 * notification it appends "TAG#N EVENT" to ../logs/cb_order.log, relative
 * to the directory this library was loaded from (t/filters/cb_order.so
 * writes t/logs/cb_order.log).  TAG is the request header X-CB-Tag of the
 * connection's latest request, N that request's number on the connection.
 *
 * It also reports in-band:
 *   X-CB-Order-Ctx: new | kept N | foreign   (PREPROC_HEADERS: what its
 *                   pFilterContext held when the request arrived)
 *   X-CB-Order: EV,EV,...                    (SEND_RESPONSE: this
 *                   request's events so far, SEND_RESPONSE included)
 * and obeys X-CB-Disable: <hex bits> by calling
 * SF_REQ_DISABLE_NOTIFICATIONS for itself in PREPROC_HEADERS, answering
 * "X-CB-Disable-Result: ok" or "fail <GetLastError>".
 *
 * Used by t/events/order.t, t/events/return_codes.t,
 * t/callbacks/filter_context.t, t/callbacks/disable_notifications.t and
 * t/security/site_isolation.t.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

#define CB_ORDER_MAGIC 0x4f524452u  /* "ORDR" */

typedef struct {
    DWORD magic;            /* tells our context from anyone else's */
    DWORD requests;         /* requests seen on this connection */
    char tag[64];           /* X-CB-Tag of the latest request */
    char events[512];       /* this request's events, comma separated */
} cb_order_ctx;

static char cb_log_path[4096];

static const struct {
    DWORD bit;
    const char *name;
} cb_events[] = {
    { SF_NOTIFY_READ_RAW_DATA,      "READ_RAW_DATA" },
    { SF_NOTIFY_PREPROC_HEADERS,    "PREPROC_HEADERS" },
    { SF_NOTIFY_AUTHENTICATION,     "AUTHENTICATION" },
    { SF_NOTIFY_URL_MAP,            "URL_MAP" },
    { SF_NOTIFY_ACCESS_DENIED,      "ACCESS_DENIED" },
    { SF_NOTIFY_SEND_RESPONSE,      "SEND_RESPONSE" },
    { SF_NOTIFY_SEND_RAW_DATA,      "SEND_RAW_DATA" },
    { SF_NOTIFY_END_OF_REQUEST,     "END_OF_REQUEST" },
    { SF_NOTIFY_LOG,                "LOG" },
    { SF_NOTIFY_END_OF_NET_SESSION, "END_OF_NET_SESSION" },
    { SF_NOTIFY_AUTH_COMPLETE,      "AUTH_COMPLETE" }
};

static const char *cb_event_name(DWORD bit)
{
    size_t i;

    for (i = 0; i < sizeof(cb_events) / sizeof(cb_events[0]); i++) {
        if (cb_events[i].bit == bit) {
            return cb_events[i].name;
        }
    }
    return "UNKNOWN";
}

/* <dir of this .so>/../logs/cb_order.log, worked out once at load time. */
static void cb_set_log_path(void)
{
    Dl_info info;
    char *slash;

    if (!dladdr((void *)cb_set_log_path, &info) || !info.dli_fname) {
        return;
    }
    snprintf(cb_log_path, sizeof(cb_log_path), "%s", info.dli_fname);
    if ((slash = strrchr(cb_log_path, '/'))) {
        *slash = '\0';
    }
    strncat(cb_log_path, "/../logs/cb_order.log",
            sizeof(cb_log_path) - strlen(cb_log_path) - 1);
}

static void cb_append(const char *line)
{
    int fd;

    if (!cb_log_path[0]) {
        return;
    }
    fd = open(cb_log_path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        /* One write per line: O_APPEND keeps concurrent lines whole. */
        if (write(fd, line, strlen(line)) < 0) {
            /* nothing to report it to */
        }
        close(fd);
    }
}

static void cb_add_event(cb_order_ctx *ctx, const char *name)
{
    size_t used = strlen(ctx->events);

    if (used + strlen(name) + 2 < sizeof(ctx->events)) {
        if (used) {
            ctx->events[used++] = ',';
        }
        strcpy(ctx->events + used, name);
    }
}

static DWORD cb_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph, cb_order_ctx *ctx)
{
    char line[256], bits[32];
    DWORD size;

    ctx->requests++;
    ctx->events[0] = '\0';
    size = sizeof(ctx->tag);
    if (!ph->GetHeader(pfc, "X-CB-Tag:", ctx->tag, &size)) {
        strcpy(ctx->tag, "-");
    }
    size = sizeof(bits);
    if (ph->GetHeader(pfc, "X-CB-Disable:", bits, &size)) {
        ULONG_PTR mask = (ULONG_PTR)strtoul(bits, NULL, 16);
        if (pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS,
                                       NULL, mask, 0)) {
            snprintf(line, sizeof(line), "X-CB-Disable-Result: ok\r\n");
        }
        else {
            snprintf(line, sizeof(line), "X-CB-Disable-Result: fail %lu\r\n",
                     (unsigned long)GetLastError());
        }
        pfc->AddResponseHeaders(pfc, line, 0);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    cb_set_log_path();
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_order: records notification order");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_URL_MAP | SF_NOTIFY_ACCESS_DENIED
                  | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_END_OF_REQUEST
                  | SF_NOTIFY_LOG | SF_NOTIFY_END_OF_NET_SESSION
                  | SF_NOTIFY_AUTH_COMPLETE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    cb_order_ctx *ctx = pfc->pFilterContext;
    const char *name = cb_event_name(NotificationType);
    char line[700];
    DWORD st = SF_STATUS_REQ_NEXT_NOTIFICATION;

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        const char *how = "new";
        char kept[32];

        if (ctx && ctx->magic != CB_ORDER_MAGIC) {
            how = "foreign";
        }
        else if (ctx) {
            snprintf(kept, sizeof(kept), "kept %lu",
                     (unsigned long)ctx->requests);
            how = kept;
        }
        snprintf(line, sizeof(line), "X-CB-Order-Ctx: %s\r\n", how);
        pfc->AddResponseHeaders(pfc, line, 0);
        if (ctx && ctx->magic != CB_ORDER_MAGIC) {
            return st;
        }
    }
    if (!ctx && NotificationType != SF_NOTIFY_END_OF_NET_SESSION) {
        ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (!ctx) {
            return st;
        }
        memset(ctx, 0, sizeof(*ctx));
        ctx->magic = CB_ORDER_MAGIC;
        strcpy(ctx->tag, "-");
        pfc->pFilterContext = ctx;
    }
    if (ctx && ctx->magic != CB_ORDER_MAGIC) {
        return st;
    }
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        st = cb_preproc(pfc, pvNotification, ctx);
    }
    if (ctx) {
        cb_add_event(ctx, name);
    }
    snprintf(line, sizeof(line), "%s#%lu %s\n", ctx ? ctx->tag : "-",
             ctx ? (unsigned long)ctx->requests : 0UL, name);
    cb_append(line);
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *sr = pvNotification;
        sr->AddHeader(pfc, "X-CB-Order:", ctx->events);
    }
    return st;
}
