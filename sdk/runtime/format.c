/*
 * format.c: one printf engine that reads formats the way Microsoft's
 * libraries do, and wsprintfA/wvsprintfA on top of it.
 *
 * Windows code is written for LLP64: %ld and %lu take 32-bit LONG and
 * DWORD values, 64-bit values are printed with %I64d, and %S/%ls/%ws
 * take 16-bit WCHAR strings.  glibc's printf would read a 64-bit long for
 * %ld, refuse %I64d and read 32-bit wchar_t strings, so filters' formats
 * go through this engine instead (integers, strings and characters here;
 * floating point is handed to snprintf one conversion at a time).
 */
#include "isw_text.h"

#include <stdlib.h>

/* Where output goes: at most cap-1 characters, then a NUL. */
typedef struct sink {
    char *buf;
    size_t cap;
    size_t len;          /* the whole output's length, stored or not */
} sink;

static void put(sink *s, const char *p, size_t n)
{
    if (s->cap && s->len < s->cap - 1) {
        size_t room = s->cap - 1 - s->len;
        memcpy(s->buf + s->len, p, n < room ? n : room);
    }
    s->len += n;
}

static void pad(sink *s, char c, long n)
{
    char blk[32];

    memset(blk, c, sizeof(blk));
    while (n > 0) {
        size_t k = n > (long)sizeof(blk) ? sizeof(blk) : (size_t)n;
        put(s, blk, k);
        n -= (long)k;
    }
}

/* ---- Arguments ---- */

static uintptr_t arg_word(isw_args *a)
{
    if (a->ap) {
        return va_arg(*a->ap, uintptr_t);
    }
    return a->next < a->n ? a->arr[a->next++] : 0;
}

static int arg_int(isw_args *a)
{
    if (a->ap) {
        return va_arg(*a->ap, int);
    }
    return (int)arg_word(a);
}

static long long arg_ll(isw_args *a)
{
    if (a->ap) {
        return va_arg(*a->ap, long long);
    }
    return (long long)arg_word(a);
}

static void *arg_ptr(isw_args *a)
{
    if (a->ap) {
        return va_arg(*a->ap, void *);
    }
    return (void *)arg_word(a);
}

/* ---- Conversions ---- */

typedef struct spec {
    int left, plus, space, alt, zero;
    long width;          /* -1: none */
    long prec;           /* -1: none */
    int size;            /* see SZ_* */
} spec;

enum { SZ_INT, SZ_CHAR, SZ_SHORT, SZ_LONG32, SZ_64, SZ_PTR, SZ_WIDE,
       SZ_LONGDOUBLE };

static void emit_padded(sink *s, const spec *sp, const char *pre,
                        size_t npre, long zeros, const char *body,
                        size_t nbody)
{
    long total = (long)npre + zeros + (long)nbody;
    long fill = sp->width > total ? sp->width - total : 0;

    if (!sp->left) {
        pad(s, ' ', fill);
    }
    put(s, pre, npre);
    pad(s, '0', zeros);
    put(s, body, nbody);
    if (sp->left) {
        pad(s, ' ', fill);
    }
}

static void emit_int(sink *s, const spec *sp, unsigned long long mag,
                     int neg, int base, int upper, int is_signed)
{
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[72], pre[4];
    size_t n = 0, npre = 0;
    long zeros = 0;

    while (mag) {
        buf[sizeof(buf) - 1 - n++] = dig[mag % (unsigned)base];
        mag /= (unsigned)base;
    }
    if (is_signed) {
        if (neg) {
            pre[npre++] = '-';
        }
        else if (sp->plus) {
            pre[npre++] = '+';
        }
        else if (sp->space) {
            pre[npre++] = ' ';
        }
    }
    if (sp->alt && n) {
        if (base == 16) {
            pre[npre++] = '0';
            pre[npre++] = upper ? 'X' : 'x';
        }
        else if (base == 8) {
            pre[npre++] = '0';
        }
    }
    if (sp->prec >= 0) {
        zeros = sp->prec > (long)n ? sp->prec - (long)n : 0;
    }
    else {
        if (n == 0) {
            zeros = 1;             /* zero prints as "0" */
        }
        if (sp->zero && !sp->left && sp->width > (long)(npre + n + zeros)) {
            zeros = sp->width - (long)(npre + n);
        }
    }
    emit_padded(s, sp, pre, npre, zeros, buf + sizeof(buf) - n, n);
}

