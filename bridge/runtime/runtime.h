/**
 * @file runtime/runtime.h
 * @brief The bridge runtime: ISAPI filters on httpd's objects.
 *
 * The layer above the core (core/core.h), below the raw-data path (raw/)
 * and the hooks (hooks/).  Who owns what:
 *
 *   config.c     this configuration generation: what was loaded, the
 *                defaults, site numbers, the trace flag
 *   loader.c     filter libraries: opened with the configuration,
 *                initialised in each child (GetFilterVersion there,
 *                TerminateFilter at its exit); probe.c runs the
 *                configuration's GetFilterVersion in a process of its own
 *   chain.c      the IIS calling order, one chain per virtual host
 *   conn.c       a connection's state (isf_conn_t) and its lifetime;
 *                slot_pool.c recycles the filters' contexts
 *   request.c    a request's state (isf_req_t): made, bound to the
 *                connection's output, ended (the one END_OF_REQUEST)
 *   dispatch.c   one notification down a chain (inline below), every
 *                return code's meaning, END_OF_NET_SESSION
 *   thread.c     what each serving thread keeps: raw-data buffers, scratch
 *   callbacks.c  the HTTP_FILTER_CONTEXT functions; alloc.c (AllocMem
 *                and its blocks' tail check), alloc_guard.c (its guard
 *                pages: ISAPIFilterAllocGuard), headers.c (GetHeader...),
 *                servervars.c
 *   respond.c    the bytes and heads a filter sends itself
 *   perurl.c     ISAPIFilterEngine/Enable/Disable: which filters a URL
 *                hears, in the request's disabled mask
 *   fault.c      a filter's crash: the error log line naming it
 *   stats.c      the filters' counters in shared memory (stats.h), read
 *                by the status page (hooks/status.c)
 *
 * Log tags: ISFLOGNO(n).  Next free number: 78.  Never reuse a number.
 */
#ifndef ISF_RUNTIME_H
#define ISF_RUNTIME_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "util_filter.h"
#include "apr_dso.h"

#include <signal.h>

#include "core/core.h"

/* mod_isapi_filter.c declares the module record, which does this too. */
#ifndef ISF_MODULE_FILE
APLOG_USE_MODULE(isapi_filter);
#endif
extern module AP_MODULE_DECLARE_DATA isapi_filter_module;

#define ISFLOGNO(n) "ISF" #n ": "

/* The AddressSanitizer build (SANITIZE=1) keeps request state on the heap,
 * so that a use after the request ended is reported (request.c). */
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

/* Hidden, as in core/core.h (the module record above is not). */
#pragma GCC visibility push(hidden)

#define ISF_UNSET (-1)
#define ISF_DEFAULT_ALLOC_LIMIT 1048576
#define ISF_DEFAULT_ALLOC_GUARD 0
#define ISF_DEFAULT_WINDOW 65536
#define ISF_DEFAULT_READ_LIMIT 1048576
#define ISF_SERVER_REVISION HTTP_FILTER_REVISION
/* How long the configuration waits for GetFilterVersion (and
 * TerminateFilter) in a probe process before it kills it (probe.c). */
#define ISF_PROBE_SECONDS 30
/* Nested WriteClient/SEND_RESPONSE_HEADER calls allowed before refusing. */
#define ISF_MAX_DEPTH 8
/* IIS hands URL_MAP a MAX_PATH-style buffer; ours is larger. */
#define ISF_PATH_BUFF 4096
/* Events that need per-connection state from the first byte. */
#define ISF_CONN_EVENTS (SF_NOTIFY_END_OF_NET_SESSION                   \
                         | SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_SEND_RAW_DATA)

/* ---- config.c, loader.c, chain.c: what is loaded, and in what order ---- */

/** One loaded filter library, as one ISAPIFilter directive configured it. */
typedef struct isf_win32_t isf_win32_t;

typedef struct isf_filter_t {
    const char *path;           /* resolved against ServerRoot */
    const char *name;           /* basename, for log lines */
    char desc[SF_MAX_FILTER_DESC_LEN];
    DWORD version;              /* dwFilterVersion, informational */
    DWORD flags;                /* dwFlags as GetFilterVersion left them in
                                 * the configuration's probe */
    DWORD events;               /* flags & ISF_EVENT_MASK */
    DWORD ports;                /* flags & ISF_PORT_MASK, never 0 */
    int priority;               /* 3 HIGH, 2 MEDIUM, 1 LOW */
    int site;                   /* 0: global (main server), 1: site */
    int seq;                    /* configuration order */
    int idx;                    /* slot index, = rank in IIS order */
    apr_size_t st_off;          /* its counters' offset in a block:
                                 * ISF_ST_OFF(idx) (stats.h) */
    server_rec *s;              /* server whose context named it */
    apr_dso_handle_t *dso;
    PFN_GETFILTERVERSION gfv;
    PFN_HTTPFILTERPROC proc;
    PFN_TERMINATEFILTER terminate;  /* may be NULL */
    isf_win32_t *win32;         /* what filters built against the SDK
                                 * runtime have (win32.c); NULL otherwise */
    int windows_paths;          /* ISAPIFilter ... WindowsPaths */
    int failed;                 /* this child's GetFilterVersion said FALSE
                                 * or other flags: the filter's requests
                                 * get 500 here (loader.c) */
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
    int failed;                 /* one of all failed in this child: its
                                 * requests get 500, its connections no
                                 * filter (set in child_init) */
} isf_chain_t;

