/*
 * tools/lib/filter_util.h: what the ISAPI filters of the tools
 * (bench, soak, stress: their filters/ folders) share.  All static inline; each
 * filter is one translation unit.  common.sh's FILTER_CFLAGS put
 * tools/lib on the include path.
 *
 * Include it before any system header: it brings t/filters/filter_log.h
 * (the line formatting the test filters use), which defines _GNU_SOURCE.
 */
#ifndef TOOLS_FILTER_UTIL_H
#define TOOLS_FILTER_UTIL_H

#include "../../t/filters/filter_log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

/* Every notification the bridge raises, raw data in both directions
 * included: a filter that registers READ_RAW_DATA must be global (an
 * ISAPIFilter line at server level, not inside <VirtualHost>). */
#define FILTER_EVERY_EVENT                                                  \
    (SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS                    \
     | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_URL_MAP                         \
     | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_SEND_RESPONSE                    \
     | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_LOG                              \
     | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_END_OF_NET_SESSION              \
     | SF_NOTIFY_AUTH_COMPLETE)

/* GetFilterVersion's answer: this revision, desc (cut to fit) and the
 * notifications in events, on both ports at the default order. */
static inline BOOL filter_version(HTTP_FILTER_VERSION *pVer, const char *desc,
                                  DWORD events)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = events | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

/* ---- pFilterContext ------------------------------------------------------ */
/* A new zeroed block of size bytes from AllocMem, put in pFilterContext;
 * NULL if AllocMem failed. */
static inline void *filter_ctx_new(HTTP_FILTER_CONTEXT *pfc, DWORD size)
{
    void *x = pfc->AllocMem(pfc, size, 0);

    if (x) {
        memset(x, 0, size);
        pfc->pFilterContext = x;
    }
    return x;
}

enum filter_ctx_state {
    FILTER_CTX_OURS,        /* the block this filter put there */
    FILTER_CTX_NEW,         /* none yet: a new one */
    FILTER_CTX_NOMEM,       /* none yet, and AllocMem failed */
    FILTER_CTX_FOREIGN      /* a block that does not start with magic */
};

/* The connection's block in pFilterContext, whose first member is a
 * DWORD magic; on the first notification a new one (filter_ctx_new, magic
 * set).  NULL when AllocMem failed or the block there is not ours; *st
 * says which case it was. */
static inline void *filter_ctx(HTTP_FILTER_CONTEXT *pfc, DWORD size,
                               DWORD magic, enum filter_ctx_state *st)
{
    DWORD *x = pfc->pFilterContext;

    if (x) {
        *st = *x == magic ? FILTER_CTX_OURS : FILTER_CTX_FOREIGN;
        return *st == FILTER_CTX_OURS ? x : NULL;
    }
    if (!(x = filter_ctx_new(pfc, size))) {
        *st = FILTER_CTX_NOMEM;
        return NULL;
    }
    *x = magic;
    *st = FILTER_CTX_NEW;
    return x;
}

/* ---- the response head in SEND_RAW_DATA -------------------------------------- */
/* Feed p[0..n) to the "\r\n\r\n" matcher (*state: how much of it the
 * previous bytes ended with, 0 at the start of a head).  Once the head
 * has ended: how many of the bytes it took (the rest is body), *state
 * back to 0; else 0.  The first three bytes go byte by byte (a match
 * begun in the previous window ends there); after them every LF is
 * found with memchr and the three bytes before it compared, as a filter
 * written for speed would (a byte-at-a-time loop over a window costs
 * more than the bridge's whole SEND_RAW_DATA dispatch). */
static inline DWORD filter_head_end(unsigned *state, const char *p, DWORD n)
{
    static const char crlfcrlf[] = "\r\n\r\n";
    unsigned s = *state;
    DWORD i, first = n < 3 ? n : 3;
    const char *lf, *end = p + n;

    for (i = 0; i < first; i++) {
        if (p[i] == crlfcrlf[s]) {
            if (++s == 4) {
                *state = 0;
                return i + 1;
            }
        }
        else {
            s = p[i] == '\r' ? 1 : 0;
        }
    }
    if (n <= 3) {
        *state = s;
        return 0;
    }
    for (lf = p + 3; (lf = memchr(lf, '\n', (size_t)(end - lf))) != NULL; lf++) {
        if (memcmp(lf - 3, crlfcrlf, 4) == 0) {
            *state = 0;
            return (DWORD)(lf - p) + 1;
        }
    }
    /* How much of "\r\n\r\n" the window ends with. */
    if (memcmp(end - 3, crlfcrlf, 3) == 0) {
        s = 3;
    }
    else if (memcmp(end - 2, crlfcrlf, 2) == 0) {
        s = 2;
    }
    else {
        s = end[-1] == '\r' ? 1 : 0;
    }
    *state = s;
    return 0;
}

/* ---- a log file for the tool's client -------------------------------------- */
static int tool_log_fd = -1;

/* $ENVVAR/NAME, opened (O_APPEND) once: in GetFilterVersion, i.e. in the
 * parent (as root when httpd starts as root), inherited by the children.
 * No log when ENVVAR is not set. */
static inline void tool_log_open(const char *envvar, const char *name)
{
    const char *dir = getenv(envvar);
    char path[4096];

    if (dir && tool_log_fd < 0) {
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        tool_log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                           0644);
    }
}

/* One line (a newline is added, at most 511 bytes in all) with one
 * write(2): the lines of concurrent connections stay whole. */
static inline void tool_log(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static inline void tool_log(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    int n;

    if (tool_log_fd < 0) {
        return;
    }
    va_start(ap, fmt);
    n = filter_log_vformat(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > 0 && write(tool_log_fd, line, (size_t)n) < 0) {
        /* nothing to do: the run's other counters still stand */
    }
}

#endif /* TOOLS_FILTER_UTIL_H */
