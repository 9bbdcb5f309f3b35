/*
 * replace_text.c: the response rewriter people write for IIS, done right.
 *
 * In every 200 response whose Content-Type is text/... (and that carries
 * no Content-Encoding), each occurrence of REPLACE_FROM ("Microsoft-IIS")
 * becomes REPLACE_TO ("Apache httpd").  The two differ in length, so the
 * response changes length too, which is what makes this filter instructive:
 * it has to take the response apart on the wire and put it back together.
 *
 * Build (make -f Makefile.apxs filters does the same):
 *
 *   cc -shared -fPIC -Wall -Wextra -I sdk/include \
 *      -o examples/replace_text.so examples/replace_text.c
 *
 * Other texts: add -D'REPLACE_FROM="secret"' -D'REPLACE_TO="[redacted]"'
 * (REPLACE_TYPE "text/" picks the media types, REPLACE_HEAD_MAX bounds a
 * response head).  Load it with "ISAPIFilter examples/replace_text.so",
 * globally or inside a <VirtualHost>, then ask for any text page that
 * mentions Microsoft-IIS.  The same source builds for IIS against the
 * Windows SDK's <httpfilt.h> (standard C only).
 *
 * What it shows:
 *
 * 1. SEND_RAW_DATA carries the bytes as they go on the wire: status line,
 *    headers, chunk framing, body, cut into windows at arbitrary offsets
 *    (at most ISAPIFilterWindowSize bytes; a flush ends a window early).
 *    A text may straddle two windows, a head may span several, and a
 *    chunk-size line may split the text.
 *
 * 2. The head is held back (the filter takes the bytes and hands on
 *    nothing) until its blank line arrives, REPLACE_HEAD_MAX bytes at most;
 *    a longer head goes out untouched.  Then it is parsed: status, Content-
 *    Type, Content-Length, Transfer-Encoding, Content-Encoding.
 *
 * 3. Responses it will not touch (other statuses, other types, encoded
 *    bodies, 101, HEAD of those) go on unchanged, and the filter turns
 *    SEND_RAW_DATA off for the rest of that response with
 *    SF_REQ_DISABLE_NOTIFICATIONS: their bodies then never pass through it
 *    (Apache can use sendfile).  1xx interim heads pass and the filter
 *    waits for the final head.
 *
 * 4. Lengths change, so the framing is redone.  Chosen here: never buffer
 *    a body, so never compute a new Content-Length.
 *      upstream chunked         de-chunked, re-chunked: one chunk per
 *                               window of output
 *      upstream Content-Length  the header is dropped; an HTTP/1.1 client
 *                               gets "Transfer-Encoding: chunked"; an
 *                               HTTP/1.0 client gets "Connection: close"
 *                               and a body that ends with the connection:
 *                               the filter answers SF_STATUS_REQ_FINISHED
 *                               in the window that completes the body,
 *                               which makes the server close it
 *      upstream until close     stays so
 *      HEAD                     the head is changed as for GET, no body
 *    Chunk trailers are dropped.  The rewritten head also loses
 *    Accept-Ranges, and its ETag becomes weak (W/"..."): these bytes are
 *    not the server's.  And since a byte range of the original cannot be
 *    rewritten, the filter removes Range and If-Range from every request
 *    (PREPROC_HEADERS): responses are whole, at the price of resumable
 *    downloads on the sites it runs on.
 *
 * 5. Text split across windows: the matcher (Knuth-Morris-Pratt) holds
 *    back only the bytes that may still begin REPLACE_FROM, at most
 *    strlen(REPLACE_FROM) - 1 of them, never a whole window.  What is held
 *    when the response ends goes out with WriteClient at END_OF_REQUEST,
 *    followed by the last chunk.  WriteClient raises SEND_RAW_DATA again;
 *    the filter lets its own bytes through.
 *
 * 6. Output goes to the filter's own buffer (pvInData re-pointed,
 *    cbInBuffer set to its size): the output of a window can be longer
 *    than the window (a longer REPLACE_TO, the rewritten head, framing).
 *
 * 7. State lives in pFilterContext: one block per connection, reset for
 *    each response.  Keep-alive and pipelined responses come one after
 *    another, and END_OF_REQUEST marks where one ends; the request facts
 *    the head alone cannot tell (HEAD? HTTP/1.1?) come from
 *    PREPROC_HEADERS of the same request.
 *
 *    The block and its output buffer come from malloc and are freed at
 *    END_OF_NET_SESSION, not from AllocMem: the output buffer must grow
 *    with the windows it is given (cbInBuffer is the server's choice), and
 *    AllocMem memory can neither grow nor be given back before the
 *    connection closes, and counts against ISAPIFilterAllocLimit, so a
 *    long keep-alive connection would pile up every outgrown buffer.
 *    END_OF_NET_SESSION comes exactly once per connection, aborted ones
 *    included, so nothing leaks.
 *
 * Limits: give this filter the lowest priority among raw-data filters
 * that write (SEND_RAW_DATA runs lowest priority first, so it then sees
 * the bytes first): a filter after it that calls WriteClient from its own
 * SEND_RAW_DATA makes this one see those bytes as part of the response.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

#ifndef REPLACE_FROM
#define REPLACE_FROM "Microsoft-IIS"
#endif
#ifndef REPLACE_TO
#define REPLACE_TO "Apache httpd"
#endif
#ifndef REPLACE_TYPE
#define REPLACE_TYPE "text/"
#endif
#ifndef REPLACE_HEAD_MAX
#define REPLACE_HEAD_MAX 16384
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA 13
#endif

#define FROM_LEN (sizeof(REPLACE_FROM) - 1)
#define TO_LEN (sizeof(REPLACE_TO) - 1)
/* Room kept in front of a chunk for its size line: 16 hex digits + CRLF. */
#define CHUNK_LINE_MAX 18
#define NO_CHUNK ((size_t)-1)

