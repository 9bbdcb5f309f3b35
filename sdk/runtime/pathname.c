/*
 * pathname.c: operations on file names rather than handles: delete,
 * move, copy, the temporary directory and names, full paths, the current
 * directory, free space.  Paths in are Windows paths (winpath.c); paths
 * out are in Windows form.
 */
#include "winfs.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* Windows' convention for a string returned into a caller's buffer: the
 * length without the NUL when it fits, else the size needed with it. */
static DWORD copy_out(const char *s, DWORD n, LPSTR buf)
{
    size_t len = strlen(s);

    if (buf && n > len) {
        memcpy(buf, s, len + 1);
        return (DWORD)len;
    }
    return (DWORD)len + 1;
}

static int read_only(const struct stat *st)
{
    return !(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH));
}

WINBASEAPI BOOL WINAPI DeleteFileA(LPCSTR lpFileName)
{
    char path[PATH_MAX];
    struct stat st;

    if (!isw_map_arg(lpFileName, path)) {
        return FALSE;
    }
    if (lstat(path, &st) == 0) {
        /* Windows deletes neither directories, devices nor read-only
         * files. */
        if (S_ISDIR(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
            || read_only(&st)) {
            return isw_fail(ERROR_ACCESS_DENIED);
        }
    }
    return unlink(path) == 0 ? TRUE : isw_fail_path(path);
}

/* Copies the data, permissions and times of src to dst (created, or
 * truncated unless fail_if_exists). */
static BOOL copy_file(const char *src, const char *dst, int fail_if_exists)
{
    struct stat st, dst_st;
    struct timespec ts[2];
    char buf[65536];
    int in, out, err = 0;
    ssize_t n;

    in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        return isw_fail_path(src);
    }
    if (fstat(in, &st) != 0 || S_ISDIR(st.st_mode)) {
        close(in);
        return isw_fail(ERROR_ACCESS_DENIED);
    }
    if (stat(dst, &dst_st) == 0) {
        if (dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino) {
            /* Onto itself: Windows finds the source open. */
            close(in);
            return isw_fail(fail_if_exists ? ERROR_FILE_EXISTS : ERROR_SHARING_VIOLATION);
        }
        if (fail_if_exists) {
            close(in);
            return isw_fail(ERROR_FILE_EXISTS);
        }
        if (S_ISDIR(dst_st.st_mode) || read_only(&dst_st)) {
            close(in);
            return isw_fail(ERROR_ACCESS_DENIED);
        }
    }
    out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
                    | (fail_if_exists ? O_EXCL : 0), 0666);
    if (out < 0) {
        close(in);
        if (errno == EEXIST) {
            return isw_fail(ERROR_FILE_EXISTS);
        }
        return isw_fail_path(dst);
    }
    while ((n = read(in, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            err = errno;
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                err = errno;
                break;
            }
            done += w;
        }
        if (err) {
            break;
        }
    }
    /* Windows copies the attributes and the last write time. */
    ts[0] = st.st_atim;
    ts[1] = st.st_mtim;
    futimens(out, ts);
    fchmod(out, st.st_mode & 07777);
    close(in);
    if (close(out) != 0 && !err) {
        err = errno;
    }
    if (err) {
        unlink(dst);
        return isw_fail(isw_error_from_errno(err));
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI CopyFileA(LPCSTR lpExistingFileName,
    LPCSTR lpNewFileName, BOOL bFailIfExists)
{
    char src[PATH_MAX], dst[PATH_MAX];

    if (!isw_map_arg(lpExistingFileName, src) || !isw_map_arg(lpNewFileName, dst)) {
        return FALSE;
    }
    return copy_file(src, dst, bFailIfExists);
}

WINBASEAPI BOOL WINAPI MoveFileExA(LPCSTR lpExistingFileName,
    LPCSTR lpNewFileName, DWORD dwFlags)
{
    char src[PATH_MAX], dst[PATH_MAX];
    struct stat st, sst;
    int r;

    if (dwFlags & MOVEFILE_DELAY_UNTIL_REBOOT) {
        return isw_fail(ERROR_NOT_SUPPORTED);
    }
    if (!isw_map_arg(lpExistingFileName, src) || !isw_map_arg(lpNewFileName, dst)) {
        return FALSE;
    }
    if (lstat(src, &sst) != 0) {
        return isw_fail_path(src);
    }
    if (strcmp(src, dst) == 0) {
        /* The new name found the file itself, whatever its case: a
         * rename that changes the case of the last component only. */
        const char *given = lpNewFileName + strlen(lpNewFileName);
        char *slash = strrchr(dst, '/');

        while (given > lpNewFileName && given[-1] != '\\' && given[-1] != '/'
               && given[-1] != ':') {
            given--;
        }
        if (slash && strlen(given) == strlen(slash + 1)) {
            strcpy(slash + 1, given);
        }
        return rename(src, dst) == 0 ? TRUE : isw_fail_errno();
    }
    if (lstat(dst, &st) == 0) {
        if (!(dwFlags & MOVEFILE_REPLACE_EXISTING)) {
            return isw_fail(ERROR_ALREADY_EXISTS);
        }
        /* Windows replaces neither a directory nor a read-only file. */
        if (S_ISDIR(st.st_mode) || read_only(&st)) {
            return isw_fail(ERROR_ACCESS_DENIED);
        }
        r = rename(src, dst);
    }
    else {
        r = renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE);
        if (r != 0 && errno == EEXIST) {
            return isw_fail(ERROR_ALREADY_EXISTS);
        }
        if (r != 0 && (errno == EINVAL || errno == ENOSYS)) {
            r = rename(src, dst);
        }
    }
    if (r != 0 && errno == EXDEV && (dwFlags & MOVEFILE_COPY_ALLOWED)
        && S_ISREG(sst.st_mode)) {
        if (!copy_file(src, dst, !(dwFlags & MOVEFILE_REPLACE_EXISTING))) {
            return FALSE;
        }
        return unlink(src) == 0 ? TRUE : isw_fail_errno();
    }
    return r == 0 ? TRUE : isw_fail_path(dst);
}

