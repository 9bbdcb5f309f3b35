/**
 * @file isapi/win_crt.h
 * @brief The part of the Microsoft C library (MSVCRT/UCRT) that IIS
 *        filters use and glibc lacks: _stricmp and friends, _itoa, the
 *        MSVC _snprintf, the bounds-checked "_s" functions and the
 *        invalid-parameter handler.
 *
 * windows.h includes it, and isapi-cc force-includes it before every
 * source, so it must come first safely, in C and in C++: it includes the
 * C headers it needs itself, and Windows code takes them for granted.
 *
 * The _s functions follow the documented MSVC error tables: an invalid
 * argument calls the invalid-parameter handler (by default one that logs
 * the function and the filter through the host's log), sets errno and
 * returns EINVAL/ERANGE with the documented effect on the destination.
 * Unlike MSVC's default handler, ours never ends the process.
 *
 * The MSVC printf family here (_snprintf, sprintf_s, ...) reads formats
 * the MSVC way: %ld/%lu/%lx take 32-bit values (long is 32 bits on
 * Windows), %I64d/%I32d/%Id are understood, %S/%ls/%ws print a 16-bit
 * WCHAR string and %p prints 16 upper-case hex digits.  Under isapi-cc
 * (a 16-bit wchar_t) the C library's printf, sprintf, snprintf and their
 * v/f forms are bound to the same engine, so a filter's "%ld" of a DWORD
 * prints as on Windows (snprintf keeps its C99 return value);
 * -DISAPI_NO_MSVC_PRINTF keeps glibc's.
 */
#ifndef ISAPI_WIN_CRT_H
#define ISAPI_WIN_CRT_H

/* With a 16-bit wchar_t (isapi-cc's -fshort-wchar, for Windows' UTF-16
 * L"..." strings), glibc's wide-string functions, which work on 32-bit
 * units, would read and write twice the memory they are given.  Their
 * names are bound here, before <wchar.h> declares them, to versions for
 * 16-bit units (sdk/runtime/wcs.c).  In C++ glibc binds wcschr, wcsrchr,
 * wcsstr and wcspbrk itself (its const overloads), so those four keep
 * glibc's and must not be used.  wprintf, fwprintf and swprintf are
 * rebound (through Windows-1252); wide stdio input and output (fgetws,
 * fputws) is not supported with a 16-bit wchar_t.  The printf family is
 * rebound too, below. */
#include <stddef.h>
#include <features.h>
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2 && \
    !defined(ISAPI_NO_WCS_REBIND)
