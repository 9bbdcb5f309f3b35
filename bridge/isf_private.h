/**
 * @file isf_private.h
 * @brief Types and entry points shared by mod_isapi_filter.c and bridge/.
 *
 * The bridge is the ISAPI side of the module: loading filter libraries
 * (loader.c), ordering them into per-server chains (chain.c), per-connection
 * state and pFilterContext slots (conn.c), running one notification down a
 * chain (dispatch.c), the events themselves (events.c, respond.c), and the
 * callbacks a filter calls (callbacks.c, headers.c, servervars.c).
 *
 * Log tags: ISFLOGNO(n).  Next free number: 46.  Never reuse a number.
 */
#ifndef ISF_PRIVATE_H
#define ISF_PRIVATE_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "util_filter.h"
#include "apr_dso.h"

#include "httpfilt.h"
#include "isf_pure.h"

/* mod_isapi_filter.c declares the module record, which does this too. */
#ifndef ISF_MODULE_FILE
APLOG_USE_MODULE(isapi_filter);
#endif
extern module AP_MODULE_DECLARE_DATA isapi_filter_module;

#define ISFLOGNO(n) "ISF" #n ": "

/* The AddressSanitizer build (SANITIZE=1) keeps request state on the heap,
 * so that a use after the request ended is reported (events.c). */
#if defined(__SANITIZE_ADDRESS__)
#define ISF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ISF_ASAN 1
#endif
#endif
#ifndef ISF_ASAN
#define ISF_ASAN 0
#endif

#define ISF_UNSET (-1)
#define ISF_DEFAULT_ALLOC_LIMIT 1048576
#define ISF_DEFAULT_WINDOW 65536
#define ISF_DEFAULT_READ_LIMIT 1048576
#define ISF_SERVER_REVISION HTTP_FILTER_REVISION
/* Nested WriteClient/SEND_RESPONSE_HEADER calls allowed before refusing. */
#define ISF_MAX_DEPTH 8
/* IIS hands URL_MAP a MAX_PATH-style buffer; ours is larger. */
#define ISF_PATH_BUFF 4096

/* Event bits a filter may register, and the ones delivered per request. */
#define ISF_EVENT_MASK (SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS  \
                        | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_URL_MAP      \
                        | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_SEND_RESPONSE \
                        | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_LOG           \
                        | SF_NOTIFY_END_OF_REQUEST                          \
                        | SF_NOTIFY_END_OF_NET_SESSION                      \
                        | SF_NOTIFY_AUTH_COMPLETE)
#define ISF_PORT_MASK (SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT)
/* Events that need per-connection state from the first byte. */
#define ISF_CONN_EVENTS (SF_NOTIFY_END_OF_NET_SESSION | SF_NOTIFY_READ_RAW_DATA \
                         | SF_NOTIFY_SEND_RAW_DATA)

/** Dense index of each event bit, for the per-event filter lists. */
typedef enum {
    ISF_EV_READ_RAW_DATA, ISF_EV_PREPROC_HEADERS, ISF_EV_AUTHENTICATION,
    ISF_EV_URL_MAP, ISF_EV_ACCESS_DENIED, ISF_EV_SEND_RESPONSE,
    ISF_EV_SEND_RAW_DATA, ISF_EV_END_OF_REQUEST, ISF_EV_LOG,
    ISF_EV_END_OF_NET_SESSION, ISF_EV_AUTH_COMPLETE,
    ISF_EV_COUNT
} isf_event_e;

/** One loaded filter library, as one ISAPIFilter directive configured it. */
typedef struct isf_filter_t {
    const char *path;           /* resolved against ServerRoot */
    const char *name;           /* basename, for log lines */
    char desc[SF_MAX_FILTER_DESC_LEN];
    DWORD version;              /* dwFilterVersion, informational */
    DWORD flags;                /* dwFlags as GetFilterVersion left them */
    DWORD events;               /* flags & ISF_EVENT_MASK */
    DWORD ports;                /* flags & ISF_PORT_MASK, never 0 */
    int priority;               /* 3 HIGH, 2 MEDIUM, 1 LOW */
    int site;                   /* 0: global (main server), 1: site */
    int seq;                    /* configuration order */
    int idx;                    /* slot index, = rank in IIS order */
    server_rec *s;              /* server whose context named it */
    apr_dso_handle_t *dso;
    PFN_HTTPFILTERPROC proc;
    PFN_TERMINATEFILTER terminate;  /* may be NULL */
    pid_t terminated_in;        /* process that already ran TerminateFilter */
} isf_filter_t;

