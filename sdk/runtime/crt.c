/*
 * crt.c: the Microsoft C library functions glibc lacks (case-insensitive
 * comparison, _strlwr, _itoa and the other number conversions, and the
 * MSVC _snprintf).  The bounds-checked "_s" functions are in crt_s.c.
 *
 * They behave as MSVC's in the "C" locale: case folds only A-Z, and a
 * NULL argument reaches the invalid-parameter handler instead of
 * crashing.
 */
#include "isw_text.h"

#include <stdlib.h>

#define CALLER __builtin_return_address(0)

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int icmp(const char *a, const char *b, size_t n, const char *func,
                const void *caller)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    if (!a || !b) {
        isw_crt_invalid(func, caller, EINVAL);
        return _NLSCMPERROR;
    }
    for (; n; n--, x++, y++) {
        int d = fold(*x) - fold(*y);
        if (d || !*x) {
            return d;
        }
    }
    return 0;
}

int __cdecl _stricmp(const char *a, const char *b)
{
    return icmp(a, b, SIZE_MAX, __func__, CALLER);
}

int __cdecl _strcmpi(const char *a, const char *b)
{
    return icmp(a, b, SIZE_MAX, __func__, CALLER);
}

int __cdecl _strnicmp(const char *a, const char *b, size_t n)
{
    if (n == 0) {
        return 0;
    }
    return icmp(a, b, n, __func__, CALLER);
}

int __cdecl _memicmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    if (n && (!a || !b)) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return _NLSCMPERROR;
    }
    for (; n; n--, x++, y++) {
        int d = fold(*x) - fold(*y);
        if (d) {
            return d;
        }
    }
    return 0;
}

void *isw_ascii_case(void *s, size_t width, int upper, const char *func,
                     const void *caller)
{
    unsigned char *b = s;
    WCHAR *w = s;
    size_t i;

    if (!s) {
        isw_crt_invalid(func, caller, EINVAL);
        return NULL;
    }
    for (i = 0; ; i++) {
        unsigned c = width == 1 ? b[i] : w[i];

        if (!c) {
            break;
        }
        if (upper ? c >= 'a' && c <= 'z' : c >= 'A' && c <= 'Z') {
            c ^= 0x20;               /* 'a' - 'A' */
            if (width == 1) {
                b[i] = (unsigned char)c;
            }
            else {
                w[i] = (WCHAR)c;
            }
        }
    }
    return s;
}

char * __cdecl _strlwr(char *s)
{
    return isw_ascii_case(s, 1, 0, __func__, CALLER);
}

char * __cdecl _strupr(char *s)
{
    return isw_ascii_case(s, 1, 1, __func__, CALLER);
}

char * __cdecl _strrev(char *s)
{
    size_t i, j;

    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return NULL;
    }
    for (i = 0, j = strlen(s); j > i + 1; i++, j--) {
        char t = s[i];
        s[i] = s[j - 1];
        s[j - 1] = t;
    }
    return s;
}

char * __cdecl _strset(char *s, int c)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return NULL;
    }
    memset(s, c, strlen(s));
    return s;
}

char * __cdecl _strnset(char *s, int c, size_t n)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return NULL;
    }
    memset(s, c, strnlen(s, n));
    return s;
}

char * __cdecl _strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- Numbers ----
 * The unchecked forms trust the buffer as MSVC's do (33 bytes hold any
 * 32-bit value in radix 2, 65 any 64-bit one). */

size_t isw_utoa(unsigned long long mag, int neg, unsigned radix, char *out)
{
    char tmp[72];
    size_t n = 0, i = 0;

    do {
        tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[mag % radix];
        mag /= radix;
    } while (mag);
    if (neg) {
        out[i++] = '-';
    }
    while (n) {
        out[i++] = tmp[--n];
    }
    out[i] = '\0';
    return i;
}

static char *xtoa(unsigned long long mag, int neg, char *buf, int radix,
                  const char *func, const void *caller)
{
    if (!buf || radix < 2 || radix > 36) {
        if (buf) {
            buf[0] = '\0';
        }
        isw_crt_invalid(func, caller, EINVAL);
        return buf;
    }
    isw_utoa(mag, neg, (unsigned)radix, buf);
    return buf;
}