#define ISAPI_SHORT_WCHAR 1
#ifdef __cplusplus
#define _ISAPI_WCS(name) __THROW __asm__("isapi_" #name)
extern "C" {
#else
#define _ISAPI_WCS(name) __asm__("isapi_" #name)
#endif
extern size_t wcslen(const wchar_t *s) _ISAPI_WCS(wcslen);
extern size_t wcsnlen(const wchar_t *s, size_t max) _ISAPI_WCS(wcsnlen);
extern wchar_t *wcscpy(wchar_t *d, const wchar_t *s) _ISAPI_WCS(wcscpy);
extern wchar_t *wcsncpy(wchar_t *d, const wchar_t *s, size_t n)
    _ISAPI_WCS(wcsncpy);
extern wchar_t *wcscat(wchar_t *d, const wchar_t *s) _ISAPI_WCS(wcscat);
extern wchar_t *wcsncat(wchar_t *d, const wchar_t *s, size_t n)
    _ISAPI_WCS(wcsncat);
extern int wcscmp(const wchar_t *a, const wchar_t *b) _ISAPI_WCS(wcscmp);
extern int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
    _ISAPI_WCS(wcsncmp);
extern size_t wcsspn(const wchar_t *s, const wchar_t *set) _ISAPI_WCS(wcsspn);
extern size_t wcscspn(const wchar_t *s, const wchar_t *set)
    _ISAPI_WCS(wcscspn);
extern wchar_t *wcsdup(const wchar_t *s) _ISAPI_WCS(wcsdup);
extern wchar_t *wmemcpy(wchar_t *d, const wchar_t *s, size_t n)
    _ISAPI_WCS(wmemcpy);
extern wchar_t *wmemmove(wchar_t *d, const wchar_t *s, size_t n)
    _ISAPI_WCS(wmemmove);
extern wchar_t *wmemset(wchar_t *d, wchar_t c, size_t n) _ISAPI_WCS(wmemset);
extern int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
    _ISAPI_WCS(wmemcmp);
extern long wcstol(const wchar_t *s, wchar_t **end, int base)
    _ISAPI_WCS(wcstol);
extern unsigned long wcstoul(const wchar_t *s, wchar_t **end, int base)
    _ISAPI_WCS(wcstoul);
extern size_t mbstowcs(wchar_t *d, const char *s, size_t n)
    _ISAPI_WCS(mbstowcs);
extern size_t wcstombs(char *d, const wchar_t *s, size_t n)
    _ISAPI_WCS(wcstombs);
#ifndef __cplusplus
extern wchar_t *wcschr(const wchar_t *s, wchar_t c) _ISAPI_WCS(wcschr);
extern wchar_t *wcsrchr(const wchar_t *s, wchar_t c) _ISAPI_WCS(wcsrchr);
extern wchar_t *wcsstr(const wchar_t *h, const wchar_t *n) _ISAPI_WCS(wcsstr);
extern wchar_t *wcspbrk(const wchar_t *s, const wchar_t *set)
    _ISAPI_WCS(wcspbrk);
#else
}
#endif
/* The printf family reads formats the MSVC way (%I64d, %ld of a DWORD,
 * %S of a WCHAR string), as the filter's author expected; C99 otherwise
 * (snprintf terminates and returns the length needed). */
#ifndef ISAPI_NO_MSVC_PRINTF
#ifdef __cplusplus
#define _ISAPI_WCSNL(name) __THROW __asm__("isapi_" #name)
#define _ISAPI_STDIO(name) __asm__("isapi_" #name)
extern "C" {
#else
#define _ISAPI_WCSNL(name) __asm__("isapi_" #name)
#define _ISAPI_STDIO(name) __asm__("isapi_" #name)
#endif
#include <bits/types/FILE.h>
extern int printf(const char *fmt, ...) _ISAPI_STDIO(printf);
extern int fprintf(FILE *f, const char *fmt, ...)
    _ISAPI_STDIO(fprintf);
extern int vprintf(const char *fmt, __builtin_va_list ap)
    _ISAPI_STDIO(vprintf);
extern int vfprintf(FILE *f, const char *fmt,
                    __builtin_va_list ap) _ISAPI_STDIO(vfprintf);
extern int sprintf(char *buf, const char *fmt, ...) _ISAPI_WCSNL(sprintf);
extern int vsprintf(char *buf, const char *fmt, __builtin_va_list ap)
    _ISAPI_WCSNL(vsprintf);
extern int snprintf(char *buf, size_t n, const char *fmt, ...)
    _ISAPI_WCSNL(snprintf);
extern int vsnprintf(char *buf, size_t n, const char *fmt,
                     __builtin_va_list ap) _ISAPI_WCSNL(vsnprintf);
/* The wide forms, through Windows-1252 (a character it lacks prints as
 * '?'); %s and %c are WCHAR in them, as in MSVC's. */
extern int swprintf(wchar_t *buf, size_t n, const wchar_t *fmt, ...)
    _ISAPI_WCS(swprintf);
extern int vswprintf(wchar_t *buf, size_t n, const wchar_t *fmt,
                     __builtin_va_list ap) _ISAPI_WCS(vswprintf);
extern int wprintf(const wchar_t *fmt, ...) _ISAPI_STDIO(wprintf);
extern int fwprintf(FILE *f, const wchar_t *fmt, ...) _ISAPI_STDIO(fwprintf);
extern int vwprintf(const wchar_t *fmt, __builtin_va_list ap)
    _ISAPI_STDIO(vwprintf);
extern int vfwprintf(FILE *f, const wchar_t *fmt, __builtin_va_list ap)
    _ISAPI_STDIO(vfwprintf);
#ifdef __cplusplus
}
#endif
#undef _ISAPI_WCSNL
#undef _ISAPI_STDIO
#endif
#undef _ISAPI_WCS
/* _FORTIFY_SOURCE's inline wrappers of these (wcscpy -> __wcscpy_chk,
 * mbstowcs, wmemcpy) call glibc's 32-bit versions: <wchar.h> and
 * <stdlib.h> are read without them.  Fortification of everything else
 * stays as the build asked. */
