/* timing.c: clocks, FILETIME <-> SYSTEMTIME and time zones
 * (sdk/runtime/timing.c), against values Windows documents. */
#include "windows.h"
#include "tap.h"

static ULONGLONG ft64(const FILETIME *ft)
{
    return (ULONGLONG)ft->dwHighDateTime << 32 | ft->dwLowDateTime;
}

static void set_ft(FILETIME *ft, ULONGLONG v)
{
    ft->dwLowDateTime = (DWORD)v;
    ft->dwHighDateTime = (DWORD)(v >> 32);
}

static SYSTEMTIME st_of(int y, int mo, int d, int h, int mi, int s, int ms)
{
    SYSTEMTIME st;

    memset(&st, 0, sizeof(st));
    st.wYear = y; st.wMonth = mo; st.wDay = d;
    st.wHour = h; st.wMinute = mi; st.wSecond = s; st.wMilliseconds = ms;
    return st;
}

static int same(const SYSTEMTIME *a, const SYSTEMTIME *b)
{
    return a->wYear == b->wYear && a->wMonth == b->wMonth && a->wDay == b->wDay
           && a->wHour == b->wHour && a->wMinute == b->wMinute
           && a->wSecond == b->wSecond && a->wMilliseconds == b->wMilliseconds;
}

