/**
 * @file afxwin.h
 * @brief What a wizard-generated ISAPI filter takes from MFC's afxwin.h:
 *        the "one and only" CWinApp object and the message-map macros of
 *        ClassWizard's blocks.  Everything else of afxwin.h (windows,
 *        dialogs, GDI) is absent, so a filter naming it fails to compile
 *        with the name in the error.  afx.h lists what exists.
 */
#ifndef ISAPI_AFXWIN_H
#define ISAPI_AFXWIN_H

#include "afx.h"

/* The wizard writes "CWinApp theApp;" for a filter that uses MFC in a
 * DLL.  Here it can be constructed and names the application; there is
 * no InitInstance/ExitInstance: the filter's work starts in
 * GetFilterVersion, as with MFC's own filters. */
class CWinApp
{
public:
    explicit CWinApp(LPCTSTR lpszAppName = NULL);
    virtual ~CWinApp();

    LPCTSTR m_pszAppName;
    HINSTANCE m_hInstance;

private:
    CWinApp(const CWinApp &);
    CWinApp &operator=(const CWinApp &);
};

/** The CWinApp object, or NULL when the filter has none. */
CWinApp *AFXAPI AfxGetApp();

/* ClassWizard's message-map blocks (filters have no messages). */
#define DECLARE_MESSAGE_MAP()
#define BEGIN_MESSAGE_MAP(theClass, baseClass)
#define END_MESSAGE_MAP()

#endif /* ISAPI_AFXWIN_H */
