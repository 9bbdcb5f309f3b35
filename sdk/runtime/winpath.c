/*
 * winpath.c: Windows paths to Unix paths and back (isw.h).
 *
 * "C:\inetsrv\UserDB.txt" names ROOT/c/inetsrv/userdb.txt when
 * ISAPIFilterWindowsRoot is ROOT and that is how the file is spelt on
 * disk: NTFS finds names whatever their case, so every component is
 * looked up case-insensitively (its exact spelling first, which is one
 * stat when the filter spells it as the disk does).  A component that
 * does not exist keeps the spelling given, so CreateFile creates it so.
 * "." and ".." are resolved on the text, as Windows does before it asks
 * the file system, and ".." never climbs above a drive's root: nothing
 * a filter names through a drive letter lies outside ROOT.
 *
 * Symbolic links below ROOT are followed, as Windows follows a junction
 * or a directory link: what lies below ROOT is the administrator's to
 * arrange, and a link there is a deliberate way out.  A filter cannot
 * make one (the SDK has no CreateSymbolicLink), and since ".." is taken
 * off the text first, "C:\link\..\.." never climbs through a link's
 * target.
 */
#include "isw.h"

#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

#define IS_SEP(c) ((c) == '\\' || (c) == '/')

/* Characters Win32 refuses in a file name (the wildcards have been split
 * off by the callers that accept them, FindFirstFile). */
static int bad_name_char(char c)
{
    return c == '<' || c == '>' || c == '"' || c == '|' || c == '?'
           || c == '*' || c == ':' || ((unsigned char)c < 32 && c != 0);
}

/* Replaces the last component of out (after position `start`, which is
 * where the component begins) by the spelling a directory entry has when
 * it matches case-insensitively.  out[0..start-1] is the directory. */
static void fix_case(char *out, size_t start)
{
    struct stat st;
    char save;
    DIR *d;
    struct dirent *e;
    const char *dir;

    if (lstat(out, &st) == 0) {
        return;
    }
    if (start == 0) {
        dir = ".";
        save = 0;
    }
    else {
        /* The directory is out[0..start-1] without its trailing slash,
         * except "/" itself. */
        save = out[start - 1];
        if (start == 1) {
            save = out[1];
            out[1] = '\0';
        }
        else {
            out[start - 1] = '\0';
        }
        dir = out;
    }
    d = opendir(dir);
    if (start == 1) {
        out[1] = save;
    }
    else if (start > 1) {
        out[start - 1] = save;
    }
    if (!d) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcasecmp(e->d_name, out + start) == 0
            && strlen(e->d_name) == strlen(out + start)) {
            memcpy(out + start, e->d_name, strlen(e->d_name));
            break;
        }
    }
    closedir(d);
}

