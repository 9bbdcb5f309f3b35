/*
 * datefmt.c: GetDateFormatA and GetTimeFormatA, with Windows' picture
 * strings ("dddd, MMMM d, yyyy", "hh:mm:ss tt") and the en-US names and
 * defaults whatever the LCID: the runtime has no locale database, and
 * the log lines filters format this way were almost always written for
 * English.
 */
#include "isw_sync.h"

static const char *const day_names[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday"
};
static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"
};

typedef struct {
    char *out;          /* NULL: only measuring */
    size_t cap, len;
} sink;

static void emit(sink *k, const char *s, size_t n)
{
    if (k->out && k->len < k->cap) {
        size_t room = k->cap - k->len;

        memcpy(k->out + k->len, s, n < room ? n : room);
    }
    k->len += n;
}

static void emit_num(sink *k, unsigned v, int width)
{
    char b[16];

    emit(k, b, (size_t)snprintf(b, sizeof(b), "%0*u", width, v));
}

/* The day of the week of a valid date (Sakamoto's congruence). */
static int weekday(int y, int m, int d)
{
    static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

    if (m < 3) {
        y--;
    }
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static int valid_date(const SYSTEMTIME *st)
{
    static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (st->wYear % 4 == 0 && st->wYear % 100 != 0) || st->wYear % 400 == 0;

    return st->wYear >= 1601 && st->wYear <= 30827 && st->wMonth >= 1
           && st->wMonth <= 12 && st->wDay >= 1
           && st->wDay <= mdays[st->wMonth - 1] - (st->wMonth == 2 && !leap);
}

static int valid_time(const SYSTEMTIME *st)
{
    return st->wHour < 24 && st->wMinute < 60 && st->wSecond < 60
           && st->wMilliseconds < 1000;
}

/* Runs of one picture letter, and 'quoted text' ('' is a quote). */
static void format(sink *k, const char *pic, const SYSTEMTIME *st,
                   DWORD tflags, int is_time)
{
    const char *p = pic;
    size_t mark = 0;      /* where the output stood after the last picture */

    while (*p) {
        char c = *p;
        int n = 1;

        if (c == '\'' && p[1] == '\'') {
            emit(k, p, 1);          /* '' outside quotes: a quote */
            p += 2;
            continue;
        }
        if (c == '\'') {
            const char *q = ++p;

            while (*q) {
                if (*q == '\'' && q[1] == '\'') {
                    emit(k, q, 1);
                    q += 2;
                    continue;
                }
                if (*q == '\'') {
                    break;
                }
                emit(k, q, 1);
                q++;
            }
            p = *q ? q + 1 : q;
            continue;
        }
        while (p[n] == c) {
            n++;
        }
        if (!strchr(is_time ? "hHmst" : "dMyg", c)) {
            emit(k, p, (size_t)n);
            p += n;
            continue;
        }
        if (is_time
            && ((c == 's' && tflags & (TIME_NOSECONDS | TIME_NOMINUTESORSECONDS))
                || (c == 'm' && tflags & TIME_NOMINUTESORSECONDS)
                || (c == 't' && tflags & TIME_NOTIMEMARKER))) {
            /* Left out with the separator before it. */
            k->len = mark;
            p += n;
            continue;
        }
        switch (c) {
        case 'd':
            if (n <= 2) {
                emit_num(k, st->wDay, n);
            }
            else {
                const char *dn = day_names[weekday(st->wYear, st->wMonth, st->wDay)];
                emit(k, dn, n == 3 ? 3 : strlen(dn));
            }
            break;
        case 'M':
            if (n <= 2) {
                emit_num(k, st->wMonth, n);
            }
            else {
                const char *mn = month_names[st->wMonth - 1];
                emit(k, mn, n == 3 ? 3 : strlen(mn));
            }
            break;
        case 'y':
            if (n <= 2) {
                emit_num(k, st->wYear % 100, n);
            }
            else {
                emit_num(k, st->wYear, 1);
            }
            break;
        case 'g':
            emit(k, "A.D.", 4);
            break;
        case 'h':
        case 'H': {
            unsigned h = st->wHour;

            if (c == 'h' && !(tflags & TIME_FORCE24HOURFORMAT)) {
                h = h % 12 ? h % 12 : 12;
            }
            emit_num(k, h, n >= 2 ? 2 : 1);
            break;
        }
        case 'm':
            emit_num(k, st->wMinute, n >= 2 ? 2 : 1);
            break;
        case 's':
            emit_num(k, st->wSecond, n >= 2 ? 2 : 1);
            break;
        case 't':
            if (!(tflags & TIME_FORCE24HOURFORMAT)) {
                emit(k, st->wHour < 12 ? "AM" : "PM", n == 1 ? 1 : 2);
            }
            break;
        }
        mark = k->len;
        p += n;
    }
}

/* GetDateFormatA's and GetTimeFormatA's output: st by the picture pic
 * into out[cch] (cch 0: measure); the characters written or needed, NUL
 * included, or 0 with the error. */
static int format_out(char *out, int cch, const char *pic,
                      const SYSTEMTIME *st, DWORD tflags, int is_time)
{
    sink k;

    k.out = cch ? out : NULL;
    k.cap = (size_t)cch;
    k.len = 0;
    format(&k, pic, st, tflags, is_time);
    if (cch == 0) {
        return (int)k.len + 1;
    }
    if (k.len + 1 > (size_t)cch) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    out[k.len] = '\0';
    return (int)k.len + 1;
}

WINBASEAPI int WINAPI GetDateFormatA(LCID Locale, DWORD dwFlags,
                                     const SYSTEMTIME *lpDate, LPCSTR lpFormat,
                                     LPSTR lpDateStr, int cchDate)
{
    SYSTEMTIME now;

    (void)Locale;
    if (cchDate < 0 || (cchDate > 0 && !lpDateStr)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((lpFormat && dwFlags & ~(DWORD)LOCALE_NOUSEROVERRIDE)
        || (dwFlags & DATE_SHORTDATE && dwFlags & DATE_LONGDATE)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (!lpDate) {
        GetLocalTime(&now);
        lpDate = &now;
    }
    if (!valid_date(lpDate)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!lpFormat) {
        lpFormat = dwFlags & DATE_LONGDATE ? "dddd, MMMM d, yyyy" : "M/d/yyyy";
    }
    return format_out(lpDateStr, cchDate, lpFormat, lpDate, 0, 0);
}

WINBASEAPI int WINAPI GetTimeFormatA(LCID Locale, DWORD dwFlags,
                                     const SYSTEMTIME *lpTime, LPCSTR lpFormat,
                                     LPSTR lpTimeStr, int cchTime)
{
    SYSTEMTIME now;

    (void)Locale;
    if (cchTime < 0 || (cchTime > 0 && !lpTimeStr)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (dwFlags & ~(DWORD)(TIME_NOMINUTESORSECONDS | TIME_NOSECONDS
                           | TIME_NOTIMEMARKER | TIME_FORCE24HOURFORMAT
                           | LOCALE_NOUSEROVERRIDE)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (!lpTime) {
        GetLocalTime(&now);
        lpTime = &now;
    }
    if (!valid_time(lpTime)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return format_out(lpTimeStr, cchTime, lpFormat ? lpFormat : "h:mm:ss tt",
                      lpTime, dwFlags, 1);
}
