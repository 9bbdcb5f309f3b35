/* crt.c: the MSVC C library functions (sdk/runtime/crt.c, crt_s.c) and
 * the headers that map onto them (tchar.h, crtdbg.h, share.h), checked
 * against Microsoft's documented results and error tables. */
#include "windows.h"
#include "tchar.h"
#include "crtdbg.h"
#include "share.h"
#include "tap.h"

#include <unistd.h>

static int handler_calls;

static void count_handler(const wchar_t *e, const wchar_t *f,
                          const wchar_t *file, unsigned int line,
                          uintptr_t r)
{
    (void)e; (void)f; (void)file; (void)line; (void)r;
    handler_calls++;
}

/* The handler ran exactly once since the last check. */
static int handled(void)
{
    int n = handler_calls;
    handler_calls = 0;
    return n == 1;
}

static int call_vsnprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = _vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static void test_compare(void)
{
    ok(_stricmp("Hello", "hELLO") == 0, "_stricmp ignores case");
    ok(_stricmp("abc", "ABD") < 0, "_stricmp orders case-blind");
    ok(_stricmp("[", "a") < 0, "_stricmp folds to lower case ('[' < 'a')");
    ok(stricmp("X", "x") == 0 && _strcmpi("X", "x") == 0,
       "stricmp and _strcmpi are _stricmp");
    ok(_strnicmp("Content-Type: x", "content-type: y", 13) == 0,
       "_strnicmp compares n characters");
    ok(strnicmp("ab", "AC", 2) < 0, "strnicmp orders");
    ok(_strnicmp(NULL, "x", 0) == 0, "_strnicmp with n 0 is equal, even NULL");
    is_int(_stricmp(NULL, "x"), _NLSCMPERROR,
           "_stricmp(NULL) returns _NLSCMPERROR");
    ok(handled(), "and calls the invalid-parameter handler");
    ok(_memicmp("AbC", "aBc", 3) == 0, "_memicmp ignores case");
}

static void test_case_and_dup(void)
{
    char s[16] = "MiXeD 1";
    char *d;

    is_str(_strlwr(s), "mixed 1", "_strlwr lowers and returns its argument");
    is_str(_strupr(s), "MIXED 1", "_strupr raises");
    is_str(_strrev(s), "1 DEXIM", "_strrev reverses");
    ok(_strlwr(NULL) == NULL && handled(), "_strlwr(NULL) is NULL via the handler");
    d = _strdup("copy");
    is_str(d, "copy", "_strdup copies");
    free(d);
    ok(_strdup(NULL) == NULL, "_strdup(NULL) is NULL");
}

static void test_numbers(void)
{
    char b[72];

    is_str(_itoa(-123, b, 10), "-123", "_itoa signs in radix 10");
    is_str(_itoa(-1, b, 16), "ffffffff", "_itoa is unsigned in radix 16");
    is_str(_itoa(5, b, 2), "101", "_itoa radix 2");
    is_str(_ltoa(-1L, b, 16), "ffffffff", "_ltoa converts a 32-bit long");
    is_str(_ultoa(4294967295UL, b, 10), "4294967295", "_ultoa");
    is_str(_i64toa(-9223372036854775807LL - 1, b, 10), "-9223372036854775808",
           "_i64toa handles the most negative value");
    is_str(_ui64toa(18446744073709551615ULL, b, 16), "ffffffffffffffff",
           "_ui64toa radix 16");
    is_str(itoa(35, b, 36), "z", "itoa radix 36");
    is_int(_atoi64("-9000000000"), -9000000000LL, "_atoi64");
    is_int(_strtoi64("0x7fffffffffffffff", NULL, 16), 0x7fffffffffffffffLL,
           "_strtoi64");
    ok(_strtoui64("18446744073709551615", NULL, 10) == 18446744073709551615ULL,
       "_strtoui64");
}

