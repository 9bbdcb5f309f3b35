// string.cpp: CString (isapi/afx_string.h), MFC's ANSI string class as
// filters use it.  Each CString owns a malloc'd buffer (or points at a
// shared "" when it has none); every change that needs more room gets it
// before it touches the string, so a CMemoryException leaves the string
// as it was.  Arguments that point into the string itself (s.Insert(0, s))
// are copied first, since growing may move the buffer.
// The SDK first (windows.h brings isapi/win_crt.h), as isapi-cc has it.
#include "isapi/afx_string.h"
#include "isapi/afx_except.h"

#include <stdlib.h>
#include <string.h>

// Supplied by the runtime (LoadStringA) and by the MFC glue
// (AfxGetResourceHandle); weak so CString links, and LoadString fails
// cleanly, in a program that has neither.
extern "C" int WINAPI LoadStringA(HINSTANCE, UINT, LPSTR, int)
    __attribute__((weak));
HINSTANCE AfxGetResourceHandle() __attribute__((weak));

static char empty_string[1];

// True when p points into [s, s + n]: an argument aliasing our buffer.
static bool inside(LPCTSTR p, LPCTSTR s, int n)
{
    return p >= s && p <= s + n;
}

static bool is_resource_id(LPCTSTR psz)
{
    return psz != NULL && ((ULONG_PTR)psz >> 16) == 0;
}

// ---- storage ----

void CString::Reserve(int nChars)
{
    if (nChars < 0) {
        AfxThrowInvalidArgException();
    }
    if (nChars <= m_nAlloc) {
        return;
    }
    // Grow by half again, so appending in a loop stays linear.
    int want = nChars;
    if (m_nAlloc > 0 && want < m_nAlloc + m_nAlloc / 2 && m_nAlloc < 0x3fffffff) {
        want = m_nAlloc + m_nAlloc / 2;
    }
    LPTSTR p = (LPTSTR)(m_nAlloc ? realloc(m_pch, (size_t)want + 1)
                                 : malloc((size_t)want + 1));
    if (p == NULL) {
        AfxThrowMemoryException();
    }
    if (m_nAlloc == 0) {
        p[0] = '\0';
    }
    m_pch = p;
    m_nAlloc = want;
}

void CString::Assign(LPCTSTR pch, int nLength)
{
    if (nLength <= 0 || pch == NULL) {
        Empty();
        return;
    }
    if (inside(pch, m_pch, m_nLength)) {
        // A part of ourselves: it fits where it is.
        memmove(m_pch, pch, (size_t)nLength);
    }
    else {
        Reserve(nLength);
        memcpy(m_pch, pch, (size_t)nLength);
    }
    m_nLength = nLength;
    m_pch[nLength] = '\0';
}

CString::CString() : m_pch(empty_string), m_nLength(0), m_nAlloc(0)
{
}

CString::CString(const CString &src) : m_pch(empty_string), m_nLength(0), m_nAlloc(0)
{
    Assign(src.m_pch, src.m_nLength);
}

CString::CString(LPCTSTR psz) : m_pch(empty_string), m_nLength(0), m_nAlloc(0)
{
    if (is_resource_id(psz)) {
        LoadString((UINT)(ULONG_PTR)psz);
    }
    else if (psz != NULL) {
        Assign(psz, (int)strlen(psz));
    }
}

CString::CString(const unsigned char *psz)
    : m_pch(empty_string), m_nLength(0), m_nAlloc(0)
{
    if (psz != NULL) {
        Assign((LPCTSTR)psz, (int)strlen((LPCTSTR)psz));
    }
}

CString::CString(LPCTSTR pch, int nLength)
    : m_pch(empty_string), m_nLength(0), m_nAlloc(0)
{
    if (nLength < 0 || (pch == NULL && nLength > 0)) {
        AfxThrowInvalidArgException();
    }
    Assign(pch, nLength);
}

CString::CString(TCHAR ch, int nRepeat)
    : m_pch(empty_string), m_nLength(0), m_nAlloc(0)
{
    if (nRepeat > 0) {
        Reserve(nRepeat);
        memset(m_pch, ch, (size_t)nRepeat);
        m_nLength = nRepeat;
        m_pch[nRepeat] = '\0';
    }
}

