// mfc_string.cc: CString (isapi/afx_string.h, sdk/mfc/string.cpp) gives
// the results MFC documents for each member filter code uses.
#include <sys/resource.h>
#include <windows.h>
#include <tchar.h>
#include "isapi/afx_string.h"
#include "isapi/afx_except.h"
#include "tap.h"

// gcc says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ISF_HAS_ASAN 1
#endif
#endif
#ifndef ISF_HAS_ASAN
#define ISF_HAS_ASAN 0
#endif

// True when f() throws a CException* of type E (which it then deletes).
template <class E, class F> static bool throws(F f)
{
    try {
        f();
    }
    catch (E *e) {
        e->Delete();
        return true;
    }
    catch (CException *e) {
        e->Delete();
    }
    return false;
}

// A stand-in for the runtime's LoadStringA, with Windows' contract (copy
// what fits with a NUL, return the characters copied, 0 when there is no
// such string), so CString::LoadString is tested without a compiled .rc.
// The program's definition wins over the library's, where there is one.
static const char *string_table(UINT id)
{
    static char long_one[1001];
    switch (id) {
    case 1: return "short";
    case 2:
        memset(long_one, 'x', 1000);
        return long_one;
    case 4: return "%d-%s";
    default: return NULL;
    }
}

extern "C" int WINAPI LoadStringA(HINSTANCE, UINT uID, LPSTR lpBuffer, int cchBufferMax)
{
    const char *s = string_table(uID);
    if (s == NULL || cchBufferMax <= 0) {
        return 0;
    }
    int n = (int)strlen(s);
    if (n > cchBufferMax - 1) {
        n = cchBufferMax - 1;
    }
    memcpy(lpBuffer, s, (size_t)n);
    lpBuffer[n] = '\0';
    return n;
}

static CString take(CString s)
{
    return s;
}