static void test_snprintf(void)
{
    char b[16];

    memset(b, 'X', sizeof(b));
    is_int(_snprintf(b, 8, "%s", "abc"), 3, "_snprintf returns the length");
    is_str(b, "abc", "and terminates a short result");
    memset(b, 'X', sizeof(b));
    is_int(_snprintf(b, 3, "%s", "abc"), 3, "exact fit returns the length");
    ok(memcmp(b, "abcX", 4) == 0, "but stores no NUL");
    memset(b, 'X', sizeof(b));
    is_int(_snprintf(b, 4, "%d", 123456), -1, "overflow returns -1");
    ok(memcmp(b, "1234X", 5) == 0, "having stored count characters, no NUL");
    is_int(call_vsnprintf(b, 4, "%s-%s", "a", "b"), 3, "_vsnprintf");
    is_int(_snprintf(NULL, 0, "%d", 12345), 5, "_snprintf(NULL, 0) measures");
    is_int(_scprintf("%s=%d", "x", 10), 4, "_scprintf measures");
    /* The MSVC reading of formats. */
    _snprintf(b, sizeof(b), "%ld", (long)(LONG)-5);
    is_str(b, "-5", "%ld takes a 32-bit LONG");
    _snprintf(b, sizeof(b), "%lu", (DWORD)4000000000u);
    is_str(b, "4000000000", "%lu takes a DWORD");
    _snprintf(b, sizeof(b), "%I64d", -12345678901LL);
    is_str(b, "-12345678901", "%I64d");
    _snprintf(b, sizeof(b), "%I64X", 0xABCDEF012ULL);
    is_str(b, "ABCDEF012", "%I64X");
    _snprintf(b, sizeof(b), "%S", L"w\x20ac");
    is_str(b, "w\x80", "%S is a WCHAR string, in Windows-1252");
    _snprintf(b, sizeof(b), "%.2f|%-3d|", 3.14159, 7);
    is_str(b, "3.14|7  |", "floating point, precision, left-justify");
    _snprintf(b, sizeof(b), "%05d|%x", 42, 255);
    is_str(b, "00042|ff", "zero padding and hex");
    _snprintf(b, sizeof(b), "%*d", 4, 9);
    is_str(b, "   9", "'*' width");
}