CString::CString(LPCWSTR pwsz) : m_pch(empty_string), m_nLength(0), m_nAlloc(0)
{
    AssignWide(pwsz);
}

void CString::AssignWide(LPCWSTR pwsz)
{
    if (pwsz == NULL || *pwsz == 0) {
        Empty();
        return;
    }
    // The length with its NUL, then the text into a string of our own,
    // which takes the place of this one only once it is complete.
    int n = WideCharToMultiByte(CP_ACP, 0, pwsz, -1, NULL, 0, NULL, NULL);
    if (n <= 1) {
        Empty();
        return;
    }
    CString out;
    WideCharToMultiByte(CP_ACP, 0, pwsz, -1, out.GetBuffer(n - 1), n, NULL, NULL);
    out.ReleaseBuffer(n - 1);
    *this = out;
}

CString &CString::operator=(LPCWSTR pwsz)
{
    AssignWide(pwsz);
    return *this;
}

CString::~CString()
{
    if (m_nAlloc) {
        free(m_pch);
    }
}

void CString::Empty()
{
    // MFC gives the memory back here; so do we.
    if (m_nAlloc) {
        free(m_pch);
    }
    m_pch = empty_string;
    m_nLength = 0;
    m_nAlloc = 0;
}

CString &CString::operator=(const CString &src)
{
    if (this != &src) {
        Assign(src.m_pch, src.m_nLength);
    }
    return *this;
}

CString &CString::operator=(LPCTSTR psz)
{
    SetString(psz);
    return *this;
}

CString &CString::operator=(const unsigned char *psz)
{
    SetString((LPCTSTR)psz);
    return *this;
}

CString &CString::operator=(TCHAR ch)
{
    Assign(&ch, 1);
    return *this;
}

void CString::SetString(LPCTSTR psz)
{
    Assign(psz, psz ? (int)strlen(psz) : 0);
}

void CString::SetString(LPCTSTR pch, int nLength)
{
    if (nLength < 0 || (pch == NULL && nLength > 0)) {
        AfxThrowInvalidArgException();
    }
    Assign(pch, nLength);
}

void CString::Append(LPCTSTR pch, int nLength)
{
    if (nLength < 0 || (pch == NULL && nLength > 0)) {
        AfxThrowInvalidArgException();
    }
    if (nLength == 0) {
        return;
    }
    if (m_nLength > 0x7fffffff - nLength) {
        AfxThrowMemoryException();
    }
    if (inside(pch, m_pch, m_nLength)) {
        CString copy(pch, nLength);
        Append(copy.m_pch, nLength);
        return;
    }
    Reserve(m_nLength + nLength);
    memcpy(m_pch + m_nLength, pch, (size_t)nLength);
    m_nLength += nLength;
    m_pch[m_nLength] = '\0';
}

void CString::Append(LPCTSTR psz)
{
    if (psz != NULL) {
        Append(psz, (int)strlen(psz));
    }
}

void CString::Append(const CString &src)
{
    Append(src.m_pch, src.m_nLength);
}

void CString::AppendChar(TCHAR ch)
{
    Append(&ch, 1);
}

CString &CString::operator+=(const CString &src)
{
    Append(src);
    return *this;
}

CString &CString::operator+=(LPCTSTR psz)
{
    Append(psz);
    return *this;
}

CString &CString::operator+=(TCHAR ch)
{
    AppendChar(ch);
    return *this;
}

CString operator+(const CString &a, const CString &b)
{
    CString r(a);
    r += b;
    return r;
}

CString operator+(const CString &a, LPCTSTR b)
{
    CString r(a);
    r += b;
    return r;
}

CString operator+(LPCTSTR a, const CString &b)
{
    CString r(a);
    r += b;
    return r;
}

CString operator+(const CString &a, TCHAR b)
{
    CString r(a);
    r += b;
    return r;
}

CString operator+(TCHAR a, const CString &b)
{
    CString r(a, 1);
    r += b;
    return r;
}

// ---- characters ----

