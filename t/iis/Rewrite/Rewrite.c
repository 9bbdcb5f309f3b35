// Rewrite.c : an ISAPI filter that rewrites request URLs by the rules in
// Rewrite.ini (beside the DLL), or redirects to them with a 302.
//
// A worker thread watches the DLL's folder and reloads the rules when the
// INI file changes, so the administrator does not have to restart IIS.
// Every rewrite is appended to the log file the INI names.

#include <Windows.h>
#include <HttpFilt.h>
#include <tchar.h>
#include <stdio.h>
#include <string.h>
#include "Rules\RuleTable.h"

#define REWRITE_INI_NAME    _T("Rewrite.ini")
#define REWRITE_SETTLE_MS   250

static HINSTANCE        g_hInst;
static CRITICAL_SECTION g_csRules;      // guards g_pRules and g_ftIni
static CRITICAL_SECTION g_csLog;        // one writer at a time
static PRULE_TABLE      g_pRules;
static FILETIME         g_ftIni;
static volatile LONG    g_cReloads;
static volatile LONG    g_cRewrites;
static TCHAR            g_szDllDir[MAX_PATH];
static TCHAR            g_szIniFile[MAX_PATH];
static HANDLE           g_hStop;
static HANDLE           g_hChange = INVALID_HANDLE_VALUE;
static HANDLE           g_hWatcher;

BOOL WINAPI DllMain(HINSTANCE hinstDLL, DWORD fdwReason, LPVOID lpvReserved)
{
    TCHAR *pSlash;

    switch (fdwReason)
    {
    case DLL_PROCESS_ATTACH:
        g_hInst = hinstDLL;
        DisableThreadLibraryCalls(hinstDLL);
        InitializeCriticalSection(&g_csRules);
        InitializeCriticalSection(&g_csLog);

        // The rules live in the DLL's own folder.
        if (GetModuleFileName(hinstDLL, g_szDllDir, MAX_PATH) == 0)
            return FALSE;
        pSlash = _tcsrchr(g_szDllDir, _T('\\'));
        if (pSlash == NULL)
            return FALSE;
        *pSlash = _T('\0');
        if (lstrlen(g_szDllDir) + 1 + lstrlen(REWRITE_INI_NAME) >= MAX_PATH)
            return FALSE;
        wsprintf(g_szIniFile, _T("%s\\%s"), g_szDllDir, REWRITE_INI_NAME);
        OutputDebugString(_T("Rewrite: DLL_PROCESS_ATTACH\n"));
        break;

    case DLL_PROCESS_DETACH:
        if (lpvReserved == NULL)
        {
            DeleteCriticalSection(&g_csLog);
            DeleteCriticalSection(&g_csRules);
        }
        OutputDebugString(_T("Rewrite: DLL_PROCESS_DETACH\n"));
        break;
    }
    return TRUE;
}

// Reads the INI file into a new table and puts it in place of the old one.
static BOOL LoadRules(BOOL fReload)
{
    PRULE_TABLE pNew, pOld;
    WIN32_FILE_ATTRIBUTE_DATA fad;
    TCHAR szMsg[MAX_PATH * 2 + 128];
    LONG cReloads = 0;

    pNew = (PRULE_TABLE)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                                  sizeof(RULE_TABLE));
    if (pNew == NULL)
        return FALSE;
    ZeroMemory(&fad, sizeof(fad));
    GetFileAttributesEx(g_szIniFile, GetFileExInfoStandard, &fad);
    if (!LoadRuleTable(g_szIniFile, pNew))
    {
        wsprintf(szMsg, _T("Rewrite: no rules in %s (error %lu)\n"),
                 g_szIniFile, GetLastError());
        OutputDebugString(szMsg);
    }

    EnterCriticalSection(&g_csRules);
    pOld = g_pRules;
    g_pRules = pNew;
    g_ftIni = fad.ftLastWriteTime;
    if (fReload)
        cReloads = InterlockedIncrement(&g_cReloads);
    LeaveCriticalSection(&g_csRules);
    if (pOld != NULL)
        HeapFree(GetProcessHeap(), 0, pOld);

    wsprintf(szMsg, _T("Rewrite: %s %lu rules from %s (Redirect=%d, log %s, reload %ld)\n"),
             fReload ? _T("reloaded") : _T("loaded"), pNew->cRules,
             g_szIniFile, pNew->fRedirect, pNew->szLogFile, cReloads);
    OutputDebugString(szMsg);
    return TRUE;
}