/**
 * The filters one virtual host sees, per port kind ([0] plain, [1] TLS),
 * per event, in calling order.  mask[] is the union of events, so a
 * notification nobody registered for costs one bit test.
 */
typedef struct {
    DWORD mask[2];
    int n[2][ISF_EV_COUNT];
    isf_filter_t **ev[2][ISF_EV_COUNT];
    apr_array_header_t *all;    /* isf_filter_t *, IIS order */
    int site_raw;               /* a site filter wants SEND_RAW_DATA */
} isf_chain_t;

/** Per-server configuration. */
typedef struct {
    apr_array_header_t *filters;    /* isf_filter_t *, named in this context */
    apr_array_header_t *global;     /* the main server's, for a vhost */
    isf_chain_t *chain;             /* built in post_config */
    apr_int64_t alloc_limit;        /* ISF_UNSET until merged/defaulted */
    apr_int64_t window;             /* SEND_RAW_DATA window bytes */
    apr_int64_t read_limit;         /* READ_NEXT accumulation cap */
    DWORD instance_id;              /* IIS site number: main server = 1 */
} isf_srv_conf;

/** What one configuration generation loaded, in slot order. */
typedef struct {
    apr_array_header_t *filters;    /* isf_filter_t *, every server */
    const isf_chain_t *global;      /* the global filters alone: the main
                                     * server's chain */
    int seq;                        /* next configuration order number */
    int need_head;                  /* some chain wants SEND_RESPONSE etc. */
    int need_end;                   /* some chain wants END_OF_REQUEST */
} isf_global_t;

/** Outcome of one notification down a chain. */
typedef enum {
    ISF_CONTINUE = 0,   /* NEXT or HANDLED: Apache carries on */
    ISF_FINISHED,       /* a filter answered; close the connection */
    ISF_FINISHED_KEEP,  /* a filter answered; keep-alive allowed */
    ISF_FAILED,         /* SF_STATUS_REQ_ERROR (or nonsense) */
    ISF_READ_NEXT       /* READ_RAW_DATA wants more bytes first */
} isf_result_e;

struct isf_conn_t;
struct isf_req_t;

/**
 * The HTTP_FILTER_CONTEXT a filter receives is the first member of its
 * slot: one per (filter, connection), so pFilterContext needs no copying
 * and stays private to the filter, even across nested calls.  Slots are
 * not pool memory: conn.c recycles them (see isf_slot_from_pfc).
 */
typedef struct {
    HTTP_FILTER_CONTEXT pfc;
    struct isf_conn_t *conn;
    isf_filter_t *filter;       /* NULL until the filter met this connection */
} isf_slot_t;

/** Which headers the GetHeader/SetHeader/AddHeader of a frame act on. */
typedef enum {
    ISF_HDRS_NONE, ISF_HDRS_REQUEST, ISF_HDRS_RESPONSE, ISF_HDRS_HEAD
} isf_hdrs_e;

/** One notification in progress (frames nest through WriteClient). */
typedef struct isf_frame_t {
    struct isf_frame_t *prev;
    DWORD event;
    request_rec *r;             /* NULL for connection events */
    struct isf_req_t *rq;
    isf_hdrs_e hdrs;
    apr_table_t *head;          /* ISF_HDRS_HEAD: the filter-built head */
    int *head_status;           /* ISF_HDRS_HEAD: its status code */
    const char **head_reason;
    const char *url_map_path;   /* URL_MAP: the path being mapped */
    const isf_win_t *win;       /* raw events: the window the bytes are in */
    int changed_url;            /* set by SetHeader("url") */
} isf_frame_t;

/**
 * Per-connection state: c->conn_config; created only when needed, on
 * c->pool.  Nothing here points at request memory except out_rq, which
 * the request's own pool cleanup clears (isf_req_make).
 */
