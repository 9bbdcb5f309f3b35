/*
 * cb_session.c: one line per END_OF_NET_SESSION.
 *
 * PREPROC_HEADERS counts the connection's requests in pFilterContext
 * (AllocMem memory), remembers the request header X-CB-Tag and answers
 * "X-CB-Session: N" (the request's number on the connection).
 * END_OF_NET_SESSION appends to ../logs/cb_session.log, relative to the
 * directory this library was loaded from:
 *
 *   ENS tag=TAG requests=N url=ERR port=OK/ERR write=OK/ERR
 *
 * TAG and N come from the context ("-" and 0 when no request was read),
 * url is GetLastError after GetServerVariable("URL") (a request variable:
 * no request exists any more), port is GetServerVariable("SERVER_PORT")
 * (a connection variable) and write is WriteClient to a connection that
 * is gone.  Used by t/events/end_of_net_session.t.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

#define CB_SESSION_MAGIC 0x53455353u    /* "SESS" */

typedef struct {
    DWORD magic;
    DWORD requests;
    char tag[64];
} cb_session_ctx;

static char cb_log_path[4096];

/* <dir of this .so>/../logs/cb_session.log, worked out at load time. */
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
    strncat(cb_log_path, "/../logs/cb_session.log",
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
        if (write(fd, line, strlen(line)) < 0) {
            /* nothing to report it to */
        }
        close(fd);
    }
}

static DWORD cb_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    cb_session_ctx *ctx = pfc->pFilterContext;
    char line[64];
    DWORD size;

    if (!ctx) {
        ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0);
        if (!ctx) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        memset(ctx, 0, sizeof(*ctx));
        ctx->magic = CB_SESSION_MAGIC;
        pfc->pFilterContext = ctx;
    }
    ctx->requests++;
    size = sizeof(ctx->tag);
    if (!ph->GetHeader(pfc, "X-CB-Tag:", ctx->tag, &size)) {
        strcpy(ctx->tag, "-");
    }
    snprintf(line, sizeof(line), "X-CB-Session: %lu\r\n",
             (unsigned long)ctx->requests);
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD cb_end_session(HTTP_FILTER_CONTEXT *pfc)
{
    cb_session_ctx *ctx = pfc->pFilterContext;
    char line[256], buf[64], port[32], wrote[32];
    DWORD size = sizeof(buf), url_err, len = 3;

    if (pfc->GetServerVariable(pfc, "URL", buf, &size)) {
        url_err = 0;
    }
    else {
        url_err = GetLastError();
    }
    size = sizeof(buf);
    if (pfc->GetServerVariable(pfc, "SERVER_PORT", buf, &size)) {
        snprintf(port, sizeof(port), "ok");
    }
    else {
        snprintf(port, sizeof(port), "%lu", (unsigned long)GetLastError());
    }
    if (pfc->WriteClient(pfc, "bye", &len, 0)) {
        snprintf(wrote, sizeof(wrote), "ok");
    }
    else {
        snprintf(wrote, sizeof(wrote), "%lu", (unsigned long)GetLastError());
    }
    snprintf(line, sizeof(line),
             "ENS tag=%s requests=%lu url=%lu port=%s write=%s\n",
             ctx && ctx->magic == CB_SESSION_MAGIC ? ctx->tag : "-",
             ctx && ctx->magic == CB_SESSION_MAGIC
                 ? (unsigned long)ctx->requests : 0UL,
             (unsigned long)url_err, port, wrote);
    cb_append(line);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    cb_set_log_path();
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_session: logs END_OF_NET_SESSION");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_END_OF_NET_SESSION
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return cb_preproc(pfc, pvNotification);
    case SF_NOTIFY_END_OF_NET_SESSION:
        return cb_end_session(pfc);
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
