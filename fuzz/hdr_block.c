/*
 * hdr_block: isf_hdr_parse_block on an exact-length heap copy of the input
 * (no NUL after it, so ASan reports any read past len), against a
 * reference parser written from the core/core.h comment.
 *
 * Contract checked: the return is APR_SUCCESS or APR_EINVAL and agrees
 * with the reference; on failure *err is a reason and the table is exactly
 * as before (all or nothing); on success exactly the reference's headers
 * were appended, in order, every name a valid token and every value free
 * of CR, LF, NUL and other controls but HTAB, with no surrounding OWS.
 */
#include "fuzz_common.h"

typedef struct {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} ref_hdr_t;

static int ref_bad_ctl(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* Returns the number of headers, or -1 when the block must be refused. */
static int ref_parse(const char *b, size_t len, ref_hdr_t *out, size_t max)
{
    size_t pos = 0, n = 0, i;
    int ended = 0;

    /* Byte-level refusals, wherever they are. */
    for (i = 0; i < len; i++) {
        if (b[i] == '\0') {
            return -1;
        }
        if (b[i] == '\r' && (i + 1 == len || b[i + 1] != '\n')) {
            return -1;
        }
    }
    while (pos < len) {
        const char *line = b + pos, *nl, *colon;
        size_t llen, rest = len - pos, v, ve;

        nl = memchr(line, '\n', rest);
        llen = nl ? (size_t)(nl - line) : rest;
        pos += nl ? llen + 1 : llen;
        if (llen && line[llen - 1] == '\r') {
            llen--;             /* CRLF: the CR belongs to the line end */
        }
        if (llen == 0) {
            ended = 1;
            continue;
        }
        if (ended || line[0] == ' ' || line[0] == '\t') {
            return -1;
        }
        colon = memchr(line, ':', llen);
        if (colon == NULL || !fuzz_is_token(line, (size_t)(colon - line))) {
            return -1;
        }
        v = (size_t)(colon - line) + 1;
        ve = llen;
        while (v < ve && (line[v] == ' ' || line[v] == '\t')) {
            v++;
        }
        while (ve > v && (line[ve - 1] == ' ' || line[ve - 1] == '\t')) {
            ve--;
        }
        for (i = v; i < ve; i++) {
            if (ref_bad_ctl((unsigned char)line[i])) {
                return -1;
            }
        }
        if (n < max) {
            out[n].name = line;
            out[n].name_len = (size_t)(colon - line);
            out[n].value = line + v;
            out[n].value_len = ve - v;
        }
        n++;
    }
    return (int)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *block = malloc(size ? size : 1);
    apr_table_t *tbl = apr_table_make(p, 2);
    const apr_table_entry_t *e;
    ref_hdr_t want[256];
    const char *err = "unset";
    apr_status_t rv;
    int nwant, nelts, i;

    if (size) {
        memcpy(block, data, size);
    }
    /* Headers already there must survive either outcome untouched. */
    apr_table_add(tbl, "X-Before", "kept");
    apr_table_add(tbl, "Set-Cookie", "a=1");

    nwant = ref_parse(block, size, want, sizeof(want) / sizeof(want[0]));
    rv = isf_hdr_parse_block(p, block, size, tbl, &err);

    e = (const apr_table_entry_t *)apr_table_elts(tbl)->elts;
    nelts = apr_table_elts(tbl)->nelts;
    CHECK(strcmp(e[0].key, "X-Before") == 0 && strcmp(e[0].val, "kept") == 0);
    CHECK(strcmp(e[1].key, "Set-Cookie") == 0 && strcmp(e[1].val, "a=1") == 0);

    if (rv != APR_SUCCESS) {
        CHECK(rv == APR_EINVAL);
        CHECK(nwant < 0);
        CHECK(err != NULL && *err != '\0');
        CHECK(nelts == 2);
    }
    else {
        CHECK(nwant >= 0);
        CHECK(err == NULL);
        CHECK(nelts == 2 + nwant);
        for (i = 2; i < nelts; i++) {
            size_t kl = strlen(e[i].key), vl = strlen(e[i].val);

            CHECK(isf_hdr_valid_name(e[i].key, kl));
            CHECK(isf_hdr_valid_value(e[i].val, vl));
            CHECK(strpbrk(e[i].val, "\r\n") == NULL);
            for (size_t k = 0; k < vl; k++) {
                CHECK(!ref_bad_ctl((unsigned char)e[i].val[k]));
            }
            if (vl) {
                CHECK(e[i].val[0] != ' ' && e[i].val[0] != '\t');
                CHECK(e[i].val[vl - 1] != ' ' && e[i].val[vl - 1] != '\t');
            }
            /* The table points into the pool's copy, never the block. */
            CHECK(e[i].key < block || e[i].key >= block + size);
            CHECK(e[i].val < block || e[i].val >= block + size);
            if (i - 2 < (int)(sizeof(want) / sizeof(want[0]))) {
                const ref_hdr_t *w = &want[i - 2];

                CHECK(kl == w->name_len && !memcmp(e[i].key, w->name, kl));
                CHECK(vl == w->value_len && !memcmp(e[i].val, w->value, vl));
            }
        }
    }

    /* A NULL err pointer changes nothing but where the reason goes. */
    tbl = apr_table_make(p, 1);
    rv = isf_hdr_parse_block(p, block, size, tbl, NULL);
    CHECK((rv == APR_SUCCESS) == (nwant >= 0));
    CHECK(apr_table_elts(tbl)->nelts == (nwant >= 0 ? nwant : 0));

    free(block);
    apr_pool_destroy(p);
    return 0;
}
