/*
 * in_filter.c: ISAPI_FILTER_RAW_IN, incoming bytes through READ_RAW_DATA.
 *
 * The filter reads from below, raises READ_RAW_DATA on what each read
 * returned (accumulated while a filter answers READ_NEXT, up to
 * ISAPIFilterReadLimit, past which the read fails with APR_ENOSPC and
 * Apache answers 413 or 400 and closes), keeps what the filters return,
 * and serves every input mode Apache asks for from those bytes.  A
 * filter's SF_REQ_SET_NEXT_READ_SIZE sizes the next read from below.
 * With the socket right below (no TLS), a read is one recv of its own
 * (isf_raw_in_recv), not core's recv plus its non-blocking probe.
 */
#include "raw/raw_in.h"

#include "http_connection.h"
#include "http_protocol.h"
#include "http_core.h"

#define ISF_READ_CHUNK 8192
/*
 * Room offered past the bytes read (cbInBuffer - cbInData, zeroed once per
 * buffer by isf_acc_offer) for a filter that grows them in place; more
 * needs AllocMem, as it does on IIS when the buffer is full.  Zeroing the
 * whole 8 KiB read buffer instead cost more than the rest of a small
 * request's raw input.
 */
#define ISF_ACC_ROOM 1024
static const char isf_h2_preface[] = "PRI * HTTP/2.0\r\n";

ap_filter_rec_t *isf_raw_in_handle;

/* mod_logio's counter and input filter, or NULL without mod_logio: looked
 * up once per child (a hash lookup each), not per connection. */
static APR_OPTIONAL_FN_TYPE(ap_logio_add_bytes_in) *isf_logio_add;
static ap_filter_rec_t *isf_logio_in_handle;

void isf_raw_child_init(void)
{
    isf_logio_add = APR_RETRIEVE_OPTIONAL_FN(ap_logio_add_bytes_in);
    isf_logio_in_handle = ap_get_input_filter_handle("log_input_output");
}

void isf_raw_in_attach(conn_rec *c, isf_conn_t *ic)
{
    isf_raw_in_t *ri = apr_pcalloc(c->pool, sizeof(*ri));

    ri->ic = ic;
    ri->logio_add = isf_logio_add;
    ri->read_limit = (apr_size_t)isf_srv_conf_of(c->base_server)->read_limit;
    /* No buffer and no pool yet: a connection that never sends a byte
     * costs neither (isf_raw_in_reserve). */
    ri->in_bb = apr_brigade_create(c->pool, c->bucket_alloc);
    ri->tmp_bb = apr_brigade_create(c->pool, c->bucket_alloc);
    ic->raw_in = 1;
    ap_add_input_filter_handle(isf_raw_in_handle, ri, NULL, c);
}

int isf_raw_in_pending(conn_rec *c)
{
    ap_filter_t *f;
    apr_bucket *e;

    for (f = c->input_filters; f; f = f->next) {
        if (f->frec == isf_raw_in_handle) {
            isf_raw_in_t *ri = f->ctx;
            for (e = APR_BRIGADE_FIRST(ri->in_bb);
                 e != APR_BRIGADE_SENTINEL(ri->in_bb);
                 e = APR_BUCKET_NEXT(e)) {
                if (e->length) {
                    return 1;
                }
            }
            return 0;
        }
    }
    return 0;
}

/*
 * Is the socket right below this filter, with nothing between but mod_logio
 * (whose count this filter then keeps through ap_logio_add_bytes_in)?  TLS
 * (mod_ssl), mod_reqtimeout or any other connection filter below keeps
 * ap_get_brigade.  mod_reqtimeout's limits hold only for reads made
 * through its filter (it sets the socket's timeout around each call and
 * counts what each returns), so it is never stepped over, at the price of
 * core's probe for more input: one more read, returning EAGAIN, per
 * request (t/raw/raw_reqtimeout.t).  Sitting below it instead would put
 * this filter below mod_remoteip's PROXY-protocol filter as well
 * (AP_FTYPE_CONNECTION + 7), whose header READ_RAW_DATA must not see.
 * Asked after a read through core's input filter that returned less than
 * asked for: core then holds no bytes (it reads on until the socket has
 * nothing more or it has enough), so from then on this filter may read
 * the socket itself and core is never asked for data again.  Never before
 * that first read: Apache's answer to a request it cannot parse clears
 * core's input state, which core makes at its first call.
 */
