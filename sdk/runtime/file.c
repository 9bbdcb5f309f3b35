/*
 * file.c: file handles (CreateFile, ReadFile, WriteFile, the file
 * pointer, sizes, times, locks) and the standard handles.
 *
 * A file HANDLE is an isw_obj of kind ISW_FILE holding the descriptor.
 * Linux does not enforce share modes, so dwShareMode is accepted and a
 * second opener is never refused with ERROR_SHARING_VIOLATION; byte-range
 * locks are open-file-description locks (one owner per handle, as on
 * Windows) and advisory: they stop other LockFile calls, not reads and
 * writes.  I/O is synchronous: an OVERLAPPED gives the offset only.
 */
#include "winfs.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

typedef struct file_lock file_lock;
struct file_lock {
    file_lock *next;
    uint64_t off, len;
    short type;               /* F_RDLCK or F_WRLCK */
};

typedef struct {
    isw_obj base;
    int fd;
    int readable, writable;
    int keep_fd;              /* the standard handles leave fds 0-2 open */
    char *delete_path;        /* FILE_FLAG_DELETE_ON_CLOSE */
    pthread_mutex_t lock;     /* guards locks */
    file_lock *locks;
} isw_file;

static void file_destroy(isw_obj *o)
{
    isw_file *f = (isw_file *)o;

    while (f->locks) {
        file_lock *l = f->locks;
        f->locks = l->next;
        free(l);
    }
    if (!f->keep_fd && f->fd >= 0) {
        close(f->fd);
    }
    if (f->delete_path) {
        unlink(f->delete_path);
        free(f->delete_path);
    }
    pthread_mutex_destroy(&f->lock);
    free(f);
}

static HANDLE file_handle(int fd, int readable, int writable, int keep_fd)
{
    isw_file *f = isw_obj_new(sizeof(*f), ISW_FILE, file_destroy);

    if (!f) {
        if (!keep_fd) {
            close(fd);
        }
        return NULL;
    }
    f->fd = fd;
    f->readable = readable;
    f->writable = writable;
    f->keep_fd = keep_fd;
    pthread_mutex_init(&f->lock, NULL);
    return isw_handle_new(&f->base);
}

static isw_file *file_get(HANDLE h)
{
    return (isw_file *)isw_handle_get(h, ISW_FILE);
}

/* The file h names, with a reference taken, if it is open for writing
 * (writing) or reading; NULL with ERROR_ACCESS_DENIED (or the handle's
 * error) otherwise. */
static isw_file *file_get_for(HANDLE h, int writing)
{
    isw_file *f = file_get(h);

    if (f && !(writing ? f->writable : f->readable)) {
        isw_obj_put(&f->base);
        isw_fail(ERROR_ACCESS_DENIED);
        return NULL;
    }
    return f;
}

/* "NUL" (with any directory or extension) is the null device, which
 * filters open to discard output.  Only CreateFile knows it: DeleteFile
 * and the others must never reach /dev/null. */
static int is_nul(const char *name)
{
    const char *last = name ? name + strlen(name) : NULL;

    if (!name) {
        return 0;
    }
    while (last > name && last[-1] != '\\' && last[-1] != '/' && last[-1] != ':') {
        last--;
    }
    return !strcasecmp(last, "nul") || !strncasecmp(last, "nul.", 4);
}

