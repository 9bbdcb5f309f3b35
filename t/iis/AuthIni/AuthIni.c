// AuthIni.c : an ISAPI filter that checks Basic credentials against the
// [Users] section of AuthIni.ini, tags responses with its settings, and
// has a worker thread append one line per request to a log file.
//
// Written as IIS filters were: DllMain keeps the module handle, a
// critical section guards what the threads share, the worker waits on
// events, and OutputDebugString says what happens.

#include "StdAfx.h"
#include "Config\Settings.h"

static HINSTANCE        g_hInst;
static CRITICAL_SECTION g_csQueue;
static AUTHINI_SETTINGS g_Settings;
static HANDLE           g_hStop;
static HANDLE           g_hWork;
static HANDLE           g_hWorker;
static DWORD            g_dwWorkerId;
static LONG             g_cRequests;
static LONG             g_cDenied;
static CHAR             g_szQueue[AUTHINI_MAX_QUEUE];
static DWORD            g_cchQueue;

BOOL WINAPI DllMain(HINSTANCE hinstDLL, DWORD fdwReason, LPVOID lpvReserved)
{
    UNREFERENCED_PARAMETER(lpvReserved);

    switch (fdwReason)
    {
    case DLL_PROCESS_ATTACH:
        g_hInst = hinstDLL;
        DisableThreadLibraryCalls(hinstDLL);
        InitializeCriticalSection(&g_csQueue);
        OutputDebugString("AuthIni: DLL_PROCESS_ATTACH\n");
        break;
    case DLL_PROCESS_DETACH:
        DeleteCriticalSection(&g_csQueue);
        OutputDebugString("AuthIni: DLL_PROCESS_DETACH\n");
        break;
    }
    return TRUE;
}

// Takes what the requests queued and appends it to the log file.
static void FlushQueue(void)
{
    CHAR szLines[AUTHINI_MAX_QUEUE];
    DWORD cch, cbWritten;
    HANDLE hFile;

    EnterCriticalSection(&g_csQueue);
    cch = g_cchQueue;
    CopyMemory(szLines, g_szQueue, cch);
    g_cchQueue = 0;
    LeaveCriticalSection(&g_csQueue);
    if (cch == 0)
        return;

    hFile = CreateFile(g_Settings.szLogFile, FILE_APPEND_DATA,
                       FILE_SHARE_READ, NULL, OPEN_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile == INVALID_HANDLE_VALUE)
    {
        CHAR szMsg[MAX_PATH + 64];
        wsprintf(szMsg, "AuthIni: cannot open %s (error %lu)\n",
                 g_Settings.szLogFile, GetLastError());
        OutputDebugString(szMsg);
        return;
    }
    SetFilePointer(hFile, 0, NULL, FILE_END);
    WriteFile(hFile, szLines, cch, &cbWritten, NULL);
    CloseHandle(hFile);
}

static DWORD WINAPI LogWorker(LPVOID lpParameter)
{
    HANDLE ahWait[2];
    DWORD dwWait;

    UNREFERENCED_PARAMETER(lpParameter);
    ahWait[0] = g_hStop;
    ahWait[1] = g_hWork;
    for (;;)
    {
        dwWait = WaitForMultipleObjects(2, ahWait, FALSE, INFINITE);
        FlushQueue();
        if (dwWait != WAIT_OBJECT_0 + 1)
            break;
    }
    return 0;
}

BOOL WINAPI GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    CHAR szMsg[512];

    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    StringCchCopy(pVer->lpszFilterDesc, SF_MAX_FILTER_DESC_LEN,
                  "AuthIni: INI file authentication filter");

    if (!LoadSettings(g_hInst, &g_Settings))
    {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
    wsprintf(szMsg, "AuthIni: realm \"%s\" from %s, log %s\n",
             g_Settings.szRealm, g_Settings.szIniFile, g_Settings.szLogFile);
    OutputDebugString(szMsg);

    g_hStop = CreateEvent(NULL, TRUE, FALSE, NULL);
    g_hWork = CreateEvent(NULL, FALSE, FALSE, NULL);
    g_hWorker = CreateThread(NULL, 0, LogWorker, NULL, 0, &g_dwWorkerId);
    if (g_hStop == NULL || g_hWork == NULL || g_hWorker == NULL)
        return FALSE;

    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_SECURE_PORT |
                    SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_AUTHENTICATION |
                    SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_END_OF_REQUEST;
    return TRUE;
}

