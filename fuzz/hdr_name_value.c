/*
 * hdr_name_value: isf_hdr_valid_name, isf_hdr_valid_value,
 * isf_hdr_value_len and isf_hdr_classify against a reference written from
 * core/core.h.
 *
 * Input: the whole input is the name/value bytes (embedded NULs included)
 * for the two validators, on an exact-size heap copy so a read past len is
 * an ASan report; the input up to its first NUL is the SDK name given to
 * isf_hdr_classify and the value given to isf_hdr_value_len.
 */
#include "fuzz_common.h"

static const struct {
    const char *name;
    isf_name_kind_e kind;
} pseudo[] = {
    { "method", ISF_NAME_METHOD },
    { "url", ISF_NAME_URL },
    { "version", ISF_NAME_VERSION },
    { "status", ISF_NAME_STATUS },
};

static int ref_valid_value(const char *v, size_t len)
{
    size_t i;

    if (v == NULL) {
        return len == 0;
    }
    for (i = 0; i < len; i++) {
        if (v[i] == '\r' || v[i] == '\n' || v[i] == '\0') {
            return 0;
        }
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *exact = malloc(size ? size : 1);
    char *cstr = fuzz_cstr(data, size);
    size_t clen = strlen(cstr), i;
    apr_size_t tlen = 99;
    apr_ssize_t vlen;
    isf_name_kind_e kind, want = ISF_NAME_BAD;
    int name_ok, value_ok;

    if (size) {
        memcpy(exact, data, size);
    }

    /* Names: a non-empty run of tchar, nothing else (no ':', no CTL). */
    name_ok = isf_hdr_valid_name(exact, size);
    CHECK(!!name_ok == fuzz_is_token(exact, size));
    if (name_ok) {
        CHECK(memchr(exact, ':', size) == NULL);
        CHECK(memchr(exact, '\0', size) == NULL);
    }
    /* Every prefix decides on its own bytes only. */
    for (i = 0; i <= size && i < 8; i++) {
        CHECK(!!isf_hdr_valid_name(exact, i) == fuzz_is_token(exact, i));
    }
    CHECK(!isf_hdr_valid_name(NULL, size));

    /* Values: no CR, LF or NUL inside len; NULL only when empty. */
    value_ok = isf_hdr_valid_value(exact, size);
    CHECK(!!value_ok == ref_valid_value(exact, size));
    if (value_ok) {
        CHECK(memchr(exact, '\r', size) == NULL);
        CHECK(memchr(exact, '\n', size) == NULL);
        CHECK(memchr(exact, '\0', size) == NULL);
    }
    CHECK(!!isf_hdr_valid_value(NULL, size) == (size == 0));
    /* A valid name is always a valid value. */
    CHECK(!name_ok || value_ok);

    /* Classification of the C string the filter passed. */
    for (i = 0; i < sizeof(pseudo) / sizeof(pseudo[0]); i++) {
        if (fuzz_ascii_casecmp(cstr, pseudo[i].name) == 0) {
            want = pseudo[i].kind;
        }
    }
    if (want == ISF_NAME_BAD && clen >= 2 && cstr[clen - 1] == ':'
        && fuzz_is_token(cstr, clen - 1)) {
        want = ISF_NAME_HEADER;
    }
    kind = isf_hdr_classify(cstr, &tlen);
    CHECK(kind == want);
    if (kind == ISF_NAME_HEADER) {
        CHECK(tlen == clen - 1);
        CHECK(isf_hdr_valid_name(cstr, tlen));
        CHECK(isf_hdr_valid_value(cstr, tlen));
    }
    else {
        CHECK(tlen == 0);
    }
    CHECK(isf_hdr_classify(cstr, NULL) == want);

    /* The one-pass value check on the C string agrees with the counted
     * one on strlen bytes. */
    vlen = isf_hdr_value_len(cstr);
    if (isf_hdr_valid_value(cstr, clen)) {
        CHECK(vlen >= 0 && (size_t)vlen == clen);
    }
    else {
        CHECK(vlen == -1);
    }

    free(cstr);
    free(exact);
    return 0;
}
