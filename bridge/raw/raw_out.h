/**
 * @file raw/raw_out.h
 * @brief ISAPI_FILTER_RAW_OUT: outgoing bytes through SEND_RAW_DATA.
 *
 * out_filter.c (the filter: one loop over bucket kinds) calls
 * out_file.c (FILE buckets) and out_window.c (a window raised and passed
 * on); out_file.c calls out_window.c.  Nothing calls back up.
 */
#ifndef ISF_RAW_OUT_H
#define ISF_RAW_OUT_H

#include "raw/raw.h"

#pragma GCC visibility push(hidden)

/** ISAPI_FILTER_RAW_OUT's context (f->ctx), on c->pool. */
typedef struct {
    isf_conn_t *ic;
    apr_bucket_brigade *out_bb; /* what goes down, made once */
    apr_bucket_brigade *pend_bb; /* raised windows of a mapped file, kept
                                  * to go down together (out_file.c);
                                  * made at the first one */
    const char *no_map;         /* why files are read, not mapped, on this
                                 * connection from now on; NULL: mapped */
    int depth;                  /* re-entry depth (nested WriteClient) */
    apr_off_t unflushed;        /* data bytes sent or queued since the
                                 * last FLUSH or EOR (out_filter.c) */
    int held;                   /* out_bb points into a window: passed
                                 * down before any window is written */
    apr_bucket *orig;           /* the data bucket whose bytes are all that
                                 * window orig_w holds (out_window.c) */
    const isf_win_t *orig_w;
    const char *orig_data;      /* its bytes */
} isf_raw_out_t;

/**
 * A response that has sent fewer bytes than this since its last FLUSH gets
 * one after its EOS, and after its EOR when bytes followed the EOS
 * (out_filter.c): it fits a socket's send buffer, so the write cannot
 * block; larger ones keep the event MPM's asynchronous write completion.
 * FlushMaxThreshold's default.
 */
#define ISF_RAW_FLUSH_SMALL (64 * 1024)

/**
 * Room a heap bucket raised in its own memory offers past its bytes
 * (cbInBuffer - cbInData; isf_raw_send_heap), where its allocation has it.
 */
#define ISF_RAW_HEAP_ROOM 256

/** Put ISAPI_FILTER_RAW_OUT on c (with r: on r's chain too). */
void isf_raw_out_attach(conn_rec *c, isf_conn_t *ic, request_rec *r);

/* ---- out_window.c ---- */

/**
 * Set w over this thread's window buffer for nesting level level (taken
 * when the first bytes to raise arrive: a call with metadata alone takes
 * none).  APR_ENOMEM, logged, when there is no memory for it.
 */
apr_status_t isf_raw_window_take(conn_rec *c, isf_raw_out_t *ro,
                                 isf_win_t *w, int level);
/** Does any filter still want this response's raw bytes? */
int isf_raw_interested(isf_conn_t *ic);
/**
 * Raise SEND_RAW_DATA on w's bytes and empty w; (*data, *len) is what the
 * filters left, in w or in a filter's memory.  A filter's FINISHED or
 * ERROR marks the connection dead (ic->raw_dead).
 */
void isf_raw_notify(isf_conn_t *ic, isf_win_t *w, const char **data,
                    apr_size_t *len);
/**
 * isf_raw_notify on w, which holds something, and queue the outcome on
 * ro->out_bb (isf_raw_queue).  Still in w, it goes down with the next
 * isf_raw_push, which isf_raw_before_fill makes before any window is
 * written again; in a filter's memory, at once.
 */
apr_status_t isf_raw_raise_window(ap_filter_t *f, isf_raw_out_t *ro,
                                  isf_win_t *w);
/** isf_raw_raise_window when w holds anything.  Inline: most calls find
 * the window empty (before every metadata bucket, at each call's end). */
static APR_INLINE apr_status_t isf_raw_send_window(ap_filter_t *f,
                                                   isf_raw_out_t *ro,
                                                   isf_win_t *w)
{
    return w->len ? isf_raw_raise_window(f, ro, w) : APR_SUCCESS;
}
/**
 * Raise SEND_RAW_DATA on e's own bytes, e being a heap bucket out of its
 * brigade that nothing else refers to, no longer than a window: a window
 * over its memory, with ISF_RAW_HEAP_ROOM of its spare memory (zeroed)
 * past its bytes, as far as it has it and the window size allows.
 * What the filters leave in it goes down as e itself (trimmed to it);
 * their own memory, at once, as isf_raw_raise_window's.
 */
