// HitCount.cpp : counts requests per URL in a C++ map and reports the
// count, the time since the DLL loaded and the number of distinct URLs.
// Plain C++ with extern "C" entry points and a .def file, as Visual C++
// projects without MFC were written.

#include "stdafx.h"
#include <map>
#include <string>

#pragma comment(lib, "kernel32.lib")
#pragma warning(disable: 4996)      // _snprintf

class CHitTable
{
public:
    CHitTable() : m_dwStart(GetTickCount())
    {
        InitializeCriticalSection(&m_cs);
    }
    ~CHitTable()
    {
        DeleteCriticalSection(&m_cs);
    }

    LONG Hit(const char *pszUrl, size_t *pcUrls)
    {
        EnterCriticalSection(&m_cs);
        LONG n = ++m_hits[pszUrl];
        *pcUrls = m_hits.size();
        LeaveCriticalSection(&m_cs);
        return n;
    }

    DWORD Age() const { return GetTickCount() - m_dwStart; }

private:
    CRITICAL_SECTION m_cs;
    std::map<std::string, LONG> m_hits;
    DWORD m_dwStart;
};

// Constructed when the DLL loads, destroyed when it unloads.
static CHitTable g_table;

extern "C" BOOL WINAPI GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy_s(pVer->lpszFilterDesc, "HitCount: per-URL request counter");
    pVer->dwFlags = SF_NOTIFY_ORDER_LOW | SF_NOTIFY_NONSECURE_PORT |
                    SF_NOTIFY_SECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

extern "C" DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc,
                                       DWORD NotificationType,
                                       LPVOID pvNotification)
{
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS)
        return SF_STATUS_REQ_NEXT_NOTIFICATION;

    PHTTP_FILTER_PREPROC_HEADERS pHeaders =
        (PHTTP_FILTER_PREPROC_HEADERS)pvNotification;
    char szUrl[INTERNET_MAX_URL_LENGTH];
    DWORD cbUrl = sizeof(szUrl);
    if (!pHeaders->GetHeader(pfc, "url", szUrl, &cbUrl))
        return SF_STATUS_REQ_NEXT_NOTIFICATION;

    // MSVC lets a const char * from strchr() go into a char *; g++ needs
    // -fpermissive, which isapi-cc gives C++ sources.
    char *pszQuery = strchr((const char *)szUrl, '?');
    if (pszQuery)
        *pszQuery = '\0';

    size_t cUrls;
    LONG n = g_table.Hit(szUrl, &cUrls);
    char szLine[256];
    _snprintf_s(szLine, sizeof(szLine), _TRUNCATE,
                "X-HitCount: %s %ld urls=%lu age-ok=%d\r\n", szUrl, n,
                (unsigned long)cUrls, g_table.Age() < 3600000 ? 1 : 0);
    pfc->AddResponseHeaders(pfc, szLine, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
