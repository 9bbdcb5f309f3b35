/*
 * win32.c: the module's side of the SDK runtime, libisapiwin32.so
 * (sdk/runtime), for filters built with isapi-cc.
 *
 * Such a filter needs the runtime, so opening the filter opened it too,
 * RTLD_LOCAL like the filter: dlsym on the filter's handle finds the
 * runtime's entry points, and httpd's namespace never sees the Win32
 * names.  Each process that runs the filter (the configuration's probe
 * and every child, loader.c) then does what Windows does as it loads a
 * DLL: the runtime learns ISAPIFilterWindowsRoot, ISAPIFilterRegistry
 * and where to log, and DllMain hears DLL_PROCESS_ATTACH, with the
 * filter's load address as its HINSTANCE (what GetModuleFileName takes).
 * DLL_PROCESS_DETACH follows TerminateFilter as the process ends, or
 * comes at once after an ATTACH that returned FALSE.
 * DLL_THREAD_ATTACH/DETACH are never sent (README, "Porting").
 *
 * A filter loaded with WindowsPaths sees physical paths in Windows form
 * (the runtime's mapping, the one CreateFile uses): URL_MAP's path, and
 * PATH_TRANSLATED, SCRIPT_TRANSLATED and APPL_PHYSICAL_PATH.  Its
 * HttpFilterProc is called through isf_win32_paths_proc, which converts
 * URL_MAP's path in place before the call and maps what the filter left
 * back after it; no other filter pays for the option.
 */
#include "runtime/runtime.h"

#include <dlfcn.h>

#include "apr_strings.h"
#include "isapi/win_host.h"

#ifndef DLL_PROCESS_ATTACH
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#endif

typedef BOOL (WINAPI *isf_dllmain_fn)(HINSTANCE, DWORD, LPVOID);

struct isf_win32_t {
    isf_dllmain_fn dllmain;            /* NULL if the filter has none */
    HINSTANCE hinst;                   /* the filter's load address */
    isapi_win32_host_fn host_attach;   /* NULL without the runtime */
    isapi_win32_path_fn to_windows;    /* for WindowsPaths */
    isapi_win32_path_fn to_unix;
    PFN_HTTPFILTERPROC proc;           /* the filter's, under WindowsPaths */
};

/* The runtime's log lines (OutputDebugString, ReportEvent, the runtime's
 * own notes) in the error log of the server that loaded the filter, at
 * the level the runtime chose, under this module's LogLevel.  Called from
 * any thread of a filter's.  Never through ap_server_conf, which points
 * into the configuration httpd is re-reading while a probe runs. */
static server_rec *isf_win32_log_s;

static void isf_win32_log(int level, const char *filter, const char *msg)
{
    server_rec *s = isf_win32_log_s;
    int i;

    for (i = 0; filter && i < isf_g->filters->nelts; i++) {
        isf_filter_t *f = APR_ARRAY_IDX(isf_g->filters, i, isf_filter_t *);

        if (!strcmp(f->path, filter)) {
            s = f->s;
            break;
        }
    }
    ap_log_error(APLOG_MARK, level, 0, s, ISFLOGNO(57) "%s: %s",
                 filter ? filter : "libisapiwin32.so", msg);
}

/* The path URL_MAP's filters have left so far, in the bridge's buffer
 * or wherever a filter pointed (read as request_events.c reads it), or
 * NULL. */
static const char *isf_win32_map_now(isf_frame_t *fr,
                                     HTTP_FILTER_URL_MAP_EX *um)
{
    const char *path;

    if (isf_path_outcome((char *)fr->url_map_path, fr->url_map_cap,
                         um->pszPhysicalPath, &path) < 0) {
        return NULL;
    }
    return path;
}

static DWORD WINAPI isf_win32_paths_proc(HTTP_FILTER_CONTEXT *pfc,
                                         DWORD type, LPVOID notif)
{
    isf_slot_t *slot = isf_cur_slot;
    isf_win32_t *w = slot->filter->win32;
    isf_frame_t *fr = slot->conn->frame;
    HTTP_FILTER_URL_MAP_EX *um = notif;
    char *buf, *tmp, *unix_path = NULL, *shown = NULL;
    const char *now;
    apr_size_t cap;
    DWORD st;

    if (type != SF_NOTIFY_URL_MAP || !fr || fr->event != SF_NOTIFY_URL_MAP
        || !fr->url_map_path || !fr->r) {
        return w->proc(pfc, type, notif);
    }
    buf = (char *)fr->url_map_path;
    cap = fr->url_map_cap;
    tmp = apr_palloc(fr->r->pool, cap);
    /* A Windows form is never longer than its Unix path ("ROOT/c" becomes
     * "C:", a slash a backslash), so it fits where the path was. */
    now = isf_win32_map_now(fr, um);
    if (now && !w->to_windows(now, tmp, cap)) {
        apr_size_t root_len = um->cchMatchingPath;

        if (root_len && root_len <= strlen(now)) {
            char *root = apr_pstrmemdup(fr->r->pool, now, root_len);
            char *wroot = apr_palloc(fr->r->pool, root_len + 1);

            if (!w->to_windows(root, wroot, root_len + 1)) {
                um->cchMatchingPath = (DWORD)strlen(wroot);
            }
        }
        unix_path = apr_pstrdup(fr->r->pool, now);
        shown = apr_pstrdup(fr->r->pool, tmp);
        memcpy(buf, tmp, strlen(tmp) + 1);
        um->pszPhysicalPath = buf;
        um->cbPathBuff = (DWORD)cap;
    }
    st = w->proc(pfc, type, notif);
    if (!shown) {
        /* The path has no Windows form (a name with a backslash, which
         * would read as separators and "..") and the filter saw it as it
         * is: what it leaves is a Unix path too, never mapped. */
        return st;
    }
    now = isf_win32_map_now(fr, um);
    if (now && !strcmp(now, shown)) {
        /* Left as shown: the path it was, not its round trip (which
         * would look names up again and drop trailing dots). */
        memcpy(buf, unix_path, strlen(unix_path) + 1);
        um->pszPhysicalPath = buf;
    }
    else if (now) {
        if (!w->to_unix(now, tmp, cap)) {
            memmove(buf, tmp, strlen(tmp) + 1);
        }
        else {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, fr->r, ISFLOGNO(60)
                          "%s: URL_MAP: the Windows path it left, %s, names "
                          "no Unix path of at most %" APR_SIZE_T_FMT " bytes;"
                          " the path stays %s", slot->filter->path, now,
                          cap - 1, fr->r->filename);
            apr_cpystrn(buf, fr->r->filename, cap);
        }
        um->pszPhysicalPath = buf;
    }
    return st;
}