TCHAR CString::GetAt(int iChar) const
{
    // The NUL at GetLength() may be read, as in MFC.
    if (iChar < 0 || iChar > m_nLength) {
        AfxThrowInvalidArgException();
    }
    return m_pch[iChar];
}

void CString::SetAt(int iChar, TCHAR ch)
{
    if (iChar < 0 || iChar >= m_nLength) {
        AfxThrowInvalidArgException();
    }
    m_pch[iChar] = ch;
}

// ---- comparison ----

int CString::Compare(LPCTSTR psz) const
{
    if (psz == NULL) {
        AfxThrowInvalidArgException();
    }
    return strcmp(m_pch, psz);
}

int CString::CompareNoCase(LPCTSTR psz) const
{
    if (psz == NULL) {
        AfxThrowInvalidArgException();
    }
    return _stricmp(m_pch, psz);
}

int CString::Collate(LPCTSTR psz) const
{
    if (psz == NULL) {
        AfxThrowInvalidArgException();
    }
    return strcoll(m_pch, psz);
}

int CString::CollateNoCase(LPCTSTR psz) const
{
    return CompareNoCase(psz);
}

// ---- formatting ----

void CString::AppendFormatV(LPCTSTR pszFormat, va_list args)
{
    if (pszFormat == NULL) {
        AfxThrowInvalidArgException();
    }
    va_list count;
    va_copy(count, args);
    int n = _vscprintf(pszFormat, count);
    va_end(count);
    if (n < 0) {
        AfxThrowInvalidArgException();
    }
    if (m_nLength > 0x7fffffff - n) {
        AfxThrowMemoryException();
    }
    // An argument may be this very string (s.Format("%s!", (LPCTSTR)s)):
    // format into a new one.
    CString out;
    out.Reserve(m_nLength + n);
    memcpy(out.m_pch, m_pch, (size_t)m_nLength);
    _vsnprintf(out.m_pch + m_nLength, (size_t)n + 1, pszFormat, args);
    out.m_nLength = m_nLength + n;
    out.m_pch[out.m_nLength] = '\0';
    // Swap the buffers: nothing can fail from here on.
    LPTSTR p = m_pch;
    int alloc = m_nAlloc;
    m_pch = out.m_pch;
    m_nLength = out.m_nLength;
    m_nAlloc = out.m_nAlloc;
    out.m_pch = p;
    out.m_nAlloc = alloc;
    out.m_nLength = 0;
}

void CString::FormatV(LPCTSTR pszFormat, va_list args)
{
    CString out;
    out.AppendFormatV(pszFormat, args);
    *this = out;
}

void CString::FormatArgs(LPCTSTR pszFormat, ...)
{
    va_list ap;
    va_start(ap, pszFormat);
    try {
        FormatV(pszFormat, ap);
    }
    catch (...) {
        va_end(ap);
        throw;
    }
    va_end(ap);
}

BOOL CString::FormatIdArgs(UINT nFormatID, ...)
{
    CString fmt;
    if (!fmt.LoadString(nFormatID)) {
        return FALSE;
    }
    va_list ap;
    va_start(ap, nFormatID);
    try {
        FormatV(fmt, ap);
    }
    catch (...) {
        va_end(ap);
        throw;
    }
    va_end(ap);
    return TRUE;
}

void CString::AppendFormatArgs(LPCTSTR pszFormat, ...)
{
    va_list ap;
    va_start(ap, pszFormat);
    try {
        AppendFormatV(pszFormat, ap);
    }
    catch (...) {
        va_end(ap);
        throw;
    }
    va_end(ap);
}

// ---- searching ----

int CString::Find(TCHAR ch, int iStart) const
{
    if (iStart < 0 || iStart >= m_nLength) {
        return -1;
    }
    const char *p = (const char *)memchr(m_pch + iStart, ch,
                                         (size_t)(m_nLength - iStart));
    return p ? (int)(p - m_pch) : -1;
}

int CString::Find(LPCTSTR pszSub, int iStart) const
{
    if (pszSub == NULL || iStart < 0 || iStart > m_nLength) {
        return -1;
    }
    const char *p = strstr(m_pch + iStart, pszSub);
    return p ? (int)(p - m_pch) : -1;
}

