/*
 * wcs.c: the C library's wide-string functions for 16-bit wchar_t.
 *
 * isapi-cc compiles filters with -fshort-wchar so that L"..." is UTF-16
 * as on Windows; glibc's wcslen, wcscpy, mbstowcs... still work on 32-bit
 * units, and would read and write twice the memory a filter gave them.
 * isapi/win_crt.h therefore binds those names, in filters built with a
 * 16-bit wchar_t, to the isapi_ functions here (asm labels), and declares
 * MSVC's own wide functions (_wcsicmp, wcscpy_s, _wtoi...).  This file is
 * built without -fshort-wchar, so it spells the type WCHAR; the exports
 * are marked here since the header declares them only for 16-bit
 * wchar_t builds.
 */
#include "isw_text.h"

#include <stdlib.h>

#define EXPORT WINBASEAPI
#define CALLER __builtin_return_address(0)
#define INVALID(err) (isw_crt_invalid(__func__, CALLER, (err)), (err))

/* ---- Standard names (bound by asm label) ---- */

EXPORT size_t isapi_wcslen(const WCHAR *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}

EXPORT size_t isapi_wcsnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n]) {
        n++;
    }
    return n;
}

EXPORT WCHAR *isapi_wcscpy(WCHAR *d, const WCHAR *s)
{
    memmove(d, s, (isapi_wcslen(s) + 1) * sizeof(WCHAR));
    return d;
}

EXPORT WCHAR *isapi_wcsncpy(WCHAR *d, const WCHAR *s, size_t n)
{
    size_t k = isapi_wcsnlen(s, n);

    memmove(d, s, k * sizeof(WCHAR));
    for (; k < n; k++) {
        d[k] = 0;                      /* pads with NULs, as strncpy */
    }
    return d;
}

EXPORT WCHAR *isapi_wcscat(WCHAR *d, const WCHAR *s)
{
    isapi_wcscpy(d + isapi_wcslen(d), s);
    return d;
}

EXPORT WCHAR *isapi_wcsncat(WCHAR *d, const WCHAR *s, size_t n)
{
    WCHAR *e = d + isapi_wcslen(d);
    size_t k = isapi_wcsnlen(s, n);

    memmove(e, s, k * sizeof(WCHAR));
    e[k] = 0;
    return d;
}

EXPORT int isapi_wcscmp(const WCHAR *a, const WCHAR *b)
{
    for (; *a && *a == *b; a++, b++) {
    }
    return (int)*a - (int)*b;
}

EXPORT int isapi_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a) {
            return (int)*a - (int)*b;
        }
    }
    return 0;
}

EXPORT WCHAR *isapi_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c) {
            return (WCHAR *)s;
        }
        if (!*s) {
            return NULL;
        }
    }
}

EXPORT WCHAR *isapi_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *last = NULL;

    for (;; s++) {
        if (*s == c) {
            last = s;
        }
        if (!*s) {
            return (WCHAR *)last;
        }
    }
}

EXPORT WCHAR *isapi_wcsstr(const WCHAR *h, const WCHAR *n)
{
    size_t k = isapi_wcslen(n);

    for (; *h; h++) {
        if (isapi_wcsncmp(h, n, k) == 0) {
            return (WCHAR *)h;
        }
    }
    return k ? NULL : (WCHAR *)h;
}

EXPORT WCHAR *isapi_wcspbrk(const WCHAR *s, const WCHAR *set)
{
    for (; *s; s++) {
        if (isapi_wcschr(set, *s)) {
            return (WCHAR *)s;
        }
    }
    return NULL;
}

EXPORT size_t isapi_wcsspn(const WCHAR *s, const WCHAR *set)
{
    size_t n = 0;

    while (s[n] && isapi_wcschr(set, s[n])) {
        n++;
    }
    return n;
}

EXPORT size_t isapi_wcscspn(const WCHAR *s, const WCHAR *set)
{
    size_t n = 0;

    while (s[n] && !isapi_wcschr(set, s[n])) {
        n++;
    }
    return n;
}

