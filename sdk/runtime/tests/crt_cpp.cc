// crt_cpp.cc: MSVC's C++ template overloads of the _s functions
// (isapi/win_crt.h), which take the destination size from the array, as
// filters written in C++ call them: strcpy_s(buf, src).
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <algorithm>
#include <string>
#include "tap.h"

static int handler_calls;

static void count_handler(const wchar_t *, const wchar_t *, const wchar_t *,
                          unsigned int, uintptr_t)
{
    handler_calls++;
}

int main()
{
    char buf[8];
    char ten[10];
    TCHAR t[16];

    _set_invalid_parameter_handler(count_handler);
    is_int(strcpy_s(buf, "1234567"), 0, "strcpy_s(array, src) takes the array's size");
    is_str(buf, "1234567", "result");
    is_int(strcpy_s(buf, "12345678"), ERANGE, "and refuses what does not fit it");
    ok(handler_calls == 1 && buf[0] == '\0', "via the handler, dest emptied");
    strcpy_s(buf, "ab");
    is_int(strcat_s(buf, "cd"), 0, "strcat_s(array, src)");
    is_str(buf, "abcd", "result");
    is_int(strncpy_s(buf, "abcdefghij", _TRUNCATE), STRUNCATE, "strncpy_s(array, src, _TRUNCATE)");
    is_str(buf, "abcdefg", "truncated to the array");
    is_int(sprintf_s(ten, "%d-%s", 42, "x"), 4, "sprintf_s(array, fmt, ...)");
    is_str(ten, "42-x", "result");
    is_int(_snprintf_s(ten, _TRUNCATE, "%s", "0123456789abc"), -1, "_snprintf_s(array, _TRUNCATE, ...)");
    is_str(ten, "012345678", "truncated to the array");
    is_int(_itoa_s(-99, ten, 10), 0, "_itoa_s(value, array, radix)");
    is_str(ten, "-99", "result");
    _tcscpy_s(t, _T("Mixed"));
    _strupr_s(t);
    is_str(t, "MIXED", "_tcscpy_s/_strupr_s templates through tchar.h");
    ok(strcpy_s(t, sizeof(t), "z") == 0, "the sized C form still works in C++");
    ok(SUCCEEDED(StringCchCopy(t, _countof(t), "strsafe")), "strsafe.h compiles as C++");
    is_int(std::min(3, 4), 3, "std::min is not broken by a min macro");
    std::string s("abc");
    ok(_stricmp(s.c_str(), "ABC") == 0, "_stricmp from C++");
    wchar_t w[4];
    is_int(wcscpy_s(w, L"abc"), 0, "wcscpy_s(array, src)");
    is_int(wcslen(w), 3, "wcslen binds to the 16-bit version in C++ too");
    is_int(std::wcslen(w), 3, "std::wcslen as well");
    wchar_t ws[8];
    is_int(swprintf_s(ws, L"%d", 12), 2, "swprintf_s(array, fmt, ...)");
    is_int(swprintf(ws, 8, L"%ls", L"ab"), 2, "swprintf binds in C++ too");
    return done();
}