static DWORD OnAuthentication(PHTTP_FILTER_CONTEXT pfc,
                              PHTTP_FILTER_AUTHENT pAuth)
{
    CHAR szPassword[SF_MAX_PASSWORD];
    CHAR *pszUser;

    if (pAuth->pszUser[0] == '\0')
        return SF_STATUS_REQ_NEXT_NOTIFICATION;     // anonymous

    GetPrivateProfileString(AUTHINI_USERS, pAuth->pszUser, "", szPassword,
                            sizeof(szPassword), g_Settings.szIniFile);
    if (szPassword[0] == '\0' || strcmp(szPassword, pAuth->pszPassword) != 0)
    {
        InterlockedIncrement(&g_cDenied);
        SetLastError(ERROR_ACCESS_DENIED);
        return SF_STATUS_REQ_ERROR;
    }

    // Remember who it was for the response header.
    pszUser = (CHAR *)pfc->AllocMem(pfc, lstrlen(pAuth->pszUser) + 1, 0);
    if (pszUser != NULL)
    {
        lstrcpy(pszUser, pAuth->pszUser);
        pfc->pFilterContext = pszUser;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD OnSendResponse(PHTTP_FILTER_CONTEXT pfc,
                            PHTTP_FILTER_SEND_RESPONSE pResp)
{
    CHAR szHeader[1024];
    LONG cRequests = InterlockedIncrement(&g_cRequests);

    wsprintf(szHeader, "realm=%s; greeting=%s; enabled=%lu; user=%s; "
             "requests=%ld; denied=%ld",
             g_Settings.szRealm, g_Settings.szGreeting, g_Settings.dwEnabled,
             pfc->pFilterContext ? (CHAR *)pfc->pFilterContext : "-",
             cRequests, g_cDenied);
    pResp->SetHeader(pfc, "X-AuthIni:", szHeader);
    pResp->SetHeader(pfc, "X-AuthIni-Module:", g_Settings.szModule);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD OnEndOfRequest(PHTTP_FILTER_CONTEXT pfc)
{
    CHAR szUrl[512], szLine[700];
    DWORD cbUrl = sizeof(szUrl);
    int cch;

    if (!pfc->GetServerVariable(pfc, "URL", szUrl, &cbUrl))
        lstrcpy(szUrl, "?");
    cch = _snprintf(szLine, sizeof(szLine) - 1, "%s %s\r\n",
                    pfc->pFilterContext ? (CHAR *)pfc->pFilterContext : "-",
                    szUrl);
    if (cch < 0)
        return SF_STATUS_REQ_NEXT_NOTIFICATION;

    EnterCriticalSection(&g_csQueue);
    if (g_cchQueue + (DWORD)cch <= sizeof(g_szQueue))
    {
        CopyMemory(g_szQueue + g_cchQueue, szLine, cch);
        g_cchQueue += cch;
    }
    LeaveCriticalSection(&g_csQueue);
    SetEvent(g_hWork);
    pfc->pFilterContext = NULL;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType,
                            LPVOID pvNotification)
{
    switch (NotificationType)
    {
    case SF_NOTIFY_AUTHENTICATION:
        return OnAuthentication(pfc, (PHTTP_FILTER_AUTHENT)pvNotification);
    case SF_NOTIFY_SEND_RESPONSE:
        return OnSendResponse(pfc, (PHTTP_FILTER_SEND_RESPONSE)pvNotification);
    case SF_NOTIFY_END_OF_REQUEST:
        return OnEndOfRequest(pfc);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    UNREFERENCED_PARAMETER(dwFlags);

    SetEvent(g_hStop);
    if (WaitForSingleObject(g_hWorker, 5000) != WAIT_OBJECT_0)
        OutputDebugString("AuthIni: the log worker did not stop\n");
    CloseHandle(g_hWorker);
    CloseHandle(g_hWork);
    CloseHandle(g_hStop);
    OutputDebugString("AuthIni: TerminateFilter\n");
    return TRUE;
}