/* REPLACE_FROM must not be empty. */
typedef char replace_from_must_not_be_empty[FROM_LEN ? 1 : -1];

static const char filter_desc[] =
    "replace_text example: " REPLACE_FROM " -> " REPLACE_TO;

/* border[i]: length of the longest proper prefix of REPLACE_FROM[0..i]
 * that is also a suffix of it (the matcher's fall-back table). */
static size_t border[FROM_LEN];

typedef enum {
    PH_HEAD,        /* collecting a response head */
    PH_BODY,        /* in a body: rewriting it, or only following it */
    PH_DONE,        /* the body is complete; its end goes out later */
    PH_PASS         /* not ours until END_OF_REQUEST */
} phase_e;

typedef enum {
    FR_NONE,        /* no body (HEAD, 1xx, 204, 304) */
    FR_LENGTH,      /* Content-Length */
    FR_CHUNKED,     /* Transfer-Encoding: chunked */
    FR_CLOSE        /* until the connection closes */
} frame_e;

typedef enum {
    CK_SIZE, CK_EXT, CK_SIZE_LF, CK_DATA, CK_DATA_CR, CK_DATA_LF, CK_TRAILER
} chunk_e;

typedef struct {
    /* The request being answered, from PREPROC_HEADERS. */
    int req_known;
    int req_head;               /* HEAD: the response has no body */
    int req_http11;             /* the client can take chunked bodies */

    /* The response going out. */
    phase_e phase;
    int rewrite;                /* 1: transform it; 0: only follow it */
    frame_e in_frame;           /* its body's framing from the server */
    frame_e out_frame;          /* ... and to the client (rewrite only) */
    int close_at_end;           /* Content-Length body to HTTP/1.0 */
    unsigned long long left;    /* FR_LENGTH: body bytes still to come;
                                   FR_CHUNKED: bytes left in this chunk */
    chunk_e ck;                 /* de-chunking state */
    int ck_digits;
    size_t ck_line;
    size_t matched;             /* bytes of REPLACE_FROM held back */
    char head[REPLACE_HEAD_MAX];
    size_t head_len;
    size_t line_len;            /* of the head line being read */

    /* What this window becomes. */
    char *out;
    size_t out_len, out_cap;
    size_t chunk_at;            /* where the open chunk starts, or NO_CHUNK */
    int failed;                 /* out of memory */
    int bad;                    /* the server's chunk framing made no sense */
    int writing;                /* our own WriteClient is going through */
} ctx_t;

/* ---- small helpers ---- */

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Does s[0..n) start with lit, ignoring case? */
static int ci_prefix(const char *s, size_t n, const char *lit)
{
    size_t i, l = strlen(lit);

    if (n < l) {
        return 0;
    }
    for (i = 0; i < l; i++) {
        if (lower((unsigned char)s[i]) != lower((unsigned char)lit[i])) {
            return 0;
        }
    }
    return 1;
}

