/**
 * @file isapi/win_host.h
 * @brief How the program that loads a filter configures libisapiwin32.so.
 *
 * Not part of the Win32 API: mod_isapi_filter calls isapi_win32_host_attach()
 * (found with dlsym on the filter's handle, which searches the libraries
 * the filter needs) after opening a filter built with isapi-cc, so the
 * runtime logs into httpd's error log and knows the directives that
 * concern it.  Without a host the runtime logs to stderr and has no
 * Windows root or registry file.
 */
#ifndef ISAPI_WIN_HOST_H
#define ISAPI_WIN_HOST_H

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ISW_LOG_ERR     3
#define ISW_LOG_WARNING 4
#define ISW_LOG_NOTICE  5
#define ISW_LOG_INFO    6
#define ISW_LOG_DEBUG   7

#define ISAPI_WIN32_HOST_VERSION 1

typedef struct isapi_win32_host {
    int version;                   /* ISAPI_WIN32_HOST_VERSION */
    const char *windows_root;      /* ISAPIFilterWindowsRoot, or NULL */
    const char *registry_file;     /* ISAPIFilterRegistry, or NULL */
    /* One line for the error log; filter is the path of the filter the
     * line comes from (NULL when unknown).  Called from any thread. */
    void (*log)(int level, const char *filter, const char *msg);
} isapi_win32_host;

typedef int (*isapi_win32_host_fn)(const isapi_win32_host *host);

/** Copies *host (strings included); returns 1, or 0 when the version is
 * not one this runtime knows. */
WINBASEAPI int isapi_win32_host_attach(const isapi_win32_host *host);

/** The Windows form of a Unix path ("C:\\x" below the root), as filters
 * loaded with "ISAPIFilter ... WindowsPaths" see physical paths: 0, or
 * the Win32 error. */
WINBASEAPI DWORD isapi_win32_path_to_windows(const char *unix_path,
                                             char *out, size_t outlen);
typedef DWORD (*isapi_win32_path_fn)(const char *in, char *out,
                                     size_t outlen);

/** The Unix path a Windows path names (the mapping CreateFile uses). */
WINBASEAPI DWORD isapi_win32_path_to_unix(const char *win_path, char *out,
                                          size_t outlen);

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_HOST_H */
