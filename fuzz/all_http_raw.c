/*
 * all_http_raw: isf_format_all_http, isf_format_all_raw and
 * isf_http_var_to_header on a request-header table built from the input.
 *
 * Input: entries separated by LF or NUL; in each, the first ':' splits the
 * name from the value (no ':' means an empty value).  That gives the shape
 * httpd hands the bridge: names without ':', LF or NUL, values without LF
 * or NUL (CR, controls and high bytes are left in to see they pass through
 * intact).  Entries with an empty name are dropped, as httpd never makes
 * one.
 *
 * Contract checked: ALL_RAW is one "Name: value\r\n" line per header and
 * ALL_HTTP one "HTTP_NAME:value\n" line per header (name upper-cased in
 * ASCII, '-' -> '_'), and parsing either back gives the table's headers,
 * same count, same order, same bytes.  The HTTP_<NAME> suffix of every
 * ALL_HTTP line maps back with isf_http_var_to_header to the header name
 * ('_' read as '-'), which the table finds when the real name has no '_'.
 */
#include "fuzz_common.h"

#include "apr_strings.h"

static char ascii_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static int ascii_casecmp_n(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (ascii_upper(a[i]) != ascii_upper(b[i])) {
            return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    apr_table_t *tbl = apr_table_make(p, 4);
    const apr_table_entry_t *e;
    const char *o;
    char *all_http, *all_raw;
    size_t pos = 0;
    int n, i;

    while (pos < size) {
        const char *line = (const char *)data + pos, *colon;
        size_t llen = 0;
        char *key, *val;

        while (pos + llen < size && line[llen] != '\n' && line[llen] != '\0') {
            llen++;
        }
        pos += llen + 1;
        colon = memchr(line, ':', llen);
        if (colon == NULL) {
            key = apr_pstrmemdup(p, line, llen);
            val = apr_pstrdup(p, "");
        }
        else {
            key = apr_pstrmemdup(p, line, (size_t)(colon - line));
            val = apr_pstrmemdup(p, colon + 1, llen - (size_t)(colon - line) - 1);
        }
        if (*key) {
            apr_table_addn(tbl, key, val);
        }
    }
    n = apr_table_elts(tbl)->nelts;
    e = (const apr_table_entry_t *)apr_table_elts(tbl)->elts;

    /* ALL_RAW: "Name: value\r\n" each. */
    all_raw = isf_format_all_raw(p, tbl);
    CHECK(all_raw != NULL);
    for (i = 0, o = all_raw; i < n; i++) {
        size_t kl = strlen(e[i].key), vl = strlen(e[i].val);
        const char *sep = strchr(o, ':'), *eol;

        CHECK(sep != NULL && sep[1] == ' ');
        CHECK((size_t)(sep - o) == kl && memcmp(o, e[i].key, kl) == 0);
        /* The value runs to the first CRLF after ": ". */
        eol = strstr(sep + 2, "\r\n");
        CHECK(eol != NULL);
        CHECK((size_t)(eol - (sep + 2)) == vl
              && memcmp(sep + 2, e[i].val, vl) == 0);
        o = eol + 2;
    }
    CHECK(*o == '\0');

    /* ALL_HTTP: "HTTP_NAME:value\n" each. */
    all_http = isf_format_all_http(p, tbl);
    CHECK(all_http != NULL);
    for (i = 0, o = all_http; i < n; i++) {
        size_t kl = strlen(e[i].key), vl = strlen(e[i].val), k;
        const char *sep, *eol;
        char *suffix, *hdr;

        CHECK(strncmp(o, "HTTP_", 5) == 0);
        o += 5;
        sep = strchr(o, ':');
        CHECK(sep != NULL && (size_t)(sep - o) == kl);
        for (k = 0; k < kl; k++) {
            char c = e[i].key[k];

            CHECK(o[k] == (c == '-' ? '_' : ascii_upper(c)));
            CHECK(!(o[k] >= 'a' && o[k] <= 'z'));
        }
        eol = strchr(sep + 1, '\n');
        CHECK(eol != NULL);
        CHECK((size_t)(eol - (sep + 1)) == vl
              && memcmp(sep + 1, e[i].val, vl) == 0);

        /* HTTP_<NAME> back to the header name. */
        suffix = apr_pstrmemdup(p, o, kl);
        hdr = isf_http_var_to_header(p, suffix);
        CHECK(hdr != NULL && strlen(hdr) == kl);
        CHECK(strchr(hdr, '_') == NULL);
        for (k = 0; k < kl; k++) {
            char c = e[i].key[k] == '_' ? '-' : e[i].key[k];

            CHECK(ascii_casecmp_n(&hdr[k], &c, 1) == 0);
        }
        if (strchr(e[i].key, '_') == NULL) {
            CHECK(apr_table_get(tbl, hdr) != NULL);
        }
        o = eol + 1;
    }
    CHECK(*o == '\0');

    CHECK(isf_http_var_to_header(p, "") == NULL);
    CHECK(isf_http_var_to_header(p, NULL) == NULL);
    CHECK(strcmp(isf_format_all_http(p, NULL), "") == 0);
    CHECK(strcmp(isf_format_all_raw(p, NULL), "") == 0);

    apr_pool_destroy(p);
    return 0;
}
