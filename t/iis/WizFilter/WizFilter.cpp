// WIZFILTER.CPP - Implementation file for your Internet Server
//    WizFilter Filter
//
// (t/iis/WizFilter: the wizard's skeleton, filled in the way filter
// authors filled it in, so t/win32/mfc_wizard.t can check each handler:
//   READ_RAW_DATA / SEND_RAW_DATA  count the bytes of the connection
//   PREPROC_HEADERS  X-Wiz-Upper (the URL, MakeUpper), X-Wiz-Port
//                    (GetServerVariable), X-Wiz-Version (VERSIONINFO),
//                    X-Wiz-Pid; /wiz/deny answers 403 itself
//                    (ServerSupportFunction + WriteClient)
//   AUTHENTICATION   user "wizard" / "oz" gets in as WIZARD, other users
//                    are refused; X-Wiz-Auth
//   URL_MAP          X-Wiz-Map (the file the URL maps to); /wiz/throw
//                    throws a CMemoryException
//   SEND_RESPONSE    X-Wiz-Sent (the status and the user)
//   LOG, END_OF_REQUEST, END_OF_NET_SESSION  OutputDebugString lines
// Lines the test reads go through OutputDebugString, which the module
// logs at debug level; TRACE and ISAPITRACE are for debug builds only.)

#include "stdafx.h"
#include "WizFilter.h"

///////////////////////////////////////////////////////////////////////
// The one and only CWinApp object
// NOTE: You may remove this object if you alter your project to no
// longer use MFC in a DLL.

CWinApp theApp;

///////////////////////////////////////////////////////////////////////
// The one and only CWizFilter object

CWizFilter theFilter;

///////////////////////////////////////////////////////////////////////
// CWizFilter implementation

CWizFilter::CWizFilter()
{
    m_cRequests = 0;
}

CWizFilter::~CWizFilter()
{
}

BOOL CWizFilter::GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    AFX_MANAGE_STATE(AfxGetStaticModuleState());
    ISAPIASSERT(pVer != NULL);

    // Call default implementation for initialization
    CHttpFilter::GetFilterVersion(pVer);

    // Clear the flags set by base class
    pVer->dwFlags &= ~SF_NOTIFY_ORDER_MASK;

    // Set the flags we are interested in
    pVer->dwFlags |= SF_NOTIFY_ORDER_LOW | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
             | SF_NOTIFY_LOG | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_PREPROC_HEADERS
             | SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_URL_MAP
             | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_END_OF_REQUEST
             | SF_NOTIFY_END_OF_NET_SESSION;

    // Load description string
    TCHAR sz[SF_MAX_FILTER_DESC_LEN+1];
    ISAPIVERIFY(::LoadString(AfxGetResourceHandle(),
            IDS_FILTER, sz, SF_MAX_FILTER_DESC_LEN));
    _tcscpy(pVer->lpszFilterDesc, sz);

    BuildVersion();
    ISAPITRACE("WizFilter: version %s\n", (LPCTSTR)m_strVersion);

    CString strLine;
    strLine.Format(_T("WizFilter: GetFilterVersion flags 0x%08lx version %s"),
                   (unsigned long)pVer->dwFlags, (LPCTSTR)m_strVersion);
    ::OutputDebugString(strLine);
    return TRUE;
}

// The version of this very DLL, read back from the VERSIONINFO resource
// the .rc file compiled into it, as filters stamped it on their responses.
void CWizFilter::BuildVersion()
{
    TCHAR szPath[MAX_PATH];
    if (!::GetModuleFileName(AfxGetResourceHandle(), szPath, MAX_PATH))
    {
        m_strVersion = _T("no module path");
        return;
    }

    DWORD dwHandle = 0;
    DWORD cbInfo = ::GetFileVersionInfoSize(szPath, &dwHandle);
    if (cbInfo == 0)
    {
        m_strVersion.Format(_T("no VERSIONINFO in %s (error %lu)"), szPath,
                            (unsigned long)::GetLastError());
        return;
    }

    BYTE* pInfo = new BYTE[cbInfo];
    if (!::GetFileVersionInfo(szPath, dwHandle, cbInfo, pInfo))
    {
        m_strVersion = _T("GetFileVersionInfo failed");
        delete [] pInfo;
        return;
    }

    VS_FIXEDFILEINFO* pFixed = NULL;
    UINT cbFixed = 0;
    if (::VerQueryValue(pInfo, _T("\\"), (LPVOID*)&pFixed, &cbFixed)
        && pFixed != NULL && cbFixed >= sizeof(VS_FIXEDFILEINFO))
    {
        m_strVersion.Format(_T("%u.%u.%u.%u"),
                            HIWORD(pFixed->dwFileVersionMS),
                            LOWORD(pFixed->dwFileVersionMS),
                            HIWORD(pFixed->dwFileVersionLS),
                            LOWORD(pFixed->dwFileVersionLS));
    }
    else
        m_strVersion = _T("?");

    // The string block is named after the first translation.
    struct LANGCP { WORD wLanguage; WORD wCodePage; } *pTrans = NULL;
    UINT cbTrans = 0;
    if (::VerQueryValue(pInfo, _T("\\VarFileInfo\\Translation"),
                        (LPVOID*)&pTrans, &cbTrans) && cbTrans >= sizeof(*pTrans))
    {
        CString strKey;
        strKey.Format(_T("\\StringFileInfo\\%04x%04x\\ProductVersion"),
                      pTrans->wLanguage, pTrans->wCodePage);
        LPTSTR pszProduct = NULL;
        UINT cchProduct = 0;
        if (::VerQueryValue(pInfo, (LPTSTR)(LPCTSTR)strKey,
                            (LPVOID*)&pszProduct, &cchProduct) && pszProduct)
        {
            m_strVersion += _T(" (");
            m_strVersion += pszProduct;
            m_strVersion += _T(")");
        }
    }
    delete [] pInfo;
}

