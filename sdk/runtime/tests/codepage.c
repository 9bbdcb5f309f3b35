/* codepage.c: MultiByteToWideChar/WideCharToMultiByte for Windows-1252,
 * UTF-8 and US-ASCII (sdk/runtime/codepage.c): sizes, buffers, errors. */
#include "windows.h"
#include "tap.h"

static void test_info(void)
{
    is_int(GetACP(), 1252, "GetACP is Windows-1252");
    is_int(GetOEMCP(), 437, "GetOEMCP is 437");
    ok(IsValidCodePage(1252) && IsValidCodePage(CP_UTF8) && IsValidCodePage(20127),
       "IsValidCodePage: the supported pages");
    ok(!IsValidCodePage(12345), "IsValidCodePage: an unknown page");
}

static void test_1252(void)
{
    WCHAR w[8];
    char b[8];
    BOOL used = -1;

    is_int(MultiByteToWideChar(CP_ACP, 0, "a\x80\xe9", -1, NULL, 0), 4,
           "size needed with -1 counts the NUL");
    is_int(MultiByteToWideChar(1252, 0, "a\x80\xe9", -1, w, 8), 4, "converts");
    ok(w[0] == 'a' && w[1] == 0x20ac && w[2] == 0xe9 && w[3] == 0,
       "0x80 is the euro sign, 0xE9 is U+00E9, NUL included");
    is_int(MultiByteToWideChar(1252, 0, "\x9f\x81", 2, w, 8), 2,
           "an explicit length has no NUL");
    ok(w[0] == 0x178 && w[1] == 0x81, "0x9F is Y-diaeresis; undefined 0x81 is U+0081");

    SetLastError(0);
    is_int(MultiByteToWideChar(1252, 0, "abcd", -1, w, 4), 0,
           "a buffer too small returns 0");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "with ERROR_INSUFFICIENT_BUFFER");
    SetLastError(0);
    is_int(MultiByteToWideChar(1252, 0, NULL, -1, w, 4), 0, "NULL source");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "is ERROR_INVALID_PARAMETER");
    SetLastError(0);
    is_int(MultiByteToWideChar(1252, 0, "a", 0, w, 4), 0, "a source length of 0");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "is ERROR_INVALID_PARAMETER");
    SetLastError(0);
    is_int(MultiByteToWideChar(1252, 0x8000, "a", 1, w, 4), 0, "unknown flags");
    is_int(GetLastError(), ERROR_INVALID_FLAGS, "are ERROR_INVALID_FLAGS");
    SetLastError(0);
    is_int(MultiByteToWideChar(12345, 0, "a", 1, w, 4), 0, "an unknown code page");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "is ERROR_INVALID_PARAMETER");

    w[0] = 'x'; w[1] = 0x20ac; w[2] = 0x4e2d; w[3] = 0;
    is_int(WideCharToMultiByte(CP_ACP, 0, w, -1, NULL, 0, NULL, NULL), 4,
           "WideCharToMultiByte: size needed");
    is_int(WideCharToMultiByte(1252, 0, w, -1, b, 8, NULL, &used), 4, "converts");
    is_str(b, "x\x80?", "euro to 0x80; a character 1252 lacks becomes '?'");
    ok(used == TRUE, "lpUsedDefaultChar reports the default character");
    WideCharToMultiByte(1252, 0, w, -1, b, 8, "#", &used);
    is_str(b, "x\x80#", "lpDefaultChar replaces '?'");
    WideCharToMultiByte(1252, 0, w, 2, b, 8, NULL, &used);
    ok(used == FALSE, "lpUsedDefaultChar FALSE when every character maps");
    SetLastError(0);
    is_int(WideCharToMultiByte(1252, 0, w, -1, b, 3, NULL, NULL), 0,
           "a buffer too small returns 0");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "with ERROR_INSUFFICIENT_BUFFER");

    w[0] = 0xe9; w[1] = 0x100; w[2] = 0;
    WideCharToMultiByte(20127, 0, w, -1, b, 8, NULL, NULL);
    is_str(b, "??", "US-ASCII has nothing above 0x7F");
    MultiByteToWideChar(20127, 0, "A", -1, w, 8);
    ok(w[0] == 'A' && w[1] == 0, "US-ASCII to UTF-16");
}

static void test_utf8(void)
{
    WCHAR w[8];
    char b[16];
    /* U+00E9, U+20AC, U+1F600 (a surrogate pair) */
    const char *u = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

    is_int(MultiByteToWideChar(CP_UTF8, 0, u, -1, NULL, 0), 5,
           "UTF-8: a character above U+FFFF takes two WCHARs");
    is_int(MultiByteToWideChar(CP_UTF8, 0, u, -1, w, 8), 5, "converts");
    ok(w[0] == 0xe9 && w[1] == 0x20ac && w[2] == 0xd83d && w[3] == 0xde00 && w[4] == 0,
       "to the right UTF-16, surrogates included");
    is_int(WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL), 10,
           "back: size needed");
    is_int(WideCharToMultiByte(CP_UTF8, 0, w, -1, b, 16, NULL, NULL), 10, "back");
    is_str(b, u, "round trip");

    SetLastError(0);
    is_int(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff", -1, w, 8), 0,
           "MB_ERR_INVALID_CHARS refuses invalid UTF-8");
    is_int(GetLastError(), ERROR_NO_UNICODE_TRANSLATION, "with ERROR_NO_UNICODE_TRANSLATION");
    SetLastError(0);
    is_int(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "\xc0\xaf", 2, w, 8), 0,
           "an overlong form is invalid");
    is_int(MultiByteToWideChar(CP_UTF8, 0, "a\xffz", 3, w, 8), 3,
           "without the flag an invalid byte");
    ok(w[1] == 0xfffd && w[2] == 'z', "becomes U+FFFD");
    is_int(MultiByteToWideChar(CP_UTF8, 0, "\xe2\x82", 2, w, 8), 1,
           "a truncated sequence is one U+FFFD");

    SetLastError(0);
    is_int(WideCharToMultiByte(CP_UTF8, 0, L"a", -1, b, 16, "?", NULL), 0,
           "UTF-8 takes no default character");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    {
        BOOL used;
        SetLastError(0);
        is_int(WideCharToMultiByte(CP_UTF8, 0, L"a", -1, b, 16, NULL, &used), 0,
               "nor lpUsedDefaultChar");
        is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    }
    w[0] = 0xd800; w[1] = 'x'; w[2] = 0;
    SetLastError(0);
    is_int(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, b, 16, NULL, NULL), 0,
           "WC_ERR_INVALID_CHARS refuses a lone surrogate");
    is_int(GetLastError(), ERROR_NO_UNICODE_TRANSLATION, "ERROR_NO_UNICODE_TRANSLATION");
    is_int(WideCharToMultiByte(CP_UTF8, 0, w, -1, b, 16, NULL, NULL), 5,
           "without the flag it becomes U+FFFD");
    is_str(b, "\xef\xbf\xbdx", "encoded in three bytes");
}

int main(void)
{
    test_info();
    test_1252();
    test_utf8();
    return done();
}