/** Per-server configuration (merged for every virtual host:
 * AP_MODULE_FLAG_ALWAYS_MERGE). */
typedef struct {
    apr_array_header_t *filters;    /* isf_filter_t *, named in this context */
    apr_array_header_t *global;     /* the main server's, for a vhost */
    isf_chain_t *chain;             /* built in post_config */
    apr_int64_t alloc_limit;        /* ISF_UNSET until merged/defaulted */
    int alloc_guard;                /* ISAPIFilterAllocGuard: 0, 1 */
    int log_fd;                     /* its error log's descriptor, for the
                                     * fault handler (fault.c) */
    apr_int64_t window;             /* SEND_RAW_DATA window bytes */
    apr_int64_t read_limit;         /* READ_NEXT accumulation cap */
    DWORD instance_id;              /* IIS site number: main server = 1 */
} isf_srv_conf;

/** What one configuration generation loaded, in slot order. */
typedef struct {
    apr_array_header_t *filters;    /* isf_filter_t *, every server */
    const isf_chain_t *global;      /* the global filters alone: the main
                                     * server's chain */
    const isf_chain_t *everyone;    /* every filter loaded: whoever met a
                                     * connection hears it end */
    int seq;                        /* next configuration order number */
    const char *windows_root;       /* ISAPIFilterWindowsRoot, or NULL */
    const char *registry_file;      /* ISAPIFilterRegistry, or NULL */
} isf_global_t;

/** This configuration generation's (config.c; made in pre_config). */
extern isf_global_t *isf_g;

/**
 * Set in post_config when some server's LogLevel puts this module at
 * trace5, so that a notification's trace line costs one load otherwise.
 * A connection's log configuration is its base server's (nothing in httpd
 * gives c->log another), so the servers are all there is to look at.
 */
extern int isf_trace5;

void isf_config_reset(apr_pool_t *pconf);
/** post_config: slot order, every server's chain, defaults, site numbers. */
void isf_config_finish(apr_pool_t *p, server_rec *main_s);

static APR_INLINE isf_srv_conf *isf_srv_conf_of(server_rec *s)
{
    return ap_get_module_config(s->module_config, &isapi_filter_module);
}

/** The chain of s's filters (built in post_config). */
static APR_INLINE const isf_chain_t *isf_chain_for(server_rec *s)
{
    return isf_srv_conf_of(s)->chain;
}

/** ISAPIFilter: opens path, runs its probe, fills *out; an error naming
 * the file and reason, or NULL.  priority may be NULL; windows_paths is
 * the WindowsPaths option. */
const char *isf_loader_load(cmd_parms *cmd, const char *path,
                            const char *priority, int windows_paths,
                            isf_filter_t **out);
/** Each filter's GetFilterVersion in this child, in configuration order;
 * marks the filters and chains (servers from main_s) that failed. */
void isf_loader_child_init(apr_pool_t *pchild, server_rec *main_s,
                           isf_global_t *g);
/**
 * probe.c: gfv, then term (when gfv said TRUE and term is not NULL), in a
 * forked process that is gone when this returns; NULL with *ver, *ok and
 * *error (GetLastError after a FALSE) filled in, or the message (naming
 * path) that stops start-up: the probe crashed, hung or exited.
 */
const char *isf_probe_run(apr_pool_t *p, isf_filter_t *f,
                          HTTP_FILTER_VERSION *ver, BOOL *ok, DWORD *error);

/*
 * The SDK runtime's side of a filter (win32.c): for a filter built with
 * isapi-cc, which loads libisapiwin32.so, the runtime is told the
 * module's settings and log, and DllMain is called as Windows calls it.
 */

/** After dlopen: finds DllMain and the runtime among what h loaded.  An
 * error (WindowsPaths asked of a filter without the runtime) or NULL. */
const char *isf_win32_open(apr_pool_t *p, isf_filter_t *f, void *h);

/** In the process about to run f (a probe or a child): the runtime gets
 * the settings, then DllMain(DLL_PROCESS_ATTACH).  FALSE when DllMain
 * said FALSE (its GetLastError in *error). */
