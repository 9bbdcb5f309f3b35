/*
 * dir.c: directory listings (FindFirstFile family), directories and
 * attributes.
 *
 * A find handle (kind ISW_FIND, closed by FindClose) holds the names of
 * the directory that matched when FindFirstFile ran; each one is stat'ed
 * as FindNextFile returns it.  Wildcards match as Windows matches them,
 * without case: '*' any run, '?' one character, and "*.*" everything,
 * names without a dot included.
 */
#include "winfs.h"

#include <dirent.h>
#include <stddef.h>
#include <limits.h>
#include <unistd.h>

typedef struct {
    isw_obj base;
    char dir[PATH_MAX];
    char **names;
    size_t count, next;
} isw_find;

static void find_destroy(isw_obj *o)
{
    isw_find *f = (isw_find *)o;

    for (size_t i = 0; i < f->count; i++) {
        free(f->names[i]);
    }
    free(f->names);
    free(f);
}

/* Windows' wildcard match, without case.  A pattern ending in ".*" or "."
 * also matches a name that has no dot there ("*.*" matches "README").
 * Only the last '*' seen is ever retried, one name position further each
 * time: what an earlier '*' matched cannot make a later part fail, so
 * the match takes time linear in each of pattern and name, however many
 * '*' a pattern built from a URL holds. */
static int wild_match(const char *pat, const char *name)
{
    const char *star = NULL, *retry = NULL;

    for (;;) {
        if (*pat == '*') {
            while (*pat == '*') {
                pat++;
            }
            if (!*pat) {
                return 1;
            }
            star = pat;
            retry = name;
            continue;
        }
        if (!*name) {
            if (!*pat || !strcmp(pat, ".*") || !strcmp(pat, ".")) {
                return 1;
            }
        }
        else if (*pat && (*pat == '?' || tolower((unsigned char)*pat)
                                         == tolower((unsigned char)*name))) {
            pat++;
            name++;
            continue;
        }
        /* A mismatch: the last '*' takes one more character, if any. */
        if (!star || !*retry) {
            return 0;
        }
        pat = star;
        name = ++retry;
    }
}

/* What WIN32_FILE_ATTRIBUTE_DATA holds for the file path whose stat is
 * st; the attributes are judged by name (a leading dot is hidden). */
static void attribute_data(const char *name, const char *path,
                           const struct stat *st, WIN32_FILE_ATTRIBUTE_DATA *a)
{
    memset(a, 0, sizeof(*a));
    a->dwFileAttributes = isw_attributes(name, st);
    isw_creation_time(-1, path, st, &a->ftCreationTime);
    isw_filetime_from_timespec(&st->st_atim, &a->ftLastAccessTime);
    isw_filetime_from_timespec(&st->st_mtim, &a->ftLastWriteTime);
    if (!S_ISDIR(st->st_mode)) {
        a->nFileSizeHigh = (DWORD)((uint64_t)st->st_size >> 32);
        a->nFileSizeLow = (DWORD)st->st_size;
    }
}

/* WIN32_FIND_DATAA begins with the members of WIN32_FILE_ATTRIBUTE_DATA,
 * as Windows declares them. */
_Static_assert(offsetof(WIN32_FIND_DATAA, nFileSizeLow)
               == offsetof(WIN32_FILE_ATTRIBUTE_DATA, nFileSizeLow)
               && offsetof(WIN32_FIND_DATAA, dwReserved0)
                  >= sizeof(WIN32_FILE_ATTRIBUTE_DATA),
               "WIN32_FIND_DATAA starts as WIN32_FILE_ATTRIBUTE_DATA");

/* Fills fd from the entry name of directory dir; FALSE when it is gone. */
static BOOL fill(const char *dir, const char *name, WIN32_FIND_DATAA *fd)
{
    char path[PATH_MAX];
    struct stat st;
    WIN32_FILE_ATTRIBUTE_DATA head;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (stat(path, &st) != 0 && lstat(path, &st) != 0) {
        return FALSE;
    }
    memset(fd, 0, sizeof(*fd));
    attribute_data(name, path, &st, &head);
    memcpy(fd, &head, sizeof(head));
    snprintf(fd->cFileName, sizeof(fd->cFileName), "%s", name);
    return TRUE;
}

/* The next entry of f that still exists, into fd. */
static BOOL find_next(isw_find *f, WIN32_FIND_DATAA *fd)
{
    while (f->next < f->count) {
        if (fill(f->dir, f->names[f->next++], fd)) {
            return TRUE;
        }
    }
    return isw_fail(ERROR_NO_MORE_FILES);
}

