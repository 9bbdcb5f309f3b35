/*
 * timing.c: clocks (GetTickCount(64), QueryPerformanceCounter), the
 * system and local time, FILETIME <-> SYSTEMTIME, and time zones.
 *
 * A FILETIME counts 100 ns ticks since 1601-01-01 00:00 UTC, the start of
 * the Gregorian 400-year cycle Windows counts from; 1970-01-01 is tick
 * 116444736000000000.  The calendar arithmetic is done here rather than
 * with timegm/gmtime so that every year Windows accepts (1601 to 30827)
 * converts the same way on any time_t.
 */
#include "isw_sync.h"

#include <time.h>

#define TICKS_PER_SEC   10000000ULL
#define TICKS_PER_MS    10000ULL
#define TICKS_PER_DAY   (86400ULL * TICKS_PER_SEC)
#define UNIX_EPOCH_TICKS 116444736000000000ULL

/* ---- Clocks ---- */

static ULONGLONG monotonic_ticks(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ULONGLONG)ts.tv_sec * TICKS_PER_SEC + (ULONGLONG)ts.tv_nsec / 100;
}

WINBASEAPI ULONGLONG WINAPI GetTickCount64(void)
{
    return monotonic_ticks() / TICKS_PER_MS;
}

/* Milliseconds since boot, wrapping every 49.7 days as Windows' does. */
WINBASEAPI DWORD WINAPI GetTickCount(void)
{
    return (DWORD)GetTickCount64();
}

WINBASEAPI DWORD WINAPI timeGetTime(void)
{
    return GetTickCount();
}

/* 10 MHz, the frequency recent Windows reports: a counter tick is a
 * FILETIME tick. */
WINBASEAPI BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
    if (!lpFrequency) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    lpFrequency->QuadPart = (LONGLONG)TICKS_PER_SEC;
    return TRUE;
}

WINBASEAPI BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
    if (!lpPerformanceCount) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    lpPerformanceCount->QuadPart = (LONGLONG)monotonic_ticks();
    return TRUE;
}

/* ---- FILETIME and SYSTEMTIME ---- */

static ULONGLONG ft_get(const FILETIME *ft)
{
    return (ULONGLONG)ft->dwHighDateTime << 32 | ft->dwLowDateTime;
}

static void ft_set(FILETIME *ft, ULONGLONG v)
{
    ft->dwLowDateTime = (DWORD)v;
    ft->dwHighDateTime = (DWORD)(v >> 32);
}

static ULONGLONG now_ticks(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return UNIX_EPOCH_TICKS + (ULONGLONG)ts.tv_sec * TICKS_PER_SEC
           + (ULONGLONG)ts.tv_nsec / 100;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static const int days_before[2][13] = {
    { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 },
    { 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366 },
};

static int month_days(int y, int m)
{
    return days_before[is_leap(y)][m] - days_before[is_leap(y)][m - 1];
}

/* Days from 1601-01-01 to y-m-d. */
static long long day_number(int y, int m, int d)
{
    long long n = y - 1601;

    return n * 365 + n / 4 - n / 100 + n / 400
           + days_before[is_leap(y)][m - 1] + d - 1;
}

/* The date of day number days; 1601-01-01 was a Monday. */
static void day_date(long long days, SYSTEMTIME *st)
{
    long long n400, n100, n4, n1, yday;
    int y, m, leap;

    st->wDayOfWeek = (WORD)((days + 1) % 7);
    n400 = days / 146097;
    days %= 146097;
    n100 = days / 36524;
    if (n100 == 4) {            /* the 400th year's leap day */
        n100 = 3;
    }
    days -= n100 * 36524;
    n4 = days / 1461;
    days %= 1461;
    n1 = days / 365;
    if (n1 == 4) {              /* a leap year's last day */
        n1 = 3;
    }
    yday = days - n1 * 365;
    y = (int)(1601 + 400 * n400 + 100 * n100 + 4 * n4 + n1);
    leap = is_leap(y);
    for (m = 1; m < 12 && yday >= days_before[leap][m]; m++) {
    }
    st->wYear = (WORD)y;
    st->wMonth = (WORD)m;
    st->wDay = (WORD)(yday - days_before[leap][m - 1] + 1);
}

static void ticks_to_st(ULONGLONG t, SYSTEMTIME *st)
{
    ULONGLONG rem = t % TICKS_PER_DAY;

    day_date((long long)(t / TICKS_PER_DAY), st);
    st->wHour = (WORD)(rem / (3600 * TICKS_PER_SEC));
    st->wMinute = (WORD)(rem / (60 * TICKS_PER_SEC) % 60);
    st->wSecond = (WORD)(rem / TICKS_PER_SEC % 60);
    st->wMilliseconds = (WORD)(rem / TICKS_PER_MS % 1000);
}

/* 0 when st is not a date and time Windows accepts. */
static int st_to_ticks(const SYSTEMTIME *st, ULONGLONG *t)
{
    if (st->wYear < 1601 || st->wYear > 30827 || st->wMonth < 1
        || st->wMonth > 12 || st->wDay < 1
        || st->wDay > month_days(st->wYear, st->wMonth) || st->wHour > 23
        || st->wMinute > 59 || st->wSecond > 59
        || st->wMilliseconds > 999) {
        return 0;
    }
    *t = (ULONGLONG)day_number(st->wYear, st->wMonth, st->wDay) * TICKS_PER_DAY
         + ((ULONGLONG)st->wHour * 3600 + st->wMinute * 60 + st->wSecond)
           * TICKS_PER_SEC
         + (ULONGLONG)st->wMilliseconds * TICKS_PER_MS;
    return 1;
}

WINBASEAPI VOID WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    if (lpSystemTimeAsFileTime) {
        ft_set(lpSystemTimeAsFileTime, now_ticks());
    }
}

