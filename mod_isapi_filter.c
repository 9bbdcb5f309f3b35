/*
 * mod_isapi_filter: run IIS ISAPI filters (httpfilt.h) inside Apache httpd.
 *
 * This file is the Apache glue only: the module record, configuration,
 * directives, and the hooks that hand each request or connection to the
 * bridge at the point where IIS would raise the matching SF_NOTIFY event.
 * The ISAPI side lives in bridge/, in layers (README, "Design"): hooks/,
 * raw/, runtime/ and core/; the README's event table says which hook
 * carries which event and why.
 */
#include "httpd.h"
#include "http_config.h"
#include "http_connection.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "apr_optional_hooks.h"
#include "mod_status.h"

#include <stdlib.h>

#define ISF_MODULE_FILE
#include "hooks/hooks.h"

/* The module record is the one symbol httpd looks up in the .so: it stays
 * visible, as do the SDK's GetLastError and SetLastError (core/lasterror.c);
 * everything else is built hidden (-fvisibility=hidden). */
extern module AP_MODULE_DECLARE_DATA isapi_filter_module
    __attribute__((visibility("default")));

/* ---- Configuration ---- */

static void *isf_create_srv_conf(apr_pool_t *p, server_rec *s)
{
    isf_srv_conf *conf = apr_pcalloc(p, sizeof(*conf));

    (void)s;
    conf->filters = apr_array_make(p, 2, sizeof(isf_filter_t *));
    conf->alloc_limit = ISF_UNSET;
    conf->window = ISF_UNSET;
    conf->read_limit = ISF_UNSET;
    conf->alloc_guard = ISF_UNSET;
    return conf;
}

/*
 * A virtual host keeps its own (site) filters and sees the main server's
 * (global) ones; runtime/chain.c orders the two lists the IIS way in
 * post_config.  Limits not set in the vhost come from the main server.
 * Every vhost is merged, with or without a directive of ours
 * (AP_MODULE_FLAG_ALWAYS_MERGE), as each needs its own chain and site
 * number.
 */
#define ISF_MERGE(field) \
    conf->field = add->field != ISF_UNSET ? add->field : base->field

static void *isf_merge_srv_conf(apr_pool_t *p, void *basev, void *addv)
{
    isf_srv_conf *base = basev, *add = addv;
    isf_srv_conf *conf = apr_pcalloc(p, sizeof(*conf));

    conf->filters = add->filters;
    conf->global = base->filters;
    ISF_MERGE(alloc_limit);
    ISF_MERGE(window);
    ISF_MERGE(read_limit);
    ISF_MERGE(alloc_guard);
    return conf;
}

/* ---- Configuration: per-URL control ---- */

/*
 * ISAPIFilterEngine and ISAPIFilterEnable/Disable, per section.  Merged
 * as httpd merges sections, narrower over broader: an Engine not set
 * inherits, one set overrides; the names of both are kept in order,
 * broader first, so that a narrower Enable undoes a broader Disable
 * (runtime/perurl.c reads them).  Only a section holding one of these
 * directives has a config of ours, so a server without them merges
 * nothing.
 */
static void *isf_create_dir_conf(apr_pool_t *p, char *dir)
{
    isf_dir_conf *dc = apr_pcalloc(p, sizeof(*dc));

    (void)dir;
    dc->engine = ISF_UNSET;
    return dc;
}

static void *isf_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const isf_dir_conf *base = basev, *add = addv;
    isf_dir_conf *dc = apr_pcalloc(p, sizeof(*dc));

    dc->engine = add->engine != ISF_UNSET ? add->engine : base->engine;
    if (base->rules && add->rules) {
        dc->rules = apr_array_append(p, base->rules, add->rules);
    }
    else {
        dc->rules = add->rules ? add->rules : base->rules;
    }
    return dc;
}

static void isf_hook_events(DWORD events);

/* ---- Directives ---- */

/*
 * Is this process `httpd -k stop` or `-k graceful-stop`?  It reads the
 * configuration only to find the server to signal, and serves nothing:
 * no filter code need run for it, and a filter that would refuse to load
 * now must not keep the running server from stopping.  The MPM takes -k
 * out of process->argv before the configuration is read, so the command
 * line is read from /proc.
 */
