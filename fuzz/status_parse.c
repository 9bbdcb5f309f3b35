/*
 * status_parse: isf_status_parse on the input as a C string (an exact-size
 * heap copy, so a read past the NUL is an ASan report).
 *
 * Contract checked: the code is 0 or 100..599 and agrees with a reference
 * reading of "three digits, then end or spaces, then a reason without
 * controls but HTAB"; on success *reason points into the input, past the
 * code and every space after it, and the reason holds no CR or LF; on
 * failure *reason is NULL.
 */
#include "fuzz_common.h"

static int ref_status(const char *s, const char **reason)
{
    const char *r;

    *reason = NULL;
    if (!(s[0] >= '1' && s[0] <= '5') || !(s[1] >= '0' && s[1] <= '9')
        || !(s[2] >= '0' && s[2] <= '9')) {
        return 0;
    }
    if (s[3] != '\0' && s[3] != ' ') {
        return 0;
    }
    for (r = s + 3; *r == ' '; r++)
        ;
    for (const char *c = r; *c; c++) {
        unsigned char u = (unsigned char)*c;

        if ((u < 0x20 && u != '\t') || u == 0x7f) {
            return 0;
        }
    }
    *reason = r;
    return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    size_t len = strlen(s);
    const char *reason = "sentinel", *want_reason;
    int code, want;

    code = isf_status_parse(s, &reason);
    want = ref_status(s, &want_reason);
    CHECK(code == want);
    CHECK(code == 0 || (code >= 100 && code <= 599));
    if (code) {
        CHECK(reason == want_reason);
        CHECK(reason >= s + 3 && reason <= s + len);
        CHECK(*reason != ' ');
        CHECK(strpbrk(reason, "\r\n") == NULL);
    }
    else {
        CHECK(reason == NULL);
    }
    CHECK(isf_status_parse(s, NULL) == code);

    free(s);
    return 0;
}