WINBASEAPI VOID WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    GetSystemTimeAsFileTime(lpSystemTimeAsFileTime);
}

WINBASEAPI VOID WINAPI GetSystemTime(LPSYSTEMTIME lpSystemTime)
{
    if (lpSystemTime) {
        ticks_to_st(now_ticks(), lpSystemTime);
    }
}

/* The local offset (seconds east of UTC) in force at Unix time t. */
static long local_offset(time_t t)
{
    struct tm tm;

    return localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
}

WINBASEAPI VOID WINAPI GetLocalTime(LPSYSTEMTIME lpSystemTime)
{
    ULONGLONG t = now_ticks();
    time_t secs = (time_t)((t - UNIX_EPOCH_TICKS) / TICKS_PER_SEC);

    if (lpSystemTime) {
        ticks_to_st(t + (ULONGLONG)((long long)local_offset(secs)
                                    * (long long)TICKS_PER_SEC),
                    lpSystemTime);
    }
}

WINBASEAPI BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME *lpSystemTime,
                                            LPFILETIME lpFileTime)
{
    ULONGLONG t;

    if (!lpSystemTime || !lpFileTime || !st_to_ticks(lpSystemTime, &t)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    ft_set(lpFileTime, t);
    return TRUE;
}

WINBASEAPI BOOL WINAPI FileTimeToSystemTime(const FILETIME *lpFileTime,
                                            LPSYSTEMTIME lpSystemTime)
{
    ULONGLONG t;

    if (!lpFileTime || !lpSystemTime
        || (t = ft_get(lpFileTime)) >= 0x8000000000000000ULL) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    ticks_to_st(t, lpSystemTime);
    return TRUE;
}

/* Both directions use the offset in force now, not the one at the time
 * converted, as Windows documents for these two functions. */
static long current_offset(void)
{
    return local_offset(time(NULL));
}

/* out is in moved by the offset in force now: to local time (to_local)
 * or back to UTC. */
static BOOL shift_filetime(const FILETIME *in, LPFILETIME out, int to_local)
{
    ULONGLONG delta;

    if (!in || !out) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    delta = (ULONGLONG)((long long)current_offset()
                        * (long long)TICKS_PER_SEC);
    ft_set(out, to_local ? ft_get(in) + delta : ft_get(in) - delta);
    return TRUE;
}

WINBASEAPI BOOL WINAPI FileTimeToLocalFileTime(const FILETIME *lpFileTime,
                                               LPFILETIME lpLocalFileTime)
{
    return shift_filetime(lpFileTime, lpLocalFileTime, 1);
}

WINBASEAPI BOOL WINAPI LocalFileTimeToFileTime(const FILETIME *lpLocalFileTime,
                                               LPFILETIME lpFileTime)
{
    return shift_filetime(lpLocalFileTime, lpFileTime, 0);
}

WINBASEAPI LONG WINAPI CompareFileTime(const FILETIME *lpFileTime1,
                                       const FILETIME *lpFileTime2)
{
    ULONGLONG a = ft_get(lpFileTime1), b = ft_get(lpFileTime2);

    return a < b ? -1 : a > b ? 1 : 0;
}

/* ---- Time zones ---- */

static void to_wide(WCHAR *w, size_t n, const char *s)
{
    size_t i;

    for (i = 0; i + 1 < n && s && s[i]; i++) {
        w[i] = (WCHAR)(unsigned char)s[i];
    }
    w[i] = 0;
}

/* A transition at Unix time t, as Windows writes a yearly rule: month,
 * weekday, week of the month (5 = the last), and the wall-clock time
 * before the change (offset: the one in force until then). */
static void rule_of(time_t t, long offset, SYSTEMTIME *st)
{
    time_t local = t + offset;
    struct tm tm;
    int last;

    gmtime_r(&local, &tm);
    memset(st, 0, sizeof(*st));
    st->wMonth = (WORD)(tm.tm_mon + 1);
    st->wDayOfWeek = (WORD)tm.tm_wday;
    last = month_days(tm.tm_year + 1900, tm.tm_mon + 1);
    st->wDay = (WORD)(tm.tm_mday + 7 > last ? 5 : (tm.tm_mday - 1) / 7 + 1);
    st->wHour = (WORD)tm.tm_hour;
    st->wMinute = (WORD)tm.tm_min;
    st->wSecond = (WORD)tm.tm_sec;
}

/* The first second in (lo, hi] whose isdst differs from lo's. */
static time_t find_change(time_t lo, time_t hi)
{
    struct tm a, m;

    localtime_r(&lo, &a);
    while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;

        localtime_r(&mid, &m);
        if (m.tm_isdst == a.tm_isdst) {
            lo = mid;
        }
        else {
            hi = mid;
        }
    }
    return hi;
}

