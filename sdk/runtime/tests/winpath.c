/* winpath.c: the Windows path mapping (sdk/runtime/winpath.c).  The
 * mapping is internal to the runtime, so this test compiles it (and the
 * host settings it reads) in, and sets a Windows root the way
 * mod_isapi_filter does. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "../host.c"
#include "../winpath.c"
#include "tap.h"

#include <sys/stat.h>
#include <unistd.h>

static char root[256];

static const char *map(const char *win)
{
    static char out[1024];
    DWORD e = isw_path_to_unix(win, out, sizeof(out));

    if (e) {
        snprintf(out, sizeof(out), "error %u", (unsigned)e);
        return out;
    }
    if (root[0] && strncmp(out, root, strlen(root)) == 0) {
        memmove(out + 4, out + strlen(root), strlen(out + strlen(root)) + 1);
        memcpy(out, "ROOT", 4);
    }
    return out;
}

static const char *back(const char *unix_path)
{
    static char out[1024];
    char in[1024];
    DWORD e;

    if (strncmp(unix_path, "ROOT", 4) == 0) {
        snprintf(in, sizeof(in), "%s%s", root, unix_path + 4);
        unix_path = in;
    }
    e = isw_path_to_windows(unix_path, out, sizeof(out));
    if (e) {
        snprintf(out, sizeof(out), "error %u", (unsigned)e);
    }
    return out;
}

int main(void)
{
    isapi_win32_host host = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, NULL };
    char path[512], small[8];
    FILE *f;

    is_str(map("C:\\inetsrv\\x.txt"), "error 3",
           "without a Windows root a drive path is ERROR_PATH_NOT_FOUND");
    is_str(map("/etc/passwd"), "/etc/passwd", "a Unix path needs no root");

    snprintf(root, sizeof(root), "/tmp/winpath.%d", (int)getpid());
    host.windows_root = root;
    ok(isapi_win32_host_attach(&host), "host attached");
    {
        /* Each filter that uses the runtime attaches it as it loads, while
         * the threads an earlier one's DllMain started already use the
         * root they read (isw_windows_root() is used after its lock). */
        const char *before = isw_windows_root();
        char again[256];

        snprintf(again, sizeof(again), "%s", root);
        host.windows_root = again;
        ok(isapi_win32_host_attach(&host) && isw_windows_root() == before,
           "a second attach with the same settings keeps the strings in use");
        host.windows_root = "/elsewhere";
        isapi_win32_host_attach(&host);
        is_str(before, root,
               "and a new root leaves the old one readable (ASan: no "
               "use after free)");
        host.windows_root = root;
        isapi_win32_host_attach(&host);
    }
    mkdir(root, 0755);
    snprintf(path, sizeof(path), "%s/c", root);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/c/inetsrv", root);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/c/inetsrv/userdb.txt", root);
    f = fopen(path, "w");
    fclose(f);
    snprintf(path, sizeof(path), "%s/c/inetsrv/Both", root);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/c/inetsrv/both", root);
    mkdir(path, 0755);

    is_str(map("C:\\inetsrv\\UserDB.txt"), "ROOT/c/inetsrv/userdb.txt",
           "components are found whatever their case");
    is_str(map("c:/INETSRV/userdb.TXT"), "ROOT/c/inetsrv/userdb.txt",
           "forward slashes and a lower-case drive");
    is_str(map("C:\\inetsrv\\Both"), "ROOT/c/inetsrv/Both",
           "the exact spelling wins over another case");
    is_str(map("C:\\inetsrv\\both"), "ROOT/c/inetsrv/both",
           "the exact spelling wins over another case (2)");
    is_str(map("C:\\INETSRV\\New\\File.Log"), "ROOT/c/inetsrv/New/File.Log",
           "names that do not exist keep their spelling");
    is_str(map("C:\\inetsrv\\.\\sub\\..\\userdb.txt"),
           "ROOT/c/inetsrv/userdb.txt", "'.' and '..' are resolved");
    is_str(map("C:\\..\\..\\etc\\passwd"), "ROOT/c/etc/passwd",
           "'..' never climbs above the drive root");
    is_str(map("C:\\inetsrv\\..\\..\\..\\x"), "ROOT/c/x",
           "'..' stops at the drive root");
    snprintf(path, sizeof(path), "%s/c/link", root);
    ok(symlink("/usr/share", path) == 0, "a link below the root");
    is_str(map("C:\\link\\..\\..\\etc\\passwd"), "ROOT/c/etc/passwd",
           "'..' after a link is taken off the text, never through the link");
    unlink(path);
    is_str(map("C:\\"), "ROOT/c", "the drive root");
    is_str(map("C:"), "ROOT/c", "a bare drive");
    is_str(map("D:\\data\\x"), "ROOT/d/data/x", "another drive");
    is_str(map("\\\\?\\C:\\inetsrv\\USERDB.txt"), "ROOT/c/inetsrv/userdb.txt",
           "the \\\\?\\ prefix");
    is_str(map("C:\\inetsrv\\userdb.txt. "), "ROOT/c/inetsrv/userdb.txt",
           "trailing dots and spaces are dropped, as Windows does");
    is_str(map("\\\\server\\share\\x"), "error 53",
           "UNC paths are ERROR_BAD_NETPATH");
    is_str(map("//server/share"), "error 53", "UNC with forward slashes");
    is_str(map("\\\\?\\UNC\\server\\share"), "error 53", "\\\\?\\UNC\\");
    is_str(map(""), "error 3", "an empty path is ERROR_PATH_NOT_FOUND");
    is_str(map("C:\\a|b"), "error 123", "'|' is ERROR_INVALID_NAME");
    is_str(map("C:\\a*b"), "error 123", "'*' is ERROR_INVALID_NAME");
    is_str(map("\\ETC\\passwd"), "/etc/passwd",
           "a rooted path without a drive is a Unix path, found case-insensitively");
    is_str(map("/../etc/./passwd"), "/etc/passwd", "'..' stops at /");
    is_str(map("a\\b\\..\\c"), "a/c", "a relative path stays relative");
    is_str(map("..\\..\\x"), "../../x", "leading '..' of a relative path stays");
    is_str(map("."), ".", "'.' is the current directory");
    ok(isw_path_to_unix("C:\\inetsrv\\userdb.txt", small, sizeof(small))
       == ERROR_FILENAME_EXCED_RANGE, "a result too long for the buffer");

    is_str(back("ROOT/c/inetsrv/userdb.txt"), "C:\\inetsrv\\userdb.txt",
           "below the root: a drive path");
    is_str(back("ROOT/c"), "C:\\", "the drive root");
    is_str(back("ROOT/c/"), "C:\\", "the drive root with a slash");
    is_str(back("ROOT/d/x/"), "D:\\x", "drive letters are upper case");
    is_str(back("/usr/lib/x"), "\\usr\\lib\\x", "outside the root: no drive");
    is_str(back("/"), "\\", "/");
    snprintf(path, sizeof(path), "\\tmp\\winpath.%d\\cc\\x", (int)getpid());
    is_str(back("ROOT/cc/x"), path, "a directory of the root that is no drive");
    /* httpd maps a URL's %5c to a backslash inside one Unix name; as
     * separators it would make ROOT/c/www/..\..\inetsrv climb when
     * mapped back (t/win32/paths_backslash.t). */
    is_str(back("ROOT/c/www/..\\..\\inetsrv"), "error 123",
           "a Unix name with a backslash has no Windows form");
    is_str(back("/srv/docs/..\\secret"), "error 123",
           "outside the root either");
    ok(isw_path_to_windows("/usr/lib/x", small, 4) == ERROR_INSUFFICIENT_BUFFER,
       "a buffer too small");
    ok(isw_path_to_windows("/usr", small, 5) == 0 && !strcmp(small, "\\usr"),
       "a buffer just large enough");

    snprintf(path, sizeof(path), "rm -rf '%s'", root);
    if (system(path) != 0) {
        diag("could not remove the test root");
    }
    return done();
}