typedef struct isf_conn_t {
    conn_rec *c;
    DWORD connid;               /* SF_REQ_GET_CONNID: fixed for c's life;
                                 * never reused within the process */
    int secure;
    int nslots;
    isf_slot_t *slots;          /* conn.c's recycled slot block */
    const isf_chain_t *joined;  /* last chain joined whole (isf_conn_join) */
    isf_frame_t *frame;         /* innermost notification, NULL if none */
    int depth;                  /* nested WriteClient/SSF head calls */
    apr_size_t alloc_used;      /* AllocMem bytes the pool handed out */
    apr_size_t alloc_limit;     /* 0: no limit */
    apr_pool_t *alloc_pool;     /* AllocMem's, made on first use */
    apr_bucket_brigade *wbb[ISF_MAX_DEPTH]; /* WriteClient brigade per
                                 * nesting level, each made once */
    struct isf_req_t *out_rq;   /* request whose response is going out;
                                 * NULL: connection-level bytes */
    struct isf_raw_out_t *rout; /* raw_io.c's contexts, when their filter */
    struct isf_raw_in_t *rin;   /* is on the connection */
    unsigned int raw_dead:1;    /* a raw filter ended the connection */
    int closing;                /* END_OF_NET_SESSION has started */
} isf_conn_t;

/**
 * Per-request state, shared by a request and its internal redirects;
 * sub-requests find it through r->main.
 */
typedef struct isf_req_t {
    request_rec *r;             /* the original request */
    isf_conn_t *conn;
    const isf_chain_t *chain;
    DWORD *disabled;            /* per slot: events switched off, or NULL */
    apr_table_t *denial;        /* SF_REQ_ADD_HEADERS_ON_DENIAL lines */
    apr_table_t *added;         /* AddResponseHeaders lines */
    const char *redirect_to;    /* AUTH_COMPLETE url change */
    const char *password;       /* Basic password, for AUTH_PASSWORD */
    apr_off_t head_clen;        /* Content-Length of a filter head, or -1 */
    int head_code;              /* status of a filter head */
    apr_off_t raw_bytes;        /* WriteClient bytes for this request */
    isf_result_e pre_res;       /* PREPROC_HEADERS outcome, for quick_handler */
    DWORD pre_err;              /* GetLastError with it */
    unsigned int head_sent:1;   /* a response head went out */
    unsigned int filter_head:1; /* ... and a filter built it */
    unsigned int finished:1;    /* a filter answered (FINISHED*) */
    unsigned int swallow:1;     /* drop Apache's own response bytes */
    unsigned int end_done:1;    /* END_OF_REQUEST delivered */
    unsigned int log_done:1;    /* LOG delivered */
    unsigned int auth_done:1;   /* AUTHENTICATION/AUTH_COMPLETE delivered */
    unsigned int in_handler:1;  /* the handler phase has begun */
    unsigned int filter_denied:1; /* a filter's status made this a 401 */
    unsigned int no_body:1;     /* HEAD, 1xx, 204 or 304: the head is all */
    unsigned int committed:1;   /* complete (LOG has begun): nothing more
                                 * may be written for it */
    unsigned int bound:1;       /* has been the connection's out_rq */
    unsigned int head_busy:1;   /* a filter head is being built (its
                                 * SEND_RESPONSE runs): no second one */
} isf_req_t;


/* ---- loader.c ---- */
const char *isf_loader_load(cmd_parms *cmd, const char *path,
                            const char *priority, isf_filter_t **out);
void isf_loader_child_init(apr_pool_t *pchild, isf_global_t *g);

/* ---- chain.c ---- */
extern isf_global_t *isf_g __attribute__((visibility("hidden")));
/** This configuration generation's isf_global_t (made in pre_config). */
static APR_INLINE isf_global_t *isf_global_get(void)
{
    return isf_g;
}
void isf_global_reset(apr_pool_t *pconf);
extern const signed char isf_ev_slot[32];

