/*
 * GetLastError/SetLastError for filters: one DWORD per thread, as on
 * Windows.  mod_isapi_filter.so exports both symbols; a filter library
 * opened later resolves them against it.  Every callback that returns
 * FALSE sets it first, and a filter sets it before returning
 * SF_STATUS_REQ_ERROR so the error log can name the reason.
 */
#include "httpfilt.h"

static __thread DWORD isf_last_error;

DWORD WINAPI GetLastError(void)
{
    return isf_last_error;
}

VOID WINAPI SetLastError(DWORD dwErrCode)
{
    isf_last_error = dwErrCode;
}