BOOL isf_win32_attach(isf_filter_t *f, DWORD *error);

/** DllMain(DLL_PROCESS_DETACH): as the process ends (at_exit), or as the
 * filter is given up in a process that goes on. */
void isf_win32_detach(isf_filter_t *f, int at_exit);

/** path as filter f sees it: in Windows form for a WindowsPaths filter
 * (from p when it changes), as it is otherwise. */
const char *isf_win32_path_for(const isf_filter_t *f, apr_pool_t *p,
                               const char *path);

/** Sort filters into IIS order (priority, global before site, load order). */
void isf_chain_sort(apr_array_header_t *filters);
/** The chain of the filters in a then b, in IIS order. */
isf_chain_t *isf_chain_make(apr_pool_t *p, const apr_array_header_t *a,
                            const apr_array_header_t *b);

/* ---- conn.c, request.c: connection and request state ---- */

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
 * not pool memory: slot_pool.c recycles them (see isf_slot_from_pfc).
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
    apr_size_t url_map_cap;     /* URL_MAP: the bytes the bridge allocated
                                 * at url_map_path */
    const isf_win_t *win;       /* raw events: the window the bytes are in */
    int changed_url;            /* set by SetHeader("url") */
    int framing_writes;         /* SetHeader/AddHeader calls naming
                                 * Content-Length or Transfer-Encoding */
    /* SEND_RESPONSE of Apache's head: shows the framing (hooks/framing.c)
     * the first time a filter reads Transfer-Encoding or writes
     * Content-Length, Transfer-Encoding or the status, so a filter that
     * does none of these costs nothing; NULL once done, or elsewhere. */
    void (*reveal)(struct isf_frame_t *fr);
    void *reveal_arg;
} isf_frame_t;

/** Before a filter's call reads or changes what fr's framing depends on. */
static APR_INLINE void isf_frame_reveal(isf_frame_t *fr)
{
    void (*reveal)(isf_frame_t *) = fr->reveal;

    if (reveal) {
        fr->reveal = NULL;
        reveal(fr);
    }
}

/** The one way a notification's frame is made; the caller sets the
 * event's own fields (head, url_map_path, win) after. */
static APR_INLINE isf_frame_t isf_frame_make(DWORD event, request_rec *r,
                                             struct isf_req_t *rq,
                                             isf_hdrs_e hdrs)
{
    return (isf_frame_t){ .event = event, .r = r, .rq = rq, .hdrs = hdrs };
}

/**
 * The record of one AllocMem block (alloc.c): in front of the block in
 * the same allocation, or at the start of its mapping under
 * ISAPIFilterAllocGuard.  A write past the end of the block before it can
 * reach it, so the seal (isf_alloc_seal) says whether it can be trusted:
 * a record whose seal is wrong is neither followed nor read.
 */
typedef struct isf_alloc_rec_t {
    struct isf_alloc_rec_t *next;   /* the block given after this one */
    const isf_filter_t *filter;     /* which filter asked */
    apr_uint32_t size;              /* cbSize */
    apr_uint32_t seal;
} isf_alloc_rec_t;

/** AllocMem's account of one connection (alloc.c). */
typedef struct {
    apr_size_t used;            /* bytes the filters' blocks take, rounded
                                 * as the pool rounds them */
    apr_size_t limit;           /* 0: no limit */
    apr_pool_t *pool;           /* made on first use */
    isf_alloc_rec_t *first;     /* the blocks, in the order given */
    isf_alloc_rec_t *last;
    apr_size_t *by_filter;      /* per slot: bytes its blocks take, for
                                 * the counters (stats.h) */
    int guard;                  /* ISAPIFilterAllocGuard On */
} isf_alloc_t;

/* The signature past every AllocMem block: the pool's alignment slack and
 * ISF_ALLOC_SIG_LEN more bytes, all ISF_ALLOC_SIG (not 0, which an
 * off-by-one string copy writes, nor a printable character). */
#define ISF_ALLOC_SIG 0xE5
#define ISF_ALLOC_SIG_LEN 8

/* The seal folds the record's address and fields with XOR alone, so that
 * linking a record whose next is NULL changes its seal by
 * isf_alloc_seal_next(next): a record already broken stays broken. */
static APR_INLINE apr_uint32_t isf_alloc_fold(apr_uint64_t x)
{
    return (apr_uint32_t)(x ^ (x >> 32));
}

static APR_INLINE apr_uint32_t isf_alloc_seal_next(const isf_alloc_rec_t *next)
{
    return isf_alloc_fold((apr_uint64_t)(apr_uintptr_t)next << 7);
}

