/*
 * rawout_abuse.c: a careless SEND_RAW_DATA filter, for what the server
 * must survive without sending a byte it did not mean to.  The request
 * header "X-Raw-Abuse" (read in PREPROC_HEADERS) picks what it does to
 * the first window of the response (its head):
 *
 *   fill     writes all of the room (cbInBuffer - cbInData) and claims it:
 *            'Z' where the room was zeroed, 'D' (dirty) where any byte of
 *            it was not
 *   over     claims cbInData = cbInBuffer + 100000, writes nothing
 *   middle   moves pvInData to the middle of its bytes and claims 100000
 *   stale    keeps pvInData and cbInBuffer; in the next notification (the
 *            body, or the next response's head) reads all of it and
 *            writes 'S' over all of it, as a filter that cached the
 *            pointer would
 *   beyond   points pvInData just past cbInBuffer (still inside the head's
 *            heap allocation, past the room offered) and claims 8 bytes
 *            there, with cbInBuffer 8, as if that were its own memory
 *   hold     swallows every window of the response (cbInData = 0),
 *            keeping a copy, and sends it all with WriteClient from
 *            END_OF_REQUEST, when the client may be gone, every 'h' of
 *            it made 'H' (so the test knows where the bytes came from)
 *
 * t/raw/raw_out_abuse.t.
 */
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

typedef struct {
    char mode[16];
    int seen;           /* windows of this response seen */
    char *kept;         /* "stale": a pointer from an earlier notification */
    DWORD kept_len;
    char *held;         /* "hold": the response so far */
    size_t held_len, held_cap;
    int writing;        /* inside our own WriteClient */
} abuse_t;

static DWORD abuse_hold(abuse_t *ab, HTTP_FILTER_RAW_DATA *raw)
{
    size_t n = raw->cbInData, i;

    if (ab->held_cap - ab->held_len < n) {
        size_t cap = (ab->held_len + n) * 2;
        char *nb = realloc(ab->held, cap);

        if (!nb) {
            return SF_STATUS_REQ_ERROR;
        }
        ab->held = nb;
        ab->held_cap = cap;
    }
    memcpy(ab->held + ab->held_len, raw->pvInData, n);
    for (i = ab->held_len; i < ab->held_len + n; i++) {
        if (ab->held[i] == 'h') {
            ab->held[i] = 'H';  /* shows the bytes came from here */
        }
    }
    ab->held_len += n;
    raw->cbInData = 0;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD abuse_window(abuse_t *ab, HTTP_FILTER_RAW_DATA *raw)
{
    char *p = raw->pvInData;
    DWORD n = raw->cbInData, i;

    if (ab->kept) {
        volatile char sum = 0;

        for (i = 0; i < ab->kept_len; i++) {
            sum ^= ab->kept[i];
        }
        memset(ab->kept, 'S', ab->kept_len);
        ab->kept = NULL;
    }
    if (ab->writing) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(ab->mode, "hold")) {
        return abuse_hold(ab, raw);
    }
    if (ab->seen++) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(ab->mode, "fill")) {
        char c = 'Z';

        for (i = n; i < raw->cbInBuffer; i++) {
            if (p[i]) {
                c = 'D';
            }
        }
        memset(p + n, c, raw->cbInBuffer - n);
        raw->cbInData = raw->cbInBuffer;
    }
    else if (!strcmp(ab->mode, "over")) {
        raw->cbInData = raw->cbInBuffer + 100000;
    }
    else if (!strcmp(ab->mode, "middle")) {
        raw->pvInData = p + n / 2;
        raw->cbInData = 100000;
    }
    else if (!strcmp(ab->mode, "beyond")) {
        raw->pvInData = p + raw->cbInBuffer;
        raw->cbInData = 8;
        raw->cbInBuffer = 8;
    }
    else if (!strcmp(ab->mode, "stale")) {
        ab->kept = p;
        ab->kept_len = raw->cbInBuffer;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_abuse: a careless raw filter",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_END_OF_REQUEST
                  | SF_NOTIFY_END_OF_NET_SESSION | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    abuse_t *ab = pfc->pFilterContext;

    if (NotificationType == SF_NOTIFY_END_OF_NET_SESSION) {
        if (ab) {
            free(ab->held);
            free(ab);
        }
        pfc->pFilterContext = NULL;
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!ab) {
        if (!(ab = calloc(1, sizeof(*ab)))) {
            return SF_STATUS_REQ_ERROR;
        }
        pfc->pFilterContext = ab;
    }
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        HTTP_FILTER_PREPROC_HEADERS *ph = pvNotification;
        DWORD n = sizeof(ab->mode);

        if (!ph->GetHeader(pfc, "X-Raw-Abuse:", ab->mode, &n)) {
            ab->mode[0] = '\0';
        }
        ab->seen = 0;
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (NotificationType == SF_NOTIFY_END_OF_REQUEST) {
        if (ab->held_len) {
            DWORD n = (DWORD)ab->held_len;

            ab->writing = 1;
            pfc->WriteClient(pfc, ab->held, &n, 0);
            ab->writing = 0;
            ab->held_len = 0;
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (NotificationType == SF_NOTIFY_SEND_RAW_DATA) {
        return abuse_window(ab, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
