/*
 * config.c: one configuration generation of the module.
 *
 * pre_config starts a generation (isf_config_reset): each ISAPIFilter line
 * loads its library into it (loader.c) and lists it in its server's
 * configuration.  httpd merges every virtual host's configuration with
 * the main server's (the module record asks for it with
 * AP_MODULE_FLAG_ALWAYS_MERGE), so each vhost has its own, holding its
 * site filters and the main server's global ones.  post_config
 * (isf_config_finish) then fixes the slot order, builds every server's
 * chain (chain.c), fills in the defaults, numbers the sites as IIS does,
 * and notes which request-level filters and trace lines are wanted.
 */
#include "runtime/runtime.h"

#include "apr_portable.h"
#include <unistd.h>

isf_global_t *isf_g;
int isf_trace5;

void isf_config_reset(apr_pool_t *pconf)
{
    isf_g = apr_pcalloc(pconf, sizeof(*isf_g));
    isf_g->filters = apr_array_make(pconf, 4, sizeof(isf_filter_t *));
}

static void isf_config_defaults(isf_srv_conf *conf)
{
    if (conf->alloc_limit == ISF_UNSET) {
        conf->alloc_limit = ISF_DEFAULT_ALLOC_LIMIT;
    }
    if (conf->window == ISF_UNSET) {
        conf->window = ISF_DEFAULT_WINDOW;
    }
    if (conf->read_limit == ISF_UNSET) {
        conf->read_limit = ISF_DEFAULT_READ_LIMIT;
    }
    if (conf->alloc_guard == ISF_UNSET) {
        conf->alloc_guard = ISF_DEFAULT_ALLOC_GUARD;
    }
}

/* The descriptor of s's error log, for the fault handler (fault.c), which
 * may only write(2): the logs are open by post_config, and the children
 * inherit them.  A log httpd does not write to a file of its own (syslog)
 * has none: stderr then, which httpd points at the main server's log. */
static int isf_config_log_fd(server_rec *s)
{
    apr_os_file_t fd;

    if (s->error_log && apr_os_file_get(&fd, s->error_log) == APR_SUCCESS) {
        return fd;
    }
    return STDERR_FILENO;
}

void isf_config_finish(apr_pool_t *p, server_rec *main_s)
{
    isf_global_t *g = isf_g;
    server_rec *s;
    DWORD instance = 1;     /* the last <VirtualHost> read: see below */
    int i;

    /* A filter's slot is its rank in IIS order among all loaded. */
    isf_chain_sort(g->filters);
    for (i = 0; i < g->filters->nelts; i++) {
        isf_filter_t *f = APR_ARRAY_IDX(g->filters, i, isf_filter_t *);

        f->idx = i;
        f->st_off = ISF_ST_OFF(i);
    }
    g->everyone = isf_chain_make(p, g->filters, NULL);

    /* httpd prepends each <VirtualHost> to main_s->next, so the list runs
     * against configuration order; site numbers follow the configuration
     * (main server 1, then 2, 3, ... as the vhosts are written). */
    for (s = main_s->next; s; s = s->next) {
        instance++;
    }
    isf_trace5 = 0;
    for (s = main_s; s; s = s->next) {
        isf_srv_conf *conf = isf_srv_conf_of(s);

        conf->chain = s->is_virtual
                      ? isf_chain_make(p, conf->global, conf->filters)
                      : isf_chain_make(p, conf->filters, NULL);
        if (s == main_s) {
            g->global = conf->chain;
        }
        conf->instance_id = s->is_virtual ? instance-- : 1;
        isf_config_defaults(conf);
        conf->log_fd = isf_config_log_fd(s);
        if (APLOG_IS_LEVEL(s, APLOG_TRACE5)) {
            isf_trace5 = 1;
        }
    }
    /* The counters of this generation, now that the slots are known. */
    isf_st_post_config(p, main_s, g->filters->nelts);
}
