/*
 * codepage.c: MultiByteToWideChar/WideCharToMultiByte for the code pages
 * a filter meets: the ANSI code page (Windows-1252, which CP_ACP means
 * here), UTF-8, US-ASCII (20127) and ISO-8859-1 (28591); GetACP,
 * GetOEMCP and IsValidCodePage.
 *
 * Sizes follow kernel32: a length of -1 means "up to and including the
 * NUL"; an output size of 0 asks for the size needed; a buffer too small
 * is 0 with ERROR_INSUFFICIENT_BUFFER.  Invalid UTF-8 becomes U+FFFD
 * unless MB_ERR_INVALID_CHARS asks for ERROR_NO_UNICODE_TRANSLATION.
 * There is no "best fit" mapping: a character 1252 lacks becomes the
 * default character.
 */
#include "isw_text.h"

/* Windows-1252's 0x80-0x9F; the five bytes 1252 leaves undefined map to
 * the C1 control of the same value, as Windows maps them. */
static const WCHAR cp1252_80[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

WCHAR isw_cp1252_to_wc(unsigned char b)
{
    return b >= 0x80 && b < 0xa0 ? cp1252_80[b - 0x80] : b;
}

int isw_wc_to_cp1252(WCHAR c)
{
    int i;

    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) {
        return c;
    }
    for (i = 0; i < 32; i++) {
        if (cp1252_80[i] == c) {
            return 0x80 + i;
        }
    }
    return -1;
}

UINT WINAPI GetACP(void)
{
    return 1252;
}

UINT WINAPI GetOEMCP(void)
{
    return 437;
}

enum { K_NONE, K_1252, K_UTF8, K_ASCII, K_LATIN1 };

static int cp_kind(UINT cp)
{
    switch (cp) {
    case CP_ACP:
    case CP_THREAD_ACP:
    case 1252:  return K_1252;
    case CP_UTF8: return K_UTF8;
    case 20127: return K_ASCII;
    case 28591: return K_LATIN1;
    default:    return K_NONE;
    }
}

BOOL WINAPI IsValidCodePage(UINT cp)
{
    /* Only the code pages that convert here; CP_ACP and friends are
     * pseudo code pages, not valid identifiers. */
    return cp != CP_ACP && cp != CP_THREAD_ACP && cp_kind(cp) != K_NONE;
}

/* ---- UTF-8 ---- */

/* Decodes one character at s[0..n); sets *len to the bytes it used.
 * Returns the code point, or -1 for an ill-formed sequence (then *len is
 * its maximal ill-formed prefix, at least 1). */
static long utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char c = s[0];
    size_t need, i;
    long cp, lo = 0x80, hi = 0xbf;

    *len = 1;
    if (c < 0x80) {
        return c;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        cp = c & 0x1f;
    }
    else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        cp = c & 0x0f;
        if (c == 0xe0) lo = 0xa0;        /* no overlong forms */
        if (c == 0xed) hi = 0x9f;        /* no surrogates */
    }
    else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        cp = c & 0x07;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;        /* nothing above U+10FFFF */
    }
    else {
        return -1;
    }
    for (i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *len = i;
            return -1;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
        lo = 0x80;
        hi = 0xbf;
    }
    *len = need + 1;
    return cp;
}

/* MultiByteToWideChar's and WideCharToMultiByte's common argument
 * rules: a source and a length (-1: NUL-terminated) other than 0, an
 * output length not negative with a buffer when it is not 0 and not the
 * source, and a known code page kind.  FALSE with ERROR_INVALID_PARAMETER
 * otherwise. */
