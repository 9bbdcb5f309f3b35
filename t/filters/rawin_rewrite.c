/*
 * rawin_rewrite.c: READ_RAW_DATA rewriting request bytes before Apache
 * parses them (t/raw/read_raw_data.t, t/raw/tls.t).  A global filter.
 *
 * Every read is scanned for the "from" strings of rawin_rules and each
 * match replaced by its "to" string.  When no replacement is longer than
 * what it replaces, the result is written back into the server's buffer
 * and cbInData shrinks as needed; otherwise it is built in AllocMem memory
 * and pvInData/cbInData/cbInBuffer point there.
 *
 * A request carrying "X-Rawin-Body: resize" is held (READ_NEXT) until its
 * head and its whole Content-Length body are in one buffer; then every
 * "banana" of the body becomes "kiwi" and Content-Length is rewritten to
 * the new length, so Apache reads exactly the rewritten body.
 *
 * "X-Rawin-Finish" anywhere in a read: FINISHED (the connection closes
 * with no answer).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

static const char rw_desc[] = "rawin_rewrite: READ_RAW_DATA rewrites";

typedef struct {
    const char *from;
    const char *to;
} rw_rule;

static const rw_rule rw_rules[] = {
    { "/old/", "/new/" },                        /* same length */
    { "/grow/", "/a-much-longer-prefix/" },      /* longer */
    { "/shrink-this-long-prefix/", "/x/" },      /* shorter */
    { "X-Rawin-Old:", "X-Rawin-New:" },          /* a header name */
    { "apple", "APPLE" },                        /* body bytes */
};
#define RW_NRULES (sizeof(rw_rules) / sizeof(rw_rules[0]))

static const char rw_resize[] = "X-Rawin-Body: resize";
static const char rw_finish[] = "X-Rawin-Finish";

/* First occurrence of needle (nlen bytes) in hay (hlen bytes), or NULL. */
static const char *rw_find(const char *hay, size_t hlen, const char *needle,
                           size_t nlen)
{
    size_t i;

    for (i = 0; nlen && i + nlen <= hlen; i++) {
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, nlen)) {
            return hay + i;
        }
    }
    return NULL;
}

/* Case-insensitive rw_find for header names. */
static const char *rw_find_ci(const char *hay, size_t hlen,
                              const char *needle)
{
    size_t nlen = strlen(needle), i, j;

    for (i = 0; i + nlen <= hlen; i++) {
        for (j = 0; j < nlen; j++) {
            if (tolower((unsigned char)hay[i + j])
                != tolower((unsigned char)needle[j])) {
                break;
            }
        }
        if (j == nlen) {
            return hay + i;
        }
    }
    return NULL;
}

/* The rule matching at p (left bytes remain), or NULL. */
static const rw_rule *rw_rule_at(const char *p, size_t left)
{
    size_t i;

    for (i = 0; i < RW_NRULES; i++) {
        size_t n = strlen(rw_rules[i].from);
        if (n <= left && !memcmp(p, rw_rules[i].from, n)) {
            return &rw_rules[i];
        }
    }
    return NULL;
}

/* Length of in[0..len) once the rules are applied; *grows is set when an
 * applied rule lengthens the text. */
static size_t rw_rules_len(const char *in, size_t len, int *grows)
{
    size_t i = 0, out = 0;

    while (i < len) {
        const rw_rule *r = rw_rule_at(in + i, len - i);
        if (r) {
            if (strlen(r->to) > strlen(r->from)) {
                *grows = 1;
            }
            out += strlen(r->to);
            i += strlen(r->from);
        }
        else {
            out++;
            i++;
        }
    }
    return out;
}

/* Apply the rules from in to out; out may equal in when nothing grows
 * (the write position never passes the read position).  Returns the
 * output length. */
static size_t rw_rules_apply(const char *in, size_t len, char *out)
{
    size_t i = 0, o = 0;

    while (i < len) {
        const rw_rule *r = rw_rule_at(in + i, len - i);
        if (r) {
            size_t fl = strlen(r->from), tl = strlen(r->to);
            memmove(out + o, r->to, tl);
            o += tl;
            i += fl;
        }
        else {
            out[o++] = in[i++];
        }
    }
    return o;
}