static APR_INLINE apr_uint32_t isf_alloc_seal(const isf_alloc_rec_t *rec)
{
    return isf_alloc_fold((apr_uint64_t)(apr_uintptr_t)rec
                          ^ ((apr_uint64_t)(apr_uintptr_t)rec->filter << 19)
                          ^ ((apr_uint64_t)rec->size
                             * 0x9E3779B97F4A7C15ULL))
           ^ isf_alloc_seal_next(rec->next) ^ 0x5A17u;
}

static APR_INLINE int isf_alloc_sealed(const isf_alloc_rec_t *rec)
{
    return rec->seal == isf_alloc_seal(rec);
}

/**
 * Per-connection state: c->conn_config; created only when needed, on
 * c->pool.  Nothing here points at request memory except out_rq, which
 * the request's own pool cleanup clears (isf_conn_bind_out).  The raw
 * filters keep their own state in their f->ctx (raw/).
 */
typedef struct isf_conn_t {
    conn_rec *c;
    DWORD connid;               /* SF_REQ_GET_CONNID: fixed for c's life;
                                 * never reused within the process */
    int secure;
    int nslots;
    isf_slot_t *slots;          /* slot_pool.c's recycled block */
    const isf_chain_t *joined;  /* last chain joined whole (isf_conn_join) */
    isf_frame_t *frame;         /* innermost notification, NULL if none */
    int depth;                  /* nested WriteClient/SSF head calls */
    isf_alloc_t alloc;
    apr_bucket_brigade *wbb[ISF_MAX_DEPTH]; /* WriteClient brigade per
                                 * nesting level, each made once */
    struct isf_req_t *out_rq;   /* request whose response is going out;
                                 * NULL: connection-level bytes */
    apr_size_t next_read;       /* SF_REQ_SET_NEXT_READ_SIZE, 0: default */
    unsigned int raw_out:1;     /* ISAPI_FILTER_RAW_OUT is on c */
    unsigned int raw_in:1;      /* ISAPI_FILTER_RAW_IN is on c */
    unsigned int raw_dead:1;    /* a raw filter ended the connection */
    unsigned int closing:1;     /* END_OF_NET_SESSION has started */
    unsigned int answered:1;    /* an HTTP/2 stream's request was answered
                                 * by a filter (hooks/finish.c), or got a
                                 * head of one (runtime/respond.c) */
} isf_conn_t;

/**
 * Per-request state, shared by a request and its internal redirects;
 * sub-requests find it through r->main.
 */
typedef struct isf_req_t {
    request_rec *r;             /* the original request */
    isf_conn_t *conn;
    const isf_chain_t *chain;
    DWORD *disabled;            /* per slot: events switched off, or NULL;
                                 * 2 * nslots long, the second half what
                                 * the filters switched off themselves
                                 * (isf_req_disable) */
    apr_table_t *denial;        /* SF_REQ_ADD_HEADERS_ON_DENIAL lines */
    apr_table_t *added;         /* AddResponseHeaders lines */
    const char *redirect_to;    /* AUTH_COMPLETE url change */
    const char *password;       /* Basic password, for AUTH_PASSWORD */
    apr_off_t head_clen;        /* Content-Length of a filter head, or -1 */
    int head_code;              /* status of a filter head */
    apr_off_t raw_bytes;        /* WriteClient bytes for this request */
    isf_result_e pre_res;       /* PREPROC_HEADERS' outcome, for the quick
                                 * handler */
    DWORD pre_err;              /* GetLastError with it */
    unsigned int head_sent:1;   /* a response head went out */
    unsigned int filter_head:1; /* ... and a filter built it */
    unsigned int finished:1;    /* a filter answered (FINISHED*) */
    unsigned int swallow:1;     /* drop Apache's own response bytes */
    unsigned int end_done:1;    /* END_OF_REQUEST delivered */
    unsigned int log_done:1;    /* LOG delivered */
    unsigned int in_handler:1;  /* the handler phase has begun */
    unsigned int filter_denied:1; /* a filter's status made this a 401 */
    unsigned int no_body:1;     /* HEAD, 1xx, 204 or 304: the head is all */
    unsigned int committed:1;   /* complete (LOG has begun): nothing more
                                 * may be written for it */
    unsigned int bound:1;       /* has been the connection's out_rq */
    unsigned int head_busy:1;   /* a filter head is being built (its
                                 * SEND_RESPONSE runs): no second one */
    const void *url_conf;       /* the isf_dir_conf whose per-URL setting
                                 * is in disabled (perurl.c) */
} isf_req_t;

isf_conn_t *isf_conn_make(conn_rec *c);


/** c's state, made on first need when create is set (NULL when no
 * filter is loaded). */
static APR_INLINE isf_conn_t *isf_conn_get(conn_rec *c, int create)
{
    isf_conn_t *ic = ap_get_module_config(c->conn_config,
                                          &isapi_filter_module);

    return ic || !create ? ic : isf_conn_make(c);
}