static int isf_raw_in_direct_ok(ap_filter_t *f, isf_raw_in_t *ri)
{
    ap_filter_t *below = f->next;

    if (below && ri->logio_add && below->frec == isf_logio_in_handle) {
        below = below->next;
    }
    return below && below->frec == ap_core_input_filter_handle
           && ap_get_conn_socket(f->c) != NULL;
}

/*
 * Room for `more` bytes in ri->acc.  Its first buffer (a read's worth) is
 * taken from c->pool and kept for the connection; only READ_NEXT growing
 * past it makes the pool it grows into.
 */
static apr_status_t isf_raw_in_reserve(conn_rec *c, isf_raw_in_t *ri,
                                       apr_size_t more)
{
    apr_size_t base = ISF_READ_CHUNK < ri->read_limit ? ISF_READ_CHUNK
                                                      : ri->read_limit;

    if (!ri->acc.buf && more <= base) {
        if (!ri->acc_base) {
            ri->acc_base = apr_palloc(c->pool, base);
        }
        isf_win_init(&ri->acc, ri->acc_base, base);
    }
    if (!ri->acc_pool && more > ri->acc.cap - ri->acc.len) {
        apr_pool_create(&ri->acc_pool, c->pool);
    }
    return isf_acc_reserve(&ri->acc, ri->acc_pool, more, ri->read_limit);
}

/*
 * One recv from the socket into ri->acc, as core's input filter would do
 * it (the socket's own timeout when blocking, none when not), without the
 * second, non-blocking read core adds to see whether more is there: that
 * read returns EAGAIN on nearly every request.
 */
static apr_status_t isf_raw_in_recv(ap_filter_t *f, isf_raw_in_t *ri,
                                    apr_read_type_e block, apr_size_t want,
                                    int *eos)
{
    apr_socket_t *s = ap_get_conn_socket(f->c);
    apr_interval_time_t timeout = 0;
    apr_size_t n = want;
    char spare;
    char *into = &spare;
    apr_status_t rv;

    if (ri->acc.len < ri->read_limit) {
        rv = isf_raw_in_reserve(f->c, ri, want);
        if (rv != APR_SUCCESS) {
            return rv;
        }
        into = ri->acc.buf + ri->acc.len;
    }
    else {
        n = 1;          /* full: one byte tells whether more is coming */
    }
    if (block == APR_NONBLOCK_READ) {
        apr_socket_timeout_get(s, &timeout);
        apr_socket_timeout_set(s, 0);
    }
    rv = apr_socket_recv(s, into, &n);
    if (block == APR_NONBLOCK_READ) {
        apr_socket_timeout_set(s, timeout);
    }
    if (n && ri->logio_add) {
        ri->logio_add(f->c, (apr_off_t)n);
    }
    if (n && into == &spare) {
        return APR_ENOSPC;
    }
    ri->acc.len += n;
    if (n) {
        return APR_SUCCESS;
    }
    if (rv == APR_SUCCESS || APR_STATUS_IS_EOF(rv)) {
        *eos = 1;
        return APR_SUCCESS;
    }
    return rv;
}

static void isf_raw_in_over(conn_rec *c, isf_raw_in_t *ri)
{
    ap_log_cerror(APLOG_MARK, APLOG_INFO, 0, c, ISFLOGNO(13) "READ_RAW_DATA: "
                  "more than ISAPIFilterReadLimit (%lu) bytes held for "
                  "READ_NEXT; closing", (unsigned long)ri->read_limit);
    c->keepalive = AP_CONN_CLOSE;
}

/* One read from below, raised (with any bytes held for READ_NEXT) as
 * READ_RAW_DATA; what the filters return is appended to ri->in_bb. */