WINBASEAPI HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
    DWORD dwShareMode, LPSECURITY_ATTRIBUTES lpSecurityAttributes,
    DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
    HANDLE hTemplateFile)
{
    char path[PATH_MAX];
    struct stat st;
    int readable, writable, append, flags, fd, existed;
    mode_t mode;
    HANDLE h;
    isw_file *f;

    (void)dwShareMode;           /* not enforced: see the top of the file */
    (void)lpSecurityAttributes;
    (void)hTemplateFile;
    if (is_nul(lpFileName)) {
        strcpy(path, "/dev/null");
    }
    else if (!isw_map_arg(lpFileName, path)) {
        return INVALID_HANDLE_VALUE;
    }
    if (dwCreationDisposition < CREATE_NEW
        || dwCreationDisposition > TRUNCATE_EXISTING) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    readable = (dwDesiredAccess & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA)) != 0;
    writable = (dwDesiredAccess & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA
                                   | FILE_APPEND_DATA)) != 0;
    /* FILE_APPEND_DATA without FILE_WRITE_DATA writes only at the end. */
    append = (dwDesiredAccess & FILE_APPEND_DATA)
             && !(dwDesiredAccess & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA));
    if (dwCreationDisposition == TRUNCATE_EXISTING && !writable) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }

    existed = stat(path, &st) == 0;
    if (existed && S_ISDIR(st.st_mode)) {
        /* A directory opens only for its metadata, and only with
         * FILE_FLAG_BACKUP_SEMANTICS, as on Windows. */
        if (!(dwFlagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS)
            || dwCreationDisposition == CREATE_NEW
            || dwCreationDisposition == CREATE_ALWAYS
            || dwCreationDisposition == TRUNCATE_EXISTING) {
            SetLastError(dwCreationDisposition == CREATE_NEW
                         ? ERROR_FILE_EXISTS : ERROR_ACCESS_DENIED);
            return INVALID_HANDLE_VALUE;
        }
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            isw_fail_path(path);
            return INVALID_HANDLE_VALUE;
        }
        h = file_handle(fd, 0, 0, 0);
        if (h && dwCreationDisposition == OPEN_ALWAYS) {
            SetLastError(ERROR_ALREADY_EXISTS);
        }
        else if (h) {
            SetLastError(ERROR_SUCCESS);
        }
        return h ? h : INVALID_HANDLE_VALUE;
    }

    /* A read-only file opens for reading only, whoever asks (root's
     * open() would not refuse it). */
    if (existed && !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))
        && (writable || dwCreationDisposition == CREATE_ALWAYS
            || dwCreationDisposition == TRUNCATE_EXISTING)
        && dwCreationDisposition != CREATE_NEW) {
        SetLastError(ERROR_ACCESS_DENIED);
        return INVALID_HANDLE_VALUE;
    }
    flags = O_CLOEXEC | (readable && writable ? O_RDWR
                         : writable ? O_WRONLY : O_RDONLY);
    if (append) {
        flags |= O_APPEND;
    }
    switch (dwCreationDisposition) {
    case CREATE_NEW:        flags |= O_CREAT | O_EXCL; break;
    case CREATE_ALWAYS:     flags |= O_CREAT | O_TRUNC; break;
    case OPEN_ALWAYS:       flags |= O_CREAT; break;
    case TRUNCATE_EXISTING: flags |= O_TRUNC; break;
    default:                break;
    }
    mode = (dwFlagsAndAttributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
    fd = open(path, flags, mode);
    if (fd < 0 && errno == EEXIST) {
        SetLastError(ERROR_FILE_EXISTS);
        return INVALID_HANDLE_VALUE;
    }
    if (fd < 0) {
        isw_fail_path(path);
        return INVALID_HANDLE_VALUE;
    }
    h = file_handle(fd, readable, writable, 0);
    if (!h) {
        return INVALID_HANDLE_VALUE;
    }
    /* Only a regular file is deleted on close: never a device such as
     * the null device. */
    if ((dwFlagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE)
        && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)
        && (f = file_get(h)) != NULL) {
        f->delete_path = strdup(path);
        isw_obj_put(&f->base);
    }
    /* CREATE_ALWAYS and OPEN_ALWAYS succeed either way and say which. */
    SetLastError(existed && (dwCreationDisposition == CREATE_ALWAYS
                             || dwCreationDisposition == OPEN_ALWAYS)
                 ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return h;
}

/* The offset an OVERLAPPED names. */
static off_t ov_offset(const OVERLAPPED *ov)
{
    return (off_t)(((uint64_t)ov->OffsetHigh << 32) | ov->Offset);
}

/* ReadFile's and WriteFile's start: *count zeroed, the arguments
 * checked, and the file h names with a reference taken, which must be
 * open for writing (writing) or reading; NULL with the error set. */
