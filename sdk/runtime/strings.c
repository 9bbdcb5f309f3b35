/*
 * strings.c: the lstr* functions and user32's character functions
 * (CharUpper, CharLower, CharNext, IsCharAlpha...) for the ANSI code page,
 * Windows-1252, and lstr* on 16-bit WCHAR strings.
 *
 * lstr* catch a bad pointer on Windows and fail quietly; here a NULL
 * pointer is what they catch: lstrlen(NULL) is 0, lstrcpy(NULL, s)
 * returns NULL.  lstrcmp/lstrcmpi compare as CompareString does in
 * spirit: letters case-blind first, and a lower-case letter sorts before
 * its capital only when the strings are otherwise equal.
 */
#include "isw_text.h"

/* ---- Windows-1252 case and class tables ---- */

const unsigned char isw_cp1252_upper[256] = {
#define R(a) a, a+1, a+2, a+3, a+4, a+5, a+6, a+7
    R(0x00), R(0x08), R(0x10), R(0x18), R(0x20), R(0x28), R(0x30), R(0x38),
    R(0x40), R(0x48), R(0x50), R(0x58),
    0x60, 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
    R(0x80),
    0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
    R(0x90),
    0x98, 0x99, 0x8a, 0x9b, 0x8c, 0x9d, 0x8e, 0x9f,  /* š œ ž ÿ */
    R(0xa0), R(0xa8), R(0xb0), R(0xb8),
    R(0xc0), R(0xc8), R(0xd0), R(0xd8),
    R(0xc0), R(0xc8),                                 /* à..ï */
    0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xf7,  /* ð..ö, ÷ stays */
    0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0x9f,  /* ø..þ, ÿ -> Ÿ */
};

const unsigned char isw_cp1252_lower[256] = {
    R(0x00), R(0x08), R(0x10), R(0x18), R(0x20), R(0x28), R(0x30), R(0x38),
    0x40, 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
    R(0x60), R(0x68), R(0x70), R(0x78),
    R(0x80),
    0x88, 0x89, 0x9a, 0x8b, 0x9c, 0x8d, 0x9e, 0x8f,  /* Š Œ Ž */
    R(0x90),
    0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0xff,  /* Ÿ -> ÿ */
    R(0xa0), R(0xa8), R(0xb0), R(0xb8),
    R(0xe0), R(0xe8),                                 /* À..Ï */
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xd7,  /* Ð..Ö, × stays */
    0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xdf,  /* Ø..Þ, ß stays */
    R(0xe0), R(0xe8), R(0xf0), R(0xf8),
#undef R
};

static int is_alpha(unsigned char c)
{
    /* Letters that have no case partner: ƒ ª µ º ß. */
    return isw_cp1252_upper[c] != c || isw_cp1252_lower[c] != c ||
           c == 0x83 || c == 0xaa || c == 0xb5 || c == 0xba || c == 0xdf;
}

static int is_upper(unsigned char c)
{
    return isw_cp1252_lower[c] != c;
}

static int is_lower(unsigned char c)
{
    return isw_cp1252_upper[c] != c || c == 0xdf || c == 0x83 || c == 0xb5;
}

/* ---- lstr* (ANSI) ---- */

int WINAPI lstrlenA(LPCSTR s)
{
    return s ? (int)strlen(s) : 0;
}

LPSTR WINAPI lstrcpyA(LPSTR dest, LPCSTR src)
{
    if (!dest || !src) {
        return NULL;
    }
    return memmove(dest, src, strlen(src) + 1);
}

LPSTR WINAPI lstrcpynA(LPSTR dest, LPCSTR src, int n)
{
    size_t k;

    if (!dest || n <= 0) {
        return n == 0 ? dest : NULL;
    }
    if (!src) {
        src = "";
    }
    k = strnlen(src, (size_t)n - 1);
    memmove(dest, src, k);
    dest[k] = '\0';
    return dest;
}

LPSTR WINAPI lstrcatA(LPSTR dest, LPCSTR src)
{
    if (!dest || !src) {
        return NULL;
    }
    memmove(dest + strlen(dest), src, strlen(src) + 1);
    return dest;
}

/* Sort weight of a byte: letters by their capital, so "a" < "B". */
static int primary(unsigned char c)
{
    return isw_cp1252_upper[c];
}

