/*
 * url_map_path.c: where the path URL_MAP's filters left is, read without
 * trusting the lengths and pointers a filter may have changed
 * (hooks/request_events.c maps the request with it).
 */
#include "core/core.h"

apr_ssize_t isf_path_outcome(char *buf, apr_size_t cap, const char *now,
                             const char **path)
{
    apr_uintptr_t at = (apr_uintptr_t)now, base = (apr_uintptr_t)buf;
    apr_size_t room = cap, n;

    buf[cap - 1] = '\0';
    *path = NULL;
    if (!now) {
        return -1;
    }
    if (at >= base && at - base < cap) {
        /* Ours: the NUL above ends it within the buffer. */
        room = cap - (apr_size_t)(at - base);
    }
    n = strnlen(now, room);
    if (n == room) {
        return -1;
    }
    *path = now;
    return (apr_ssize_t)n;
}