WINBASEAPI DWORD WINAPI GetTimeZoneInformation(
    LPTIME_ZONE_INFORMATION lpTimeZoneInformation)
{
    TIME_ZONE_INFORMATION *tz = lpTimeZoneInformation;
    time_t now = time(NULL), t, start, to_dst = 0, to_std = 0;
    struct tm tm, prev, cur;
    long std_off, dst_off;
    int day, have_std = 0, have_dst = 0;

    if (!tz) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return TIME_ZONE_ID_INVALID;
    }
    tzset();
    localtime_r(&now, &tm);
    memset(tz, 0, sizeof(*tz));
    std_off = dst_off = tm.tm_gmtoff;
    /* This year's changes, day by day, then to the second. */
    tm.tm_mon = 0;
    tm.tm_mday = 1;
    tm.tm_hour = 12;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    start = mktime(&tm);
    localtime_r(&start, &prev);
    for (day = 0; day <= 366; day++) {
        t = start + (time_t)day * 86400;
        localtime_r(&t, &cur);
        if (cur.tm_isdst > 0) {
            dst_off = cur.tm_gmtoff;
            have_dst = 1;
        }
        else {
            std_off = cur.tm_gmtoff;
            have_std = 1;
        }
        if (day && (cur.tm_isdst > 0) != (prev.tm_isdst > 0)) {
            if (cur.tm_isdst > 0) {
                to_dst = find_change(t - 86400, t);
            }
            else {
                to_std = find_change(t - 86400, t);
            }
        }
        prev = cur;
    }
    if (!have_std) {
        std_off = dst_off;
    }
    tz->Bias = (LONG)(-std_off / 60);
    tz->StandardBias = 0;
    to_wide(tz->StandardName, 32, tzname[0]);
    to_wide(tz->DaylightName, 32, have_dst ? tzname[1] : tzname[0]);
    if (!have_dst || !have_std || !to_dst || !to_std) {
        return TIME_ZONE_ID_UNKNOWN;
    }
    tz->DaylightBias = (LONG)(-(dst_off - std_off) / 60);
    rule_of(to_dst, std_off, &tz->DaylightDate);
    rule_of(to_std, dst_off, &tz->StandardDate);
    localtime_r(&now, &tm);
    return tm.tm_isdst > 0 ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

