/*
 * window.c: bookkeeping for the raw-data windows.
 *
 * The raw output path (raw/out_window.c) copies outgoing bytes into a
 * buffer of the serving thread, a window at a time, or raises a mapped
 * file's bytes in place (raw/out_file.c); the raw input path
 * (raw/in_filter.c) keeps incoming bytes in an accumulation buffer that
 * grows (up to a limit) while a READ_RAW_DATA filter answers READ_NEXT.
 * After a notification the filter may have edited the bytes in place,
 * shortened cbInData, set it to 0 (swallowed the window) or pointed
 * pvInData at its own memory; isf_win_outcome() turns that into what is
 * passed on, never trusting a length past what was allocated.
 */
#include "core/core.h"

#include <string.h>

apr_size_t isf_win_fill(isf_win_t *w, const char *data, apr_size_t len)
{
    apr_size_t room = w->cap - w->len;
    apr_size_t n = len < room ? len : room;

    if (n) {
        memcpy(w->buf + w->len, data, n);
        w->len += n;
        if (w->len > w->hw) {
            w->hw = w->len;
        }
    }
    return n;
}

void isf_win_own(isf_win_t *w, const void *owner)
{
    if (w->owner == owner) {
        return;
    }
    if (w->hw > w->len) {
        memset(w->buf + w->len, 0, w->hw - w->len);
    }
    w->hw = w->len;
    w->owner = owner;
}

void isf_win_between(const isf_win_t *w, HTTP_FILTER_RAW_DATA *raw)
{
    const char *data;
    apr_size_t len;

    isf_win_outcome(w, raw, &data, &len);
    if (!len) {
        raw->pvInData = w->buf;
        raw->cbInData = 0;
        raw->cbInBuffer = (DWORD)w->cap;
    }
    else if (isf_win_holds(w, data)) {
        raw->pvInData = (void *)data;
        raw->cbInData = (DWORD)len;
        raw->cbInBuffer = (DWORD)(w->cap - (apr_size_t)(data - w->buf));
    }
    else {
        raw->pvInData = (void *)data;
        raw->cbInData = (DWORD)len;
        if (raw->cbInBuffer < len) {
            raw->cbInBuffer = (DWORD)len;
        }
    }
}

void isf_win_expose(isf_win_t *w)
{
    w->exposed = 1;
}

void isf_win_scrub(isf_win_t *w)
{
    apr_size_t end = w->exposed ? w->cap : w->hw;

    if (end > w->len) {
        memset(w->buf + w->len, 0, end - w->len);
    }
    w->hw = w->len;
    w->exposed = 0;
}

void isf_win_claim(isf_win_t *w, const char *data, apr_size_t len)
{
    apr_size_t end;

    if (len && isf_win_holds(w, data)) {
        end = (apr_size_t)(data - w->buf) + len;
        if (end > w->hw) {
            w->hw = end;
        }
    }
}

int isf_win_holds(const isf_win_t *w, const char *p)
{
    apr_uintptr_t at = (apr_uintptr_t)p;
    apr_uintptr_t base = (apr_uintptr_t)w->buf;

    /* Compared as integers: pointers into different objects have no
     * order in C.  Just past the end is not ours (see below). */
    return at == base || (at > base && at - base < w->cap);
}

int isf_win_outcome(const isf_win_t *w, const HTTP_FILTER_RAW_DATA *raw,
                    const char **data, apr_size_t *len)
{
    apr_size_t n = raw->cbInData;
    apr_uintptr_t at = (apr_uintptr_t)raw->pvInData;
    apr_uintptr_t base = (apr_uintptr_t)w->buf;

    *data = raw->pvInData;
    if (!raw->pvInData || !n) {
        *len = 0;
        return !(n && !raw->pvInData);
    }
    if (isf_win_holds(w, raw->pvInData)) {
        /*
         * Our buffer, at its start or past a prefix the filter skipped by
         * moving pvInData: never past its end, whatever cbInData says
         * (cbInBuffer still holds our capacity, not what is left of it).
         * Just past the end is not ours: AllocMem takes from the same
         * pool, so a filter's own buffer may start right there.
         */
        apr_size_t room = w->cap - (apr_size_t)(at - base);

        if (n > room) {
            *len = room;
            return 0;
        }
    }
    else if (raw->cbInBuffer && n > raw->cbInBuffer) {
        /* The filter's own memory: it said how large it is. */
        *len = raw->cbInBuffer;
        return 0;
    }
    *len = n;
    return 1;
}

apr_status_t isf_acc_reserve(isf_win_t *w, apr_pool_t *p, apr_size_t more,
                             apr_size_t limit)
{
    apr_size_t need, cap;
    char *nb;

    if (more > limit || w->len > limit - more) {
        return APR_ENOSPC;
    }
    need = w->len + more;
    if (need <= w->cap) {
        return APR_SUCCESS;
    }
    cap = w->cap ? w->cap : 4096;
    if (cap > limit) {
        cap = limit;
    }
    while (cap < need) {
        cap = cap > limit / 2 ? limit : cap * 2;
    }
    /* Grows by doubling, so a pool holds at most twice the limit.  The
     * rest is not zeroed here: pool memory may hold what an earlier
     * connection read, so only [0, len) is known to be this connection's
     * (hw), and isf_acc_offer zeroes what a filter is offered past it. */
    nb = apr_palloc(p, cap);
    if (w->len) {
        memcpy(nb, w->buf, w->len);
    }
    w->buf = nb;
    w->cap = cap;
    w->hw = w->len;
    return APR_SUCCESS;
}

apr_size_t isf_acc_offer(isf_win_t *w, apr_size_t room)
{
    apr_size_t end;

    /* [0, len) is what this connection read into the buffer. */
    if (w->hw < w->len) {
        w->hw = w->len;
    }
    end = room < w->cap - w->len ? w->len + room : w->cap;
    if (end > w->hw) {
        memset(w->buf + w->hw, 0, end - w->hw);
        w->hw = end;
    }
    return w->hw;
}