static isw_file *io_begin(HANDLE h, LPCVOID buf, DWORD len, LPDWORD count,
                          LPOVERLAPPED ov, int writing)
{
    if (count) {
        *count = 0;
    }
    /* The count may be NULL only when an OVERLAPPED receives it. */
    if (!count && !ov) {
        isw_fail(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!buf && len) {
        isw_fail(ERROR_INVALID_USER_BUFFER);
        return NULL;
    }
    return file_get_for(h, writing);
}

/* ReadFile's and WriteFile's end, f let go: the count done reported
 * where the caller asked for it; FALSE with the error for errno err. */
static BOOL io_end(isw_file *f, size_t done, int err, LPDWORD count,
                   LPOVERLAPPED ov)
{
    isw_obj_put(&f->base);
    if (count) {
        *count = (DWORD)done;
    }
    if (ov) {
        ov->Internal = 0;
        ov->InternalHigh = done;
    }
    if (err) {
        return isw_fail(isw_error_from_errno(err == EBADF ? EACCES : err));
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer,
    DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
    LPOVERLAPPED lpOverlapped)
{
    isw_file *f;
    ssize_t n;
    size_t got = 0;
    int err = 0, regular;
    struct stat st;

    if (!(f = io_begin(hFile, lpBuffer, nNumberOfBytesToRead,
                       lpNumberOfBytesRead, lpOverlapped, 0))) {
        return FALSE;
    }
    if (lpOverlapped && lseek(f->fd, ov_offset(lpOverlapped), SEEK_SET) < 0) {
        err = errno;
    }
    regular = fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode);
    /* A disk file gives the whole count unless it ends first. */
    while (!err && got < nNumberOfBytesToRead) {
        n = read(f->fd, (char *)lpBuffer + got, nNumberOfBytesToRead - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            err = errno;
        }
        if (n <= 0) {
            break;
        }
        got += (size_t)n;
        if (!regular) {
            break;               /* pipes and terminals: what is there */
        }
    }
    if (!io_end(f, got, err, lpNumberOfBytesRead, lpOverlapped)) {
        return FALSE;
    }
    /* At the end of the file a plain read succeeds with 0 bytes; one at
     * an explicit offset reports ERROR_HANDLE_EOF. */
    if (lpOverlapped && got == 0 && nNumberOfBytesToRead) {
        return isw_fail(ERROR_HANDLE_EOF);
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
    DWORD nNumberOfBytesToWrite, LPDWORD lpNumberOfBytesWritten,
    LPOVERLAPPED lpOverlapped)
{
    isw_file *f;
    ssize_t n;
    size_t put = 0;
    int err = 0;

    if (!(f = io_begin(hFile, lpBuffer, nNumberOfBytesToWrite,
                       lpNumberOfBytesWritten, lpOverlapped, 1))) {
        return FALSE;
    }
    if (lpOverlapped) {
        /* Offset 0xFFFFFFFF:0xFFFFFFFF means "at the end of the file". */
        off_t r = (lpOverlapped->Offset == 0xFFFFFFFF
                   && lpOverlapped->OffsetHigh == 0xFFFFFFFF)
                  ? lseek(f->fd, 0, SEEK_END)
                  : lseek(f->fd, ov_offset(lpOverlapped), SEEK_SET);
        if (r < 0) {
            err = errno;
        }
    }
    while (!err && put < nNumberOfBytesToWrite) {
        n = write(f->fd, (const char *)lpBuffer + put,
                  nNumberOfBytesToWrite - put);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            err = errno;
            break;
        }
        put += (size_t)n;
    }
    return io_end(f, put, err, lpNumberOfBytesWritten, lpOverlapped);
}

/* fstat of a file handle; FALSE with the error set. */
static BOOL handle_stat(HANDLE h, struct stat *st, int *fd_out)
{
    isw_file *f = file_get(h);
    int r;

    if (!f) {
        return FALSE;
    }
    r = fstat(f->fd, st);
    if (r == 0 && fd_out) {
        *fd_out = dup(f->fd);
    }
    isw_obj_put(&f->base);
    return r == 0 ? TRUE : isw_fail_errno();
}

WINBASEAPI BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)
{
    struct stat st;

    if (!lpFileSize) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!handle_stat(hFile, &st, NULL)) {
        return FALSE;
    }
    lpFileSize->QuadPart = S_ISREG(st.st_mode) ? (LONGLONG)st.st_size : 0;
    return TRUE;
}