static void emit_str(sink *s, const spec *sp, const char *str)
{
    size_t n;

    if (!str) {
        str = "(null)";
    }
    n = sp->prec >= 0 ? strnlen(str, (size_t)sp->prec) : strlen(str);
    emit_padded(s, sp, "", 0, 0, str, n);
}

static void emit_wstr(sink *s, const spec *sp, const WCHAR *w)
{
    size_t n = 0, i;
    long fill;

    if (!w) {
        emit_str(s, sp, NULL);
        return;
    }
    while (w[n] && (sp->prec < 0 || (long)n < sp->prec)) {
        n++;
    }
    fill = sp->width > (long)n ? sp->width - (long)n : 0;
    if (!sp->left) {
        pad(s, ' ', fill);
    }
    for (i = 0; i < n; i++) {
        int b = isw_wc_to_cp1252(w[i]);
        char c = (char)(b < 0 ? '?' : b);
        put(s, &c, 1);
    }
    if (sp->left) {
        pad(s, ' ', fill);
    }
}

static void emit_float(sink *s, const spec *sp, char conv, isw_args *a)
{
    char f[48], small[128], *out = small;
    int n;
    size_t k = 0;
    long double ld = 0;
    double d = 0;

    f[k++] = '%';
    if (sp->left)  f[k++] = '-';
    if (sp->plus)  f[k++] = '+';
    if (sp->space) f[k++] = ' ';
    if (sp->alt)   f[k++] = '#';
    if (sp->zero)  f[k++] = '0';
    k += (size_t)snprintf(f + k, sizeof(f) - k, "%s", "*.*");
    if (sp->size == SZ_LONGDOUBLE) {
        f[k++] = 'L';
    }
    f[k++] = conv;
    f[k] = '\0';
    if (sp->size == SZ_LONGDOUBLE && a->ap) {
        ld = va_arg(*a->ap, long double);
    }
    else if (a->ap) {
        d = va_arg(*a->ap, double);
    }
    else {
        uintptr_t w = arg_word(a);    /* FormatMessage: no floats */
        memcpy(&d, &w, sizeof(d));
    }
#define ISW_FMT_FLOAT(buf, len) (sp->size == SZ_LONGDOUBLE && a->ap \
    ? snprintf(buf, len, f, (int)sp->width, (int)sp->prec, ld) \
    : snprintf(buf, len, f, (int)sp->width, (int)sp->prec, d))
    n = ISW_FMT_FLOAT(small, sizeof(small));
    if (n >= (int)sizeof(small)) {
        out = malloc((size_t)n + 1);
        if (!out) {
            return;
        }
        ISW_FMT_FLOAT(out, (size_t)n + 1);
    }
#undef ISW_FMT_FLOAT
    if (n > 0) {
        put(s, out, (size_t)n);
    }
    if (out != small) {
        free(out);
    }
}

/* The size prefix at *pp: h, hh, l, ll, L, I, I32, I64, w, z, j, t. */
static int parse_size(const char **pp)
{
    const char *p = *pp;
    int size = SZ_INT;

    switch (*p) {
    case 'h':
        size = SZ_SHORT;
        if (p[1] == 'h') {
            size = SZ_CHAR;
            p++;
        }
        p++;
        break;
    case 'l':
        size = SZ_LONG32;
        if (p[1] == 'l') {
            size = SZ_64;
            p++;
        }
        p++;
        break;
    case 'L':
        size = SZ_LONGDOUBLE;
        p++;
        break;
    case 'w':
        size = SZ_WIDE;
        p++;
        break;
    case 'z': case 'j': case 't':
        size = SZ_PTR;
        p++;
        break;
    case 'q':
        size = SZ_64;
        p++;
        break;
    case 'I':
        if (p[1] == '6' && p[2] == '4') {
            size = SZ_64;
            p += 3;
        }
        else if (p[1] == '3' && p[2] == '2') {
            size = SZ_LONG32;
            p += 3;
        }
        else {
            size = SZ_PTR;
            p++;
        }
        break;
    }
    *pp = p;
    return size;
}

