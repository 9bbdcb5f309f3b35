/*
 * cb_probe_fail.c: a filter whose entry points fail the hard way, as the
 * environment variable CB_PROBE_FAIL says (t/config/refusal_reasons.t):
 *
 *   abort        GetFilterVersion calls abort(): its process dies of SIGABRT
 *   exit         GetFilterVersion calls exit(3): it never returns
 *   hang         GetFilterVersion never returns (sleeps)
 *   term-abort   GetFilterVersion succeeds, TerminateFilter calls abort()
 *
 * Unset or anything else: a well-behaved filter.  The configuration runs
 * GetFilterVersion (and TerminateFilter) in a process of its own, so start-up
 * must stop with the file and the reason, and no httpd process may die.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <httpfilt.h>

static int cb_mode(const char *what)
{
    const char *mode = getenv("CB_PROBE_FAIL");

    return mode && !strcmp(mode, what);
}

/* abort(), leaving no core file: Apache::Test takes one in t/ for a
 * crash of the test server. */
static void cb_abort(void)
{
    struct rlimit none = { 0, 0 };

    setrlimit(RLIMIT_CORE, &none);
    abort();
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    if (cb_mode("abort")) {
        cb_abort();
    }
    if (cb_mode("exit")) {
        exit(3);
    }
    while (cb_mode("hang")) {
        sleep(1);
    }
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_probe_fail: fails as told");
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pfc;
    (void)NotificationType;
    (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    (void)dwFlags;
    if (cb_mode("term-abort")) {
        cb_abort();
    }
    return TRUE;
}
