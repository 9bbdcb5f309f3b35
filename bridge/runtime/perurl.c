/*
 * perurl.c: per-URL control (ISAPIFilterEngine, ISAPIFilterEnable and
 * ISAPIFilterDisable; README, "Per-URL control").
 *
 * The directives fill one isf_dir_conf per section, which httpd merges
 * for each request (mod_isapi_filter.c).  This file turns a merged one
 * into the events each filter is not to hear, and writes them into the
 * request's disabled mask: the one SF_REQ_DISABLE_NOTIFICATIONS fills
 * and the dispatch loop (runtime.h) reads, so the loop tests nothing
 * more, and the raw output path steps aside (FILE buckets keep sendfile)
 * when no filter is left to hear a response's SEND_RAW_DATA.
 *
 *   reading       isf_url_rule_add: a name in the main configuration is
 *                 noted, as filters may be loaded further down; one in
 *                 .htaccess is resolved at once
 *   post_config   isf_url_finish: every noted name resolved (an unknown
 *                 one stops start-up, naming its file and line), each
 *                 server's setting outside sections made into a mask;
 *                 `apache2 -t` resolves them too (isf_url_check)
 *   PREPROC       isf_url_preproc (runtime.h): that mask, for every
 *                 request event (the request's state is made then)
 *   late events   isf_url_perdir (runtime.h), isf_url_change: the
 *                 configuration httpd merged for the request, for the
 *                 events from AUTHENTICATION on, looked at by their
 *                 hooks and the head filter (no hook of its own)
 */
#include "runtime/runtime.h"

#include "apr_strings.h"

/* Names read from the main configuration, for isf_url_finish; and
 * whether it has run, after which a name comes from .htaccess.  Both
 * belong to one configuration generation (reset with its pool). */
static apr_array_header_t *isf_url_pending;
static int isf_url_live;

static apr_status_t isf_url_reset(void *unused)
{
    (void)unused;
    isf_url_pending = NULL;
    isf_url_live = 0;
    return APR_SUCCESS;
}

/*
 * The filters a name means: every loaded one whose file name (the
 * basename, as log lines give it) is name, or whose path is name resolved
 * as ISAPIFilter resolves it (against ServerRoot).  Any virtual host's
 * filter counts, as sections of the main server apply in every host.
 */
static const char *isf_url_resolve(apr_pool_t *p, isf_url_rule_t *rule)
{
    const apr_array_header_t *all = isf_g->filters;
    const char *path = ap_server_root_relative(p, rule->name);
    int i;

    rule->filters = apr_palloc(p, sizeof(isf_filter_t *)
                                  * (all->nelts ? all->nelts : 1));
    rule->n = 0;
    for (i = 0; i < all->nelts; i++) {
        isf_filter_t *f = APR_ARRAY_IDX(all, i, isf_filter_t *);
        if (!strcmp(f->name, rule->name)
            || (path && !strcmp(f->path, path))) {
            rule->filters[rule->n++] = f;
        }
    }
    if (!rule->n) {
        return apr_psprintf(p, "%s: no filter named '%s' is loaded (give "
                            "its file name or its ISAPIFilter path), on "
                            "line %d of %s", rule->directive, rule->name,
                            rule->line, rule->file);
    }
    return NULL;
}

const char *isf_url_rule_add(cmd_parms *cmd, isf_url_rule_t *rule)
{
    rule->directive = cmd->cmd->name;
    rule->file = cmd->directive ? cmd->directive->filename
                                : cmd->config_file->name;
    rule->line = cmd->directive ? cmd->directive->line_num
                                : (int)cmd->config_file->line_number;
    rule->n = -1;
    if (isf_url_live) {
        /* .htaccess, read as a request is served: every filter is
         * loaded, so the name is checked now, and a bad one fails the
         * request with a 500 as any bad .htaccess line does. */
        return isf_url_resolve(cmd->pool, rule);
    }
    if (!isf_url_pending) {
        isf_url_pending = apr_array_make(cmd->pool, 4,
                                         sizeof(isf_url_rule_t *));
        apr_pool_cleanup_register(cmd->pool, NULL, isf_url_reset,
                                  apr_pool_cleanup_null);
    }
    APR_ARRAY_PUSH(isf_url_pending, isf_url_rule_t *) = rule;
    return NULL;
}