// Whether the INI file was written since the rules were read; other files
// in the folder (the DLL itself, editor backups) change it too.
static BOOL IniFileChanged(void)
{
    WIN32_FILE_ATTRIBUTE_DATA fad;
    LONG lCompare;

    if (!GetFileAttributesEx(g_szIniFile, GetFileExInfoStandard, &fad))
        return FALSE;       // being replaced: the next change reloads
    EnterCriticalSection(&g_csRules);
    lCompare = CompareFileTime(&fad.ftLastWriteTime, &g_ftIni);
    LeaveCriticalSection(&g_csRules);
    return lCompare != 0;
}

static DWORD WINAPI WatchIniFile(LPVOID lpParameter)
{
    HANDLE ahWait[2];
    DWORD dwWait;

    UNREFERENCED_PARAMETER(lpParameter);
    ahWait[0] = g_hStop;
    ahWait[1] = g_hChange;
    for (;;)
    {
        dwWait = WaitForMultipleObjects(2, ahWait, FALSE, INFINITE);
        if (dwWait != WAIT_OBJECT_0 + 1)
            break;

        // Notepad writes in pieces: let it finish before reading.
        if (WaitForSingleObject(g_hStop, REWRITE_SETTLE_MS) == WAIT_OBJECT_0)
            break;
        if (IniFileChanged())
            LoadRules(TRUE);
        if (!FindNextChangeNotification(g_hChange))
        {
            OutputDebugString(_T("Rewrite: FindNextChangeNotification failed, rules no longer reloaded\n"));
            break;
        }
    }
    return 0;
}

BOOL WINAPI GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    DWORD dwThreadId;

    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpyn(pVer->lpszFilterDesc, _T("Rewrite: URL rewriting filter"),
             SF_MAX_FILTER_DESC_LEN);

    if (!LoadRules(FALSE))
        return FALSE;

    g_hStop = CreateEvent(NULL, TRUE, FALSE, NULL);
    if (g_hStop == NULL)
        return FALSE;
    g_hChange = FindFirstChangeNotification(g_szDllDir, FALSE,
                                            FILE_NOTIFY_CHANGE_LAST_WRITE);
    if (g_hChange == INVALID_HANDLE_VALUE)
    {
        TCHAR szMsg[MAX_PATH + 64];
        wsprintf(szMsg, _T("Rewrite: cannot watch %s (error %lu)\n"),
                 g_szDllDir, GetLastError());
        OutputDebugString(szMsg);
    }
    else
    {
        g_hWatcher = CreateThread(NULL, 0, WatchIniFile, NULL, 0, &dwThreadId);
        if (g_hWatcher == NULL)
            return FALSE;
    }

    pVer->dwFlags = SF_NOTIFY_ORDER_HIGH | SF_NOTIFY_SECURE_PORT |
                    SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

// Appends "date time rule: old -> new" to the log file.
static void LogRewrite(LPCTSTR pszLogFile, LPCTSTR pszRule, LPCTSTR pszUrl,
                       LPCTSTR pszNewUrl, BOOL fRedirect)
{
    SYSTEMTIME st;
    TCHAR szLine[1024];
    DWORD cbWritten;
    HANDLE hFile;
    int cch;

    if (pszLogFile[0] == _T('\0'))
        return;
    GetLocalTime(&st);
    cch = wsprintf(szLine, _T("%04d-%02d-%02d %02d:%02d:%02d rule %s: %.400s %s %.400s\r\n"),
                   st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
                   st.wSecond, pszRule, pszUrl, fRedirect ? _T("=302=>") : _T("->"),
                   pszNewUrl);

    EnterCriticalSection(&g_csLog);
    hFile = CreateFile(pszLogFile, GENERIC_WRITE, FILE_SHARE_READ, NULL,
                       OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile != INVALID_HANDLE_VALUE)
    {
        SetFilePointer(hFile, 0, NULL, FILE_END);
        WriteFile(hFile, szLine, cch * sizeof(TCHAR), &cbWritten, NULL);
        CloseHandle(hFile);
    }
    LeaveCriticalSection(&g_csLog);
    if (hFile == INVALID_HANDLE_VALUE)
    {
        TCHAR szMsg[MAX_PATH + 64];
        wsprintf(szMsg, _T("Rewrite: cannot open %s (error %lu)\n"),
                 pszLogFile, GetLastError());
        OutputDebugString(szMsg);
    }
}

