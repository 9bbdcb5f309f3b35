/*
 * winfs.h: what file.c, dir.c and change.c share (fsinfo.c): Windows
 * attributes and FILETIMEs from stat(), and the error a failed path
 * operation reports.  Internal to the runtime, like isw.h.
 */
#ifndef ISW_WINFS_H
#define ISW_WINFS_H

#include "isw.h"

#include <sys/stat.h>

#pragma GCC visibility push(hidden)

/** 100 ns ticks from 1601-01-01 (FILETIME) for a Unix time. */
void isw_filetime_from_timespec(const struct timespec *ts, FILETIME *ft);

/** The Unix time a FILETIME names. */
void isw_timespec_from_filetime(const FILETIME *ft, struct timespec *ts);

/** FILE_ATTRIBUTE_* for a file with this stat and (last component) name. */
DWORD isw_attributes(const char *name, const struct stat *st);

/** Windows' creation time for st: the birth time where the file system
 * keeps one (statx), else the last write time.  fd or path. */
void isw_creation_time(int fd, const char *path, const struct stat *st,
                       FILETIME *ft);

/** SetLastError for errno after an operation on unix_path failed: an
 * ENOENT whose directory is missing too is ERROR_PATH_NOT_FOUND, as
 * Windows tells the two apart.  Returns FALSE. */
BOOL isw_fail_path(const char *unix_path);

/** Maps a Windows path argument with isw_path_to_unix into out[PATH_MAX];
 * FALSE with the error set (ERROR_INVALID_PARAMETER for NULL). */
BOOL isw_map_arg(const char *win, char *out);

#pragma GCC visibility pop

#endif /* ISW_WINFS_H */
