/*
 * hdr_parse.c (t/unit): TAP tests for the core's checks that stand
 * between what a filter hands the bridge and the HTTP response
 * (bridge/core/ hdr_syntax.c, basic_auth.c, url_normalize.c and
 * url_map_path.c):
 * header names and values, AddResponseHeaders-style blocks, status lines,
 * Basic credentials and SF_REQ_NORMALIZE_URL.
 */
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_pools.h"
#include "apr_strings.h"
#include "apr_tables.h"

#include "core/core.h"
#include "tap.h"

static apr_pool_t *pool;

/* Literal with its true length, embedded NULs included. */
#define LIT(s) (s), (sizeof(s) - 1)

static void valid_name(void)
{
    ok(isf_hdr_valid_name(LIT("Content-Type")),
       "a plain header name is a valid token");
    ok(isf_hdr_valid_name(LIT("X-a!#$%&'*+-.^_`|~9")),
       "every RFC 9110 tchar symbol is accepted in a name");
    ok(!isf_hdr_valid_name(LIT("")), "an empty name is refused");
    ok(!isf_hdr_valid_name(NULL, 0), "a NULL name is refused");
    ok(!isf_hdr_valid_name(LIT("Host:")), "a colon is not part of a name");
    ok(!isf_hdr_valid_name(LIT("X Y")), "a space in a name is refused");
    ok(!isf_hdr_valid_name(LIT("X\tY")), "a tab in a name is refused");
    ok(!isf_hdr_valid_name(LIT("X\r\nY")), "CR LF in a name is refused");
    ok(!isf_hdr_valid_name(LIT("X\0Y")), "a NUL inside len is refused");
    ok(!isf_hdr_valid_name(LIT("X(Y)")), "separators ( ) are refused");
    ok(!isf_hdr_valid_name(LIT("X\"Y")), "a quote in a name is refused");
    ok(!isf_hdr_valid_name(LIT("X\xe9Y")),
       "a byte above 0x7F is refused in a name");
    ok(!isf_hdr_valid_name(LIT("X\x7fY")), "DEL is refused in a name");
    ok(isf_hdr_valid_name("Host: evil", 4),
       "only len bytes are examined: the prefix 'Host' is valid");
}

static void valid_value(void)
{
    ok(isf_hdr_valid_value(LIT("text/html; charset=utf-8")),
       "an ordinary value is valid");
    ok(isf_hdr_valid_value(LIT("")), "an empty value is valid");
    ok(isf_hdr_valid_value(NULL, 0), "a NULL value of length 0 is valid");
    ok(!isf_hdr_valid_value(NULL, 3), "a NULL value with a length is not");
    ok(isf_hdr_valid_value(LIT("a\tb")), "HTAB is allowed in a value");
    ok(!isf_hdr_valid_value(LIT("a\r\nSet-Cookie: x=1")),
       "CR LF in a value is refused (response splitting)");
    ok(!isf_hdr_valid_value(LIT("a\rb")), "a bare CR in a value is refused");
    ok(!isf_hdr_valid_value(LIT("a\nb")), "a bare LF in a value is refused");
    ok(!isf_hdr_valid_value(LIT("a\0b")), "a NUL inside len is refused");
    ok(isf_hdr_valid_value("ok\r\n", 2),
       "only len bytes are examined: a CR beyond len is not seen");
    ok(isf_hdr_valid_value(LIT("caf\xc3\xa9")),
       "bytes above 0x7F (obs-text) are allowed in a value");
}