static int isf_signal_only(apr_pool_t *p)
{
    static int known, answer;
    char buf[4096], *a, *end;
    const char *k = NULL;
    apr_file_t *fd;
    apr_size_t n = sizeof(buf) - 1;

    if (known) {
        return answer;
    }
    known = 1;
    if (apr_file_open(&fd, "/proc/self/cmdline", APR_FOPEN_READ, 0, p)
        != APR_SUCCESS) {
        return 0;
    }
    if (apr_file_read_full(fd, buf, n, &n) != APR_SUCCESS && !n) {
        n = 0;
    }
    apr_file_close(fd);
    buf[n] = '\0';
    for (a = buf, end = buf + n; a < end && !k; a += strlen(a) + 1) {
        if (!strcmp(a, "-k") && a + 3 < end) {
            k = a + 3;
        }
        else if (!strncmp(a, "-k", 2) && a[2]) {
            k = a + 2;
        }
    }
    answer = k && (!strcmp(k, "stop") || !strcmp(k, "graceful-stop"));
    return answer;
}

/* ISAPIFilter path [High|Medium|Low] [WindowsPaths], the options in
 * either order. */
static const char *isf_cmd_filter(cmd_parms *cmd, void *dummy, int argc,
                                  char *const argv[])
{
    isf_srv_conf *conf = isf_srv_conf_of(cmd->server);
    const char *priority = NULL;
    int windows_paths = 0, i;
    isf_filter_t *f;
    const char *err;

    (void)dummy;
    if ((err = ap_check_cmd_context(cmd, NOT_IN_DIR_LOC_FILE))) {
        return err;
    }
    if (argc < 1 || argc > 3) {
        return "ISAPIFilter takes a library path, then optionally "
               "High|Medium|Low and WindowsPaths";
    }
    for (i = 1; i < argc; i++) {
        if (!strcasecmp(argv[i], "WindowsPaths") && !windows_paths) {
            windows_paths = 1;
        }
        else if (!priority && strcasecmp(argv[i], "WindowsPaths")) {
            priority = argv[i];
        }
        else {
            return apr_psprintf(cmd->pool, "ISAPIFilter: %s: '%s' given "
                                "twice", argv[0], argv[i]);
        }
    }
    if (isf_signal_only(cmd->temp_pool)) {
        return NULL;
    }
    if ((err = isf_loader_load(cmd, argv[0], priority, windows_paths, &f))) {
        return err;
    }
    APR_ARRAY_PUSH(conf->filters, isf_filter_t *) = f;
    isf_hook_events(f->events);
    return NULL;
}

/*
 * ISAPIFilterWindowsRoot DIR and ISAPIFilterRegistry FILE: settings of
 * the SDK runtime, which is one per process, so main server only.  They
 * reach a filter as it loads, so they come before the ISAPIFilter lines
 * (a filter loaded earlier hears them in each child, but its probe at
 * start-up did not).
 */
static const char *isf_cmd_win32_path(cmd_parms *cmd, void *dummy,
                                      const char *arg)
{
    const int want_dir = cmd->info != NULL;
    const char *path, *err;
    apr_finfo_t finfo;
    apr_status_t rv;

    (void)dummy;
    if ((err = ap_check_cmd_context(cmd, GLOBAL_ONLY))) {
        return err;
    }
    path = ap_server_root_relative(cmd->pool, arg);
    if (!path) {
        return apr_psprintf(cmd->pool, "%s: invalid path '%s'",
                            cmd->cmd->name, arg);
    }
    rv = apr_stat(&finfo, path, APR_FINFO_TYPE, cmd->temp_pool);
    if (rv != APR_SUCCESS) {
        char buf[120];
        return apr_psprintf(cmd->pool, "%s: %s: %s", cmd->cmd->name, path,
                            apr_strerror(rv, buf, sizeof(buf)));
    }
    if (want_dir ? finfo.filetype != APR_DIR : finfo.filetype != APR_REG) {
        return apr_psprintf(cmd->pool, "%s: %s is not a %s", cmd->cmd->name,
                            path, want_dir ? "directory" : "regular file");
    }
    if (want_dir) {
        isf_g->windows_root = path;
    }
    else {
        isf_g->registry_file = path;
    }
    return NULL;
}