static apr_status_t isf_raw_in_fill(ap_filter_t *f, isf_raw_in_t *ri,
                                    apr_read_type_e block)
{
    conn_rec *c = f->c;

    for (;;) {
        HTTP_FILTER_RAW_DATA raw;
        isf_frame_t fr;
        isf_result_e res;
        const char *data;
        apr_size_t len;
        apr_bucket *e;
        apr_status_t rv;
        DWORD err = 0;
        int eos = 0;
        apr_off_t want = ri->ic->next_read ? (apr_off_t)ri->ic->next_read
                                       : ISF_READ_CHUNK;
        apr_size_t room = ri->read_limit - ri->acc.len;

        ri->ic->next_read = 0;
        /* The limit bounds the bytes held for READ_NEXT, not one read:
         * read no more than fits beside them (a byte past a full buffer,
         * so going over is still seen). */
        if (want > (apr_off_t)(room ? room : 1)) {
            want = (apr_off_t)(room ? room : 1);
        }
        if (ri->direct && !ri->off) {
            rv = isf_raw_in_recv(f, ri, block, (apr_size_t)want, &eos);
            if (rv == APR_ENOSPC) {
                isf_raw_in_over(c, ri);
            }
            if (rv != APR_SUCCESS) {
                return rv;
            }
        }
        else {
            rv = ap_get_brigade(f->next, ri->tmp_bb, AP_MODE_READBYTES,
                                block, want);
        }
        if (APR_STATUS_IS_EOF(rv)) {
            eos = 1;
        }
        else if (rv != APR_SUCCESS) {
            apr_brigade_cleanup(ri->tmp_bb);
            return rv;
        }
        else if (!ri->direct && !ri->off) {
            apr_off_t got = 0;
            apr_brigade_length(ri->tmp_bb, 0, &got);
            ri->direct = got > 0 && got < want
                         && isf_raw_in_direct_ok(f, ri);
        }
        while ((e = APR_BRIGADE_FIRST(ri->tmp_bb))
               != APR_BRIGADE_SENTINEL(ri->tmp_bb)) {
            if (APR_BUCKET_IS_EOS(e)) {
                eos = 1;
            }
            else if (!APR_BUCKET_IS_METADATA(e)) {
                rv = apr_bucket_read(e, &data, &len, APR_BLOCK_READ);
                if (rv == APR_SUCCESS) {
                    rv = isf_raw_in_reserve(c, ri, len);
                }
                if (rv != APR_SUCCESS) {
                    apr_brigade_cleanup(ri->tmp_bb);
                    if (rv == APR_ENOSPC) {
                        isf_raw_in_over(c, ri);
                    }
                    return rv;
                }
                memcpy(ri->acc.buf + ri->acc.len, data, len);
                ri->acc.len += len;
            }
            apr_bucket_delete(e);
        }
        if (!ri->acc.len) {
            if (eos) {
                ri->in_eos = 1;
                return APR_SUCCESS;
            }
            if (block == APR_NONBLOCK_READ) {
                return APR_EAGAIN;
            }
            continue;
        }
        if (!ri->checked) {
            ri->checked = 1;
            if ((ri->acc.len >= sizeof(isf_h2_preface) - 1
                 && !memcmp(ri->acc.buf, isf_h2_preface,
                            sizeof(isf_h2_preface) - 1))
                || strcmp(ap_get_protocol(c), AP_PROTOCOL_HTTP1)) {
                ri->off = 1;   /* HTTP/2: pass bytes unseen */
            }
        }
        else if (!ri->off && strcmp(ap_get_protocol(c), AP_PROTOCOL_HTTP1)) {
            ri->off = 1;       /* switched (h2c upgrade) */
        }
        res = ISF_CONTINUE;
        data = ri->acc.buf;
        len = ri->acc.len;
        if (!ri->off) {
            /* The filters get the buffer as far as it is known to hold
             * nothing of an earlier connection (isf_acc_offer): their
             * lengths are checked against that, not the allocation. */
            isf_win_t offered = ri->acc;

            offered.cap = isf_acc_offer(&ri->acc, ISF_ACC_ROOM);
            raw.pvInData = ri->acc.buf;
            raw.cbInData = (DWORD)ri->acc.len;
            raw.cbInBuffer = (DWORD)offered.cap;
            raw.dwReserved = 0;
            fr = isf_frame_make(SF_NOTIFY_READ_RAW_DATA, NULL, NULL,
                                ISF_HDRS_NONE);
            fr.win = &offered;
            res = isf_dispatch_run(ri->ic, isf_chain_for(c->base_server), &fr,
                                   &raw, &err);
            if (res == ISF_READ_NEXT && !eos) {
                continue;   /* keep what we have, read more */
            }
            isf_win_outcome(&offered, &raw, &data, &len);
        }
        if (len) {
            APR_BRIGADE_INSERT_TAIL(ri->in_bb, apr_bucket_heap_create(
                                        data, len, NULL, c->bucket_alloc));
        }
        ri->acc.len = 0;
        if (ri->acc.cap > ISF_READ_CHUNK * 4) {
            /* Drop a buffer READ_NEXT made large; the first one serves
             * again (isf_raw_in_reserve). */
            apr_pool_clear(ri->acc_pool);
            isf_win_init(&ri->acc, NULL, 0);
        }
        if (eos) {
            ri->in_eos = 1;
        }
        if (res == ISF_FINISHED || res == ISF_FINISHED_KEEP) {
            c->keepalive = AP_CONN_CLOSE;
            ri->in_eos = 1;
            apr_brigade_cleanup(ri->in_bb);
            return APR_EOF;
        }
        if (res == ISF_FAILED) {
            c->keepalive = AP_CONN_CLOSE;
            return APR_EGENERAL;
        }
        return APR_SUCCESS;
    }
}