WINBASEAPI DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)
{
    LARGE_INTEGER size;

    if (!GetFileSizeEx(hFile, &size)) {
        return INVALID_FILE_SIZE;
    }
    if (lpFileSizeHigh) {
        *lpFileSizeHigh = (DWORD)size.HighPart;
        /* The caller tells a size whose low part is 0xFFFFFFFF from a
         * failure by GetLastError() == NO_ERROR. */
        if (size.LowPart == INVALID_FILE_SIZE) {
            SetLastError(NO_ERROR);
        }
    }
    return size.LowPart;
}

WINBASEAPI BOOL WINAPI SetFilePointerEx(HANDLE hFile,
    LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
    DWORD dwMoveMethod)
{
    isw_file *f;
    off_t base, pos;
    int whence;

    switch (dwMoveMethod) {
    case FILE_BEGIN:   whence = SEEK_SET; break;
    case FILE_CURRENT: whence = SEEK_CUR; break;
    case FILE_END:     whence = SEEK_END; break;
    default:           return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(f = file_get(hFile))) {
        return FALSE;
    }
    /* Windows refuses a position before the start with its own error,
     * and leaves the pointer where it was. */
    base = whence == SEEK_SET ? 0 : lseek(f->fd, 0, whence);
    if (base < 0) {
        isw_obj_put(&f->base);
        return isw_fail_errno();
    }
    if (liDistanceToMove.QuadPart < 0 && base + liDistanceToMove.QuadPart < 0) {
        isw_obj_put(&f->base);
        return isw_fail(ERROR_NEGATIVE_SEEK);
    }
    pos = lseek(f->fd, base + liDistanceToMove.QuadPart, SEEK_SET);
    isw_obj_put(&f->base);
    if (pos < 0) {
        return isw_fail_errno();
    }
    if (lpNewFilePointer) {
        lpNewFilePointer->QuadPart = pos;
    }
    return TRUE;
}

WINBASEAPI DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove,
    PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod)
{
    LARGE_INTEGER d, now;

    if (lpDistanceToMoveHigh) {
        d.QuadPart = (LONGLONG)(((uint64_t)(uint32_t)*lpDistanceToMoveHigh << 32)
                                | (uint32_t)lDistanceToMove);
    }
    else {
        d.QuadPart = lDistanceToMove;
    }
    if (!lpDistanceToMoveHigh) {
        /* Without a high part the new position must fit 32 bits: check
         * first, so the pointer does not move on failure. */
        LARGE_INTEGER cur, zero = { .QuadPart = 0 };
        LONGLONG target;
        LARGE_INTEGER size;

        if (!SetFilePointerEx(hFile, zero, &cur, FILE_CURRENT)) {
            return INVALID_SET_FILE_POINTER;
        }
        target = dwMoveMethod == FILE_BEGIN ? d.QuadPart
               : dwMoveMethod == FILE_CURRENT ? cur.QuadPart + d.QuadPart
               : (GetFileSizeEx(hFile, &size) ? size.QuadPart + d.QuadPart : 0);
        if (target >= (LONGLONG)0xFFFFFFFF && dwMoveMethod <= FILE_END) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return INVALID_SET_FILE_POINTER;
        }
    }
    if (!SetFilePointerEx(hFile, d, &now, dwMoveMethod)) {
        return INVALID_SET_FILE_POINTER;
    }
    if (lpDistanceToMoveHigh) {
        *lpDistanceToMoveHigh = now.HighPart;
        if (now.LowPart == INVALID_SET_FILE_POINTER) {
            SetLastError(NO_ERROR);
        }
    }
    return now.LowPart;
}

