/**
 * @file isapi/win_log.h
 * @brief Logging the Windows way: OutputDebugString and the event log
 *        (sdk/runtime/debug.c).
 *
 * Both go to the host's log (httpd's error log), each line naming the
 * filter it comes from: OutputDebugString at debug level, ReportEvent at
 * the level its event type matches (error, warning, info; audits at
 * notice).  There is no debugger to break into: IsDebuggerPresent is
 * FALSE and DebugBreak logs an error line and returns.
 */
#ifndef ISAPI_WIN_LOG_H
#define ISAPI_WIN_LOG_H

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EVENTLOG_SUCCESS          0x0000
#define EVENTLOG_ERROR_TYPE       0x0001
#define EVENTLOG_WARNING_TYPE     0x0002
#define EVENTLOG_INFORMATION_TYPE 0x0004
#define EVENTLOG_AUDIT_SUCCESS    0x0008
#define EVENTLOG_AUDIT_FAILURE    0x0010

#define EVENTLOG_SEQUENTIAL_READ  0x0001
#define EVENTLOG_SEEK_READ        0x0002
#define EVENTLOG_FORWARDS_READ    0x0004
#define EVENTLOG_BACKWARDS_READ   0x0008


WINBASEAPI VOID WINAPI OutputDebugStringA(LPCSTR lpOutputString);
WINBASEAPI VOID WINAPI OutputDebugStringW(LPCWSTR lpOutputString);
WINBASEAPI BOOL WINAPI IsDebuggerPresent(void);
WINBASEAPI VOID WINAPI DebugBreak(void);

WINADVAPI HANDLE WINAPI RegisterEventSourceA(LPCSTR lpUNCServerName,
                                             LPCSTR lpSourceName);
WINADVAPI BOOL WINAPI DeregisterEventSource(HANDLE hEventLog);
WINADVAPI BOOL WINAPI ReportEventA(HANDLE hEventLog, WORD wType,
                                   WORD wCategory, DWORD dwEventID,
                                   PSID lpUserSid, WORD wNumStrings,
                                   DWORD dwDataSize, LPCSTR *lpStrings,
                                   LPVOID lpRawData);

#define OutputDebugString   OutputDebugStringA
#define RegisterEventSource RegisterEventSourceA
#define ReportEvent         ReportEventA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_LOG_H */
