// mfc_filter.cc: afxisapi.h and libisapimfc.a as a wizard-style filter
// uses them: a CHttpFilter subclass, called through the exported
// GetFilterVersion/HttpFilterProc/TerminateFilter the library supplies,
// with a fake HTTP_FILTER_CONTEXT whose functions record their calls.
// Checks the dispatch to every handler, the base class's defaults, the
// CHttpFilterContext members, and that an escaping C++ exception is
// contained and logged.
// What the wizard's stdafx.h includes.
#include <afx.h>
#include <afxwin.h>
#include <afxisapi.h>
#include <dlfcn.h>
#include <isapi/win_host.h>
#include <stdexcept>
#include <string>
#include "tap.h"

// ---- The host's log, captured ----

static std::string logged;

static void host_log(int level, const char *, const char *msg)
{
    if (level <= ISW_LOG_ERR) {
        logged += msg;
        logged += "\n";
    }
}

static bool log_has(const char *s)
{
    return logged.find(s) != std::string::npos;
}

// ---- A fake server context recording what the wrapper passes ----

static struct {
    PHTTP_FILTER_CONTEXT pfc;
    const char *name;
    void *p;
    DWORD dw;
    ULONG_PTR ul1, ul2;
    int sfreq;
} seen;

static BOOL WINAPI fake_gsv(PHTTP_FILTER_CONTEXT pfc, LPSTR name, LPVOID buf,
                            LPDWORD size)
{
    seen.pfc = pfc;
    seen.name = name;
    seen.p = buf;
    seen.dw = *size;
    return TRUE;
}

static BOOL WINAPI fake_arh(PHTTP_FILTER_CONTEXT pfc, LPSTR h, DWORD r)
{
    seen.pfc = pfc;
    seen.name = h;
    seen.dw = r;
    return TRUE;
}

static BOOL WINAPI fake_wc(PHTTP_FILTER_CONTEXT pfc, LPVOID buf, LPDWORD n,
                           DWORD r)
{
    seen.pfc = pfc;
    seen.p = buf;
    seen.dw = *n + r;
    return TRUE;
}

static char arena[64];

static VOID *WINAPI fake_alloc(PHTTP_FILTER_CONTEXT pfc, DWORD cb, DWORD r)
{
    seen.pfc = pfc;
    seen.dw = cb + r;
    return arena;
}

static BOOL WINAPI fake_ssf(PHTTP_FILTER_CONTEXT pfc, enum SF_REQ_TYPE req,
                           PVOID data, ULONG_PTR ul1, ULONG_PTR ul2)
{
    seen.pfc = pfc;
    seen.sfreq = req;
    seen.p = data;
    seen.ul1 = ul1;
    seen.ul2 = ul2;
    return TRUE;
}

// ---- The filter, in the wizard's shape ----

enum { THROW_NONE, THROW_STD, THROW_INT, THROW_BADALLOC };
static int throw_mode;
static const char *last_handler;
static void *last_notification;
static PHTTP_FILTER_CONTEXT last_pfc;

class CTestFilter : public CHttpFilter
{
public:
    CTestFilter() {}
    ~CTestFilter() {}

// Overrides
    // ClassWizard generated virtual function overrides
    //{{AFX_VIRTUAL(CTestFilter)
public:
    virtual BOOL GetFilterVersion(PHTTP_FILTER_VERSION pVer);
    virtual DWORD OnReadRawData(CHttpFilterContext *pCtxt, PHTTP_FILTER_RAW_DATA p)
        { return note("OnReadRawData", pCtxt, p); }
    virtual DWORD OnPreprocHeaders(CHttpFilterContext *pCtxt, PHTTP_FILTER_PREPROC_HEADERS p)
        { return note("OnPreprocHeaders", pCtxt, p); }
    virtual DWORD OnAuthentication(CHttpFilterContext *pCtxt, PHTTP_FILTER_AUTHENT p)
        { return note("OnAuthentication", pCtxt, p); }
    virtual DWORD OnUrlMap(CHttpFilterContext *pCtxt, PHTTP_FILTER_URL_MAP p)
        { return note("OnUrlMap", pCtxt, p); }
    virtual DWORD OnSendRawData(CHttpFilterContext *pCtxt, PHTTP_FILTER_RAW_DATA p)
        { return note("OnSendRawData", pCtxt, p); }
    virtual DWORD OnLog(CHttpFilterContext *pCtxt, PHTTP_FILTER_LOG p)
        { return note("OnLog", pCtxt, p); }
    virtual DWORD OnEndOfNetSession(CHttpFilterContext *pCtxt)
        { return note("OnEndOfNetSession", pCtxt, NULL); }
    virtual DWORD OnEndOfRequest(CHttpFilterContext *pCtxt)
        { return note("OnEndOfRequest", pCtxt, NULL); }
    virtual DWORD OnAuthComplete(CHttpFilterContext *pCtxt, PHTTP_FILTER_AUTH_COMPLETE_INFO p)
        { return note("OnAuthComplete", pCtxt, p); }
    virtual DWORD OnSendResponse(CHttpFilterContext *pCtxt, PHTTP_FILTER_SEND_RESPONSE p)
        { return note("OnSendResponse", pCtxt, p); }
    virtual DWORD OnAccessDenied(CHttpFilterContext *pCtxt, PHTTP_FILTER_ACCESS_DENIED p)
        { return note("OnAccessDenied", pCtxt, p); }
    //}}AFX_VIRTUAL