/* A byte count in [min, max] into the apr_int64_t at cmd->info. */
static const char *isf_cmd_bytes(cmd_parms *cmd, void *dummy,
                                 const char *arg)
{
    isf_srv_conf *conf = isf_srv_conf_of(cmd->server);
    const apr_int64_t *range = cmd->info;
    apr_int64_t n;
    char *end;

    (void)dummy;
    n = apr_strtoi64(arg, &end, 10);
    if (*end || end == arg || n < range[1] || n > range[2]) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a byte count from "
                            "%" APR_INT64_T_FMT " to %" APR_INT64_T_FMT,
                            cmd->cmd->name, arg, range[1], range[2]);
    }
    *(apr_int64_t *)((char *)conf + range[0]) = n;
    return NULL;
}

static const char *isf_cmd_alloc_guard(cmd_parms *cmd, void *dummy, int on)
{
    (void)dummy;
    isf_srv_conf_of(cmd->server)->alloc_guard = on;
    return NULL;
}

/* {offset, min, max} for isf_cmd_bytes */
static const apr_int64_t isf_alloc_range[] = {
    APR_OFFSETOF(isf_srv_conf, alloc_limit), 0, APR_UINT32_MAX
};
static const apr_int64_t isf_window_range[] = {
    APR_OFFSETOF(isf_srv_conf, window), 256, 16 * 1024 * 1024
};
static const apr_int64_t isf_read_range[] = {
    APR_OFFSETOF(isf_srv_conf, read_limit), 1024, 1024 * 1024 * 1024
};

/* ISAPIFilterEngine On|Off */
static const char *isf_cmd_engine(cmd_parms *cmd, void *dcv, int on)
{
    (void)cmd;
    ((isf_dir_conf *)dcv)->engine = on;
    return NULL;
}

/* ISAPIFilterEnable name... and ISAPIFilterDisable name... (cmd->info
 * non-NULL for Enable), one name per call. */
static const char *isf_cmd_by_name(cmd_parms *cmd, void *dcv,
                                   const char *name)
{
    isf_dir_conf *dc = dcv;
    isf_url_rule_t *rule = apr_pcalloc(cmd->pool, sizeof(*rule));

    rule->name = name;
    rule->on = cmd->info != NULL;
    if (!dc->rules) {
        dc->rules = apr_array_make(cmd->pool, 2, sizeof(isf_url_rule_t *));
    }
    APR_ARRAY_PUSH(dc->rules, isf_url_rule_t *) = rule;
    return isf_url_rule_add(cmd, rule);
}

/* ---- Hooks ---- */

/* Events whose hooks this configuration generation registered, and
 * whether the hooks every filter needs are in. */
static DWORD isf_hooked;
static int isf_hooked_base;

static int isf_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    isf_config_reset(pconf);
    /* httpd dropped every hook before reading the configuration again
     * (a DSO build is reloaded too, but a static one keeps these). */
    isf_hooked = 0;
    isf_hooked_base = 0;
    return OK;
}

static int isf_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                           apr_pool_t *ptemp, server_rec *s)
{
    const char *err;

    (void)plog;
    (void)ptemp;
    isf_config_finish(pconf, s);
    /* ISAPIFilterEnable/Disable name filters loaded anywhere in the file,
     * so they are checked once all are. */
    if ((err = isf_url_finish(pconf, s))) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, ISFLOGNO(65) "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* apache2 -t (and so apache2ctl configtest, which Debian's graceful
 * runs first): the names ISAPIFilterEnable/Disable give, checked as
 * post_config would, so a configuration that cannot start fails here
 * rather than taking down the running server at the restart.  httpd
 * says "Syntax OK" after this hook whatever it does, so failing means
 * leaving. */
static void isf_test_config(apr_pool_t *pconf, server_rec *s)
{
    const char *err = isf_url_check(pconf);

    (void)s;
    if (err) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, NULL, ISFLOGNO(66) "%s",
                     err);
        exit(1);
    }
}

static void isf_child_init(apr_pool_t *pchild, server_rec *s)
{
    isf_slots_child_init(pchild);
    isf_thread_child_init(pchild);
    isf_raw_child_init();
    /* After the MPM's own fatal-signal handlers, which ours pass on to,
     * and before GetFilterVersion, whose crash it names too. */
    isf_fault_child_init(pchild, s);
    isf_loader_child_init(pchild, s, isf_g);
}

