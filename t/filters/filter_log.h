/*
 * filter_log.h: how the test filters report.  A filter appends lines to
 * t/logs/<name>.log: the path is worked out at load time from where the
 * library was loaded (<dir of the .so>/../logs/), so it needs no request
 * and also works in END_OF_NET_SESSION, in a thread of the filter's own
 * and in throwaway servers (ServerRoot t/).  One write(2) per line on an
 * O_APPEND descriptor keeps the lines of concurrent connections whole.
 */
#ifndef FILTER_LOG_H
#define FILTER_LOG_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char filter_log_file[4096];

/* <dir of this library>/../logs/<name>.log */
static inline void filter_log_init(const char *name)
{
    Dl_info info;
    char *slash;

    if (!dladdr((void *)filter_log_init, &info) || !info.dli_fname) {
        return;
    }
    snprintf(filter_log_file, sizeof(filter_log_file), "%s",
             info.dli_fname);
    if ((slash = strrchr(filter_log_file, '/'))) {
        *slash = '\0';
    }
    else {
        strcpy(filter_log_file, ".");
    }
    snprintf(filter_log_file + strlen(filter_log_file),
             sizeof(filter_log_file) - strlen(filter_log_file),
             "/../logs/%s.log", name);
}

/* fmt and its arguments as one line in line[0..size), cut to fit, with
 * a newline added: its length, or -1 if vsnprintf failed.  Also used by
 * the tools' filters (tools/lib/filter_util.h). */
static inline int filter_log_vformat(char *line, size_t size,
                                     const char *fmt, va_list ap)
{
    int n = vsnprintf(line, size - 1, fmt, ap);

    if (n < 0) {
        return -1;
    }
    if (n > (int)size - 2) {
        n = (int)size - 2;
    }
    line[n++] = '\n';
    return n;
}

/* One line (a newline is added) appended to the log. */
static inline void filter_log(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    int n, fd;

    if (!filter_log_file[0]) {
        return;
    }
    va_start(ap, fmt);
    n = filter_log_vformat(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    fd = open(filter_log_file, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) < 0) {
            /* nowhere to report it */
        }
        close(fd);
    }
}

#endif /* FILTER_LOG_H */