    //{{AFX_MSG(CTestFilter)
    //}}AFX_MSG

    CHAR base_desc[SF_MAX_FILTER_DESC_LEN];
    DWORD base_version, base_flags;

private:
    DWORD note(const char *h, CHttpFilterContext *pCtxt, void *p)
    {
        AFX_MANAGE_STATE(AfxGetStaticModuleState());
        last_handler = h;
        last_notification = p;
        last_pfc = pCtxt->m_pFC;
        ISAPITRACE1("%s\n", h);
        switch (throw_mode) {
        case THROW_STD:
            throw std::runtime_error("boom in a handler");
        case THROW_INT:
            throw 42;
        case THROW_BADALLOC:
            throw std::bad_alloc();
        }
        return SF_STATUS_REQ_HANDLED_NOTIFICATION;
    }
};

BOOL CTestFilter::GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    // Call default implementation for initialization
    CHttpFilter::GetFilterVersion(pVer);
    strcpy(base_desc, pVer->lpszFilterDesc);
    base_version = pVer->dwFilterVersion;
    base_flags = pVer->dwFlags;
    if (throw_mode == THROW_STD) {
        throw std::runtime_error("boom in GetFilterVersion");
    }
    // Clear the flags set by base class, set the ones we handle
    pVer->dwFlags &= ~SF_NOTIFY_ORDER_MASK;
    pVer->dwFlags |= SF_NOTIFY_ORDER_LOW | SF_NOTIFY_SECURE_PORT |
                     SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_URL_MAP;
    strcpy(pVer->lpszFilterDesc, "Test filter");
    ISAPITRACE0("GetFilterVersion\n");
    ISAPITRACE2("%s %d\n", "two", 2);
    ISAPITRACE3("%s %d %c\n", "three", 3, '!');
    TRACE("%d\n", 1);
    ISAPIASSERT(pVer != NULL);
    ISAPIVERIFY(pVer->dwFlags != 0);
    return TRUE;
}

// Do not edit the following lines, which are needed by ClassWizard.
#if 0
BEGIN_MESSAGE_MAP(CTestFilter, CHttpFilter)
    //{{AFX_MSG_MAP(CTestFilter)
    //}}AFX_MSG_MAP
END_MESSAGE_MAP()
#endif  // 0

// The wizard's "one and only CWinApp object"
CWinApp theApp;