/**
 * The filters of ch take part in this connection from now on (they get
 * END_OF_NET_SESSION); with global_only, only its global filters do.
 */
void isf_conn_join(isf_conn_t *ic, const isf_chain_t *ch, int global_only);

/** f's slot on this connection; f takes part in it from now on. */
static APR_INLINE isf_slot_t *isf_conn_slot(isf_conn_t *ic, isf_filter_t *f)
{
    isf_slot_t *slot = &ic->slots[f->idx];

    slot->filter = f;
    return slot;
}

/** slot_pool.c: n slots, not pool memory (NULL when memory ran out). */
isf_slot_t *isf_slots_take(int n);
/** Give slots back: reused only after ISF_SLOT_QUARANTINE others. */
void isf_slots_give(isf_slot_t *slots);
void isf_slots_child_init(apr_pool_t *pchild);

isf_req_t *isf_req_find(request_rec *r);
/** r's bridge state, owned by r->pool. */
isf_req_t *isf_req_make(request_rec *r, isf_conn_t *ic,
                        const isf_chain_t *ch);

/** The isf_req_t of r: its own, or its parent's for a sub-request or
 * internal redirect (isf_req_find walks there); NULL if none. */
static APR_INLINE isf_req_t *isf_req_get(request_rec *r)
{
    isf_req_t *rq = ap_get_module_config(r->request_config,
                                         &isapi_filter_module);

    return rq ? rq : isf_req_find(r);
}

/**
 * The chain of r's server when its filters want event on this
 * connection's port kind, else NULL; *rqp (found when NULL) is r's state.
 * The chain's mask is looked at before the request state is searched for.
 */
static APR_INLINE const isf_chain_t *isf_req_wants(isf_req_t **rqp,
                                                   request_rec *r,
                                                   DWORD event)
{
    const isf_chain_t *ch = isf_chain_for(r->server);
    isf_req_t *rq;

    if (!((ch->mask[0] | ch->mask[1]) & event)
        || !(rq = *rqp ? *rqp : isf_req_get(r))) {
        return NULL;
    }
    *rqp = rq;
    return (ch->mask[rq->conn->secure] & event) ? ch : NULL;
}

/**
 * Bind the connection's outgoing raw bytes to rq (its response is going
 * out) or, with NULL, to no request.  Only connections with a raw output
 * filter read the binding, so only they bind: the first bind registers a
 * cleanup on rq's pool that unbinds it, so the connection never points at
 * a request that has ended.
 */
void isf_conn_bind_out(isf_conn_t *ic, isf_req_t *rq);

/**
 * END_OF_REQUEST for rq, raised here and nowhere else, once: after its
 * response's bytes (the end filter, or the raw output filter at its EOR),
 * when a filter finished it, or from LOG for a response cut short.
 */
void isf_req_end(request_rec *r, isf_req_t *rq);

/** SF_REQ_DISABLE_NOTIFICATIONS: filter slot idx switches bits off for
 * the rest of rq. */
void isf_req_disable(isf_req_t *rq, int idx, DWORD bits);

/* ---- perurl.c: ISAPIFilterEngine, ISAPIFilterEnable/Disable ---- */

/*
 * Which events a per-URL setting governs (README, "Per-URL control").
 * The setting outside sections (server config or <VirtualHost>) is all
 * httpd knows of a request as it is read and mapped: it governs EARLY.
 * The request's whole per-directory configuration (<Location>,
 * <Directory>, <Files>, <If>, .htaccess) exists once httpd has merged it
 * (from header_parser on): it governs LATE.  The connection's own events
 * (READ_RAW_DATA, END_OF_NET_SESSION) belong to no request.
 */
#define ISF_URL_EARLY (SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP)
#define ISF_URL_LATE (SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_AUTH_COMPLETE \
                      | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_SEND_RESPONSE \
                      | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST \
                      | SF_NOTIFY_LOG)

/** One ISAPIFilterEnable or ISAPIFilterDisable name. */
typedef struct {
    const char *name;           /* as written */
    const char *directive;      /* which of the two, for messages */
    const char *file;           /* where, for messages */
    int line;
    int on;                     /* Enable 1, Disable 0 */
    int n;                      /* filters it names; -1 until resolved */
    isf_filter_t **filters;
} isf_url_rule_t;

/** Per-directory configuration: the per-URL setting. */
typedef struct {
    int engine;                 /* ISAPIFilterEngine: ISF_UNSET, 0, 1 */
    apr_array_header_t *rules;  /* isf_url_rule_t *, broader scopes first,
                                 * each scope's in order; NULL: none */
    const DWORD *off;           /* a server's lookup_defaults only (made
                                 * in post_config): per slot, the events
                                 * it turns off; NULL: none */
} isf_dir_conf;