int CString::ReverseFind(TCHAR ch) const
{
    for (int i = m_nLength - 1; i >= 0; i--) {
        if (m_pch[i] == ch) {
            return i;
        }
    }
    return -1;
}

int CString::FindOneOf(LPCTSTR pszCharSet) const
{
    if (pszCharSet == NULL) {
        return -1;
    }
    size_t n = strcspn(m_pch, pszCharSet);
    return n < (size_t)m_nLength ? (int)n : -1;
}

// ---- extraction ----

CString CString::Mid(int iFirst) const
{
    return Mid(iFirst, m_nLength - (iFirst < 0 ? 0 : iFirst));
}

CString CString::Mid(int iFirst, int nCount) const
{
    // MFC clips rather than fails: a negative start counts as 0, a count
    // past the end stops there, a start past the end gives "".
    if (iFirst < 0) {
        iFirst = 0;
    }
    if (nCount < 0) {
        nCount = 0;
    }
    if (iFirst > m_nLength) {
        iFirst = m_nLength;
    }
    if (nCount > m_nLength - iFirst) {
        nCount = m_nLength - iFirst;
    }
    return CString(m_pch + iFirst, nCount);
}

CString CString::Left(int nCount) const
{
    return Mid(0, nCount);
}

CString CString::Right(int nCount) const
{
    if (nCount < 0) {
        nCount = 0;
    }
    if (nCount > m_nLength) {
        nCount = m_nLength;
    }
    return CString(m_pch + m_nLength - nCount, nCount);
}

CString CString::SpanIncluding(LPCTSTR pszCharSet) const
{
    return Left(pszCharSet ? (int)strspn(m_pch, pszCharSet) : 0);
}

CString CString::SpanExcluding(LPCTSTR pszCharSet) const
{
    return Left(pszCharSet ? (int)strcspn(m_pch, pszCharSet) : m_nLength);
}

CString CString::Tokenize(LPCTSTR pszTokens, int &iStart) const
{
    if (iStart < 0) {
        return CString();
    }
    if (pszTokens == NULL || *pszTokens == '\0') {
        // No delimiters: the rest of the string is the token.
        if (iStart < m_nLength) {
            return CString(m_pch + iStart);
        }
    }
    else if (iStart < m_nLength) {
        const char *place = m_pch + iStart;
        size_t skip = strspn(place, pszTokens);
        if (iStart + (int)skip < m_nLength) {
            size_t len = strcspn(place + skip, pszTokens);
            int from = iStart + (int)skip;
            // iStart goes past the delimiter that ended the token.
            iStart = from + (int)len + 1;
            return Mid(from, (int)len);
        }
    }
    iStart = -1;
    return CString();
}

// ---- changes in place ----

CString &CString::MakeUpper()
{
    if (m_nLength) {
        CharUpperBuffA(m_pch, (DWORD)m_nLength);
    }
    return *this;
}

CString &CString::MakeLower()
{
    if (m_nLength) {
        CharLowerBuffA(m_pch, (DWORD)m_nLength);
    }
    return *this;
}

CString &CString::MakeReverse()
{
    for (int i = 0, j = m_nLength - 1; i < j; i++, j--) {
        char c = m_pch[i];
        m_pch[i] = m_pch[j];
        m_pch[j] = c;
    }
    return *this;
}

// The C locale's isspace, which is what MFC's _istspace is for ANSI.
static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool in_set(char c, LPCTSTR set)
{
    return c != '\0' && set != NULL && strchr(set, c) != NULL;
}

CString &CString::TrimRight()
{
    int n = m_nLength;
    while (n > 0 && is_space(m_pch[n - 1])) {
        n--;
    }
    Truncate(n);
    return *this;
}

CString &CString::TrimRight(TCHAR chTarget)
{
    int n = m_nLength;
    while (n > 0 && m_pch[n - 1] == chTarget) {
        n--;
    }
    Truncate(n);
    return *this;
}