static int isf_pre_connection(conn_rec *c, void *csd)
{
    const isf_chain_t *ch;
    isf_conn_t *ic;

    (void)csd;
    if (c->outgoing || !(ch = isf_chain_for(c->base_server))) {
        return DECLINED;
    }
    /* An address served by one virtual host names the site now; with
     * name-based hosts only a request will, and until then the connection
     * is the global filters' alone (the default host's site filters are
     * not asked, nor attached). */
    if (c->vhost_lookup_data) {
        ch = isf_g->global;
    }
    /* A chain with a filter that failed to load in this child: its
     * requests get 500 (post_read_request) and no filter hears of the
     * connection. */
    if (!((ch->mask[0] | ch->mask[1]) & ISF_CONN_EVENTS) || ch->failed) {
        return DECLINED;
    }
    /* Made now so END_OF_NET_SESSION fires even if no request parses,
     * and so the raw filters see the first byte. */
    if ((ic = isf_conn_get(c, 1))) {
        isf_conn_join(ic, ch, 0);
        if (!c->master) {
            /* An HTTP/2 stream (a secondary connection) has no raw bytes
             * of its own; its connection's filters step aside as well. */
            isf_raw_attach(c, ic, ch, NULL);
        }
    }
    return DECLINED;
}

/* PREPROC_HEADERS runs before every other post_read_request hook, even
 * those at APR_HOOK_REALLY_FIRST: mod_http2's (one of them) replaces
 * HTTP_HEADER with its own response filter, and the head filter must be
 * placed above HTTP_HEADER first, so that it ends up above mod_http2's
 * and sees every response's head.  An order rather than a named
 * successor: with a named one, mod_cgid's daemon was found stuck in
 * apr_hook_sort_all and CGI requests hung. */
#define ISF_HOOK_BEFORE_ALL (APR_HOOK_REALLY_FIRST - 1)

/*
 * The request hooks are registered as ISAPIFilter lines are read, for the
 * events the filters just loaded registered (the flags their
 * GetFilterVersion gave in the configuration's probe process; a child
 * whose own call disagrees fails the filter, runtime/loader.c).  A module may register hooks while its directives are read:
 * httpd drops every hook before it reads the configuration again and
 * sorts them all once it is read.  A server that loads the module with no
 * filter, or whose filters want few events, has no hook of ours to call
 * on its request path.
 */
