/*
 * chain.c: the order in which filters are called.
 *
 * IIS calls filters by priority (HIGH, MEDIUM, LOW; LOW is the default),
 * global filters before site filters of the same priority, and in load
 * order after that.  post_config sorts every loaded filter once by that
 * key; the position becomes the filter's slot index, and each virtual
 * host gets an isf_chain_t holding, per port kind and per event, the
 * filters it sees in that order.  Outgoing raw data runs the list
 * backwards (HIGH is closest to the client).  Nothing is sorted or
 * searched per request.
 */
#include "isf_private.h"

#include <stdlib.h>

#include "apr_strings.h"
#include "http_core.h"

isf_global_t *isf_g;

static const struct {
    DWORD bit;
    const char *name;
} isf_events[ISF_EV_COUNT] = {
    { SF_NOTIFY_READ_RAW_DATA,      "READ_RAW_DATA" },
    { SF_NOTIFY_PREPROC_HEADERS,    "PREPROC_HEADERS" },
    { SF_NOTIFY_AUTHENTICATION,     "AUTHENTICATION" },
    { SF_NOTIFY_URL_MAP,            "URL_MAP" },
    { SF_NOTIFY_ACCESS_DENIED,      "ACCESS_DENIED" },
    { SF_NOTIFY_SEND_RESPONSE,      "SEND_RESPONSE" },
    { SF_NOTIFY_SEND_RAW_DATA,      "SEND_RAW_DATA" },
    { SF_NOTIFY_END_OF_REQUEST,     "END_OF_REQUEST" },
    { SF_NOTIFY_LOG,                "LOG" },
    { SF_NOTIFY_END_OF_NET_SESSION, "END_OF_NET_SESSION" },
    { SF_NOTIFY_AUTH_COMPLETE,      "AUTH_COMPLETE" }
};

int isf_trace5;

void isf_global_reset(apr_pool_t *pconf)
{
    isf_g = apr_pcalloc(pconf, sizeof(*isf_g));
    isf_g->filters = apr_array_make(pconf, 4, sizeof(isf_filter_t *));
}

/* Event bit position -> ISF_EV_* + 1 (0: not an event). */
const signed char isf_ev_slot[32] = {
    [6] = ISF_EV_SEND_RESPONSE + 1,     [7] = ISF_EV_END_OF_REQUEST + 1,
    [8] = ISF_EV_END_OF_NET_SESSION + 1, [9] = ISF_EV_LOG + 1,
    [10] = ISF_EV_SEND_RAW_DATA + 1,    [11] = ISF_EV_ACCESS_DENIED + 1,
    [12] = ISF_EV_URL_MAP + 1,          [13] = ISF_EV_AUTHENTICATION + 1,
    [14] = ISF_EV_PREPROC_HEADERS + 1,  [15] = ISF_EV_READ_RAW_DATA + 1,
    [26] = ISF_EV_AUTH_COMPLETE + 1
};


const char *isf_event_name(DWORD bit)
{
    int i = isf_event_index(bit);

    return i < 0 ? "UNKNOWN" : isf_events[i].name;
}

static int isf_rank_cmp(const void *a, const void *b)
{
    const isf_filter_t *x = *(isf_filter_t *const *)a;
    const isf_filter_t *y = *(isf_filter_t *const *)b;

    if (x->priority != y->priority) {
        return y->priority - x->priority;
    }
    if (x->site != y->site) {
        return x->site - y->site;
    }
    return x->seq - y->seq;
}

static void isf_chain_add(apr_array_header_t *all, apr_array_header_t *more)
{
    int i;

    for (i = 0; more && i < more->nelts; i++) {
        APR_ARRAY_PUSH(all, isf_filter_t *) =
            APR_ARRAY_IDX(more, i, isf_filter_t *);
    }
}