WIZCONN* CWizFilter::GetConn(CHttpFilterContext* pCtxt)
{
    WIZCONN* pConn = (WIZCONN*)pCtxt->m_pFC->pFilterContext;
    if (pConn == NULL)
    {
        // AllocMem: freed by the server when the connection ends.
        pConn = (WIZCONN*)pCtxt->AllocMem(sizeof(WIZCONN));
        if (pConn == NULL)
            AfxThrowMemoryException();
        memset(pConn, 0, sizeof(WIZCONN));
        lstrcpy(pConn->szUser, _T("-"));
        pCtxt->m_pFC->pFilterContext = pConn;
    }
    return pConn;
}

DWORD CWizFilter::OnReadRawData(CHttpFilterContext* pCtxt,
    PHTTP_FILTER_RAW_DATA pRawData)
{
    GetConn(pCtxt)->cbRead += pRawData->cbInData;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnPreprocHeaders(CHttpFilterContext* pCtxt,
    PHTTP_FILTER_PREPROC_HEADERS pHeaderInfo)
{
    AFX_MANAGE_STATE(AfxGetStaticModuleState());
    WIZCONN* pConn = GetConn(pCtxt);
    pConn->cRequests++;
    ::InterlockedIncrement(&m_cRequests);

    CString strUrl;
    DWORD cbUrl = 1024;
    BOOL bGot = pHeaderInfo->GetHeader(pCtxt->m_pFC, _T("url"),
                                       strUrl.GetBuffer(cbUrl), &cbUrl);
    strUrl.ReleaseBuffer();
    if (!bGot)
        return SF_STATUS_REQ_NEXT_NOTIFICATION;

    // A page of the filter's own: the head through ServerSupportFunction
    // (the extra headers ride in the lpdwSize argument, as MFC passed
    // them), the body through WriteClient.
    if (strUrl.Find(_T("/wiz/deny")) == 0)
    {
        CString strFmt, strBody;
        ISAPIVERIFY(::LoadString(AfxGetResourceHandle(), IDS_DENIED,
                                 strFmt.GetBuffer(256), 256));
        strFmt.ReleaseBuffer();
        strBody.Format(strFmt, (LPCTSTR)strUrl);
        strBody += _T("\r\n");
        CString strHead;
        strHead.Format(_T("Content-Type: text/plain\r\n"
                          "Content-Length: %d\r\n\r\n"), strBody.GetLength());
        pCtxt->ServerSupportFunction(SF_REQ_SEND_RESPONSE_HEADER,
                                     (LPVOID)_T("403 Forbidden"),
                                     (LPDWORD)(LPCTSTR)strHead, 0);
        DWORD cb = strBody.GetLength();
        pCtxt->WriteClient((LPVOID)(LPCTSTR)strBody, &cb);
        return SF_STATUS_REQ_FINISHED;
    }

    // The path alone, upper-cased: Find and Left, then MakeUpper.
    CString strPath = strUrl;
    int iQuery = strPath.Find(_T('?'));
    if (iQuery >= 0)
        strPath = strPath.Left(iQuery);
    strPath.MakeUpper();

    CString strPort;
    DWORD cbPort = 16;
    if (!pCtxt->GetServerVariable(_T("SERVER_PORT"), strPort.GetBuffer(cbPort),
                                  &cbPort))
        cbPort = 0;
    strPort.ReleaseBuffer();

    CString strHeaders;
    strHeaders.Format(_T("X-Wiz-Upper: %s\r\nX-Wiz-Port: %s\r\n"
                         "X-Wiz-Version: %s\r\nX-Wiz-Pid: %lu\r\n"
                         "X-Wiz-Conn: requests=%lu\r\n"),
                      (LPCTSTR)strPath, (LPCTSTR)strPort,
                      (LPCTSTR)m_strVersion,
                      (unsigned long)::GetCurrentProcessId(),
                      (unsigned long)pConn->cRequests);
    pCtxt->AddResponseHeaders((LPTSTR)(LPCTSTR)strHeaders);
    TRACE("WizFilter: %s\n", (LPCTSTR)strUrl);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnAuthentication(CHttpFilterContext* pCtxt,
    PHTTP_FILTER_AUTHENT pAuthent)
{
    WIZCONN* pConn = GetConn(pCtxt);
    CString strUser = pAuthent->pszUser;
    if (strUser.GetLength() == 0)
    {
        lstrcpy(pConn->szUser, _T("anonymous"));
    }
    else if (strUser == _T("wizard")
             && CString(pAuthent->pszPassword) == _T("oz"))
    {
        // Users are known to the back end in capitals.
        strUser.MakeUpper();
        lstrcpyn(pAuthent->pszUser, strUser, pAuthent->cbUserBuff);
        lstrcpyn(pConn->szUser, strUser, sizeof(pConn->szUser));
    }
    else
    {
        ::SetLastError(ERROR_ACCESS_DENIED);
        return SF_STATUS_REQ_ERROR;
    }
    CString strHeader;
    strHeader.Format(_T("X-Wiz-Auth: %s\r\n"), pConn->szUser);
    pCtxt->AddResponseHeaders((LPTSTR)(LPCTSTR)strHeader, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnUrlMap(CHttpFilterContext* pCtxt,
    PHTTP_FILTER_URL_MAP pMapInfo)
{
    CString strUrl = pMapInfo->pszURL;
    if (strUrl.Find(_T("/wiz/throw")) == 0)
        AfxThrowMemoryException();     // MFC's exceptions are pointers

    // The last component of the physical path: Find from each separator
    // on, then Mid.
    CString strPhys = pMapInfo->pszPhysicalPath;
    int iLast = -1, i;
    while ((i = strPhys.Find(_T('/'), iLast + 1)) >= 0
           || (i = strPhys.Find(_T('\\'), iLast + 1)) >= 0)
        iLast = i;
    CString strHeader;
    strHeader.Format(_T("X-Wiz-Map: %s -> %s\r\n"), (LPCTSTR)strUrl,
                     (LPCTSTR)strPhys.Mid(iLast + 1));
    pCtxt->AddResponseHeaders((LPTSTR)(LPCTSTR)strHeader);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnSendResponse(CHttpFilterContext* pCtxt,
    PHTTP_FILTER_SEND_RESPONSE pResponse)
{
    WIZCONN* pConn = GetConn(pCtxt);
    CString strValue;
    strValue.Format(_T("status=%lu user=%s"),
                    (unsigned long)pResponse->HttpStatus, pConn->szUser);
    pResponse->SetHeader(pCtxt->m_pFC, _T("X-Wiz-Sent:"),
                         (LPTSTR)(LPCTSTR)strValue);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnSendRawData(CHttpFilterContext* pCtxt,
    PHTTP_FILTER_RAW_DATA pRawData)
{
    GetConn(pCtxt)->cbSent += pRawData->cbInData;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnLog(CHttpFilterContext* pCtxt, PHTTP_FILTER_LOG pLog)
{
    CString strLine;
    strLine.Format(_T("WizFilter: OnLog %s %s %lu user=%s"),
                   pLog->pszOperation, pLog->pszTarget,
                   (unsigned long)pLog->dwHttpStatus,
                   GetConn(pCtxt)->szUser);
    ::OutputDebugString(strLine);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnEndOfRequest(CHttpFilterContext* pCtxt)
{
    CString strLine;
    strLine.Format(_T("WizFilter: OnEndOfRequest %lu"),
                   (unsigned long)GetConn(pCtxt)->cRequests);
    ::OutputDebugString(strLine);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD CWizFilter::OnEndOfNetSession(CHttpFilterContext* pCtxt)
{
    WIZCONN* pConn = (WIZCONN*)pCtxt->m_pFC->pFilterContext;
    if (pConn != NULL)
    {
        CString strLine;
        strLine.Format(_T("WizFilter: OnEndOfNetSession requests=%lu "
                          "read=%lu sent=%lu"),
                       (unsigned long)pConn->cRequests,
                       (unsigned long)pConn->cbRead,
                       (unsigned long)pConn->cbSent);
        ::OutputDebugString(strLine);
        pCtxt->m_pFC->pFilterContext = NULL;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

// Do not edit the following lines, which are needed by ClassWizard.
#if 0
BEGIN_MESSAGE_MAP(CWizFilter, CHttpFilter)
    //{{AFX_MSG_MAP(CWizFilter)
    //}}AFX_MSG_MAP
END_MESSAGE_MAP()
#endif  // 0

///////////////////////////////////////////////////////////////////////
// If your extension will not use MFC, you'll need this code to make
// sure the extension objects can find the resource handle for the
// module.  If you convert your extension to not be dependent on MFC,
// remove the comments around the following AfxGetResourceHandle()
// and DllMain() functions, as well as the g_hInstance global.

/****

static HINSTANCE g_hInstance;

HINSTANCE AFXISAPI AfxGetResourceHandle()
{
    return g_hInstance;
}

BOOL WINAPI DllMain(HINSTANCE hInst, ULONG ulReason,
                    LPVOID lpReserved)
{
    if (ulReason == DLL_PROCESS_ATTACH)
    {
        g_hInstance = hInst;
    }

    return TRUE;
}

****/