char * __cdecl _itoa(int value, char *buf, int radix)
{
    int neg = radix == 10 && value < 0;
    return xtoa(neg ? 0ULL - (long long)value : (unsigned int)value, neg,
                buf, radix, __func__, CALLER);
}

/* long is 32 bits on Windows: only the low 32 bits are a Windows long. */
char * __cdecl _ltoa(long value, char *buf, int radix)
{
    int32_t v = (int32_t)value;
    int neg = radix == 10 && v < 0;
    return xtoa(neg ? 0ULL - (long long)v : (uint32_t)v, neg, buf, radix,
                __func__, CALLER);
}

char * __cdecl _ultoa(unsigned long value, char *buf, int radix)
{
    return xtoa((uint32_t)value, 0, buf, radix, __func__, CALLER);
}

char * __cdecl _i64toa(long long value, char *buf, int radix)
{
    int neg = radix == 10 && value < 0;
    return xtoa(neg ? 0ULL - (unsigned long long)value
                    : (unsigned long long)value, neg, buf, radix,
                __func__, CALLER);
}

char * __cdecl _ui64toa(unsigned long long value, char *buf, int radix)
{
    return xtoa(value, 0, buf, radix, __func__, CALLER);
}

long long __cdecl _atoi64(const char *s)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return 0;
    }
    return strtoll(s, NULL, 10);
}

long long __cdecl _strtoi64(const char *s, char **end, int base)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return 0;
    }
    return strtoll(s, end, base);
}

unsigned long long __cdecl _strtoui64(const char *s, char **end, int base)
{
    if (!s) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return 0;
    }
    return strtoull(s, end, base);
}

/* ---- _snprintf ----
 * count characters at most; a NUL only when the output is shorter than
 * count; -1 when it does not fit. */

static int vsnp(char *buf, size_t count, const char *fmt, va_list ap,
                const char *func, const void *caller)
{
    int n;

    if (!fmt || (!buf && count)) {
        isw_crt_invalid(func, caller, EINVAL);
        return -1;
    }
    /* One more than count: the engine's NUL may then land at buf[count],
     * so format into a copy when the output might reach it. */
    n = isw_vformat_ap(NULL, 0, fmt, ap, ISW_FMT_CRT, caller);
    if (n < 0) {
        return -1;
    }
    if (count == 0) {
        /* _snprintf(NULL, 0, ...) measures the output. */
        return !buf ? n : n == 0 ? 0 : -1;
    }
    if ((size_t)n < count) {
        isw_vformat_ap(buf, count, fmt, ap, ISW_FMT_CRT, caller);
    }
    else {
        char *tmp = malloc((size_t)n + 1);
        if (!tmp) {
            errno = ENOMEM;
            return -1;
        }
        isw_vformat_ap(tmp, (size_t)n + 1, fmt, ap, ISW_FMT_CRT, caller);
        memcpy(buf, tmp, count);
        free(tmp);
    }
    return (size_t)n <= count ? n : -1;
}

int __cdecl _vsnprintf(char *buf, size_t count, const char *fmt, va_list ap)
{
    return vsnp(buf, count, fmt, ap, __func__, CALLER);
}

int __cdecl _snprintf(char *buf, size_t count, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnp(buf, count, fmt, ap, __func__, CALLER);
    va_end(ap);
    return n;
}

/* The length fmt's output would have; func names the entry point. */
static int vscp(const char *fmt, va_list ap, const char *func,
                const void *caller)
{
    if (!fmt) {
        isw_crt_invalid(func, caller, EINVAL);
        return -1;
    }
    return isw_vformat_ap(NULL, 0, fmt, ap, ISW_FMT_CRT, caller);
}

int __cdecl _vscprintf(const char *fmt, va_list ap)
{
    return vscp(fmt, ap, __func__, CALLER);
}

int __cdecl _scprintf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vscp(fmt, ap, __func__, CALLER);
    va_end(ap);
    return n;
}