static void classify(void)
{
    apr_size_t n = 99;

    is_int(isf_hdr_classify("Content-Type:", &n), ISF_NAME_HEADER,
           "'Content-Type:' is a real header");
    is_int((int)n, 12, "token_len is the name without its colon");

    n = 99;
    is_int(isf_hdr_classify("url", &n), ISF_NAME_URL,
           "'url' is the url pseudo-header");
    is_int((int)n, 0, "a pseudo-header sets token_len 0");
    is_int(isf_hdr_classify("URL", NULL), ISF_NAME_URL,
           "pseudo-names match case-insensitively ('URL')");
    is_int(isf_hdr_classify("Method", NULL), ISF_NAME_METHOD,
           "'Method' is the method pseudo-header");
    is_int(isf_hdr_classify("method", NULL), ISF_NAME_METHOD,
           "'method' is the method pseudo-header");
    is_int(isf_hdr_classify("VERSION", NULL), ISF_NAME_VERSION,
           "'VERSION' is the version pseudo-header");
    is_int(isf_hdr_classify("status", NULL), ISF_NAME_STATUS,
           "'status' is the status pseudo-header");
    is_int(isf_hdr_classify("statue", NULL), ISF_NAME_BAD,
           "'statue' (six letters, not a pseudo-name) is refused");
    is_int(isf_hdr_classify("verzion", NULL), ISF_NAME_BAD,
           "'verzion' (seven letters, not a pseudo-name) is refused");

    n = 99;
    is_int(isf_hdr_classify("url:", &n), ISF_NAME_HEADER,
           "'url:' with a colon is a real header named url");
    is_int((int)n, 3, "'url:' strips to 'url'");

    n = 99;
    is_int(isf_hdr_classify("Content-Type", &n), ISF_NAME_BAD,
           "a name without its colon is refused (IIS 6 rule)");
    is_int((int)n, 0, "a refused name sets token_len 0");
    is_int(isf_hdr_classify("Host::", NULL), ISF_NAME_BAD,
           "a name with two colons is refused");
    is_int(isf_hdr_classify("Host :", NULL), ISF_NAME_BAD,
           "a space before the colon is refused");
    is_int(isf_hdr_classify("Host: ", NULL), ISF_NAME_BAD,
           "a space after the colon is refused");
    is_int(isf_hdr_classify(":", NULL), ISF_NAME_BAD,
           "a lone colon is refused");
    is_int(isf_hdr_classify("", NULL), ISF_NAME_BAD,
           "an empty name is refused");
    is_int(isf_hdr_classify(NULL, NULL), ISF_NAME_BAD,
           "a NULL name is refused");
    is_int(isf_hdr_classify("X\r\nEvil:", NULL), ISF_NAME_BAD,
           "CR LF inside a name is refused");
    is_int(isf_hdr_classify("X-\xe9:", NULL), ISF_NAME_BAD,
           "a byte above 0x7F in a name is refused");
    is_int(isf_hdr_classify("urls", NULL), ISF_NAME_BAD,
           "'urls' is neither a pseudo-name nor 'Name:'");
    is_int(isf_hdr_classify(" url", NULL), ISF_NAME_BAD,
           "a pseudo-name with a leading space is refused");
}

static void value_len(void)
{
    is_int((int)isf_hdr_value_len("hdr_only"), 8,
           "isf_hdr_value_len: the length of a plain value");
    is_int((int)isf_hdr_value_len(""), 0, "an empty value has length 0");
    is_int((int)isf_hdr_value_len("a\tb c"), 5, "HTAB and SP are allowed");
    is_int((int)isf_hdr_value_len("a\r\nSet-Cookie: x=1"), -1,
           "CR LF in a value is refused");
    is_int((int)isf_hdr_value_len("a\rb"), -1, "a lone CR is refused");
    is_int((int)isf_hdr_value_len("ab\n"), -1, "a trailing LF is refused");
}

/* Parse and return the table, with rv and err reported through pointers. */
static apr_table_t *parse(const char *block, apr_size_t len,
                          apr_status_t *rv, const char **err)
{
    apr_table_t *t = apr_table_make(pool, 4);

    *err = "unset";
    *rv = isf_hdr_parse_block(pool, block, len, t, err);
    return t;
}

#define REFUSED(block, what) do {                                          \
        apr_status_t rv_;                                                  \
        const char *err_;                                                  \
        apr_table_t *t_ = parse(LIT(block), &rv_, &err_);                  \
        is_int(rv_, APR_EINVAL, what " is refused with APR_EINVAL");       \
        ok(err_ != NULL && *err_ != '\0', what " sets a reason in *err");  \
        is_int(apr_table_elts(t_)->nelts, 0,                               \
               what " adds nothing to the table");                         \
    } while (0)

