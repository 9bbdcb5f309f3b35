/*
 * cb_terminate.c: leaves a trace of its lifetime.  GetFilterVersion,
 * SEND_RESPONSE and TerminateFilter each append "EVENT pid=PID ppid=PPID"
 * (EVENT: GetFilterVersion, SendResponse, TerminateFilter) to
 * ../logs/cb_terminate.log, relative to the directory this library was
 * loaded from.  Used by t/config/terminate_filter.t with `apache2 -t` and
 * throwaway servers.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

static void cb_append(const char *event)
{
    Dl_info info;
    char path[4096], line[96];
    char *slash;
    int fd;

    if (!dladdr((void *)cb_append, &info) || !info.dli_fname) {
        return;
    }
    snprintf(path, sizeof(path), "%s", info.dli_fname);
    if ((slash = strrchr(path, '/'))) {
        *slash = '\0';
    }
    strncat(path, "/../logs/cb_terminate.log",
            sizeof(path) - strlen(path) - 1);
    snprintf(line, sizeof(line), "%s pid=%ld ppid=%ld\n", event,
             (long)getpid(), (long)getppid());
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, strlen(line)) < 0) {
            /* nothing to report it to */
        }
        close(fd);
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    cb_append("GetFilterVersion");
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_terminate: logs its lifetime");
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pfc;
    (void)pvNotification;
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        cb_append("SendResponse");
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    (void)dwFlags;
    cb_append("TerminateFilter");
    return TRUE;
}
