/*
 * hdr_syntax.c: the header text ISAPI filters hand the bridge, checked
 * before any of it reaches a response.  GetHeader, SetHeader and AddHeader
 * (runtime/headers.c) classify and check names and values here;
 * AddResponseHeaders, SF_REQ_SEND_RESPONSE_HEADER and
 * SF_REQ_ADD_HEADERS_ON_DENIAL parse their blocks of lines with
 * isf_hdr_parse_block, and status lines go through isf_status_parse.
 *
 * A filter is untrusted input: every function assumes the bytes may hold
 * CR, LF or NUL where a header must not, and nothing reads past the length
 * it was given.
 */
#include "apr.h"
#include "apr_cstr.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_tables.h"
#define APR_WANT_STRFUNC
#define APR_WANT_MEMFUNC
#include "apr_want.h"

#include "core/core.h"

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

int isf_hdr_clen_ok(const char *v)
{
    apr_off_t n;
    char *end;

    return apr_isdigit(*v) && apr_strtoff(&n, v, &end, 10) == APR_SUCCESS
           && !*end && n >= 0;
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
