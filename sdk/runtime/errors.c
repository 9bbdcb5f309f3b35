/*
 * errors.c: Win32 error codes from errno, the way kernel32 reports the
 * same failures.
 */
#include "isw.h"

DWORD isw_error_from_errno(int err)
{
    switch (err) {
    case 0:             return ERROR_SUCCESS;
    case ENOENT:        return ERROR_FILE_NOT_FOUND;
    case ENOTDIR:       return ERROR_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EISDIR:
    case EROFS:         return ERROR_ACCESS_DENIED;
    case EBADF:         return ERROR_INVALID_HANDLE;
    case ENOMEM:        return ERROR_NOT_ENOUGH_MEMORY;
    case EEXIST:        return ERROR_FILE_EXISTS;
    case ENOTEMPTY:     return ERROR_DIR_NOT_EMPTY;
    case EMFILE:
    case ENFILE:        return ERROR_TOO_MANY_OPEN_FILES;
    case ENOSPC:        return ERROR_DISK_FULL;
    case ENAMETOOLONG:  return ERROR_FILENAME_EXCED_RANGE;
    case EINVAL:        return ERROR_INVALID_PARAMETER;
    case EBUSY:         return ERROR_BUSY;
    case ETXTBSY:       return ERROR_SHARING_VIOLATION;
    case EAGAIN:        return ERROR_LOCK_VIOLATION;
    case EPIPE:         return ERROR_BROKEN_PIPE;
    case ETIMEDOUT:     return ERROR_TIMEOUT;
    case EFBIG:         return ERROR_ARITHMETIC_OVERFLOW;
    case ELOOP:         return ERROR_CANT_RESOLVE_FILENAME;
    case ENOSYS:
    case EOPNOTSUPP:    return ERROR_NOT_SUPPORTED;
    case EIO:           return ERROR_GEN_FAILURE;
    case EXDEV:         return ERROR_NOT_SAME_DEVICE;
    default:            return ERROR_GEN_FAILURE;
    }
}

BOOL isw_fail(DWORD code)
{
    SetLastError(code);
    return FALSE;
}

BOOL isw_fail_errno(void)
{
    return isw_fail(isw_error_from_errno(errno));
}
