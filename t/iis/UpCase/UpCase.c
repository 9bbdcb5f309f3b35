/*
 * UpCase.c : an ISAPI filter in the style of the IIS samples.  A request
 * whose mapped path has a directory component called UC (in any case) is
 * served from the same path without it, and its body is sent in upper
 * case.  It needs Windows paths: it looks for "\UC\" in the physical
 * path, so it is loaded with "ISAPIFilter ... WindowsPaths".
 */

#include <windows.h>
#include <httpfilt.h>
#include <tchar.h>

#define UC_DIR      _T("\\UC\\")
#define UC_DIR_LEN  4

/* pFilterContext values: the request is one to upper-case, and its head
 * has gone by. */
#define UC_BODY     ((LPVOID)1)
#define UC_HEAD     ((LPVOID)2)

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpyn(pVer->lpszFilterDesc, _T("UpCase: upper-cases /UC/ documents"),
             SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_NONSECURE_PORT |
                    SF_NOTIFY_SECURE_PORT | SF_NOTIFY_URL_MAP |
                    SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST;
    return TRUE;
}

/* Finds "\UC\" in pszPath without regard to case. */
static LPTSTR FindUcDir(LPTSTR pszPath)
{
    TCHAR szUpper[MAX_PATH * 2];
    LPTSTR pszFound;

    if (lstrlen(pszPath) >= (int)(sizeof(szUpper) / sizeof(TCHAR)))
        return NULL;
    lstrcpy(szUpper, pszPath);
    CharUpper(szUpper);
    pszFound = _tcsstr(szUpper, UC_DIR);
    if (pszFound == NULL)
        return NULL;
    return pszPath + (pszFound - szUpper);
}

static DWORD OnUrlMap(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_URL_MAP pMap)
{
    CHAR szSeen[MAX_PATH * 2 + 40];
    LPTSTR pszUc = FindUcDir(pMap->pszPhysicalPath);

    /* What it was given, for whoever looks at the response. */
    wsprintf(szSeen, "X-UpCase-Seen: %s\r\n", pMap->pszPhysicalPath);
    pfc->AddResponseHeaders(pfc, szSeen, 0);
    if (pszUc == NULL)
        return SF_STATUS_REQ_NEXT_NOTIFICATION;

    /* "...\UC\x.htm" -> "...\x.htm", in the buffer IIS gave. */
    MoveMemory(pszUc + 1, pszUc + UC_DIR_LEN,
               (lstrlen(pszUc + UC_DIR_LEN) + 1) * sizeof(TCHAR));
    pfc->pFilterContext = UC_BODY;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD OnSendRawData(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_RAW_DATA pRaw)
{
    if (pfc->pFilterContext == NULL)
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    if (pfc->pFilterContext == UC_BODY)
    {
        /* The head comes first, in a notification of its own. */
        pfc->pFilterContext = UC_HEAD;
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    __try
    {
        CharUpperBuff((LPTSTR)pRaw->pvInData, pRaw->cbInData);
    }
    __except (EXCEPTION_EXECUTE_HANDLER)
    {
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    switch (NotificationType)
    {
    case SF_NOTIFY_URL_MAP:
        return OnUrlMap(pfc, (PHTTP_FILTER_URL_MAP)pvNotification);
    case SF_NOTIFY_SEND_RAW_DATA:
        return OnSendRawData(pfc, (PHTTP_FILTER_RAW_DATA)pvNotification);
    case SF_NOTIFY_END_OF_REQUEST:
        pfc->pFilterContext = NULL;
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
