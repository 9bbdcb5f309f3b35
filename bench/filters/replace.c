/*
 * replace.c: a minimal streaming text replacer on SEND_RAW_DATA, for
 * configuration (f) when examples/ has no rewriter of its own.
 *
 * Replaces every REPLACE_FROM in response bodies by REPLACE_TO (same
 * length, so Content-Length and chunk sizes stay right), leaving heads
 * alone.  A match may straddle two windows: the longest tail of a window
 * that could begin a match is held back (at most strlen(REPLACE_FROM)-1
 * bytes) and put in front of the next window, in a buffer from AllocMem.
 * END_OF_REQUEST marks the end of each response: anything still held is
 * written out with WriteClient, and the next bytes are a head again.
 *
 * Build with -DREPLACE_FROM='"..."' -DREPLACE_TO='"..."' to change the
 * strings; they must have the same length.
 */
#include "filter_util.h"

#ifndef REPLACE_FROM
#define REPLACE_FROM "ISFNEEDLE42"
#endif
#ifndef REPLACE_TO
#define REPLACE_TO   "REPLACED-OK"
#endif

#define PLEN (sizeof(REPLACE_FROM) - 1)

typedef char same_length_check[sizeof(REPLACE_FROM) == sizeof(REPLACE_TO)
                               && PLEN > 0 ? 1 : -1];

static const char desc[] = "bench replace: " REPLACE_FROM " -> " REPLACE_TO;

typedef struct {
    int in_body;            /* past the head of the current response */
    unsigned crlf;          /* how much of "\r\n\r\n" the head ended with */
    int flushing;           /* our own WriteClient from END_OF_REQUEST */
    DWORD held;             /* bytes held back in hold[] */
    char hold[PLEN];
    char *buf;              /* held bytes + next window */
    DWORD cap;
} ctx_t;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    return filter_version(pVer, desc,
                          SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST);
}

/* Replace in place in p[0..n); return how many trailing bytes could
 * start a match and must wait for the next window.  The search is memchr
 * for the first byte (vectorised in glibc) and memcmp for the rest. */
static DWORD replace_body(char *p, DWORD n)
{
    char *s = p, *end = p + n, *m;
    DWORD k;

    while ((DWORD)(end - s) >= PLEN
           && (m = memchr(s, REPLACE_FROM[0], (size_t)(end - s) - (PLEN - 1)))) {
        if (!memcmp(m + 1, REPLACE_FROM + 1, PLEN - 1)) {
            memcpy(m, REPLACE_TO, PLEN);
            s = m + PLEN;
        }
        else {
            s = m + 1;
        }
    }
    k = (DWORD)(end - s) < PLEN - 1 ? (DWORD)(end - s) : PLEN - 1;
    for (; k > 0; k--) {
        if (!memcmp(end - k, REPLACE_FROM, k)) {
            break;
        }
    }
    return k;
}

static DWORD on_raw(HTTP_FILTER_CONTEXT *pfc, ctx_t *x,
                    HTTP_FILTER_RAW_DATA *raw)
{
    char *p = raw->pvInData;
    DWORD n = raw->cbInData, off = 0, keep;

    if (x->flushing || !n) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!x->in_body) {
        if (!(off = filter_head_end(&x->crlf, p, n))) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        x->in_body = 1;
        if (off == n) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
    }
    if (x->held) {
        /* Held bytes go in front: the window moves to our buffer. */
        DWORD need = x->held + n;
        if (need > x->cap) {
            char *nb = pfc->AllocMem(pfc, need, 0);
            if (!nb) {
                return SF_STATUS_REQ_ERROR;
            }
            x->buf = nb;
            x->cap = need;
        }
        memcpy(x->buf, x->hold, x->held);
        memcpy(x->buf + x->held, p, n);
        p = x->buf;
        n += x->held;
        x->held = 0;
        raw->pvInData = p;
        raw->cbInBuffer = x->cap;
    }
    keep = replace_body(p + off, n - off);
    memcpy(x->hold, p + n - keep, keep);
    x->held = keep;
    raw->cbInData = n - keep;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD on_end_of_request(HTTP_FILTER_CONTEXT *pfc, ctx_t *x)
{
    if (x->held) {
        DWORD n = x->held;
        BOOL ok;
        x->held = 0;
        x->flushing = 1;
        ok = pfc->WriteClient(pfc, x->hold, &n, 0);
        x->flushing = 0;
        if (!ok) {
            return SF_STATUS_REQ_ERROR;
        }
    }
    x->in_body = 0;
    x->crlf = 0;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    ctx_t *x = pfc->pFilterContext;

    if (!x && !(x = filter_ctx_new(pfc, sizeof(*x)))) {
        return SF_STATUS_REQ_ERROR;
    }
    switch (NotificationType) {
    case SF_NOTIFY_SEND_RAW_DATA:
        return on_raw(pfc, x, pvNotification);
    case SF_NOTIFY_END_OF_REQUEST:
        return on_end_of_request(pfc, x);
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
