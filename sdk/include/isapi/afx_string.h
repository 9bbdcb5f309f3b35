/**
 * @file isapi/afx_string.h
 * @brief MFC's CString for filters built with isapi-cc: the ANSI string
 *        class (TCHAR is char) with the members filter code uses and
 *        MFC's documented results.
 *
 * This is not MFC's reference-counted CStringT: a CString owns its own
 * buffer and copies on assignment, which gives the same observable
 * results.  An allocation that fails throws CMemoryException*, as MFC
 * does; an index out of range (GetAt, SetAt, operator[]) or a NULL
 * format throws CInvalidArgException*.  CStringA is CString; CStringW
 * (a string of WCHARs) is not supplied, but a CString takes a wide string
 * and converts it.  The code lives in libisapimfc.a
 * (sdk/mfc/string.cpp).
 */
#ifndef ISAPI_AFX_STRING_H
#define ISAPI_AFX_STRING_H

#ifndef __cplusplus
#error "isapi/afx_string.h: CString is C++; compile this file as C++"
#endif

#include <stdarg.h>

/* windows.h first: it may define LoadString as LoadStringA, and every
 * file must see CString::LoadString under the same name. */
#include <windows.h>

class CString;

/* Format's argument fix-up: everything passes unchanged but a CString,
 * which becomes its LPCTSTR, as MSVC's "..." delivers it.  Usable by any
 * printf-style wrapper (TRACE) that takes its arguments as a template. */
template <class T> inline const T &_AfxFormatArg(const T &v) { return v; }
inline LPCTSTR _AfxFormatArg(const CString &s);

class CString
{
public:
    CString();
    CString(const CString &src);
    /* A MAKEINTRESOURCE value loads that string resource, as in MFC. */
    CString(LPCTSTR psz);
    CString(const unsigned char *psz);
    CString(LPCTSTR pch, int nLength);
    CString(TCHAR ch, int nRepeat = 1);
    /* A wide string is converted to the ANSI code page (Windows-1252),
     * as MFC's CStringA does. */
    CString(LPCWSTR pwsz);
    ~CString();

    CString &operator=(const CString &src);
    CString &operator=(LPCTSTR psz);
    CString &operator=(const unsigned char *psz);
    CString &operator=(TCHAR ch);
    CString &operator=(LPCWSTR pwsz);
    CString &operator+=(const CString &src);
    CString &operator+=(LPCTSTR psz);
    CString &operator+=(TCHAR ch);

    /* Length and characters. */
    int GetLength() const { return m_nLength; }
    BOOL IsEmpty() const { return m_nLength == 0; }
    void Empty();
    TCHAR GetAt(int iChar) const;
    void SetAt(int iChar, TCHAR ch);
    TCHAR operator[](int iChar) const { return GetAt(iChar); }
    /* Unsigned and long indices too, so s[i] with a size_t or UINT is
     * not ambiguous with the built-in subscript through LPCTSTR. */
    TCHAR operator[](unsigned int iChar) const { return GetAt((int)iChar); }
    TCHAR operator[](long iChar) const { return GetAt((int)iChar); }
    TCHAR operator[](unsigned long iChar) const { return GetAt((int)iChar); }
    operator LPCTSTR() const { return m_pch; }
    LPCTSTR GetString() const { return m_pch; }
    void SetString(LPCTSTR psz);
    void SetString(LPCTSTR pch, int nLength);
    void Append(LPCTSTR psz);
    void Append(LPCTSTR pch, int nLength);
    void Append(const CString &src);
    void AppendChar(TCHAR ch);

    /* Comparison: Compare is strcmp, CompareNoCase _stricmp, Collate
     * strcoll; each returns <0, 0 or >0. */
    int Compare(LPCTSTR psz) const;
    int CompareNoCase(LPCTSTR psz) const;
    int Collate(LPCTSTR psz) const;
    int CollateNoCase(LPCTSTR psz) const;

    /* Formatting, with the SDK's MSVC printf (%I64d, %ws, ...).  These
     * are templates so that a CString argument (s.Format("%s", str)), which
     * MSVC passes as its character pointer, arrives as one: g++ would pass
     * it through "..." as the address of a copy.  FormatV takes a va_list,
     * where that cannot be mended: cast CStrings to LPCTSTR for it. */
    template <class... A> void Format(LPCTSTR pszFormat, const A &... args)
    {
        FormatArgs(pszFormat, _AfxFormatArg(args)...);
    }
    template <class... A> BOOL Format(UINT nFormatID, const A &... args)
    {
        return FormatIdArgs(nFormatID, _AfxFormatArg(args)...);
    }
    template <class... A> void AppendFormat(LPCTSTR pszFormat, const A &... args)
    {
        AppendFormatArgs(pszFormat, _AfxFormatArg(args)...);
    }
    void FormatV(LPCTSTR pszFormat, va_list args);
    void AppendFormatV(LPCTSTR pszFormat, va_list args);
    /* The C-style forms the templates call, after the arguments' fix-up. */
    void FormatArgs(LPCTSTR pszFormat, ...);
    BOOL FormatIdArgs(UINT nFormatID, ...);
    void AppendFormatArgs(LPCTSTR pszFormat, ...);