int isw_vformat(char *out, size_t cap, const char *fmt, isw_args *args,
                int mode, const void *caller)
{
    sink s = { out, cap, 0 };
    const char *p = fmt;

    while (*p) {
        const char *start = p;
        spec sp = { 0, 0, 0, 0, 0, -1, -1, SZ_INT };
        char conv;

        if (*p != '%') {
            while (*p && *p != '%') {
                p++;
            }
            put(&s, start, (size_t)(p - start));
            continue;
        }
        p++;
        for (;; p++) {
            if (*p == '-')      sp.left = 1;
            else if (*p == '+') sp.plus = 1;
            else if (*p == ' ') sp.space = 1;
            else if (*p == '#') sp.alt = 1;
            else if (*p == '0') sp.zero = 1;
            else break;
        }
        if (*p == '*' && mode != ISW_FMT_WSPRINTF) {
            sp.width = arg_int(args);
            if (sp.width < 0) {
                sp.left = 1;
                sp.width = -sp.width;
            }
            p++;
        }
        else if (*p >= '0' && *p <= '9') {
            sp.width = strtol(p, (char **)&p, 10);
        }
        if (*p == '.') {
            p++;
            if (*p == '*' && mode != ISW_FMT_WSPRINTF) {
                sp.prec = arg_int(args);
                if (sp.prec < 0) {
                    sp.prec = -1;
                }
                p++;
            }
            else {
                sp.prec = strtol(p, (char **)&p, 10);
            }
        }
        sp.size = parse_size(&p);
        /* wsprintf: a precision of 0, or none after the period, is 1. */
        if (mode == ISW_FMT_WSPRINTF && sp.prec == 0) {
            sp.prec = 1;
        }
        conv = *p;
        if (!conv) {
            break;
        }
        p++;
        switch (conv) {
        case 'd': case 'i': {
            long long v;
            if (sp.size == SZ_64 || sp.size == SZ_PTR) {
                v = arg_ll(args);
            }
            else {
                v = arg_int(args);
                if (sp.size == SZ_SHORT) v = (short)v;
                else if (sp.size == SZ_CHAR) v = (signed char)v;
            }
            emit_int(&s, &sp, v < 0 ? 0ULL - (unsigned long long)v
                                    : (unsigned long long)v,
                     v < 0, 10, 0, 1);
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            unsigned long long v;
            if (sp.size == SZ_64 || sp.size == SZ_PTR) {
                v = (unsigned long long)arg_ll(args);
            }
            else {
                v = (unsigned int)arg_int(args);
                if (sp.size == SZ_SHORT) v = (unsigned short)v;
                else if (sp.size == SZ_CHAR) v = (unsigned char)v;
            }
            emit_int(&s, &sp, v, 0, conv == 'u' ? 10 : conv == 'o' ? 8 : 16,
                     conv == 'X', 0);
            break;
        }
        case 'p': {
            /* Windows prints a pointer as all its hex digits, upper case
             * and without 0x. */
            spec pp = sp;
            pp.prec = (long)(2 * sizeof(void *));
            pp.alt = 0;
            emit_int(&s, &pp, (uintptr_t)arg_ptr(args), 0, 16, 1, 0);
            break;
        }
        case 'c': case 'C': {
            /* In a wide format %c and %C swap meanings, as %s and %S. */
            int upper = (conv == 'C') != (mode == ISW_FMT_WIDE);
            int wide = upper ? sp.size != SZ_SHORT
                             : (sp.size == SZ_LONG32 || sp.size == SZ_WIDE);
            int v = arg_int(args);
            char c;
            if (wide) {
                int b = isw_wc_to_cp1252((WCHAR)v);
                c = (char)(b < 0 ? '?' : b);
            }
            else {
                c = (char)v;
            }
            if (mode == ISW_FMT_WSPRINTF && c == '\0') {
                break;              /* wsprintf ignores a zero character */
            }
            sp.prec = -1;
            emit_padded(&s, &sp, "", 0, 0, &c, 1);
            break;
        }
        case 's': case 'S': {
            int upper = (conv == 'S') != (mode == ISW_FMT_WIDE);
            int wide = upper ? sp.size != SZ_SHORT
                             : (sp.size == SZ_LONG32 || sp.size == SZ_WIDE);
            void *v = arg_ptr(args);
            if (wide) {
                emit_wstr(&s, &sp, (const WCHAR *)v);
            }
            else {
                emit_str(&s, &sp, (const char *)v);
            }
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        case 'a': case 'A':
            if (mode == ISW_FMT_WSPRINTF) {
                put(&s, &conv, 1);   /* wsprintf has no floating point */
            }
            else {
                emit_float(&s, &sp, conv, args);
            }
            break;
        case 'n':
            /* MSVC refuses %n (it is off unless a program turns it on). */
            if (mode != ISW_FMT_WSPRINTF) {
                isw_crt_invalid("printf %n", caller, EINVAL);
                if (cap) {
                    out[0] = '\0';
                }
                return -1;
            }
            put(&s, &conv, 1);
            break;
        default:
            /* "%%", and any character without a meaning as a format
             * field, stands for itself. */
            put(&s, &conv, 1);
            break;
        }
    }
    if (cap) {
        out[s.len < cap ? s.len : cap - 1] = '\0';
    }
    return s.len > INT_MAX ? INT_MAX : (int)s.len;
}

int isw_vformat_ap(char *out, size_t cap, const char *fmt, va_list ap,
                   int mode, const void *caller)
{
    va_list cp;
    isw_args a;
    int n;

    va_copy(cp, ap);
    a.ap = &cp;
    n = isw_vformat(out, cap, fmt, &a, mode, caller);
    va_end(cp);
    return n;
}

/* ---- wsprintf ---- */

/* wsprintf writes at most 1024 characters, the NUL included. */
#define WSPRINTF_MAX 1024

static int vwsprintf(LPSTR out, LPCSTR fmt, va_list ap, const void *caller)
{
    int n;

    if (!out || !fmt) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return -1;
    }
    n = isw_vformat_ap(out, WSPRINTF_MAX, fmt, ap, ISW_FMT_WSPRINTF, caller);
    return n < WSPRINTF_MAX ? n : WSPRINTF_MAX - 1;
}

