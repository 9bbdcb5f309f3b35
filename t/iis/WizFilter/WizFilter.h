// WIZFILTER.H - Header file for your Internet Server
//    WizFilter Filter
//
// (t/iis/WizFilter: the class the ISAPI Extension Wizard declared, with
// every notification it offers checked, and the members the filter's own
// code added below the ClassWizard blocks.)

#include "resource.h"

// What the filter keeps per connection, in AllocMem memory that lives
// as long as the connection (pFilterContext points at it).
struct WIZCONN
{
    DWORD cRequests;        // requests seen on this connection
    DWORD cbRead;           // bytes READ_RAW_DATA saw
    DWORD cbSent;           // bytes SEND_RAW_DATA saw
    char  szUser[64];       // the user AUTHENTICATION settled on
};

class CWizFilter : public CHttpFilter
{
public:
    CWizFilter();
    ~CWizFilter();

// Overrides
    // ClassWizard generated virtual function overrides
        // NOTE - the ClassWizard will add and remove member functions here.
        //    DO NOT EDIT what you see in these blocks of generated code !
    //{{AFX_VIRTUAL(CWizFilter)
    public:
    virtual BOOL GetFilterVersion(PHTTP_FILTER_VERSION pVer);
    virtual DWORD OnPreprocHeaders(CHttpFilterContext* pCtxt, PHTTP_FILTER_PREPROC_HEADERS pHeaderInfo);
    virtual DWORD OnAuthentication(CHttpFilterContext* pCtxt, PHTTP_FILTER_AUTHENT pAuthent);
    virtual DWORD OnUrlMap(CHttpFilterContext* pCtxt, PHTTP_FILTER_URL_MAP pMapInfo);
    virtual DWORD OnSendResponse(CHttpFilterContext* pCtxt, PHTTP_FILTER_SEND_RESPONSE pResponse);
    virtual DWORD OnSendRawData(CHttpFilterContext* pCtxt, PHTTP_FILTER_RAW_DATA pRawData);
    virtual DWORD OnReadRawData(CHttpFilterContext* pCtxt, PHTTP_FILTER_RAW_DATA pRawData);
    virtual DWORD OnLog(CHttpFilterContext* pfc, PHTTP_FILTER_LOG pLog);
    virtual DWORD OnEndOfRequest(CHttpFilterContext* pCtxt);
    virtual DWORD OnEndOfNetSession(CHttpFilterContext* pCtxt);
    //}}AFX_VIRTUAL

    //{{AFX_MSG(CWizFilter)
    //}}AFX_MSG

protected:
    WIZCONN* GetConn(CHttpFilterContext* pCtxt);
    void BuildVersion();

    CString m_strVersion;   // "1.4.0.14 (1, 4, 0, 0)", from the VERSIONINFO
    LONG    m_cRequests;    // requests this process has seen
};

//{{AFX_INSERT_LOCATION}}
// Microsoft Visual C++ will insert additional declarations immediately before the previous line.