CString &CString::TrimRight(LPCTSTR pszTargets)
{
    int n = m_nLength;
    while (n > 0 && in_set(m_pch[n - 1], pszTargets)) {
        n--;
    }
    Truncate(n);
    return *this;
}

CString &CString::TrimLeft()
{
    int n = 0;
    while (n < m_nLength && is_space(m_pch[n])) {
        n++;
    }
    Delete(0, n);
    return *this;
}

CString &CString::TrimLeft(TCHAR chTarget)
{
    int n = 0;
    while (n < m_nLength && m_pch[n] == chTarget) {
        n++;
    }
    Delete(0, n);
    return *this;
}

CString &CString::TrimLeft(LPCTSTR pszTargets)
{
    int n = 0;
    while (n < m_nLength && in_set(m_pch[n], pszTargets)) {
        n++;
    }
    Delete(0, n);
    return *this;
}

CString &CString::Trim()
{
    return TrimRight().TrimLeft();
}

CString &CString::Trim(TCHAR chTarget)
{
    return TrimRight(chTarget).TrimLeft(chTarget);
}

CString &CString::Trim(LPCTSTR pszTargets)
{
    return TrimRight(pszTargets).TrimLeft(pszTargets);
}

int CString::Replace(TCHAR chOld, TCHAR chNew)
{
    int count = 0;
    if (chOld == chNew) {
        // Nothing changes, but MFC still counts the matches.
        for (int i = 0; i < m_nLength; i++) {
            count += m_pch[i] == chOld;
        }
        return count;
    }
    for (int i = 0; i < m_nLength; i++) {
        if (m_pch[i] == chOld) {
            m_pch[i] = chNew;
            count++;
        }
    }
    return count;
}

int CString::Replace(LPCTSTR pszOld, LPCTSTR pszNew)
{
    if (pszOld == NULL || *pszOld == '\0') {
        return 0;
    }
    if (pszNew == NULL) {
        pszNew = "";
    }
    size_t oldLen = strlen(pszOld);
    size_t newLen = strlen(pszNew);
    int count = 0;
    for (const char *p = m_pch; (p = strstr(p, pszOld)) != NULL; p += oldLen) {
        count++;
    }
    if (count == 0) {
        return 0;
    }
    // Build the result aside (pszOld/pszNew may point into us), then take it.
    CString out;
    long long total = (long long)m_nLength
                      + (long long)count * ((long long)newLen - (long long)oldLen);
    if (total > 0x7ffffffe) {
        AfxThrowMemoryException();
    }
    out.Reserve((int)total);
    const char *src = m_pch;
    char *dst = out.m_pch;
    for (const char *p; (p = strstr(src, pszOld)) != NULL; src = p + oldLen) {
        memcpy(dst, src, (size_t)(p - src));
        dst += p - src;
        memcpy(dst, pszNew, newLen);
        dst += newLen;
    }
    size_t rest = (size_t)(m_pch + m_nLength - src);
    memcpy(dst, src, rest);
    dst += rest;
    *dst = '\0';
    out.m_nLength = (int)(dst - out.m_pch);
    *this = out;
    return count;
}

int CString::Remove(TCHAR chRemove)
{
    int j = 0;
    for (int i = 0; i < m_nLength; i++) {
        if (m_pch[i] != chRemove) {
            m_pch[j++] = m_pch[i];
        }
    }
    int removed = m_nLength - j;
    if (removed) {
        m_nLength = j;
        m_pch[j] = '\0';
    }
    return removed;
}

int CString::Insert(int iIndex, TCHAR ch)
{
    char s[2] = { ch, '\0' };
    if (ch == '\0') {
        return m_nLength;
    }
    return Insert(iIndex, s);
}

int CString::Insert(int iIndex, LPCTSTR psz)
{
    if (iIndex < 0) {
        iIndex = 0;
    }
    if (iIndex > m_nLength) {
        iIndex = m_nLength;
    }
    if (psz == NULL || *psz == '\0') {
        return m_nLength;
    }
    if (inside(psz, m_pch, m_nLength)) {
        CString copy(psz);
        return Insert(iIndex, copy.m_pch);
    }
    int n = (int)strlen(psz);
    if (m_nLength > 0x7fffffff - n) {
        AfxThrowMemoryException();
    }
    Reserve(m_nLength + n);
    memmove(m_pch + iIndex + n, m_pch + iIndex, (size_t)(m_nLength - iIndex) + 1);
    memcpy(m_pch + iIndex, psz, (size_t)n);
    m_nLength += n;
    return m_nLength;
}