WINBASEAPI BOOL WINAPI MoveFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName)
{
    return MoveFileExA(lpExistingFileName, lpNewFileName, MOVEFILE_COPY_ALLOWED);
}

WINBASEAPI DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)
{
    const char *tmp = getenv("TMPDIR");
    char win[PATH_MAX];
    size_t len;

    if (!tmp || tmp[0] != '/') {
        tmp = "/tmp";
    }
    if (isw_path_to_windows(tmp, win, sizeof(win) - 1)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return 0;
    }
    len = strlen(win);
    if (len == 0 || win[len - 1] != '\\') {
        strcpy(win + len, "\\");
    }
    return copy_out(win, nBufferLength, lpBuffer);
}

WINBASEAPI UINT WINAPI GetTempFileNameA(LPCSTR lpPathName,
    LPCSTR lpPrefixString, UINT uUnique, LPSTR lpTempFileName)
{
    char name[MAX_PATH + 16];
    size_t len;
    UINT u, start;
    const char *prefix = lpPrefixString ? lpPrefixString : "";

    if (!lpPathName || !lpTempFileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    /* Room for "\PPPXXXX.TMP" in the caller's MAX_PATH buffer. */
    len = strlen(lpPathName);
    if (len > MAX_PATH - 14) {
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return 0;
    }
    uUnique &= 0xFFFF;
    start = uUnique ? uUnique
                    : ((UINT)time(NULL) ^ (UINT)getpid() ^ (UINT)clock()) & 0xFFFF;
    if (!start) {
        start = 1;
    }
    u = start;
    for (;;) {
        HANDLE h;

        snprintf(name, sizeof(name), "%s%s%.3s%X.TMP", lpPathName,
                 len && lpPathName[len - 1] != '\\' && lpPathName[len - 1] != '/'
                 ? "\\" : "", prefix, u);
        if (uUnique) {
            /* With a number of its own the caller only wants the name. */
            break;
        }
        h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                        FILE_ATTRIBUTE_NORMAL, NULL);
        if (h != INVALID_HANDLE_VALUE) {
            CloseHandle(h);
            break;
        }
        if (GetLastError() != ERROR_FILE_EXISTS) {
            if (GetLastError() == ERROR_PATH_NOT_FOUND) {
                SetLastError(ERROR_DIRECTORY);
            }
            return 0;
        }
        u = (u + 1) & 0xFFFF;
        if (!u) {
            u = 1;
        }
        if (u == start) {
            SetLastError(ERROR_FILE_EXISTS);
            return 0;
        }
    }
    strcpy(lpTempFileName, name);
    return u;
}

WINBASEAPI DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer)
{
    char cwd[PATH_MAX], win[PATH_MAX];

    if (!getcwd(cwd, sizeof(cwd))) {
        isw_fail_errno();
        return 0;
    }
    if (isw_path_to_windows(cwd, win, sizeof(win))) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return 0;
    }
    return copy_out(win, nBufferLength, lpBuffer);
}

WINBASEAPI BOOL WINAPI SetCurrentDirectoryA(LPCSTR lpPathName)
{
    char path[PATH_MAX];
    struct stat st;

    if (!isw_map_arg(lpPathName, path)) {
        return FALSE;
    }
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        return isw_fail(ERROR_DIRECTORY);
    }
    return chdir(path) == 0 ? TRUE : isw_fail_path(path);
}

/* The Windows full path of win, lexically, into out[PATH_MAX]: relative
 * paths are joined to the current directory, "." and ".." resolved (never
 * above a root), trailing dots and spaces dropped.  0 or an error. */