DWORD isw_path_to_unix(const char *win, char *out, size_t outlen)
{
    const char *p = win;
    size_t len = 0, floor_len;
    int lookup = 1;

    if (!win || !out || outlen < 2) {
        return ERROR_INVALID_PARAMETER;
    }
    /* "\\?\C:\x" asks Windows to skip its normalisation; the path is the
     * same file.  "\\?\UNC\server\share" is a network path. */
    if (IS_SEP(p[0]) && IS_SEP(p[1]) && (p[2] == '?' || p[2] == '.')
        && IS_SEP(p[3])) {
        p += 4;
        if (strncasecmp(p, "UNC", 3) == 0 && (IS_SEP(p[3]) || !p[3])) {
            return ERROR_BAD_NETPATH;
        }
    }
    if (!*p) {
        return ERROR_PATH_NOT_FOUND;
    }
    if (IS_SEP(p[0]) && IS_SEP(p[1])) {
        return ERROR_BAD_NETPATH;
    }
    if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z'))
        && p[1] == ':') {
        const char *root = isw_windows_root();
        size_t rlen;

        if (!root) {
            return ERROR_PATH_NOT_FOUND;
        }
        rlen = strlen(root);
        if (rlen + 3 > outlen) {
            return ERROR_FILENAME_EXCED_RANGE;
        }
        memcpy(out, root, rlen);
        len = rlen;
        if (len == 0 || out[len - 1] != '/') {
            out[len++] = '/';
        }
        out[len++] = (char)((p[0] >= 'A' && p[0] <= 'Z') ? p[0] + 32 : p[0]);
        out[len] = '\0';
        fix_case(out, len - 1);
        /* "C:x" is relative to the drive's current directory on Windows;
         * each process here has one directory per drive: its root. */
        p += 2;
        floor_len = len;
    }
    else if (IS_SEP(p[0])) {
        out[len++] = '/';
        out[len] = '\0';
        floor_len = len;
    }
    else {
        out[0] = '\0';
        floor_len = 0;
    }

    while (*p) {
        const char *c;
        size_t n, start;

        while (IS_SEP(*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        c = p;
        while (*p && !IS_SEP(*p)) {
            p++;
        }
        n = (size_t)(p - c);
        if (n == 1 && c[0] == '.') {
            continue;
        }
        if (n == 2 && c[0] == '.' && c[1] == '.') {
            /* Drop the last component, never below the floor.  A relative
             * path keeps leading ".." for the kernel to resolve. */
            size_t k = len;
            int rel_up;

            while (k > floor_len && out[k - 1] != '/') {
                k--;
            }
            rel_up = floor_len == 0
                     && (len - k == 2 && out[k] == '.' && out[k + 1] == '.');
            if (len > floor_len && !rel_up) {
                len = k > floor_len ? k - 1 : floor_len;
                if (floor_len == 0 && k == 0) {
                    len = 0;
                }
                out[len] = '\0';
                continue;
            }
            if (floor_len != 0) {
                continue;       /* already at the drive or file system root */
            }
        }
        else {
            /* Windows drops trailing dots and spaces from a name. */
            while (n > 0 && (c[n - 1] == '.' || c[n - 1] == ' ')) {
                n--;
            }
            if (n == 0) {
                continue;
            }
            for (size_t i = 0; i < n; i++) {
                if (bad_name_char(c[i])) {
                    return ERROR_INVALID_NAME;
                }
            }
        }
        if (len + (len > 0 && out[len - 1] != '/') + n + 1 > outlen) {
            return ERROR_FILENAME_EXCED_RANGE;
        }
        if (len > 0 && out[len - 1] != '/') {
            out[len++] = '/';
        }
        start = len;
        memcpy(out + len, c, n);
        len += n;
        out[len] = '\0';
        if (lookup && !(n == 2 && c[0] == '.' && c[1] == '.')) {
            struct stat st;

            fix_case(out, start);
            /* Below a missing directory nothing can match: the rest keeps
             * the spelling given, without more directory scans. */
            if (stat(out, &st) != 0) {
                lookup = 0;
            }
        }
    }
    if (len == 0) {
        if (outlen < 2) {
            return ERROR_FILENAME_EXCED_RANGE;
        }
        strcpy(out, ".");
    }
    return 0;
}

/* Whether unix_path lies below root: the length of root's part, or 0. */
static size_t below(const char *unix_path, const char *root)
{
    size_t rlen = strlen(root);

    while (rlen > 1 && root[rlen - 1] == '/') {
        rlen--;
    }
    if (rlen && strncmp(unix_path, root, rlen) == 0
        && (unix_path[rlen] == '/' || unix_path[rlen] == '\0')) {
        return rlen;
    }
    return 0;
}

DWORD isw_path_to_windows(const char *unix_path, char *out, size_t outlen)
{
    const char *root = isw_windows_root();
    const char *p = unix_path;
    char real[PATH_MAX];
    size_t len = 0, r = 0;

    if (!unix_path || !out) {
        return ERROR_INVALID_PARAMETER;
    }
    if (root && unix_path[0] == '/') {
        r = below(unix_path, root);
        /* getcwd() and dladdr() give paths with symbolic links resolved;
         * the root may have been configured through one. */
        if (!r && realpath(root, real)) {
            r = below(unix_path, real);
        }
    }
    if (r) {
        const char *d = unix_path + r;

        while (*d == '/') {
            d++;
        }
        if (((d[0] >= 'a' && d[0] <= 'z') || (d[0] >= 'A' && d[0] <= 'Z'))
            && (d[1] == '/' || d[1] == '\0')) {
            if (outlen < 4) {
                return ERROR_INSUFFICIENT_BUFFER;
            }
            out[len++] = (char)((d[0] >= 'a' && d[0] <= 'z') ? d[0] - 32 : d[0]);
            out[len++] = ':';
            out[len++] = '\\';
            p = d + 1;
        }
    }
    for (; *p; p++) {
        if (*p == '\\') {
            /* An ordinary character of a Unix name, but a separator in
             * every Windows path: "a\..\..\x" would climb when the
             * path is mapped back.  Such a name has no Windows form. */
            return ERROR_INVALID_NAME;
        }
        if (*p == '/') {
            /* One backslash per separator run, none doubled after "C:\". */
            if (len > 0 && out[len - 1] == '\\') {
                continue;
            }
            if (len + 2 > outlen) {
                return ERROR_INSUFFICIENT_BUFFER;
            }
            out[len++] = '\\';
        }
        else {
            if (len + 2 > outlen) {
                return ERROR_INSUFFICIENT_BUFFER;
            }
            out[len++] = *p;
        }
    }
    /* A trailing separator only where it is the root ("C:\", "\"). */
    if (len > 1 && out[len - 1] == '\\' && !(len == 3 && out[1] == ':')) {
        len--;
    }
    if (len + 1 > outlen) {
        return ERROR_INSUFFICIENT_BUFFER;
    }
    out[len] = '\0';
    return 0;
}