/* The resize request: head rules, body banana -> kiwi, Content-Length
 * fixed.  Bytes after the request get the rules only. */
static DWORD rw_do_resize(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    const char *buf = raw->pvInData, *he, *cl, *v, *ve, *body;
    size_t len = raw->cbInData, head_len, body_len, rest_len, nb, i, o;
    size_t banana = 0;
    unsigned long want = 0;
    char num[32], *out;
    int grows = 0, nlen;

    he = rw_find(buf, len, "\r\n\r\n", 4);
    if (!he) {
        return SF_STATUS_REQ_READ_NEXT;
    }
    head_len = (size_t)(he - buf) + 4;
    cl = rw_find_ci(buf, head_len, "\r\nContent-Length:");
    if (!cl) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;   /* no body to resize */
    }
    v = cl + strlen("\r\nContent-Length:");
    while (*v == ' ') {
        v++;
    }
    for (ve = v; *ve >= '0' && *ve <= '9'; ve++) {
        want = want * 10 + (unsigned long)(*ve - '0');
    }
    if (len - head_len < want) {
        return SF_STATUS_REQ_READ_NEXT;   /* the body is not all here */
    }
    body = buf + head_len;
    body_len = want;
    rest_len = len - head_len - body_len;
    for (i = 0; i + 6 <= body_len; i++) {
        if (!memcmp(body + i, "banana", 6)) {
            banana++;
            i += 5;
        }
    }
    nb = body_len - 2 * banana;
    nlen = snprintf(num, sizeof(num), "%lu", (unsigned long)nb);

    /* Worst case: every part grows by its rules, plus the new number. */
    out = pfc->AllocMem(pfc, (DWORD)(rw_rules_len(buf, head_len, &grows)
                                     + (size_t)nlen + nb
                                     + rw_rules_len(body + body_len,
                                                    rest_len, &grows)),
                        0);
    if (!out) {
        return SF_STATUS_REQ_ERROR;
    }
    o = rw_rules_apply(buf, (size_t)(v - buf), out);
    memcpy(out + o, num, (size_t)nlen);
    o += (size_t)nlen;
    o += rw_rules_apply(ve, (size_t)(buf + head_len - ve), out + o);
    for (i = 0; i < body_len; i++) {
        if (i + 6 <= body_len && !memcmp(body + i, "banana", 6)) {
            memcpy(out + o, "kiwi", 4);
            o += 4;
            i += 5;
        }
        else {
            out[o++] = body[i];
        }
    }
    o += rw_rules_apply(body + body_len, rest_len, out + o);
    raw->pvInData = out;
    raw->cbInData = (DWORD)o;
    raw->cbInBuffer = (DWORD)o;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD rw_read_raw(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_RAW_DATA *raw)
{
    char *buf = raw->pvInData;
    size_t len = raw->cbInData, nlen;
    int grows = 0;

    if (rw_find(buf, len, rw_finish, sizeof(rw_finish) - 1)) {
        return SF_STATUS_REQ_FINISHED;
    }
    if (rw_find(buf, len, rw_resize, sizeof(rw_resize) - 1)) {
        return rw_do_resize(pfc, raw);
    }
    nlen = rw_rules_len(buf, len, &grows);
    if (!grows) {
        /* In place: the server's buffer, cbInData possibly smaller. */
        raw->cbInData = (DWORD)rw_rules_apply(buf, len, buf);
    }
    else {
        char *out = pfc->AllocMem(pfc, (DWORD)nlen, 0);
        if (!out) {
            return SF_STATUS_REQ_ERROR;
        }
        raw->pvInData = out;
        raw->cbInData = (DWORD)rw_rules_apply(buf, len, out);
        raw->cbInBuffer = (DWORD)nlen;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, rw_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_READ_RAW_DATA) {
        return rw_read_raw(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