static void isf_hook_events(DWORD events)
{
    DWORD add = events & ~isf_hooked;
    const DWORD handler_ev = SF_NOTIFY_AUTH_COMPLETE | SF_NOTIFY_ACCESS_DENIED;
    const DWORD log_ev = SF_NOTIFY_LOG | SF_NOTIFY_END_OF_REQUEST;

    if (!isf_hooked_base) {
        isf_hooked_base = 1;
        /* END_OF_NET_SESSION: a c->pool cleanup made here, after mod_ssl's
         * pre_connection has said whether the connection is TLS. */
        ap_hook_pre_connection(isf_pre_connection, NULL, NULL, APR_HOOK_LAST);
        /* PREPROC_HEADERS: the head is parsed and the vhost chosen, nothing
         * has interpreted the request yet.  The request's state is made
         * here whatever the filters registered, and its output filters
         * added (ISAPI_FILTER_HEAD right above the HTTP_HEADER http_core's
         * create_request added). */
        ap_hook_post_read_request(isf_ev_preproc_headers, NULL, NULL,
                                  ISF_HOOK_BEFORE_ALL);
        /* An Upgrade (h2c) would answer a request whose events have run
         * as a second request raising them again (hooks/upgrade.c):
         * before mod_http2 proposes. */
        ap_hook_protocol_propose(isf_ev_protocol_propose, NULL, NULL,
                                 APR_HOOK_REALLY_FIRST);
        /* Per-URL control needs no hook of its own: the hooks of the late
         * events, and the head filter every response passes, look at the
         * request's merged configuration themselves (isf_url_perdir). */
    }
    if (add & SF_NOTIFY_PREPROC_HEADERS) {
        /* Acts on PREPROC_HEADERS' FINISHED/ERROR before any other work. */
        ap_hook_quick_handler(isf_ev_quick_handler, NULL, NULL,
                              APR_HOOK_REALLY_FIRST);
    }
    if (add & SF_NOTIFY_URL_MAP) {
        /* URL_MAP: translate_name has set r->filename; the directory walk
         * that follows uses the filter's path.  Sub-requests too. */
        ap_hook_map_to_storage(isf_ev_url_map, NULL, NULL,
                               APR_HOOK_REALLY_FIRST);
    }
    if (add & SF_NOTIFY_AUTHENTICATION) {
        /* AUTHENTICATION: before access checks and authn read
         * Authorization. */
        ap_hook_header_parser(isf_ev_authentication, NULL, NULL,
                              APR_HOOK_FIRST);
    }
    if (add & SF_NOTIFY_AUTH_COMPLETE) {
        /* AUTH_COMPLETE: authn and authz are done, the handler is next. */
        ap_hook_fixups(isf_ev_auth_complete, NULL, NULL, APR_HOOK_REALLY_FIRST);
    }
    if ((add & handler_ev) && !(isf_hooked & handler_ev)) {
        /* Performs AUTH_COMPLETE's url change as an internal redirect,
         * and notes for ACCESS_DENIED that the handler had begun. */
        ap_hook_handler(isf_ev_redirect_handler, NULL, NULL, APR_HOOK_REALLY_FIRST);
    }
    if ((add & log_ev) && !(isf_hooked & log_ev)) {
        /* LOG: before mod_log_config reads the request. */
        ap_hook_log_transaction(isf_ev_log, NULL, NULL,
                                APR_HOOK_REALLY_FIRST);
    }
    isf_hooked |= events;
}

