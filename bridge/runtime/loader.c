/*
 * loader.c: opening filter libraries, initialising them in each child,
 * and closing them again.
 *
 * Called by the ISAPIFilter directive handler while the configuration is
 * read, so every failure (no file, not a shared object, a missing export,
 * GetFilterVersion saying FALSE, a raw-read filter inside a <VirtualHost>)
 * stops start-up, and `apache2 -t` catches it, with the file and reason.
 *
 * A filter lives in the process that serves its requests, as in an IIS
 * worker process: the threads its GetFilterVersion starts (a watcher of
 * its configuration file, a log flusher) must run there.  So the parent
 * never runs filter code.  Lifetime, per configuration generation (httpd
 * reads its configuration twice at start-up and once per restart):
 *   directive    dlopen(RTLD_NOW | RTLD_LOCAL) and the exports checked in
 *                the parent; GetFilterVersion, then TerminateFilter, in a
 *                probe process forked for it (probe.c), whose dwFlags
 *                decide the checks and the hooks registered.  The probe
 *                and any thread it started are gone when the directive
 *                returns, so `apache2 -t` and `-k stop` leave nothing
 *                running
 *   child_init   each child (or the one process of httpd -X) calls every
 *                GetFilterVersion again, in configuration order; a cleanup
 *                on the child pool runs TerminateFilter as it exits, for
 *                the filters that loaded.  A FALSE there, or other dwFlags
 *                than the probe's, fails the filter in that child: logged
 *                once, terminated at once after other dwFlags (its
 *                GetFilterVersion said TRUE) and never after FALSE, and
 *                the requests of every chain that holds it get 500 before
 *                any filter hears of them (IIS fails a site whose filter
 *                did not load, every site for a global filter)
 *   pconf clear  dlclose, in the parent (and `-t`, `-k`), which never ran
 *                GetFilterVersion, so runs no TerminateFilter.  A child
 *                exits without clearing pconf: its libraries stay mapped
 *                until the process is gone, so a thread a filter left
 *                running past TerminateFilter never runs unmapped code
 * A graceful restart clears the parent's pconf (dlclose) and reads the
 * new configuration (dlopen, probe); new children load the new
 * generation while old children, each with its own copy of the old one,
 * finish their connections with it and terminate it as they exit.  So
 * each process that called a generation's GetFilterVersion with TRUE
 * calls its TerminateFilter once, t/ops/graceful.t.
 * The libraries are opened RTLD_LOCAL (APR's apr_dso_load uses
 * RTLD_GLOBAL on Unix) so that two filters' same-named helpers never bind
 * to each other; GetLastError/SetLastError still resolve against this
 * module, which httpd loaded globally.
 */
#include "runtime/runtime.h"

#include <dlfcn.h>
#include <unistd.h>

#include "apr_strings.h"
#include "apr_file_info.h"
#include "apr_lib.h"
#include "apr_portable.h"
#include "http_core.h"

static apr_status_t isf_loader_unload(void *data)
{
    isf_filter_t *f = data;

    if (f->dso) {
        apr_dso_unload(f->dso);
        f->dso = NULL;
    }
    return APR_SUCCESS;
}

static apr_status_t isf_loader_child_exit(void *data)
{
    isf_filter_t *f = data;
    /* A crash in the filter's code is named in the error log (fault.c). */
    isf_fault_entry_t entry = { f, "TerminateFilter",
                                isf_srv_conf_of(f->s)->log_fd };

    isf_fault_entry = &entry;
    if (f->terminate) {
        f->terminate(0);
    }
    entry.call = "DllMain(DLL_PROCESS_DETACH)";
    isf_win32_detach(f, 1);
    isf_fault_entry = NULL;
    return APR_SUCCESS;
}

/* Whose requests a failed f takes down, for the log line. */
static const char *isf_loader_victims(apr_pool_t *p, const isf_filter_t *f)
{
    if (!f->site) {
        return "every site's requests";
    }
    return apr_psprintf(p, "the requests of %s",
                        f->s->server_hostname ? f->s->server_hostname
                                              : f->s->defn_name);
}

/* f's GetFilterVersion in this child: 1 if the filter loaded here as it
 * did in the configuration's probe. */