int WINAPIV wvsprintfA(LPSTR out, LPCSTR fmt, va_list ap)
{
    return vwsprintf(out, fmt, ap, __builtin_return_address(0));
}

int WINAPIV wsprintfA(LPSTR out, LPCSTR fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vwsprintf(out, fmt, ap, __builtin_return_address(0));
    va_end(ap);
    return n;
}

/* ---- The C library's printf, the MSVC way ----
 * isapi/win_crt.h binds printf, sprintf, snprintf and their v/f forms in
 * filters to these, so that a filter's "%I64d" or "%ld" of a DWORD prints
 * as on Windows.  They are C99's otherwise: snprintf always terminates
 * and returns the length the output needs, as MSVC 2015's does. */

#define EXPORT WINBASEAPI

EXPORT int isapi_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    return isw_vformat_ap(buf, buf ? n : 0, fmt, ap, ISW_FMT_CRT,
                          __builtin_return_address(0));
}

EXPORT int isapi_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = isw_vformat_ap(buf, buf ? n : 0, fmt, ap, ISW_FMT_CRT,
                       __builtin_return_address(0));
    va_end(ap);
    return r;
}

/* sprintf trusts the buffer, as C's does. */
EXPORT int isapi_vsprintf(char *buf, const char *fmt, va_list ap)
{
    return isw_vformat_ap(buf, (size_t)INT_MAX + 1, fmt, ap, ISW_FMT_CRT,
                          __builtin_return_address(0));
}

