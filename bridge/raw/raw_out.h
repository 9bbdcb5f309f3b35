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
                                  * to go down together (out_file.c) */
    const char *no_map;         /* why files are read, not mapped, on this
                                 * connection from now on; NULL: mapped */
    int depth;                  /* re-entry depth (nested WriteClient) */
    apr_off_t unflushed;        /* data bytes passed down since the last
                                 * FLUSH or EOR (out_filter.c) */
} isf_raw_out_t;

/**
 * A response that has sent fewer bytes than this since its last FLUSH gets
 * one after its EOR (out_filter.c): it fits a socket's send buffer, so
 * the write cannot block; larger ones keep the event MPM's asynchronous
 * write completion.  FlushMaxThreshold's default.
 */
#define ISF_RAW_FLUSH_SMALL (64 * 1024)

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
/** isf_raw_notify on w, if it holds anything, and pass on the outcome. */
apr_status_t isf_raw_send_window(ap_filter_t *f, isf_raw_out_t *ro,
                                 isf_win_t *w);
/**
 * Pass e down at once, after any windows kept on ro->pend_bb; counts the
 * data bytes going down in ro->unflushed (a FLUSH resets it).
 */
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