const char *isf_win32_path_for(const isf_filter_t *f, apr_pool_t *p,
                               const char *path)
{
    apr_size_t len;
    char *out;

    if (!f || !f->windows_paths || !path || !*path) {
        return path;
    }
    len = strlen(path) + 1;
    out = apr_palloc(p, len);
    return f->win32->to_windows(path, out, len) ? path : out;
}

const char *isf_win32_open(apr_pool_t *p, isf_filter_t *f, void *h)
{
    isf_win32_t *w = apr_pcalloc(p, sizeof(*w));
    Dl_info info;

    w->dllmain = (isf_dllmain_fn)dlsym(h, "DllMain");
    w->host_attach = (isapi_win32_host_fn)dlsym(h, "isapi_win32_host_attach");
    w->to_windows = (isapi_win32_path_fn)dlsym(h,
                                               "isapi_win32_path_to_windows");
    w->to_unix = (isapi_win32_path_fn)dlsym(h, "isapi_win32_path_to_unix");
    if (f->windows_paths && !(w->to_windows && w->to_unix)) {
        return apr_psprintf(p, "ISAPIFilter: %s: WindowsPaths needs a filter "
                            "built with isapi-cc (the library does not load "
                            "libisapiwin32.so)", f->path);
    }
    if (!w->dllmain && !w->host_attach) {
        return NULL;
    }
    if (f->windows_paths) {
        w->proc = f->proc;
        f->proc = isf_win32_paths_proc;
    }
    if (dladdr((void *)f->gfv, &info) && info.dli_fbase) {
        w->hinst = (HINSTANCE)info.dli_fbase;
    }
    /* dlsym searches the libraries the filter needs too: a DllMain is the
     * filter's only if it lies in the filter. */
    if (w->dllmain && (!dladdr((void *)w->dllmain, &info)
                       || info.dli_fbase != (void *)w->hinst)) {
        w->dllmain = NULL;
    }
    f->win32 = w;
    return NULL;
}

BOOL isf_win32_attach(isf_filter_t *f, DWORD *error)
{
    isf_win32_t *w = f->win32;
    BOOL ok;

    if (!w) {
        return TRUE;
    }
    isf_win32_log_s = f->s;
    if (w->host_attach) {
        isapi_win32_host host;

        host.version = ISAPI_WIN32_HOST_VERSION;
        host.windows_root = isf_g->windows_root;
        host.registry_file = isf_g->registry_file;
        host.log = isf_win32_log;
        if (!w->host_attach(&host)) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, f->s, ISFLOGNO(58)
                         "%s: its libisapiwin32.so does not take this "
                         "module's settings (host interface version %d): "
                         "ISAPIFilterWindowsRoot and ISAPIFilterRegistry do "
                         "not reach it", f->path, ISAPI_WIN32_HOST_VERSION);
        }
    }
    if (!w->dllmain) {
        return TRUE;
    }
    isf_last_error = 0;
    ok = w->dllmain(w->hinst, DLL_PROCESS_ATTACH, NULL);
    *error = ok ? 0 : isf_last_error;
    if (!ok) {
        /* LoadLibrary sends DETACH at once after a FALSE (lpReserved
         * NULL, as for FreeLibrary), so that what ATTACH set up before it
         * failed, a thread, a critical section, is undone; the filter is
         * then never called again in this process. */
        w->dllmain(w->hinst, DLL_PROCESS_DETACH, NULL);
    }
    return ok;
}

void isf_win32_detach(isf_filter_t *f, int at_exit)
{
    isf_win32_t *w = f->win32;

    if (w && w->dllmain) {
        /* lpReserved: non-NULL as the process ends, NULL when the filter
         * is unloaded from a process that goes on (Windows' FreeLibrary),
         * as after a GetFilterVersion that failed in a child. */
        w->dllmain(w->hinst, DLL_PROCESS_DETACH, at_exit ? (LPVOID)1 : NULL);
    }
}
