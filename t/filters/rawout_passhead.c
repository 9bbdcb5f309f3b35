/*
 * rawout_passhead.c: a pass-through SEND_RAW_DATA filter that only wants
 * the head.  Once it has seen the blank line that ends a response head it
 * calls SF_REQ_DISABLE_NOTIFICATIONS(SF_NOTIFY_SEND_RAW_DATA), so the body
 * goes out without it (and with sendfile, when the server can).  Unless
 * the request's URL contains "keep": then it stays, as a control.  At
 * END_OF_REQUEST it appends
 *
 *   RAWREPORT windows=N bytes=N disabled=0|1 pid=N\r\n
 *
 * counting the SEND_RAW_DATA notifications it got for the response:
 * t/raw/raw_out_disable.t.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

typedef struct {
    unsigned long windows;
    unsigned long long bytes;
    int keep, disabled, writing;
    char last[3];       /* the previous window's last bytes */
} pass_t;

/* Does the head end in p[0..n), given the bytes before it? */
static int head_ends(pass_t *ps, const char *p, DWORD n)
{
    char buf[4096 + 3];
    DWORD i, m;

    memcpy(buf, ps->last, 3);
    m = n < 4096 ? n : 4096;
    memcpy(buf + 3, p, m);
    for (i = 0; i + 4 <= m + 3; i++) {
        if (!memcmp(buf + i, "\r\n\r\n", 4)) {
            return 1;
        }
    }
    if (n >= 3) {
        memcpy(ps->last, p + n - 3, 3);
    }
    else {
        memmove(ps->last, ps->last + n, 3 - n);
        memcpy(ps->last + 3 - n, p, n);
    }
    return 0;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_passhead: head only",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    pass_t *ps = pfc->pFilterContext;

    if (!ps) {
        if (!(ps = pfc->AllocMem(pfc, sizeof(*ps), 0))) {
            return SF_STATUS_REQ_ERROR;
        }
        memset(ps, 0, sizeof(*ps));
        pfc->pFilterContext = ps;
    }
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        HTTP_FILTER_PREPROC_HEADERS *ph = pvNotification;
        char url[1024];
        DWORD n = sizeof(url);
        ps->keep = ph->GetHeader(pfc, "url", url, &n)
                   && strstr(url, "keep") != NULL;
    }
    else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA && !ps->writing) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        ps->windows++;
        ps->bytes += raw->cbInData;
        if (!ps->keep && !ps->disabled
            && head_ends(ps, raw->pvInData, raw->cbInData)) {
            ps->disabled = pfc->ServerSupportFunction(pfc,
                               SF_REQ_DISABLE_NOTIFICATIONS, NULL,
                               SF_NOTIFY_SEND_RAW_DATA, 0) ? 1 : 0;
        }
    }
    else if (NotificationType == SF_NOTIFY_END_OF_REQUEST) {
        char line[200];
        DWORD n = (DWORD)snprintf(line, sizeof(line), "RAWREPORT windows=%lu "
                                  "bytes=%llu disabled=%d pid=%ld\r\n",
                                  ps->windows, ps->bytes, ps->disabled,
                                  (long)getpid());
        ps->windows = 0;
        ps->bytes = 0;
        ps->disabled = 0;
        memset(ps->last, 0, sizeof(ps->last));
        ps->writing = 1;
        pfc->WriteClient(pfc, line, &n, 0);
        ps->writing = 0;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