apr_status_t isf_raw_send_heap(ap_filter_t *f, isf_raw_out_t *ro,
                               apr_bucket *e);
/* Count what goes down towards ro->unflushed. */
static APR_INLINE void isf_raw_count(isf_raw_out_t *ro, apr_bucket *e)
{
    if (APR_BUCKET_IS_FLUSH(e)) {
        ro->unflushed = 0;
    }
    else if (e->length != (apr_size_t)-1) {
        ro->unflushed += (apr_off_t)e->length;
    }
    else {
        /* Unknown length (a pipe, a socket): never "small". */
        ro->unflushed += ISF_RAW_FLUSH_SMALL;
    }
}
/**
 * Windows of a mapped file already raised and kept for one pass
 * (out_file.c) go before anything queued after them: this may be
 * WriteClient from inside a later window's notification.
 */
void isf_raw_take_pending_all(isf_raw_out_t *ro);
/* Empty but for mapped files: the test inline, the work not. */
static APR_INLINE void isf_raw_take_pending(isf_raw_out_t *ro)
{
    if (ro->pend_bb && !APR_BRIGADE_EMPTY(ro->pend_bb)) {
        isf_raw_take_pending_all(ro);
    }
}
/**
 * Queue e on ro->out_bb, after any windows kept on ro->pend_bb, to go
 * down with the next isf_raw_push: one ap_pass_brigade for a response's
 * last window, its EOS and its FLUSH, as core rescans what it holds on
 * every pass.  Counts the data bytes in ro->unflushed (a FLUSH resets it).
 * Inline: every bucket that goes down is queued.
 */
static APR_INLINE void isf_raw_queue(isf_raw_out_t *ro, apr_bucket *e)
{
    isf_raw_take_pending(ro);
    isf_raw_count(ro, e);
    APR_BRIGADE_INSERT_TAIL(ro->out_bb, e);
}
/** Pass down everything queued (and kept on ro->pend_bb). */
apr_status_t isf_raw_push(ap_filter_t *f, isf_raw_out_t *ro);
/**
 * Keep e (out of its brigade), whose bytes (data) are all that w holds:
 * if the filters leave w's bytes as they were, e goes down instead of a
 * copy of the window (isf_raw_send_window), and core sets aside a heap
 * bucket without copying it.
 */
void isf_raw_orig_keep(isf_raw_out_t *ro, const isf_win_t *w, apr_bucket *e,
                       const char *data);
/** Destroy the bucket isf_raw_orig_keep kept. */
void isf_raw_orig_forget(isf_raw_out_t *ro);

/** Forget the bucket kept for w (any window: NULL), if any. */
static APR_INLINE void isf_raw_orig_drop(isf_raw_out_t *ro,
                                         const isf_win_t *w)
{
    if (ro->orig && (!w || ro->orig_w == w)) {
        isf_raw_orig_forget(ro);
    }
}

/**
 * Before bytes are written into w: push, when what is queued points into
 * a window; and w no longer holds just ro->orig's bytes (dropped).
 * Inline: it runs for every bucket copied.
 */
static APR_INLINE apr_status_t isf_raw_before_fill(ap_filter_t *f,
                                                   isf_raw_out_t *ro,
                                                   const isf_win_t *w)
{
    isf_raw_orig_drop(ro, w);
    return ro->held ? isf_raw_push(f, ro) : APR_SUCCESS;
}
/** isf_raw_queue and isf_raw_push: e goes down at once. */
apr_status_t isf_raw_pass_bucket(ap_filter_t *f, isf_raw_out_t *ro,
                                 apr_bucket *e);

/* ---- out_file.c ---- */

/**
 * Raise SEND_RAW_DATA on a FILE bucket's bytes, window w (whose bytes come
 * first) at a time, advancing the bucket; returns when it is done, when no
 * filter wants the rest of it, or when a filter ended the connection.
 */
apr_status_t isf_raw_out_file(ap_filter_t *f, isf_raw_out_t *ro,
                              isf_win_t *w, apr_bucket *e);

#pragma GCC visibility pop

#endif /* ISF_RAW_OUT_H */
