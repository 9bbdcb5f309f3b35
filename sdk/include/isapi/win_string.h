/**
 * @file isapi/win_string.h
 * @brief Windows string functions: lstr*, CharUpper/CharLower and the
 *        IsChar* tests, MultiByteToWideChar/WideCharToMultiByte, wsprintf
 *        and FormatMessage.
 *
 * The ANSI code page is Windows-1252, as on a Western-European or US
 * server: case mapping and character classes follow it, and GetACP()
 * says 1252.  The W functions work on 16-bit WCHAR (UTF-16) strings.
 */
#ifndef ISAPI_WIN_STRING_H
#define ISAPI_WIN_STRING_H

#include <stdarg.h>

#include "isapi/win_types.h"

/* windows.h's min/max.  C++ code has std::min/std::max, which macros
 * would break, so only C gets them (and not with NOMINMAX). */
#if !defined(__cplusplus) && !defined(NOMINMAX)
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

#ifndef TEXT
#define TEXT(s) s
#endif
#ifndef __TEXT
#define __TEXT(s) s
#endif

/* ---- Code pages ---- */
#define CP_ACP        0
#define CP_OEMCP      1
#define CP_MACCP      2
#define CP_THREAD_ACP 3
#define CP_SYMBOL     42
#define CP_UTF7       65000
#define CP_UTF8       65001

#define MB_PRECOMPOSED       0x00000001
#define MB_COMPOSITE         0x00000002
#define MB_USEGLYPHCHARS     0x00000004
#define MB_ERR_INVALID_CHARS 0x00000008

#define WC_COMPOSITECHECK    0x00000200
#define WC_DISCARDNS         0x00000010
#define WC_SEPCHARS          0x00000020
#define WC_DEFAULTCHAR       0x00000040
#define WC_ERR_INVALID_CHARS 0x00000080
#define WC_NO_BEST_FIT_CHARS 0x00000400

#define CP_INSTALLED 0x00000001
#define CP_SUPPORTED 0x00000002

/* ---- Languages (FormatMessage's dwLanguageId) ---- */
#ifndef MAKELANGID
#define MAKELANGID(p, s)  ((((WORD)(s)) << 10) | (WORD)(p))
#define PRIMARYLANGID(l)  ((WORD)(l) & 0x3ff)
#define SUBLANGID(l)      ((WORD)(l) >> 10)
#define LANG_NEUTRAL      0x00
#define LANG_INVARIANT    0x7f
#define LANG_ENGLISH      0x09
#define LANG_SYSTEM_DEFAULT 0x0800
#define LANG_USER_DEFAULT   0x0400
#define SUBLANG_NEUTRAL   0x00
#define SUBLANG_DEFAULT   0x01
#define SUBLANG_SYS_DEFAULT 0x02
#define SUBLANG_ENGLISH_US 0x01
#endif

/* ---- FormatMessage ---- */
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100
#define FORMAT_MESSAGE_IGNORE_INSERTS  0x00000200
#define FORMAT_MESSAGE_FROM_STRING     0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE    0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM     0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY  0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK  0x000000FF