int main()
{
    isapi_win32_host host = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, host_log };
    HTTP_FILTER_VERSION ver;
    HTTP_FILTER_CONTEXT fc;
    char buf[32];
    DWORD n;

    isapi_win32_host_attach(&host);
    memset(&fc, 0, sizeof(fc));
    fc.cbSize = sizeof(fc);
    fc.GetServerVariable = fake_gsv;
    fc.AddResponseHeaders = fake_arh;
    fc.WriteClient = fake_wc;
    fc.AllocMem = fake_alloc;
    fc.ServerSupportFunction = fake_ssf;

    // No filter object yet: the load fails, and says why.
    memset(&ver, 0, sizeof(ver));
    is_int(GetFilterVersion(&ver), FALSE, "no CHttpFilter object: GetFilterVersion FALSE");
    ok(log_has("no CHttpFilter object") && log_has("mfc_filter.bin"),
       "logged, with the filter's name");
    is_int(HttpFilterProc(&fc, SF_NOTIFY_URL_MAP, NULL),
           SF_STATUS_REQ_NEXT_NOTIFICATION, "and HttpFilterProc passes on");

    // The object (a global in a filter; here made now, the same path).
    CTestFilter *filter = new CTestFilter;
    memset(&ver, 0, sizeof(ver));
    ver.dwServerFilterVersion = HTTP_FILTER_REVISION;
    ver.dwFlags = 0xFFFFFFFF;
    is_int(GetFilterVersion(&ver), TRUE, "GetFilterVersion reaches the object");
    is_int(filter->base_version, HTTP_FILTER_REVISION, "base sets dwFilterVersion");
    is_int(filter->base_flags, SF_NOTIFY_ORDER_DEFAULT, "base sets dwFlags to SF_NOTIFY_ORDER_DEFAULT");
    is_str(filter->base_desc, "mfc_filter", "base description: the filter's name");
    is_int(ver.dwFlags, SF_NOTIFY_ORDER_LOW | SF_NOTIFY_SECURE_PORT |
           SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_URL_MAP, "the override's flags");
    is_str(ver.lpszFilterDesc, "Test filter", "the override's description");

    // Dispatch, one notification at a time.
    static const struct { DWORD type; const char *handler; } table[] = {
        { SF_NOTIFY_READ_RAW_DATA, "OnReadRawData" },
        { SF_NOTIFY_PREPROC_HEADERS, "OnPreprocHeaders" },
        { SF_NOTIFY_AUTHENTICATION, "OnAuthentication" },
        { SF_NOTIFY_URL_MAP, "OnUrlMap" },
        { SF_NOTIFY_SEND_RAW_DATA, "OnSendRawData" },
        { SF_NOTIFY_LOG, "OnLog" },
        { SF_NOTIFY_END_OF_NET_SESSION, "OnEndOfNetSession" },
        { SF_NOTIFY_END_OF_REQUEST, "OnEndOfRequest" },
        { SF_NOTIFY_AUTH_COMPLETE, "OnAuthComplete" },
        { SF_NOTIFY_SEND_RESPONSE, "OnSendResponse" },
        { SF_NOTIFY_ACCESS_DENIED, "OnAccessDenied" },
    };
    char notification[64];
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        bool has_struct = table[i].type != SF_NOTIFY_END_OF_NET_SESSION &&
                          table[i].type != SF_NOTIFY_END_OF_REQUEST;
        last_handler = NULL;
        last_notification = NULL;
        last_pfc = NULL;
        DWORD rc = HttpFilterProc(&fc, table[i].type, notification);
        std::string msg = std::string(table[i].handler) + " called, with the context and the notification";
        ok(rc == SF_STATUS_REQ_HANDLED_NOTIFICATION && last_handler &&
           !strcmp(last_handler, table[i].handler) && last_pfc == &fc &&
           last_notification == (has_struct ? notification : NULL),
           msg.c_str());
    }
    last_handler = NULL;
    is_int(HttpFilterProc(&fc, SF_NOTIFY_EXTENSION_TRIGGER, notification),
           SF_STATUS_REQ_NEXT_NOTIFICATION, "a notification without a handler: NEXT_NOTIFICATION");
    ok(last_handler == NULL, "and no handler called");

    // The base class's handlers all pass the notification on.
    CHttpFilterContext ctx(&fc);
    ok(ctx.m_pFC == &fc, "CHttpFilterContext keeps the context in m_pFC");
    DWORD next = SF_STATUS_REQ_NEXT_NOTIFICATION;
    ok(filter->CHttpFilter::OnReadRawData(&ctx, NULL) == next &&
       filter->CHttpFilter::OnPreprocHeaders(&ctx, NULL) == next &&
       filter->CHttpFilter::OnAuthentication(&ctx, NULL) == next &&
       filter->CHttpFilter::OnUrlMap(&ctx, NULL) == next &&
       filter->CHttpFilter::OnSendRawData(&ctx, NULL) == next &&
       filter->CHttpFilter::OnLog(&ctx, NULL) == next &&
       filter->CHttpFilter::OnEndOfNetSession(&ctx) == next &&
       filter->CHttpFilter::OnEndOfRequest(&ctx) == next &&
       filter->CHttpFilter::OnAuthComplete(&ctx, NULL) == next &&
       filter->CHttpFilter::OnSendResponse(&ctx, NULL) == next &&
       filter->CHttpFilter::OnAccessDenied(&ctx, NULL) == next,
       "every base handler returns SF_STATUS_REQ_NEXT_NOTIFICATION");

    // The context members call through the server's pointers.
    n = sizeof(buf);
    ok(ctx.GetServerVariable((LPTSTR)"URL", buf, &n) && seen.pfc == &fc &&
       !strcmp(seen.name, "URL") && seen.p == buf && seen.dw == sizeof(buf),
       "GetServerVariable calls pfc->GetServerVariable(pfc, ...)");
    memset(&seen, 0, sizeof(seen));
    ok(ctx.AddResponseHeaders((LPTSTR)"X-A: 1\r\n") && seen.pfc == &fc &&
       !strcmp(seen.name, "X-A: 1\r\n") && seen.dw == 0,
       "AddResponseHeaders, dwReserved defaulting to 0");
    memset(&seen, 0, sizeof(seen));
    n = 5;
    ok(ctx.WriteClient((LPVOID)"hello", &n) && seen.pfc == &fc &&
       seen.dw == 5, "WriteClient, dwReserved defaulting to 0");
    memset(&seen, 0, sizeof(seen));
    ok(ctx.AllocMem(48) == arena && seen.pfc == &fc && seen.dw == 48,
       "AllocMem, dwReserved defaulting to 0");
    memset(&seen, 0, sizeof(seen));
    ok(ctx.ServerSupportFunction(SF_REQ_SET_NEXT_READ_SIZE, NULL,
                                 (LPDWORD)8192, NULL) &&
       seen.pfc == &fc && seen.sfreq == SF_REQ_SET_NEXT_READ_SIZE &&
       seen.ul1 == 8192 && seen.ul2 == 0,
       "ServerSupportFunction: lpdwSize and lpdwDataType arrive as ul1, ul2");
    memset(&seen, 0, sizeof(seen));
    ok(ctx.ServerSupportFunction(SF_REQ_SEND_RESPONSE_HEADER,
                                 (LPVOID)"401 Denied",
                                 (LPDWORD)"WWW-Authenticate: Basic\r\n\r\n", 0) &&
       !strcmp((const char *)seen.p, "401 Denied") &&
       !strcmp((const char *)seen.ul1, "WWW-Authenticate: Basic\r\n\r\n"),
       "ServerSupportFunction(SF_REQ_SEND_RESPONSE_HEADER, status, headers)");

    // Exceptions stop at the entry points.
    logged.clear();
    throw_mode = THROW_STD;
    SetLastError(0);
    is_int(HttpFilterProc(&fc, SF_NOTIFY_URL_MAP, notification),
           SF_STATUS_REQ_ERROR, "a std::exception from a handler: SF_STATUS_REQ_ERROR");
    is_int(GetLastError(), 1359, "GetLastError() ERROR_INTERNAL_ERROR");
    ok(log_has("mfc_filter.bin") && log_has("std::runtime_error") &&
       log_has("boom in a handler") && log_has("HttpFilterProc"),
       "logged with the filter's name, the type and what()");
    diag(logged.substr(0, logged.size() - 1).c_str());
    throw_mode = THROW_INT;
    is_int(HttpFilterProc(&fc, SF_NOTIFY_LOG, notification),
           SF_STATUS_REQ_ERROR, "an int thrown: SF_STATUS_REQ_ERROR");
    ok(log_has("exception int escaped"), "logged with its type");
    throw_mode = THROW_BADALLOC;
    is_int(HttpFilterProc(&fc, SF_NOTIFY_PREPROC_HEADERS, notification),
           SF_STATUS_REQ_ERROR, "std::bad_alloc: SF_STATUS_REQ_ERROR");
    is_int(GetLastError(), ERROR_NOT_ENOUGH_MEMORY, "GetLastError() ERROR_NOT_ENOUGH_MEMORY");
    throw_mode = THROW_STD;
    is_int(GetFilterVersion(&ver), FALSE, "an exception from GetFilterVersion: FALSE");
    ok(log_has("boom in GetFilterVersion"), "logged");
    throw_mode = THROW_NONE;
    is_int(HttpFilterProc(&fc, SF_NOTIFY_URL_MAP, notification),
           SF_STATUS_REQ_HANDLED_NOTIFICATION, "the filter goes on working after");

    // One object per filter.
    logged.clear();
    CTestFilter *second = new CTestFilter;
    ok(log_has("second CHttpFilter"), "a second object is logged");
    last_handler = NULL;
    HttpFilterProc(&fc, SF_NOTIFY_LOG, notification);
    ok(last_handler != NULL, "and the first keeps the notifications");
    delete second;

    // The module's handles.
    Dl_info info;
    dladdr((void *)&main, &info);
    ok(AfxGetInstanceHandle() == (HINSTANCE)info.dli_fbase,
       "AfxGetInstanceHandle: the load address of the filter's object");
    ok(AfxGetResourceHandle() == AfxGetInstanceHandle(), "AfxGetResourceHandle: the same");
    ok(AfxGetApp() == &theApp && theApp.m_hInstance == AfxGetInstanceHandle(),
       "CWinApp theApp: AfxGetApp, m_hInstance");

    is_int(TerminateFilter(HSE_TERM_MUST_UNLOAD), TRUE, "TerminateFilter reaches the base: TRUE");
    delete filter;
    last_handler = NULL;
    is_int(HttpFilterProc(&fc, SF_NOTIFY_URL_MAP, notification),
           SF_STATUS_REQ_NEXT_NOTIFICATION, "after the object's destructor: nothing called");
    ok(last_handler == NULL, "no handler");
    return done();
}