static int ci_equal(const char *s, size_t n, const char *lit)
{
    return n == strlen(lit) && ci_prefix(s, n, lit);
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static void border_init(void)
{
    size_t i, k = 0;

    border[0] = 0;
    for (i = 1; i < FROM_LEN; i++) {
        while (k && REPLACE_FROM[i] != REPLACE_FROM[k]) {
            k = border[k - 1];
        }
        if (REPLACE_FROM[i] == REPLACE_FROM[k]) {
            k++;
        }
        border[i] = k;
    }
}

/* ---- output buffer ---- */

static void put(ctx_t *cx, const char *p, size_t n)
{
    if (cx->failed || !n) {
        return;
    }
    if (cx->out_cap - cx->out_len < n) {
        size_t cap = cx->out_cap ? cx->out_cap : 4096;
        char *nb;
        while (cap - cx->out_len < n) {
            cap *= 2;
        }
        if (!(nb = realloc(cx->out, cap))) {
            cx->failed = 1;
            return;
        }
        cx->out = nb;
        cx->out_cap = cap;
    }
    memcpy(cx->out + cx->out_len, p, n);
    cx->out_len += n;
}

static void put_str(ctx_t *cx, const char *s)
{
    put(cx, s, strlen(s));
}

/* Rewritten body text goes into a chunk whose size line is written once
 * the window's text is known. */
static void chunk_open(ctx_t *cx)
{
    static const char room[CHUNK_LINE_MAX] = { 0 };

    if (cx->chunk_at == NO_CHUNK) {
        cx->chunk_at = cx->out_len;
        put(cx, room, sizeof(room));
    }
}

static void chunk_close(ctx_t *cx)
{
    size_t at = cx->chunk_at, len, hl;
    char line[CHUNK_LINE_MAX + 1];

    if (at == NO_CHUNK) {
        return;
    }
    cx->chunk_at = NO_CHUNK;
    if (cx->failed) {
        return;
    }
    len = cx->out_len - at - CHUNK_LINE_MAX;
    if (!len) {
        cx->out_len = at;       /* an empty chunk would end the body */
        return;
    }
    hl = (size_t)snprintf(line, sizeof(line), "%lx\r\n", (unsigned long)len);
    memmove(cx->out + at + hl, cx->out + at + CHUNK_LINE_MAX, len);
    memcpy(cx->out + at, line, hl);
    cx->out_len = at + hl + len;
    put(cx, "\r\n", 2);
}

/* ---- the text replacement ---- */

/* Feed body text; completed matches become REPLACE_TO, the bytes that may
 * still begin a match stay held (cx->matched of them). */
static void put_text(ctx_t *cx, const char *p, size_t n)
{
    const char *end = p + n;

    if (cx->out_frame == FR_CHUNKED) {
        chunk_open(cx);
    }
    while (p < end) {
        if (!cx->matched) {
            const char *hit = memchr(p, REPLACE_FROM[0], (size_t)(end - p));
            if (!hit) {
                put(cx, p, (size_t)(end - p));
                return;
            }
            put(cx, p, (size_t)(hit - p));
            p = hit;
            /* Most candidates are whole occurrences inside the window:
             * take those at once, and leave the byte-at-a-time matcher
             * to near misses and text cut by the window's end. */
            if ((size_t)(end - p) >= FROM_LEN
                && !memcmp(p, REPLACE_FROM, FROM_LEN)) {
                put(cx, REPLACE_TO, TO_LEN);
                p += FROM_LEN;
                continue;
            }
        }
        while (cx->matched && *p != REPLACE_FROM[cx->matched]) {
            /* The held bytes can no longer all belong to a match: let go
             * of those before the longest part that still can. */
            size_t k = border[cx->matched - 1];
            put(cx, REPLACE_FROM, cx->matched - k);
            cx->matched = k;
        }
        if (*p == REPLACE_FROM[cx->matched]) {
            if (++cx->matched == FROM_LEN) {
                put(cx, REPLACE_TO, TO_LEN);
                cx->matched = 0;
            }
        }
        else {
            put(cx, p, 1);
        }
        p++;
    }
}

/* ---- following a body through its framing ---- */

/* Consume body bytes from p; return how many.  Text goes to put_text()
 * when rewriting; framing is dropped (the caller copies everything when
 * it is only following the response). */
static size_t body_step(ctx_t *cx, const char *p, size_t n)
{
    size_t i = 0, take;

    switch (cx->in_frame) {
    case FR_NONE:
        cx->phase = PH_DONE;
        return 0;
    case FR_CLOSE:
        if (cx->rewrite) {
            put_text(cx, p, n);
        }
        return n;
    case FR_LENGTH:
        take = cx->left < n ? (size_t)cx->left : n;
        if (cx->rewrite) {
            put_text(cx, p, take);
        }
        cx->left -= take;
        if (!cx->left) {
            cx->phase = PH_DONE;
        }
        return take;
    case FR_CHUNKED:
        break;
    }
    while (i < n && cx->phase == PH_BODY && !cx->bad) {
        int c = (unsigned char)p[i];
        int v;

        switch (cx->ck) {
        case CK_SIZE:
            if ((v = hex_value(c)) >= 0) {
                if (cx->left >> 60) {
                    cx->bad = 1;    /* absurd chunk size */
                    break;
                }
                cx->left = cx->left * 16 + (unsigned)v;
                cx->ck_digits++;
            }
            else if (!cx->ck_digits) {
                cx->bad = 1;
            }
            else if (c == '\r') {
                cx->ck = CK_SIZE_LF;
            }
            else if (c == '\n') {
                cx->ck = cx->left ? CK_DATA : CK_TRAILER;
            }
            else {
                cx->ck = CK_EXT;    /* ";ext" or whitespace: skipped */
            }
            i++;
            break;
        case CK_EXT:
            if (c == '\n') {
                cx->ck = cx->left ? CK_DATA : CK_TRAILER;
            }
            i++;
            break;
        case CK_SIZE_LF:
            if (c != '\n') {
                cx->bad = 1;
                break;
            }
            cx->ck = cx->left ? CK_DATA : CK_TRAILER;
            cx->ck_line = 0;
            i++;
            break;
        case CK_DATA:
            take = cx->left < n - i ? (size_t)cx->left : n - i;
            if (cx->rewrite) {
                put_text(cx, p + i, take);
            }
            cx->left -= take;
            i += take;
            if (!cx->left) {
                cx->ck = CK_DATA_CR;
            }
            break;
        case CK_DATA_CR:
        case CK_DATA_LF:
            if (c == '\n') {
                cx->ck = CK_SIZE;
                cx->ck_digits = 0;
                cx->left = 0;
            }
            else if (c == '\r' && cx->ck == CK_DATA_CR) {
                cx->ck = CK_DATA_LF;
            }
            else {
                cx->bad = 1;
                break;
            }
            i++;
            break;
        case CK_TRAILER:
            /* Trailer lines, then an empty line ends the body. */
            if (c == '\n') {
                if (!cx->ck_line) {
                    cx->phase = PH_DONE;
                }
                cx->ck_line = 0;
            }
            else if (c != '\r') {
                cx->ck_line++;
            }
            i++;
            break;
        }
    }
    return i;
}

/* ---- response heads ---- */

static void response_reset(ctx_t *cx)
{
    cx->phase = PH_HEAD;
    cx->rewrite = 0;
    cx->in_frame = cx->out_frame = FR_NONE;
    cx->close_at_end = 0;
    cx->left = 0;
    cx->ck = CK_SIZE;
    cx->ck_digits = 0;
    cx->ck_line = 0;
    cx->matched = 0;
    cx->head_len = 0;
    cx->line_len = 0;
    cx->chunk_at = NO_CHUNK;
    cx->bad = 0;
}

static BOOL disable_raw(HTTP_FILTER_CONTEXT *pfc)
{
    return pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS, NULL,
                                      SF_NOTIFY_SEND_RAW_DATA, 0);
}

