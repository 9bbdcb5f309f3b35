/*
 * crash_pair.c: two threads of one child crash at the same moment
 * (t/security/crash_nested.t).  PREPROC_HEADERS for a url under /pair/
 * counts itself in, waits (up to 5 seconds) until a second request is in
 * too, then both write through a NULL pointer.  Any other url: NEXT.
 */
#include <string.h>
#include <time.h>

#include "httpfilt.h"

static volatile int cp_in;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "crash_pair: two threads crash at once");
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD type, LPVOID pv)
{
    HTTP_FILTER_PREPROC_HEADERS *ph = pv;
    char url[512];
    DWORD size = sizeof(url);
    struct timespec ms = { 0, 1000000 };
    int i;

    if (type == SF_NOTIFY_PREPROC_HEADERS
        && ph->GetHeader(pfc, "url", url, &size)
        && !strncmp(url, "/pair/", 6)) {
        __atomic_add_fetch(&cp_in, 1, __ATOMIC_SEQ_CST);
        for (i = 0; i < 5000 && __atomic_load_n(&cp_in, __ATOMIC_SEQ_CST) < 2;
             i++) {
            nanosleep(&ms, NULL);
        }
        *(volatile int *)0 = 1;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
