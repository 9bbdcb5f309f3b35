/*
 * out_file.c: FILE buckets through SEND_RAW_DATA.
 *
 * A static file reaches ISAPI_FILTER_RAW_OUT as a FILE bucket, and takes
 * one of two paths.  Either way interest is asked again after every
 * notification, so sendfile returns for the rest of the file as soon as
 * the last raw filter steps aside, and the bucket is advanced past what
 * the filters have seen.
 *
 * Mapped, in place: a file of at least one window whose bucket may be
 * mapped (can_mmap carries EnableMMAP).  What the connection's window
 * already holds (the response head, usually) is raised first, as its own
 * notification, as IIS raises head and body apart.  Then the file is
 * mapped a piece at a time (isf_map_span: 16 windows, at most 1 MiB at
 * once unless a window is larger, so the process's memory stays bounded
 * whatever the file's size) and each window is raised where it lies in
 * the mapping: pvInData points into it, and cbInBuffer is the window's
 * own length, never more, since the next window's bytes follow and are
 * not the filter's to claim.  The mapping is private and writable: ISAPI
 * hands filters a writable buffer, a filter may edit it in place, and its
 * edits must never reach the file; copy-on-write gives each edited page
 * its own copy.  APR offers no private writable mapping (apr_mmap_create
 * maps shared, or read-only), hence mmap(2) itself.
 *
 * Windows the filters leave in place are not passed one by one: each is
 * kept as a transient bucket on ro->pend_bb, and the piece goes down in
 * one pass (one writev for up to 1 MiB) before it is unmapped.  Anything
 * else goes down at once, after what is pending (isf_raw_pass_bucket
 * drains it first): output a filter pointed at its own memory, which it
 * may reuse at its next notification; WriteClient from inside a
 * notification, which re-enters the raw filter; and the rest of the file
 * once no filter wants it or a filter ended the connection.  Nothing
 * pending outlives a piece, or this function: the mapping is unmapped
 * before returning, on every path.
 *
 * Read into the window: smaller files (the head and body then share
 * windows), EnableMMAP Off, a mapping that failed, and filters that write
 * in place.  pread(2) fills the thread's window a window at a time,
 * and each full window is raised and passed down (out_window.c).
 *
 * Mapping pays only while the filters leave the windows in place and
 * unwritten.  Each page a filter writes to in the mapping is copied on
 * the fault that write causes, which costs more than reading the whole
 * file into the window (several times more for a filter that edits every
 * page); and a window a filter replaces with its own memory, or
 * swallows, saves no copy and cannot go down with the others, while
 * mapping a page costs about as much as copying it.  So the thread's
 * minor faults are counted across the notifications (reading a window
 * faults a few of its pages, the kernel maps their neighbours along;
 * writing faults each page written) over the file's first
 * ISF_MAP_PROBE_PAGES pages, as are the pages not passed on in place (all
 * the way), and isf_map_verdict says when the rest of the file is better
 * read; the connection's later files are then read too
 * (ro->no_map).
 *
 * `LogLevel isapi_filter:trace5` logs which path each FILE bucket took.
 */
#include "raw/raw_out.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

#if APR_HAS_MMAP

/* Pass down the windows kept so far, after anything queued before. */
static apr_status_t isf_raw_pass_pending(ap_filter_t *f, isf_raw_out_t *ro)
{
    return isf_raw_push(f, ro);
}

/* What the filters left of window w: kept for the piece's one pass when
 * it is still in w, which stays put until then; sent now, after what is
 * kept, when it is in a filter's memory. */