/* The tick at which a yearly rule (or a one-year date, wYear set) falls
 * in year y, in the local time the rule is written in. */
static ULONGLONG rule_ticks(const SYSTEMTIME *r, int y)
{
    int first, day;

    if (r->wYear) {
        day = r->wDay;
    }
    else {
        /* The wDay'th wDayOfWeek of the month; week 5 is the last. */
        first = (int)((day_number(y, r->wMonth, 1) + 1) % 7);
        day = 1 + (r->wDayOfWeek - first + 7) % 7 + 7 * (r->wDay - 1);
        while (day > month_days(y, r->wMonth)) {
            day -= 7;
        }
    }
    return (ULONGLONG)day_number(y, r->wMonth, day) * TICKS_PER_DAY
           + ((ULONGLONG)r->wHour * 3600 + r->wMinute * 60 + r->wSecond)
             * TICKS_PER_SEC;
}

/* The bias (minutes, UTC = local + bias) tz gives at UTC tick utc. */
static LONG tz_bias_at(const TIME_ZONE_INFORMATION *tz, ULONGLONG utc)
{
    LONGLONG std = (LONGLONG)(tz->Bias + tz->StandardBias) * 60 * TICKS_PER_SEC;
    LONGLONG dst = (LONGLONG)(tz->Bias + tz->DaylightBias) * 60 * TICKS_PER_SEC;
    ULONGLONG begin, end;
    SYSTEMTIME st;
    int in;

    if (!tz->DaylightDate.wMonth || !tz->StandardDate.wMonth) {
        return tz->Bias + tz->StandardBias;
    }
    ticks_to_st(utc - (ULONGLONG)std, &st);
    /* DaylightDate is in standard time, StandardDate in daylight time. */
    begin = rule_ticks(&tz->DaylightDate, st.wYear) + (ULONGLONG)std;
    end = rule_ticks(&tz->StandardDate, st.wYear) + (ULONGLONG)dst;
    in = begin < end ? utc >= begin && utc < end      /* northern */
                     : utc >= begin || utc < end;     /* southern */
    return tz->Bias + (in ? tz->DaylightBias : tz->StandardBias);
}

/* Seconds local time is ahead of UTC at the UTC time utc: by tz's rules,
 * or (tz NULL) by the current zone's rule in force at that time. */
static long long offset_at(const TIME_ZONE_INFORMATION *tz, ULONGLONG utc)
{
    if (tz) {
        return -(long long)tz_bias_at(tz, utc) * 60;
    }
    return local_offset((time_t)(((long long)utc
                                  - (long long)UNIX_EPOCH_TICKS)
                                 / (long long)TICKS_PER_SEC));
}

WINBASEAPI BOOL WINAPI SystemTimeToTzSpecificLocalTime(
    const TIME_ZONE_INFORMATION *lpTimeZoneInformation,
    const SYSTEMTIME *lpUniversalTime, LPSYSTEMTIME lpLocalTime)
{
    ULONGLONG utc;
    long long off;

    if (!lpUniversalTime || !lpLocalTime
        || !st_to_ticks(lpUniversalTime, &utc)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    off = offset_at(lpTimeZoneInformation, utc);
    ticks_to_st(utc + (ULONGLONG)(off * (long long)TICKS_PER_SEC), lpLocalTime);
    return TRUE;
}

WINBASEAPI BOOL WINAPI TzSpecificLocalTimeToSystemTime(
    const TIME_ZONE_INFORMATION *lpTimeZoneInformation,
    const SYSTEMTIME *lpLocalTime, LPSYSTEMTIME lpUniversalTime)
{
    ULONGLONG local, utc;
    int i;

    if (!lpLocalTime || !lpUniversalTime || !st_to_ticks(lpLocalTime, &local)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    /* Guess the offset, then settle on the one in force at the guess. */
    utc = local;
    for (i = 0; i < 2; i++) {
        long long off = offset_at(lpTimeZoneInformation, utc);

        utc = local - (ULONGLONG)(off * (long long)TICKS_PER_SEC);
    }
    ticks_to_st(utc, lpUniversalTime);
    return TRUE;
}
