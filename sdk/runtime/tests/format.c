/* format.c: wsprintfA/wvsprintfA (sdk/runtime/format.c), as user32
 * documents them: a 1024-character limit, no floating point, %ws/%S for
 * WCHAR strings, %I64 for 64-bit values; and the C library's printf
 * family, which reads formats the MSVC way in filters. */
#include "windows.h"
#include "tap.h"

static int call_wvsprintf(char *out, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = wvsprintfA(out, fmt, ap);
    va_end(ap);
    return n;
}

static int call_vsnprintf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return r;
}

/* gcc checks formats the glibc way; these are MSVC formats. */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-truncation"

static void test_crt_printf(void)
{
    char b[64];
    DWORD dw = 4000000000u;
    LONG neg = -7;
    FILE *f;

    is_int(sprintf(b, "%ld|%lu|%I64d", neg, dw, -5000000000LL), 25,
           "sprintf returns the length");
    is_str(b, "-7|4000000000|-5000000000", "sprintf: %ld, %lu and %I64d as MSVC reads them");
    sprintf(b, "%S|%ls|%hs|%.1f", L"wide", L"w", "n", 2.25);
    is_str(b, "wide|w|n|2.2", "sprintf: %S and %ls are WCHAR strings");
    memset(b, 'X', sizeof(b));
    is_int(snprintf(b, 4, "%s", "abcdef"), 6, "snprintf returns the length needed (C99)");
    is_str(b, "abc", "and always terminates");
    is_int(snprintf(NULL, 0, "%I64u", 12345ULL), 5, "snprintf(NULL, 0) measures");
    is_int(call_vsnprintf(b, sizeof(b), "%Iu", (size_t)77), 2, "vsnprintf with %Iu");
    is_str(b, "77", "vsnprintf result");
    f = tmpfile();
    if (f) {
        is_int(fprintf(f, "%I64x", 0xABCDEF012ULL), 9, "fprintf");
        rewind(f);
        ok(fgets(b, sizeof(b), f) && strcmp(b, "abcdef012") == 0, "fprintf wrote it");
        fclose(f);
    }
}

int main(void)
{
    char b[1100], big[2000];
    DWORD dw = 4000000000u;
    LONG neg = -7;

    is_int(wsprintfA(b, "%s=%d", "x", -12), 5, "returns the characters stored");
    is_str(b, "x=-12", "without the NUL");
    wsprintf(b, "%u %lu %ld %i", 7u, dw, neg, 3);
    is_str(b, "7 4000000000 -7 3", "%u, %lu of a DWORD, %ld of a LONG, %i");
    wsprintf(b, "%x %X %lx %#x %#X", 255, 255, dw, 255, 255);
    is_str(b, "ff FF ee6b2800 0xff 0XFF", "hex, '#' prefix");
    wsprintf(b, "[%5d][%-5d][%05d][%.3d]", 42, 42, 42, 7);
    is_str(b, "[   42][42   ][00042][007]", "width, '-', '0' and precision");
    wsprintf(b, "[%c][%5s][%-4s][%.2s]", 'Z', "ab", "ab", "abcdef");
    is_str(b, "[Z][   ab][ab  ][ab]", "%c and strings with width and precision");
    wsprintf(b, "[%.0d][%.d][%c]", 0, 0, 0);
    is_str(b, "[0][0][]", "precision 0 is 1; a zero %c is left out");
    wsprintf(b, "%hs|%ls|%S|%ws", "narrow", L"wide", L"W\x00e9", L"x");
    is_str(b, "narrow|wide|W\xe9|x", "%hs narrow; %ls %S %ws WCHAR strings");
    wsprintf(b, "%I64d %I64u %I64x", -5000000000LL, 18446744073709551615ULL,
             0x123456789ULL);
    is_str(b, "-5000000000 18446744073709551615 123456789", "%I64d %I64u %I64x");
    wsprintf(b, "%p", (void *)0xabc);
    is_str(b, "0000000000000ABC", "%p: all the digits, upper case");
    wsprintf(b, "%f|%%|%y", 1.5);
    is_str(b, "f|%|y", "no floating point; %% and an unknown type print the character");
    is_int(call_wvsprintf(b, "%s-%d", "v", 1), 3, "wvsprintf");
    is_str(b, "v-1", "wvsprintf result");

    test_crt_printf();
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    memset(b, 'X', sizeof(b));
    is_int(wsprintfA(b, "%s", big), 1023, "output stops at 1024 characters with the NUL");
    ok(b[1023] == '\0' && b[1024] == 'X', "nothing written past the 1024th");
    return done();
}
