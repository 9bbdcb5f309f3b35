/*
 * rawout_head.c: a pass-through SEND_RAW_DATA filter that checks the one
 * thing IIS filters such as Microsoft's UpCase sample and the public gzip
 * filters assume: a response's head arrives in a SEND_RAW_DATA
 * notification of its own, and no notification carries head and entity
 * bytes together.  At END_OF_REQUEST it appends one line after the
 * response with WriteClient:
 *
 *   RAWHEAD req=N first=N head=N mixed=N heads=N windows=N\r\n
 *
 * first is cbInData of the response's first notification, head the length
 * of its first head (up to and including the blank line, however the
 * windows cut it), heads the heads it saw (an interim 100 Continue head
 * counts), mixed the notifications that held the end of a head and bytes
 * after it.  Its own report raises SEND_RAW_DATA again; it is not counted.
 * A response that may carry no entity (a 304, a 204, an answer to HEAD)
 * would drop the report, so its line is held and written before the next
 * response's.  t/raw/raw_out_head.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

typedef struct {
    unsigned long requests, windows, first, head, mixed, heads;
    int in_head;        /* the next byte belongs to a head */
    int crlf;           /* how much of "\r\n\r\n" the head ends with */
    unsigned long head_bytes;
    char status[4];     /* the final head's status code */
    char held[192];     /* the report of a response without an entity */
    int writing;
} head_t;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_head: one notification per head",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

/* Walk one notification's bytes; count a notification that ends a head
 * and goes on past it. */
static void scan(head_t *h, const char *p, unsigned long n)
{
    unsigned long i;

    for (i = 0; i < n; i++) {
        if (!h->in_head) {
            /* A head starts a response; anything else is entity. */
            if (h->crlf == -1 && n - i >= 5 && !memcmp(p + i, "HTTP/", 5)) {
                h->in_head = 1;
                h->crlf = 0;
                h->head_bytes = 0;
            }
            else {
                continue;
            }
        }
        h->head_bytes++;
        if (h->head_bytes >= 10 && h->head_bytes <= 12 && !h->head) {
            h->status[h->head_bytes - 10] = p[i];
        }
        if (p[i] == (h->crlf % 2 ? '\n' : '\r')) {
            h->crlf++;
        }
        else {
            h->crlf = p[i] == '\r' ? 1 : 0;
        }
        if (h->crlf == 4) {
            h->in_head = 0;
            h->heads++;
            if (!h->head) {
                h->head = h->head_bytes;
            }
            if (i + 1 < n) {
                h->mixed++;
            }
            /* An interim head may be followed by another head at once. */
            h->crlf = -1;
        }
    }
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    head_t *h = pfc->pFilterContext;

    if (!h) {
        if (!(h = pfc->AllocMem(pfc, sizeof(*h), 0))) {
            return SF_STATUS_REQ_ERROR;
        }
        memset(h, 0, sizeof(*h));
        h->crlf = -1;
        pfc->pFilterContext = h;
    }
    if (NotificationType == SF_NOTIFY_SEND_RAW_DATA && !h->writing) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;

        if (!h->windows++) {
            h->first = raw->cbInData;
        }
        scan(h, raw->pvInData, raw->cbInData);
    }
    else if (NotificationType == SF_NOTIFY_END_OF_REQUEST) {
        char line[2 * sizeof(h->held)], method[16];
        DWORD n, mlen = sizeof(method);
        int bodiless;

        if (!pfc->GetServerVariable(pfc, "REQUEST_METHOD", method, &mlen)) {
            method[0] = '\0';
        }
        bodiless = !strcmp(method, "HEAD") || !strcmp(h->status, "304")
                   || !strcmp(h->status, "204");
        n = (DWORD)snprintf(line, sizeof(line), "%sRAWHEAD req=%lu "
                            "first=%lu head=%lu mixed=%lu heads=%lu "
                            "windows=%lu\r\n", h->held, ++h->requests,
                            h->first, h->head, h->mixed, h->heads,
                            h->windows);
        h->windows = h->first = h->head = h->mixed = h->heads = 0;
        h->in_head = 0;
        h->crlf = -1;
        memset(h->status, 0, sizeof(h->status));
        if (bodiless) {
            if (n >= sizeof(h->held)) {
                n = sizeof(h->held) - 1;
            }
            memcpy(h->held, line, n);
            h->held[n] = '\0';
        }
        else {
            h->held[0] = '\0';
            h->writing = 1;
            pfc->WriteClient(pfc, line, &n, 0);
            h->writing = 0;
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
