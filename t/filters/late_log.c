/*
 * late_log.c: a filter that keeps its per-connection state the IIS way
 * (t/ops/late_log.t): a malloc'd block on pFilterContext, made in
 * PREPROC_HEADERS and freed in END_OF_NET_SESSION, which IIS raises
 * last.  Each notification appends "PID CONNID EVENT STATE" to
 * ../logs/late_log.log (next to the library's directory), STATE being
 * "ctx" when the block is there, "none" when END_OF_NET_SESSION has freed
 * it already (a notification after it), "-" before PREPROC_HEADERS.
 * Registers PREPROC_HEADERS, END_OF_REQUEST, LOG and END_OF_NET_SESSION,
 * but no raw data, so large files keep their FILE buckets (and the event
 * MPM's write completion).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

#define LATE_MAGIC 0x4c415445u

typedef struct {
    unsigned int magic;
    DWORD connid;
} late_ctx;

static char late_path[4096];

static void late_line(HTTP_FILTER_CONTEXT *pfc, const char *ev,
                      const char *state)
{
    char line[256];
    DWORD id = 0, size = sizeof(id);
    int fd, n;

    pfc->ServerSupportFunction(pfc, SF_REQ_GET_CONNID, &id, 0, 0);
    (void)size;
    n = snprintf(line, sizeof(line), "%ld %lu %s %s\n", (long)getpid(),
                 (unsigned long)id, ev, state);
    fd = open(late_path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) < 0) {
            /* nowhere to say so */
        }
        close(fd);
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    Dl_info info;
    char *slash;

    if (dladdr((void *)GetFilterVersion, &info) && info.dli_fname) {
        snprintf(late_path, sizeof(late_path), "%s", info.dli_fname);
        if ((slash = strrchr(late_path, '/'))) {
            *slash = '\0';
        }
        strncat(late_path, "/../logs/late_log.log",
                sizeof(late_path) - strlen(late_path) - 1);
    }
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "late_log: state freed at the session end");
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_PREPROC_HEADERS
                    | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_LOG
                    | SF_NOTIFY_END_OF_NET_SESSION;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD type, LPVOID pv)
{
    late_ctx *ctx = pfc->pFilterContext;
    const char *state = !ctx ? "none"
                        : ctx->magic == LATE_MAGIC ? "ctx" : "broken";

    (void)pv;
    switch (type) {
    case SF_NOTIFY_PREPROC_HEADERS:
        if (!ctx && (ctx = malloc(sizeof(*ctx)))) {
            ctx->magic = LATE_MAGIC;
            ctx->connid = 0;
            pfc->pFilterContext = ctx;
        }
        late_line(pfc, "PREPROC_HEADERS", "ctx");
        break;
    case SF_NOTIFY_END_OF_REQUEST:
        late_line(pfc, "END_OF_REQUEST", state);
        break;
    case SF_NOTIFY_LOG:
        late_line(pfc, "LOG", state);
        break;
    case SF_NOTIFY_END_OF_NET_SESSION:
        late_line(pfc, "END_OF_NET_SESSION", state);
        if (ctx) {
            ctx->magic = 0;
            free(ctx);
            pfc->pFilterContext = NULL;
        }
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
