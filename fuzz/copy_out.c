/*
 * copy_out: isf_copy_out, the GetServerVariable/GetHeader buffer/size
 * protocol, with fuzzer-chosen sizes and NULL arguments.
 *
 * Input: a mode byte (NULL size pointer, NULL buffer, NULL value, a value
 * claiming a length at the DWORD edge), a 16-bit *size, then the value.
 * The buffer is a heap block of exactly *size bytes, so a write past
 * *size, or a read of the value past its length, is an ASan report.
 *
 * Contract checked: TRUE exactly when everything is valid and
 * len + 1 <= *size, with value and NUL in buf and *size = len + 1;
 * ERROR_INSUFFICIENT_BUFFER with *size = len + 1 and buf untouched when
 * it is too small; ERROR_INVALID_PARAMETER, buf and *size untouched, for
 * a NULL size, a NULL buf with *size > 0, a NULL value with a length, or
 * a length a DWORD cannot describe.
 */
#include "fuzz_common.h"

#define SENTINEL_ERR 0xC0FFEEu
#define FILL 0xA5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in_t in = { data, size };
    unsigned mode = fuzz_u8(&in);
    DWORD size0 = (DWORD)fuzz_u16(&in);
    int null_size = (mode & 0x07) == 0x07;
    int null_buf = (mode & 0x18) == 0x18;
    int null_value = (mode & 0x60) == 0x60;
    int huge = (mode & 0xF8) == 0x80;
    size_t vlen = in.n;
    char *value = NULL, *buf = NULL;
    apr_size_t len = vlen;
    DWORD sz = size0;
    BOOL rv;
    enum { OK, SHORT, INVALID } want;

    /* The value: exact-size heap copy (NULL when the mode says so). */
    if (!null_value) {
        value = malloc(vlen ? vlen : 1);
        if (vlen) {
            memcpy(value, in.p, vlen);
        }
    }
    if (huge) {
        /*
         * A length at or past the edge of what a DWORD size describes:
         * 0xFFFFFFFE still fits (its size, NUL included, is 0xFFFFFFFF),
         * anything longer is refused.  Either way the value is never read.
         */
        len = (apr_size_t)0xFFFFFFFEu + (mode & 0x07);
    }
    if (!null_buf) {
        buf = malloc(size0 ? size0 : 1);
        memset(buf, FILL, size0 ? size0 : 1);
    }

    if (null_size || (buf == NULL && size0 > 0)
        || (value == NULL && len > 0) || len >= 0xFFFFFFFFu) {
        want = INVALID;
    }
    else if ((apr_size_t)size0 < len + 1) {
        want = SHORT;
    }
    else {
        want = OK;
    }

    SetLastError(SENTINEL_ERR);
    rv = isf_copy_out(value, len, buf, null_size ? NULL : &sz);

    switch (want) {
    case OK:
        CHECK(rv == TRUE);
        CHECK(sz == len + 1);
        CHECK(len == 0 || memcmp(buf, value, len) == 0);
        CHECK(buf[len] == '\0');
        for (size_t i = len + 1; i < size0; i++) {
            CHECK((unsigned char)buf[i] == FILL);
        }
        break;
    case SHORT:
        CHECK(rv == FALSE);
        CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
        CHECK(sz == len + 1);
        break;
    case INVALID:
        CHECK(rv == FALSE);
        CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
        CHECK(sz == size0);
        break;
    }
    if (want != OK && buf != NULL) {
        for (size_t i = 0; i < size0; i++) {
            CHECK((unsigned char)buf[i] == FILL);
        }
    }

    free(buf);
    free(value);
    return 0;
}
