/*
 * hdr_parse.c: checks and parsers for text that ISAPI filters hand the
 * bridge.  headers.c calls the name/value checks and isf_hdr_classify for
 * GetHeader/SetHeader/AddHeader; callbacks.c calls isf_hdr_parse_block for
 * AddResponseHeaders, SF_REQ_SEND_RESPONSE_HEADER and
 * SF_REQ_ADD_HEADERS_ON_DENIAL, isf_status_parse for status lines and
 * isf_normalize_url for SF_REQ_NORMALIZE_URL; events.c reads the path
 * URL_MAP filters leave with isf_path_outcome.  The glue that fills
 * HTTP_FILTER_AUTHENT (and AUTH_PASSWORD) decodes the Authorization header
 * with isf_basic_decode, and re-encodes it with isf_basic_encode when a
 * filter rewrites the credentials.
 *
 * Everything here is pure (APR and httpfilt.h only) so that t/unit can test
 * and fuzz it without a server.  A filter is untrusted input: every
 * function assumes the bytes may hold CR, LF or NUL where a header must
 * not, and nothing reads past the length it was given.
 */
#include "apr.h"
#include "apr_base64.h"
#include "apr_cstr.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_tables.h"
#define APR_WANT_STRFUNC
#define APR_WANT_MEMFUNC
#include "apr_want.h"

#include "httpfilt.h"
#include "isf_pure.h"

/*
 * apr_base64 counts in int.  Refusing anything near INT_MAX keeps its
 * length arithmetic from overflowing; real credentials are a few hundred
 * bytes and httpd caps a header line far below this.
 */
#define ISF_BASE64_MAX  (APR_INT32_MAX / 2)

/*
 * The <ctype.h> calls behind apr_isalnum and friends follow the locale, so
 * a byte above 0x7F could pass as a letter.  HTTP syntax is ASCII: test
 * the range first.
 */
#define ISF_ASCII(c)    ((unsigned char)(c) < 0x80)

/* RFC 9110 5.6.2 tchar, as a table: names are checked on every GetHeader,
 * SetHeader and AddHeader, so this is on the per-request path. */
