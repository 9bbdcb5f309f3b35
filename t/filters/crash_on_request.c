/*
 * crash_on_request.c: a filter that crashes when asked to
 * (t/lifetime/crash.t, throwaway servers).
 *
 * PREPROC_HEADERS reads the URL (READ_RAW_DATA the request line, for a
 * request httpd refuses before PREPROC_HEADERS).  When it contains
 *   /crash/segv    the filter writes through a NULL pointer (SIGSEGV)
 *   /crash/abort   it calls abort() (SIGABRT)
 *   /crash/fpe     it divides by zero (SIGFPE)
 *   /crash/ill     it runs an invalid instruction (SIGILL)
 * in the notification named by the query "in=NAME" (the SF_NOTIFY_ name
 * without its prefix: READ_RAW_DATA, PREPROC_HEADERS, URL_MAP, AUTHENTICATION,
 * SEND_RESPONSE, SEND_RAW_DATA, END_OF_REQUEST, LOG, END_OF_NET_SESSION;
 * URL_MAP when there is none).  With "break=slot" in the query too, it
 * first overwrites the pointer the bridge keeps right after the
 * HTTP_FILTER_CONTEXT (as a write past it would), so the fault handler
 * meets a broken connection pointer.  /crash/at-exit makes this process's
 * TerminateFilter write through a NULL pointer instead.  GetFilterVersion
 * does when the file the environment variable CRASH_ON_REQUEST_GFV names
 * exists.  Every response
 * it sees the PREPROC_HEADERS of carries "X-Crash-Pid: <pid>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "httpfilt.h"

#define CR_EVENTS (SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP          \
                   | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_SEND_RESPONSE   \
                   | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST   \
                   | SF_NOTIFY_LOG | SF_NOTIFY_END_OF_NET_SESSION       \
                   | SF_NOTIFY_READ_RAW_DATA)

typedef enum { CR_SEGV = 1, CR_ABORT, CR_FPE, CR_ILL } cr_how_t;

typedef struct {
    DWORD event;
    cr_how_t how;
    int break_slot;
} cr_plan_t;

static const struct {
    const char *name;
    DWORD event;
} cr_events[] = {
    { "READ_RAW_DATA", SF_NOTIFY_READ_RAW_DATA },
    { "PREPROC_HEADERS", SF_NOTIFY_PREPROC_HEADERS },
    { "URL_MAP", SF_NOTIFY_URL_MAP },
    { "AUTHENTICATION", SF_NOTIFY_AUTHENTICATION },
    { "SEND_RESPONSE", SF_NOTIFY_SEND_RESPONSE },
    { "SEND_RAW_DATA", SF_NOTIFY_SEND_RAW_DATA },
    { "END_OF_REQUEST", SF_NOTIFY_END_OF_REQUEST },
    { "LOG", SF_NOTIFY_LOG },
    { "END_OF_NET_SESSION", SF_NOTIFY_END_OF_NET_SESSION },
};

static volatile int cr_at_exit;

/* The sanitizer build (SANITIZE=1) must not report what is done here on
 * purpose: the fault itself is the point. */
__attribute__((noinline, no_sanitize("address", "undefined")))
static void cr_crash(cr_how_t how)
{
    /* volatile throughout, or the compiler drops the store and turns the
     * division into a compare. */
    volatile int *volatile nowhere = NULL;
    volatile int one = 1, zero = 0, x;

    switch (how) {
    case CR_SEGV:
        *nowhere = 1;
        break;
    case CR_ABORT:
        abort();
    case CR_FPE:
        x = one / zero;
        (void)x;
        break;
    case CR_ILL:
        __builtin_trap();
    }
}

static DWORD cr_event_of(const char *url)
{
    const char *in = strstr(url, "in=");
    size_t i;

    if (in) {
        in += 3;
        for (i = 0; i < sizeof(cr_events) / sizeof(cr_events[0]); i++) {
            size_t n = strlen(cr_events[i].name);

            if (!strncmp(in, cr_events[i].name, n)
                && (in[n] == '\0' || in[n] == '&' || in[n] == ' ')) {
                return cr_events[i].event;
            }
        }
    }
    return SF_NOTIFY_URL_MAP;
}

/* What url (the request's, or its raw first line) asks for. */
static void cr_decide(HTTP_FILTER_CONTEXT *pfc, const char *url)
{
    cr_plan_t *plan;
    cr_how_t how = 0;

    if (strstr(url, "/crash/at-exit")) {
        cr_at_exit = 1;
    }
    else if (strstr(url, "/crash/segv")) {
        how = CR_SEGV;
    }
    else if (strstr(url, "/crash/abort")) {
        how = CR_ABORT;
    }
    else if (strstr(url, "/crash/fpe")) {
        how = CR_FPE;
    }
    else if (strstr(url, "/crash/ill")) {
        how = CR_ILL;
    }
    if (!how) {
        return;
    }
    plan = pfc->AllocMem(pfc, sizeof(*plan), 0);
    if (plan) {
        plan->event = cr_event_of(url);
        plan->how = how;
        plan->break_slot = strstr(url, "break=slot") != NULL;
        pfc->pFilterContext = plan;
    }
}

static void cr_preproc(HTTP_FILTER_CONTEXT *pfc,
                       HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char url[2048], pid[64];
    DWORD size = sizeof(url);

    snprintf(pid, sizeof(pid), "X-Crash-Pid: %ld\r\n", (long)getpid());
    pfc->AddResponseHeaders(pfc, pid, 0);
    pfc->pFilterContext = NULL;
    if (ph->GetHeader(pfc, "url", url, &size)) {
        cr_decide(pfc, url);
    }
}

/* A request line httpd refuses (400) has no PREPROC_HEADERS: its raw
 * bytes decide, for the notifications of the error response. */
static void cr_raw(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    char line[2048];
    size_t n = raw->cbInData < sizeof(line) - 1 ? raw->cbInData
                                                : sizeof(line) - 1;
    char *eol;

    memcpy(line, raw->pvInData, n);
    line[n] = '\0';
    if ((eol = strstr(line, "\r\n"))) {
        *eol = '\0';
    }
    if (strstr(line, "/crash/")) {
        pfc->pFilterContext = NULL;
        cr_decide(pfc, line);
    }
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD type,
                            LPVOID notif)
{
    const cr_plan_t *plan;

    if (type == SF_NOTIFY_READ_RAW_DATA) {
        cr_raw(pfc, notif);
    }
    else if (type == SF_NOTIFY_PREPROC_HEADERS) {
        cr_preproc(pfc, notif);
    }
    plan = pfc->pFilterContext;
    if (plan && plan->event == type) {
        if (plan->break_slot) {
            /* What a write past the HTTP_FILTER_CONTEXT does to the
             * bridge's slot behind it: its connection pointer. */
            ((void *volatile *)(pfc + 1))[0] = (void *)16;
        }
        cr_crash(plan->how);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    const char *flag = getenv("CRASH_ON_REQUEST_GFV");

    if (flag && *flag && access(flag, F_OK) == 0) {
        cr_crash(CR_SEGV);
    }
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "crash_on_request: crashes on demand",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = CR_EVENTS | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    (void)dwFlags;
    if (cr_at_exit) {
        cr_crash(CR_SEGV);
    }
    return TRUE;
}