#ifdef __cplusplus
extern "C" {
#endif

/* ---- lstr* ---- */
WINBASEAPI int   WINAPI lstrlenA(LPCSTR s);
WINBASEAPI LPSTR WINAPI lstrcpyA(LPSTR dest, LPCSTR src);
WINBASEAPI LPSTR WINAPI lstrcpynA(LPSTR dest, LPCSTR src, int n);
WINBASEAPI LPSTR WINAPI lstrcatA(LPSTR dest, LPCSTR src);
WINBASEAPI int   WINAPI lstrcmpA(LPCSTR a, LPCSTR b);
WINBASEAPI int   WINAPI lstrcmpiA(LPCSTR a, LPCSTR b);
WINBASEAPI int    WINAPI lstrlenW(LPCWSTR s);
WINBASEAPI LPWSTR WINAPI lstrcpyW(LPWSTR dest, LPCWSTR src);
WINBASEAPI LPWSTR WINAPI lstrcpynW(LPWSTR dest, LPCWSTR src, int n);
WINBASEAPI LPWSTR WINAPI lstrcatW(LPWSTR dest, LPCWSTR src);
WINBASEAPI int    WINAPI lstrcmpW(LPCWSTR a, LPCWSTR b);
WINBASEAPI int    WINAPI lstrcmpiW(LPCWSTR a, LPCWSTR b);
#define lstrlen  lstrlenA
#define lstrcpy  lstrcpyA
#define lstrcpyn lstrcpynA
#define lstrcat  lstrcatA
#define lstrcmp  lstrcmpA
#define lstrcmpi lstrcmpiA

/* ---- Characters (user32) ---- */
WINUSERAPI LPSTR WINAPI CharUpperA(LPSTR s);
WINUSERAPI LPSTR WINAPI CharLowerA(LPSTR s);
WINUSERAPI DWORD WINAPI CharUpperBuffA(LPSTR s, DWORD n);
WINUSERAPI DWORD WINAPI CharLowerBuffA(LPSTR s, DWORD n);
WINUSERAPI LPSTR WINAPI CharNextA(LPCSTR p);
WINUSERAPI LPSTR WINAPI CharPrevA(LPCSTR start, LPCSTR p);
WINUSERAPI BOOL  WINAPI IsCharAlphaA(CHAR c);
WINUSERAPI BOOL  WINAPI IsCharAlphaNumericA(CHAR c);
WINUSERAPI BOOL  WINAPI IsCharUpperA(CHAR c);
WINUSERAPI BOOL  WINAPI IsCharLowerA(CHAR c);
WINUSERAPI LPWSTR WINAPI CharUpperW(LPWSTR s);
WINUSERAPI LPWSTR WINAPI CharLowerW(LPWSTR s);
#define CharUpper          CharUpperA
#define CharLower          CharLowerA
#define CharUpperBuff      CharUpperBuffA
#define CharLowerBuff      CharLowerBuffA
#define CharNext           CharNextA
#define CharPrev           CharPrevA
#define IsCharAlpha        IsCharAlphaA
#define IsCharAlphaNumeric IsCharAlphaNumericA
#define IsCharUpper        IsCharUpperA
#define IsCharLower        IsCharLowerA

/* ---- Code pages (kernel32) ---- */
WINBASEAPI int WINAPI MultiByteToWideChar(UINT cp, DWORD flags, LPCSTR mb,
                                          int cbMultiByte, LPWSTR wide,
                                          int cchWideChar);
WINBASEAPI int WINAPI WideCharToMultiByte(UINT cp, DWORD flags, LPCWSTR wide,
                                          int cchWideChar, LPSTR mb,
                                          int cbMultiByte,
                                          LPCSTR lpDefaultChar,
                                          LPBOOL lpUsedDefaultChar);
WINBASEAPI UINT WINAPI GetACP(void);
WINBASEAPI UINT WINAPI GetOEMCP(void);
WINBASEAPI BOOL WINAPI IsValidCodePage(UINT cp);

/* ---- Formatting (user32) ---- */
WINUSERAPI int WINAPIV wsprintfA(LPSTR out, LPCSTR fmt, ...);
WINUSERAPI int WINAPI  wvsprintfA(LPSTR out, LPCSTR fmt, va_list ap);
#define wsprintf  wsprintfA
#define wvsprintf wvsprintfA

/* ---- FormatMessage (kernel32) ---- */
WINBASEAPI DWORD WINAPI FormatMessageA(DWORD flags, LPCVOID source,
                                       DWORD messageId, DWORD languageId,
                                       LPSTR buffer, DWORD size,
                                       va_list *args);
#define FormatMessage FormatMessageA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_STRING_H */
