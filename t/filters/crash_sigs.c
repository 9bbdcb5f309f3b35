/*
 * crash_sigs.c: a careless filter that meddles with signals in its
 * GetFilterVersion, then crashes (t/security/crash_sigs.t).
 *
 * GetFilterVersion (in the start-up probe too, where it does no harm):
 *   CRASH_SIGS_MODE=block    blocks every signal in the calling thread and
 *                            never unblocks them (what a filter does to
 *                            start a thread of its own that takes no
 *                            signal, forgetting to restore its caller's
 *                            mask)
 *   CRASH_SIGS_MODE=handler  sets SIGSEGV back to its default action (as a
 *                            library with its own ideas about signals
 *                            does), replacing whatever handler was there
 * PREPROC_HEADERS: a url containing /crash/segv writes through a NULL
 * pointer.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "httpfilt.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    const char *mode = getenv("CRASH_SIGS_MODE");

    if (mode) {
        if (!strcmp(mode, "block")) {
            sigset_t all;

            sigfillset(&all);
            pthread_sigmask(SIG_BLOCK, &all, NULL);
        }
        else if (!strcmp(mode, "handler")) {
            signal(SIGSEGV, SIG_DFL);
        }
    }
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "crash_sigs: meddles with signals");
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD type,
                            LPVOID notif)
{
    HTTP_FILTER_PREPROC_HEADERS *ph = notif;
    char url[1024];
    DWORD size = sizeof(url);

    if (type == SF_NOTIFY_PREPROC_HEADERS
        && ph->GetHeader(pfc, "url", url, &size)
        && strstr(url, "/crash/segv")) {
        *(volatile int *)0 = 1;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
