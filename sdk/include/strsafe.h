/**
 * @file strsafe.h
 * @brief The safe string functions of Microsoft's strsafe.h (ANSI):
 *        StringCch* take sizes in characters, StringCb* in bytes.
 *
 * Header-only, as Microsoft's is.  Every function NUL-terminates the
 * destination whenever it has room for one; a result that does not fit
 * is truncated and the call returns STRSAFE_E_INSUFFICIENT_BUFFER; a
 * size of 0 or above STRSAFE_MAX_CCH, a NULL destination, or a
 * destination without a NUL where one is needed returns
 * STRSAFE_E_INVALID_PARAMETER.  The Cb forms call the Cch forms (with
 * char, a byte is a character).  A NULL source is taken as "" (the Ex
 * forms' STRSAFE_IGNORE_NULLS, always on here) rather than crashing.
 * The printf forms format as MSVC's _vsnprintf does (isapi/win_crt.h).
 */
#ifndef ISAPI_STRSAFE_H
#define ISAPI_STRSAFE_H

#include "isapi/win_types.h"
#include "isapi/win_crt.h"

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER   ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE         ((HRESULT)0x80070026L)

#define STRSAFE_IGNORE_NULLS     0x00000100
#define STRSAFE_FILL_BEHIND_NULL 0x00000200
#define STRSAFE_FILL_ON_FAILURE  0x00000400
#define STRSAFE_NULL_ON_FAILURE  0x00000800
#define STRSAFE_NO_TRUNCATION    0x00001000
#define STRSAFE_FILL_BYTE(x)     ((unsigned long)(((x) & 0xFF) | STRSAFE_FILL_BEHIND_NULL))

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;

#ifndef _STRSAFE_INLINE
#define _STRSAFE_INLINE static inline
#endif

/* ---- Core (character counts) ---- */

_STRSAFE_INLINE HRESULT StringCchCopyNA(char *dest, size_t cch,
                                        const char *src, size_t cchSrc)
{
    size_t i = 0;

    if (!dest || cch == 0 || cch > STRSAFE_MAX_CCH) {
        if (dest && cch && cch <= STRSAFE_MAX_CCH) {
            dest[0] = '\0';
        }
        return STRSAFE_E_INVALID_PARAMETER;
    }
    if (cchSrc > STRSAFE_MAX_CCH) {
        dest[0] = '\0';
        return STRSAFE_E_INVALID_PARAMETER;
    }
    if (!src) {
        src = "";
    }
    while (i < cchSrc && src[i]) {
        if (i == cch - 1) {
            dest[i] = '\0';
            return STRSAFE_E_INSUFFICIENT_BUFFER;
        }
        dest[i] = src[i];
        i++;
    }
    dest[i] = '\0';
    return S_OK;
}

_STRSAFE_INLINE HRESULT StringCchCopyA(char *dest, size_t cch,
                                       const char *src)
{
    return StringCchCopyNA(dest, cch, src, STRSAFE_MAX_CCH);
}

_STRSAFE_INLINE HRESULT StringCchLengthA(const char *s, size_t cchMax,
                                         size_t *pcch)
{
    size_t n;

    if (!s || cchMax > STRSAFE_MAX_CCH) {
        if (pcch) {
            *pcch = 0;
        }
        return STRSAFE_E_INVALID_PARAMETER;
    }
    n = strnlen_s(s, cchMax);
    if (n == cchMax) {
        if (pcch) {
            *pcch = 0;
        }
        return STRSAFE_E_INVALID_PARAMETER;   /* no NUL within cchMax */
    }
    if (pcch) {
        *pcch = n;
    }
    return S_OK;
}

_STRSAFE_INLINE HRESULT StringCchCatNA(char *dest, size_t cch,
                                       const char *src, size_t cchSrc)
{
    size_t len;

    if (!dest || cch == 0 || cch > STRSAFE_MAX_CCH) {
        return STRSAFE_E_INVALID_PARAMETER;
    }
    if (FAILED(StringCchLengthA(dest, cch, &len))) {
        return STRSAFE_E_INVALID_PARAMETER;
    }
    return StringCchCopyNA(dest + len, cch - len, src, cchSrc);
}

_STRSAFE_INLINE HRESULT StringCchCatA(char *dest, size_t cch,
                                      const char *src)
{
    return StringCchCatNA(dest, cch, src, STRSAFE_MAX_CCH);
}

