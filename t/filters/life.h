/*
 * life.h: what the life_*.c test filters of t/lifetime share.
 *
 * Each filter reports by appending lines to t/logs/<name>.log: the path is
 * worked out at load time from where the library was loaded (<dir of the
 * .so>/../logs/), so it needs no request, works in END_OF_NET_SESSION, in
 * a thread of the filter's own and in throwaway servers (ServerRoot t/).
 * One write(2) per line on an O_APPEND descriptor keeps the lines of
 * concurrent connections whole.
 */
#ifndef LIFE_H
#define LIFE_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

static char life_log_file[4096];

/* <dir of this library>/../logs/<name>.log */
static inline void life_log_init(const char *name)
{
    Dl_info info;
    char *slash;

    if (!dladdr((void *)life_log_init, &info) || !info.dli_fname) {
        return;
    }
    snprintf(life_log_file, sizeof(life_log_file), "%s", info.dli_fname);
    if ((slash = strrchr(life_log_file, '/'))) {
        *slash = '\0';
    }
    else {
        strcpy(life_log_file, ".");
    }
    snprintf(life_log_file + strlen(life_log_file),
             sizeof(life_log_file) - strlen(life_log_file),
             "/../logs/%s.log", name);
}

/* One line (a newline is added) appended to the log. */
static inline void life_log(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    int n, fd;

    if (!life_log_file[0]) {
        return;
    }
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (n > (int)sizeof(line) - 2) {
        n = (int)sizeof(line) - 2;
    }
    line[n++] = '\n';
    fd = open(life_log_file, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) < 0) {
            /* nowhere to report it */
        }
        close(fd);
    }
}

/* The request header X-Life-Op ("" when absent or not readable). */
static inline void life_op(HTTP_FILTER_CONTEXT *pfc, char *buf, DWORD size)
{
    if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_OP", buf, &size)) {
        buf[0] = '\0';
    }
}

/* "TRUE" or "FALSE/<GetLastError>" for a BOOL just returned. */
static inline const char *life_result(BOOL ok, char *buf, size_t len)
{
    if (ok) {
        snprintf(buf, len, "TRUE");
    }
    else {
        snprintf(buf, len, "FALSE/%lu", (unsigned long)GetLastError());
    }
    return buf;
}

static inline void life_version(HTTP_FILTER_VERSION *pVer, const char *desc,
                                DWORD events)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = events | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
}

#ifdef LIFE_RECORDER
/*
 * A recorder (life_rec_site.c, life_rec_global.c define LIFE_RECORDER as
 * their log's name): PREPROC_HEADERS, SEND_RAW_DATA and
 * END_OF_NET_SESSION, passing everything, with one line per event:
 *
 *   REQ tag=<X-Life-Tag> host=<Host>     a request of this filter's site
 *   RAW <hex>                            bytes of a SEND_RAW_DATA window,
 *                                        at most 512 per line, in order
 *   ENS tags=<tag,tag,...|->             the connection's requests it saw
 */
typedef struct {
    char tags[512];
} life_rec_ctx;

static DWORD life_rec_proc(HTTP_FILTER_CONTEXT *pfc, DWORD type, void *n)
{
    life_rec_ctx *ctx = pfc->pFilterContext;

    if (type == SF_NOTIFY_PREPROC_HEADERS) {
        char tag[64], host[128];
        DWORD size = sizeof(tag);

        if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_TAG", tag, &size)) {
            strcpy(tag, "-");
        }
        size = sizeof(host);
        if (!pfc->GetServerVariable(pfc, "HTTP_HOST", host, &size)) {
            strcpy(host, "-");
        }
        if (!ctx && (ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            ctx->tags[0] = '\0';
            pfc->pFilterContext = ctx;
        }
        if (ctx && strlen(ctx->tags) + strlen(tag) + 2 < sizeof(ctx->tags)) {
            if (ctx->tags[0]) {
                strcat(ctx->tags, ",");
            }
            strcat(ctx->tags, tag);
        }
        life_log("REQ tag=%s host=%s", tag, host);
    }
    else if (type == SF_NOTIFY_SEND_RAW_DATA) {
        HTTP_FILTER_RAW_DATA *raw = n;
        const unsigned char *p = raw->pvInData;
        DWORD at = 0;
        char hex[1025];

        while (p && at < raw->cbInData) {
            DWORD i, k = raw->cbInData - at > 512 ? 512
                                                  : raw->cbInData - at;
            for (i = 0; i < k; i++) {
                snprintf(hex + 2 * i, 3, "%02x", p[at + i]);
            }
            hex[2 * k] = '\0';
            life_log("RAW %s", hex);
            at += k;
        }
    }
    else if (type == SF_NOTIFY_END_OF_NET_SESSION) {
        life_log("ENS tags=%s", ctx && ctx->tags[0] ? ctx->tags : "-");
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    life_log_init(LIFE_RECORDER);
    life_version(pVer, LIFE_RECORDER ": records raw bytes and sessions",
                 SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                 | SF_NOTIFY_END_OF_NET_SESSION);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    return life_rec_proc(pfc, NotificationType, pvNotification);
}
#endif /* LIFE_RECORDER */

#endif /* LIFE_H */
