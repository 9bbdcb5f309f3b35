/*
 * basic_auth.c: the Authorization header as AUTHENTICATION and
 * AUTH_PASSWORD see it.  isf_basic_decode splits "Basic <base64>" into
 * user and password; isf_basic_encode builds the header again when a
 * filter rewrote the credentials.
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

#include "core/core.h"

/*
 * apr_base64 counts in int.  Refusing anything near INT_MAX keeps its
 * length arithmetic from overflowing; real credentials are a few hundred
 * bytes and httpd caps a header line far below this.
 */
#define ISF_BASE64_MAX  (APR_INT32_MAX / 2)

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
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
