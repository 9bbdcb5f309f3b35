/*
 * url_rec.h: records which notifications a request raised, for the tests
 * of per-URL control (t/config/per_url.t).  url_rec_a.c and url_rec_b.c
 * build it as two filters (two libraries, so ISAPIFilterDisable can name
 * one), each defining URL_REC_NAME.
 *
 * Registered for every event, raw data included, on both ports.  For each
 * event it appends "NAME TAG EVENT" to ../logs/url_rec.log (relative to
 * the directory the library was loaded from), once per event and tag, so
 * a request's SEND_RAW_DATA windows make one line.  TAG is the value of
 * the request's X-Tag header, found in the raw bytes by READ_RAW_DATA (so
 * a filter that hears nothing else still knows it), or by GetHeader in
 * PREPROC_HEADERS.  One request per connection: END_OF_NET_SESSION is
 * logged under the connection's last tag.  A request header
 * X-Disable-NAME: <hex bits> makes filter NAME switch those events off
 * for the request in PREPROC_HEADERS (SF_REQ_DISABLE_NOTIFICATIONS).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

typedef struct {
    char tag[64];
    DWORD seen;             /* events logged for tag */
} url_rec_ctx;

static char url_rec_log[4096];

static const struct {
    DWORD bit;
    const char *name;
} url_rec_events[] = {
    { SF_NOTIFY_READ_RAW_DATA,      "READ_RAW_DATA" },
    { SF_NOTIFY_PREPROC_HEADERS,    "PREPROC_HEADERS" },
    { SF_NOTIFY_URL_MAP,            "URL_MAP" },
    { SF_NOTIFY_AUTHENTICATION,     "AUTHENTICATION" },
    { SF_NOTIFY_ACCESS_DENIED,      "ACCESS_DENIED" },
    { SF_NOTIFY_AUTH_COMPLETE,      "AUTH_COMPLETE" },
    { SF_NOTIFY_SEND_RESPONSE,      "SEND_RESPONSE" },
    { SF_NOTIFY_SEND_RAW_DATA,      "SEND_RAW_DATA" },
    { SF_NOTIFY_END_OF_REQUEST,     "END_OF_REQUEST" },
    { SF_NOTIFY_LOG,                "LOG" },
    { SF_NOTIFY_END_OF_NET_SESSION, "END_OF_NET_SESSION" }
};

static const char *url_rec_event_name(DWORD bit)
{
    size_t i;

    for (i = 0; i < sizeof(url_rec_events) / sizeof(url_rec_events[0]);
         i++) {
        if (url_rec_events[i].bit == bit) {
            return url_rec_events[i].name;
        }
    }
    return "UNKNOWN";
}

static void url_rec_set_log(void)
{
    Dl_info info;
    char *slash;

    if (!dladdr((void *)url_rec_set_log, &info) || !info.dli_fname) {
        return;
    }
    snprintf(url_rec_log, sizeof(url_rec_log), "%s", info.dli_fname);
    if ((slash = strrchr(url_rec_log, '/'))) {
        *slash = '\0';
    }
    strncat(url_rec_log, "/../logs/url_rec.log",
            sizeof(url_rec_log) - strlen(url_rec_log) - 1);
}

static void url_rec_append(const char *line)
{
    int fd;

    if (!url_rec_log[0]) {
        return;
    }
    fd = open(url_rec_log, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        /* One write per line: O_APPEND keeps concurrent lines whole. */
        if (write(fd, line, strlen(line)) < 0) {
            /* nothing to report it to */
        }
        close(fd);
    }
}

static void url_rec_set_tag(url_rec_ctx *ctx, const char *v, size_t len)
{
    if (len >= sizeof(ctx->tag)) {
        len = sizeof(ctx->tag) - 1;
    }
    if (strlen(ctx->tag) != len || memcmp(ctx->tag, v, len)) {
        memcpy(ctx->tag, v, len);
        ctx->tag[len] = '\0';
        ctx->seen = 0;
    }
}

/* X-Tag in the raw bytes of a request head. */
static void url_rec_raw_tag(url_rec_ctx *ctx, const HTTP_FILTER_RAW_DATA *rd)
{
    const char *p = rd->pvInData, *end = p + rd->cbInData, *v, *e;
    const char key[] = "\nX-Tag: ";

    v = memmem(p, rd->cbInData, key, sizeof(key) - 1);
    if (!v) {
        return;
    }
    v += sizeof(key) - 1;
    for (e = v; e < end && *e != '\r' && *e != '\n'; e++) {
    }
    url_rec_set_tag(ctx, v, (size_t)(e - v));
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    url_rec_set_log();
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    snprintf(pVer->lpszFilterDesc, sizeof(pVer->lpszFilterDesc),
             "url_rec_%s: records notifications", URL_REC_NAME);
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_URL_MAP | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_AUTH_COMPLETE
                  | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_LOG
                  | SF_NOTIFY_END_OF_NET_SESSION
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD ev, VOID *pv)
{
    url_rec_ctx *ctx = pfc->pFilterContext;
    char line[256];

    if (!ctx) {
        if (ev == SF_NOTIFY_END_OF_NET_SESSION
            || !(ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        memset(ctx, 0, sizeof(*ctx));
        strcpy(ctx->tag, "-");
        pfc->pFilterContext = ctx;
    }
    if (ev == SF_NOTIFY_READ_RAW_DATA) {
        url_rec_raw_tag(ctx, pv);
    }
    else if (ev == SF_NOTIFY_PREPROC_HEADERS) {
        HTTP_FILTER_PREPROC_HEADERS *ph = pv;
        char v[64];
        DWORD size = sizeof(v);

        if (ph->GetHeader(pfc, "X-Tag:", v, &size)) {
            url_rec_set_tag(ctx, v, strlen(v));
        }
        size = sizeof(v);
        if (ph->GetHeader(pfc, "X-Disable-" URL_REC_NAME ":", v, &size)) {
            pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS,
                                       NULL, strtoul(v, NULL, 16), 0);
        }
    }
    if (!(ctx->seen & ev)) {
        ctx->seen |= ev;
        snprintf(line, sizeof(line), "%s %s %s\n", URL_REC_NAME, ctx->tag,
                 url_rec_event_name(ev));
        url_rec_append(line);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
