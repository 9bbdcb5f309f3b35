/*
 * normalize_url: isf_normalize_url (SF_REQ_NORMALIZE_URL) on the input up
 * to its first NUL, in an exact-size heap buffer (an in-place write past
 * the input's own length is an ASan report).
 *
 * Contract checked, against a reference normaliser written from
 * core/core.h (decode %xx and '\\', a stack of segments for "." and ".."):
 *  - refused exactly when the reference refuses, and then byte-for-byte
 *    unchanged;
 *  - accepted: the same result as the reference, never longer, the query
 *    kept verbatim, a path starting with '/' with no "." or ".." segment
 *    and no backslash left;
 *  - idempotent: normalising the result again changes nothing, whenever
 *    the result still reads as the same path (no '%' or '?' decoded into
 *    it; decoding twice is a different operation).
 */
#include "fuzz_common.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Reference: returns a malloc'd result, or NULL when the url is refused. */
static char *ref_normalize(const char *url)
{
    const char *q = strchr(url, '?');
    size_t end = q ? (size_t)(q - url) : strlen(url);
    size_t qlen = q ? strlen(q) : 0, i, n = 0, nseg = 0, o = 0, k;
    char *dec = malloc(end + 1), *out;
    size_t *seg_start = malloc((end + 1) * sizeof(size_t));
    size_t *seg_len = malloc((end + 1) * sizeof(size_t));
    int last_dot = 0;

    for (i = 0; i < end; i++) {
        char c = url[i];

        if (c == '%') {
            int hi, lo;

            if (i + 2 >= end || (hi = hexval(url[i + 1])) < 0
                || (lo = hexval(url[i + 2])) < 0 || (hi | lo) == 0) {
                goto refuse;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        dec[n++] = c == '\\' ? '/' : c;
    }
    if (n == 0 || dec[0] != '/') {
        goto refuse;
    }
    /* Segments of dec[1..n), split on '/'; a stack of the kept ones. */
    for (i = 1;;) {
        size_t s = i;

        while (i < n && dec[i] != '/') {
            i++;
        }
        if (i - s == 1 && dec[s] == '.') {
            last_dot = 1;
        }
        else if (i - s == 2 && dec[s] == '.' && dec[s + 1] == '.') {
            if (nseg == 0) {
                goto refuse;
            }
            nseg--;
            last_dot = 1;
        }
        else {
            seg_start[nseg] = s;
            seg_len[nseg] = i - s;
            nseg++;
            last_dot = 0;
        }
        if (i >= n) {
            break;
        }
        i++;                    /* past the '/' */
    }
    out = malloc(n + 2 + qlen + 1);
    for (k = 0; k < nseg; k++) {
        out[o++] = '/';
        memcpy(out + o, dec + seg_start[k], seg_len[k]);
        o += seg_len[k];
    }
    if (last_dot || nseg == 0) {
        out[o++] = '/';
    }
    memcpy(out + o, url + end, qlen);
    out[o + qlen] = '\0';
    free(dec);
    free(seg_start);
    free(seg_len);
    return out;

refuse:
    free(dec);
    free(seg_start);
    free(seg_len);
    return NULL;
}

/* No "." or ".." segment in path[0..len). */
static int no_dot_segments(const char *path, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t s = i + 1, e = s;

        CHECK(path[i] == '/');
        while (e < len && path[e] != '/') {
            e++;
        }
        if ((e - s == 1 && path[s] == '.')
            || (e - s == 2 && path[s] == '.' && path[s + 1] == '.')) {
            return 0;
        }
        i = e;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *url = fuzz_cstr(data, size);
    size_t len = strlen(url), olen, plen, qlen;
    char *in = malloc(len + 1), *want;
    const char *q;
    int rv;

    /* Exactly len + 1 bytes: the NUL is the last byte ASan allows. */
    memcpy(in, url, len + 1);
    free(url);
    url = malloc(len + 1);
    memcpy(url, in, len + 1);

    q = strchr(in, '?');
    qlen = q ? strlen(q) : 0;
    want = ref_normalize(in);
    rv = isf_normalize_url(url);

    if (!rv) {
        CHECK(rv == 0);
        CHECK(want == NULL);
        CHECK(memcmp(url, in, len + 1) == 0);
    }
    else {
        CHECK(rv == 1);
        CHECK(want != NULL);
        CHECK(strcmp(url, want) == 0);
        olen = strlen(url);
        CHECK(olen <= len);
        CHECK(olen >= qlen + 1);
        plen = olen - qlen;
        CHECK(memcmp(url + plen, in + len - qlen, qlen) == 0);
        CHECK(url[0] == '/');
        CHECK(memchr(url, '\\', plen) == NULL);
        CHECK(no_dot_segments(url, plen));

        if (memchr(url, '%', plen) == NULL && memchr(url, '?', plen) == NULL) {
            char *again = malloc(olen + 1);

            memcpy(again, url, olen + 1);
            CHECK(isf_normalize_url(again) == 1);
            CHECK(strcmp(again, url) == 0);
            free(again);
        }
    }
    CHECK(isf_normalize_url(NULL) == 0);

    free(want);
    free(in);
    free(url);
    return 0;
}
