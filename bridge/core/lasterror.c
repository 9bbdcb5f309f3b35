/*
 * GetLastError/SetLastError for filters: one DWORD per thread, as on
 * Windows.  mod_isapi_filter.so exports both symbols; a filter library
 * opened later resolves them against it.  Every callback that returns
 * FALSE sets it first, and a filter sets it before returning
 * SF_STATUS_REQ_ERROR so the error log can name the reason.
 */
#include "core/core.h"

/* The two functions filters link against: visible, unlike the rest of the
 * module (-fvisibility=hidden). */
#define ISF_SDK_EXPORT __attribute__((visibility("default")))

/* initial-exec: a plain thread-pointer access on every notification,
 * instead of a __tls_get_addr call; four bytes fit in the static TLS
 * space glibc keeps for dlopen'ed objects. */
__thread DWORD isf_last_error __attribute__((tls_model("initial-exec")));

ISF_SDK_EXPORT DWORD WINAPI GetLastError(void)
{
    return isf_last_error;
}

ISF_SDK_EXPORT VOID WINAPI SetLastError(DWORD dwErrCode)
{
    isf_last_error = dwErrCode;
}
