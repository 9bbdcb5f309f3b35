/* wcs.c: with isapi-cc's 16-bit wchar_t, the C library's wide-string
 * names reach sdk/runtime/wcs.c (16-bit units) instead of glibc's 32-bit
 * ones, and MSVC's wide functions exist. */
#include "windows.h"
#include "tap.h"

static void quiet(const wchar_t *e, const wchar_t *f, const wchar_t *file,
                  unsigned int line, uintptr_t r)
{
    (void)e; (void)f; (void)file; (void)line; (void)r;
}

int main(void)
{
    wchar_t b[8], guard[4] = { 0x5555, 0x5555, 0x5555, 0x5555 };
    wchar_t *d;
    wchar_t *end;
    char n[8];

    (void)guard;
    _set_invalid_parameter_handler(quiet);
    is_int(sizeof(wchar_t), 2, "wchar_t is 16 bits, as WCHAR");
    is_int(wcslen(L"abc\x20ac"), 4, "wcslen counts 16-bit units");
    ok(wcscpy(b, L"abc") == b && b[3] == 0 && b[2] == 'c', "wcscpy copies 16-bit units");
    is_int(guard[0], 0x5555, "and no further than the string");
    wcscat(b, L"de");
    ok(wcscmp(b, L"abcde") == 0, "wcscat, wcscmp");
    ok(wcsncmp(b, L"abz", 2) == 0 && wcsncmp(b, L"abz", 3) < 0, "wcsncmp");
    wcsncpy(b, L"xy", 4);
    ok(b[0] == 'x' && b[2] == 0 && b[3] == 0, "wcsncpy pads with NULs");
    wcscpy(b, L"a,b;c");
    ok(wcschr(b, ';') == b + 3 && wcsrchr(b, 'a') == b, "wcschr, wcsrchr");
    ok(wcsstr(b, L"b;") == b + 2 && wcspbrk(b, L";,") == b + 1, "wcsstr, wcspbrk");
    is_int(wcsspn(L"aab", L"a"), 2, "wcsspn");
    is_int(wcscspn(L"aab", L"b"), 2, "wcscspn");
    d = wcsdup(L"dup");
    ok(d && wcscmp(d, L"dup") == 0, "wcsdup");
    free(d);
    is_int(wcstol(L" -42x", &end, 10), -42, "wcstol");
    ok(*end == 'x', "and where it stopped");
    is_int(wcstol(L"99999999999", NULL, 10), 2147483647, "wcstol clamps to a 32-bit long");
    ok(wcstoul(L"4294967295", NULL, 10) == 4294967295UL, "wcstoul");
    is_int(mbstowcs(b, "h\xe9", 8), 2, "mbstowcs");
    ok(b[0] == 'h' && b[1] == 0xe9 && b[2] == 0, "byte values, 16-bit units");
    is_int(wcstombs(n, L"ok", sizeof(n)), 2, "wcstombs");
    is_str(n, "ok", "wcstombs result");
    wmemset(b, 'z', 3);
    ok(wmemcmp(b, L"zzz", 3) == 0, "wmemset, wmemcmp");

    ok(_wcsicmp(L"HeLLo", L"hello") == 0 && wcsicmp(L"a", L"B") < 0, "_wcsicmp");
    ok(_wcsnicmp(L"ABc", L"abd", 2) == 0, "_wcsnicmp");
    is_int(_wtoi(L"123"), 123, "_wtoi");
    ok(_wtoi64(L"-5000000000") == -5000000000LL, "_wtoi64");
    ok(wcscmp(_itow(-7, b, 10), L"-7") == 0, "_itow");
    is_int(wcscpy_s(b, 8, L"1234567"), 0, "wcscpy_s fits");
    is_int(wcscpy_s(b, 8, L"12345678"), ERANGE, "wcscpy_s too long is ERANGE");
    ok(b[0] == 0, "and empties dest");
    wcscpy_s(b, 8, L"ab");
    is_int(wcscat_s(b, 8, L"cd"), 0, "wcscat_s");
    is_int(wcsncpy_s(b, 8, L"abcdefghij", _TRUNCATE), STRUNCATE, "wcsncpy_s _TRUNCATE");
    ok(wcslen(b) == 7, "truncated to fit");
    ok(wcscmp(_wcsupr(b), L"ABCDEFG") == 0, "_wcsupr");

    /* The wide printf family: 16-bit units, %s a WCHAR string. */
    {
        wchar_t w[16];
        FILE *f;
        char line[32];

        is_int(swprintf(w, 16, L"%s=%d|%hs", L"k\x20ac", 42, "n"), 7, "swprintf");
        ok(wcscmp(w, L"k\x20ac=42|n") == 0, "%s is WCHAR, %hs narrow, euro kept");
        is_int(swprintf(w, 4, L"%s", L"abcdef"), -1, "swprintf: too small is -1 (C99)");
        ok(wcscmp(w, L"abc") == 0, "with what fits, terminated");
        w[3] = 'X';
        is_int(_snwprintf(w, 3, L"%S", "abc"), 3, "_snwprintf exact fit: %S is narrow");
        ok(w[0] == 'a' && w[2] == 'c' && w[3] == 'X', "and no NUL");
        is_int(_snwprintf(w, 2, L"%d", 123), -1, "_snwprintf overflow is -1");
        is_int(swprintf_s(w, 16, L"%I64d", -5000000000LL), 11, "swprintf_s");
        ok(wcscmp(w, L"-5000000000") == 0, "swprintf_s result");
        is_int(swprintf_s(w, 3, L"%s", L"abc"), -1, "swprintf_s: too small");
        ok(w[0] == 0, "empties dest");
        f = tmpfile();
        if (f) {
            is_int(fwprintf(f, L"%s %c", L"caf\x00e9", L'!'), 6, "fwprintf");
            rewind(f);
            ok(fgets(line, sizeof(line), f) && strcmp(line, "caf\xe9 !") == 0,
               "writes Windows-1252 bytes");
            fclose(f);
        }
    }
    return done();
}