/* Make sure ri->in_bb holds something, unless the client is done. */
static apr_status_t isf_raw_in_need(ap_filter_t *f, isf_raw_in_t *ri,
                                    apr_read_type_e block)
{
    for (;;) {
        apr_status_t rv;
        apr_bucket *e;
        /* Empty buckets are not data: apr_brigade_split_line leaves one
         * when a line ends its bucket.  Served to ap_check_pipeline's
         * SPECULATIVE read, one would count as a pipelined request, and
         * prefork/worker would skip the flush after each response. */
        while (!APR_BRIGADE_EMPTY(ri->in_bb)
               && !APR_BUCKET_IS_METADATA(e = APR_BRIGADE_FIRST(ri->in_bb))
               && e->length == 0) {
            apr_bucket_delete(e);
        }
        if (!APR_BRIGADE_EMPTY(ri->in_bb)) {
            break;
        }
        if (ri->in_eos) {
            return APR_EOF;
        }
        rv = isf_raw_in_fill(f, ri, block);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

static int isf_bb_ends_lf(apr_bucket_brigade *bb)
{
    apr_bucket *e = APR_BRIGADE_LAST(bb);
    const char *data;
    apr_size_t len;

    while (e != APR_BRIGADE_SENTINEL(bb)) {
        if (!APR_BUCKET_IS_METADATA(e)
            && apr_bucket_read(e, &data, &len, APR_BLOCK_READ)
               == APR_SUCCESS && len) {
            return data[len - 1] == APR_ASCII_LF;
        }
        e = APR_BUCKET_PREV(e);
    }
    return 0;
}

static apr_status_t isf_raw_in_getline(ap_filter_t *f, isf_raw_in_t *ri,
                                       apr_bucket_brigade *bb,
                                       apr_read_type_e block)
{
    apr_status_t rv;
    apr_off_t got;
    apr_bucket *e;
    const char *data, *lf;
    apr_size_t len;

    /* The usual case, one header line after another from the same read:
     * the first bucket holds the whole line.  Split it off at its LF
     * directly (what apr_brigade_split_line would return, without its
     * brigade walks); anything else goes the general way. */
    if (!APR_BRIGADE_EMPTY(ri->in_bb)
        && !APR_BUCKET_IS_METADATA(e = APR_BRIGADE_FIRST(ri->in_bb))
        && apr_bucket_read(e, &data, &len, block) == APR_SUCCESS
        && (lf = memchr(data, APR_ASCII_LF, len)) != NULL
        && lf - data < HUGE_STRING_LEN) {
        if ((apr_size_t)(lf - data) + 1 < len) {
            apr_bucket_split(e, (apr_size_t)(lf - data) + 1);
        }
        APR_BUCKET_REMOVE(e);
        APR_BRIGADE_INSERT_TAIL(bb, e);
        return APR_SUCCESS;
    }
    for (;;) {
        rv = apr_brigade_split_line(bb, ri->in_bb, block, HUGE_STRING_LEN);
        if (rv != APR_SUCCESS) {
            return rv;
        }
        if (isf_bb_ends_lf(bb)) {
            return APR_SUCCESS;
        }
        apr_brigade_length(bb, 1, &got);
        if (got >= HUGE_STRING_LEN) {
            return APR_SUCCESS;   /* Apache enforces its own line limit */
        }
        rv = isf_raw_in_need(f, ri, block);
        if (rv != APR_SUCCESS) {
            if (APR_STATUS_IS_EOF(rv) && !APR_BRIGADE_EMPTY(bb)) {
                return APR_SUCCESS;
            }
            if (APR_STATUS_IS_EAGAIN(rv)) {
                /* Give the partial line back for the next call. */
                APR_BRIGADE_PREPEND(ri->in_bb, bb);
            }
            return rv;
        }
    }
}

apr_status_t isf_raw_in_filter(ap_filter_t *f, apr_bucket_brigade *bb,
                               ap_input_mode_t mode, apr_read_type_e block,
                               apr_off_t readbytes)
{
    isf_raw_in_t *ri = f->ctx;
    apr_bucket *e;
    apr_status_t rv;

    switch (mode) {
    case AP_MODE_INIT:
        return ap_get_brigade(f->next, bb, mode, block, readbytes);
    case AP_MODE_GETLINE:
        return isf_raw_in_getline(f, ri, bb, block);
    case AP_MODE_READBYTES:
        if ((rv = isf_raw_in_need(f, ri, block)) != APR_SUCCESS) {
            return rv;
        }
        rv = apr_brigade_partition(ri->in_bb, readbytes, &e);
        if (rv != APR_SUCCESS && rv != APR_INCOMPLETE) {
            return rv;
        }
        while (APR_BRIGADE_FIRST(ri->in_bb) != e) {
            apr_bucket *b = APR_BRIGADE_FIRST(ri->in_bb);
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(bb, b);
        }
        return APR_SUCCESS;
    case AP_MODE_SPECULATIVE:
        if ((rv = isf_raw_in_need(f, ri, block)) != APR_SUCCESS) {
            return rv;
        }
        for (e = APR_BRIGADE_FIRST(ri->in_bb);
             e != APR_BRIGADE_SENTINEL(ri->in_bb) && readbytes > 0;
             e = APR_BUCKET_NEXT(e)) {
            apr_bucket *copy;
            if ((rv = apr_bucket_copy(e, &copy)) != APR_SUCCESS) {
                return rv;
            }
            APR_BRIGADE_INSERT_TAIL(bb, copy);
            if ((apr_off_t)copy->length > readbytes) {
                apr_bucket_split(copy, (apr_size_t)readbytes);
                apr_bucket_delete(APR_BUCKET_NEXT(copy));
                break;
            }
            readbytes -= copy->length;
        }
        return APR_SUCCESS;
    case AP_MODE_EXHAUSTIVE:
        while (!ri->in_eos) {
            if ((rv = isf_raw_in_fill(f, ri, APR_BLOCK_READ))
                != APR_SUCCESS) {
                if (APR_STATUS_IS_EOF(rv)) {
                    break;
                }
                return rv;
            }
        }
        APR_BRIGADE_CONCAT(bb, ri->in_bb);
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(
                                        f->c->bucket_alloc));
        return APR_SUCCESS;
    case AP_MODE_EATCRLF:
        while ((rv = isf_raw_in_need(f, ri, APR_NONBLOCK_READ))
               == APR_SUCCESS) {
            const char *data;
            apr_size_t len, i = 0;
            e = APR_BRIGADE_FIRST(ri->in_bb);
            if ((rv = apr_bucket_read(e, &data, &len, APR_BLOCK_READ))
                != APR_SUCCESS) {
                return rv;
            }
            while (i < len && (data[i] == APR_ASCII_CR
                               || data[i] == APR_ASCII_LF)) {
                i++;
            }
            if (i < len) {
                if (i) {
                    apr_bucket_split(e, i);
                    apr_bucket_delete(e);
                }
                break;
            }
            apr_bucket_delete(e);
        }
        return APR_SUCCESS;
    default:
        return APR_ENOTIMPL;
    }
}
