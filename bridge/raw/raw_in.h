/**
 * @file raw/raw_in.h
 * @brief ISAPI_FILTER_RAW_IN: incoming bytes through READ_RAW_DATA.
 */
#ifndef ISF_RAW_IN_H
#define ISF_RAW_IN_H

#include "raw/raw.h"

#include "http_core.h"   /* ap_logio_add_bytes_in */

#pragma GCC visibility push(hidden)

/** ISAPI_FILTER_RAW_IN's context (f->ctx), on c->pool. */
typedef struct {
    isf_conn_t *ic;
    isf_win_t acc;              /* READ_RAW_DATA accumulation */
    char *acc_base;             /* its first buffer, on c->pool, taken at
                                 * the first read and kept */
    apr_pool_t *acc_pool;       /* what it grows into (READ_NEXT), made
                                 * then and cleared when it got large */
    apr_size_t read_limit;
    apr_bucket_brigade *in_bb;  /* filtered input not yet consumed */
    apr_bucket_brigade *tmp_bb; /* raw input read from below */
    unsigned int in_eos:1;      /* the client's side is finished */
    unsigned int checked:1;     /* the protocol was looked at */
    unsigned int off:1;         /* HTTP/2: input passes unseen */
    unsigned int direct:1;      /* reads recv from the socket itself */
    /* mod_logio's %I count, kept here when its filter is stepped over */
    APR_OPTIONAL_FN_TYPE(ap_logio_add_bytes_in) *logio_add;
} isf_raw_in_t;

/** Put ISAPI_FILTER_RAW_IN on c. */
void isf_raw_in_attach(conn_rec *c, isf_conn_t *ic);

/**
 * Does ISAPI_FILTER_RAW_IN on c hold bytes Apache has not consumed yet (a
 * pipelined request)?  0 when the filter is not on c.
 */
int isf_raw_in_pending(conn_rec *c);

#pragma GCC visibility pop

#endif /* ISF_RAW_IN_H */
