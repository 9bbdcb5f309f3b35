/*
 * loader.c: opening filter libraries and closing them again.
 *
 * Called by the ISAPIFilter directive handler while the configuration is
 * read, so every failure (no file, not a shared object, a missing export,
 * GetFilterVersion saying FALSE, a raw-read filter inside a <VirtualHost>)
 * stops start-up, and `apache2 -t` catches it, with the file and reason.
 *
 * Lifetime, per configuration generation (httpd reads its configuration
 * twice at start-up and once per restart):
 *   directive    dlopen(RTLD_LOCAL) + GetFilterVersion, in the parent
 *   child_init   each child inherits the library through fork; a cleanup
 *                on the child pool runs TerminateFilter when the child exits
 *   pconf clear  the parent (or a one-process httpd -X) runs
 *                TerminateFilter, unless this process already did, then
 *                dlclose
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

static void isf_terminate(isf_filter_t *f)
{
    pid_t me = getpid();

    if (f->terminate && f->terminated_in != me) {
        f->terminated_in = me;
        f->terminate(0);
    }
}

static apr_status_t isf_loader_unload(void *data)
{
    isf_filter_t *f = data;

    isf_terminate(f);
    if (f->dso) {
        apr_dso_unload(f->dso);
        f->dso = NULL;
    }
    return APR_SUCCESS;
}

static apr_status_t isf_loader_child_exit(void *data)
{
    isf_terminate(data);
    return APR_SUCCESS;
}

void isf_loader_child_init(apr_pool_t *pchild, isf_global_t *g)
{
    int i;

    for (i = 0; i < g->filters->nelts; i++) {
        isf_filter_t *f = APR_ARRAY_IDX(g->filters, i, isf_filter_t *);
        apr_pool_cleanup_register(pchild, f, isf_loader_child_exit,
                                  apr_pool_cleanup_null);
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
                            const char *priority, isf_filter_t **out)
{
    isf_global_t *g = isf_g;
    isf_filter_t *f;
    apr_finfo_t finfo;
    apr_os_dso_handle_t h;
    HTTP_FILTER_VERSION ver;
    PFN_GETFILTERVERSION gfv;
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
    gfv = (PFN_GETFILTERVERSION)sym;
    if ((err = isf_dlsym(cmd, f, "HttpFilterProc", 1, &sym))) {
        return err;
    }
    f->proc = (PFN_HTTPFILTERPROC)sym;
    isf_dlsym(cmd, f, "TerminateFilter", 0, &sym);
    f->terminate = (PFN_TERMINATEFILTER)sym;

    memset(&ver, 0, sizeof(ver));
    ver.dwServerFilterVersion = ISF_SERVER_REVISION;
    isf_last_error = 0;
    if (!gfv(&ver)) {
        DWORD code = isf_last_error;
        f->terminate = NULL;    /* IIS does not terminate a refused filter */
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