static int cmp_result(int d)
{
    return d < 0 ? -1 : d > 0;
}

/* lstrcmp's order (below, after the WCHAR case mapping it uses). */
static int text_cmp(const void *a, const void *b, size_t width,
                    int case_blind);

int WINAPI lstrcmpA(LPCSTR a, LPCSTR b)
{
    return text_cmp(a, b, 1, 0);
}

int WINAPI lstrcmpiA(LPCSTR a, LPCSTR b)
{
    return text_cmp(a, b, 1, 1);
}

/* ---- lstr* (WCHAR) ---- */

static WCHAR wupper(WCHAR c)
{
    if (c < 0x100) {
        if (c == 0xff) {
            return 0x178;
        }
        if (c == 0xb5 || c == 0xdf) {
            return c;
        }
        return (c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7)
               ? (WCHAR)(c - 0x20) : c;
    }
    if (c >= 0x100 && c <= 0x17f && c != 0x130 && c != 0x131 &&
        c != 0x138 && c != 0x149 && c != 0x17f) {
        /* Latin Extended-A pairs capital/small alternately; the run
         * 0x139..0x148 and 0x179..0x17e start on an odd capital. */
        int odd_caps = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e);
        int small = odd_caps ? !(c & 1) : (c & 1);
        return small ? (WCHAR)(c - 1) : c;
    }
    if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2) {
        return (WCHAR)(c - 0x20);
    }
    if (c >= 0x430 && c <= 0x44f) {
        return (WCHAR)(c - 0x20);
    }
    if (c >= 0x450 && c <= 0x45f) {
        return (WCHAR)(c - 0x50);
    }
    return c;
}

static WCHAR wlower(WCHAR c)
{
    if (c < 0x100) {
        return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7)
               ? (WCHAR)(c + 0x20) : c;
    }
    if (c == 0x178) {
        return 0xff;
    }
    if (c >= 0x100 && c <= 0x17f && wupper((WCHAR)(c + 1)) == c &&
        c + 1 != 0x130) {
        return (WCHAR)(c + 1);
    }
    if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) {
        return (WCHAR)(c + 0x20);
    }
    if (c >= 0x410 && c <= 0x42f) {
        return (WCHAR)(c + 0x20);
    }
    if (c >= 0x400 && c <= 0x40f) {
        return (WCHAR)(c + 0x50);
    }
    return c;
}

int WINAPI lstrlenW(LPCWSTR s)
{
    int n = 0;

    if (!s) {
        return 0;
    }
    while (s[n]) {
        n++;
    }
    return n;
}

LPWSTR WINAPI lstrcpyW(LPWSTR dest, LPCWSTR src)
{
    if (!dest || !src) {
        return NULL;
    }
    memmove(dest, src, ((size_t)lstrlenW(src) + 1) * sizeof(WCHAR));
    return dest;
}

LPWSTR WINAPI lstrcpynW(LPWSTR dest, LPCWSTR src, int n)
{
    int k = 0;

    if (!dest || n <= 0) {
        return n == 0 ? dest : NULL;
    }
    while (src && k < n - 1 && src[k]) {
        k++;
    }
    if (k) {
        memmove(dest, src, (size_t)k * sizeof(WCHAR));
    }
    dest[k] = 0;
    return dest;
}

LPWSTR WINAPI lstrcatW(LPWSTR dest, LPCWSTR src)
{
    if (!dest || !src) {
        return NULL;
    }
    lstrcpyW(dest + lstrlenW(dest), src);
    return dest;
}

/* Character i of a string of width 1 (Windows-1252) or 2 (WCHAR). */
static unsigned unit_at(const void *s, size_t width, size_t i)
{
    return width == 1 ? ((const unsigned char *)s)[i] : ((const WCHAR *)s)[i];
}

/* Sort weight of a character: letters by their capital, so "a" < "B". */
static int weight(unsigned c, size_t width)
{
    return width == 1 ? primary((unsigned char)c) : (int)wupper((WCHAR)c);
}

/* lstrcmp[i] A (width 1) and W (width 2): NULL is "", letters compare by
 * their capital; strings equal but for case are ordered (lower first)
 * at their first difference unless case_blind. */