EXPORT int isapi_sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = isw_vformat_ap(buf, (size_t)INT_MAX + 1, fmt, ap, ISW_FMT_CRT,
                       __builtin_return_address(0));
    va_end(ap);
    return r;
}

static int file_vformat(FILE *f, const char *fmt, va_list ap,
                        const void *caller)
{
    char small[512], *out = small;
    int n;

    n = isw_vformat_ap(small, sizeof(small), fmt, ap, ISW_FMT_CRT, caller);
    if (n < 0) {
        return -1;
    }
    if ((size_t)n >= sizeof(small)) {
        out = malloc((size_t)n + 1);
        if (!out) {
            errno = ENOMEM;
            return -1;
        }
        isw_vformat_ap(out, (size_t)n + 1, fmt, ap, ISW_FMT_CRT, caller);
    }
    if (fwrite(out, 1, (size_t)n, f) != (size_t)n) {
        n = -1;
    }
    if (out != small) {
        free(out);
    }
    return n;
}

/* The four FILE entry points of a printf family -- vfprintf, fprintf,
 * vprintf and printf, or their wide forms -- over impl(f, fmt, ap,
 * caller).  Each passes its own return address, so that a log names
 * the filter that called it. */
#define FILE_PRINTF_FAMILY(CH, vfname, fname, vname, name, impl)          \
    EXPORT int vfname(FILE *f, const CH *fmt, va_list ap)                \
    {                                                                    \
        return impl(f, fmt, ap, __builtin_return_address(0));            \
    }                                                                    \
    EXPORT int fname(FILE *f, const CH *fmt, ...)                        \
    {                                                                    \
        va_list ap;                                                      \
        int n;                                                           \
                                                                         \
        va_start(ap, fmt);                                               \
        n = impl(f, fmt, ap, __builtin_return_address(0));               \
        va_end(ap);                                                      \
        return n;                                                        \
    }                                                                    \
    EXPORT int vname(const CH *fmt, va_list ap)                          \
    {                                                                    \
        return impl(stdout, fmt, ap, __builtin_return_address(0));       \
    }                                                                    \
    EXPORT int name(const CH *fmt, ...)                                  \
    {                                                                    \
        va_list ap;                                                      \
        int n;                                                           \
                                                                         \
        va_start(ap, fmt);                                               \
        n = impl(stdout, fmt, ap, __builtin_return_address(0));          \
        va_end(ap);                                                      \
        return n;                                                        \
    }

FILE_PRINTF_FAMILY(char, isapi_vfprintf, isapi_fprintf, isapi_vprintf,
                   isapi_printf, file_vformat)

/* ---- The wide printf family ----
 * For 16-bit wchar_t filters (isapi/win_crt.h binds swprintf, wprintf
 * and friends here; glibc's would write 32-bit units).  The format and
 * the output go through Windows-1252, the ANSI code page: a character
 * it lacks prints as '?'.  Wide output to a FILE is written as 1252
 * bytes, as MSVC's "C" locale writes it. */

/* Formats the WCHAR format fmt into a malloc'd 1252 string; its length
 * in *len.  NULL on failure. */
static char *wide_format(const WCHAR *fmt, va_list ap, int *len,
                         const void *caller)
{
    size_t n = 0, i;
    char *nf, *out;
    int r;

    while (fmt[n]) {
        n++;
    }
    nf = malloc(n + 1);
    if (!nf) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        int b = isw_wc_to_cp1252(fmt[i]);
        nf[i] = (char)(b < 0 ? '?' : b);
    }
    nf[n] = '\0';
    r = isw_vformat_ap(NULL, 0, nf, ap, ISW_FMT_WIDE, caller);
    out = r < 0 ? NULL : malloc((size_t)r + 1);
    if (out) {
        isw_vformat_ap(out, (size_t)r + 1, nf, ap, ISW_FMT_WIDE, caller);
        *len = r;
    }
    free(nf);
    return out;
}

