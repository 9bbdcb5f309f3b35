/**
 * @file raw/raw.h
 * @brief The raw-data path: SEND_RAW_DATA and READ_RAW_DATA.
 *
 * The layer above the runtime (runtime/runtime.h), below the hooks.  Two
 * connection filters, each with its own context and header:
 *
 *   raw out (raw_out.h)  ISAPI_FILTER_RAW_OUT: out_filter.c walks each
 *                        brigade, out_window.c makes and raises the
 *                        windows, out_file.c raises FILE buckets (mapped
 *                        or read)
 *   raw in (raw_in.h)    ISAPI_FILTER_RAW_IN: in_filter.c
 *
 * attach.c puts them on a connection whose filters registered the events;
 * other connections get no connection filter at all.
 */
#ifndef ISF_RAW_H
#define ISF_RAW_H

#include "runtime/runtime.h"

#pragma GCC visibility push(hidden)

/**
 * Add the raw filters ch's filters want on c (ic's connection) and do not
 * have yet: from pre_connection (r NULL), or for a request whose site
 * filters want SEND_RAW_DATA (r: its chain is re-linked to reach it).
 */
void isf_raw_attach(conn_rec *c, isf_conn_t *ic, const isf_chain_t *ch,
                    request_rec *r);

apr_status_t isf_raw_out_filter(ap_filter_t *f, apr_bucket_brigade *bb);
apr_status_t isf_raw_in_filter(ap_filter_t *f, apr_bucket_brigade *bb,
                               ap_input_mode_t mode, apr_read_type_e block,
                               apr_off_t readbytes);
extern ap_filter_rec_t *isf_raw_out_handle;
/** Per child, once every module is loaded: what the raw filters look up
 * once rather than per connection (mod_logio's counter). */
void isf_raw_child_init(void);
extern ap_filter_rec_t *isf_raw_in_handle;

#pragma GCC visibility pop

#endif /* ISF_RAW_H */
