/* strings.c: lstr*, CharUpper/CharLower and the IsChar* tests
 * (sdk/runtime/strings.c), in the Windows-1252 ANSI code page. */
#include "windows.h"
#include "tap.h"

static void test_lstr(void)
{
    char b[16];
    WCHAR w[16];

    is_int(lstrlenA("abc"), 3, "lstrlen");
    is_int(lstrlen(NULL), 0, "lstrlen(NULL) is 0");
    ok(lstrcpyA(b, "hello") == b, "lstrcpy returns dest");
    is_str(b, "hello", "lstrcpy copies");
    ok(lstrcpy(NULL, "x") == NULL, "lstrcpy(NULL, s) is NULL");
    ok(lstrcpynA(b, "abcdef", 4) == b, "lstrcpyn returns dest");
    is_str(b, "abc", "lstrcpyn copies n-1 characters and a NUL");
    lstrcpyn(b, "ab", 10);
    is_str(b, "ab", "lstrcpyn stops at the source's end");
    memset(b, 'x', sizeof(b));
    lstrcpyn(b, "abc", 1);
    ok(b[0] == '\0', "lstrcpyn with n 1 stores only the NUL");
    is_str(lstrcatA(b, "de"), "de", "lstrcat appends");
    is_str(lstrcat(b, "f"), "def", "lstrcat appends again");
    ok(lstrcmpA("abc", "abc") == 0, "lstrcmp equal");
    ok(lstrcmp("a", "B") < 0, "lstrcmp sorts a before B, as CompareString does");
    ok(lstrcmp("b", "A") > 0, "lstrcmp sorts b after A");
    ok(lstrcmp("a", "A") < 0, "lstrcmp: lower case first when otherwise equal");
    ok(lstrcmp("ab", "abc") < 0, "lstrcmp: a prefix sorts first");
    ok(lstrcmp(NULL, "a") < 0 && lstrcmp(NULL, NULL) == 0,
       "lstrcmp takes NULL as the empty string");
    ok(lstrcmpiA("HeLLo", "hello") == 0, "lstrcmpi ignores case");
    ok(lstrcmpi("\xe9t\xe9", "\xc9T\xc9") == 0, "lstrcmpi ignores Windows-1252 case");
    ok(lstrcmpi("abc", "ABD") < 0, "lstrcmpi orders");

    is_int(lstrlenW(L"wide"), 4, "lstrlenW");
    is_int(lstrlenW(NULL), 0, "lstrlenW(NULL) is 0");
    ok(lstrcpyW(w, L"abc") == w && w[3] == 0 && w[2] == 'c', "lstrcpyW");
    is_int(sizeof(w[0]), 2, "WCHAR is 16 bits");
    ok(lstrcmpW(w, L"abc") == 0 && lstrcmpW(w, L"abd") < 0, "lstrcmpW");
    ok(lstrcmpiW(L"\x0436X", L"\x0416x") == 0, "lstrcmpiW folds Cyrillic too");
    lstrcpynW(w, L"abcdef", 3);
    ok(lstrcmpW(w, L"ab") == 0, "lstrcpynW copies n-1");
    lstrcatW(w, L"Z");
    ok(lstrcmpW(w, L"abZ") == 0, "lstrcatW");
}

static void test_case(void)
{
    char s[16] = "caf\xe9 \x9a\xff";

    ok(CharUpperA(s) == s, "CharUpper(string) returns its argument");
    is_str(s, "CAF\xc9 \x8a\x9f", "CharUpper maps 1252: e-acute, s-caron, y-diaeresis");
    CharLower(s);
    is_str(s, "caf\xe9 \x9a\xff", "CharLower maps back");
    is_int((uintptr_t)CharUpperA((LPSTR)(uintptr_t)0xe9), 0xc9,
           "CharUpper of one character in the pointer's low word");
    is_int((uintptr_t)CharLowerA((LPSTR)(uintptr_t)'Q'), 'q',
           "CharLower of one character");
    is_int((uintptr_t)CharUpperA((LPSTR)(uintptr_t)0xdf), 0xdf,
           "sharp s has no capital in 1252");
    lstrcpy(s, "abcdef");
    is_int(CharUpperBuffA(s, 3), 3, "CharUpperBuff returns the count");
    is_str(s, "ABCdef", "and converts only that many");
    is_int(CharLowerBuff(s, 2), 2, "CharLowerBuff");
    is_str(s, "abCdef", "CharLowerBuff result");
}

static void test_chars(void)
{
    const char *s = "ab";

    ok(CharNextA(s) == s + 1, "CharNext steps a byte");
    ok(CharNext(s + 2) == s + 2, "CharNext stays at the NUL");
    ok(CharPrevA(s, s + 2) == s + 1, "CharPrev steps back");
    ok(CharPrev(s, s) == s, "CharPrev stays at the start");
    ok(IsCharAlphaA('x') && IsCharAlpha((CHAR)0xe9) && IsCharAlpha((CHAR)0x8a),
       "IsCharAlpha: ASCII and 1252 letters");
    ok(!IsCharAlpha('1') && !IsCharAlpha((CHAR)0xd7), "IsCharAlpha: not digits or the times sign");
    ok(IsCharAlphaNumericA('7') && IsCharAlphaNumeric('z') && !IsCharAlphaNumeric('-'),
       "IsCharAlphaNumeric");
    ok(IsCharUpperA('Q') && IsCharUpper((CHAR)0xc0) && !IsCharUpper('q'), "IsCharUpper");
    ok(IsCharLowerA('q') && IsCharLower((CHAR)0xff) && !IsCharLower('Q'), "IsCharLower");
}

int main(void)
{
    test_lstr();
    test_case();
    test_chars();
    return done();
}
