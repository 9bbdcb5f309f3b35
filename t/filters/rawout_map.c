/*
 * rawout_map.c: SEND_RAW_DATA over large static files, which the bridge
 * raises in place in a private mapping of the file (t/raw/raw_out_map.t).
 * The request header "X-Raw-Map" (read in PREPROC_HEADERS) picks what it
 * does to the body windows, the windows after the one in which the
 * response head ended, counted from 1:
 *
 *   (absent)   nothing: a pass-through filter
 *   inplace    every "q" of the body becomes "Q", in pvInData (a byte at
 *              a time, so wherever the windows end)
 *   copy       the same, but each body window is copied into the
 *              filter's own buffer first, which pvInData is pointed at
 *              (reused for every window)
 *   inject=K   in body window K, WriteClient a 16-byte marker
 *              "<<INJECT-KKKK>>\n" and move pvInData 16 bytes on, so the
 *              marker takes the place of the window's first 16 bytes and
 *              the response keeps its length
 *   disable=K  after body window K, SF_REQ_DISABLE_NOTIFICATIONS
 *   finish=K   body window K answers SF_STATUS_REQ_FINISHED, which ends
 *              the connection after that window
 *
 * At END_OF_REQUEST it appends a line after the response with WriteClient:
 *
 *   RAWREPORT req=N windows=N bytes=N sum=xxxxxxxx head=LEN/BUF
 *             body=LEN/BUF,LEN/BUF,... pid=N\r\n
 *
 * windows, bytes and sum (Adler-32) cover every window it saw, as it saw
 * it; head is cbInData/cbInBuffer of the window that ended the head, body
 * the same for each body window (the first 128).  Its own writes raise
 * SEND_RAW_DATA too; it lets them by, uncounted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

#include "adler32.h"

#define MAX_LISTED 128

typedef struct {
    char mode[32];
    unsigned long requests, windows, body_windows;
    unsigned long long bytes;
    DWORD sum;
    int head_state;     /* how much of "\r\n\r\n" the last window ended in */
    int in_body;
    DWORD head_len, head_buf;
    DWORD body_len[MAX_LISTED], body_buf[MAX_LISTED];
    char *copy;         /* "copy": the filter's buffer, from AllocMem */
    DWORD copy_cap;
    int writing;
} map_t;

/* Feed bytes to the "\r\n\r\n" matcher; once the head has ended, how
 * many of the bytes it took (the rest is body), else 0. */
static DWORD head_ends(map_t *m, const char *p, DWORD n)
{
    static const char crlfcrlf[] = "\r\n\r\n";
    DWORD i;

    for (i = 0; i < n; i++) {
        if (p[i] == crlfcrlf[m->head_state]) {
            if (++m->head_state == 4) {
                m->head_state = 0;
                return i + 1;
            }
        }
        else {
            m->head_state = p[i] == '\r' ? 1 : 0;
        }
    }
    return 0;
}

static void reset(map_t *m)
{
    m->windows = m->body_windows = 0;
    m->bytes = 0;
    m->sum = 1;
    m->head_state = 0;
    m->in_body = 0;
    m->head_len = m->head_buf = 0;
}

static unsigned long mode_arg(const map_t *m, const char *name)
{
    size_t n = strlen(name);

    if (strncmp(m->mode, name, n) || m->mode[n] != '=') {
        return 0;
    }
    return strtoul(m->mode + n + 1, NULL, 10);
}

static void upcase_q(HTTP_FILTER_RAW_DATA *raw, DWORD from)
{
    char *p = raw->pvInData;
    DWORD i;

    for (i = from; i < raw->cbInData; i++) {
        if (p[i] == 'q') {
            p[i] = 'Q';
        }
    }
}