static APR_INLINE isf_dir_conf *isf_dir_conf_of(ap_conf_vector_t *v)
{
    return ap_get_module_config(v, &isapi_filter_module);
}

/** A rule read now: resolved at once after start-up (.htaccess), else
 * noted for isf_url_finish; an error naming the file and line, or NULL. */
const char *isf_url_rule_add(cmd_parms *cmd, isf_url_rule_t *rule);
/** Resolve the rules read (test_config: `apache2 -t`); an error naming
 * the first unknown name's file and line, or NULL. */
const char *isf_url_check(apr_pool_t *p);
/** post_config: resolve the rules read, work out every server's
 * vhost-level setting; an error (start-up stops) or NULL. */
const char *isf_url_finish(apr_pool_t *p, server_rec *main_s);
/** rq's disabled mask from its filters' own choices, the early events'
 * setting early and the late events' late (either NULL: none). */
void isf_url_apply(isf_req_t *rq, const DWORD *early, const DWORD *late);
/** rq's late events follow dc, the configuration r has now. */
void isf_url_change(request_rec *r, isf_req_t *rq, const isf_dir_conf *dc);

/**
 * PREPROC_HEADERS, as rq is made: its server's setting outside sections
 * (r->server->lookup_defaults; httpd knows no other yet) for every event.
 * A pointer test when that has nothing to say.
 */
static APR_INLINE void isf_url_preproc(request_rec *r, isf_req_t *rq)
{
    const isf_dir_conf *dc = isf_dir_conf_of(r->server->lookup_defaults);

    rq->url_conf = dc;
    if (dc->off) {
        isf_url_apply(rq, dc->off, dc->off);
    }
}

/**
 * Before a late event of a request or internal redirect (AUTHENTICATION,
 * AUTH_COMPLETE, and the head filter every response passes, ahead of
 * ACCESS_DENIED, SEND_RESPONSE and the response's raw bytes, END_OF_REQUEST
 * and LOG): the late events follow the configuration httpd merged for it.
 * When that is the one already applied (no section or .htaccess of ours,
 * the usual case), a pointer comparison; no hook of its own is run.
 */
static APR_INLINE void isf_url_perdir(request_rec *r, isf_req_t *rq)
{
    const isf_dir_conf *dc = isf_dir_conf_of(r->per_dir_config);

    if (dc != rq->url_conf) {
        isf_url_change(r, rq, dc);
    }
}

#include "runtime/stats.h"

/* ---- dispatch.c: one notification down a chain ---- */

/**
 * The slot of the filter this thread is calling now, NULL outside a
 * notification.  Filters are called synchronously, as in IIS, so a
 * callback is legitimate only from that call, on that thread.
 */
extern __thread isf_slot_t *isf_cur_slot
    __attribute__((tls_model("initial-exec")));

/**
 * The slot behind a filter's pfc, or NULL when pfc is not valid now: it
 * must be the pfc of the notification this thread is running.  That is
 * decided by its address before anything is read through it, so neither
 * a pfc saved from an ended connection (its memory recycled, see
 * slot_pool.c) nor a call from a filter's own thread, nor a forged
 * pointer, can pass.  A ServerContext the filter changed fails too.
 */
static APR_INLINE isf_slot_t *isf_slot_from_pfc(HTTP_FILTER_CONTEXT *pfc)
{
    isf_slot_t *slot = isf_cur_slot;

    if (!slot || pfc != &slot->pfc || pfc->ServerContext != (void *)pfc) {
        return NULL;
    }
    return slot;
}

/**
 * The trace line for filter f's status st, and what st means for the
 * chain: returns 1 (with *res set) when the notification stops at f,
 * never for END_OF_NET_SESSION.
 */
int isf_dispatch_status(isf_conn_t *ic, isf_frame_t *fr, isf_filter_t *f,
                        DWORD st, DWORD *err, isf_result_e *res);

/**
 * Call the filters list[0..n) with notif, fr pushed as the connection's
 * innermost frame meanwhile.  The one loop every notification
 * runs: inline, because it runs for every notification, so
 * NEXT_NOTIFICATION costs no further call.  session (a constant at each
 * call site) is for END_OF_NET_SESSION: only the filters that met the
 * connection are called, and none of them can have switched the event off
 * (every one is called whatever the one before answered:
 * isf_dispatch_status).  Each call is counted in cells (this thread's
 * counters for the event, stats.h); shared (a constant) when they are the
 * block threads share.  Always inline: with the counters it passes GCC's size
 * limit, and a call here costs more than the counters do.
 */
