#if !defined(AFX_STDAFX_H__WIZFILTER__INCLUDED_)
#define AFX_STDAFX_H__WIZFILTER__INCLUDED_

#if _MSC_VER > 1000
#pragma once
#endif // _MSC_VER > 1000

// stdafx.h : include file for standard system include files,
//      or project specific include files that are used frequently,
//      but are changed infrequently
//
// (t/iis/WizFilter: a filter in the form the Visual C++ ISAPI Extension
// Wizard generated, "Generate a filter object" with MFC in a shared DLL;
// it builds unmodified with sdk/isapi-cc.)

#include <afx.h>
#include <afxwin.h>
#include <afxisapi.h>

//{{AFX_INSERT_LOCATION}}
// Microsoft Visual C++ will insert additional declarations immediately before the previous line.

#endif // !defined(AFX_STDAFX_H__WIZFILTER__INCLUDED_)
