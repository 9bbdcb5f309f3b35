/**
 * @file isapi/win_error.h
 * @brief Win32 error codes (winerror.h values) the runtime sets and
 *        filters test for.
 */
#ifndef ISAPI_WIN_ERROR_H
#define ISAPI_WIN_ERROR_H

#define ERROR_SUCCESS                   0L
#define NO_ERROR                        0L
#define ERROR_INVALID_FUNCTION          1L
#define ERROR_FILE_NOT_FOUND            2L
#define ERROR_PATH_NOT_FOUND            3L
#define ERROR_TOO_MANY_OPEN_FILES       4L
#define ERROR_ACCESS_DENIED             5L
#define ERROR_INVALID_HANDLE            6L
#define ERROR_NOT_ENOUGH_MEMORY         8L
#define ERROR_INVALID_ACCESS            12L
#define ERROR_INVALID_DATA              13L
#define ERROR_OUTOFMEMORY               14L
#define ERROR_INVALID_DRIVE             15L
#define ERROR_NO_MORE_FILES             18L
#define ERROR_WRITE_PROTECT             19L
#define ERROR_NOT_READY                 21L
#define ERROR_BAD_LENGTH                24L
#define ERROR_SEEK                      25L
#define ERROR_WRITE_FAULT               29L
#define ERROR_READ_FAULT                30L
#define ERROR_GEN_FAILURE               31L
#define ERROR_SHARING_VIOLATION         32L
#define ERROR_LOCK_VIOLATION            33L
#define ERROR_HANDLE_EOF                38L
#define ERROR_HANDLE_DISK_FULL          39L
#define ERROR_NOT_SUPPORTED             50L
#define ERROR_BAD_NETPATH               53L
#define ERROR_NETNAME_DELETED           64L
#define ERROR_BAD_NET_NAME              67L
#define ERROR_FILE_EXISTS               80L
#define ERROR_CANNOT_MAKE               82L
#define ERROR_INVALID_PARAMETER         87L
#define ERROR_BROKEN_PIPE               109L
#define ERROR_OPEN_FAILED               110L
#define ERROR_BUFFER_OVERFLOW           111L
#define ERROR_DISK_FULL                 112L
#define ERROR_CALL_NOT_IMPLEMENTED      120L
#define ERROR_SEM_TIMEOUT               121L
#define ERROR_INSUFFICIENT_BUFFER       122L
#define ERROR_INVALID_NAME              123L
#define ERROR_MOD_NOT_FOUND             126L
#define ERROR_PROC_NOT_FOUND            127L
#define ERROR_NEGATIVE_SEEK             131L
#define ERROR_DIR_NOT_EMPTY             145L
#define ERROR_NOT_LOCKED                158L
#define ERROR_BAD_PATHNAME              161L
#define ERROR_BUSY                      170L
#define ERROR_ALREADY_EXISTS            183L
#define ERROR_BAD_EXE_FORMAT            193L
#define ERROR_ENVVAR_NOT_FOUND          203L
#define ERROR_FILENAME_EXCED_RANGE      206L
#define ERROR_BAD_PIPE                  230L
#define ERROR_NO_DATA                   232L
#define ERROR_MORE_DATA                 234L
#define WAIT_TIMEOUT                    258L
#define ERROR_NO_MORE_ITEMS             259L
#define ERROR_DIRECTORY                 267L
#define ERROR_NOT_OWNER                 288L
#define ERROR_TOO_MANY_POSTS            298L
#define ERROR_PARTIAL_COPY              299L
#define ERROR_MR_MID_NOT_FOUND          317L
#define ERROR_INVALID_ADDRESS           487L
#define ERROR_ARITHMETIC_OVERFLOW       534L
#define ERROR_OPERATION_ABORTED         995L
#define ERROR_IO_INCOMPLETE             996L
#define ERROR_IO_PENDING                997L
#define ERROR_NOACCESS                  998L
#define ERROR_CANTOPEN                  1011L
#define ERROR_CANTREAD                  1012L
#define ERROR_CANTWRITE                 1013L
#define ERROR_REGISTRY_CORRUPT          1015L
#define ERROR_REGISTRY_IO_FAILED        1016L
#define ERROR_KEY_DELETED               1018L
#define ERROR_DLL_INIT_FAILED           1114L
#define ERROR_NO_UNICODE_TRANSLATION    1113L
#define ERROR_INVALID_FLAGS             1004L
#define ERROR_NOT_FOUND                 1168L
#define ERROR_INVALID_INDEX             1413L
#define ERROR_INTERNAL_ERROR            1359L
#define ERROR_RESOURCE_DATA_NOT_FOUND   1812L
#define ERROR_RESOURCE_TYPE_NOT_FOUND   1813L
#define ERROR_RESOURCE_NAME_NOT_FOUND   1814L
#define ERROR_RESOURCE_LANG_NOT_FOUND   1815L
#define ERROR_INVALID_USER_BUFFER       1784L
#define ERROR_TIMEOUT                   1460L
#define ERROR_INVALID_WINDOW_HANDLE     1400L
#define ERROR_FILE_INVALID              1006L
#define ERROR_NOT_ALL_ASSIGNED          1300L
#define ERROR_PRIVILEGE_NOT_HELD        1314L
#define ERROR_LOGON_FAILURE             1326L
#define ERROR_INVALID_SECURITY_DESCR    1338L
#define ERROR_BAD_FORMAT                11L
#define ERROR_NOT_SAME_DEVICE           17L
#define ERROR_CANT_RESOLVE_FILENAME     1921L
#define ERROR_ABANDONED_WAIT_0          735L
#define ERROR_DATATYPE_MISMATCH         1629L
#define ERROR_UNSUPPORTED_TYPE          1630L
#define ERROR_BADDB                     1009L
#define ERROR_BADKEY                    1010L

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Per-thread last error, as on Windows.  mod_isapi_filter.so exports both
 * functions and a filter resolves them against it when httpd loads it;
 * libisapiwin32.so has the same two (sdk/runtime/lasterror.c, the one
 * source of both) for programs that run without httpd.
 */
WINBASEAPI DWORD WINAPI GetLastError(void);
WINBASEAPI VOID  WINAPI SetLastError(DWORD dwErrCode);

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_ERROR_H */