static BOOL conv_args_ok(const void *src, int srclen, const void *dst,
                         int dstlen, int kind)
{
    if (!src || srclen == 0 || srclen < -1 || dstlen < 0 ||
        (dstlen && !dst) || (dst && dstlen && dst == src) || kind == K_NONE) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

/* ---- MultiByteToWideChar ---- */

int WINAPI MultiByteToWideChar(UINT cp, DWORD flags, LPCSTR mb,
                               int cbMultiByte, LPWSTR wide, int cchWideChar)
{
    int kind = cp_kind(cp);
    const unsigned char *s = (const unsigned char *)mb;
    size_t n, i, out = 0;

    if (!conv_args_ok(mb, cbMultiByte, wide, cchWideChar, kind)) {
        return 0;
    }
    if (kind == K_UTF8 ? (flags & ~(DWORD)MB_ERR_INVALID_CHARS) != 0
                       : (flags & ~(DWORD)(MB_PRECOMPOSED | MB_COMPOSITE |
                                           MB_USEGLYPHCHARS |
                                           MB_ERR_INVALID_CHARS)) != 0 ||
                         (flags & (MB_PRECOMPOSED | MB_COMPOSITE)) ==
                             (MB_PRECOMPOSED | MB_COMPOSITE)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    n = cbMultiByte == -1 ? strlen(mb) + 1 : (size_t)cbMultiByte;

    for (i = 0; i < n;) {
        WCHAR w[2];
        int k = 1;

        switch (kind) {
        case K_1252:
            w[0] = isw_cp1252_to_wc(s[i++]);
            break;
        case K_LATIN1:
            w[0] = s[i++];
            break;
        case K_ASCII:
            /* US-ASCII keeps the low seven bits of a high byte. */
            w[0] = s[i++] & 0x7f;
            break;
        default: {
            size_t len;
            long c = utf8_decode(s + i, n - i, &len);
            i += len;
            if (c < 0) {
                if (flags & MB_ERR_INVALID_CHARS) {
                    SetLastError(ERROR_NO_UNICODE_TRANSLATION);
                    return 0;
                }
                c = 0xfffd;
            }
            if (c >= 0x10000) {
                c -= 0x10000;
                w[0] = (WCHAR)(0xd800 + (c >> 10));
                w[1] = (WCHAR)(0xdc00 + (c & 0x3ff));
                k = 2;
            }
            else {
                w[0] = (WCHAR)c;
            }
        }
        }
        if (cchWideChar) {
            if (out + (size_t)k > (size_t)cchWideChar) {
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            memcpy(wide + out, w, (size_t)k * sizeof(WCHAR));
        }
        out += (size_t)k;
        if (out > INT_MAX) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
    }
    return (int)out;
}

/* ---- WideCharToMultiByte ---- */

int WINAPI WideCharToMultiByte(UINT cp, DWORD flags, LPCWSTR wide,
                               int cchWideChar, LPSTR mb, int cbMultiByte,
                               LPCSTR lpDefaultChar, LPBOOL lpUsedDefaultChar)
{
    int kind = cp_kind(cp);
    size_t n, i, out = 0;
    char defchar = lpDefaultChar ? *lpDefaultChar : '?';
    BOOL used = FALSE;

    if (!conv_args_ok(wide, cchWideChar, mb, cbMultiByte, kind)) {
        return 0;
    }
    if (kind == K_UTF8) {
        if (flags & ~(DWORD)WC_ERR_INVALID_CHARS) {
            SetLastError(ERROR_INVALID_FLAGS);
            return 0;
        }
        /* UTF-8 has a character for everything: no default char. */
        if (lpDefaultChar || lpUsedDefaultChar) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
    }
    else if (flags & ~(DWORD)(WC_COMPOSITECHECK | WC_DISCARDNS | WC_SEPCHARS |
                              WC_DEFAULTCHAR | WC_NO_BEST_FIT_CHARS |
                              WC_ERR_INVALID_CHARS)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (cchWideChar == -1) {
        for (n = 0; wide[n]; n++) {
        }
        n++;
    }
    else {
        n = (size_t)cchWideChar;
    }

    for (i = 0; i < n; i++) {
        unsigned char b[4];
        size_t k = 1;
        unsigned long c = wide[i];

        if (kind == K_UTF8) {
            if (c >= 0xd800 && c <= 0xdbff && i + 1 < n &&
                wide[i + 1] >= 0xdc00 && wide[i + 1] <= 0xdfff) {
                c = 0x10000 + ((c - 0xd800) << 10) + (wide[i + 1] - 0xdc00);
                i++;
            }
            else if (c >= 0xd800 && c <= 0xdfff) {
                if (flags & WC_ERR_INVALID_CHARS) {
                    SetLastError(ERROR_NO_UNICODE_TRANSLATION);
                    return 0;
                }
                c = 0xfffd;            /* a lone surrogate */
            }
            if (c < 0x80) {
                b[0] = (unsigned char)c;
            }
            else if (c < 0x800) {
                b[0] = (unsigned char)(0xc0 | (c >> 6));
                b[1] = (unsigned char)(0x80 | (c & 0x3f));
                k = 2;
            }
            else if (c < 0x10000) {
                b[0] = (unsigned char)(0xe0 | (c >> 12));
                b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
                b[2] = (unsigned char)(0x80 | (c & 0x3f));
                k = 3;
            }
            else {
                b[0] = (unsigned char)(0xf0 | (c >> 18));
                b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
                b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
                b[3] = (unsigned char)(0x80 | (c & 0x3f));
                k = 4;
            }
        }
        else {
            int v;
            if (kind == K_1252) {
                v = isw_wc_to_cp1252((WCHAR)c);
            }
            else {
                v = c < (kind == K_ASCII ? 0x80UL : 0x100UL) ? (int)c : -1;
            }
            if (v < 0) {
                v = (unsigned char)defchar;
                used = TRUE;
            }
            b[0] = (unsigned char)v;
        }
        if (cbMultiByte) {
            if (out + k > (size_t)cbMultiByte) {
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            memcpy(mb + out, b, k);
        }
        out += k;
        if (out > INT_MAX) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
    }
    if (lpUsedDefaultChar) {
        *lpUsedDefaultChar = used;
    }
    return (int)out;
}
