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
 * DLL_PROCESS_DETACH follows TerminateFilter as the process ends.
 * DLL_THREAD_ATTACH/DETACH are never sent (README, "Porting").
 */
#include "runtime/runtime.h"

#include <dlfcn.h>

#include "http_main.h"
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
};

/* The runtime's log lines (OutputDebugString, ReportEvent, the runtime's
 * own notes) in the error log, at the level the runtime chose, under
 * this module's LogLevel.  Called from any thread of the filter's. */
static void isf_win32_log(int level, const char *filter, const char *msg)
{
    ap_log_error(APLOG_MARK, level, 0, ap_server_conf, ISFLOGNO(57) "%s: %s",
                 filter ? filter : "libisapiwin32.so", msg);
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
    if (dladdr((void *)f->gfv, &info) && info.dli_fbase) {
        w->hinst = (HINSTANCE)info.dli_fbase;
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
    return ok;
}

void isf_win32_detach(isf_filter_t *f)
{
    isf_win32_t *w = f->win32;

    if (w && w->dllmain) {
        /* lpReserved non-NULL: the process is ending, as on Windows when
         * DETACH comes from process exit rather than FreeLibrary. */
        w->dllmain(w->hinst, DLL_PROCESS_DETACH, (LPVOID)1);
    }
}
