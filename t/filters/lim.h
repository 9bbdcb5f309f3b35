/*
 * lim.h: what the lim_*.c test filters of t/limits share.
 *
 * A filter reports what the bridge did to it either as response headers
 * (when the request is still there to carry them) or by appending lines
 * to t/logs/<filter>.log: the path is worked out at load time from where
 * this library was loaded (<dir of the .so>/../logs/), so it needs no
 * request and also works in throwaway servers.  One write(2) per line on
 * an O_APPEND descriptor keeps the lines of concurrent connections whole.
 */
#ifndef LIM_H
#define LIM_H

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

static char lim_log_file[4096];

/* <dir of this library>/../logs/<name>.log */
static inline void lim_log_init(const char *name)
{
    Dl_info info;
    char *slash;

    if (!dladdr((void *)lim_log_init, &info) || !info.dli_fname) {
        return;
    }
    snprintf(lim_log_file, sizeof(lim_log_file), "%s", info.dli_fname);
    if ((slash = strrchr(lim_log_file, '/'))) {
        *slash = '\0';
    }
    else {
        strcpy(lim_log_file, ".");
    }
    snprintf(lim_log_file + strlen(lim_log_file),
             sizeof(lim_log_file) - strlen(lim_log_file),
             "/../logs/%s.log", name);
}

/* One line (a newline is added) appended to the log. */
static inline void lim_log(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    int n, fd;

    if (!lim_log_file[0]) {
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
    fd = open(lim_log_file, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) < 0) {
            /* nowhere to report it */
        }
        close(fd);
    }
}

/* A request header through GetServerVariable ("" when absent), e.g.
 * "HTTP_X_LIM_OP" for X-Lim-Op. */
static inline void lim_req_header(HTTP_FILTER_CONTEXT *pfc, const char *var,
                                  char *buf, DWORD size)
{
    if (!pfc->GetServerVariable(pfc, (LPSTR)var, buf, &size)) {
        buf[0] = '\0';
    }
}

/* "TRUE" or "FALSE <GetLastError>" for a BOOL callback just made. */
static inline void lim_result(char *out, size_t cap, BOOL ok)
{
    if (ok) {
        snprintf(out, cap, "TRUE");
    }
    else {
        snprintf(out, cap, "FALSE %lu", (unsigned long)GetLastError());
    }
}

static inline void lim_version(HTTP_FILTER_VERSION *pVer, const char *desc,
                               DWORD events)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = events | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
}

#endif /* LIM_H */