/** ISF_EV_* of one event bit, or -1. */
static APR_INLINE int isf_event_index(DWORD bit)
{
    if (!bit || (bit & (bit - 1))) {
        return -1;
    }
    return isf_ev_slot[__builtin_ctz(bit)] - 1;
}
const char *isf_event_name(DWORD bit);
void isf_chain_build_all(apr_pool_t *p, server_rec *main_s);

/** The chain of s's filters (built in post_config). */
static APR_INLINE const isf_chain_t *isf_chain_for(server_rec *s)
{
    return ((isf_srv_conf *)ap_get_module_config(s->module_config,
                                                 &isapi_filter_module))->chain;
}

/* ---- conn.c ---- */
isf_conn_t *isf_conn_make(conn_rec *c);
/** Slot recycling for this process (child_init). */
void isf_conn_child_init(apr_pool_t *pchild);

/** c's state, made on first need when create is set (NULL when no
 * filter is loaded). */
static APR_INLINE isf_conn_t *isf_conn_get(conn_rec *c, int create)
{
    isf_conn_t *ic = ap_get_module_config(c->conn_config,
                                          &isapi_filter_module);

    return ic || !create ? ic : isf_conn_make(c);
}
void isf_conn_join(isf_conn_t *ic, const isf_chain_t *ch, int global_only);

/** f's slot on this connection; f takes part in it from now on. */
static APR_INLINE isf_slot_t *isf_conn_slot(isf_conn_t *ic, isf_filter_t *f)
{
    isf_slot_t *slot = &ic->slots[f->idx];

    slot->filter = f;
    return slot;
}

/**
 * The slot of the filter this thread is calling now (dispatch.c), NULL
 * outside a notification.  Filters are called synchronously, as in IIS,
 * so a callback is legitimate only from that call, on that thread.
 */
extern __thread isf_slot_t *isf_cur_slot
    __attribute__((tls_model("initial-exec"), visibility("hidden")));

/**
 * The slot behind a filter's pfc, or NULL when pfc is not valid now: it
 * must be the pfc of the notification this thread is running.  That is
 * decided by its address before anything is read through it, so neither
 * a pfc saved from an ended connection (its memory recycled, see conn.c)
 * nor a call from a filter's own thread, nor a forged pointer, can pass.
 * A ServerContext the filter changed fails too.
 */
static APR_INLINE isf_slot_t *isf_slot_from_pfc(HTTP_FILTER_CONTEXT *pfc)
{
    isf_slot_t *slot = isf_cur_slot;

    if (!slot || pfc != &slot->pfc || pfc->ServerContext != (void *)pfc) {
        return NULL;
    }
    return slot;
}

/** Call f on its slot of ic, as the notification this thread runs. */
static APR_INLINE DWORD isf_call_filter(isf_filter_t *f, isf_slot_t *slot,
                                        DWORD event, void *notif)
{
    isf_cur_slot = slot;
    isf_last_error = 0;
    return f->proc(&slot->pfc, event, notif);
}
void *WINAPI isf_cb_AllocMem(HTTP_FILTER_CONTEXT *pfc, DWORD cbSize,
                             DWORD dwReserved);

/* ---- dispatch.c ---- */

/**
 * Set in post_config when some server's LogLevel puts this module at
 * trace5, so that a notification's trace line costs one load otherwise.
 * A connection's log configuration is its base server's (nothing in httpd
 * gives c->log another), so the servers are all there is to look at.
 */
extern int isf_trace5 __attribute__((visibility("hidden")));

/**
 * The trace line for filter f's status st, and what st means for the
 * chain: returns 1 (with *res set) when the notification stops at f.
 */
int isf_dispatch_status(isf_conn_t *ic, isf_frame_t *fr, isf_filter_t *f,
                        DWORD st, DWORD *err, isf_result_e *res);

/**
 * Raise fr->event (one SF_NOTIFY_* bit) with notif down ch to the filters
 * registered for it on this connection's port kind, fr pushed as the
 * innermost frame meanwhile.  Inline, because it runs for every
 * notification: NEXT_NOTIFICATION costs no further call.
 */
