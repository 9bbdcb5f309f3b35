/*
 * debug.c: OutputDebugString and the event log, which go to the host's
 * log naming the filter that called (isw_log finds it from the caller's
 * address).
 *
 * An event source is a handle of kind ISW_EVENTLOG that remembers its
 * name.  Without the source's message file there is no message text to
 * format, so a ReportEvent line carries what Event Viewer shows in that
 * case: the source, the event id and the strings.
 */
#include "isw.h"

typedef struct {
    isw_obj base;
    char source[256];
} eventsource;

static void eventsource_destroy(isw_obj *o)
{
    free(o);
}

WINBASEAPI VOID WINAPI OutputDebugStringA(LPCSTR lpOutputString)
{
    isw_log(ISW_LOG_DEBUG, __builtin_return_address(0),
            "OutputDebugString: %s", lpOutputString ? lpOutputString : "");
}

/* The log takes UTF-8: the UTF-16 text is converted, an unpaired
 * surrogate becoming U+FFFD. */
WINBASEAPI VOID WINAPI OutputDebugStringW(LPCWSTR lpOutputString)
{
    const WCHAR *p = lpOutputString;
    char buf[2048];
    size_t o = 0;

    while (p && *p && o + 5 < sizeof(buf)) {
        unsigned u = *p++;
        if (u >= 0xD800 && u <= 0xDBFF && *p >= 0xDC00 && *p <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (*p++ - 0xDC00);
        }
        else if (u >= 0xD800 && u <= 0xDFFF) {
            u = 0xFFFD;
        }
        if (u < 0x80) {
            buf[o++] = (char)u;
        }
        else if (u < 0x800) {
            buf[o++] = (char)(0xC0 | u >> 6);
            buf[o++] = (char)(0x80 | (u & 0x3F));
        }
        else if (u < 0x10000) {
            buf[o++] = (char)(0xE0 | u >> 12);
            buf[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
            buf[o++] = (char)(0x80 | (u & 0x3F));
        }
        else {
            buf[o++] = (char)(0xF0 | u >> 18);
            buf[o++] = (char)(0x80 | ((u >> 12) & 0x3F));
            buf[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
            buf[o++] = (char)(0x80 | (u & 0x3F));
        }
    }
    buf[o] = '\0';
    isw_log(ISW_LOG_DEBUG, __builtin_return_address(0),
            "OutputDebugString: %s", buf);
}

WINBASEAPI BOOL WINAPI IsDebuggerPresent(void)
{
    return FALSE;
}

/* On Windows a breakpoint with no debugger attached is an unhandled
 * exception that ends the process; here a filter's leftover DebugBreak
 * costs one error line, not the server child. */
WINBASEAPI VOID WINAPI DebugBreak(void)
{
    isw_log(ISW_LOG_ERR, __builtin_return_address(0),
            "DebugBreak called: no debugger here, the call returns");
}

WINADVAPI HANDLE WINAPI RegisterEventSourceA(LPCSTR lpUNCServerName,
                                             LPCSTR lpSourceName)
{
    eventsource *s;

    (void)lpUNCServerName;       /* every event goes to this host's log */
    if (!lpSourceName) {
        isw_fail(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(s = isw_obj_new(sizeof(*s), ISW_EVENTLOG, eventsource_destroy))) {
        return NULL;
    }
    snprintf(s->source, sizeof(s->source), "%s", lpSourceName);
    return isw_handle_new(&s->base);
}

WINADVAPI BOOL WINAPI DeregisterEventSource(HANDLE hEventLog)
{
    return isw_handle_close(hEventLog, ISW_EVENTLOG);
}

WINADVAPI BOOL WINAPI ReportEventA(HANDLE hEventLog, WORD wType,
                                   WORD wCategory, DWORD dwEventID,
                                   PSID lpUserSid, WORD wNumStrings,
                                   DWORD dwDataSize, LPCSTR *lpStrings,
                                   LPVOID lpRawData)
{
    eventsource *s;
    char text[1536];
    size_t o = 0;
    int level;
    WORD i;

    (void)wCategory;
    (void)lpUserSid;
    (void)dwDataSize;
    (void)lpRawData;
    switch (wType) {
    case EVENTLOG_SUCCESS:
    case EVENTLOG_INFORMATION_TYPE:
        level = ISW_LOG_INFO;
        break;
    case EVENTLOG_ERROR_TYPE:
        level = ISW_LOG_ERR;
        break;
    case EVENTLOG_WARNING_TYPE:
        level = ISW_LOG_WARNING;
        break;
    case EVENTLOG_AUDIT_SUCCESS:
    case EVENTLOG_AUDIT_FAILURE:
        level = ISW_LOG_NOTICE;
        break;
    default:
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (wNumStrings && !lpStrings) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(s = (eventsource *)isw_handle_get(hEventLog, ISW_EVENTLOG))) {
        return FALSE;
    }
    text[0] = '\0';
    for (i = 0; i < wNumStrings && o < sizeof(text) - 1; i++) {
        int n = snprintf(text + o, sizeof(text) - o, "%s%s", i ? "; " : "",
                         lpStrings[i] ? lpStrings[i] : "");
        o += n < 0 ? 0 : (size_t)n;
    }
    /* Event Viewer shows the low 16 bits of the id: the code part, without
     * the severity and facility bits a message compiler adds. */
    isw_log(level, __builtin_return_address(0),
            "ReportEvent: source %s, event %u%s%s", s->source,
            (unsigned)(dwEventID & 0xFFFF), wNumStrings ? ": " : "", text);
    isw_obj_put(&s->base);
    return TRUE;
}