static APR_INLINE __attribute__((always_inline))
isf_result_e isf_dispatch_loop(isf_conn_t *ic, isf_filter_t *const *list,
                               int n, isf_frame_t *fr, void *notif,
                               DWORD *err, const int session, char *cells,
                               const int shared)
{
    const DWORD event = fr->event;
    isf_filter_t *const *end = list + n;
    const DWORD *disabled = fr->rq ? fr->rq->disabled : NULL;
    isf_slot_t *const cur = isf_cur_slot;
    isf_result_e res = ISF_CONTINUE;
    /* Raw events count the bytes each filter is given. */
    const int raw = (event & (SF_NOTIFY_READ_RAW_DATA
                              | SF_NOTIFY_SEND_RAW_DATA)) != 0;

    fr->prev = ic->frame;
    ic->frame = fr;
    for (; list < end; list++) {
        isf_filter_t *f = *list;
        isf_slot_t *slot;
        apr_uint64_t t0;
        DWORD st, bytes = 0;

        if (session) {
            slot = &ic->slots[f->idx];
            if (!slot->filter) {
                continue;
            }
        }
        else {
            if (disabled && (disabled[f->idx] & event)) {
                continue;
            }
            slot = isf_conn_slot(ic, f);
        }
        isf_cur_slot = slot;
        isf_last_error = 0;
        if (raw) {
            bytes = ((HTTP_FILTER_RAW_DATA *)notif)->cbInData;
        }
        t0 = isf_st_now();
        st = f->proc(&slot->pfc, event, notif);
        isf_st_note(cells + f->st_off, shared, st, isf_st_now() - t0, bytes);
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

/** isf_dispatch_list for a thread without a block of its own: its first
 * call, or one on the shared block (dispatch.c). */
isf_result_e isf_dispatch_slow(isf_conn_t *ic, isf_filter_t *const *list,
                               int n, apr_size_t eoff, isf_frame_t *fr,
                               void *notif, DWORD *err, int session);

/** isf_dispatch_loop with this thread's counters for the event, at eoff
 * in each filter's (ISF_ST_EV_OFF). */
static APR_INLINE __attribute__((always_inline))
isf_result_e isf_dispatch_list(isf_conn_t *ic, isf_filter_t *const *list,
                               int n, apr_size_t eoff, isf_frame_t *fr,
                               void *notif, DWORD *err, const int session)
{
    char *cells = isf_st_mine.cells;

    if (__builtin_expect(!cells, 0)) {
        return isf_dispatch_slow(ic, list, n, eoff, fr, notif, err, session);
    }
    cells += eoff;
    /* One pointer for the loop, rather than two GCC would add again at
     * every call. */
    __asm__("" : "+r"(cells));
    return isf_dispatch_loop(ic, list, n, fr, notif, err, session, cells, 0);
}

/**
 * Raise fr->event (one SF_NOTIFY_* bit) with notif down ch to the filters
 * registered for it on this connection's port kind.
 */
static APR_INLINE __attribute__((always_inline))
isf_result_e isf_dispatch_run(isf_conn_t *ic, const isf_chain_t *ch,
                              isf_frame_t *fr, void *notif, DWORD *err)
{
    const int bit = __builtin_ctz(fr->event);
    const int e = isf_ev_slot[bit] - 1;

    return isf_dispatch_list(ic, ch->ev[ic->secure][e],
                             ch->n[ic->secure][e], isf_st_ev_off[bit], fr,
                             notif, err, 0);
}

/** END_OF_NET_SESSION to every filter that met the connection. */
void isf_dispatch_session(isf_conn_t *ic);

/** The HTTP status a FAILED outcome (with GetLastError err) becomes. */
int isf_result_to_http(isf_result_e res, DWORD err);

/** Has the filter switched ev off for this request
 * (SF_REQ_DISABLE_NOTIFICATIONS)? */
static APR_INLINE int isf_frame_filter_disabled(isf_req_t *rq,
                                                isf_filter_t *f, DWORD ev)
{
    return rq && rq->disabled && (rq->disabled[f->idx] & ev);
}

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

/* ---- callbacks.c, alloc.c, headers.c, servervars.c ---- */

void isf_slot_init_callbacks(HTTP_FILTER_CONTEXT *pfc);
void *WINAPI isf_cb_AllocMem(HTTP_FILTER_CONTEXT *pfc, DWORD cbSize,
                             DWORD dwReserved);

/* alloc_guard.c: ISAPIFilterAllocGuard's blocks, each against a page no
 * access is allowed to; fault.c names the filter that hits one. */

/** A mapping for a block of size bytes, its record at the start (only
 * size filled in) and the block against the guard page at the end, with
 * the signature in the slack before it; NULL when it cannot be made. */
isf_alloc_rec_t *isf_alloc_guard_map(apr_uint32_t size);
/** The block of rec's mapping, and in *slack how many signature bytes
 * follow it. */
unsigned char *isf_alloc_guard_block(const isf_alloc_rec_t *rec,
                                     apr_size_t *slack);
void isf_alloc_guard_unmap(isf_alloc_rec_t *rec);

/** GetHeader, SetHeader, AddHeader filled in, HttpStatus 0. */
extern const HTTP_FILTER_PREPROC_HEADERS isf_hdr_template;
/** GetHeader, SetHeader, AddHeader and GetUserToken filled in. */
extern const HTTP_FILTER_AUTH_COMPLETE_INFO isf_auth_template;
BOOL isf_servervar_get(isf_conn_t *ic, const char *name, void *buf,
                       DWORD *size);

/* ---- respond.c: bytes and heads a filter sends itself ---- */

/** WriteClient's bytes, out on the connection at once (FALSE with the
 * error set when they cannot go). */
BOOL isf_write_raw(isf_conn_t *ic, const void *buf, apr_size_t len);
/** SF_REQ_SEND_RESPONSE_HEADER: the head a filter builds, after its own
 * SEND_RESPONSE. */
BOOL isf_send_filter_head(isf_slot_t *slot, const char *status,
                          const char *extra);
/**
 * Raise SEND_RESPONSE for a head of status given (fr made for it):
 * returns the status the filters set through HttpStatus, or 0 when they
 * left it.  Only a changed HttpStatus counts, as SetHeader("status") may
 * have changed the head meanwhile.  Inline: the head filter runs it for
 * every response.
 */
static APR_INLINE int isf_send_response(isf_conn_t *ic,
                                        const isf_chain_t *ch,
                                        isf_frame_t *fr, int given,
                                        isf_result_e *res, DWORD *err)
{
    HTTP_FILTER_SEND_RESPONSE sr = isf_hdr_template;

    sr.HttpStatus = (DWORD)given;
    *res = isf_dispatch_run(ic, ch, fr, &sr, err);
    if (sr.HttpStatus != (DWORD)given && sr.HttpStatus >= 200
        && sr.HttpStatus <= 599) {
        return (int)sr.HttpStatus;
    }
    return 0;
}

/* ---- fault.c: a filter's crash, named in the error log ---- */

/** A line made in the fault handler, in the caller's buffer: start, the
 * end of what is written, and the last byte usable (one more is kept for
 * the newline). */
typedef struct {
    char *start, *p, *end;
} isf_fault_line_t;

/** A filter entry point other than HttpFilterProc being called in this
 * thread (loader.c: GetFilterVersion, TerminateFilter, DllMain in a
 * child), or NULL. */
typedef struct {
    const isf_filter_t *filter;
    const char *call;           /* "GetFilterVersion", "TerminateFilter",
                                 * "DllMain(DLL_PROCESS_ATTACH)"... */
    int log_fd;                 /* the filter's server's error log */
} isf_fault_entry_t;

extern __thread const isf_fault_entry_t *isf_fault_entry
    __attribute__((tls_model("initial-exec")));

/** After entry (loader.c) returned in a child: if the filter replaced a
 * handler of ours, an ISF73 warning naming it (once per signal). */
void isf_fault_entry_done(const isf_fault_entry_t *entry, server_rec *s);

/** In each child with filters, before their GetFilterVersion and after
 * the MPM's own handlers: the handler for SIGSEGV, SIGBUS, SIGILL,
 * SIGFPE and SIGABRT (the previous ones restored with pchild). */
void isf_fault_child_init(apr_pool_t *pchild, server_rec *s);

/** Signal-safe formatting: s; v in base 10 or 16, at least width
 * digits. */
void isf_fault_put(isf_fault_line_t *l, const char *s);
void isf_fault_num(isf_fault_line_t *l, apr_uint64_t v, unsigned int base,
                   int width);
/** "connection ID from IP:PORT to IP:PORT, SF_REQ_GET_CONNID N". */
void isf_fault_conn(isf_fault_line_t *l, const isf_conn_t *ic);

typedef void isf_fault_part_fn(isf_fault_line_t *l, void *arg);
/** fn(l, arg), in the handler: 1 when it returned; 0 when it faulted
 * (what it wrote is dropped). */
int isf_fault_try(isf_fault_line_t *l, isf_fault_part_fn *fn, void *arg);

/** alloc_guard.c, in the handler: when the SIGSEGV/SIGBUS si hit a guard
 * page of slot's connection, the ISF51 line after l's head, and 1; 0
 * otherwise. */
int isf_alloc_guard_line(isf_fault_line_t *l, const isf_slot_t *slot,
                         const siginfo_t *si, void *uctx);

#pragma GCC visibility pop

#endif /* ISF_RUNTIME_H */
