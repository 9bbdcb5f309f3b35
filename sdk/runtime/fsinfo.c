/*
 * fsinfo.c: Windows attributes, FILETIMEs and path errors from what
 * stat() and errno say (winfs.h).
 */
#include "winfs.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

/* Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
#define EPOCH_DIFF 11644473600LL

void isw_filetime_from_timespec(const struct timespec *ts, FILETIME *ft)
{
    uint64_t t = (uint64_t)((int64_t)ts->tv_sec + EPOCH_DIFF) * 10000000ULL
                 + (uint64_t)ts->tv_nsec / 100;

    ft->dwLowDateTime = (DWORD)t;
    ft->dwHighDateTime = (DWORD)(t >> 32);
}

void isw_timespec_from_filetime(const FILETIME *ft, struct timespec *ts)
{
    uint64_t t = ((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime;

    ts->tv_sec = (time_t)(t / 10000000ULL) - EPOCH_DIFF;
    ts->tv_nsec = (long)(t % 10000000ULL) * 100;
}

DWORD isw_attributes(const char *name, const struct stat *st)
{
    DWORD a = 0;
    const char *base = name ? strrchr(name, '/') : NULL;

    base = base ? base + 1 : name;
    if (S_ISDIR(st->st_mode)) {
        a |= FILE_ATTRIBUTE_DIRECTORY;
    }
    /* Read-only: nobody may write it (the owner's bit is what chmod and
     * SetFileAttributes change). */
    if (!(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
        a |= FILE_ATTRIBUTE_READONLY;
    }
    /* Unix hides dot files; "." and ".." are not hidden on Windows. */
    if (base && base[0] == '.' && strcmp(base, ".") && strcmp(base, "..")) {
        a |= FILE_ATTRIBUTE_HIDDEN;
    }
    if (!S_ISDIR(st->st_mode) && !S_ISREG(st->st_mode)) {
        a |= FILE_ATTRIBUTE_SYSTEM;
    }
    /* NTFS marks every file it writes for backup; NORMAL is only ever
     * alone, for a file with no other attribute. */
    if (!S_ISDIR(st->st_mode)) {
        a |= FILE_ATTRIBUTE_ARCHIVE;
    }
    return a ? a : FILE_ATTRIBUTE_NORMAL;
}

void isw_creation_time(int fd, const char *path, const struct stat *st,
                       FILETIME *ft)
{
    struct statx sx;
    int r;

    r = path ? statx(AT_FDCWD, path, 0, STATX_BTIME, &sx)
             : statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &sx);
    if (r == 0 && (sx.stx_mask & STATX_BTIME)) {
        struct timespec ts = { sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec };

        isw_filetime_from_timespec(&ts, ft);
        return;
    }
    isw_filetime_from_timespec(&st->st_mtim, ft);
}

BOOL isw_fail_path(const char *unix_path)
{
    int err = errno;

    if (err == ENOENT && unix_path) {
        char dir[PATH_MAX];
        const char *slash = strrchr(unix_path, '/');
        struct stat st;

        if (slash && (size_t)(slash - unix_path) < sizeof(dir)) {
            size_t n = slash == unix_path ? 1 : (size_t)(slash - unix_path);

            memcpy(dir, unix_path, n);
            dir[n] = '\0';
            if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
                return isw_fail(ERROR_PATH_NOT_FOUND);
            }
        }
        return isw_fail(ERROR_FILE_NOT_FOUND);
    }
    return isw_fail(isw_error_from_errno(err));
}

BOOL isw_map_arg(const char *win, char *out)
{
    DWORD e;

    if (!win) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    e = isw_path_to_unix(win, out, PATH_MAX);
    if (e) {
        return isw_fail(e);
    }
    return TRUE;
}