static void parse_block(void)
{
    apr_status_t rv;
    const char *err;
    apr_table_t *t;
    const apr_table_entry_t *e;
    char *heap;

    t = parse(LIT("X-A: 1\r\nX-B: two words\r\n\r\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "a CRLF block ending in a blank line parses");
    is_str(err, NULL, "success leaves *err NULL");
    is_int(apr_table_elts(t)->nelts, 2, "two lines give two headers");
    is_str(apr_table_get(t, "X-A"), "1", "first header value");
    is_str(apr_table_get(t, "X-B"), "two words",
           "inner spaces of a value are kept");

    t = parse(LIT("X-A: 1\nX-B: 2\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "LF-only line ends are accepted");
    is_str(apr_table_get(t, "X-B"), "2", "LF-only: second header value");

    t = parse(LIT("X-A: 1\r\nX-B: 2"), &rv, &err);
    is_int(rv, APR_SUCCESS, "the last line may lack its line end");
    is_str(apr_table_get(t, "X-B"), "2",
           "unterminated last line keeps its value");

    t = parse(LIT("X-A:1\nX-B: 2\r\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "mixed LF and CRLF line ends are accepted");
    is_str(apr_table_get(t, "X-A"), "1", "no space after the colon is fine");

    t = parse(LIT("X-A: \t padded \t \r\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "a value with surrounding white space parses");
    is_str(apr_table_get(t, "X-A"), "padded",
           "optional white space around the value is stripped");

    t = parse(LIT("X-A: a\tb\r\n"), &rv, &err);
    is_str(apr_table_get(t, "X-A"), "a\tb", "HTAB inside a value is kept");

    t = parse(LIT("X-Empty:\r\nX-Blank:   \r\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "empty values are accepted");
    is_str(apr_table_get(t, "X-Empty"), "", "an empty value is ''");
    is_str(apr_table_get(t, "X-Blank"), "", "an all-blank value is ''");

    t = parse(LIT("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n"), &rv, &err);
    is_int(apr_table_elts(t)->nelts, 2,
           "repeated names are added, not merged (apr_table_add)");
    e = (const apr_table_entry_t *)apr_table_elts(t)->elts;
    is_str(e[1].val, "b=2", "the second Set-Cookie keeps its own value");

    t = parse(LIT("X-Url: http://h:80/p\r\n"), &rv, &err);
    is_str(apr_table_get(t, "X-Url"), "http://h:80/p",
           "only the first colon separates name and value");

    t = parse(LIT("X-Caf: caf\xc3\xa9\r\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "bytes above 0x7F are accepted in a value");

    t = parse(LIT("X-A: 1\r\n\r\n\r\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "extra blank lines at the end are accepted");
    is_int(apr_table_elts(t)->nelts, 1, "blank lines add nothing");

    t = parse(LIT(""), &rv, &err);
    is_int(rv, APR_SUCCESS, "an empty block is accepted");
    is_int(apr_table_elts(t)->nelts, 0, "an empty block adds nothing");
    t = parse(LIT("\r\n"), &rv, &err);
    is_int(rv, APR_SUCCESS, "a block of one blank line is accepted");
    t = parse(NULL, 0, &rv, &err);
    is_int(rv, APR_SUCCESS, "a NULL block of length 0 is accepted");
    t = parse(NULL, 5, &rv, &err);
    is_int(rv, APR_EINVAL, "a NULL block with a length is refused");
    rv = isf_hdr_parse_block(pool, LIT("X: 1\r\n"), NULL, &err);
    is_int(rv, APR_EINVAL, "a NULL table is refused");
    rv = isf_hdr_parse_block(pool, LIT("X: 1\r\n"), apr_table_make(pool, 1),
                             NULL);
    is_int(rv, APR_SUCCESS, "a NULL err pointer is tolerated on success");
    rv = isf_hdr_parse_block(pool, LIT("bad\r\n"), apr_table_make(pool, 1),
                             NULL);
    is_int(rv, APR_EINVAL, "a NULL err pointer is tolerated on failure");

    /* Injection and framing attempts: each refused as a whole. */
    REFUSED("X-A: 1\r\nX-B: a\rSet-Cookie: x\r\n", "a bare CR in a value");
    REFUSED("X-A: 1\r", "a CR at the very end of the block");
    REFUSED("X-A: 1\r\r\n", "CR CR LF");
    REFUSED("X-A: 1\r\nX-B: a\0\r\nEvil: 1\r\n", "a NUL inside len");
    REFUSED("\0X-A: 1\r\n", "a NUL as the first byte");
    REFUSED("X-A: 1\r\nno colon here\r\n", "a line without a colon");
    REFUSED("X-A: 1\r\n: novalue\r\n", "an empty header name");
    REFUSED("X A: 1\r\n", "a space inside the name");
    REFUSED("X-A : 1\r\n", "white space before the colon");
    REFUSED("X-A: 1\r\n folded\r\n", "an obs-fold line starting with SP");
    REFUSED("X-A: 1\r\n\tfolded\r\n", "an obs-fold line starting with HTAB");
    REFUSED(" X-A: 1\r\n", "a first line starting with white space");
    REFUSED("X-A: a\x01" "b\r\n", "a C0 control in a value");
    REFUSED("X-A: a\x1b[31m\r\n", "an ESC in a value");
    REFUSED("X-A: a\x7f\r\n", "DEL in a value");
    REFUSED("X-A: 1\r\n\r\nX-B: 2\r\n", "a header after the blank line");
    REFUSED("X-A: 1\r\n\r\n<html>", "a body after the blank line");
    REFUSED("X-\xc3\xa9: 1\r\n", "a non-ASCII header name");

    /* Only len bytes are read: the tail beyond len must not matter. */
    t = parse("X-A: 1\r\nEvil\0: x", 8, &rv, &err);
    is_int(rv, APR_SUCCESS, "bytes beyond len are never examined");
    is_int(apr_table_elts(t)->nelts, 1, "only the lines inside len count");

    /* Exact-size heap copy, no NUL: ASan catches any read past len. */
    heap = malloc(10);
    memcpy(heap, "X-Abc: 12\r", 10);
    t = parse(heap, 9, &rv, &err);
    is_int(rv, APR_SUCCESS, "an unterminated buffer of exactly len parses");
    is_str(apr_table_get(t, "X-Abc"), "12", "its value ends at len");
    rv = isf_hdr_parse_block(pool, heap, 10, apr_table_make(pool, 1), &err);
    is_int(rv, APR_EINVAL, "a CR as the last byte of len is a bare CR");
    free(heap);
}

static void status(void)
{
    const char *reason = "sentinel";

    is_int(isf_status_parse("404 Not Found", &reason), 404,
           "'404 Not Found' gives 404");
    is_str(reason, "Not Found", "reason points past the code and space");
    is_int(isf_status_parse("200", &reason), 200, "a bare code is accepted");
    is_str(reason, "", "a bare code has an empty reason");
    is_int(isf_status_parse("302   Moved", &reason), 302,
           "several spaces after the code are accepted");
    is_str(reason, "Moved", "all spaces after the code are skipped");
    is_int(isf_status_parse("100 Continue", NULL), 100,
           "100 is the lowest code; reason may be NULL");
    is_int(isf_status_parse("599", NULL), 599, "599 is the highest code");
    is_int(isf_status_parse("401 Access\tDenied", NULL), 401,
           "HTAB is allowed inside the reason");

    reason = "sentinel";
    is_int(isf_status_parse("099", &reason), 0, "099 is below 100");
    is_str(reason, NULL, "an invalid status leaves *reason NULL");
    is_int(isf_status_parse("600", NULL), 0, "600 is above 599");
    is_int(isf_status_parse("000", NULL), 0, "000 is refused");
    is_int(isf_status_parse("4040", NULL), 0, "four digits are refused");
    is_int(isf_status_parse("40", NULL), 0, "two digits are refused");
    is_int(isf_status_parse("404x", NULL), 0,
           "a letter glued to the code is refused");
    is_int(isf_status_parse(" 404", NULL), 0, "a leading space is refused");
    is_int(isf_status_parse("-404", NULL), 0, "a sign is refused");
    is_int(isf_status_parse("", NULL), 0, "an empty status is refused");
    is_int(isf_status_parse(NULL, NULL), 0, "a NULL status is refused");
    is_int(isf_status_parse("200 OK\r\nSet-Cookie: x=1", NULL), 0,
           "CR LF in the reason is refused (response splitting)");
    is_int(isf_status_parse("200 OK\n", NULL), 0,
           "a trailing LF in the reason is refused");
    is_int(isf_status_parse("200 O\x7fK", NULL), 0,
           "DEL in the reason is refused");
}

static void basic(void)
{
    const char *u = "x", *pw = "x";
    char *enc;

    /* "Aladdin:open sesame" is the RFC 7617 example. */
    is_int(isf_basic_decode(pool, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
                            &u, &pw), APR_SUCCESS,
           "the RFC 7617 example decodes");
    is_str(u, "Aladdin", "user is the text before the first colon");
    is_str(pw, "open sesame", "password is the text after it");

    is_int(isf_basic_decode(pool, "bAsIc   dTpwOnE=  ", &u, &pw),
           APR_SUCCESS,
           "scheme is case-insensitive; spaces around the token skipped");
    is_str(u, "u", "decoded user 'u'");
    is_str(pw, "p:q", "a colon inside the password is kept");

    is_int(isf_basic_decode(pool, "Basic OnB3", &u, &pw), APR_SUCCESS,
           "':pw' (empty user) decodes");
    is_str(u, "", "the empty user is ''");
    is_int(isf_basic_decode(pool, "Basic dTo=", &u, &pw), APR_SUCCESS,
           "'u:' (empty password) decodes");
    is_str(pw, "", "the empty password is ''");
    is_int(isf_basic_decode(pool, "Basic dTpwdw==", &u, &pw), APR_SUCCESS,
           "two '=' of padding are accepted");
    is_int(isf_basic_decode(pool, "Basic dTpw", &u, &pw), APR_SUCCESS,
           "no padding when the length is a multiple of three");
    is_int(isf_basic_decode(pool, "\tBasic\tdTpw", &u, &pw), APR_SUCCESS,
           "tabs count as white space around the scheme");

    u = pw = "x";
    is_int(isf_basic_decode(pool, "Bearer abc.def", &u, &pw), APR_ENOENT,
           "another scheme gives APR_ENOENT");
    is_str(u, NULL, "a failed decode leaves *user NULL");
    is_str(pw, NULL, "a failed decode leaves *pass NULL");
    is_int(isf_basic_decode(pool, "Digest username=\"u\"", &u, &pw),
           APR_ENOENT, "Digest gives APR_ENOENT");
    is_int(isf_basic_decode(pool, "BasicdTpw", &u, &pw), APR_ENOENT,
           "'Basic' glued to the token is another scheme");
    is_int(isf_basic_decode(pool, "Basics dTpw", &u, &pw), APR_ENOENT,
           "'Basics' is another scheme");
    is_int(isf_basic_decode(pool, "", &u, &pw), APR_ENOENT,
           "an empty value gives APR_ENOENT");
    is_int(isf_basic_decode(pool, NULL, &u, &pw), APR_ENOENT,
           "a NULL value gives APR_ENOENT");
    is_int(isf_basic_decode(pool, "Bas", &u, &pw), APR_ENOENT,
           "a truncated scheme gives APR_ENOENT");

    is_int(isf_basic_decode(pool, "Basic", &u, &pw), APR_EINVAL,
           "Basic without credentials is malformed");
    is_int(isf_basic_decode(pool, "Basic    ", &u, &pw), APR_EINVAL,
           "Basic with only spaces is malformed");
    is_int(isf_basic_decode(pool, "Basic dTpw!!!!", &u, &pw), APR_EINVAL,
           "characters outside the base64 alphabet are refused");
    is_int(isf_basic_decode(pool, "Basic dTpwdw", &u, &pw), APR_EINVAL,
           "an unpadded length that is not a multiple of 4 is refused");
    is_int(isf_basic_decode(pool, "Basic dTpwd===", &u, &pw), APR_EINVAL,
           "three '=' of padding are refused");
    is_int(isf_basic_decode(pool, "Basic ====", &u, &pw), APR_EINVAL,
           "padding alone is refused");
    is_int(isf_basic_decode(pool, "Basic dT=w", &u, &pw), APR_EINVAL,
           "'=' before the end of the token is refused");
    is_int(isf_basic_decode(pool, "Basic dTpw dTpw", &u, &pw), APR_EINVAL,
           "two tokens are refused");
    is_int(isf_basic_decode(pool, "Basic dTpw-_==", &u, &pw), APR_EINVAL,
           "the base64url alphabet ('-', '_') is refused");
    is_int(isf_basic_decode(pool, "Basic dXNlcg==", &u, &pw), APR_EINVAL,
           "decoded text without a colon is refused");
    is_int(isf_basic_decode(pool, "Basic dQB4OnA=", &u, &pw), APR_EINVAL,
           "decoded text holding a NUL ('u\\0x:p') is refused");
    is_int(isf_basic_decode(pool, "Basic dTpwAA==", &u, &pw), APR_EINVAL,
           "a NUL at the end of the password is refused");
    is_int(isf_basic_decode(pool, "Basic dTp\xc3\xa9", &u, &pw), APR_EINVAL,
           "a non-ASCII byte in the token is refused");
    is_int(isf_basic_decode(pool, "Basic dTpw", NULL, &pw), APR_EINVAL,
           "a NULL user pointer is refused");

    enc = isf_basic_encode(pool, "Aladdin", "open sesame");
    is_str(enc, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
           "encode produces the RFC 7617 example");
    is_str(isf_basic_encode(pool, "", ""), "Basic Og==",
           "empty user and password encode as ':'");
    is_str(isf_basic_encode(pool, NULL, NULL), "Basic Og==",
           "NULL user and password encode as empty");
    enc = isf_basic_encode(pool, "user\xc3\xa9", "p:a:ss");
    is_int(isf_basic_decode(pool, enc, &u, &pw), APR_SUCCESS,
           "encode then decode round-trips");
    is_str(u, "user\xc3\xa9", "round trip keeps the user bytes");
    is_str(pw, "p:a:ss", "round trip keeps colons in the password");
}

/* Normalise a copy; return it, or NULL when refused (copy unchanged). */
static const char *norm(const char *in)
{
    char *buf = apr_pstrdup(pool, in);
    char *keep = apr_pstrdup(pool, in);

    if (isf_normalize_url(buf)) {
        return buf;
    }
    return strcmp(buf, keep) == 0 ? NULL : "REFUSED BUT MODIFIED";
}

static void normalize(void)
{
    char *heap;

    is_str(norm("/a/b/c.htm"), "/a/b/c.htm", "a clean path is unchanged");
    is_str(norm("/"), "/", "the root stays '/'");
    is_str(norm("/a/./b"), "/a/b", "'.' segments are removed");
    is_str(norm("/a/b/../c"), "/a/c", "'..' removes the previous segment");
    is_str(norm("/a/b/.."), "/a/", "a final '..' keeps the trailing slash");
    is_str(norm("/a/."), "/a/", "a final '.' keeps the trailing slash");
    is_str(norm("/."), "/", "'/.' is the root");
    is_str(norm("/a/.."), "/", "'/a/..' is the root");
    is_str(norm("/a/b/"), "/a/b/", "a trailing slash is kept");
    is_str(norm("/a//b"), "/a//b", "empty segments are not collapsed");
    is_str(norm("/a/.../b"), "/a/.../b", "'...' is an ordinary name");
    is_str(norm("/a/..b/.c"), "/a/..b/.c", "'..b' and '.c' are names");
    is_str(norm("/%41%62%63"), "/Abc", "%xx escapes are decoded");
    is_str(norm("/a%2fb"), "/a/b", "an encoded slash is decoded");
    is_str(norm("/a/%2e%2E/b"), "/b", "an encoded '..' is removed");
    is_str(norm("/a/%2e/b"), "/a/b", "an encoded '.' is removed");
    is_str(norm("\\a\\b\\..\\c"), "/a/c", "backslashes become slashes");
    is_str(norm("/a%5cb%5c..%5cc"), "/a/c",
           "encoded backslashes become slashes too");
    is_str(norm("/a%20b"), "/a b", "an encoded space is decoded");
    is_str(norm("/a+b"), "/a+b", "'+' is not a space in a path");
    is_str(norm("/%c3%a9"), "/\xc3\xa9", "UTF-8 escapes decode bytewise");
    is_str(norm("/a/../b?x=%41&y=../..\\z"), "/b?x=%41&y=../..\\z",
           "the query string after '?' is left alone");
    is_str(norm("/a/./?"), "/a/?", "an empty query is kept");
    is_str(norm("/%3f/x"), "/?/x",
           "an encoded '?' belongs to the path, not the query");
    is_str(norm("/a?%zz"), "/a?%zz",
           "a bad escape in the query is not the path's problem");

    is_str(norm("/.."), NULL, "'/..' above the root is refused");
    is_str(norm("/a/../.."), NULL, "climbing above the root is refused");
    is_str(norm("/a/../../etc/passwd"), NULL,
           "a traversal above the root is refused, url untouched");
    is_str(norm("/%2e%2e/x"), NULL, "an encoded traversal is refused");
    is_str(norm("/a%2f..%2f..%2fx"), NULL,
           "a traversal through encoded slashes is refused");
    is_str(norm("\\..\\x"), NULL, "a backslash traversal is refused");
    is_str(norm("/a/b/%zz"), NULL, "an invalid escape is refused");
    is_str(norm("/a%4"), NULL, "a truncated escape is refused");
    is_str(norm("/a%"), NULL, "a lone '%' at the end is refused");
    is_str(norm("/a%4?b"), NULL, "an escape truncated by '?' is refused");
    is_str(norm("/a%00.asp"), NULL, "an encoded NUL is refused");
    is_str(norm("/a%u002e"), NULL, "IIS %u escapes are refused");
    is_str(norm("a/b"), NULL, "a path not starting with '/' is refused");
    is_str(norm(""), NULL, "an empty url is refused");
    is_str(norm("?x=1"), NULL, "a url that is only a query is refused");
    is_str(norm("http://h/a"), NULL, "an absolute URI is refused");
    ok(!isf_normalize_url(NULL), "a NULL url is refused");

    /* In place and never longer: check on an exact-size heap buffer. */
    heap = malloc(sizeof("/a/./b/../%63?q"));
    memcpy(heap, "/a/./b/../%63?q", sizeof("/a/./b/../%63?q"));
    ok(isf_normalize_url(heap), "an exact-size heap url is normalised");
    is_str(heap, "/a/c?q", "in-place result on the exact-size buffer");
    free(heap);
}

static void path_outcome(void)
{
    char buf[8], big[64], own[] = "/new/path", keep[sizeof(own)];
    const char *path;
    apr_ssize_t n;

    memcpy(buf, "/a/b\0zz", 8);
    n = isf_path_outcome(buf, sizeof(buf), buf, &path);
    ok(n == 4 && path == buf, "a path left in the bridge's buffer");
    memset(buf, 'x', sizeof(buf));
    n = isf_path_outcome(buf, sizeof(buf), buf, &path);
    ok(n == 7 && path == buf && buf[7] == '\0',
       "a buffer without a NUL is ended at its last byte");
    memcpy(buf, "/a/b\0zz", 8);
    n = isf_path_outcome(buf, sizeof(buf), buf + 2, &path);
    ok(n == 2 && path == buf + 2,
       "a pointer moved inside the bridge's buffer reads from there");
    memcpy(keep, own, sizeof(own));
    n = isf_path_outcome(big, sizeof(big), own, &path);
    ok(n == 9 && path == own && !memcmp(own, keep, sizeof(own)),
       "a pointer moved to the filter's own memory: its string, "
       "read, never written");
    n = isf_path_outcome(buf, sizeof(buf), own, &path);
    ok(n == -1 && path == NULL,
       "a string in the filter's memory as long as the bridge's buffer "
       "is refused (the old path stays)");
    n = isf_path_outcome(buf, sizeof(buf), NULL, &path);
    ok(n == -1 && path == NULL, "NULL keeps the old path");
}

static void clen(void)
{
    ok(isf_hdr_clen_ok("0") && isf_hdr_clen_ok("1048576"),
       "a decimal Content-Length is taken");
    ok(!isf_hdr_clen_ok(""), "an empty Content-Length is refused");
    ok(!isf_hdr_clen_ok("3, 3"), "a list is refused");
    ok(!isf_hdr_clen_ok("+3") && !isf_hdr_clen_ok("-3"), "a sign is refused");
    ok(!isf_hdr_clen_ok(" 3") && !isf_hdr_clen_ok("3 "),
       "spaces around the number are refused");
    ok(!isf_hdr_clen_ok("0x10") && !isf_hdr_clen_ok("three"),
       "hex and words are refused");
    ok(!isf_hdr_clen_ok("99999999999999999999999"),
       "a number past apr_off_t is refused");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    valid_name();
    valid_value();
    clen();
    classify();
    value_len();
    parse_block();
    status();
    basic();
    normalize();
    path_outcome();

    apr_pool_destroy(pool);
    apr_terminate();
    return done();
}
