/*
 * GetLastError/SetLastError: one DWORD per thread, as on Windows.
 *
 * One source, two binaries.  mod_isapi_filter.so compiles it and exports
 * both functions into httpd's global namespace; its own code reads and
 * writes isf_last_error directly.  libisapiwin32.so compiles it too, so
 * that filters link with -z defs and the runtime's tests run without
 * httpd; inside httpd the module's definitions come first in symbol
 * lookup, so a filter, the runtime and the module share one value per
 * thread.  The runtime therefore calls SetLastError(), never the
 * variable.
 */
#include "isapi/win_types.h"
#include "isapi/win_error.h"

#define ISF_SDK_EXPORT __attribute__((visibility("default")))

/* initial-exec: a plain thread-pointer access on every notification,
 * instead of a __tls_get_addr call; four bytes fit in the static TLS
 * space glibc keeps for dlopen'ed objects. */
__attribute__((visibility("hidden")))
__thread DWORD isf_last_error __attribute__((tls_model("initial-exec")));

ISF_SDK_EXPORT DWORD WINAPI GetLastError(void)
{
    return isf_last_error;
}

ISF_SDK_EXPORT VOID WINAPI SetLastError(DWORD dwErrCode)
{
    isf_last_error = dwErrCode;
}
