/**
 * @file afxisapi.h
 * @brief The filter half of MFC's ISAPI support: CHttpFilterContext and
 *        CHttpFilter, with ISAPIASSERT, ISAPIVERIFY and ISAPITRACE.
 *
 * As with MFC, the filter derives a class from CHttpFilter, overrides
 * GetFilterVersion and the handlers of the notifications it asks for, and
 * defines exactly one global object of it ("CMyFilter theFilter;").  The
 * library (libisapimfc.a, linked in by isapi-cc) supplies the exported
 * GetFilterVersion, HttpFilterProc and TerminateFilter, which call that
 * object.  They also stand between the server and C++ exceptions: one
 * that escapes the filter's code is logged with the filter's name and
 * becomes SF_STATUS_REQ_ERROR (a failed load in GetFilterVersion), with
 * GetLastError() ERROR_NOT_ENOUGH_MEMORY for std::bad_alloc and
 * ERROR_INTERNAL_ERROR (1359) for anything else.
 *
 * CHttpServer and the rest of the extension half are not provided.
 */
#ifndef ISAPI_AFXISAPI_H
#define ISAPI_AFXISAPI_H

#ifndef __cplusplus
#error "afxisapi.h is MFC: compile the filter as C++ (.cpp)"
#endif

#include <windows.h>
#include <httpext.h>
#include <httpfilt.h>
#include "afx.h"

#ifndef AFXISAPI
#define AFXISAPI
#endif
#ifndef AFXISAPI_CDECL
#define AFXISAPI_CDECL
#endif

/* ---- Diagnostics, as afx.h's but under MFC's ISAPI names ---- */

#define ISAPIASSERT(f)              ASSERT(f)
#define ISAPIVERIFY(f)              VERIFY(f)
#define ISAPITRACE                  TRACE
#define ISAPITRACE0(sz)             TRACE0(sz)
#define ISAPITRACE1(sz, p1)         TRACE1(sz, p1)
#define ISAPITRACE2(sz, p1, p2)     TRACE2(sz, p1, p2)
#define ISAPITRACE3(sz, p1, p2, p3) TRACE3(sz, p1, p2, p3)

/* ---- The per-connection context handed to every handler ---- */

class CHttpFilterContext
{
public:
    explicit CHttpFilterContext(PHTTP_FILTER_CONTEXT pfc);
    ~CHttpFilterContext() {}

    /* Each calls through the server's function pointer in m_pFC. */
    BOOL GetServerVariable(LPTSTR lpszVariableName, LPVOID lpvBuffer,
                           LPDWORD lpdwSize);
    BOOL AddResponseHeaders(LPTSTR lpszHeaders, DWORD dwReserved = 0);
    BOOL WriteClient(LPVOID lpvBuffer, LPDWORD lpdwBytes,
                     DWORD dwReserved = 0);
    LPVOID AllocMem(DWORD cbSize, DWORD dwReserved = 0);
    /* lpdwSize and lpdwDataType are passed on as the server function's
     * ul1 and ul2, so (LPDWORD) casts of plain numbers (a read size)
     * arrive unchanged, as with MFC. */
    BOOL ServerSupportFunction(enum SF_REQ_TYPE sfReq, LPVOID lpvBuffer,
                               LPDWORD lpdwSize, LPDWORD lpdwDataType);

    PHTTP_FILTER_CONTEXT m_pFC;

private:
    CHttpFilterContext(const CHttpFilterContext &);
    CHttpFilterContext &operator=(const CHttpFilterContext &);
};

/* ---- The filter ---- */

class CHttpFilter
{
public:
    /* Registers this object as the filter's one global object. */
    CHttpFilter();
    virtual ~CHttpFilter();

    /* The base sets dwFilterVersion to HTTP_FILTER_REVISION, dwFlags to
     * SF_NOTIFY_ORDER_DEFAULT and the description to the filter's file
     * name; an override calls it, then sets dwFlags (and, usually, the
     * description from its STRINGTABLE). */
    virtual BOOL GetFilterVersion(PHTTP_FILTER_VERSION pVer);
    /* Calls the handler of the notification; NEXT_NOTIFICATION for one
     * it has no handler for. */
    virtual DWORD HttpFilterProc(PHTTP_FILTER_CONTEXT pfc,
                                 DWORD dwNotificationType,
                                 LPVOID pvNotification);
    /* Called once when the filter is unloaded; the base returns TRUE. */
    virtual BOOL TerminateFilter(DWORD dwFlags);

    /* Each default returns SF_STATUS_REQ_NEXT_NOTIFICATION. */
    virtual DWORD OnReadRawData(CHttpFilterContext *pfc,
                                PHTTP_FILTER_RAW_DATA pRawData);
    virtual DWORD OnPreprocHeaders(CHttpFilterContext *pfc,
                                   PHTTP_FILTER_PREPROC_HEADERS pHeaders);
    virtual DWORD OnAuthentication(CHttpFilterContext *pfc,
                                   PHTTP_FILTER_AUTHENT pAuthent);
    virtual DWORD OnUrlMap(CHttpFilterContext *pfc,
                           PHTTP_FILTER_URL_MAP pUrlMap);
    virtual DWORD OnSendRawData(CHttpFilterContext *pfc,
                                PHTTP_FILTER_RAW_DATA pRawData);
    virtual DWORD OnLog(CHttpFilterContext *pfc, PHTTP_FILTER_LOG pLog);
    virtual DWORD OnEndOfNetSession(CHttpFilterContext *pfc);
    virtual DWORD OnEndOfRequest(CHttpFilterContext *pfc);
    virtual DWORD OnAuthComplete(CHttpFilterContext *pfc,
                                 PHTTP_FILTER_AUTH_COMPLETE_INFO pAuthComplInfo);
    virtual DWORD OnSendResponse(CHttpFilterContext *pfc,
                                 PHTTP_FILTER_SEND_RESPONSE pResponse);
    virtual DWORD OnAccessDenied(CHttpFilterContext *pfc,
                                 PHTTP_FILTER_ACCESS_DENIED pAccess);

private:
    CHttpFilter(const CHttpFilter &);
    CHttpFilter &operator=(const CHttpFilter &);
};

/* Every filter that includes this header gets the library's exported
 * entry points: this reference pulls their archive member into the link
 * (nothing else in the filter names them). */
extern "C" __attribute__((visibility("hidden"))) const int isapimfc_entry_anchor;
static const int *const isapimfc_entry_anchor_ref __attribute__((used)) =
    &isapimfc_entry_anchor;

#endif /* ISAPI_AFXISAPI_H */