#pragma push_macro("__USE_FORTIFY_LEVEL")
#undef __USE_FORTIFY_LEVEL
#define __USE_FORTIFY_LEVEL 0
#include <wchar.h>
#include <stdlib.h>
#include <stdio.h>
#pragma pop_macro("__USE_FORTIFY_LEVEL")
#endif

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

/* Forced into every source, even those that never include windows.h, so
 * this header brings no Windows types and no min/max of its own (those
 * come with windows.h, isapi/win_string.h).  The two macros it needs are
 * spelled exactly as isapi/win_types.h spells them, so either may come
 * first. */
#ifndef __cdecl
#define __cdecl
#endif
#ifndef WINBASEAPI
#define WINBASEAPI __attribute__((visibility("default")))
#endif
#ifndef ISAPI_CRTAPI
#define ISAPI_CRTAPI WINBASEAPI
#endif

#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif

/* MSVC's errno value for "copied, but truncated" (_TRUNCATE results). */
#ifndef STRUNCATE
#define STRUNCATE 80
#endif
#define _TRUNCATE ((size_t)-1)
#ifndef RSIZE_MAX
#define RSIZE_MAX (SIZE_MAX >> 1)
#endif
/* _stricmp's result when it cannot compare. */
#define _NLSCMPERROR 2147483647

#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define _ARRAYSIZE(a) _countof(a)

#define _MAX_PATH   260
#define _MAX_DRIVE  3
#define _MAX_DIR    256
#define _MAX_FNAME  256
#define _MAX_EXT    256
#define _MAX_ENV    32767
#define _MAX_ITOSTR_BASE10_COUNT   12
#define _MAX_LTOSTR_BASE10_COUNT   12
#define _MAX_I64TOSTR_BASE10_COUNT 21
#define _MAX_U64TOSTR_BASE10_COUNT 21
#define _CVTBUFSIZE 349