static apr_status_t isf_raw_keep(ap_filter_t *f, isf_raw_out_t *ro,
                                 const isf_win_t *w, const char *data,
                                 apr_size_t len)
{
    apr_bucket *b;

    if (!len) {
        return APR_SUCCESS;
    }
    b = apr_bucket_transient_create(data, len, ro->ic->c->bucket_alloc);
    if (isf_win_holds(w, data)) {
        if (!ro->pend_bb) {
            conn_rec *c = ro->ic->c;

            ro->pend_bb = apr_brigade_create(c->pool, c->bucket_alloc);
        }
        APR_BRIGADE_INSERT_TAIL(ro->pend_bb, b);
        return APR_SUCCESS;
    }
    return isf_raw_pass_bucket(f, ro, b);
}

static apr_size_t isf_page_size(void)
{
    long n = sysconf(_SC_PAGESIZE);

    return n > 0 ? (apr_size_t)n : 4096;
}

/* Minor page faults of the calling thread so far, or 0 where that cannot
 * be known (the filters are then never found writing in place). */
static apr_uint64_t isf_minflt(void)
{
#ifdef RUSAGE_THREAD
    struct rusage ru;

    if (!getrusage(RUSAGE_THREAD, &ru)) {
        return (apr_uint64_t)ru.ru_minflt;
    }
#endif
    return 0;
}

/*
 * Raise the window's bytes, then the next piece of the file in place in
 * a private mapping (see the top of this file), adding to *t what the
 * filters did with it.  *failed is set when the file could not be
 * mapped; nothing of the piece was raised then.  The walk also stops
 * early once isf_map_verdict advises reading.  Either way nothing is
 * left pending.
 */
static apr_status_t isf_raw_map_piece(ap_filter_t *f, isf_raw_out_t *ro,
                                      isf_win_t *w, apr_bucket *e,
                                      int *failed, isf_map_tally_t *t)
{
    isf_conn_t *ic = ro->ic;
    apr_bucket_file *bf = e->data;
    apr_status_t rv = APR_SUCCESS;
    apr_os_file_t fd;
    apr_off_t map_off;
    apr_size_t map_len, span, at, cap = w->cap, page = isf_page_size();
    apr_uint64_t flt;
    int probing;
    const char *data;
    apr_size_t len;
    char *map, *piece;

    *failed = 0;
    if (apr_os_file_get(&fd, bf->fd) != APR_SUCCESS) {
        return APR_EBADF;
    }
    if (w->len) {
        /* The head, as its own notification.  The window is not touched
         * again before the pending windows go down. */
        isf_raw_orig_drop(ro, w);
        isf_raw_notify(ic, w, &data, &len);
        rv = isf_raw_keep(f, ro, w, data, len);
        if (rv != APR_SUCCESS || ic->raw_dead || !isf_raw_interested(ic)) {
            return rv == APR_SUCCESS ? isf_raw_pass_pending(f, ro) : rv;
        }
    }
    span = isf_map_span(e->start, e->length, cap, page, &map_off, &map_len);
    map = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
               (off_t)map_off);
    if (map == MAP_FAILED) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, APR_FROM_OS_ERROR(errno),
                      ic->c, ISFLOGNO(40) "SEND_RAW_DATA: mapping %"
                      APR_SIZE_T_FMT " bytes of a file at offset %"
                      APR_OFF_T_FMT " failed; reading it into the window "
                      "instead", map_len, map_off);
        *failed = 1;
        return isf_raw_pass_pending(f, ro);
    }
    ap_log_cerror(APLOG_MARK, APLOG_TRACE5, 0, ic->c, "SEND_RAW_DATA: FILE "
                  "bucket: mapped chunk of %" APR_SIZE_T_FMT " bytes at "
                  "offset %" APR_OFF_T_FMT ", raised in place in windows "
                  "of %" APR_SIZE_T_FMT, span, e->start, cap);
    piece = map + (apr_size_t)(e->start - map_off);
    probing = t->pages < ISF_MAP_PROBE_PAGES;
    flt = probing ? isf_minflt() : 0;
    for (at = 0; at < span; ) {
        apr_size_t n = span - at < cap ? span - at : cap;
        apr_uint64_t now;
        isf_win_t mw;

        /* Capacity = length: no room offered past the window. */
        isf_win_init(&mw, piece + at, n);
        mw.len = n;
        isf_raw_notify(ic, &mw, &data, &len);
        if (probing) {
            /* One reading per window while the file's first pages are
             * probed (a system call each, so not for the rest): faults
             * of a pass in between (a filter's own memory) count with
             * the next window. */
            now = isf_minflt();
            t->faults += now - flt;
            flt = now;
            probing = t->pages + (n + page - 1) / page < ISF_MAP_PROBE_PAGES;
        }
        t->pages += (n + page - 1) / page;
        if (!len || !isf_win_holds(&mw, data)) {
            t->away += (n + page - 1) / page;
        }
        at += n;
        e->start += n;
        e->length -= n;
        rv = isf_raw_keep(f, ro, &mw, data, len);
        if (rv != APR_SUCCESS || ic->raw_dead || !isf_raw_interested(ic)
            || isf_map_verdict(t)) {
            break;
        }
    }
    if (rv == APR_SUCCESS) {
        rv = isf_raw_pass_pending(f, ro);
    }
    else {
        if (ro->pend_bb) {
            apr_brigade_cleanup(ro->pend_bb);   /* into the mapping */
        }
    }
    munmap(map, map_len);
    return rv;
}

