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
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (n > (int)sizeof(line) - 2) {
        n = (int)sizeof(line) - 2;
    }
    line[n++] = '\n';
    fd = open(filter_log_file, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) < 0) {
            /* nowhere to report it */
        }
        close(fd);
    }
}

#endif /* FILTER_LOG_H */