static APR_INLINE isf_result_e isf_dispatch_run(isf_conn_t *ic,
                                                const isf_chain_t *ch,
                                                isf_frame_t *fr, void *notif,
                                                DWORD *err)
{
    const DWORD event = fr->event;
    const int e = isf_ev_slot[__builtin_ctz(event)] - 1;
    isf_filter_t *const *list = ch->ev[ic->secure][e];
    isf_filter_t *const *end = list + ch->n[ic->secure][e];
    const DWORD *disabled = fr->rq ? fr->rq->disabled : NULL;
    isf_result_e res = ISF_CONTINUE;

    isf_slot_t *const cur = isf_cur_slot;

    fr->prev = ic->frame;
    ic->frame = fr;
    for (; list < end; list++) {
        isf_filter_t *f = *list;
        isf_slot_t *slot;
        DWORD st;

        if (disabled && (disabled[f->idx] & event)) {
            continue;
        }
        slot = isf_conn_slot(ic, f);
        st = isf_call_filter(f, slot, event, notif);
        if (fr->win) {
            /* A filter's lengths never reach the next one unchecked. */
            isf_win_between(fr->win, notif);
        }
        if ((st != SF_STATUS_REQ_NEXT_NOTIFICATION || isf_trace5)
            && isf_dispatch_status(ic, fr, f, st, err, &res)) {
            break;
        }
    }
    ic->frame = fr->prev;
    isf_cur_slot = cur;
    return res;
}
int isf_result_to_http(isf_result_e res, DWORD err);

/** Has the filter switched ev off for this request
 * (SF_REQ_DISABLE_NOTIFICATIONS)? */
static APR_INLINE int isf_frame_filter_disabled(isf_req_t *rq,
                                                isf_filter_t *f, DWORD ev)
{
    return rq && rq->disabled && (rq->disabled[f->idx] & ev);
}

/* ---- events.c: the request hooks (mod_isapi_filter.c registers them
 * for the events loaded filters want) ---- */
isf_req_t *isf_req_find(request_rec *r);
/** r's bridge state, owned by r->pool (a cleanup unbinds it from the
 * connection when the request ends). */
isf_req_t *isf_req_make(request_rec *r, isf_conn_t *ic,
                        const isf_chain_t *ch);
/**
 * Bind the connection's outgoing raw bytes to rq (its response is going
 * out) or, with NULL, to no request.  Only connections with a raw output
 * filter read the binding; the first bind registers a cleanup on rq's
 * pool that unbinds it, so the connection never points at a request
 * that has ended.
 */
void isf_conn_bind_out(isf_conn_t *ic, isf_req_t *rq);
/** The isf_req_t of r: its own, or its parent's for a sub-request or
 * internal redirect (isf_req_find walks there); NULL if none. */
static APR_INLINE isf_req_t *isf_req_get(request_rec *r)
{
    isf_req_t *rq = ap_get_module_config(r->request_config,
                                         &isapi_filter_module);

    return rq ? rq : isf_req_find(r);
}
int isf_ev_preproc_headers(request_rec *r);
int isf_ev_quick_handler(request_rec *r, int lookup);
int isf_ev_url_map(request_rec *r);
int isf_ev_authentication(request_rec *r);
int isf_ev_auth_complete(request_rec *r);
int isf_ev_redirect_handler(request_rec *r);
void isf_ev_end_of_request(request_rec *r, isf_req_t *rq);
int isf_ev_log(request_rec *r);
int isf_ev_create_request(request_rec *r);
apr_status_t isf_head_filter(ap_filter_t *f, apr_bucket_brigade *bb);
apr_status_t isf_end_filter(ap_filter_t *f, apr_bucket_brigade *bb);
extern ap_filter_rec_t *isf_head_filter_handle;
extern ap_filter_rec_t *isf_end_filter_handle;

/* ---- thread.c: what each serving thread keeps ---- */
void isf_thread_child_init(apr_pool_t *pchild);
/**
 * Set w over this thread's SEND_RAW_DATA window buffer for nesting level
 * level, at least cap bytes, empty, holding no bytes of a connection other
 * than connid's (w->hw and w->owner carry on from that connection's last
 * use); NULL buf when memory ran out.  isf_thread_window_done records
 * how far w's bytes reached.
 */