static int isf_loader_child_load(apr_pool_t *pchild, isf_filter_t *f)
{
    HTTP_FILTER_VERSION ver;
    long me = (long)getpid();
    DWORD code;
    /* A crash in the filter's code is named in the error log (fault.c). */
    isf_fault_entry_t entry = { f, "DllMain(DLL_PROCESS_ATTACH)",
                                isf_srv_conf_of(f->s)->log_fd };
    BOOL ok;

    isf_fault_entry = &entry;
    ok = isf_win32_attach(f, &code);
    isf_fault_entry = NULL;
    isf_fault_entry_done(&entry, f->s);
    if (!ok) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, f->s, ISFLOGNO(59) "%s: "
                     "DllMain(DLL_PROCESS_ATTACH) returned FALSE (error %lu) "
                     "in child %ld, TRUE at start-up: the filter did not load "
                     "in this child, which answers %s with 500", f->path,
                     (unsigned long)code, me, isf_loader_victims(pchild, f));
        return 0;
    }
    memset(&ver, 0, sizeof(ver));
    ver.dwServerFilterVersion = ISF_SERVER_REVISION;
    isf_last_error = 0;
    entry.call = "GetFilterVersion";
    isf_fault_entry = &entry;
    ok = f->gfv(&ver);
    isf_fault_entry = NULL;
    isf_fault_entry_done(&entry, f->s);
    if (!ok) {
        code = isf_last_error;
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, f->s, ISFLOGNO(46) "%s: "
                     "GetFilterVersion returned FALSE (error %lu) in child "
                     "%ld, TRUE with flags 0x%08lx at start-up: the filter "
                     "did not load in this child, which answers %s with "
                     "500", f->path, (unsigned long)code, me,
                     (unsigned long)f->flags, isf_loader_victims(pchild, f));
        /* Windows unloads a filter that did not start: DETACH. */
        isf_win32_detach(f, 0);
        return 0;
    }
    if (ver.dwFlags != f->flags) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, f->s, ISFLOGNO(47) "%s: "
                     "GetFilterVersion returned flags 0x%08lx in child %ld, "
                     "0x%08lx at start-up: the hooks were registered for the "
                     "latter, so the filter is not used in this child, which "
                     "answers %s with 500", f->path,
                     (unsigned long)ver.dwFlags, me, (unsigned long)f->flags,
                     isf_loader_victims(pchild, f));
        /* Its GetFilterVersion said TRUE: the filter set itself up (a
         * thread, say) and is unloaded now, so it hears TerminateFilter
         * as IIS unloads a filter that loaded. */
        if (f->terminate) {
            f->terminate(0);
        }
        isf_win32_detach(f, 0);
        return 0;
    }
    return 1;
}

void isf_loader_child_init(apr_pool_t *pchild, server_rec *main_s,
                           isf_global_t *g)
{
    int n = g->filters->nelts, i, j;
    isf_filter_t **order = apr_pcalloc(pchild, sizeof(*order) * (n + 1));
    server_rec *s;

    /* The counters' region first: a failure below is counted in it. */
    isf_st_child_init(pchild, main_s);
    /* Configuration order, as IIS loads a site's filters; g->filters is
     * in calling order by now.  seq numbers them from 0. */
    for (i = 0; i < n; i++) {
        isf_filter_t *f = APR_ARRAY_IDX(g->filters, i, isf_filter_t *);
        order[f->seq] = f;
    }
    for (i = 0; i < n; i++) {
        isf_filter_t *f = order[i];

        f->failed = !isf_loader_child_load(pchild, f);
        if (f->failed) {
            isf_st_load_failed(f->idx);
        }
        if (!f->failed && (f->terminate || f->win32)) {
            /* Cleanups run in reverse: the last loaded ends first. */
            apr_pool_cleanup_register(pchild, f, isf_loader_child_exit,
                                      apr_pool_cleanup_null);
        }
    }
    for (s = main_s; s; s = s->next) {
        isf_chain_t *ch = isf_srv_conf_of(s)->chain;

        ch->failed = 0;
        for (j = 0; j < ch->all->nelts; j++) {
            if (APR_ARRAY_IDX(ch->all, j, isf_filter_t *)->failed) {
                ch->failed = 1;
            }
        }
    }
}

static int isf_priority_of(DWORD flags)
{
    /* Several order bits: the highest wins; none: the header default. */
    if (flags & SF_NOTIFY_ORDER_HIGH) {
        return 3;
    }
    if (flags & SF_NOTIFY_ORDER_MEDIUM) {
        return 2;
    }
    return 1;
}

static const char *isf_dlsym(cmd_parms *cmd, isf_filter_t *f,
                             const char *sym, int required, void **out)
{
    apr_dso_handle_sym_t p = NULL;

    if (apr_dso_sym(&p, f->dso, sym) != APR_SUCCESS || !p) {
        *out = NULL;
        if (!required) {
            return NULL;
        }
        return apr_psprintf(cmd->pool, "ISAPIFilter: %s: does not export "
                            "%s, so it is not an ISAPI filter", f->path, sym);
    }
    *out = (void *)p;
    return NULL;
}