/* The head in cx->head is complete: decide, and put it out (rewritten or
 * not). */
static void head_done(HTTP_FILTER_CONTEXT *pfc, ctx_t *cx)
{
    const char *h = cx->head, *end = cx->head + cx->head_len, *line, *eol;
    int status = 0, type_ok = 0, encoded = 0, has_len = 0, len_ok = 1;
    int has_te = 0, te_chunked = 0, te_only_chunked = 0;
    unsigned long long clen = 0;

    /* Status line: "HTTP/1.1 200 OK". */
    eol = memchr(h, '\n', cx->head_len);
    if (cx->head_len > 12 && ci_prefix(h, cx->head_len, "HTTP/")) {
        const char *sp = memchr(h, ' ', (size_t)(eol - h));
        if (sp && eol - sp > 3 && sp[1] >= '0' && sp[1] <= '9'
            && sp[2] >= '0' && sp[2] <= '9' && sp[3] >= '0' && sp[3] <= '9') {
            status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
        }
    }
    for (line = eol + 1; line < end; line = eol + 1) {
        const char *colon, *v, *ve;
        size_t nlen;

        eol = memchr(line, '\n', (size_t)(end - line));
        colon = memchr(line, ':', (size_t)(eol - line));
        if (!colon) {
            continue;
        }
        nlen = (size_t)(colon - line);
        for (v = colon + 1; v < eol && (*v == ' ' || *v == '\t'); v++)
            ;
        for (ve = eol; ve > v && (ve[-1] == '\r' || ve[-1] == ' '
                                  || ve[-1] == '\t'); ve--)
            ;
        if (ci_equal(line, nlen, "Content-Type")) {
            type_ok = ci_prefix(v, (size_t)(ve - v), REPLACE_TYPE);
        }
        else if (ci_equal(line, nlen, "Content-Encoding")) {
            encoded = !ci_equal(v, (size_t)(ve - v), "identity");
        }
        else if (ci_equal(line, nlen, "Content-Length")) {
            const char *d;
            has_len = 1;
            clen = 0;
            len_ok = v < ve;
            for (d = v; d < ve && len_ok; d++) {
                len_ok = *d >= '0' && *d <= '9' && !(clen >> 59);
                clen = clen * 10 + (unsigned)(*d - '0');
            }
        }
        else if (ci_equal(line, nlen, "Transfer-Encoding")) {
            size_t vl = (size_t)(ve - v);
            has_te = 1;
            te_chunked = vl >= 7 && ci_equal(ve - 7, 7, "chunked");
            te_only_chunked = ci_equal(v, vl, "chunked");
        }
    }

    if (status >= 100 && status < 200 && status != 101) {
        /* "100 Continue" and the like: the final head follows. */
        put(cx, cx->head, cx->head_len);
        cx->head_len = 0;
        cx->line_len = 0;
        return;
    }
    /* How the body is framed (a response to a request whose
     * PREPROC_HEADERS we did not see, such as a 400, is taken for one to
     * a GET: it is not rewritten, only followed). */
    if (!status || status == 101) {
        cx->in_frame = FR_CLOSE;    /* not HTTP as we know it: hands off */
    }
    else if (cx->req_head || status == 204 || status == 304) {
        cx->in_frame = FR_NONE;
    }
    else if (has_te) {
        cx->in_frame = te_chunked ? FR_CHUNKED : FR_CLOSE;
    }
    else if (has_len && len_ok) {
        cx->in_frame = FR_LENGTH;
        cx->left = clen;
    }
    else {
        cx->in_frame = FR_CLOSE;
    }
    cx->rewrite = status == 200 && cx->req_known && type_ok && !encoded
                  && len_ok && (!has_te || te_only_chunked);

    if (!cx->rewrite) {
        int disabled = disable_raw(pfc);

        put(cx, cx->head, cx->head_len);
        cx->head_len = 0;
        if (disabled || cx->in_frame == FR_CLOSE) {
            /* The rest of this response passes us by (the rest of this
             * window is copied by the caller). */
            cx->phase = PH_PASS;
        }
        else {
            /* No request to disable for: follow the body to its end. */
            cx->phase = cx->in_frame == FR_NONE
                        || (cx->in_frame == FR_LENGTH && !cx->left)
                        ? PH_DONE : PH_BODY;
        }
        return;
    }

    /* Ours: the head again, without Content-Length, framed anew. */
    cx->close_at_end = cx->in_frame == FR_LENGTH && !cx->req_http11;
    if (cx->in_frame == FR_CHUNKED
        || (cx->in_frame == FR_LENGTH && cx->req_http11)) {
        cx->out_frame = FR_CHUNKED;
    }
    else if (cx->in_frame == FR_NONE) {
        cx->out_frame = FR_NONE;
    }
    else {
        cx->out_frame = FR_CLOSE;
    }
    eol = memchr(h, '\n', cx->head_len);
    put(cx, h, (size_t)(eol + 1 - h));
    for (line = eol + 1; line < end; line = eol + 1) {
        const char *colon;
        size_t nlen;

        eol = memchr(line, '\n', (size_t)(end - line));
        colon = memchr(line, ':', (size_t)(eol - line));
        if (!colon) {
            continue;           /* the blank line: added below */
        }
        nlen = (size_t)(colon - line);
        if (ci_equal(line, nlen, "Content-Length")
            || ci_equal(line, nlen, "Accept-Ranges")
            || (cx->close_at_end && (ci_equal(line, nlen, "Connection")
                                     || ci_equal(line, nlen, "Keep-Alive")))) {
            continue;
        }
        if (ci_equal(line, nlen, "ETag")) {
            /* Other bytes than the server's: no longer the same strong
             * validator. */
            const char *v = colon + 1;
            while (v < eol && (*v == ' ' || *v == '\t')) {
                v++;
            }
            if (*v == '"') {
                put_str(cx, "ETag: W/");
                put(cx, v, (size_t)(eol + 1 - v));
                continue;
            }
        }
        put(cx, line, (size_t)(eol + 1 - line));
    }
    if (has_len && cx->req_http11 && !has_te) {
        put_str(cx, "Transfer-Encoding: chunked\r\n");
    }
    if (cx->close_at_end) {
        put_str(cx, "Connection: close\r\n");
    }
    put_str(cx, "\r\n");
    cx->head_len = 0;
    cx->phase = cx->in_frame == FR_NONE
                || (cx->in_frame == FR_LENGTH && !cx->left) ? PH_DONE
                                                            : PH_BODY;
}