EXPORT WCHAR *isapi_wcsdup(const WCHAR *s)
{
    size_t n;
    WCHAR *d;

    if (!s) {
        return NULL;
    }
    n = (isapi_wcslen(s) + 1) * sizeof(WCHAR);
    d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

EXPORT WCHAR *isapi_wmemcpy(WCHAR *d, const WCHAR *s, size_t n)
{
    return memcpy(d, s, n * sizeof(WCHAR));
}

EXPORT WCHAR *isapi_wmemmove(WCHAR *d, const WCHAR *s, size_t n)
{
    return memmove(d, s, n * sizeof(WCHAR));
}

EXPORT WCHAR *isapi_wmemset(WCHAR *d, WCHAR c, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        d[i] = c;
    }
    return d;
}

EXPORT int isapi_wmemcmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b) {
            return *a < *b ? -1 : 1;
        }
    }
    return 0;
}

/* Numbers: the ASCII digits of a WCHAR string, converted as strtoll; the
 * result is a Windows long (32 bits), clamped with ERANGE as MSVC's. */
static long long wide_to_ll(const WCHAR *s, WCHAR **end, int base,
                            int is_unsigned)
{
    char buf[80];
    char *e;
    size_t i = 0, lead = 0;
    long long v;

    while (s[lead] == ' ' || (s[lead] >= 9 && s[lead] <= 13)) {
        lead++;
    }
    while (i < sizeof(buf) - 1 && s[lead + i] && s[lead + i] < 0x80) {
        buf[i] = (char)s[lead + i];
        i++;
    }
    buf[i] = '\0';
    errno = 0;
    v = is_unsigned ? (long long)strtoull(buf, &e, base)
                    : strtoll(buf, &e, base);
    if (end) {
        *end = (WCHAR *)(e == buf ? s : s + lead + (size_t)(e - buf));
    }
    return v;
}

EXPORT long isapi_wcstol(const WCHAR *s, WCHAR **end, int base)
{
    long long v = wide_to_ll(s, end, base, 0);

    if (v > INT32_MAX || (errno == ERANGE && v > 0)) {
        errno = ERANGE;
        return INT32_MAX;
    }
    if (v < INT32_MIN || (errno == ERANGE && v < 0)) {
        errno = ERANGE;
        return INT32_MIN;
    }
    return (long)v;
}

EXPORT unsigned long isapi_wcstoul(const WCHAR *s, WCHAR **end, int base)
{
    long long v = wide_to_ll(s, end, base, 1);
    unsigned long long u = (unsigned long long)v;

    /* strtoul negates a "-n" into the unsigned range; keep 32 bits. */
    if (errno == ERANGE || (u > UINT32_MAX && v >= 0)) {
        errno = ERANGE;
        return UINT32_MAX;
    }
    return (unsigned long)(uint32_t)u;
}

/* mbstowcs/wcstombs in MSVC's "C" locale: each byte is the character
 * of the same value (U+0000..U+00FF); a character above U+00FF cannot
 * be converted ((size_t)-1, EILSEQ). */
EXPORT size_t isapi_mbstowcs(WCHAR *d, const char *s, size_t n)
{
    size_t len = strlen(s), i;

    if (!d) {
        return len;
    }
    for (i = 0; i < n && i <= len; i++) {
        d[i] = (unsigned char)s[i];
    }
    return len < n ? len : n;
}

EXPORT size_t isapi_wcstombs(char *d, const WCHAR *s, size_t n)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        if (s[i] > 0xff) {
            errno = EILSEQ;
            return (size_t)-1;
        }
    }
    if (!d) {
        return i;
    }
    for (i = 0; i < n; i++) {
        d[i] = (char)s[i];
        if (!s[i]) {
            return i;
        }
    }
    return n;
}

/* ---- MSVC's wide functions ---- */

static WCHAR wfold(WCHAR c)
{
    return c >= 'A' && c <= 'Z' ? (WCHAR)(c - 'A' + 'a') : c;
}