_STRSAFE_INLINE HRESULT StringCchVPrintfA(char *dest, size_t cch,
                                          const char *fmt, va_list ap)
{
    int n;

    if (!dest || cch == 0 || cch > STRSAFE_MAX_CCH) {
        if (dest && cch && cch <= STRSAFE_MAX_CCH) {
            dest[0] = '\0';
        }
        return STRSAFE_E_INVALID_PARAMETER;
    }
    if (!fmt) {
        dest[0] = '\0';
        return STRSAFE_E_INVALID_PARAMETER;
    }
    /* One less than the buffer: the last character is the NUL's. */
    n = _vsnprintf(dest, cch - 1, fmt, ap);
    dest[cch - 1] = '\0';
    if (n < 0 || (size_t)n > cch - 1) {
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    return S_OK;
}

_STRSAFE_INLINE HRESULT StringCchPrintfA(char *dest, size_t cch,
                                         const char *fmt, ...)
{
    va_list ap;
    HRESULT hr;

    va_start(ap, fmt);
    hr = StringCchVPrintfA(dest, cch, fmt, ap);
    va_end(ap);
    return hr;
}

/* ---- Ex forms: where the string ends and how much room is left ---- */

_STRSAFE_INLINE HRESULT StringCchExFinishA(HRESULT hr, char *dest,
                                           size_t cch, char **end,
                                           size_t *remaining,
                                           unsigned long flags)
{
    size_t len = 0;

    if (dest && cch && cch <= STRSAFE_MAX_CCH) {
        if (FAILED(hr) && (flags & (STRSAFE_NULL_ON_FAILURE |
                                    STRSAFE_NO_TRUNCATION))) {
            dest[0] = '\0';
        }
        len = strnlen_s(dest, cch);
        if (len == cch) {
            len = cch - 1;
        }
        if (flags & STRSAFE_FILL_BEHIND_NULL) {
            memset(dest + len + 1, (int)(flags & 0xFF), cch - len - 1);
        }
    }
    if (end) {
        *end = dest ? dest + len : dest;
    }
    if (remaining) {
        *remaining = dest && cch <= STRSAFE_MAX_CCH ? cch - len : 0;
    }
    return hr;
}

_STRSAFE_INLINE HRESULT StringCchCopyExA(char *dest, size_t cch,
                                         const char *src, char **end,
                                         size_t *remaining,
                                         unsigned long flags)
{
    return StringCchExFinishA(StringCchCopyA(dest, cch, src), dest, cch,
                              end, remaining, flags);
}

_STRSAFE_INLINE HRESULT StringCchCatExA(char *dest, size_t cch,
                                        const char *src, char **end,
                                        size_t *remaining,
                                        unsigned long flags)
{
    return StringCchExFinishA(StringCchCatA(dest, cch, src), dest, cch,
                              end, remaining, flags);
}

_STRSAFE_INLINE HRESULT StringCchVPrintfExA(char *dest, size_t cch,
                                            char **end, size_t *remaining,
                                            unsigned long flags,
                                            const char *fmt, va_list ap)
{
    return StringCchExFinishA(StringCchVPrintfA(dest, cch, fmt, ap), dest,
                              cch, end, remaining, flags);
}

_STRSAFE_INLINE HRESULT StringCchPrintfExA(char *dest, size_t cch,
                                           char **end, size_t *remaining,
                                           unsigned long flags,
                                           const char *fmt, ...)
{
    va_list ap;
    HRESULT hr;

    va_start(ap, fmt);
    hr = StringCchVPrintfExA(dest, cch, end, remaining, flags, fmt, ap);
    va_end(ap);
    return hr;
}

/* ---- Byte counts: a char is a byte ---- */

_STRSAFE_INLINE HRESULT StringCbCopyA(char *dest, size_t cb, const char *src)
{
    return StringCchCopyA(dest, cb, src);
}

_STRSAFE_INLINE HRESULT StringCbCopyNA(char *dest, size_t cb,
                                       const char *src, size_t cbSrc)
{
    return StringCchCopyNA(dest, cb, src, cbSrc);
}

_STRSAFE_INLINE HRESULT StringCbCatA(char *dest, size_t cb, const char *src)
{
    return StringCchCatA(dest, cb, src);
}

_STRSAFE_INLINE HRESULT StringCbCatNA(char *dest, size_t cb,
                                      const char *src, size_t cbSrc)
{
    return StringCchCatNA(dest, cb, src, cbSrc);
}

_STRSAFE_INLINE HRESULT StringCbVPrintfA(char *dest, size_t cb,
                                         const char *fmt, va_list ap)
{
    return StringCchVPrintfA(dest, cb, fmt, ap);
}

_STRSAFE_INLINE HRESULT StringCbPrintfA(char *dest, size_t cb,
                                        const char *fmt, ...)
{
    va_list ap;
    HRESULT hr;

    va_start(ap, fmt);
    hr = StringCchVPrintfA(dest, cb, fmt, ap);
    va_end(ap);
    return hr;
}

_STRSAFE_INLINE HRESULT StringCbLengthA(const char *s, size_t cbMax,
                                        size_t *pcb)
{
    return StringCchLengthA(s, cbMax, pcb);
}

_STRSAFE_INLINE HRESULT StringCbCopyExA(char *dest, size_t cb,
                                        const char *src, char **end,
                                        size_t *remaining,
                                        unsigned long flags)
{
    return StringCchCopyExA(dest, cb, src, end, remaining, flags);
}

_STRSAFE_INLINE HRESULT StringCbCatExA(char *dest, size_t cb,
                                       const char *src, char **end,
                                       size_t *remaining,
                                       unsigned long flags)
{
    return StringCchCatExA(dest, cb, src, end, remaining, flags);
}

/* ---- The unsuffixed names (ANSI builds) ---- */
#define StringCchCopy      StringCchCopyA
#define StringCchCopyN     StringCchCopyNA
#define StringCchCopyEx    StringCchCopyExA
#define StringCchCat       StringCchCatA
#define StringCchCatN      StringCchCatNA
#define StringCchCatEx     StringCchCatExA
#define StringCchPrintf    StringCchPrintfA
#define StringCchPrintfEx  StringCchPrintfExA
#define StringCchVPrintf   StringCchVPrintfA
#define StringCchVPrintfEx StringCchVPrintfExA
#define StringCchLength    StringCchLengthA
#define StringCbCopy       StringCbCopyA
#define StringCbCopyN      StringCbCopyNA
#define StringCbCopyEx     StringCbCopyExA
#define StringCbCat        StringCbCatA
#define StringCbCatN       StringCbCatNA
#define StringCbCatEx      StringCbCatExA
#define StringCbPrintf     StringCbPrintfA
#define StringCbVPrintf    StringCbVPrintfA
#define StringCbLength     StringCbLengthA

#endif /* ISAPI_STRSAFE_H */
