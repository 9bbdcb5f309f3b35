/*
 * raw_file.c: FILE buckets through SEND_RAW_DATA.
 *
 * A static file reaches ISAPI_FILTER_RAW_OUT as a FILE bucket.  Its bytes
 * are read straight into the window, a window at a time: one copy, and
 * interest is asked again after every notification, so sendfile returns
 * for the rest of the file as soon as the last raw filter steps aside.
 */
#include "isf_private.h"

#include <errno.h>
#include <unistd.h>

#include "apr_portable.h"

/* Read the next piece of a FILE bucket into the window's free space and
 * advance the bucket past it. */
static apr_status_t isf_raw_read_file(apr_bucket *e, isf_win_t *w)
{
    apr_bucket_file *bf = e->data;
    apr_size_t want = w->cap - w->len;
    apr_os_file_t fd;
    ssize_t got;

    if (want > e->length) {
        want = e->length;
    }
    if (apr_os_file_get(&fd, bf->fd) != APR_SUCCESS) {
        return APR_EBADF;
    }
    do {
        got = pread(fd, w->buf + w->len, want, (off_t)e->start);
    } while (got < 0 && errno == EINTR);
    if (got <= 0) {
        /* An error, or the file shrank under us. */
        return got < 0 ? APR_FROM_OS_ERROR(errno) : APR_EOF;
    }
    w->len += (apr_size_t)got;
    e->start += got;
    e->length -= (apr_size_t)got;
    return APR_SUCCESS;
}

apr_status_t isf_raw_out_file(ap_filter_t *f, isf_conn_t *ic, isf_win_t *w,
                              apr_bucket *e)
{
    apr_status_t rv = APR_SUCCESS;

    while (rv == APR_SUCCESS && e->length && !ic->raw_dead
           && isf_raw_interested(ic)) {
        rv = isf_raw_read_file(e, w);
        if (rv == APR_SUCCESS && w->len == w->cap) {
            rv = isf_raw_send_window(f, ic, w);
        }
    }
    return rv;
}
