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
#include "runtime/runtime.h"

#include <stdlib.h>

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

void isf_chain_sort(apr_array_header_t *filters)
{
    qsort(filters->elts, filters->nelts, sizeof(isf_filter_t *),
          isf_rank_cmp);
}

isf_chain_t *isf_chain_make(apr_pool_t *p, const apr_array_header_t *a,
                            const apr_array_header_t *b)
{
    isf_chain_t *ch = apr_pcalloc(p, sizeof(*ch));
    int sec, e, i;

    ch->all = apr_array_copy(p, a);
    if (b) {
        apr_array_cat(ch->all, b);
    }
    isf_chain_sort(ch->all);

    for (sec = 0; sec < 2; sec++) {
        DWORD port = sec ? SF_NOTIFY_SECURE_PORT : SF_NOTIFY_NONSECURE_PORT;
        for (e = 0; e < ISF_EV_COUNT; e++) {
            DWORD bit = isf_event_bit(e);
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
