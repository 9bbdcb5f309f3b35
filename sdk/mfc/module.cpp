/*
 * module.cpp: the filter as a module: its HINSTANCE (the load address of
 * the shared object this archive is linked into, as the SDK runtime's
 * HMODULEs are), its file name, the log lines the library writes, TRACE
 * and ASSERT, and CWinApp.
 */
#include "mfc.h"
#include <afxwin.h>

#include <dlfcn.h>

/* Any address inside the filter finds it: this function's is.  Looked
 * up once; C++ makes that first initialisation thread-safe, and
 * handlers run on many threads. */
struct self_lookup {
    Dl_info info;
    bool found;
};

static self_lookup find_self()
{
    self_lookup s;

    memset(&s, 0, sizeof(s));
    s.found = dladdr((void *)&find_self, &s.info) != 0;
    return s;
}

static const Dl_info *self_info()
{
    static const self_lookup self = find_self();

    return self.found ? &self.info : NULL;
}

HINSTANCE AFXAPI AfxGetInstanceHandle()
{
    const Dl_info *info = self_info();

    return info ? (HINSTANCE)info->dli_fbase : NULL;
}

const char *isapimfc_filter_name()
{
    const Dl_info *info = self_info();
    const char *slash;

    if (!info || !info->dli_fname) {
        return "";
    }
    slash = strrchr(info->dli_fname, '/');
    return slash ? slash + 1 : info->dli_fname;
}

void isapimfc_log_error(const char *fmt, ...)
{
    static HANDLE source = RegisterEventSourceA(NULL, "isapimfc");
    char msg[1024];
    char line[1200];
    LPCSTR strings[1] = { line };
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(line, sizeof(line), "filter %s: %s", isapimfc_filter_name(), msg);
    /* ReportEvent writes at error level into the host's log. */
    if (!source || !ReportEventA(source, EVENTLOG_ERROR_TYPE, 0, 1, NULL, 1,
                                 0, strings, NULL)) {
        OutputDebugStringA(line);
    }
}

void AFX_CDECL AfxTrace(LPCTSTR lpszFormat, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, lpszFormat);
    vsnprintf(msg, sizeof(msg), lpszFormat, ap);
    va_end(ap);
    OutputDebugStringA(msg);
}

BOOL AFXAPI AfxAssertFailedLine(LPCSTR lpszFileName, int nLine)
{
    isapimfc_log_error("ASSERT failed at %s:%d", lpszFileName, nLine);
    return FALSE;
}

/* ---- CWinApp: the wizard's "one and only" object ---- */

static CWinApp *the_app;

CWinApp::CWinApp(LPCTSTR lpszAppName)
    : m_pszAppName(lpszAppName), m_hInstance(AfxGetInstanceHandle())
{
    if (!the_app) {
        the_app = this;
    }
}

CWinApp::~CWinApp()
{
    if (the_app == this) {
        the_app = NULL;
    }
}

CWinApp *AFXAPI AfxGetApp()
{
    return the_app;
}