/*
 * The events dc turns off, per slot, from p; NULL when it turns none off.
 * Engine Off turns every filter off whatever Enable says; otherwise the
 * names apply in order, broader sections first, so an Enable in a
 * narrower one undoes a broader Disable.
 */
static DWORD *isf_url_mask(apr_pool_t *p, const isf_dir_conf *dc)
{
    const int n = isf_g->filters->nelts;
    DWORD *off = NULL;
    int i, j;

    if (!n) {
        return NULL;
    }
    if (dc->engine == 0) {
        off = apr_palloc(p, sizeof(DWORD) * n);
        for (i = 0; i < n; i++) {
            off[i] = ISF_URL_EARLY | ISF_URL_LATE;
        }
        return off;
    }
    for (i = 0; dc->rules && i < dc->rules->nelts; i++) {
        const isf_url_rule_t *rule = APR_ARRAY_IDX(dc->rules, i,
                                                   isf_url_rule_t *);
        for (j = 0; j < rule->n; j++) {
            int idx = rule->filters[j]->idx;
            if (!rule->on) {
                if (!off) {
                    off = apr_pcalloc(p, sizeof(DWORD) * n);
                }
                off[idx] = ISF_URL_EARLY | ISF_URL_LATE;
            }
            else if (off) {
                off[idx] = 0;
            }
        }
    }
    return off;
}

const char *isf_url_check(apr_pool_t *p)
{
    int i;

    for (i = 0; isf_url_pending && i < isf_url_pending->nelts; i++) {
        const char *err = isf_url_resolve(p, APR_ARRAY_IDX(
                                                 isf_url_pending, i,
                                                 isf_url_rule_t *));
        if (err) {
            return err;
        }
    }
    return NULL;
}

const char *isf_url_finish(apr_pool_t *p, server_rec *main_s)
{
    const char *err = isf_url_check(p);
    server_rec *s;

    if (err) {
        return err;
    }
    /* Each server's setting outside sections (its lookup_defaults, which
     * httpd has merged with the main server's): what PREPROC_HEADERS and
     * URL_MAP follow, made once. */
    for (s = main_s; s; s = s->next) {
        isf_dir_conf *dc = isf_dir_conf_of(s->lookup_defaults);
        dc->off = isf_url_mask(p, dc);
    }
    isf_url_live = 1;
    apr_pool_cleanup_register(p, NULL, isf_url_reset, apr_pool_cleanup_null);
    return NULL;
}

void isf_url_apply(isf_req_t *rq, const DWORD *early, const DWORD *late)
{
    const int n = isf_g->filters->nelts;
    DWORD *d = rq->disabled;
    int i;

    if (!d) {
        if (!early && !late) {
            return;
        }
        d = rq->disabled = apr_pcalloc(rq->r->pool, 2 * n * sizeof(DWORD));
    }
    /* The filters' own choices (the second half) are never undone. */
    for (i = 0; i < n; i++) {
        d[i] = d[n + i] | (early ? early[i] & ISF_URL_EARLY : 0)
                        | (late ? late[i] & ISF_URL_LATE : 0);
    }
}

void isf_url_change(request_rec *r, isf_req_t *rq, const isf_dir_conf *dc)
{
    const isf_dir_conf *vh = isf_dir_conf_of(r->server->lookup_defaults);

    /* A merged configuration lives on a request's pool and is seen by
     * one thread: its mask is made here, not kept. */
    rq->url_conf = dc;
    isf_url_apply(rq, vh->off, dc == vh ? vh->off : isf_url_mask(r->pool,
                                                                 dc));
    if (APLOGrtrace1(r)) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "per-URL control: "
                      "the configuration of %s decides which filters hear "
                      "the request from now on", r->uri);
    }
}