WINBASEAPI BOOL WINAPI SetEndOfFile(HANDLE hFile)
{
    isw_file *f = file_get_for(hFile, 1);
    off_t pos;
    int r;

    if (!f) {
        return FALSE;
    }
    pos = lseek(f->fd, 0, SEEK_CUR);
    r = pos < 0 ? -1 : ftruncate(f->fd, pos);
    isw_obj_put(&f->base);
    return r == 0 ? TRUE : isw_fail_errno();
}

WINBASEAPI BOOL WINAPI FlushFileBuffers(HANDLE hFile)
{
    isw_file *f = file_get_for(hFile, 1);
    int r;

    if (!f) {
        return FALSE;
    }
    r = fsync(f->fd);
    if (r != 0 && (errno == EINVAL || errno == EROFS)) {
        r = 0;                  /* a terminal or pipe: nothing to flush */
    }
    isw_obj_put(&f->base);
    return r == 0 ? TRUE : isw_fail_errno();
}

WINBASEAPI BOOL WINAPI GetFileTime(HANDLE hFile, LPFILETIME lpCreationTime,
    LPFILETIME lpLastAccessTime, LPFILETIME lpLastWriteTime)
{
    struct stat st;
    int fd = -1;

    if (!handle_stat(hFile, &st, lpCreationTime ? &fd : NULL)) {
        return FALSE;
    }
    if (lpCreationTime) {
        isw_creation_time(fd, NULL, &st, lpCreationTime);
        if (fd >= 0) {
            close(fd);
        }
    }
    if (lpLastAccessTime) {
        isw_filetime_from_timespec(&st.st_atim, lpLastAccessTime);
    }
    if (lpLastWriteTime) {
        isw_filetime_from_timespec(&st.st_mtim, lpLastWriteTime);
    }
    return TRUE;
}

/* A FILETIME that leaves its time alone: NULL, 0 (Windows: "do not
 * change"), or all ones ("stop updating it", which Linux cannot). */
static void set_time(const FILETIME *ft, struct timespec *ts)
{
    if (!ft || (ft->dwLowDateTime == 0 && ft->dwHighDateTime == 0)
        || (ft->dwLowDateTime == 0xFFFFFFFF && ft->dwHighDateTime == 0xFFFFFFFF)) {
        ts->tv_sec = 0;
        ts->tv_nsec = UTIME_OMIT;
        return;
    }
    isw_timespec_from_filetime(ft, ts);
}

WINBASEAPI BOOL WINAPI SetFileTime(HANDLE hFile, const FILETIME *lpCreationTime,
    const FILETIME *lpLastAccessTime, const FILETIME *lpLastWriteTime)
{
    isw_file *f = file_get(hFile);
    struct timespec ts[2];
    int r;

    (void)lpCreationTime;       /* Linux keeps no settable birth time */
    if (!f) {
        return FALSE;
    }
    set_time(lpLastAccessTime, &ts[0]);
    set_time(lpLastWriteTime, &ts[1]);
    r = futimens(f->fd, ts);
    isw_obj_put(&f->base);
    return r == 0 ? TRUE : isw_fail_errno();
}

WINBASEAPI DWORD WINAPI GetFileType(HANDLE hFile)
{
    struct stat st;

    if (!handle_stat(hFile, &st, NULL)) {
        return FILE_TYPE_UNKNOWN;
    }
    SetLastError(NO_ERROR);
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode)) {
        return FILE_TYPE_DISK;
    }
    if (S_ISCHR(st.st_mode)) {
        return FILE_TYPE_CHAR;
    }
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
        return FILE_TYPE_PIPE;
    }
    return FILE_TYPE_UNKNOWN;
}

