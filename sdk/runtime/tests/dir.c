/* dir.c: FindFirstFile/FindNextFile, directories and attributes
 * (sdk/runtime/dir.c), below a Windows root made for the test. */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char root[128];

static void touch(const char *rel, const char *data)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    f = fopen(path, "w");
    if (f) {
        fputs(data, f);
        fclose(f);
    }
}

/* The names a pattern lists, sorted, joined by spaces. */
static const char *list(const char *pattern)
{
    static char out[1024];
    char names[32][MAX_PATH];
    WIN32_FIND_DATAA fd;
    HANDLE h;
    int n = 0;

    out[0] = '\0';
    h = FindFirstFileA(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE) {
        snprintf(out, sizeof(out), "error %u", (unsigned)GetLastError());
        return out;
    }
    do {
        if (n < 32) {
            strcpy(names[n++], fd.cFileName);
        }
    } while (FindNextFileA(h, &fd));
    if (GetLastError() != ERROR_NO_MORE_FILES) {
        strcpy(out, "not ERROR_NO_MORE_FILES at the end");
        FindClose(h);
        return out;
    }
    FindClose(h);
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            if (strcmp(names[j], names[i]) < 0) {
                char t[MAX_PATH];
                strcpy(t, names[i]);
                strcpy(names[i], names[j]);
                strcpy(names[j], t);
            }
        }
    }
    for (int i = 0; i < n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, names[i]);
    }
    return out;
}