#ifndef __min
#define __min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef __max
#define __max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifdef __cplusplus
extern "C" {
#endif

/* ---- The invalid-parameter handler ----
 * MSVC's release library passes NULL for the expression, function and
 * file and 0 for the line; so does this one. */
typedef void (__cdecl *_invalid_parameter_handler)(const wchar_t *expression,
    const wchar_t *function, const wchar_t *file, unsigned int line,
    uintptr_t reserved);
ISAPI_CRTAPI _invalid_parameter_handler __cdecl
    _set_invalid_parameter_handler(_invalid_parameter_handler handler);
ISAPI_CRTAPI _invalid_parameter_handler __cdecl
    _get_invalid_parameter_handler(void);
ISAPI_CRTAPI void __cdecl _invalid_parameter_noinfo(void);

/* ---- Comparison and case (C locale, as MSVC's in the "C" locale) ---- */
ISAPI_CRTAPI int __cdecl _stricmp(const char *a, const char *b);
ISAPI_CRTAPI int __cdecl _strnicmp(const char *a, const char *b, size_t n);
ISAPI_CRTAPI int __cdecl _strcmpi(const char *a, const char *b);
ISAPI_CRTAPI int __cdecl _memicmp(const void *a, const void *b, size_t n);
ISAPI_CRTAPI char * __cdecl _strlwr(char *s);
ISAPI_CRTAPI char * __cdecl _strupr(char *s);
ISAPI_CRTAPI char * __cdecl _strrev(char *s);
ISAPI_CRTAPI char * __cdecl _strset(char *s, int c);
ISAPI_CRTAPI char * __cdecl _strnset(char *s, int c, size_t n);
ISAPI_CRTAPI char * __cdecl _strdup(const char *s);
#define stricmp   _stricmp
#define strnicmp  _strnicmp
#define strcmpi   _strcmpi
#define memicmp   _memicmp
#define strlwr    _strlwr
#define strupr    _strupr
#define strrev    _strrev
#define _stricoll _stricmp
#define _strcoll  strcoll

/* ---- Numbers and strings ----
 * long is 32 bits on Windows: _ltoa/_ultoa convert the low 32 bits. */
ISAPI_CRTAPI char * __cdecl _itoa(int value, char *buf, int radix);
ISAPI_CRTAPI char * __cdecl _ltoa(long value, char *buf, int radix);
ISAPI_CRTAPI char * __cdecl _ultoa(unsigned long value, char *buf, int radix);
ISAPI_CRTAPI char * __cdecl _i64toa(long long value, char *buf, int radix);
ISAPI_CRTAPI char * __cdecl _ui64toa(unsigned long long value, char *buf,
                                     int radix);
ISAPI_CRTAPI long long __cdecl _atoi64(const char *s);
ISAPI_CRTAPI long long __cdecl _strtoi64(const char *s, char **end, int base);
ISAPI_CRTAPI unsigned long long __cdecl _strtoui64(const char *s, char **end,
                                                   int base);
#define itoa  _itoa
#define ltoa  _ltoa
#define ultoa _ultoa
#define _atoll(s) atoll(s)
#define _strtoll  strtoll
#define _strtoull strtoull

/* ---- MSVC printf: no NUL when the output fills or overflows count, and
 * -1 on overflow. ---- */
ISAPI_CRTAPI int __cdecl _snprintf(char *buf, size_t count,
                                   const char *fmt, ...);
ISAPI_CRTAPI int __cdecl _vsnprintf(char *buf, size_t count,
                                    const char *fmt, va_list ap);
/* The length the output would have, without the NUL. */
ISAPI_CRTAPI int __cdecl _scprintf(const char *fmt, ...);
ISAPI_CRTAPI int __cdecl _vscprintf(const char *fmt, va_list ap);

/* ---- The bounds-checked functions ---- */
ISAPI_CRTAPI int __cdecl sprintf_s(char *buf, size_t size,
                                   const char *fmt, ...);
ISAPI_CRTAPI int __cdecl vsprintf_s(char *buf, size_t size,
                                    const char *fmt, va_list ap);
ISAPI_CRTAPI int __cdecl _snprintf_s(char *buf, size_t size, size_t count,
                                     const char *fmt, ...);
ISAPI_CRTAPI int __cdecl _vsnprintf_s(char *buf, size_t size, size_t count,
                                      const char *fmt, va_list ap);
ISAPI_CRTAPI errno_t __cdecl strcpy_s(char *dest, rsize_t size,
                                      const char *src);
ISAPI_CRTAPI errno_t __cdecl strncpy_s(char *dest, rsize_t size,
                                       const char *src, rsize_t count);
ISAPI_CRTAPI errno_t __cdecl strcat_s(char *dest, rsize_t size,
                                      const char *src);
ISAPI_CRTAPI errno_t __cdecl strncat_s(char *dest, rsize_t size,
                                       const char *src, rsize_t count);
ISAPI_CRTAPI char * __cdecl strtok_s(char *str, const char *delim,
                                     char **context);
ISAPI_CRTAPI errno_t __cdecl memcpy_s(void *dest, rsize_t size,
                                      const void *src, rsize_t count);
ISAPI_CRTAPI errno_t __cdecl memmove_s(void *dest, rsize_t size,
                                       const void *src, rsize_t count);
ISAPI_CRTAPI errno_t __cdecl _itoa_s(int value, char *buf, size_t size,
                                     int radix);
ISAPI_CRTAPI errno_t __cdecl _ltoa_s(long value, char *buf, size_t size,
                                     int radix);
ISAPI_CRTAPI errno_t __cdecl _ultoa_s(unsigned long value, char *buf,
                                      size_t size, int radix);
ISAPI_CRTAPI errno_t __cdecl _i64toa_s(long long value, char *buf,
                                       size_t size, int radix);
ISAPI_CRTAPI errno_t __cdecl _ui64toa_s(unsigned long long value, char *buf,
                                        size_t size, int radix);
ISAPI_CRTAPI errno_t __cdecl _strlwr_s(char *s, size_t size);
ISAPI_CRTAPI errno_t __cdecl _strupr_s(char *s, size_t size);
ISAPI_CRTAPI errno_t __cdecl _strdup_s(char **out, const char *s);
ISAPI_CRTAPI errno_t __cdecl _dupenv_s(char **out, size_t *len,
                                       const char *name);
ISAPI_CRTAPI errno_t __cdecl getenv_s(size_t *len, char *buf, rsize_t size,
                                      const char *name);
ISAPI_CRTAPI errno_t __cdecl fopen_s(FILE **fp, const char *name,
                                     const char *mode);
ISAPI_CRTAPI errno_t __cdecl _strerror_s(char *buf, size_t size,
                                         const char *prefix);
ISAPI_CRTAPI errno_t __cdecl strerror_s(char *buf, size_t size, int err);

/* ---- Paths: Windows syntax ("C:\\dir\\name.ext"; '/' also separates) ---- */
ISAPI_CRTAPI void __cdecl _splitpath(const char *path, char *drive, char *dir,
                                     char *fname, char *ext);
ISAPI_CRTAPI errno_t __cdecl _splitpath_s(const char *path,
    char *drive, size_t driveSize, char *dir, size_t dirSize,
    char *fname, size_t fnameSize, char *ext, size_t extSize);
ISAPI_CRTAPI void __cdecl _makepath(char *path, const char *drive,
                                    const char *dir, const char *fname,
                                    const char *ext);
ISAPI_CRTAPI errno_t __cdecl _makepath_s(char *path, size_t size,
    const char *drive, const char *dir, const char *fname, const char *ext);

#ifdef ISAPI_SHORT_WCHAR
/* ---- MSVC's wide-string functions (16-bit wchar_t builds) ---- */
ISAPI_CRTAPI int __cdecl _wcsicmp(const wchar_t *a, const wchar_t *b);
ISAPI_CRTAPI int __cdecl _wcsnicmp(const wchar_t *a, const wchar_t *b,
                                   size_t n);
ISAPI_CRTAPI wchar_t * __cdecl _wcsdup(const wchar_t *s);
ISAPI_CRTAPI wchar_t * __cdecl _wcslwr(wchar_t *s);
ISAPI_CRTAPI wchar_t * __cdecl _wcsupr(wchar_t *s);
ISAPI_CRTAPI int __cdecl _wtoi(const wchar_t *s);
ISAPI_CRTAPI long __cdecl _wtol(const wchar_t *s);
ISAPI_CRTAPI long long __cdecl _wtoi64(const wchar_t *s);
ISAPI_CRTAPI wchar_t * __cdecl _itow(int value, wchar_t *buf, int radix);
ISAPI_CRTAPI errno_t __cdecl wcscpy_s(wchar_t *d, rsize_t size,
                                      const wchar_t *s);
ISAPI_CRTAPI errno_t __cdecl wcscat_s(wchar_t *d, rsize_t size,
                                      const wchar_t *s);
ISAPI_CRTAPI errno_t __cdecl wcsncpy_s(wchar_t *d, rsize_t size,
                                       const wchar_t *s, rsize_t count);
ISAPI_CRTAPI int __cdecl _snwprintf(wchar_t *buf, size_t count,
                                    const wchar_t *fmt, ...);
ISAPI_CRTAPI int __cdecl _vsnwprintf(wchar_t *buf, size_t count,
                                     const wchar_t *fmt, va_list ap);
ISAPI_CRTAPI int __cdecl swprintf_s(wchar_t *buf, size_t size,
                                    const wchar_t *fmt, ...);
ISAPI_CRTAPI int __cdecl vswprintf_s(wchar_t *buf, size_t size,
                                     const wchar_t *fmt, va_list ap);
#define wcsicmp  _wcsicmp
#define wcsnicmp _wcsnicmp
#define _wcsicoll _wcsicmp
#endif

/* strnlen_s: 0 for NULL, at most size.  (Written out: strict -std=c99
 * builds have no strnlen.) */
static inline size_t strnlen_s(const char *s, size_t size)
{
    size_t n = 0;

    if (!s) {
        return 0;
    }
    while (n < size && s[n]) {
        n++;
    }
    return n;
}

#ifdef __cplusplus
} /* extern "C" */