const unsigned char isf_tchar_map[256] = {
    ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
    ['*'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['^'] = 1, ['_'] = 1,
    ['`'] = 1, ['|'] = 1, ['~'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1
};

#define is_tchar(c) (isf_tchar_map[(unsigned char)(c)])

/* Controls a header value may not carry: all C0 but HTAB, and DEL. */
static int is_bad_ctl(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

int isf_hdr_valid_name(const char *name, apr_size_t len)
{
    apr_size_t i;

    if (name == NULL || len == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!is_tchar((unsigned char)name[i])) {
            return 0;
        }
    }
    return 1;
}

int isf_hdr_valid_value(const char *value, apr_size_t len)
{
    apr_size_t i;

    if (value == NULL) {
        /* Nothing to inject; an empty value is a valid one. */
        return len == 0;
    }
    for (i = 0; i < len; i++) {
        if (value[i] == '\r' || value[i] == '\n' || value[i] == '\0') {
            return 0;
        }
    }
    return 1;
}

isf_name_kind_e isf_hdr_classify_other(const char *name,
                                       const unsigned char *stop,
                                       apr_size_t *token_len)
{
    apr_size_t n;

    if (token_len) {
        *token_len = 0;
    }
    if (name == NULL || *stop != '\0') {
        /* Not a token, or a colon not at the end of a non-empty token. */
        return ISF_NAME_BAD;
    }
    n = (apr_size_t)(stop - (const unsigned char *)name);
    /*
     * IIS 6 documents the pseudo-names as lower case, but its own GetHeader
     * page writes "URL" and real filters pass both, so case is ignored.
     */
    switch (n) {
    case 3:
        return apr_cstr_casecmp(name, "url") ? ISF_NAME_BAD : ISF_NAME_URL;
    case 6:
        if (!apr_cstr_casecmp(name, "method")) {
            return ISF_NAME_METHOD;
        }
        return apr_cstr_casecmp(name, "status") ? ISF_NAME_BAD
                                                : ISF_NAME_STATUS;
    case 7:
        return apr_cstr_casecmp(name, "version") ? ISF_NAME_BAD
                                                 : ISF_NAME_VERSION;
    default:
        return ISF_NAME_BAD;
    }
}

/* One accepted line of a header block, as offsets into the block. */
typedef struct {
    apr_size_t name;
    apr_size_t name_len;
    apr_size_t value;
    apr_size_t value_len;
} hdr_span_t;

static apr_status_t block_fail(const char **err, const char *why)
{
    if (err) {
        *err = why;
    }
    return APR_EINVAL;
}

apr_status_t isf_hdr_parse_block(apr_pool_t *p, const char *block,
                                 apr_size_t len, apr_table_t *tbl,
                                 const char **err)
{
    apr_array_header_t *spans;
    apr_size_t pos = 0;
    int ended = 0;
    char *copy;
    int i;

    if (err) {
        *err = NULL;
    }
    if (tbl == NULL) {
        return block_fail(err, "no table to add the headers to");
    }
    if (len == 0) {
        return APR_SUCCESS;
    }
    if (block == NULL) {
        return block_fail(err, "NULL header block with a length");
    }

    /*
     * First pass: find and check every line without touching tbl, so a
     * block is taken whole or not at all.  A half-applied block would
     * leave the response with whichever headers preceded the bad line.
     */
    spans = apr_array_make(p, 8, sizeof(hdr_span_t));
    while (pos < len) {
        apr_size_t start = pos, end = pos, eol, v, ve, k;
        const char *colon;
        hdr_span_t *span;

        while (end < len && block[end] != '\n') {
            if (block[end] == '\0') {
                return block_fail(err, "NUL byte in header block");
            }
            if (block[end] == '\r') {
                if (end + 1 < len && block[end + 1] == '\n') {
                    break;
                }
                return block_fail(err, "CR not followed by LF");
            }
            end++;
        }
        if (end == len) {
            eol = 0;            /* last line without a line end */
        }
        else {
            eol = (block[end] == '\r') ? 2 : 1;
        }
        pos = end + eol;

        if (end == start) {
            /* The blank line that closes a head; only more blanks follow. */
            ended = 1;
            continue;
        }
        if (ended) {
            return block_fail(err, "text after the blank line ending the "
                                   "headers");
        }
        if (is_ows(block[start])) {
            /* RFC 9112 5.2: obs-fold is refused rather than unfolded. */
            return block_fail(err, "continuation line (obs-fold)");
        }

        colon = memchr(block + start, ':', end - start);
        if (colon == NULL) {
            return block_fail(err, "header line without a colon");
        }
        if (!isf_hdr_valid_name(block + start,
                                (apr_size_t)(colon - (block + start)))) {
            return block_fail(err, "invalid header name");
        }

        v = (apr_size_t)(colon - block) + 1;
        ve = end;
        while (v < ve && is_ows(block[v])) {
            v++;
        }
        while (ve > v && is_ows(block[ve - 1])) {
            ve--;
        }
        for (k = v; k < ve; k++) {
            if (is_bad_ctl((unsigned char)block[k])) {
                return block_fail(err, "control character in header value");
            }
        }

        span = apr_array_push(spans);
        span->name = start;
        span->name_len = (apr_size_t)(colon - block) - start;
        span->value = v;
        span->value_len = ve - v;
    }

    /*
     * Second pass: one copy of the block, cut into C strings in place.
     * Every NUL lands on a colon, a line end, trailing white space or the
     * copy's own terminator, all inside the copy.
     */
    copy = apr_pstrmemdup(p, block, len);
    for (i = 0; i < spans->nelts; i++) {
        hdr_span_t *span = &APR_ARRAY_IDX(spans, i, hdr_span_t);

        copy[span->name + span->name_len] = '\0';
        copy[span->value + span->value_len] = '\0';
        apr_table_add(tbl, copy + span->name, copy + span->value);
    }
    return APR_SUCCESS;
}

int isf_status_parse(const char *s, const char **reason)
{
    const char *r;
    int code;

    if (reason) {
        *reason = NULL;
    }
    if (s == NULL) {
        return 0;
    }
    /* Exactly three digits, 100..599: "4040" and "404x" are not codes. */
    if (s[0] < '1' || s[0] > '5' || !apr_isdigit(s[1])
        || !apr_isdigit(s[2])) {
        return 0;
    }
    code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    r = s + 3;
    if (*r != '\0' && *r != ' ') {
        return 0;
    }
    while (*r == ' ') {
        r++;
    }
    /*
     * The reason goes onto the status line verbatim; a CR or LF in it
     * would split the response (RFC 9112 reason-phrase allows HTAB only).
     */
    for (s = r; *s; s++) {
        if (is_bad_ctl((unsigned char)*s)) {
            return 0;
        }
    }
    if (reason) {
        *reason = r;
    }
    return code;
}

static int is_b64_char(char c)
{
    return ISF_ASCII(c) && (apr_isalnum(c) || c == '+' || c == '/');
}

apr_status_t isf_basic_decode(apr_pool_t *p, const char *value,
                              const char **user, const char **pass)
{
    const char *s, *tok, *colon;
    apr_size_t n, alpha, pad;
    char *coded, *plain;
    int max, got;

    if (user) {
        *user = NULL;
    }
    if (pass) {
        *pass = NULL;
    }
    if (user == NULL || pass == NULL) {
        return APR_EINVAL;
    }
    if (value == NULL) {
        return APR_ENOENT;
    }

    s = value;
    while (is_ows(*s)) {
        s++;
    }
    /* The scheme is a case-insensitive token (RFC 9110 11.1). */
    if (apr_cstr_casecmpn(s, "basic", 5) != 0) {
        return APR_ENOENT;
    }
    s += 5;
    if (*s != '\0' && !is_ows(*s)) {
        return APR_ENOENT;      /* "Basically", not "Basic" */
    }
    while (is_ows(*s)) {
        s++;
    }

    tok = s;
    while (*s && !is_ows(*s)) {
        s++;
    }
    n = (apr_size_t)(s - tok);
    while (is_ows(*s)) {
        s++;
    }
    if (*s != '\0') {
        return APR_EINVAL;      /* a second token: not token68 */
    }

    /*
     * apr_base64_decode stops quietly at the first byte outside its
     * alphabet, so "QUJD!garbage" would decode as "ABC".  Check the whole
     * token first: alphabet, then at most two '=' and a padded length.
     */
    if (n == 0 || n % 4 != 0 || n > ISF_BASE64_MAX) {
        return APR_EINVAL;
    }
    for (alpha = 0; alpha < n && is_b64_char(tok[alpha]); alpha++)
        ;
    for (pad = 0; alpha + pad < n && tok[alpha + pad] == '='; pad++)
        ;
    if (alpha + pad != n || pad > 2) {
        return APR_EINVAL;
    }

    coded = apr_pstrmemdup(p, tok, n);
    max = apr_base64_decode_len(coded);
    plain = apr_palloc(p, (apr_size_t)max + 1);
    got = apr_base64_decode(plain, coded);
    if (got < 0 || got >= max + 1) {
        return APR_EINVAL;
    }
    plain[got] = '\0';

    /* A NUL would cut the user or password short for C string callers. */
    if (memchr(plain, '\0', (apr_size_t)got) != NULL) {
        return APR_EINVAL;
    }
    colon = memchr(plain, ':', (apr_size_t)got);
    if (colon == NULL) {
        return APR_EINVAL;
    }
    plain[colon - plain] = '\0';
    *user = plain;
    *pass = colon + 1;
    return APR_SUCCESS;
}

char *isf_basic_encode(apr_pool_t *p, const char *user, const char *pass)
{
    apr_size_t ulen, plen, n;
    char *plain, *out;

    if (user == NULL) {
        user = "";
    }
    if (pass == NULL) {
        pass = "";
    }
    ulen = strlen(user);
    plen = strlen(pass);
    if (ulen > ISF_BASE64_MAX / 2 || plen > ISF_BASE64_MAX / 2) {
        return NULL;            /* see ISF_BASE64_MAX */
    }
    n = ulen + 1 + plen;
    plain = apr_palloc(p, n);
    memcpy(plain, user, ulen);
    plain[ulen] = ':';
    memcpy(plain + ulen + 1, pass, plen);

    out = apr_palloc(p, 6 + (apr_size_t)apr_base64_encode_len((int)n));
    memcpy(out, "Basic ", 6);
    apr_base64_encode(out + 6, plain, (int)n);
    return out;
}

/*
 * Decode the byte at url[i] (i < end): a "%xx" escape or a plain byte,
 * with '\\' read as '/' either way, since Windows takes both as separators
 * and a filter normalising for an access check must see the same path.
 * Returns the bytes consumed, or 0 for a bad escape or an encoded NUL.
 */
static apr_size_t url_char(const char *url, apr_size_t i, apr_size_t end,
                           char *c)
{
    apr_size_t used = 1;
    unsigned char hi, lo;

    *c = url[i];
    if (*c == '%') {
        if (end - i < 3 || !ISF_ASCII(url[i + 1]) || !ISF_ASCII(url[i + 2])
            || !apr_isxdigit(url[i + 1]) || !apr_isxdigit(url[i + 2])) {
            return 0;
        }
        hi = (unsigned char)apr_tolower(url[i + 1]);
        lo = (unsigned char)apr_tolower(url[i + 2]);
        hi = (unsigned char)(apr_isdigit(hi) ? hi - '0' : hi - 'a' + 10);
        lo = (unsigned char)(apr_isdigit(lo) ? lo - '0' : lo - 'a' + 10);
        *c = (char)((hi << 4) | lo);
        if (*c == '\0') {
            return 0;
        }
        used = 3;
    }
    if (*c == '\\') {
        *c = '/';
    }
    return used;
}

/*
 * Walk the decoded path [0, end) segment by segment, as the rewrite will,
 * and say whether it is acceptable: well-formed escapes, no encoded NUL, a
 * leading '/', and no ".." that climbs above the root.  Nothing is written,
 * so a refused URL stays exactly as the filter gave it.
 */
static int url_path_ok(const char *url, apr_size_t end)
{
    apr_size_t i = 0, used, depth = 0;
    char c;

    if (end == 0 || (used = url_char(url, 0, end, &c)) == 0 || c != '/') {
        return 0;
    }
    i = used;
    for (;;) {
        apr_size_t seglen = 0;
        int dots = 1, slash = 0;

        while (i < end) {
            if ((used = url_char(url, i, end, &c)) == 0) {
                return 0;
            }
            i += used;
            if (c == '/') {
                slash = 1;
                break;
            }
            seglen++;
            if (c != '.') {
                dots = 0;
            }
        }
        if (dots && seglen == 2) {
            if (depth == 0) {
                return 0;
            }
            depth--;
        }
        else if (!(dots && seglen == 1)) {
            /* A name, or the empty segment of "//" or a trailing '/'. */
            depth++;
        }
        if (!slash) {
            return 1;
        }
    }
}

int isf_normalize_url(char *url)
{
    apr_size_t end, qlen, i, w, r, o;
    const char *q;
    int last_dot = 0;

    if (url == NULL) {
        return 0;
    }
    /* Only the path is normalised; the query is the application's. */
    q = strchr(url, '?');
    end = q ? (apr_size_t)(q - url) : strlen(url);
    qlen = q ? strlen(q) : 0;

    if (!url_path_ok(url, end)) {
        return 0;
    }

    /* Decode in place: the write index never passes the read index. */
    for (i = 0, w = 0; i < end; w++) {
        i += url_char(url, i, end, &url[w]);
    }

    /*
     * Remove dot segments in place (RFC 3986 5.2.4).  The output is a
     * run of "/segment" pieces copied from the input at or behind the
     * read position; ".." drops the last piece, and url_path_ok has
     * already proved there is always one to drop.
     */
    for (r = 0, o = 0; r < w; ) {
        apr_size_t s = r + 1, e = s;

        while (e < w && url[e] != '/') {
            e++;
        }
        if (e - s == 1 && url[s] == '.') {
            last_dot = 1;
        }
        else if (e - s == 2 && url[s] == '.' && url[s + 1] == '.') {
            last_dot = 1;
            while (o > 0 && url[--o] != '/')
                ;
        }
        else {
            last_dot = 0;
            memmove(url + o, url + r, e - r);
            o += e - r;
        }
        r = e;
    }
    /* "/a/." and "/a/b/.." name a directory: keep the trailing slash. */
    if (last_dot || o == 0) {
        url[o++] = '/';
    }

    memmove(url + o, url + end, qlen);
    url[o + qlen] = '\0';
    return 1;
}

apr_ssize_t isf_path_outcome(char *buf, apr_size_t cap, const char *now,
                             const char **path)
{
    apr_uintptr_t at = (apr_uintptr_t)now, base = (apr_uintptr_t)buf;
    apr_size_t room = cap, n;

    buf[cap - 1] = '\0';
    *path = NULL;
    if (!now) {
        return -1;
    }
    if (at >= base && at - base < cap) {
        /* Ours: the NUL above ends it within the buffer. */
        room = cap - (apr_size_t)(at - base);
    }
    n = strnlen(now, room);
    if (n == room) {
        return -1;
    }
    *path = now;
    return (apr_ssize_t)n;
}
