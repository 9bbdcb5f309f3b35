/*
 * entry.cpp: the filter's exported entry points, as MFC's library
 * supplied them: GetFilterVersion, HttpFilterProc and TerminateFilter
 * call the filter's one global CHttpFilter-derived object.
 *
 * They are also the boundary between C++ and the server (mod_isapi_filter
 * is C): no exception may cross it.  One that escapes is logged with the
 * filter's name and what it was, and becomes SF_STATUS_REQ_ERROR (FALSE
 * from GetFilterVersion, a failed load), with GetLastError()
 * ERROR_NOT_ENOUGH_MEMORY for std::bad_alloc and ERROR_INTERNAL_ERROR
 * otherwise.
 *
 * afxisapi.h names isapimfc_entry_anchor from every file including it, so
 * this member of the archive is linked into every MFC-style filter.
 */
#include "mfc.h"

#include <cxxabi.h>
#include <exception>
#include <new>
#include <typeinfo>

#ifndef ERROR_INTERNAL_ERROR
#define ERROR_INTERNAL_ERROR 1359L     /* "An internal error occurred." */
#endif

#define ISAPIMFC_EXPORT extern "C" __attribute__((visibility("default")))

extern "C" const int isapimfc_entry_anchor = 1;

/* Logs the exception being handled (called from inside a catch) and
 * sets the thread's last error to match it. */
static void contain(const char *where)
{
    const char *what = "";
    char type[256];
    std::type_info *ti = abi::__cxa_current_exception_type();
    DWORD code = ERROR_INTERNAL_ERROR;

    snprintf(type, sizeof(type), "%s", "of unknown type");
    if (ti) {
        int status = -1;
        char *name = abi::__cxa_demangle(ti->name(), NULL, NULL, &status);
        snprintf(type, sizeof(type), "%s",
                 status == 0 && name ? name : ti->name());
        free(name);
    }
    try {
        throw;
    }
    catch (const std::bad_alloc &) {
        code = ERROR_NOT_ENOUGH_MEMORY;
        what = "out of memory";
    }
    catch (const std::exception &e) {
        what = e.what();
    }
    catch (...) {
    }
    isapimfc_log_error("C++ exception %s escaped %s%s%s; contained, the "
                       "server gets %s", type, where, *what ? ": " : "",
                       what, strcmp(where, "GetFilterVersion")
                             ? "SF_STATUS_REQ_ERROR"
                             : "FALSE (the filter is not loaded)");
    SetLastError(code);
}

ISAPIMFC_EXPORT BOOL WINAPI GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    CHttpFilter *filter = isapimfc_filter();

    if (!filter) {
        isapimfc_log_error("no CHttpFilter object: an MFC filter defines "
                           "one global object of its class derived from "
                           "CHttpFilter; the filter is not loaded");
        SetLastError(ERROR_INVALID_FUNCTION);
        return FALSE;
    }
    try {
        return filter->GetFilterVersion(pVer);
    }
    catch (...) {
        contain("GetFilterVersion");
        return FALSE;
    }
}

ISAPIMFC_EXPORT DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc,
                                            DWORD dwNotificationType,
                                            LPVOID pvNotification)
{
    CHttpFilter *filter = isapimfc_filter();

    if (!filter) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    try {
        return filter->HttpFilterProc(pfc, dwNotificationType,
                                      pvNotification);
    }
    catch (...) {
        contain("HttpFilterProc");
        return SF_STATUS_REQ_ERROR;
    }
}

ISAPIMFC_EXPORT BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    CHttpFilter *filter = isapimfc_filter();

    if (!filter) {
        return TRUE;
    }
    try {
        return filter->TerminateFilter(dwFlags);
    }
    catch (...) {
        contain("TerminateFilter");
        return FALSE;
    }
}