const char *isf_loader_load(cmd_parms *cmd, const char *path,
                            const char *priority, int windows_paths,
                            isf_filter_t **out)
{
    isf_global_t *g = isf_g;
    isf_filter_t *f;
    apr_finfo_t finfo;
    apr_os_dso_handle_t h;
    HTTP_FILTER_VERSION ver;
    BOOL ok;
    DWORD code;
    const char *err;
    void *sym;
    int prio_override = 0;
    apr_status_t rv;

    if (priority) {
        if (!strcasecmp(priority, "high")) {
            prio_override = 3;
        }
        else if (!strcasecmp(priority, "medium")) {
            prio_override = 2;
        }
        else if (!strcasecmp(priority, "low")) {
            prio_override = 1;
        }
        else {
            return apr_psprintf(cmd->pool, "ISAPIFilter: %s: priority must "
                                "be High, Medium or Low, not '%s'", path,
                                priority);
        }
    }

    f = apr_pcalloc(cmd->pool, sizeof(*f));
    f->path = ap_server_root_relative(cmd->pool, path);
    if (!f->path) {
        return apr_psprintf(cmd->pool, "ISAPIFilter: invalid path '%s'",
                            path);
    }
    f->name = apr_filepath_name_get(f->path);
    f->s = cmd->server;
    f->site = cmd->server->is_virtual ? 1 : 0;
    f->windows_paths = windows_paths;

    rv = apr_stat(&finfo, f->path, APR_FINFO_TYPE, cmd->temp_pool);
    if (rv != APR_SUCCESS) {
        char buf[120];
        return apr_psprintf(cmd->pool, "ISAPIFilter: cannot load %s: %s",
                            f->path, apr_strerror(rv, buf, sizeof(buf)));
    }
    if (finfo.filetype != APR_REG) {
        return apr_psprintf(cmd->pool, "ISAPIFilter: cannot load %s: not a "
                            "regular file", f->path);
    }

    h = dlopen(f->path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        return apr_psprintf(cmd->pool, "ISAPIFilter: cannot load %s: %s",
                            f->path, why ? why : "dlopen failed");
    }
    apr_os_dso_handle_put(&f->dso, h, cmd->pool);
    /* From here on the library is closed with the configuration. */
    apr_pool_cleanup_register(cmd->pool, f, isf_loader_unload,
                              apr_pool_cleanup_null);

    if ((err = isf_dlsym(cmd, f, "GetFilterVersion", 1, &sym))) {
        return err;
    }
    f->gfv = (PFN_GETFILTERVERSION)sym;
    if ((err = isf_dlsym(cmd, f, "HttpFilterProc", 1, &sym))) {
        return err;
    }
    f->proc = (PFN_HTTPFILTERPROC)sym;
    isf_dlsym(cmd, f, "TerminateFilter", 0, &sym);
    f->terminate = (PFN_TERMINATEFILTER)sym;

    /* Not here: in a process of its own, which takes whatever the filter
     * starts with it (see the top of this file). */
    if ((err = isf_win32_open(cmd->pool, f, h))) {
        return err;
    }
    if ((err = isf_probe_run(cmd->pool, f, &ver, &ok, &code))) {
        return err;
    }
    if (!ok) {
        return apr_psprintf(cmd->pool, "ISAPIFilter: %s: GetFilterVersion "
                            "returned FALSE (error %lu)", f->path,
                            (unsigned long)code);
    }
    ver.lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    memcpy(f->desc, ver.lpszFilterDesc, sizeof(f->desc));
    f->version = ver.dwFilterVersion;
    f->flags = ver.dwFlags;
    f->events = ver.dwFlags & ISF_EVENT_MASK;
    f->ports = ver.dwFlags & ISF_PORT_MASK;
    f->priority = prio_override ? prio_override : isf_priority_of(f->flags);

    if (f->site && (f->events & SF_NOTIFY_READ_RAW_DATA)) {
        return apr_psprintf(cmd->pool, "ISAPIFilter: %s registers "
                            "SF_NOTIFY_READ_RAW_DATA, which only a global "
                            "filter may do (as in IIS): move it out of "
                            "<VirtualHost>", f->path);
    }
    if (!f->ports) {
        /* IIS documents no meaning for "no port bit"; we take both. */
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server,
                     ISFLOGNO(1) "%s sets neither SF_NOTIFY_SECURE_PORT nor "
                     "SF_NOTIFY_NONSECURE_PORT; notifying it for both",
                     f->path);
        f->ports = ISF_PORT_MASK;
    }
    if (!f->events) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server,
                     ISFLOGNO(2) "%s registers no notification", f->path);
    }

    f->seq = g->seq++;
    APR_ARRAY_PUSH(g->filters, isf_filter_t *) = f;
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, cmd->server,
                 ISFLOGNO(3) "loaded %s (%s) version 0x%08lx flags 0x%08lx "
                 "as a %s filter", f->path, f->desc,
                 (unsigned long)f->version, (unsigned long)f->flags,
                 f->site ? "site" : "global");
    *out = f;
    return NULL;
}
