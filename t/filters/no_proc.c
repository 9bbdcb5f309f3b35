/*
 * no_proc.c: exports GetFilterVersion but not HttpFilterProc.  Loading it
 * must stop the server from starting (t/config/startup_refusal.t).
 */
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "no_proc: lacks HttpFilterProc");
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_NONSECURE_PORT;
    return TRUE;
}