static void test_s_functions(void)
{
    char b[8], big[32];
    char *ctx = NULL, *tok;

    is_int(strcpy_s(b, sizeof(b), "1234567"), 0, "strcpy_s copies what fits");
    is_str(b, "1234567", "with its NUL");
    is_int(strcpy_s(b, sizeof(b), "12345678"), ERANGE,
           "strcpy_s: a source too long is ERANGE");
    ok(handled(), "via the invalid-parameter handler");
    is_str(b, "", "and dest[0] is set to 0");
    is_int(strcpy_s(b, sizeof(b), NULL), EINVAL, "strcpy_s: NULL source is EINVAL");
    ok(handled() && b[0] == '\0', "handler called, dest emptied");
    is_int(strcpy_s(NULL, 8, "x"), EINVAL, "strcpy_s: NULL dest is EINVAL");
    ok(handled(), "handler called");
    errno = 0;
    strcpy_s(b, 0, "x");
    is_int(errno, ERANGE, "errno is set to the error");
    handled();

    strcpy_s(b, sizeof(b), "abc");
    is_int(strcat_s(b, sizeof(b), "defg"), 0, "strcat_s appends what fits");
    is_str(b, "abcdefg", "strcat_s result");
    is_int(strcat_s(b, sizeof(b), "h"), ERANGE, "strcat_s: too long is ERANGE");
    ok(handled() && b[0] == '\0', "and empties dest");
    memset(b, 'x', sizeof(b));
    is_int(strcat_s(b, sizeof(b), "h"), EINVAL,
           "strcat_s: dest unterminated within its size is EINVAL");
    ok(handled(), "handler called");

    is_int(strncpy_s(b, sizeof(b), "abcdef", 3), 0, "strncpy_s copies count");
    is_str(b, "abc", "and terminates");
    is_int(strncpy_s(b, sizeof(b), "abcdefghijk", _TRUNCATE), STRUNCATE,
           "strncpy_s with _TRUNCATE returns STRUNCATE");
    is_str(b, "abcdefg", "having copied what fits");
    is_int(handler_calls, 0, "truncation asked for is no invalid parameter");
    is_int(strncpy_s(b, sizeof(b), "abcdefghijk", 9), ERANGE,
           "strncpy_s: count too big for dest is ERANGE");
    ok(handled() && b[0] == '\0', "handler, dest emptied");
    is_int(strncpy_s(b, sizeof(b), "zz", 0), 0, "strncpy_s count 0");
    is_str(b, "", "empties dest");

    strcpy_s(b, sizeof(b), "ab");
    is_int(strncat_s(b, sizeof(b), "cdefghij", 2), 0, "strncat_s appends count");
    is_str(b, "abcd", "strncat_s result");
    is_int(strncat_s(b, sizeof(b), "efghij", _TRUNCATE), STRUNCATE,
           "strncat_s _TRUNCATE");
    is_str(b, "abcdefg", "fills the buffer");

    strcpy_s(big, sizeof(big), "a, b;;c");
    tok = strtok_s(big, ",; ", &ctx);
    is_str(tok, "a", "strtok_s first token");
    tok = strtok_s(NULL, ",; ", &ctx);
    is_str(tok, "b", "second token");
    tok = strtok_s(NULL, ",; ", &ctx);
    is_str(tok, "c", "third token");
    ok(strtok_s(NULL, ",; ", &ctx) == NULL, "then NULL");
    ok(strtok_s(big, ",", NULL) == NULL && handled(),
       "strtok_s: NULL context is an invalid parameter");

    memset(b, 'x', sizeof(b));
    is_int(memcpy_s(b, 4, "abcdef", 6), ERANGE, "memcpy_s: too big is ERANGE");
    ok(handled() && memcmp(b, "\0\0\0\0xxxx", 8) == 0, "and zeroes dest");
    is_int(memcpy_s(b, 8, "abc", 3), 0, "memcpy_s copies");
    is_int(memmove_s(b + 1, 7, b, 3), 0, "memmove_s overlaps");
    ok(memcmp(b, "aabc", 4) == 0, "memmove_s result");
    is_int(memmove_s(b, 2, "abc", 3), ERANGE, "memmove_s too big");
    handled();

    is_int(_itoa_s(-42, b, sizeof(b), 10), 0, "_itoa_s");
    is_str(b, "-42", "_itoa_s result");
    is_int(_itoa_s(12345678, b, 8, 10), ERANGE, "_itoa_s: too small is ERANGE");
    ok(handled() && b[0] == '\0', "and empties dest");
    is_int(_itoa_s(1, b, 8, 1), EINVAL, "_itoa_s: bad radix is EINVAL");
    handled();

    strcpy_s(b, sizeof(b), "AbC");
    is_int(_strlwr_s(b, sizeof(b)), 0, "_strlwr_s");
    is_str(b, "abc", "_strlwr_s result");
    is_int(_strupr_s(b, 2), EINVAL, "_strupr_s: unterminated within size");
    handled();

    is_int(sprintf_s(b, sizeof(b), "%d-%s", 12, "ab"), 5, "sprintf_s returns the length");
    is_str(b, "12-ab", "sprintf_s result");
    is_int(sprintf_s(b, sizeof(b), "%s", "123456789"), -1,
           "sprintf_s: too small returns -1");
    ok(handled() && b[0] == '\0', "via the handler, dest emptied");

    is_int(_snprintf_s(b, sizeof(b), _TRUNCATE, "%s", "123456789"), -1,
           "_snprintf_s _TRUNCATE returns -1 when it truncates");
    is_str(b, "1234567", "having stored what fits, terminated");
    is_int(handler_calls, 0, "without the handler");
    is_int(_snprintf_s(b, sizeof(b), 3, "%s", "123456"), -1,
           "_snprintf_s with count < size truncates to count");
    is_str(b, "123", "result");
    is_int(_snprintf_s(b, sizeof(b), 4, "%s", "ab"), 2, "_snprintf_s fits");
    is_int(_snprintf_s(b, 4, 10, "%s", "abcdef"), -1,
           "_snprintf_s: count and output beyond the buffer");
    ok(handled() && b[0] == '\0', "is an invalid parameter");
}