int main(void)
{
    isapi_win32_host host = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, NULL };
    char path[512];
    WIN32_FIND_DATAA fd;
    WIN32_FILE_ATTRIBUTE_DATA ad;
    HANDLE h;
    DWORD a;

    snprintf(root, sizeof(root), "/tmp/dir.%d", (int)getpid());
    host.windows_root = root;
    isapi_win32_host_attach(&host);
    snprintf(path, sizeof(path), "mkdir -p %s/c/Site/Sub", root);
    if (system(path) != 0) {
        return 1;
    }
    touch("c/Site/Default.htm", "12345");
    touch("c/Site/rules.ini", "[a]\n");
    touch("c/Site/README", "x");
    touch("c/Site/.hidden", "");

    ok(CreateDirectoryA("C:\\site\\Logs", NULL), "CreateDirectory (parent in another case)");
    SetLastError(0);
    ok(!CreateDirectoryA("C:\\SITE\\logs", NULL), "CreateDirectory of an existing one fails");
    is_int(GetLastError(), ERROR_ALREADY_EXISTS, "with ERROR_ALREADY_EXISTS");
    ok(!CreateDirectoryA("C:\\nope\\x", NULL) && GetLastError() == ERROR_PATH_NOT_FOUND,
       "CreateDirectory below a missing one: ERROR_PATH_NOT_FOUND");

    is_str(list("C:\\Site\\*"), ". .. .hidden Default.htm Logs README Sub rules.ini",
           "'*' lists everything, with . and ..");
    is_str(list("C:\\Site\\*.*"), ". .. .hidden Default.htm Logs README Sub rules.ini",
           "'*.*' too, names without a dot included");
    is_str(list("c:/site/*.INI"), "rules.ini", "wildcards match without case");
    is_str(list("C:\\Site\\default.???"), "Default.htm", "'?' is one character");
    is_str(list("C:\\Site\\readme"), "README", "a name without wildcards, any case");
    is_str(list("C:\\Site\\*.xyz"), "error 2", "no match: ERROR_FILE_NOT_FOUND");
    is_str(list("C:\\Nothing\\*"), "error 3", "a missing directory: ERROR_PATH_NOT_FOUND");
    is_str(list("C:\\*"), "Site", "a drive root lists no . and ..");

    h = FindFirstFileA("C:\\Site\\Default.htm", &fd);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFile of one file");
    is_int(fd.nFileSizeLow, 5, "its size");
    is_int(fd.nFileSizeHigh, 0, "high part");
    ok(fd.dwFileAttributes & FILE_ATTRIBUTE_ARCHIVE, "a file is ARCHIVE");
    ok(!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY), "not DIRECTORY");
    ok(fd.ftLastWriteTime.dwHighDateTime > 0x01D00000, "a last write time from 1601");
    SetLastError(0);
    ok(!FindNextFileA(h, &fd) && GetLastError() == ERROR_NO_MORE_FILES,
       "then ERROR_NO_MORE_FILES");
    ok(!CloseHandle(h), "CloseHandle refuses a find handle");
    ok(FindClose(h), "FindClose closes it");
    ok(!FindClose(h) && GetLastError() == ERROR_INVALID_HANDLE,
       "a closed find handle: ERROR_INVALID_HANDLE");

    a = GetFileAttributesA("C:\\site\\sub");
    ok(a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY),
       "GetFileAttributes of a directory");
    is_int(GetFileAttributesA("C:\\Site\\.hidden") & FILE_ATTRIBUTE_HIDDEN,
           FILE_ATTRIBUTE_HIDDEN, "a dot file is HIDDEN");
    SetLastError(0);
    is_int(GetFileAttributesA("C:\\Site\\none.txt"), INVALID_FILE_ATTRIBUTES,
           "a missing file: INVALID_FILE_ATTRIBUTES");
    is_int(GetLastError(), ERROR_FILE_NOT_FOUND, "with ERROR_FILE_NOT_FOUND");
    GetFileAttributesA("C:\\None\\none.txt");
    is_int(GetLastError(), ERROR_PATH_NOT_FOUND, "a missing directory: ERROR_PATH_NOT_FOUND");
    ok(SetFileAttributesA("C:\\Site\\rules.ini", FILE_ATTRIBUTE_READONLY), "SetFileAttributes READONLY");
    ok(GetFileAttributesA("C:\\Site\\rules.ini") & FILE_ATTRIBUTE_READONLY, "reads back READONLY");
    SetLastError(0);
    ok(!DeleteFileA("C:\\Site\\rules.ini") && GetLastError() == ERROR_ACCESS_DENIED,
       "a read-only file cannot be deleted");
    ok(SetFileAttributesA("C:\\Site\\rules.ini", FILE_ATTRIBUTE_NORMAL), "SetFileAttributes NORMAL");
    ok(!(GetFileAttributesA("C:\\Site\\rules.ini") & FILE_ATTRIBUTE_READONLY), "writable again");
    ok(GetFileAttributesExA("C:\\Site\\default.htm", GetFileExInfoStandard, &ad),
       "GetFileAttributesEx");
    is_int(ad.nFileSizeLow, 5, "its size");
    ok(!GetFileAttributesExA("C:\\Site\\default.htm", GetFileExMaxInfoLevel, &ad)
       && GetLastError() == ERROR_INVALID_PARAMETER, "a bad level: ERROR_INVALID_PARAMETER");

    SetLastError(0);
    ok(!RemoveDirectoryA("C:\\Site") && GetLastError() == ERROR_DIR_NOT_EMPTY,
       "RemoveDirectory of a non-empty one: ERROR_DIR_NOT_EMPTY");
    ok(!RemoveDirectoryA("C:\\Site\\README") && GetLastError() == ERROR_DIRECTORY,
       "RemoveDirectory of a file: ERROR_DIRECTORY");
    ok(RemoveDirectoryA("C:\\SITE\\LOGS"), "RemoveDirectory");
    ok(GetFileAttributesA("C:\\Site\\Logs") == INVALID_FILE_ATTRIBUTES, "it is gone");
    ok(!RemoveDirectoryA("C:\\Site\\Logs") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "again: ERROR_FILE_NOT_FOUND");

    /* A pattern is often a mapped URL: many '*' and '?' against a long
     * name must not backtrack exponentially (Windows matches in time
     * linear in each).  Alarm: a test that hangs fails. */
    touch("c/Site/an-article-about-matching-wildcards-in-file-names.html", "x");
    {
        char pat[MAX_PATH];
        struct timespec t0, t1;
        int i;

        strcpy(pat, "C:\\Site\\");
        for (i = 0; i < 40; i++) {
            strcat(pat, "*?");
        }
        strcat(pat, "Z");
        alarm(20);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        is_str(list(pat), "error 2", "*?*?...Z matches no name");
        clock_gettime(CLOCK_MONOTONIC, &t1);
        alarm(0);
        ok(t1.tv_sec - t0.tv_sec < 2, "and finds it out at once");
        is_str(list("C:\\Site\\*a*-*-*?s.h*l"),
               "an-article-about-matching-wildcards-in-file-names.html",
               "several '*' still match where they can");
        is_str(list("C:\\Site\\*adm*.*"), "README",
               "'.*' at the end matches a name without a dot");
    }

    snprintf(path, sizeof(path), "rm -rf '%s'", root);
    if (system(path) != 0) {
        diag("could not remove the test root");
    }
    return done();
}