void isf_thread_window(isf_win_t *w, int level, apr_size_t cap,
                       DWORD connid);
void isf_thread_window_done(const isf_win_t *w, int level);
/** This thread's scratch pool: the caller clears it when done. */
apr_pool_t *isf_thread_scratch(void);

/* ---- raw_io.c: SEND_RAW_DATA and READ_RAW_DATA connection filters ---- */

/** ISAPI_FILTER_RAW_OUT's context (f->ctx), on c->pool. */
typedef struct isf_raw_out_t {
    isf_conn_t *ic;
    apr_bucket_brigade *out_bb; /* what goes down, made once */
    apr_bucket_brigade *pend_bb; /* raised windows of a mapped file, kept
                                  * to go down together (raw_file.c) */
    const char *no_map;         /* why files are read, not mapped, on this
                                 * connection from now on; NULL: mapped */
    int depth;                  /* re-entry depth (nested WriteClient) */
} isf_raw_out_t;

/** ISAPI_FILTER_RAW_IN's context (f->ctx), on c->pool. */
typedef struct isf_raw_in_t {
    isf_conn_t *ic;
    isf_win_t acc;              /* READ_RAW_DATA accumulation */
    apr_pool_t *acc_pool;
    apr_size_t read_limit;
    apr_size_t next_read;       /* SF_REQ_SET_NEXT_READ_SIZE, 0 = default */
    apr_bucket_brigade *in_bb;  /* filtered input not yet consumed */
    apr_bucket_brigade *tmp_bb; /* raw input read from below */
    unsigned int in_eos:1;      /* the client's side is finished */
    unsigned int checked:1;     /* the protocol was looked at */
    unsigned int off:1;         /* HTTP/2: input passes unseen */
} isf_raw_in_t;

void isf_raw_attach(conn_rec *c, isf_conn_t *ic, const isf_chain_t *ch,
                    request_rec *r);
apr_status_t isf_raw_out_filter(ap_filter_t *f, apr_bucket_brigade *bb);
apr_status_t isf_raw_in_filter(ap_filter_t *f, apr_bucket_brigade *bb,
                               ap_input_mode_t mode, apr_read_type_e block,
                               apr_off_t readbytes);
extern ap_filter_rec_t *isf_raw_out_handle;
extern ap_filter_rec_t *isf_raw_in_handle;
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
/** Pass e down at once, after any windows kept on ic->pend_bb. */
apr_status_t isf_raw_pass_bucket(ap_filter_t *f, isf_raw_out_t *ro,
                                 apr_bucket *e);

/* ---- raw_file.c: FILE buckets through SEND_RAW_DATA ---- */
/**
 * Raise SEND_RAW_DATA on a FILE bucket's bytes, window w (whose bytes come
 * first) at a time, advancing the bucket; returns when it is done, when no
 * filter wants the rest of it, or when a filter ended the connection.
 */
apr_status_t isf_raw_out_file(ap_filter_t *f, isf_raw_out_t *ro,
                              isf_win_t *w, apr_bucket *e);

/* ---- respond.c: bytes and heads a filter sends itself ---- */
BOOL isf_write_raw(isf_conn_t *ic, const void *buf, apr_size_t len);
BOOL isf_send_filter_head(isf_slot_t *slot, const char *status,
                          const char *extra);
/** apr_table_do callback: apr_table_add each entry to the table in data. */
int isf_table_add_cb(void *data, const char *key, const char *val);
int isf_req_finish(request_rec *r, isf_req_t *rq, isf_result_e res,
                   DWORD err);

/* ---- callbacks.c / headers.c / servervars.c ---- */
void isf_slot_init_callbacks(HTTP_FILTER_CONTEXT *pfc);
/** GetHeader, SetHeader, AddHeader filled in, HttpStatus 0. */
extern const HTTP_FILTER_PREPROC_HEADERS isf_hdr_template;
void isf_hdr_fill_auth(HTTP_FILTER_AUTH_COMPLETE_INFO *ai);
BOOL isf_servervar_get(isf_conn_t *ic, const char *name, void *buf,
                       DWORD *size);

#endif /* ISF_PRIVATE_H */