int main(void)
{
    FILETIME ft, ft2;
    SYSTEMTIME st, back;
    LARGE_INTEGER f1, f2, c1, c2;
    TIME_ZONE_INFORMATION tz;
    ULONGLONG a, b;
    DWORD r;
    time_t now;

    /* Known values. */
    st = st_of(1601, 1, 1, 0, 0, 0, 0);
    ok(SystemTimeToFileTime(&st, &ft), "1601-01-01 converts");
    ok(ft64(&ft) == 0, "1601-01-01 00:00 is tick 0");
    st = st_of(1970, 1, 1, 0, 0, 0, 0);
    SystemTimeToFileTime(&st, &ft);
    ok(ft64(&ft) == 116444736000000000ULL, "1970-01-01 is 116444736000000000");
    st = st_of(2000, 2, 29, 23, 59, 59, 999);
    SystemTimeToFileTime(&st, &ft);
    ok(ft64(&ft) == 125963423999990000ULL, "2000-02-29 23:59:59.999 (a 400-year leap day)");
    ok(FileTimeToSystemTime(&ft, &back) && same(&st, &back), "and back");
    is_int(back.wDayOfWeek, 2, "a Tuesday");
    set_ft(&ft, 0);
    FileTimeToSystemTime(&ft, &back);
    is_int(back.wDayOfWeek, 1, "1601-01-01 was a Monday");
    set_ft(&ft, 116444736000000000ULL);
    FileTimeToSystemTime(&ft, &back);
    ok(back.wYear == 1970 && back.wMonth == 1 && back.wDay == 1 && back.wHour == 0,
       "116444736000000000 is 1970-01-01");
    is_int(back.wDayOfWeek, 4, "a Thursday");
    st = st_of(1900, 3, 1, 0, 0, 0, 0);
    SystemTimeToFileTime(&st, &ft);
    set_ft(&ft2, ft64(&ft) - 1);
    FileTimeToSystemTime(&ft2, &back);
    ok(back.wYear == 1900 && back.wMonth == 2 && back.wDay == 28,
       "the tick before 1900-03-01 is 1900-02-28 (1900 not leap)");
    st = st_of(30827, 12, 31, 23, 59, 59, 999);
    ok(SystemTimeToFileTime(&st, &ft), "30827-12-31 is the last date accepted");
    ok(FileTimeToSystemTime(&ft, &back) && same(&st, &back), "and round-trips");

    /* Round trips over a spread of dates. */
    {
        int y, fails = 0;
        for (y = 1601; y <= 9999; y += 37) {
            SYSTEMTIME x = st_of(y, 1 + y % 12, 1 + y % 28, y % 24, y % 60, (y / 3) % 60, y % 1000);
            if (!SystemTimeToFileTime(&x, &ft) || !FileTimeToSystemTime(&ft, &back)
                || !same(&x, &back)) {
                fails++;
            }
        }
        is_int(fails, 0, "SYSTEMTIME -> FILETIME -> SYSTEMTIME is the identity, 1601..9999");
    }

    /* Validation. */
    st = st_of(2023, 2, 29, 0, 0, 0, 0);
    SetLastError(0);
    ok(!SystemTimeToFileTime(&st, &ft), "2023-02-29 is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    st = st_of(2023, 13, 1, 0, 0, 0, 0);
    ok(!SystemTimeToFileTime(&st, &ft), "month 13 is refused");
    st = st_of(1600, 12, 31, 0, 0, 0, 0);
    ok(!SystemTimeToFileTime(&st, &ft), "1600 is refused");
    st = st_of(2023, 1, 1, 24, 0, 0, 0);
    ok(!SystemTimeToFileTime(&st, &ft), "hour 24 is refused");
    st = st_of(2023, 1, 1, 0, 0, 0, 1000);
    ok(!SystemTimeToFileTime(&st, &ft), "1000 ms is refused");
    set_ft(&ft, 0x8000000000000000ULL);
    SetLastError(0);
    ok(!FileTimeToSystemTime(&ft, &back), "a FILETIME with the top bit set is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");

    set_ft(&ft, 5);
    set_ft(&ft2, 0x100000000ULL);
    is_int(CompareFileTime(&ft, &ft2), -1, "CompareFileTime: earlier is -1");
    is_int(CompareFileTime(&ft2, &ft), 1, "later is 1");
    is_int(CompareFileTime(&ft, &ft), 0, "equal is 0");

    /* The clocks. */
    GetSystemTimeAsFileTime(&ft);
    now = time(NULL);
    a = (ft64(&ft) - 116444736000000000ULL) / 10000000ULL;
    ok(a + 2 >= (ULONGLONG)now && a <= (ULONGLONG)now + 2, "GetSystemTimeAsFileTime is now");
    GetSystemTime(&st);
    SystemTimeToFileTime(&st, &ft2);
    ok(ft64(&ft2) / 10000000ULL - ft64(&ft) / 10000000ULL <= 2, "GetSystemTime agrees with it");
    ok(QueryPerformanceFrequency(&f1) && QueryPerformanceFrequency(&f2), "QueryPerformanceFrequency");
    ok(f1.QuadPart == 10000000 && f2.QuadPart == f1.QuadPart, "a constant 10 MHz");
    QueryPerformanceCounter(&c1);
    Sleep(30);
    QueryPerformanceCounter(&c2);
    ok(c2.QuadPart - c1.QuadPart >= 25 * 10000 && c2.QuadPart - c1.QuadPart < 10000000,
       "QueryPerformanceCounter advances with time");
    a = GetTickCount64();
    r = GetTickCount();
    b = GetTickCount64();
    ok(b >= a && (DWORD)a <= r && r <= (DWORD)b + 1, "GetTickCount is GetTickCount64's low 32 bits");
    is_int(timeGetTime() - GetTickCount() <= 1, 1, "timeGetTime follows GetTickCount");

    /* Local time and the zone: a fixed zone makes the values known. */
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    tzset();
    r = GetTimeZoneInformation(&tz);
    ok(r == TIME_ZONE_ID_STANDARD || r == TIME_ZONE_ID_DAYLIGHT, "GetTimeZoneInformation: a zone with DST");
    is_int(tz.Bias, 300, "Bias 300: UTC = local + 5 h");
    is_int(tz.DaylightBias, -60, "DaylightBias -60");
    ok(tz.StandardName[0] == 'E' && tz.StandardName[1] == 'S' && tz.StandardName[2] == 'T'
       && tz.StandardName[3] == 0, "StandardName L\"EST\"");
    ok(tz.DaylightDate.wMonth == 3 && tz.DaylightDate.wDay == 2 && tz.DaylightDate.wDayOfWeek == 0
       && tz.DaylightDate.wHour == 2, "DaylightDate: 2nd Sunday of March, 02:00");
    ok(tz.StandardDate.wMonth == 11 && tz.StandardDate.wDay == 1 && tz.StandardDate.wDayOfWeek == 0
       && tz.StandardDate.wHour == 2, "StandardDate: 1st Sunday of November, 02:00");

    st = st_of(2024, 7, 4, 16, 0, 0, 0);
    ok(SystemTimeToTzSpecificLocalTime(NULL, &st, &back), "SystemTimeToTzSpecificLocalTime(NULL)");
    is_int(back.wHour, 12, "July: EDT, UTC-4");
    st = st_of(2024, 1, 4, 16, 0, 0, 0);
    SystemTimeToTzSpecificLocalTime(NULL, &st, &back);
    is_int(back.wHour, 11, "January: EST, UTC-5");
    st = st_of(2024, 7, 4, 16, 0, 0, 0);
    SystemTimeToTzSpecificLocalTime(&tz, &st, &back);
    is_int(back.wHour, 12, "with the zone's rules given: the same");
    st = st_of(2024, 3, 10, 6, 59, 0, 0);
    SystemTimeToTzSpecificLocalTime(&tz, &st, &back);
    is_int(back.wHour, 1, "a minute before the change: 01:59 EST");
    st = st_of(2024, 3, 10, 7, 0, 0, 0);
    SystemTimeToTzSpecificLocalTime(&tz, &st, &back);
    is_int(back.wHour, 3, "at the change: 03:00 EDT");
    st = st_of(2024, 7, 4, 12, 0, 0, 0);
    ok(TzSpecificLocalTimeToSystemTime(NULL, &st, &back) && back.wHour == 16,
       "TzSpecificLocalTimeToSystemTime: back to 16:00 UTC");

    {
        char b[64];
        SYSTEMTIME d = st_of(2024, 7, 4, 15, 5, 7, 0);
        is_int(GetDateFormatA(LOCALE_USER_DEFAULT, 0, &d, "dddd, MMMM dd yyyy 'at' ''ddd'' MMM yy", b, sizeof(b)),
               strlen("Thursday, July 04 2024 at 'Thu' Jul 24") + 1, "GetDateFormat returns the length with the NUL");
        is_str(b, "Thursday, July 04 2024 at 'Thu' Jul 24", "day and month names, quoted text");
        GetDateFormatA(LOCALE_USER_DEFAULT, DATE_SHORTDATE, &d, NULL, b, sizeof(b));
        is_str(b, "7/4/2024", "DATE_SHORTDATE: M/d/yyyy");
        GetDateFormatA(LOCALE_USER_DEFAULT, DATE_LONGDATE, &d, NULL, b, sizeof(b));
        is_str(b, "Thursday, July 4, 2024", "DATE_LONGDATE");
        is_int(GetDateFormatA(LOCALE_USER_DEFAULT, 0, &d, "yyyy-MM-dd", NULL, 0), 11, "cchDate 0: the size needed");
        SetLastError(0);
        is_int(GetDateFormatA(LOCALE_USER_DEFAULT, 0, &d, "yyyy-MM-dd", b, 10), 0, "one too small: 0");
        is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER");
        SetLastError(0);
        is_int(GetDateFormatA(LOCALE_USER_DEFAULT, DATE_LONGDATE, &d, "yyyy", b, sizeof(b)), 0,
               "flags with a picture: 0");
        is_int(GetLastError(), ERROR_INVALID_FLAGS, "ERROR_INVALID_FLAGS");
        GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &d, NULL, b, sizeof(b));
        is_str(b, "3:05:07 PM", "GetTimeFormat default: h:mm:ss tt");
        GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_NOSECONDS, &d, NULL, b, sizeof(b));
        is_str(b, "3:05 PM", "TIME_NOSECONDS drops the seconds and their separator");
        GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_FORCE24HOURFORMAT | TIME_NOTIMEMARKER, &d, "hh:mm:ss tt", b, sizeof(b));
        is_str(b, "15:05:07", "TIME_FORCE24HOURFORMAT | TIME_NOTIMEMARKER");
        GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &d, "HH'h'mm", b, sizeof(b));
        is_str(b, "15h05", "HH and quoted text");
    }

    setenv("TZ", "UTC0", 1);
    tzset();
    r = GetTimeZoneInformation(&tz);
    is_int(r, TIME_ZONE_ID_UNKNOWN, "a zone without DST: TIME_ZONE_ID_UNKNOWN");
    is_int(tz.Bias, 0, "Bias 0");
    setenv("TZ", "JST-9", 1);
    tzset();
    GetTimeZoneInformation(&tz);
    is_int(tz.Bias, -540, "east of Greenwich the Bias is negative: -540");
    set_ft(&ft, 116444736000000000ULL);
    FileTimeToLocalFileTime(&ft, &ft2);
    ok(ft64(&ft2) - ft64(&ft) == 9ULL * 3600 * 10000000, "FileTimeToLocalFileTime adds 9 h");
    LocalFileTimeToFileTime(&ft2, &ft);
    ok(ft64(&ft) == 116444736000000000ULL, "LocalFileTimeToFileTime takes them off");
    GetLocalTime(&st);
    GetSystemTime(&back);
    SystemTimeToFileTime(&st, &ft);
    SystemTimeToFileTime(&back, &ft2);
    a = ft64(&ft) - ft64(&ft2);
    ok(a > 9ULL * 3600 * 10000000 - 20000000 && a < 9ULL * 3600 * 10000000 + 20000000,
       "GetLocalTime is 9 hours ahead of GetSystemTime");
    return done();
}