/* Collect head bytes; return how many were taken. */
static size_t head_step(HTTP_FILTER_CONTEXT *pfc, ctx_t *cx, const char *p,
                        size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char c = p[i];

        if (cx->head_len == sizeof(cx->head)) {
            /* Too long to be a head we would rewrite: let it go. */
            put(cx, cx->head, cx->head_len);
            cx->head_len = 0;
            cx->phase = PH_PASS;
            disable_raw(pfc);
            return i;
        }
        cx->head[cx->head_len++] = c;
        if (c == '\n') {
            if (!cx->line_len) {
                head_done(pfc, cx);
                return i + 1;
            }
            cx->line_len = 0;
        }
        else if (c != '\r') {
            cx->line_len++;
        }
    }
    return n;
}

/* The end of a rewritten response: the held text, then the last chunk if
 * the body is complete (a response cut short must stay cut short). */
static void response_finish(ctx_t *cx)
{
    chunk_close(cx);
    if (cx->rewrite && cx->matched) {
        if (cx->out_frame == FR_CHUNKED) {
            chunk_open(cx);
            put(cx, REPLACE_FROM, cx->matched);
            chunk_close(cx);
        }
        else {
            put(cx, REPLACE_FROM, cx->matched);
        }
    }
    cx->matched = 0;
    if (cx->rewrite && cx->out_frame == FR_CHUNKED && cx->phase == PH_DONE) {
        put_str(cx, "0\r\n\r\n");
    }
}