int CString::Delete(int iIndex, int nCount)
{
    if (iIndex < 0) {
        iIndex = 0;
    }
    if (nCount > 0 && iIndex < m_nLength) {
        if (nCount > m_nLength - iIndex) {
            nCount = m_nLength - iIndex;
        }
        memmove(m_pch + iIndex, m_pch + iIndex + nCount,
                (size_t)(m_nLength - iIndex - nCount) + 1);
        m_nLength -= nCount;
    }
    return m_nLength;
}

void CString::Truncate(int nNewLength)
{
    if (nNewLength < 0 || nNewLength > m_nLength) {
        AfxThrowInvalidArgException();
    }
    if (nNewLength < m_nLength) {
        m_nLength = nNewLength;
        m_pch[nNewLength] = '\0';
    }
}

// ---- the buffer ----

LPTSTR CString::GetBuffer()
{
    return GetBuffer(0);
}

LPTSTR CString::GetBuffer(int nMinBufLength)
{
    if (nMinBufLength < 0) {
        AfxThrowInvalidArgException();
    }
    // Always a buffer of our own, even for "", so the caller may write.
    Reserve(nMinBufLength > m_nLength ? nMinBufLength
                                      : (m_nLength ? m_nLength : 1));
    return m_pch;
}

LPTSTR CString::GetBufferSetLength(int nNewLength)
{
    GetBuffer(nNewLength);
    m_nLength = nNewLength;
    m_pch[nNewLength] = '\0';
    return m_pch;
}

void CString::ReleaseBuffer(int nNewLength)
{
    if (nNewLength == -1) {
        // Up to the first NUL, but never past what was allocated.
        nNewLength = m_nAlloc ? (int)strnlen(m_pch, (size_t)m_nAlloc) : 0;
    }
    if (nNewLength < 0 || nNewLength > (m_nAlloc ? m_nAlloc : 0)) {
        AfxThrowInvalidArgException();
    }
    m_nLength = nNewLength;
    if (m_nAlloc) {
        m_pch[nNewLength] = '\0';
    }
}

void CString::ReleaseBufferSetLength(int nNewLength)
{
    if (nNewLength < 0) {
        AfxThrowInvalidArgException();
    }
    ReleaseBuffer(nNewLength);
}

// Without reference counting a buffer is never shared, so locking it
// (which in MFC stops sharing) has nothing to do.
LPTSTR CString::LockBuffer()
{
    return GetBuffer(0);
}

void CString::UnlockBuffer()
{
}

void CString::FreeExtra()
{
    if (m_nAlloc > m_nLength) {
        if (m_nLength == 0) {
            Empty();
            return;
        }
        LPTSTR p = (LPTSTR)realloc(m_pch, (size_t)m_nLength + 1);
        if (p != NULL) {
            m_pch = p;
            m_nAlloc = m_nLength;
        }
    }
}

void CString::Preallocate(int nLength)
{
    Reserve(nLength);
}

// ---- resources ----

BOOL CString::LoadString(HINSTANCE hInstance, UINT nID)
{
    if (!::LoadStringA) {
        return FALSE;
    }
    // A STRINGTABLE string is at most 65535 characters; grow until the
    // string fits with room to spare, which says it was not cut short.
    for (int size = 256; size <= 65536; size *= 4) {
        CString buf;
        int n = ::LoadStringA(hInstance, nID, buf.GetBuffer(size), size + 1);
        if (n <= 0) {
            return FALSE;
        }
        if (n < size) {
            buf.ReleaseBuffer(n);
            *this = buf;
            return TRUE;
        }
    }
    return FALSE;
}

BOOL CString::LoadString(UINT nID)
{
    HINSTANCE h = AfxGetResourceHandle ? AfxGetResourceHandle() : NULL;
    return LoadString(h, nID);
}
