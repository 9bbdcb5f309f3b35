/* debug.c: OutputDebugString and the event log reach the host's log at
 * the matching level, naming the filter (here the test program itself). */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

#include <limits.h>
#include <stdlib.h>

static int level, count;
static char filter[512], msg[2048];

static void logcb(int l, const char *f, const char *m)
{
    level = l;
    count++;
    snprintf(filter, sizeof(filter), "%s", f ? f : "(null)");
    snprintf(msg, sizeof(msg), "%s", m);
}

/* The filter named is this program: the same file as /proc/self/exe. */
static int names_me(void)
{
    char a[4096], b[4096];

    return realpath(filter, a) && realpath("/proc/self/exe", b) && !strcmp(a, b);
}

int main(void)
{
    isapi_win32_host h = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, logcb };
    const char *strs[] = { "disk full", "C:\\logs" };
    const WCHAR wide[] = { 'c', 'a', 'f', 0xE9, '\n', 0 };
    HANDLE ev;

    ok(isapi_win32_host_attach(&h), "host attached");

    OutputDebugStringA("MyFilter: started\n");
    is_int(level, ISW_LOG_DEBUG, "OutputDebugString logs at debug level");
    is_str(msg, "OutputDebugString: MyFilter: started", "the text, its newline dropped");
    ok(names_me(), "naming the caller's object (the test binary)");

    OutputDebugStringW(wide);
    is_str(msg, "OutputDebugString: caf\xc3\xa9", "OutputDebugStringW in UTF-8");

    ok(!IsDebuggerPresent(), "IsDebuggerPresent is FALSE");
    count = 0;
    DebugBreak();
    ok(count == 1 && level == ISW_LOG_ERR, "DebugBreak logs an error and returns");

    SetLastError(0);
    ok(RegisterEventSourceA(NULL, NULL) == NULL, "RegisterEventSource without a source fails");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    ev = RegisterEventSourceA(NULL, "UrlRewrite");
    ok(ev != NULL, "RegisterEventSource gives a handle");

    ok(ReportEventA(ev, EVENTLOG_ERROR_TYPE, 0, 0xC0000064, NULL, 2, 0, strs, NULL),
       "ReportEvent");
    is_int(level, ISW_LOG_ERR, "EVENTLOG_ERROR_TYPE at error level");
    is_str(msg, "ReportEvent: source UrlRewrite, event 100: disk full; C:\\logs",
           "naming source, event id and strings");
    ok(names_me(), "and the filter");
    ReportEventA(ev, EVENTLOG_WARNING_TYPE, 0, 7, NULL, 0, 0, NULL, NULL);
    is_int(level, ISW_LOG_WARNING, "EVENTLOG_WARNING_TYPE at warning level");
    is_str(msg, "ReportEvent: source UrlRewrite, event 7", "no strings, no colon");
    ReportEventA(ev, EVENTLOG_INFORMATION_TYPE, 0, 1, NULL, 1, 0, strs, NULL);
    is_int(level, ISW_LOG_INFO, "EVENTLOG_INFORMATION_TYPE at info level");
    ReportEventA(ev, EVENTLOG_AUDIT_FAILURE, 0, 1, NULL, 1, 0, strs, NULL);
    is_int(level, ISW_LOG_NOTICE, "audit events at notice level");
    ReportEventA(ev, EVENTLOG_AUDIT_SUCCESS, 0, 1, NULL, 1, 0, strs, NULL);
    is_int(level, ISW_LOG_NOTICE, "both of them");

    ok(!CloseHandle(ev), "CloseHandle does not close an event source");
    ok(DeregisterEventSource(ev), "DeregisterEventSource does");
    SetLastError(0);
    ok(!ReportEventA(ev, EVENTLOG_ERROR_TYPE, 0, 1, NULL, 0, 0, NULL, NULL),
       "ReportEvent on a closed source fails");
    is_int(GetLastError(), ERROR_INVALID_HANDLE, "with ERROR_INVALID_HANDLE");
    ok(!DeregisterEventSource(ev), "twice fails");
    return done();
}