static void test_paths(void)
{
    char drive[_MAX_DRIVE], dir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT];
    char path[_MAX_PATH], small[4];

    _splitpath("C:\\inetsrv\\filters/auth.dll", drive, dir, fname, ext);
    is_str(drive, "C:", "_splitpath: drive");
    is_str(dir, "\\inetsrv\\filters/", "directory, separators kept");
    is_str(fname, "auth", "file name");
    is_str(ext, ".dll", "extension with its dot");
    _splitpath("name", drive, dir, fname, ext);
    ok(!drive[0] && !dir[0] && !strcmp(fname, "name") && !ext[0],
       "_splitpath of a bare name");
    _makepath(path, "c", "\\inetsrv", "auth", "ini");
    is_str(path, "c:\\inetsrv\\auth.ini", "_makepath adds ':', '\\' and '.'");
    _makepath(path, "C:", "\\x\\", "y", ".z");
    is_str(path, "C:\\x\\y.z", "_makepath keeps what is there");
    is_int(_makepath_s(small, sizeof(small), NULL, NULL, "long", ".ext"), ERANGE,
           "_makepath_s: too small is ERANGE");
    ok(handled() && small[0] == '\0', "via the handler, path emptied");
    is_int(_splitpath_s("C:\\a\\b.c", drive, sizeof(drive), dir, sizeof(dir),
                        fname, sizeof(fname), ext, sizeof(ext)), 0, "_splitpath_s");
    is_str(dir, "\\a\\", "_splitpath_s directory");
    is_int(_splitpath_s("C:\\a\\bbbbbb.c", NULL, 0, NULL, 0, small, sizeof(small),
                        NULL, 0), ERANGE, "_splitpath_s: a part too long is ERANGE");
    handled();
    is_int(_splitpath_s("x", drive, 0, NULL, 0, NULL, 0, NULL, 0), EINVAL,
           "_splitpath_s: a buffer with size 0 is EINVAL");
    handled();
}

static void test_handler(void)
{
    _invalid_parameter_handler old = _set_invalid_parameter_handler(NULL);

    ok(old == count_handler, "_set_invalid_parameter_handler returns the old handler");
    ok(_get_invalid_parameter_handler() == NULL, "and the default is back");
    /* The default handler logs and returns: the process goes on.  Its
     * line goes to stderr without a host; catch it there. */
    {
        char line[512] = "";
        FILE *tmp = tmpfile();
        int saved = dup(2);

        fflush(stderr);
        dup2(fileno(tmp), 2);
        is_int(strcpy_s(NULL, 1, "x"), EINVAL, "the default handler does not abort");
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        rewind(tmp);
        if (!fgets(line, sizeof(line), tmp)) {
            line[0] = '\0';
        }
        fclose(tmp);
        ok(strstr(line, "strcpy_s: invalid parameter") != NULL,
           "it logs the function's name");
        ok(strstr(line, "crt.bin") != NULL, "and the module that called it");
    }
    _set_invalid_parameter_handler(count_handler);
}

static void test_headers(void)
{
    TCHAR t[32];
    char *ctx = NULL;
    FILE *f;

    _tcscpy_s(t, _countof(t), _T("Hello"));
    ok(_tcslen(t) == 5 && _tcsicmp(t, TEXT("hello")) == 0, "tchar.h maps _tcs* to char");
    ok(_tcsnicmp(_T("ABC"), _T("abd"), 2) == 0, "_tcsnicmp");
    _stprintf(t, _T("%d"), 7);
    ok(_ttoi(t) == 7, "_stprintf/_ttoi");
    ok(_tcstok_s(t, _T(","), &ctx) == t, "_tcstok_s");
    ok(*_tcsinc(_T("ab")) == 'b', "_tcsinc steps one byte");
    ok(__min(3, 4) == 3 && __max(3, 4) == 4, "__min/__max");
    ok(min(1, 2) == 1 && max(1, 2) == 2, "min/max in C");
    ok(_countof(t) == 32, "_countof");
    _ASSERTE(1 == 2);   /* compiles to nothing without _DEBUG */
    _RPT1(_CRT_WARN, "%d\n", 1);
    ok(_CrtDumpMemoryLeaks() == 0 && _CrtSetDbgFlag(0) == 0, "crtdbg.h no-ops");
    f = _fsopen("/dev/null", "r", _SH_DENYWR);
    ok(f != NULL, "_fsopen opens, ignoring the share flag");
    if (f) {
        fclose(f);
    }
    ok(fopen_s(&f, "/nonexistent/x", "r") == ENOENT && f == NULL,
       "fopen_s returns errno and NULL");
}

int main(void)
{
    _set_invalid_parameter_handler(count_handler);
    test_compare();
    test_case_and_dup();
    test_numbers();
    test_snprintf();
    test_s_functions();
    test_paths();
    test_handler();
    test_headers();
    return done();
}