/* Stores s[0..n) as WCHARs at d. */
static void widen(WCHAR *d, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        d[i] = isw_cp1252_to_wc((unsigned char)s[i]);
    }
}

/* C99 swprintf: -1 when the output and its NUL do not fit in n (the
 * buffer then holds what fits, terminated). */
EXPORT int isapi_vswprintf(WCHAR *d, size_t n, const WCHAR *fmt, va_list ap)
{
    int len = 0;
    char *s;

    if (!fmt || (!d && n)) {
        isw_crt_invalid("swprintf", __builtin_return_address(0), EINVAL);
        return -1;
    }
    s = wide_format(fmt, ap, &len, __builtin_return_address(0));
    if (!s) {
        if (n) {
            d[0] = 0;
        }
        return -1;
    }
    if (n) {
        size_t k = (size_t)len < n ? (size_t)len : n - 1;
        widen(d, s, k);
        d[k] = 0;
    }
    free(s);
    return (size_t)len < n ? len : -1;
}

EXPORT int isapi_swprintf(WCHAR *d, size_t n, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = isapi_vswprintf(d, n, fmt, ap);
    va_end(ap);
    return r;
}

/* MSVC _snwprintf: as _snprintf, no NUL when the output fills count,
 * -1 when it does not fit. */
EXPORT int _vsnwprintf(WCHAR *d, size_t count, const WCHAR *fmt, va_list ap)
{
    int len = 0;
    char *s;

    if (!fmt || (!d && count)) {
        isw_crt_invalid(__func__, __builtin_return_address(0), EINVAL);
        return -1;
    }
    s = wide_format(fmt, ap, &len, __builtin_return_address(0));
    if (!s) {
        return -1;
    }
    if (count) {
        size_t k = (size_t)len < count ? (size_t)len : count;
        widen(d, s, k);
        if (k < count) {
            d[k] = 0;
        }
    }
    free(s);
    if (!d && count == 0) {
        return len;
    }
    return (size_t)len <= count ? len : -1;
}

EXPORT int _snwprintf(WCHAR *d, size_t count, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = _vsnwprintf(d, count, fmt, ap);
    va_end(ap);
    return r;
}

/* swprintf_s: all of it or an invalid parameter (d emptied). */
EXPORT int vswprintf_s(WCHAR *d, size_t n, const WCHAR *fmt, va_list ap)
{
    int len = 0;
    char *s;

    if (!d || n == 0 || !fmt) {
        if (d && n) {
            d[0] = 0;
        }
        isw_crt_invalid(__func__, __builtin_return_address(0), EINVAL);
        return -1;
    }
    s = wide_format(fmt, ap, &len, __builtin_return_address(0));
    if (!s || (size_t)len >= n) {
        free(s);
        d[0] = 0;
        isw_crt_invalid(__func__, __builtin_return_address(0), ERANGE);
        return -1;
    }
    widen(d, s, (size_t)len);
    d[len] = 0;
    free(s);
    return len;
}

EXPORT int swprintf_s(WCHAR *d, size_t n, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vswprintf_s(d, n, fmt, ap);
    va_end(ap);
    return r;
}

static int file_wformat(FILE *f, const WCHAR *fmt, va_list ap,
                        const void *caller)
{
    int len = 0;
    char *s;

    if (!f || !fmt) {
        isw_crt_invalid("fwprintf", caller, EINVAL);
        return -1;
    }
    s = wide_format(fmt, ap, &len, caller);
    if (!s) {
        return -1;
    }
    if (fwrite(s, 1, (size_t)len, f) != (size_t)len) {
        len = -1;
    }
    free(s);
    return len;
}

FILE_PRINTF_FAMILY(WCHAR, isapi_vfwprintf, isapi_fwprintf, isapi_vwprintf,
                   isapi_wprintf, file_wformat)
