/*
 * var_format.c: what the bridge hands back to filters.
 * runtime/servervars.c builds ALL_HTTP and ALL_RAW here and turns an
 * HTTP_<NAME> variable into the header name it looks up.  (The buffer
 * protocol every answer goes through, isf_copy_out, is inline in
 * core/core.h.)
 */
#include "apr.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_tables.h"
#define APR_WANT_STRFUNC
#define APR_WANT_MEMFUNC
#include "apr_want.h"

#include "core/core.h"

/* "Accept-Language" -> "ACCEPT_LANGUAGE", ASCII only (locale-proof). */
static void http_var_name(char *dst, const char *src, apr_size_t len)
{
    apr_size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];

        if (c == '-') {
            c = '_';
        }
        else if (c >= 'a' && c <= 'z') {
            c = (unsigned char)apr_toupper(c);
        }
        dst[i] = (char)c;
    }
}

/*
 * Both ALL_* variables are "prefix name sep value eol" per header.  The
 * total is measured first so the answer is one allocation of the exact
 * size; entries with no key (never made by httpd) are skipped.
 */
static char *format_all(apr_pool_t *p, const apr_table_t *headers, int http)
{
    static const char pfx[] = "HTTP_";
    const char *sep = http ? ":" : ": ";
    const char *eol = http ? "\n" : "\r\n";
    apr_size_t seplen = strlen(sep), eollen = strlen(eol);
    apr_size_t pfxlen = http ? sizeof(pfx) - 1 : 0;
    const apr_array_header_t *arr;
    const apr_table_entry_t *e;
    apr_size_t total = 0;
    char *out, *o;
    int i;

    if (headers == NULL) {
        return apr_pstrdup(p, "");
    }
    arr = apr_table_elts(headers);
    e = (const apr_table_entry_t *)arr->elts;
    for (i = 0; i < arr->nelts; i++) {
        if (e[i].key == NULL) {
            continue;
        }
        total += pfxlen + strlen(e[i].key) + seplen
                 + (e[i].val ? strlen(e[i].val) : 0) + eollen;
    }

    o = out = apr_palloc(p, total + 1);
    for (i = 0; i < arr->nelts; i++) {
        apr_size_t klen, vlen;

        if (e[i].key == NULL) {
            continue;
        }
        klen = strlen(e[i].key);
        vlen = e[i].val ? strlen(e[i].val) : 0;
        memcpy(o, pfx, pfxlen);
        o += pfxlen;
        if (http) {
            http_var_name(o, e[i].key, klen);
        }
        else {
            memcpy(o, e[i].key, klen);
        }
        o += klen;
        memcpy(o, sep, seplen);
        o += seplen;
        if (vlen) {
            memcpy(o, e[i].val, vlen);
            o += vlen;
        }
        memcpy(o, eol, eollen);
        o += eollen;
    }
    *o = '\0';
    return out;
}

char *isf_format_all_http(apr_pool_t *p, const apr_table_t *headers)
{
    return format_all(p, headers, 1);
}

char *isf_format_all_raw(apr_pool_t *p, const apr_table_t *headers)
{
    return format_all(p, headers, 0);
}

char *isf_http_var_to_header(apr_pool_t *p, const char *suffix)
{
    char *name, *c;

    if (suffix == NULL || *suffix == '\0') {
        return NULL;
    }
    /*
     * IIS turns every '_' into '-', so a header whose real name holds an
     * underscore cannot be read as HTTP_*; HEADER_<Name> exists for that.
     */
    name = apr_pstrdup(p, suffix);
    for (c = name; *c; c++) {
        if (*c == '_') {
            *c = '-';
        }
    }
    return name;
}
