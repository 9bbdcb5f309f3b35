/*
 * attach.c: SEND_RAW_DATA and READ_RAW_DATA as connection filters.
 *
 * Both sit at AP_FTYPE_CONNECTION, below HTTP/1.x serialization and above
 * mod_ssl (AP_FTYPE_CONNECTION + 5), so filters see the bytes exactly as
 * they cross the wire, in plaintext on TLS connections.  They are added
 * only to connections whose filters registered the event (pre_connection
 * for the connection's server, post_read_request when a site filter of
 * the request's server wants SEND_RAW_DATA); other connections get no
 * connection filter at all.  HTTP/2 connections are left alone: the
 * filters step aside when the connection speaks anything but HTTP/1.x.
 */
#include "raw/raw_in.h"
#include "raw/raw_out.h"

void isf_raw_attach(conn_rec *c, isf_conn_t *ic, const isf_chain_t *ch,
                    request_rec *r)
{
    DWORD m = ch->mask[ic->secure];
    int out = 0, in = 0;

    if ((m & SF_NOTIFY_SEND_RAW_DATA) && !ic->raw_out) {
        isf_raw_out_attach(c, ic, r);
        out = 1;
    }
    if ((m & SF_NOTIFY_READ_RAW_DATA) && !ic->raw_in && !r) {
        isf_raw_in_attach(c, ic);
        in = 1;
    }
    if (out || in) {
        ap_log_cerror(APLOG_MARK, APLOG_TRACE1, 0, c, "raw filters added:%s%s "
                      "(%s; window %lu bytes)",
                      out ? " ISAPI_FILTER_RAW_OUT" : "",
                      in ? " ISAPI_FILTER_RAW_IN" : "",
                      r ? "site filter of the request's server"
                        : "filter of the connection's server",
                      (unsigned long)isf_srv_conf_of(c->base_server)->window);
    }
}