static void isf_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_pre_config(isf_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    /* Chains are built once all servers are merged. */
    ap_hook_post_config(isf_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_test_config(isf_test_config, NULL, NULL, APR_HOOK_MIDDLE);
    /* GetFilterVersion in each child as it starts (a filter's threads live
     * where requests are served), TerminateFilter as it exits; the
     * handler that names a filter that crashes (fault.c). */
    ap_hook_child_init(isf_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* ACCESS_DENIED and SEND_RESPONSE, right above HTTP_HEADER. */
    isf_head_filter_handle =
        ap_register_output_filter("ISAPI_FILTER_HEAD", isf_head_filter,
                                  NULL, AP_FTYPE_PROTOCOL);
    /* SEND_RAW_DATA and READ_RAW_DATA: serialized HTTP/1.x bytes, above
     * mod_ssl (AP_FTYPE_CONNECTION + 5), so plaintext on TLS too. */
    /* Holds a body to the Content-Length a filter set, below HTTP_HEADER
     * (added only then). */
    isf_length_filter_handle =
        ap_register_output_filter("ISAPI_FILTER_LENGTH", isf_length_filter,
                                  NULL, AP_FTYPE_PROTOCOL);
    isf_raw_out_handle =
        ap_register_output_filter("ISAPI_FILTER_RAW_OUT", isf_raw_out_filter,
                                  NULL, AP_FTYPE_CONNECTION);
    isf_raw_in_handle =
        ap_register_input_filter("ISAPI_FILTER_RAW_IN", isf_raw_in_filter,
                                 NULL, AP_FTYPE_CONNECTION);
    /* END_OF_REQUEST, below CHUNK and above the connection filters. */
    isf_end_filter_handle =
        ap_register_output_filter("ISAPI_FILTER_END", isf_end_filter,
                                  NULL, AP_FTYPE_CONNECTION - 1);
    /* SetHandler isapi-filter-status: the filters' counters; MIDDLE, as
     * mod_status's server-status. */
    ap_hook_handler(isf_status_handler, NULL, NULL, APR_HOOK_MIDDLE);
    /* A section in server-status when mod_status is loaded. */
    APR_OPTIONAL_HOOK(ap, status_hook, isf_status_hook, NULL, NULL,
                      APR_HOOK_MIDDLE);
}

static const command_rec isf_cmds[] = {
    AP_INIT_TAKE_ARGV("ISAPIFilter", isf_cmd_filter, NULL, RSRC_CONF,
                      "Load an ISAPI filter library; global in the main "
                      "server, a site filter inside <VirtualHost>; optional "
                      "High|Medium|Low overrides its priority (default: the "
                      "filter's own, Low if it sets none); optional "
                      "WindowsPaths shows it physical paths in Windows form "
                      "(default: Unix paths)"),
    AP_INIT_TAKE1("ISAPIFilterWindowsRoot", isf_cmd_win32_path, (void *)1,
                  RSRC_CONF,
                  "Directory holding the drives of Windows paths filters "
                  "use: C:\\x is DIR/c/x (default: none, drive paths fail "
                  "with ERROR_PATH_NOT_FOUND)"),
    AP_INIT_TAKE1("ISAPIFilterRegistry", isf_cmd_win32_path, NULL,
                  RSRC_CONF,
                  "A .reg file (as reg export writes) that the Reg* calls "
                  "of filters read (default: none, keys are not found)"),
    AP_INIT_TAKE1("ISAPIFilterAllocLimit", isf_cmd_bytes,
                  (void *)isf_alloc_range, RSRC_CONF,
                  "Bytes AllocMem may hand out per connection, 0 for no "
                  "limit (default: " APR_STRINGIFY(ISF_DEFAULT_ALLOC_LIMIT)
                  ")"),
    AP_INIT_FLAG("ISAPIFilterAllocGuard", isf_cmd_alloc_guard, NULL,
                 RSRC_CONF,
                 "Debugging: end each AllocMem block at an inaccessible "
                 "page, so that a write past it faults and the error log "
                 "names the filter and notification (default: Off)"),
    AP_INIT_TAKE1("ISAPIFilterWindowSize", isf_cmd_bytes,
                  (void *)isf_window_range, RSRC_CONF,
                  "Largest piece of outgoing data one SEND_RAW_DATA "
                  "notification carries, 256 to 16777216 bytes (default: "
                  APR_STRINGIFY(ISF_DEFAULT_WINDOW) ")"),
    AP_INIT_TAKE1("ISAPIFilterReadLimit", isf_cmd_bytes,
                  (void *)isf_read_range, RSRC_CONF,
                  "Most bytes held for a READ_RAW_DATA filter that answers "
                  "READ_NEXT before the client gets a 4xx and the "
                  "connection closes (default: "
                  APR_STRINGIFY(ISF_DEFAULT_READ_LIMIT) ")"),
    /* Per-URL control (README, "Per-URL control"): everywhere
     * SetOutputFilter is, .htaccess with AllowOverride FileInfo. */
    AP_INIT_FLAG("ISAPIFilterEngine", isf_cmd_engine, NULL, OR_FILEINFO,
                 "Off: no filter hears this scope's requests; server "
                 "config, virtual host, <Location>, <Directory>, <Files>, "
                 "<If>, .htaccess with AllowOverride FileInfo (default: "
                 "On)"),
    AP_INIT_ITERATE("ISAPIFilterDisable", isf_cmd_by_name, NULL,
                    OR_FILEINFO,
                    "Filters (file name, or path as in ISAPIFilter) that "
                    "do not hear this scope's requests; server config, "
                    "virtual host, <Location>, <Directory>, <Files>, "
                    "<If>, .htaccess with AllowOverride FileInfo (default: "
                    "none)"),
    AP_INIT_ITERATE("ISAPIFilterEnable", isf_cmd_by_name, (void *)1,
                    OR_FILEINFO,
                    "Filters (file name, or path as in ISAPIFilter) a "
                    "broader ISAPIFilterDisable turned off that hear this "
                    "scope's requests again; no effect under "
                    "ISAPIFilterEngine Off; same contexts (default: "
                    "none)"),
    { NULL }
};

AP_DECLARE_MODULE(isapi_filter) = {
    STANDARD20_MODULE_STUFF,
    isf_create_dir_conf,    /* per-directory config: per-URL control */
    isf_merge_dir_conf,     /* merge per-directory */
    isf_create_srv_conf,    /* per-server config */
    isf_merge_srv_conf,     /* merge per-server */
    isf_cmds,               /* directives */
    isf_register_hooks,     /* hooks */
    AP_MODULE_FLAG_ALWAYS_MERGE /* flags: every vhost gets its own config */
};
