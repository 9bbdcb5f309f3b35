/* strsafe.c: the StringCch and StringCb functions (sdk/include/strsafe.h):
 * truncation always NUL-terminated, and the documented HRESULTs. */
#include "windows.h"
#include "strsafe.h"
#include "tap.h"

static HRESULT vprint(char *b, size_t n, const char *fmt, ...)
{
    va_list ap;
    HRESULT hr;

    va_start(ap, fmt);
    hr = StringCchVPrintfA(b, n, fmt, ap);
    va_end(ap);
    return hr;
}

int main(void)
{
    char b[8];
    size_t len;
    char *end;
    size_t rem;

    is_int(StringCchCopyA(b, sizeof(b), "abc"), S_OK, "StringCchCopy fits");
    is_str(b, "abc", "result");
    is_int(StringCchCopy(b, sizeof(b), "abcdefghij"), STRSAFE_E_INSUFFICIENT_BUFFER,
           "too long: STRSAFE_E_INSUFFICIENT_BUFFER");
    is_str(b, "abcdefg", "truncated and NUL-terminated");
    is_int(StringCchCopy(b, sizeof(b), "1234567"), S_OK, "exactly cch-1 characters fit");
    is_int(StringCchCopy(b, 0, "x"), STRSAFE_E_INVALID_PARAMETER,
           "cch 0: STRSAFE_E_INVALID_PARAMETER");
    is_int(StringCchCopy(b, (size_t)STRSAFE_MAX_CCH + 1, "x"), STRSAFE_E_INVALID_PARAMETER,
           "cch above STRSAFE_MAX_CCH: invalid");
    is_int(StringCbCopyA(b, 4, "abcdef"), STRSAFE_E_INSUFFICIENT_BUFFER, "StringCbCopy truncates");
    is_str(b, "abc", "to cb-1 bytes");
    is_int(StringCchCopyNA(b, sizeof(b), "abcdef", 2), S_OK, "StringCchCopyN");
    is_str(b, "ab", "copies at most n");
    is_int(StringCbCopyN(b, sizeof(b), "abcdefghij", 9), STRSAFE_E_INSUFFICIENT_BUFFER,
           "StringCbCopyN truncates");

    StringCchCopy(b, sizeof(b), "ab");
    is_int(StringCchCatA(b, sizeof(b), "cd"), S_OK, "StringCchCat");
    is_str(b, "abcd", "result");
    is_int(StringCchCat(b, sizeof(b), "efgh"), STRSAFE_E_INSUFFICIENT_BUFFER,
           "StringCchCat too long");
    is_str(b, "abcdefg", "truncated, terminated");
    StringCchCopy(b, sizeof(b), "ab");
    is_int(StringCchCatNA(b, sizeof(b), "cdef", 1), S_OK, "StringCchCatN");
    is_str(b, "abc", "appends at most n");
    is_int(StringCbCat(b, sizeof(b), "d"), S_OK, "StringCbCat");
    memset(b, 'x', sizeof(b));
    is_int(StringCchCat(b, sizeof(b), "y"), STRSAFE_E_INVALID_PARAMETER,
           "StringCchCat: dest without a NUL is invalid");

    is_int(StringCchPrintfA(b, sizeof(b), "%d-%s", 42, "ab"), S_OK, "StringCchPrintf");
    is_str(b, "42-ab", "result");
    is_int(StringCchPrintf(b, sizeof(b), "%s", "12345678"), STRSAFE_E_INSUFFICIENT_BUFFER,
           "StringCchPrintf too long");
    is_str(b, "1234567", "truncated, terminated");
    is_int(StringCchPrintf(b, sizeof(b), "%s", "1234567"), S_OK, "exactly cch-1 fits");
    is_int(StringCbPrintfA(b, 3, "%lu", (DWORD)12345), STRSAFE_E_INSUFFICIENT_BUFFER,
           "StringCbPrintf");
    is_str(b, "12", "truncated");
    is_int(vprint(b, sizeof(b), "%I64d", 99LL), S_OK, "StringCchVPrintf");
    is_str(b, "99", "with MSVC formats");

    is_int(StringCchLengthA("abc", 8, &len), S_OK, "StringCchLength");
    is_int(len, 3, "length");
    is_int(StringCchLength("abc", 3, &len), STRSAFE_E_INVALID_PARAMETER,
           "no NUL within cchMax is invalid");
    is_int(len, 0, "and the length is 0");
    is_int(StringCbLengthA("abcd", 5, &len), S_OK, "StringCbLength");
    is_int(len, 4, "length in bytes");
    is_int(StringCchLength(NULL, 5, &len), STRSAFE_E_INVALID_PARAMETER, "NULL string");

    is_int(StringCchCopyExA(b, sizeof(b), "abc", &end, &rem, 0), S_OK, "StringCchCopyEx");
    ok(end == b + 3 && rem == 5, "end points at the NUL, remaining counts it");
    is_int(StringCchCatEx(b, sizeof(b), "defgh", &end, &rem, STRSAFE_NULL_ON_FAILURE),
           STRSAFE_E_INSUFFICIENT_BUFFER, "StringCchCatEx too long");
    ok(b[0] == '\0' && end == b && rem == 8, "STRSAFE_NULL_ON_FAILURE empties dest");
    return done();
}