/* MSVC's C++ overloads of the _s functions: with an array destination the
 * size argument is left out and taken from the array. */
extern "C++" {
template <size_t N> inline errno_t strcpy_s(char (&d)[N], const char *s)
{ return strcpy_s(d, N, s); }
template <size_t N> inline errno_t strcat_s(char (&d)[N], const char *s)
{ return strcat_s(d, N, s); }
template <size_t N> inline errno_t strncpy_s(char (&d)[N], const char *s,
                                             size_t c)
{ return strncpy_s(d, N, s, c); }
template <size_t N> inline errno_t strncat_s(char (&d)[N], const char *s,
                                             size_t c)
{ return strncat_s(d, N, s, c); }
template <size_t N> inline int vsprintf_s(char (&d)[N], const char *f,
                                          va_list ap)
{ return vsprintf_s(d, N, f, ap); }
template <size_t N> inline int sprintf_s(char (&d)[N], const char *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = vsprintf_s(d, N, f, ap);
    va_end(ap);
    return r;
}
template <size_t N> inline int _vsnprintf_s(char (&d)[N], size_t c,
                                            const char *f, va_list ap)
{ return _vsnprintf_s(d, N, c, f, ap); }
template <size_t N> inline int _snprintf_s(char (&d)[N], size_t c,
                                           const char *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = _vsnprintf_s(d, N, c, f, ap);
    va_end(ap);
    return r;
}
template <size_t N> inline errno_t _itoa_s(int v, char (&d)[N], int radix)
{ return _itoa_s(v, d, N, radix); }
template <size_t N> inline errno_t _ltoa_s(long v, char (&d)[N], int radix)
{ return _ltoa_s(v, d, N, radix); }
template <size_t N> inline errno_t _ultoa_s(unsigned long v, char (&d)[N],
                                            int radix)
{ return _ultoa_s(v, d, N, radix); }
template <size_t N> inline errno_t _strlwr_s(char (&d)[N])
{ return _strlwr_s(d, N); }
template <size_t N> inline errno_t _strupr_s(char (&d)[N])
{ return _strupr_s(d, N); }
template <size_t N> inline errno_t _makepath_s(char (&d)[N], const char *drive,
    const char *dir, const char *fname, const char *ext)
{ return _makepath_s(d, N, drive, dir, fname, ext); }
template <size_t A, size_t B, size_t C, size_t D>
inline errno_t _splitpath_s(const char *path, char (&drive)[A],
    char (&dir)[B], char (&fname)[C], char (&ext)[D])
{ return _splitpath_s(path, drive, A, dir, B, fname, C, ext, D); }
#ifdef ISAPI_SHORT_WCHAR
template <size_t N> inline errno_t wcscpy_s(wchar_t (&d)[N], const wchar_t *s)
{ return wcscpy_s(d, N, s); }
template <size_t N> inline errno_t wcscat_s(wchar_t (&d)[N], const wchar_t *s)
{ return wcscat_s(d, N, s); }
template <size_t N> inline int swprintf_s(wchar_t (&d)[N],
                                          const wchar_t *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = vswprintf_s(d, N, f, ap);
    va_end(ap);
    return r;
}
template <size_t N> inline errno_t wcsncpy_s(wchar_t (&d)[N],
                                             const wchar_t *s, size_t c)
{ return wcsncpy_s(d, N, s, c); }
#endif
template <size_t N> inline errno_t getenv_s(size_t *len, char (&d)[N],
                                            const char *name)
{ return getenv_s(len, d, N, name); }
template <size_t N> inline errno_t strerror_s(char (&d)[N], int err)
{ return strerror_s(d, N, err); }
} /* extern "C++" */
#endif /* __cplusplus */

#endif /* ISAPI_WIN_CRT_H */