#endif /* APR_HAS_MMAP */

/* Why a FILE bucket is read into the window rather than mapped, or NULL
 * when it may be mapped. */
static const char *isf_raw_no_map(isf_raw_out_t *ro, apr_bucket *e,
                                  const isf_win_t *w)
{
#if APR_HAS_MMAP
    if (!((apr_bucket_file *)e->data)->can_mmap) {
        return "EnableMMAP Off";
    }
    if (e->length < w->cap) {
        return "smaller than a window";
    }
    return ro->no_map;
#else
    (void)ro;
    (void)e;
    (void)w;
    return "no mmap on this platform";
#endif
}

/* Is there more of e to raise? */
static int isf_raw_file_wanted(isf_raw_out_t *ro, apr_bucket *e)
{
    return e->length && !ro->ic->raw_dead && isf_raw_interested(ro->ic);
}

apr_status_t isf_raw_out_file(ap_filter_t *f, isf_raw_out_t *ro, isf_win_t *w,
                              apr_bucket *e)
{
    isf_conn_t *ic = ro->ic;
    apr_status_t rv = APR_SUCCESS;
    const char *why = isf_raw_no_map(ro, e, w);

#if APR_HAS_MMAP
    if (!why) {
        isf_map_tally_t tally = { 0, 0, 0 };

        while (rv == APR_SUCCESS && isf_raw_file_wanted(ro, e)) {
            int failed;

            rv = isf_raw_map_piece(f, ro, w, e, &failed, &tally);
            if (failed) {
                why = "mmap failed";
                break;
            }
            if ((why = isf_map_verdict(&tally))) {
                /* And in the next responses on the connection: the same
                 * filters will most likely do the same to those. */
                ro->no_map = why;
                break;
            }
        }
        if (!why) {
            return rv;
        }
    }
#endif
    if (rv == APR_SUCCESS && isf_raw_file_wanted(ro, e)) {
        ap_log_cerror(APLOG_MARK, APLOG_TRACE5, 0, ic->c, "SEND_RAW_DATA: "
                      "FILE bucket: %" APR_SIZE_T_FMT " bytes at offset %"
                      APR_OFF_T_FMT " read into the window (%s)", e->length,
                      e->start, why);
    }
    while (rv == APR_SUCCESS && isf_raw_file_wanted(ro, e)
           && (rv = isf_raw_before_fill(f, ro, w)) == APR_SUCCESS) {
        rv = isf_raw_read_file(e, w);
        if (rv == APR_SUCCESS && w->len == w->cap) {
            rv = isf_raw_send_window(f, ro, w);
        }
    }
    return rv;
}