EXPORT int _wcsicmp(const WCHAR *a, const WCHAR *b)
{
    if (!a || !b) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return _NLSCMPERROR;
    }
    for (;; a++, b++) {
        int d = (int)wfold(*a) - (int)wfold(*b);
        if (d || !*a) {
            return d;
        }
    }
}

EXPORT int _wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    if (n == 0) {
        return 0;
    }
    if (!a || !b) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return _NLSCMPERROR;
    }
    for (; n; n--, a++, b++) {
        int d = (int)wfold(*a) - (int)wfold(*b);
        if (d || !*a) {
            return d;
        }
    }
    return 0;
}

EXPORT WCHAR *_wcsdup(const WCHAR *s)
{
    return isapi_wcsdup(s);
}

EXPORT WCHAR *_wcslwr(WCHAR *s)
{
    return isw_ascii_case(s, sizeof(WCHAR), 0, __func__, CALLER);
}

EXPORT WCHAR *_wcsupr(WCHAR *s)
{
    return isw_ascii_case(s, sizeof(WCHAR), 1, __func__, CALLER);
}

EXPORT int _wtoi(const WCHAR *s)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return 0;
    }
    return (int)isapi_wcstol(s, NULL, 10);
}

EXPORT long _wtol(const WCHAR *s)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return 0;
    }
    return isapi_wcstol(s, NULL, 10);
}

EXPORT long long _wtoi64(const WCHAR *s)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return 0;
    }
    return wide_to_ll(s, NULL, 10, 0);
}

EXPORT WCHAR *_itow(int value, WCHAR *buf, int radix)
{
    char tmp[40];
    size_t i;

    if (!buf) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return NULL;
    }
    _itoa(value, tmp, radix);
    for (i = 0; i == 0 || tmp[i - 1]; i++) {
        buf[i] = (unsigned char)tmp[i];
    }
    return buf;
}

EXPORT errno_t wcscpy_s(WCHAR *d, rsize_t size, const WCHAR *s)
{
    size_t n;

    if (!d) {
        return INVALID(EINVAL);
    }
    if (!s) {
        if (size) {
            d[0] = 0;
        }
        return INVALID(EINVAL);
    }
    n = isapi_wcsnlen(s, size);
    if (n == size) {
        if (size) {
            d[0] = 0;
        }
        return INVALID(ERANGE);
    }
    memmove(d, s, (n + 1) * sizeof(WCHAR));
    return 0;
}

EXPORT errno_t wcscat_s(WCHAR *d, rsize_t size, const WCHAR *s)
{
    size_t dl, n;

    if (!d || size == 0) {
        return INVALID(EINVAL);
    }
    if (!s) {
        d[0] = 0;
        return INVALID(EINVAL);
    }
    dl = isapi_wcsnlen(d, size);
    if (dl == size) {
        d[0] = 0;
        return INVALID(EINVAL);
    }
    n = isapi_wcslen(s);
    if (n >= size - dl) {
        d[0] = 0;
        return INVALID(ERANGE);
    }
    memmove(d + dl, s, (n + 1) * sizeof(WCHAR));
    return 0;
}

EXPORT errno_t wcsncpy_s(WCHAR *d, rsize_t size, const WCHAR *s,
                         rsize_t count)
{
    size_t n;

    if (!d) {
        return size == 0 && count == 0 ? 0 : INVALID(EINVAL);
    }
    if (size == 0) {
        return INVALID(EINVAL);
    }
    if (count == 0) {
        d[0] = 0;
        return 0;
    }
    if (!s) {
        d[0] = 0;
        return INVALID(EINVAL);
    }
    n = isapi_wcsnlen(s, count == _TRUNCATE ? size : count);
    if (n >= size) {
        if (count == _TRUNCATE) {
            memmove(d, s, (size - 1) * sizeof(WCHAR));
            d[size - 1] = 0;
            return STRUNCATE;
        }
        d[0] = 0;
        return INVALID(ERANGE);
    }
    memmove(d, s, n * sizeof(WCHAR));
    d[n] = 0;
    return 0;
}