static DWORD full_path(const char *win, char *out)
{
    char tmp[PATH_MAX];
    size_t len, root_len;
    const char *p;
    int trailing;

    if (!*win) {
        return ERROR_INVALID_NAME;
    }
    if ((win[0] == '\\' || win[0] == '/') && (win[1] == '\\' || win[1] == '/')) {
        /* UNC and \\?\ paths: separators only. */
        if (strlen(win) >= PATH_MAX) {
            return ERROR_FILENAME_EXCED_RANGE;
        }
        for (len = 0; win[len]; len++) {
            out[len] = win[len] == '/' ? '\\' : win[len];
        }
        out[len] = '\0';
        return 0;
    }
    if (isalpha((unsigned char)win[0]) && win[1] == ':') {
        snprintf(tmp, sizeof(tmp), "%c:\\", toupper((unsigned char)win[0]));
        p = win + 2;
    }
    else if (win[0] == '\\' || win[0] == '/') {
        strcpy(tmp, "\\");
        p = win;
    }
    else {
        if (!GetCurrentDirectoryA(sizeof(tmp), tmp)) {
            return GetLastError();
        }
        p = win;
    }
    root_len = tmp[1] == ':' ? 3 : 1;
    len = strlen(tmp);
    trailing = *win && (win[strlen(win) - 1] == '\\' || win[strlen(win) - 1] == '/');
    while (*p) {
        const char *c;
        size_t n;

        while (*p == '\\' || *p == '/') {
            p++;
        }
        c = p;
        while (*p && *p != '\\' && *p != '/') {
            p++;
        }
        n = (size_t)(p - c);
        if (n == 0 || (n == 1 && c[0] == '.')) {
            continue;
        }
        if (n == 2 && c[0] == '.' && c[1] == '.') {
            while (len > root_len && tmp[len - 1] != '\\') {
                len--;
            }
            if (len > root_len) {
                len--;
            }
            tmp[len] = '\0';
            continue;
        }
        while (n && (c[n - 1] == '.' || c[n - 1] == ' ')) {
            n--;
        }
        if (!n) {
            continue;
        }
        if (len + n + 2 >= sizeof(tmp)) {
            return ERROR_FILENAME_EXCED_RANGE;
        }
        if (tmp[len - 1] != '\\') {
            tmp[len++] = '\\';
        }
        memcpy(tmp + len, c, n);
        len += n;
        tmp[len] = '\0';
    }
    if (trailing && tmp[len - 1] != '\\' && len + 1 < sizeof(tmp)) {
        tmp[len++] = '\\';
        tmp[len] = '\0';
    }
    strcpy(out, tmp);
    return 0;
}

WINBASEAPI DWORD WINAPI GetFullPathNameA(LPCSTR lpFileName,
    DWORD nBufferLength, LPSTR lpBuffer, LPSTR *lpFilePart)
{
    char full[PATH_MAX];
    DWORD e, r;

    if (!lpFileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((e = full_path(lpFileName, full)) != 0) {
        SetLastError(e);
        return 0;
    }
    r = copy_out(full, nBufferLength, lpBuffer);
    if (lpFilePart && r < nBufferLength && lpBuffer) {
        char *last = strrchr(lpBuffer, '\\');

        *lpFilePart = last && last[1] ? last + 1 : NULL;
    }
    return r;
}

/* There are no 8.3 names: the short name of a file is its long name, and
 * the long name is the name given.  Both need the file to exist. */
static DWORD same_name(LPCSTR in, LPSTR out, DWORD cch)
{
    char path[PATH_MAX];
    struct stat st;

    if (!isw_map_arg(in, path)) {
        return 0;
    }
    if (stat(path, &st) != 0) {
        isw_fail_path(path);
        return 0;
    }
    if (out == in && cch > strlen(in)) {
        return (DWORD)strlen(in);
    }
    return copy_out(in, cch, out);
}

WINBASEAPI DWORD WINAPI GetShortPathNameA(LPCSTR lpszLongPath,
    LPSTR lpszShortPath, DWORD cchBuffer)
{
    return same_name(lpszLongPath, lpszShortPath, cchBuffer);
}

WINBASEAPI DWORD WINAPI GetLongPathNameA(LPCSTR lpszShortPath,
    LPSTR lpszLongPath, DWORD cchBuffer)
{
    return same_name(lpszShortPath, lpszLongPath, cchBuffer);
}

WINBASEAPI BOOL WINAPI GetDiskFreeSpaceExA(LPCSTR lpDirectoryName,
    PULARGE_INTEGER lpFreeBytesAvailableToCaller,
    PULARGE_INTEGER lpTotalNumberOfBytes,
    PULARGE_INTEGER lpTotalNumberOfFreeBytes)
{
    char path[PATH_MAX] = ".";
    struct statvfs vfs;

    if (lpDirectoryName && !isw_map_arg(lpDirectoryName, path)) {
        return FALSE;
    }
    if (statvfs(path, &vfs) != 0) {
        return isw_fail_path(path);
    }
    if (lpFreeBytesAvailableToCaller) {
        lpFreeBytesAvailableToCaller->QuadPart = (ULONGLONG)vfs.f_bavail * vfs.f_frsize;
    }
    if (lpTotalNumberOfBytes) {
        lpTotalNumberOfBytes->QuadPart = (ULONGLONG)vfs.f_blocks * vfs.f_frsize;
    }
    if (lpTotalNumberOfFreeBytes) {
        lpTotalNumberOfFreeBytes->QuadPart = (ULONGLONG)vfs.f_bfree * vfs.f_frsize;
    }
    return TRUE;
}