WINBASEAPI BOOL WINAPI GetFileInformationByHandle(HANDLE hFile,
    LPBY_HANDLE_FILE_INFORMATION lpFileInformation)
{
    struct stat st;
    int fd = -1;

    if (!lpFileInformation) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!handle_stat(hFile, &st, &fd)) {
        return FALSE;
    }
    memset(lpFileInformation, 0, sizeof(*lpFileInformation));
    lpFileInformation->dwFileAttributes = isw_attributes(NULL, &st);
    isw_creation_time(fd, NULL, &st, &lpFileInformation->ftCreationTime);
    if (fd >= 0) {
        close(fd);
    }
    isw_filetime_from_timespec(&st.st_atim, &lpFileInformation->ftLastAccessTime);
    isw_filetime_from_timespec(&st.st_mtim, &lpFileInformation->ftLastWriteTime);
    lpFileInformation->dwVolumeSerialNumber = (DWORD)st.st_dev;
    lpFileInformation->nFileSizeHigh = (DWORD)((uint64_t)st.st_size >> 32);
    lpFileInformation->nFileSizeLow = (DWORD)st.st_size;
    lpFileInformation->nNumberOfLinks = (DWORD)st.st_nlink;
    lpFileInformation->nFileIndexHigh = (DWORD)((uint64_t)st.st_ino >> 32);
    lpFileInformation->nFileIndexLow = (DWORD)st.st_ino;
    return TRUE;
}

/* The standard handles: one table object per descriptor, made on first
 * use and made again if a filter closes it.  fds 0-2 stay open: inside
 * httpd they are the server's. */
static pthread_mutex_t std_lock = PTHREAD_MUTEX_INITIALIZER;
static HANDLE std_handles[3];

