/**
 * @file isw_text.h
 * @brief What the text files of the runtime (crt.c, crt_s.c, strings.c,
 *        codepage.c, format.c, message.c) share, and nothing a filter
 *        sees.
 */
#ifndef ISW_TEXT_H
#define ISW_TEXT_H

#include "isw.h"

#pragma GCC visibility push(hidden)

/* ---- Formatting (format.c) ----
 * One printf engine with the MSVC reading of formats serves _snprintf
 * and the _s family, wsprintf and FormatMessage's !spec! inserts.  The
 * arguments come from a va_list or, for FormatMessage, from an array of
 * pointer-sized values. */
typedef struct isw_args {
    va_list *ap;                 /* or NULL, then: */
    const uintptr_t *arr;
    size_t n, next;
} isw_args;

#define ISW_FMT_CRT      0       /* MSVC printf: floats, '*' widths */
#define ISW_FMT_WSPRINTF 1       /* user32 wsprintf: no floats, no '*' */
#define ISW_FMT_WIDE     2       /* MSVC wprintf: %s and %c are WCHAR */

/** Formats into out[cap] as vsnprintf does (at most cap-1 characters and
 * a NUL when cap > 0); returns the length of the whole output, or -1 for
 * a format MSVC refuses (%n), after calling the invalid-parameter
 * handler. */
int isw_vformat(char *out, size_t cap, const char *fmt, isw_args *args,
                int mode, const void *caller);
/** isw_vformat with the arguments of ap, which it reads from a copy: the
 * caller's ap is left as it was, so it may format the same list again. */
int isw_vformat_ap(char *out, size_t cap, const char *fmt, va_list ap,
                   int mode, const void *caller);

/* ---- Invalid parameters (crt_s.c) ----
 * Calls the filter's handler, or logs "func: invalid parameter" naming
 * the filter that caller belongs to; then sets errno to err. */
void isw_crt_invalid(const char *func, const void *caller, int err);

/* ---- Numbers (crt.c) ----
 * _itoa and the other xtoa functions, and their _s forms: mag in radix
 * (2 to 36, lower-case digits), after a '-' when neg, and a NUL, into out,
 * which has room for 66 characters; returns the length without the NUL. */
size_t isw_utoa(unsigned long long mag, int neg, unsigned radix, char *out);

/* ---- Case (crt.c) ----
 * _strlwr/_strupr (width 1) and _wcslwr/_wcsupr (width 2): the ASCII
 * letters of the NUL-terminated s in lower or upper case, in place, as
 * the "C" locale maps them; NULL and EINVAL through isw_crt_invalid
 * (naming func) for a NULL s. */
void *isw_ascii_case(void *s, size_t width, int upper, const char *func,
                     const void *caller);

/* ---- Windows-1252 (strings.c, codepage.c) ---- */
extern const unsigned char isw_cp1252_upper[256];
extern const unsigned char isw_cp1252_lower[256];
/** The Unicode character byte b means in Windows-1252. */
WCHAR isw_cp1252_to_wc(unsigned char b);
/** The Windows-1252 byte for c, or -1 when it has none. */
int isw_wc_to_cp1252(WCHAR c);

#pragma GCC visibility pop

#endif /* ISW_TEXT_H */
