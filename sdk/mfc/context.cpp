/*
 * context.cpp: CHttpFilterContext, a thin wrapper over the server's
 * HTTP_FILTER_CONTEXT.  Each member calls the matching function pointer
 * of m_pFC with m_pFC itself as first argument, as MFC's did.
 */
#include "mfc.h"

CHttpFilterContext::CHttpFilterContext(PHTTP_FILTER_CONTEXT pfc)
    : m_pFC(pfc)
{
}

BOOL CHttpFilterContext::GetServerVariable(LPTSTR lpszVariableName,
                                           LPVOID lpvBuffer, LPDWORD lpdwSize)
{
    return m_pFC->GetServerVariable(m_pFC, lpszVariableName, lpvBuffer,
                                    lpdwSize);
}

BOOL CHttpFilterContext::AddResponseHeaders(LPTSTR lpszHeaders,
                                            DWORD dwReserved)
{
    return m_pFC->AddResponseHeaders(m_pFC, lpszHeaders, dwReserved);
}

BOOL CHttpFilterContext::WriteClient(LPVOID lpvBuffer, LPDWORD lpdwBytes,
                                     DWORD dwReserved)
{
    return m_pFC->WriteClient(m_pFC, lpvBuffer, lpdwBytes, dwReserved);
}

LPVOID CHttpFilterContext::AllocMem(DWORD cbSize, DWORD dwReserved)
{
    return m_pFC->AllocMem(m_pFC, cbSize, dwReserved);
}

BOOL CHttpFilterContext::ServerSupportFunction(enum SF_REQ_TYPE sfReq,
                                               LPVOID lpvBuffer,
                                               LPDWORD lpdwSize,
                                               LPDWORD lpdwDataType)
{
    return m_pFC->ServerSupportFunction(m_pFC, sfReq, lpvBuffer,
                                        (ULONG_PTR)lpdwSize,
                                        (ULONG_PTR)lpdwDataType);
}