WINBASEAPI HANDLE WINAPI GetStdHandle(DWORD nStdHandle)
{
    int fd;
    isw_obj *o;
    HANDLE h;
    DWORD err;

    if (nStdHandle == STD_INPUT_HANDLE) {
        fd = 0;
    }
    else if (nStdHandle == STD_OUTPUT_HANDLE) {
        fd = 1;
    }
    else if (nStdHandle == STD_ERROR_HANDLE) {
        fd = 2;
    }
    else {
        SetLastError(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    pthread_mutex_lock(&std_lock);
    h = std_handles[fd];
    err = GetLastError();       /* a failed probe is no error of the call */
    if (h && (o = isw_handle_get(h, ISW_FILE)) != NULL) {
        isw_obj_put(o);
    }
    else {
        h = std_handles[fd] = file_handle(fd, fd == 0, fd != 0, 1);
    }
    if (h) {
        SetLastError(err);
    }
    pthread_mutex_unlock(&std_lock);
    return h ? h : INVALID_HANDLE_VALUE;
}

/* ---- Byte-range locks ---- */

static BOOL lock_range(HANDLE hFile, uint64_t off, uint64_t len, int exclusive,
                       int wait)
{
    isw_file *f = file_get(hFile);
    struct flock fl;
    file_lock *l;
    int r;

    if (!f) {
        return FALSE;
    }
    if (!(l = malloc(sizeof(*l)))) {
        isw_obj_put(&f->base);
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    memset(&fl, 0, sizeof(fl));
    /* A shared lock needs a readable descriptor on Linux; a handle opened
     * for writing only takes it exclusively. */
    fl.l_type = exclusive || !f->readable ? F_WRLCK : F_RDLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = off > INT64_MAX ? INT64_MAX : (off_t)off;
    /* Ranges running past what off_t holds lock "to the end": 0. */
    fl.l_len = len > (uint64_t)INT64_MAX - (uint64_t)fl.l_start ? 0 : (off_t)len;
    /* A zero-length lock conflicts with nothing; fcntl's length 0 would
     * mean "to the end of the file", so it is only recorded. */
    r = 0;
    while (len && (r = fcntl(f->fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl)) < 0
           && errno == EINTR) {
    }
    if (r < 0) {
        int err = errno;

        free(l);
        isw_obj_put(&f->base);
        return isw_fail(err == EAGAIN || err == EACCES ? ERROR_LOCK_VIOLATION
                        : isw_error_from_errno(err));
    }
    l->off = off;
    l->len = len;
    l->type = fl.l_type;
    pthread_mutex_lock(&f->lock);
    l->next = f->locks;
    f->locks = l;
    pthread_mutex_unlock(&f->lock);
    isw_obj_put(&f->base);
    return TRUE;
}

static BOOL unlock_range(HANDLE hFile, uint64_t off, uint64_t len)
{
    isw_file *f = file_get(hFile);
    file_lock **pl, *l = NULL, *other;
    struct flock fl;

    if (!f) {
        return FALSE;
    }
    /* Windows unlocks exactly a range that was locked. */
    pthread_mutex_lock(&f->lock);
    for (pl = &f->locks; *pl; pl = &(*pl)->next) {
        if ((*pl)->off == off && (*pl)->len == len) {
            l = *pl;
            *pl = l->next;
            break;
        }
    }
    if (l && len) {
        memset(&fl, 0, sizeof(fl));
        fl.l_type = F_UNLCK;
        fl.l_whence = SEEK_SET;
        fl.l_start = off > INT64_MAX ? INT64_MAX : (off_t)off;
        fl.l_len = len > (uint64_t)INT64_MAX - (uint64_t)fl.l_start ? 0 : (off_t)len;
        fcntl(f->fd, F_OFD_SETLK, &fl);
        /* POSIX ranges merge: re-take the ranges this handle still holds
         * that overlapped the one released. */
        for (other = f->locks; other; other = other->next) {
            if (!other->len) {
                continue;
            }
            fl.l_type = other->type;
            fl.l_start = other->off > INT64_MAX ? INT64_MAX : (off_t)other->off;
            fl.l_len = other->len > (uint64_t)INT64_MAX - (uint64_t)fl.l_start
                       ? 0 : (off_t)other->len;
            fcntl(f->fd, F_OFD_SETLK, &fl);
        }
    }
    pthread_mutex_unlock(&f->lock);
    isw_obj_put(&f->base);
    free(l);
    return l ? TRUE : isw_fail(ERROR_NOT_LOCKED);
}

#define U64(lo, hi) (((uint64_t)(hi) << 32) | (uint32_t)(lo))

WINBASEAPI BOOL WINAPI LockFile(HANDLE hFile, DWORD dwFileOffsetLow,
    DWORD dwFileOffsetHigh, DWORD nNumberOfBytesToLockLow,
    DWORD nNumberOfBytesToLockHigh)
{
    return lock_range(hFile, U64(dwFileOffsetLow, dwFileOffsetHigh),
                      U64(nNumberOfBytesToLockLow, nNumberOfBytesToLockHigh),
                      1, 0);
}

WINBASEAPI BOOL WINAPI UnlockFile(HANDLE hFile, DWORD dwFileOffsetLow,
    DWORD dwFileOffsetHigh, DWORD nNumberOfBytesToUnlockLow,
    DWORD nNumberOfBytesToUnlockHigh)
{
    return unlock_range(hFile, U64(dwFileOffsetLow, dwFileOffsetHigh),
                        U64(nNumberOfBytesToUnlockLow, nNumberOfBytesToUnlockHigh));
}

WINBASEAPI BOOL WINAPI LockFileEx(HANDLE hFile, DWORD dwFlags,
    DWORD dwReserved, DWORD nNumberOfBytesToLockLow,
    DWORD nNumberOfBytesToLockHigh, LPOVERLAPPED lpOverlapped)
{
    if (!lpOverlapped || dwReserved) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    return lock_range(hFile, U64(lpOverlapped->Offset, lpOverlapped->OffsetHigh),
                      U64(nNumberOfBytesToLockLow, nNumberOfBytesToLockHigh),
                      (dwFlags & LOCKFILE_EXCLUSIVE_LOCK) != 0,
                      !(dwFlags & LOCKFILE_FAIL_IMMEDIATELY));
}

WINBASEAPI BOOL WINAPI UnlockFileEx(HANDLE hFile, DWORD dwReserved,
    DWORD nNumberOfBytesToUnlockLow, DWORD nNumberOfBytesToUnlockHigh,
    LPOVERLAPPED lpOverlapped)
{
    if (!lpOverlapped || dwReserved) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    return unlock_range(hFile, U64(lpOverlapped->Offset, lpOverlapped->OffsetHigh),
                        U64(nNumberOfBytesToUnlockLow, nNumberOfBytesToUnlockHigh));
}