    /* Searching: a position, or -1 when there is none. */
    int Find(TCHAR ch, int iStart = 0) const;
    int Find(LPCTSTR pszSub, int iStart = 0) const;
    int ReverseFind(TCHAR ch) const;
    int FindOneOf(LPCTSTR pszCharSet) const;

    /* Extraction: counts past either end are clipped, never an error. */
    CString Mid(int iFirst) const;
    CString Mid(int iFirst, int nCount) const;
    CString Left(int nCount) const;
    CString Right(int nCount) const;
    CString SpanIncluding(LPCTSTR pszCharSet) const;
    CString SpanExcluding(LPCTSTR pszCharSet) const;
    CString Tokenize(LPCTSTR pszTokens, int &iStart) const;

    /* Changes in place; case follows Windows-1252 (CharUpperBuffA). */
    CString &MakeUpper();
    CString &MakeLower();
    CString &MakeReverse();
    CString &Trim();
    CString &Trim(TCHAR chTarget);
    CString &Trim(LPCTSTR pszTargets);
    CString &TrimLeft();
    CString &TrimLeft(TCHAR chTarget);
    CString &TrimLeft(LPCTSTR pszTargets);
    CString &TrimRight();
    CString &TrimRight(TCHAR chTarget);
    CString &TrimRight(LPCTSTR pszTargets);
    int Replace(TCHAR chOld, TCHAR chNew);
    int Replace(LPCTSTR pszOld, LPCTSTR pszNew);
    int Remove(TCHAR chRemove);
    int Insert(int iIndex, TCHAR ch);
    int Insert(int iIndex, LPCTSTR psz);
    int Delete(int iIndex, int nCount = 1);
    void Truncate(int nNewLength);

    /* Direct access to the buffer.  After writing, ReleaseBuffer sets
     * the length: -1 means up to the first NUL. */
    LPTSTR GetBuffer();
    LPTSTR GetBuffer(int nMinBufLength);
    LPTSTR GetBufferSetLength(int nNewLength);
    void ReleaseBuffer(int nNewLength = -1);
    void ReleaseBufferSetLength(int nNewLength);
    LPTSTR LockBuffer();
    void UnlockBuffer();
    void FreeExtra();
    void Preallocate(int nLength);
    int GetAllocLength() const { return m_nAlloc; }

    /* A STRINGTABLE string of the resource module (AfxGetResourceHandle). */
    BOOL LoadString(UINT nID);
    BOOL LoadString(HINSTANCE hInstance, UINT nID);

private:
    void Reserve(int nChars);      /* room for nChars plus the NUL */
    void Assign(LPCTSTR pch, int nLength);
    void AssignWide(LPCWSTR pwsz);

    LPTSTR m_pch;       /* never NULL: "" when nothing is allocated */
    int m_nLength;
    int m_nAlloc;       /* characters that fit, without the NUL; 0: static "" */
};

typedef CString CStringA;

inline LPCTSTR _AfxFormatArg(const CString &s)
{
    return s.GetString();
}

CString operator+(const CString &a, const CString &b);
CString operator+(const CString &a, LPCTSTR b);
CString operator+(LPCTSTR a, const CString &b);
CString operator+(const CString &a, TCHAR b);
CString operator+(TCHAR a, const CString &b);

inline bool operator==(const CString &a, const CString &b) { return a.Compare(b) == 0; }
inline bool operator==(const CString &a, LPCTSTR b) { return a.Compare(b) == 0; }
inline bool operator==(LPCTSTR a, const CString &b) { return b.Compare(a) == 0; }
inline bool operator==(const CString &a, TCHAR b) { return a.GetLength() == 1 && a.GetAt(0) == b; }
inline bool operator==(TCHAR a, const CString &b) { return b == a; }
inline bool operator!=(const CString &a, const CString &b) { return a.Compare(b) != 0; }
inline bool operator!=(const CString &a, LPCTSTR b) { return a.Compare(b) != 0; }
inline bool operator!=(LPCTSTR a, const CString &b) { return b.Compare(a) != 0; }
inline bool operator!=(const CString &a, TCHAR b) { return !(a == b); }
inline bool operator!=(TCHAR a, const CString &b) { return !(b == a); }
inline bool operator<(const CString &a, const CString &b) { return a.Compare(b) < 0; }
inline bool operator<(const CString &a, LPCTSTR b) { return a.Compare(b) < 0; }
inline bool operator<(LPCTSTR a, const CString &b) { return b.Compare(a) > 0; }
inline bool operator>(const CString &a, const CString &b) { return a.Compare(b) > 0; }
inline bool operator>(const CString &a, LPCTSTR b) { return a.Compare(b) > 0; }
inline bool operator>(LPCTSTR a, const CString &b) { return b.Compare(a) < 0; }
inline bool operator<=(const CString &a, const CString &b) { return a.Compare(b) <= 0; }
inline bool operator<=(const CString &a, LPCTSTR b) { return a.Compare(b) <= 0; }
inline bool operator<=(LPCTSTR a, const CString &b) { return b.Compare(a) >= 0; }
inline bool operator>=(const CString &a, const CString &b) { return a.Compare(b) >= 0; }
inline bool operator>=(const CString &a, LPCTSTR b) { return a.Compare(b) >= 0; }
inline bool operator>=(LPCTSTR a, const CString &b) { return b.Compare(a) <= 0; }

#endif /* ISAPI_AFX_STRING_H */