static DWORD OnPreprocHeaders(PHTTP_FILTER_CONTEXT pfc,
                              PHTTP_FILTER_PREPROC_HEADERS pHeaders)
{
    CHAR szUrl[RULE_MAX_URL];
    CHAR szNewUrl[RULE_MAX_URL];
    CHAR szRule[RULE_MAX_NAME];
    CHAR szLogFile[MAX_PATH];
    CHAR szHeader[256];
    CHAR szMsg[RULE_MAX_URL * 2 + 64];
    DWORD cbUrl = sizeof(szUrl);
    const REWRITE_RULE *pRule;
    BOOL fRedirect;
    LONG cReloads;

    if (!pHeaders->GetHeader(pfc, "url", szUrl, &cbUrl))
        return SF_STATUS_REQ_NEXT_NOTIFICATION;     // too long for any rule

    EnterCriticalSection(&g_csRules);
    pRule = MatchRule(g_pRules, szUrl, szNewUrl, sizeof(szNewUrl));
    if (pRule != NULL)
        strcpy_s(szRule, sizeof(szRule), pRule->szName);
    fRedirect = g_pRules->fRedirect;
    strcpy_s(szLogFile, sizeof(szLogFile), g_pRules->szLogFile);
    cReloads = g_cReloads;
    LeaveCriticalSection(&g_csRules);
    if (pRule == NULL)
        return SF_STATUS_REQ_NEXT_NOTIFICATION;

    InterlockedIncrement(&g_cRewrites);
    _snprintf_s(szHeader, sizeof(szHeader), _TRUNCATE,
                "X-Rewrite: rule=%s; reloads=%ld\r\n", szRule, cReloads);
    pfc->AddResponseHeaders(pfc, szHeader, 0);
    LogRewrite(szLogFile, szRule, szUrl, szNewUrl, fRedirect);

    if (fRedirect)
    {
        CHAR szLocation[RULE_MAX_URL + 64];

        _snprintf_s(szLocation, sizeof(szLocation), _TRUNCATE,
                    "Location: %s\r\nContent-Length: 0\r\n\r\n", szNewUrl);
        wsprintf(szMsg, "Rewrite: rule %s redirects %.400s to %.400s\n",
                 szRule, szUrl, szNewUrl);
        OutputDebugString(szMsg);
        if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                        (PVOID)"302 Moved",
                                        (ULONG_PTR)szLocation, 0))
            return SF_STATUS_REQ_ERROR;
        return SF_STATUS_REQ_FINISHED_KEEP_CONN;
    }

    if (!pHeaders->SetHeader(pfc, "url", szNewUrl))
        return SF_STATUS_REQ_ERROR;
    wsprintf(szMsg, "Rewrite: rule %s rewrites %.400s to %.400s\n",
             szRule, szUrl, szNewUrl);
    OutputDebugString(szMsg);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType,
                            LPVOID pvNotification)
{
    switch (NotificationType)
    {
    case SF_NOTIFY_PREPROC_HEADERS:
        return OnPreprocHeaders(pfc, (PHTTP_FILTER_PREPROC_HEADERS)pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    TCHAR szMsg[128];

    UNREFERENCED_PARAMETER(dwFlags);

    if (g_hStop != NULL)
        SetEvent(g_hStop);
    if (g_hWatcher != NULL)
    {
        if (WaitForSingleObject(g_hWatcher, 5000) != WAIT_OBJECT_0)
            OutputDebugString(_T("Rewrite: the watcher thread did not stop\n"));
        CloseHandle(g_hWatcher);
        g_hWatcher = NULL;
    }
    if (g_hChange != INVALID_HANDLE_VALUE)
    {
        FindCloseChangeNotification(g_hChange);
        g_hChange = INVALID_HANDLE_VALUE;
    }
    if (g_hStop != NULL)
    {
        CloseHandle(g_hStop);
        g_hStop = NULL;
    }
    EnterCriticalSection(&g_csRules);
    if (g_pRules != NULL)
    {
        HeapFree(GetProcessHeap(), 0, g_pRules);
        g_pRules = NULL;
    }
    LeaveCriticalSection(&g_csRules);

    wsprintf(szMsg, _T("Rewrite: TerminateFilter after %ld rewrites, %ld reloads\n"),
             g_cRewrites, g_cReloads);
    OutputDebugString(szMsg);
    return TRUE;
}