static DWORD body_window(HTTP_FILTER_CONTEXT *pfc, map_t *m,
                         HTTP_FILTER_RAW_DATA *raw)
{
    unsigned long k = m->body_windows;
    char *p = raw->pvInData;

    if (k <= MAX_LISTED) {
        m->body_len[k - 1] = raw->cbInData;
        m->body_buf[k - 1] = raw->cbInBuffer;
    }
    if (!strcmp(m->mode, "inplace")) {
        upcase_q(raw, 0);
    }
    else if (!strcmp(m->mode, "copy")) {
        if (m->copy_cap < raw->cbInData) {
            /* Grows rarely (the window size); AllocMem frees it with the
             * connection. */
            if (!(m->copy = pfc->AllocMem(pfc, raw->cbInData, 0))) {
                return SF_STATUS_REQ_ERROR;
            }
            m->copy_cap = raw->cbInData;
        }
        memcpy(m->copy, p, raw->cbInData);
        raw->pvInData = m->copy;
        raw->cbInBuffer = m->copy_cap;
        upcase_q(raw, 0);
    }
    else if (mode_arg(m, "inject") == k && raw->cbInData >= 16) {
        char marker[17];
        DWORD n = 16;

        snprintf(marker, sizeof(marker), "<<INJECT-%04lu>>\n", k % 10000);
        m->writing = 1;
        pfc->WriteClient(pfc, marker, &n, 0);
        m->writing = 0;
        raw->pvInData = p + 16;
        raw->cbInData -= 16;
    }
    else if (mode_arg(m, "finish") == k) {
        return SF_STATUS_REQ_FINISHED;
    }
    else if (mode_arg(m, "disable") == k) {
        if (!pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS,
                                        NULL, SF_NOTIFY_SEND_RAW_DATA, 0)) {
            return SF_STATUS_REQ_ERROR;
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static void report(HTTP_FILTER_CONTEXT *pfc, map_t *m)
{
    char line[4096];
    size_t at;
    unsigned long i;
    DWORD n;

    at = (size_t)snprintf(line, sizeof(line), "RAWREPORT req=%lu "
                          "windows=%lu bytes=%llu sum=%08lx head=%lu/%lu "
                          "body=", ++m->requests, m->windows, m->bytes,
                          (unsigned long)m->sum, (unsigned long)m->head_len,
                          (unsigned long)m->head_buf);
    for (i = 0; i < m->body_windows && i < MAX_LISTED; i++) {
        at += (size_t)snprintf(line + at, sizeof(line) - at, "%s%lu/%lu",
                               i ? "," : "", (unsigned long)m->body_len[i],
                               (unsigned long)m->body_buf[i]);
    }
    at += (size_t)snprintf(line + at, sizeof(line) - at, "%s pid=%ld\r\n",
                           m->body_windows ? "" : "-", (long)getpid());
    n = (DWORD)at;
    reset(m);
    m->writing = 1;
    pfc->WriteClient(pfc, line, &n, 0);
    m->writing = 0;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_map: raw windows of large files",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    map_t *m = pfc->pFilterContext;

    if (!m) {
        /* One block per connection, freed with it. */
        if (!(m = pfc->AllocMem(pfc, sizeof(*m), 0))) {
            return SF_STATUS_REQ_ERROR;
        }
        memset(m, 0, sizeof(*m));
        reset(m);
        pfc->pFilterContext = m;
    }
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        HTTP_FILTER_PREPROC_HEADERS *ph = pvNotification;
        DWORD n = sizeof(m->mode);
        if (!ph->GetHeader(pfc, "X-Raw-Map:", m->mode, &n)) {
            m->mode[0] = '\0';
        }
    }
    else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA && !m->writing) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        DWORD at;

        m->windows++;
        m->bytes += raw->cbInData;
        m->sum = adler_update(m->sum, raw->pvInData, raw->cbInData);
        if (m->in_body) {
            m->body_windows++;
            return body_window(pfc, m, raw);
        }
        if ((at = head_ends(m, raw->pvInData, raw->cbInData))) {
            m->in_body = 1;
            m->head_len = raw->cbInData;
            m->head_buf = raw->cbInBuffer;
            if (!strcmp(m->mode, "inplace") || !strcmp(m->mode, "copy")) {
                upcase_q(raw, at);      /* the body bytes after the head */
            }
        }
    }
    else if (NotificationType == SF_NOTIFY_END_OF_REQUEST) {
        report(pfc, m);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