/* ---- notifications ---- */

static ctx_t *ctx_get(HTTP_FILTER_CONTEXT *pfc)
{
    ctx_t *cx = pfc->pFilterContext;

    if (!cx) {
        if (!(cx = calloc(1, sizeof(*cx)))) {
            return NULL;
        }
        response_reset(cx);
        pfc->pFilterContext = cx;
    }
    return cx;
}

static DWORD on_preproc_headers(HTTP_FILTER_CONTEXT *pfc, ctx_t *cx,
                                HTTP_FILTER_PREPROC_HEADERS *ph)
{
    char buf[32];
    DWORD n = sizeof(buf);

    /* A new request: whatever the last response left is over. */
    response_reset(cx);
    cx->req_known = cx->req_http11 = 0;
    cx->req_head = ph->GetHeader(pfc, "method", buf, &n)
                   && !strcmp(buf, "HEAD");
    /* A byte range of the original cannot be rewritten: ask for whole
     * responses (and give up resumable downloads on this site). */
    ph->SetHeader(pfc, "Range:", "");
    ph->SetHeader(pfc, "If-Range:", "");
    n = sizeof(buf);
    if (ph->GetHeader(pfc, "version", buf, &n) && ci_prefix(buf, n, "HTTP/")
        && buf[5] >= '0' && buf[5] <= '9') {
        int major = buf[5] - '0';
        int minor = buf[6] == '.' ? buf[7] - '0' : 0;
        cx->req_http11 = major > 1 || (major == 1 && minor >= 1);
        cx->req_known = 1;
        if (major == 0) {
            /* HTTP/0.9: no head to parse in the response at all. */
            cx->phase = PH_PASS;
            disable_raw(pfc);
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD on_send_raw_data(HTTP_FILTER_CONTEXT *pfc, ctx_t *cx,
                              HTTP_FILTER_RAW_DATA *raw)
{
    const char *p = raw->pvInData, *end = p + raw->cbInData;
    DWORD status = SF_STATUS_REQ_NEXT_NOTIFICATION;

    if (cx->writing || (cx->phase == PH_PASS && !cx->head_len)) {
        return status;          /* our own bytes, or not ours at all */
    }
    cx->out_len = 0;
    cx->failed = 0;
    cx->chunk_at = NO_CHUNK;
    while (p < end && !cx->bad) {
        size_t used;

        switch (cx->phase) {
        case PH_HEAD:
            p += head_step(pfc, cx, p, (size_t)(end - p));
            break;
        case PH_BODY:
            used = body_step(cx, p, (size_t)(end - p));
            if (!cx->rewrite) {
                put(cx, p, used);
            }
            p += used;
            break;
        case PH_DONE:
            /* More bytes before END_OF_REQUEST: the next response. */
            response_finish(cx);
            response_reset(cx);
            break;
        case PH_PASS:
            put(cx, p, (size_t)(end - p));
            p = end;
            break;
        }
    }
    chunk_close(cx);
    if (cx->rewrite && cx->close_at_end && cx->phase == PH_DONE) {
        /* The body to an HTTP/1.0 client is complete: everything goes now,
         * and FINISHED makes the server close the connection. */
        response_finish(cx);
        cx->phase = PH_PASS;
        status = SF_STATUS_REQ_FINISHED;
    }
    if (cx->bad) {
        cx->phase = PH_PASS;
        SetLastError(ERROR_INVALID_DATA);
        status = SF_STATUS_REQ_ERROR;
    }
    if (cx->failed) {
        cx->out_len = 0;
        cx->phase = PH_PASS;
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        status = SF_STATUS_REQ_ERROR;
    }
    raw->pvInData = cx->out;
    raw->cbInData = (DWORD)cx->out_len;
    raw->cbInBuffer = (DWORD)cx->out_cap;
    return status;
}

static DWORD on_end_of_request(HTTP_FILTER_CONTEXT *pfc, ctx_t *cx)
{
    cx->out_len = 0;
    cx->failed = 0;
    cx->chunk_at = NO_CHUNK;
    if (cx->phase == PH_HEAD && cx->head_len) {
        put(cx, cx->head, cx->head_len);    /* a head that never ended */
    }
    else if (cx->rewrite && (cx->phase == PH_BODY || cx->phase == PH_DONE)) {
        response_finish(cx);
    }
    if (cx->out_len && !cx->failed) {
        DWORD n = (DWORD)cx->out_len;
        cx->writing = 1;
        pfc->WriteClient(pfc, cx->out, &n, 0);
        cx->writing = 0;
    }
    response_reset(cx);
    cx->req_known = cx->req_head = cx->req_http11 = 0;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    border_init();
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, filter_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->lpszFilterDesc[SF_MAX_FILTER_DESC_LEN - 1] = '\0';
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_END_OF_NET_SESSION
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_LOW;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    ctx_t *cx;

    if (NotificationType == SF_NOTIFY_END_OF_NET_SESSION) {
        if ((cx = pfc->pFilterContext)) {
            free(cx->out);
            free(cx);
            pfc->pFilterContext = NULL;
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!(cx = ctx_get(pfc))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return SF_STATUS_REQ_ERROR;
    }
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return on_preproc_headers(pfc, cx, pvNotification);
    case SF_NOTIFY_SEND_RAW_DATA:
        return on_send_raw_data(pfc, cx, pvNotification);
    case SF_NOTIFY_END_OF_REQUEST:
        return on_end_of_request(pfc, cx);
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