int main()
{
    // ---- construction ----
    CString empty;
    is_str(empty, "", "default constructor: empty");
    ok(empty.IsEmpty() && empty.GetLength() == 0, "IsEmpty, GetLength 0");
    CString s("hello");
    is_str(s, "hello", "from LPCTSTR");
    is_int(s.GetLength(), 5, "GetLength");
    CString n((LPCTSTR)NULL);
    is_str(n, "", "from a NULL LPCTSTR: empty");
    is_str(CString('x'), "x", "from a char");
    is_str(CString('-', 4), "----", "char with a repeat count");
    is_str(CString('-', 0), "", "repeat count 0");
    is_str(CString("abcdef", 3), "abc", "LPCTSTR and a length");
    CString copy(s);
    is_str(copy, "hello", "copy constructor");
    copy.SetAt(0, 'j');
    is_str(s, "hello", "the copy is its own: the original is unchanged");
    is_str(take(s), "hello", "by value and back");
    is_str(CString((const unsigned char *)"uc"), "uc", "from unsigned char*");
    is_str(CString(L"wide caf\u00e9"), "wide caf\xe9", "from a wide string, to Windows-1252");
    CString w;
    w = L"w";
    is_str(w, "w", "operator=(LPCWSTR)");
    w = (LPCWSTR)NULL;
    ok(w.IsEmpty(), "a NULL wide string: empty");

    // ---- assignment and concatenation ----
    CString a;
    a = "one";
    is_str(a, "one", "operator=(LPCTSTR)");
    a = s;
    is_str(a, "hello", "operator=(CString)");
    a = 'c';
    is_str(a, "c", "operator=(char)");
    CString &same = a;
    a = same;
    is_str(a, "c", "self-assignment");
    a += "d";
    a += 'e';
    a += CString("f");
    is_str(a, "cdef", "operator+= LPCTSTR, char, CString");
    a += a;
    is_str(a, "cdefcdef", "s += s");
    a = a.Mid(2, 3);
    is_str(a, "efc", "s = s.Mid(...)");
    is_str(CString("ab") + CString("cd"), "abcd", "CString + CString");
    is_str(CString("ab") + "cd", "abcd", "CString + LPCTSTR");
    is_str("ab" + CString("cd"), "abcd", "LPCTSTR + CString");
    is_str(CString("ab") + 'c', "abc", "CString + char");
    is_str('a' + CString("bc"), "abc", "char + CString");
    a = "x";
    a.Append("yz", 1);
    a.AppendChar('!');
    is_str(a, "xy!", "Append(psz, n), AppendChar");

    // ---- comparison ----
    CString abc("abc"), abd("abd");
    ok(abc == "abc" && "abc" == abc && abc == CString("abc"), "== all three ways");
    ok(abc != abd && abc != "abd" && "abd" != abc, "!= all three ways");
    ok(abc < abd && abc < "abd" && "abb" < abc, "<");
    ok(abd > abc && abd > "abc" && "abe" > abd, ">");
    ok(abc <= abc && abc <= "abd" && "abc" <= abc, "<=");
    ok(abd >= abc && abd >= "abd" && "abz" >= abd, ">=");
    ok(CString("a") == 'a' && CString("ab") != 'a', "== and != with a char");
    ok(abc.Compare("abc") == 0 && abc.Compare("abd") < 0 && abd.Compare("abc") > 0,
       "Compare: 0, <0, >0");
    ok(abc.Compare("ABC") > 0, "Compare is case-sensitive");
    ok(abc.CompareNoCase("ABC") == 0 && abc.CompareNoCase("ABD") < 0, "CompareNoCase");
    ok(abc.Collate("abc") == 0 && abc.Collate("abd") < 0, "Collate");

    // ---- characters ----
    is_int(s.GetAt(1), 'e', "GetAt");
    is_int(s[4], 'o', "operator[]");
    size_t zi = 0;
    UINT ui = 1;
    ok(s[zi] == 'h' && s[ui] == 'e', "operator[] with size_t and UINT indices");
    is_int(s.GetAt(5), 0, "GetAt(GetLength()) is the NUL");
    ok(throws<CInvalidArgException>([&] { s.GetAt(6); }), "GetAt past the end throws CInvalidArgException");
    ok(throws<CInvalidArgException>([&] { s.GetAt(-1); }), "GetAt(-1) throws");
    copy = "hello";
    copy.SetAt(4, '!');
    is_str(copy, "hell!", "SetAt");
    ok(throws<CInvalidArgException>([&] { copy.SetAt(5, 'x'); }), "SetAt(GetLength()) throws");
    LPCTSTR p = s;
    is_str(p, "hello", "operator LPCTSTR");
    is_str(s.GetString(), "hello", "GetString");
    ok(strlen(s) == 5, "passes where a const char* goes");
    copy.Empty();
    ok(copy.IsEmpty(), "Empty");

    // ---- Format ----
    CString f;
    f.Format("%s=%d", "x", 42);
    is_str(f, "x=42", "Format %s %d");
    f.Format("%I64d|%ld|%I64u", (__int64)-12345678901LL, (long)-7, (unsigned __int64)18446744073709551615ULL);
    is_str(f, "-12345678901|-7|18446744073709551615", "Format %I64d %ld %I64u (MSVC sizes)");
    f.Format("%5.2f|%-4s|%04X|%c", 3.14159, "ab", 255, 'z');
    is_str(f, " 3.14|ab  |00FF|z", "Format widths, precision, %X, %c");
    f.Format("%ws", L"wide");
    is_str(f, "wide", "Format %ws");
    f.Format("%s", "");
    ok(f.IsEmpty(), "Format to an empty result");
    CString big;
    big.Format("%0300d", 1);
    is_int(big.GetLength(), 300, "Format of a long result");
    f = "abc";
    f.Format("[%s]", (LPCTSTR)f);
    is_str(f, "[abc]", "Format with the string itself as an argument");
    f.AppendFormat("%d%%", 50);
    is_str(f, "[abc]50%", "AppendFormat");
    ok(throws<CInvalidArgException>([&] { f.Format((LPCTSTR)NULL); }), "Format(NULL) throws");
    // MSVC passes a CString through "..." as its character pointer, and
    // filters rely on it; so does this Format.
    CString name("filter"), out;
    out.Format("%s/%s", name, (LPCTSTR)name);
    is_str(out, "filter/filter", "Format(\"%s\", aCString) without a cast");
    out.AppendFormat("[%s]", name);
    is_str(out, "filter/filter[filter]", "AppendFormat(\"%s\", aCString)");
    char arr[8] = "arr";
    float fl = 1.5f;
    short sh = -3;
    out.Format("%s %.1f %d %s", arr, fl, sh, CString("tmp"));
    is_str(out, "arr 1.5 -3 tmp", "arrays, float, short and a temporary CString");
    CString fmt("<%s:%I64d>");
    out.Format(fmt, name, (__int64)1 << 40);
    is_str(out, "<filter:1099511627776>", "a CString as the format");

    // ---- searching ----
    CString h("hello world");
    is_int(h.Find('o'), 4, "Find(char)");
    is_int(h.Find('o', 5), 7, "Find(char, start)");
    is_int(h.Find('z'), -1, "Find: -1 when absent");
    is_int(h.Find('h', 11), -1, "Find from the end: -1");
    is_int(h.Find('h', 50), -1, "Find from past the end: -1");
    is_int(h.Find("wor"), 6, "Find(string)");
    is_int(h.Find("o", 5), 7, "Find(string, start)");
    is_int(h.Find("xyz"), -1, "Find(string): -1 when absent");
    is_int(h.Find("", 3), 3, "Find(\"\") finds at the start");
    is_int(h.ReverseFind('o'), 7, "ReverseFind");
    is_int(h.ReverseFind('z'), -1, "ReverseFind: -1 when absent");
    is_int(h.FindOneOf("wd"), 6, "FindOneOf");
    is_int(h.FindOneOf("xyz"), -1, "FindOneOf: -1 when none");

    // ---- extraction ----
    is_str(h.Mid(6), "world", "Mid(first)");
    is_str(h.Mid(0, 5), "hello", "Mid(first, count)");
    is_str(h.Mid(6, 100), "world", "Mid: count past the end stops there");
    is_str(h.Mid(20), "", "Mid past the end: empty");
    is_str(h.Mid(20, 3), "", "Mid(first past the end, n): empty");
    is_str(h.Mid(-3, 2), "he", "Mid: a negative start counts as 0");
    is_str(h.Mid(2, -1), "", "Mid: a negative count gives empty");
    is_str(h.Left(4), "hell", "Left");
    is_str(h.Left(50), "hello world", "Left past the end: whole string");
    is_str(h.Left(-1), "", "Left(-1): empty");
    is_str(h.Right(5), "world", "Right");
    is_str(h.Right(50), "hello world", "Right past the end: whole string");
    is_str(h.Right(0), "", "Right(0): empty");
    is_str(CString("1234abc").SpanIncluding("0123456789"), "1234", "SpanIncluding");
    is_str(CString("abc").SpanIncluding("0123456789"), "", "SpanIncluding, nothing in the set");
    is_str(CString("key=value").SpanExcluding("=;"), "key", "SpanExcluding");
    is_str(CString("novalue").SpanExcluding("=;"), "novalue", "SpanExcluding, no separator: whole");

    // ---- Tokenize ----
    CString list("%First Second#Third");
    int pos = 0;
    CString tok = list.Tokenize("% #", pos);
    is_str(tok, "First", "Tokenize: first token, leading delimiters skipped");
    is_int(pos, 7, "Tokenize: start moves past the delimiter");
    is_str(list.Tokenize("% #", pos), "Second", "second token");
    is_str(list.Tokenize("% #", pos), "Third", "third token");
    is_int(pos, 20, "after the last token, start is past the end");
    tok = list.Tokenize("% #", pos);
    ok(tok.IsEmpty() && pos == -1, "then empty, with start -1");
    pos = 0;
    tok = CString(";;").Tokenize(";", pos);
    ok(tok.IsEmpty() && pos == -1, "only delimiters: empty, start -1");
    pos = 2;
    is_str(CString("a b c").Tokenize("", pos), "b c", "no delimiters: the rest");

    // ---- case and order ----
    CString c("MiXeD caf\xe9");
    c.MakeUpper();
    is_str(c, "MIXED CAF\xc9", "MakeUpper, Windows-1252 (\\xe9 -> \\xc9)");
    c.MakeLower();
    is_str(c, "mixed caf\xe9", "MakeLower");
    is_str(CString("abc").MakeReverse(), "cba", "MakeReverse");
    is_str(CString("Ab").MakeUpper().MakeReverse(), "BA", "they chain");

    // ---- trimming ----
    is_str(CString(" \t\r\n x y \n").Trim(), "x y", "Trim: whitespace");
    is_str(CString("  x ").TrimLeft(), "x ", "TrimLeft: whitespace");
    is_str(CString("  x ").TrimRight(), "  x", "TrimRight: whitespace");
    is_str(CString("**x*").Trim('*'), "x", "Trim(char)");
    is_str(CString("**x*").TrimLeft('*'), "x*", "TrimLeft(char)");
    is_str(CString("**x*").TrimRight('*'), "**x", "TrimRight(char)");
    is_str(CString("<[x]>").Trim("<>[]"), "x", "Trim(set)");
    is_str(CString("<[x]>").TrimLeft("<["), "x]>", "TrimLeft(set)");
    is_str(CString("<[x]>").TrimRight("]>"), "<[x", "TrimRight(set)");
    is_str(CString("   ").Trim(), "", "Trim of all whitespace: empty");

    // ---- Replace, Remove, Insert, Delete ----
    CString r("a-b-c");
    is_int(r.Replace('-', '+'), 2, "Replace(char): count");
    is_str(r, "a+b+c", "Replace(char): result");
    is_int(r.Replace('x', 'y'), 0, "Replace(char) with no match: 0");
    r = "one two one two one";
    is_int(r.Replace("one", "1"), 3, "Replace(string): count");
    is_str(r, "1 two 1 two 1", "Replace(string): shorter");
    is_int(r.Replace("1", "uno"), 3, "Replace(string) longer: count");
    is_str(r, "uno two uno two uno", "Replace(string): longer");
    is_int(r.Replace(" two", NULL), 2, "Replace with NULL removes");
    is_str(r, "uno uno uno", "result");
    is_int(r.Replace("", "x"), 0, "Replace of \"\": 0, nothing done");
    r = "aaaa";
    is_int(r.Replace("aa", "a"), 2, "Replace: matches do not overlap");
    is_str(r, "aa", "result");
    r = "a,b,,c";
    is_int(r.Remove(','), 3, "Remove: count");
    is_str(r, "abc", "Remove: result");
    is_int(r.Insert(1, '-'), 4, "Insert(char): the new length");
    is_str(r, "a-bc", "Insert(char)");
    is_int(r.Insert(0, "<<"), 6, "Insert(string) at 0");
    is_int(r.Insert(100, ">>"), 8, "Insert past the end appends");
    is_str(r, "<<a-bc>>", "Insert results");
    r.Insert(2, r);
    is_str(r, "<<<<a-bc>>a-bc>>", "Insert of itself");
    r = "0123456789";
    is_int(r.Delete(2, 3), 7, "Delete: the new length");
    is_str(r, "0156789", "Delete(index, count)");
    r.Delete(0);
    is_str(r, "156789", "Delete(index): one character");
    is_int(r.Delete(4, 100), 4, "Delete past the end stops there");
    is_int(r.Delete(10, 1), 4, "Delete from past the end: nothing");
    is_str(r, "1567", "result");

    // ---- the buffer ----
    CString b;
    LPTSTR buf = b.GetBuffer(32);
    strcpy(buf, "written");
    b.ReleaseBuffer();
    is_str(b, "written", "GetBuffer(n) + ReleaseBuffer()");
    is_int(b.GetLength(), 7, "ReleaseBuffer(-1) takes the length up to the NUL");
    buf = b.GetBuffer(0);
    buf[3] = '\0';
    b.ReleaseBuffer(-1);
    is_int(b.GetLength(), 3, "ReleaseBuffer(-1) after shortening");
    buf = b.GetBuffer(10);
    memcpy(buf, "abcdefgh", 8);
    b.ReleaseBuffer(5);
    is_str(b, "abcde", "ReleaseBuffer(n) sets the length and ends it");
    is_str(b.GetBuffer(), "abcde", "GetBuffer() keeps the contents");
    b.ReleaseBuffer();
    buf = b.GetBufferSetLength(3);
    is_int(b.GetLength(), 3, "GetBufferSetLength: the length");
    is_str(buf, "abc", "GetBufferSetLength: contents kept and cut");
    buf[1] = 'X';
    b.ReleaseBuffer();
    is_str(b, "aXc", "writing through it");
    buf = b.LockBuffer();
    ok(buf == b.GetString(), "LockBuffer gives the buffer");
    b.UnlockBuffer();
    CString e2;
    buf = e2.GetBuffer(0);
    ok(buf != NULL && buf[0] == '\0', "GetBuffer of an empty string is writable");
    e2.ReleaseBuffer();
    ok(e2.IsEmpty(), "and releases empty");
    b.Preallocate(100);
    ok(b.GetAllocLength() >= 100 && b == "aXc", "Preallocate");
    b.FreeExtra();
    is_str(b, "aXc", "FreeExtra keeps the string");
    b.Truncate(1);
    is_str(b, "a", "Truncate");

    // ---- memory ----
    // Overcommit grants 2 GB, so cap the address space for the attempt;
    // a sanitizer reserves its shadow up front and would die of the cap.
#if defined(__SANITIZE_ADDRESS__) || ISF_HAS_ASAN
    ok(1, "# SKIP a failed allocation: not under a sanitizer");
#else
    struct rlimit old, cap;
    getrlimit(RLIMIT_AS, &old);
    cap = old;
    cap.rlim_cur = 1024UL * 1024 * 1024;
    setrlimit(RLIMIT_AS, &cap);
    CString kept("kept");
    ok(throws<CMemoryException>([&] { kept.GetBuffer(0x7ffffff0); }),
       "a failed allocation throws CMemoryException");
    setrlimit(RLIMIT_AS, &old);
    is_str(kept, "kept", "and leaves the string as it was");
#endif
    ok(throws<CInvalidArgException>([&] { CString x; x.GetBuffer(-1); }),
       "a negative size throws CInvalidArgException");

    // ---- LoadString ----
    CString ls("keep");
    ok(!ls.LoadString(3), "LoadString of a missing string: FALSE");
    is_str(ls, "keep", "and leaves the string as it was");
    ok(ls.LoadString(1), "LoadString: TRUE");
    is_str(ls, "short", "the string");
    ok(ls.LoadString(2) && ls.GetLength() == 1000 && ls.Right(1) == "x",
       "LoadString of a string longer than its first buffer: all of it");
    is_str(CString((LPCTSTR)(ULONG_PTR)1), "short", "CString(MAKEINTRESOURCE(id)) loads it");
    ok(ls.Format(4, 7, "z"), "Format(UINT id, ...): TRUE");
    is_str(ls, "7-z", "with the loaded format");
    ok(!ls.Format(3, 1), "Format of a missing id: FALSE");

    CStringA alias("typedef");
    is_str(alias, "typedef", "CStringA is CString");
    return done();
}