static isf_chain_t *isf_chain_make(apr_pool_t *p, isf_srv_conf *conf,
                                   int is_virtual)
{
    isf_chain_t *ch = apr_pcalloc(p, sizeof(*ch));
    int sec, e, i;

    ch->all = apr_array_make(p, 4, sizeof(isf_filter_t *));
    isf_chain_add(ch->all, is_virtual ? conf->global : conf->filters);
    if (is_virtual) {
        isf_chain_add(ch->all, conf->filters);
    }
    qsort(ch->all->elts, ch->all->nelts, sizeof(isf_filter_t *),
          isf_rank_cmp);

    for (sec = 0; sec < 2; sec++) {
        DWORD port = sec ? SF_NOTIFY_SECURE_PORT : SF_NOTIFY_NONSECURE_PORT;
        for (e = 0; e < ISF_EV_COUNT; e++) {
            DWORD bit = isf_events[e].bit;
            int n = 0;
            ch->ev[sec][e] = apr_pcalloc(p, sizeof(isf_filter_t *)
                                            * (ch->all->nelts + 1));
            for (i = 0; i < ch->all->nelts; i++) {
                isf_filter_t *f = APR_ARRAY_IDX(ch->all, i, isf_filter_t *);
                if ((f->events & bit) && (f->ports & port)) {
                    ch->ev[sec][e][n++] = f;
                    if (f->site && bit == SF_NOTIFY_SEND_RAW_DATA) {
                        ch->site_raw = 1;
                    }
                }
            }
            if (bit == SF_NOTIFY_SEND_RAW_DATA) {
                /* Outgoing raw data: HIGH priority is closest to the
                 * client, so it is called last. */
                for (i = 0; i < n / 2; i++) {
                    isf_filter_t *t = ch->ev[sec][e][i];
                    ch->ev[sec][e][i] = ch->ev[sec][e][n - 1 - i];
                    ch->ev[sec][e][n - 1 - i] = t;
                }
            }
            ch->n[sec][e] = n;
            if (n) {
                ch->mask[sec] |= bit;
            }
        }
    }
    return ch;
}

void isf_chain_build_all(apr_pool_t *p, server_rec *main_s)
{
    isf_global_t *g = isf_g;
    isf_srv_conf *main_conf = ap_get_module_config(main_s->module_config,
                                                   &isapi_filter_module);
    server_rec *s;
    DWORD instance = 1;     /* the last <VirtualHost> read: see below */
    int i;

    qsort(g->filters->elts, g->filters->nelts, sizeof(isf_filter_t *),
          isf_rank_cmp);
    for (i = 0; i < g->filters->nelts; i++) {
        APR_ARRAY_IDX(g->filters, i, isf_filter_t *)->idx = i;
    }

    /* httpd prepends each <VirtualHost> to main_s->next, so the list runs
     * against configuration order; site numbers follow the configuration
     * (main server 1, then 2, 3, ... as the vhosts are written). */
    for (s = main_s->next; s; s = s->next) {
        instance++;
    }
    g->need_head = g->need_end = 0;
    isf_trace5 = 0;
    for (s = main_s; s; s = s->next) {
        isf_srv_conf *conf = ap_get_module_config(s->module_config,
                                                  &isapi_filter_module);
        DWORD m;

        if (s != main_s && conf == main_conf) {
            /* A <VirtualHost> without any of our directives shares the
             * main server's config (httpd merges nothing for it); it
             * needs its own for its site number. */
            isf_srv_conf *own = apr_pmemdup(p, conf, sizeof(*conf));
            own->global = conf->filters;
            own->filters = apr_array_make(p, 1, sizeof(isf_filter_t *));
            ap_set_module_config(s->module_config, &isapi_filter_module, own);
            conf = own;
        }
        conf->chain = isf_chain_make(p, conf, s->is_virtual);
        if (s == main_s) {
            g->global = conf->chain;
        }
        conf->instance_id = s->is_virtual ? instance-- : 1;
        if (conf->alloc_limit == ISF_UNSET) {
            conf->alloc_limit = ISF_DEFAULT_ALLOC_LIMIT;
        }
        if (conf->window == ISF_UNSET) {
            conf->window = ISF_DEFAULT_WINDOW;
        }
        if (conf->read_limit == ISF_UNSET) {
            conf->read_limit = ISF_DEFAULT_READ_LIMIT;
        }
        m = conf->chain->mask[0] | conf->chain->mask[1];
        /* Any filter may ask for ADD_HEADERS_ON_DENIAL or send its own
         * head, so the head filter is wanted wherever a filter is. */
        if (conf->chain->all->nelts) {
            g->need_head = 1;
        }
        if (m & SF_NOTIFY_END_OF_REQUEST) {
            g->need_end = 1;
        }
        if (APLOG_IS_LEVEL(s, APLOG_TRACE5)) {
            isf_trace5 = 1;
        }
    }
}