static int text_cmp(const void *a, const void *b, size_t width,
                    int case_blind)
{
    static const WCHAR empty[1] = { 0 };
    const void *x = a ? a : empty, *y = b ? b : empty;
    size_t i;
    unsigned cx, cy;

    for (i = 0; (cx = unit_at(x, width, i)) && (cy = unit_at(y, width, i));
         i++) {
        int d = weight(cx, width) - weight(cy, width);
        if (d) {
            return cmp_result(d);
        }
    }
    if (unit_at(x, width, i) || unit_at(y, width, i)) {
        return unit_at(x, width, i) ? 1 : -1;
    }
    if (case_blind) {
        return 0;
    }
    /* Equal but for case: the first difference decides, lower first. */
    for (i = 0; (cx = unit_at(x, width, i)) != 0; i++) {
        if (cx != unit_at(y, width, i)) {
            if (width == 1) {
                return is_lower((unsigned char)cx) ? -1 : 1;
            }
            return wupper((WCHAR)cx) != cx ? -1 : 1;
        }
    }
    return 0;
}

int WINAPI lstrcmpW(LPCWSTR a, LPCWSTR b)
{
    return text_cmp(a, b, 2, 0);
}

int WINAPI lstrcmpiW(LPCWSTR a, LPCWSTR b)
{
    return text_cmp(a, b, 2, 1);
}

/* ---- user32 characters ---- */

/* A "string" whose high bits are zero is one character in the low byte
 * (or WCHAR), and the result is the converted character the same way. */
#define IS_ONE_CHAR(p) (((uintptr_t)(p) >> 16) == 0)

/* CharUpperA/CharLowerA: s (or its one character) through table. */
static LPSTR map_a(LPSTR s, const unsigned char *table)
{
    unsigned char *p;

    if (IS_ONE_CHAR(s)) {
        return (LPSTR)(uintptr_t)table[(uintptr_t)s & 0xff];
    }
    for (p = (unsigned char *)s; *p; p++) {
        *p = table[*p];
    }
    return s;
}

/* CharUpperW/CharLowerW: s (or its one character) through conv. */
static LPWSTR map_w(LPWSTR s, WCHAR (*conv)(WCHAR))
{
    WCHAR *p;

    if (IS_ONE_CHAR(s)) {
        return (LPWSTR)(uintptr_t)conv((WCHAR)(uintptr_t)s);
    }
    for (p = s; *p; p++) {
        *p = conv(*p);
    }
    return s;
}

/* CharUpperBuffA/CharLowerBuffA: n bytes of s through table. */
static DWORD map_buff_a(LPSTR s, DWORD n, const unsigned char *table)
{
    DWORD i;

    if (!s) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        s[i] = (char)table[(unsigned char)s[i]];
    }
    return n;
}

LPSTR WINAPI CharUpperA(LPSTR s)
{
    return map_a(s, isw_cp1252_upper);
}

LPSTR WINAPI CharLowerA(LPSTR s)
{
    return map_a(s, isw_cp1252_lower);
}

LPWSTR WINAPI CharUpperW(LPWSTR s)
{
    return map_w(s, wupper);
}

LPWSTR WINAPI CharLowerW(LPWSTR s)
{
    return map_w(s, wlower);
}

DWORD WINAPI CharUpperBuffA(LPSTR s, DWORD n)
{
    return map_buff_a(s, n, isw_cp1252_upper);
}

DWORD WINAPI CharLowerBuffA(LPSTR s, DWORD n)
{
    return map_buff_a(s, n, isw_cp1252_lower);
}

/* Windows-1252 has one byte per character. */
LPSTR WINAPI CharNextA(LPCSTR p)
{
    if (!p) {
        return NULL;
    }
    return (LPSTR)(*p ? p + 1 : p);
}

LPSTR WINAPI CharPrevA(LPCSTR start, LPCSTR p)
{
    if (!start || !p) {
        return (LPSTR)start;
    }
    return (LPSTR)(p > start ? p - 1 : start);
}

BOOL WINAPI IsCharAlphaA(CHAR c)
{
    return is_alpha((unsigned char)c);
}

BOOL WINAPI IsCharAlphaNumericA(CHAR c)
{
    return is_alpha((unsigned char)c) || (c >= '0' && c <= '9');
}

BOOL WINAPI IsCharUpperA(CHAR c)
{
    return is_upper((unsigned char)c);
}

BOOL WINAPI IsCharLowerA(CHAR c)
{
    return is_lower((unsigned char)c);
}