WINBASEAPI HANDLE WINAPI FindFirstFileA(LPCSTR lpFileName,
    LPWIN32_FIND_DATAA lpFindFileData)
{
    char dirpart[PATH_MAX];
    const char *pat, *p;
    isw_find *f;
    DIR *d;
    struct dirent *e;
    size_t cap = 0;
    int drive_root, unix_root;
    HANDLE h;
    const char *root = isw_windows_root();

    if (!lpFileName || !lpFindFileData) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    /* The pattern is the last component; the rest names the directory. */
    pat = lpFileName;
    for (p = lpFileName; *p; p++) {
        if (*p == '\\' || *p == '/' || (*p == ':' && p == lpFileName + 1)) {
            pat = p + 1;
        }
    }
    if (!*pat) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if ((size_t)(pat - lpFileName) >= sizeof(dirpart)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return INVALID_HANDLE_VALUE;
    }
    memcpy(dirpart, lpFileName, (size_t)(pat - lpFileName));
    dirpart[pat - lpFileName] = '\0';
    if (!(f = isw_obj_new(sizeof(*f), ISW_FIND, find_destroy))) {
        return INVALID_HANDLE_VALUE;
    }
    if (!*dirpart) {
        strcpy(f->dir, ".");
    }
    else if (!isw_map_arg(dirpart, f->dir)) {
        find_destroy(&f->base);
        return INVALID_HANDLE_VALUE;
    }
    if (!(d = opendir(f->dir))) {
        find_destroy(&f->base);
        SetLastError(errno == ENOTDIR ? ERROR_DIRECTORY : ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    /* A root directory lists no "." and "..", on a drive as on Windows. */
    unix_root = !strcmp(f->dir, "/");
    drive_root = root && !strncmp(f->dir, root, strlen(root))
                 && f->dir[strlen(root)] == '/' && f->dir[strlen(root) + 1]
                 && !f->dir[strlen(root) + 2];
    while ((e = readdir(d)) != NULL) {
        if ((unix_root || drive_root)
            && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))) {
            continue;
        }
        if (strlen(e->d_name) >= MAX_PATH || !wild_match(pat, e->d_name)) {
            continue;
        }
        if (f->count == cap) {
            char **more = realloc(f->names, (cap ? cap * 2 : 16) * sizeof(char *));

            if (!more) {
                break;
            }
            f->names = more;
            cap = cap ? cap * 2 : 16;
        }
        if (!(f->names[f->count] = strdup(e->d_name))) {
            break;
        }
        f->count++;
    }
    closedir(d);
    if (!find_next(f, lpFindFileData)) {
        find_destroy(&f->base);
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    h = isw_handle_new(&f->base);
    return h ? h : INVALID_HANDLE_VALUE;
}

WINBASEAPI BOOL WINAPI FindNextFileA(HANDLE hFindFile,
    LPWIN32_FIND_DATAA lpFindFileData)
{
    isw_find *f;
    BOOL r;

    if (!lpFindFileData) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(f = (isw_find *)isw_handle_get(hFindFile, ISW_FIND))) {
        return FALSE;
    }
    r = find_next(f, lpFindFileData);
    isw_obj_put(&f->base);
    return r;
}

WINBASEAPI BOOL WINAPI FindClose(HANDLE hFindFile)
{
    return isw_handle_close(hFindFile, ISW_FIND);
}

WINBASEAPI BOOL WINAPI CreateDirectoryA(LPCSTR lpPathName,
    LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    char path[PATH_MAX];

    (void)lpSecurityAttributes;
    if (!isw_map_arg(lpPathName, path)) {
        return FALSE;
    }
    if (mkdir(path, 0777) == 0) {
        return TRUE;
    }
    if (errno == EEXIST) {
        return isw_fail(ERROR_ALREADY_EXISTS);
    }
    if (errno == ENOENT) {
        return isw_fail(ERROR_PATH_NOT_FOUND);
    }
    return isw_fail_errno();
}

WINBASEAPI BOOL WINAPI RemoveDirectoryA(LPCSTR lpPathName)
{
    char path[PATH_MAX];

    if (!isw_map_arg(lpPathName, path)) {
        return FALSE;
    }
    if (rmdir(path) == 0) {
        return TRUE;
    }
    if (errno == ENOTDIR) {
        struct stat st;

        /* The name is a file (not a missing directory on the way). */
        if (stat(path, &st) == 0) {
            return isw_fail(ERROR_DIRECTORY);
        }
        return isw_fail(ERROR_PATH_NOT_FOUND);
    }
    if (errno == EEXIST) {
        return isw_fail(ERROR_DIR_NOT_EMPTY);
    }
    return isw_fail_path(path);
}

WINBASEAPI DWORD WINAPI GetFileAttributesA(LPCSTR lpFileName)
{
    char path[PATH_MAX];
    struct stat st;

    if (!isw_map_arg(lpFileName, path)) {
        return INVALID_FILE_ATTRIBUTES;
    }
    if (stat(path, &st) != 0) {
        isw_fail_path(path);
        return INVALID_FILE_ATTRIBUTES;
    }
    return isw_attributes(path, &st);
}

WINBASEAPI BOOL WINAPI GetFileAttributesExA(LPCSTR lpFileName,
    GET_FILEEX_INFO_LEVELS fInfoLevelId, LPVOID lpFileInformation)
{
    WIN32_FILE_ATTRIBUTE_DATA *a = lpFileInformation;
    char path[PATH_MAX];
    struct stat st;

    if (fInfoLevelId != GetFileExInfoStandard || !a) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!isw_map_arg(lpFileName, path)) {
        return FALSE;
    }
    if (stat(path, &st) != 0) {
        return isw_fail_path(path);
    }
    attribute_data(path, path, &st, a);
    return TRUE;
}

/* Only FILE_ATTRIBUTE_READONLY has a Unix meaning (the write bits); the
 * others are accepted and change nothing (HIDDEN is a leading dot, which
 * would be a rename). */
WINBASEAPI BOOL WINAPI SetFileAttributesA(LPCSTR lpFileName,
    DWORD dwFileAttributes)
{
    char path[PATH_MAX];
    struct stat st;
    mode_t mode;

    if (!isw_map_arg(lpFileName, path)) {
        return FALSE;
    }
    if (stat(path, &st) != 0) {
        return isw_fail_path(path);
    }
    mode = st.st_mode & 07777;
    if (dwFileAttributes & FILE_ATTRIBUTE_READONLY) {
        mode &= ~(mode_t)(S_IWUSR | S_IWGRP | S_IWOTH);
    }
    else if (!(mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
        mode |= S_IWUSR;
    }
    if (mode != (st.st_mode & 07777) && chmod(path, mode) != 0) {
        return isw_fail_errno();
    }
    return TRUE;
}
