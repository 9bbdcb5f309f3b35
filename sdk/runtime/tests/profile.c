/* profile.c: GetPrivateProfileString and relatives (sdk/runtime/profile.c)
 * against documented Windows INI behaviour. */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static char shared_ini[160];
static volatile int bad_reads;

/* Readers while a writer changes the file: each read sees one whole
 * version of it. */
static void *reader(void *arg)
{
    char v[32];
    int i;

    (void)arg;
    for (i = 0; i < 200; i++) {
        GetPrivateProfileStringA("T", "k", "missing", v, sizeof(v), shared_ini);
        if (strcmp(v, "one") && strcmp(v, "two")) {
            __atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
        }
    }
    return NULL;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

    if (f) {
        fclose(f);
    }
    buf[n] = '\0';
    return buf;
}

int main(void)
{
    char ini[128], path2[160], buf[256];
    isapi_win32_host h = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, NULL };
    DWORD n;
    struct stat st;

    strcpy(dir, "/tmp/isw-profile-XXXXXX");
    if (!mkdtemp(dir)) {
        return 1;
    }
    snprintf(ini, sizeof(ini), "%s/filter.ini", dir);
    write_file(ini,
               "\xef\xbb\xbf; settings of the filter\r\n"
               "orphan=before any section\r\n"
               "[Settings]\r\n"
               "  LogFile = c:\\temp\\filter.log  \r\n"
               "Quoted=\"  spaced  \"\r\n"
               "Single='x'\r\n"
               "Half=\"x\r\n"
               "MaxConn=25 connections\r\n"
               "Neg=-12\r\n"
               "Word=abc\r\n"
               "Empty=\r\n"
               ";Commented=1\r\n"
               "\r\n"
               "[ Rules ]\r\n"
               "a=1\r\n"
               "b=2\r\n"
               "[settings]\r\n"
               "Late=yes\r\n"
               "LogFile=second\r\n");

    n = GetPrivateProfileStringA("SETTINGS", "logfile", "def", buf, sizeof(buf), ini);
    is_str(buf, "c:\\temp\\filter.log", "case-insensitive section and key; blanks trimmed");
    is_int(n, 18, "returns the length");
    GetPrivateProfileStringA("Settings", "Quoted", "", buf, sizeof(buf), ini);
    is_str(buf, "  spaced  ", "matching double quotes removed, inside kept");
    GetPrivateProfileStringA("Settings", "Single", "", buf, sizeof(buf), ini);
    is_str(buf, "x", "matching single quotes removed");
    GetPrivateProfileStringA("Settings", "Half", "", buf, sizeof(buf), ini);
    is_str(buf, "\"x", "an unmatched quote stays");
    GetPrivateProfileStringA("Settings", "Late", "", buf, sizeof(buf), ini);
    is_str(buf, "yes", "a section written twice is one section");
    GetPrivateProfileStringA("Rules", "b", "", buf, sizeof(buf), ini);
    is_str(buf, "2", "[ Rules ] is Rules");

    SetLastError(0);
    n = GetPrivateProfileStringA("Settings", "Missing", "dflt   ", buf, sizeof(buf), ini);
    is_str(buf, "dflt", "missing key: the default without trailing blanks");
    is_int(n, 4, "its length");
    is_int(GetLastError(), ERROR_FILE_NOT_FOUND, "GetLastError ERROR_FILE_NOT_FOUND");
    n = GetPrivateProfileStringA("Settings", "Missing", NULL, buf, sizeof(buf), ini);
    ok(n == 0 && buf[0] == '\0', "lpDefault NULL is \"\"");
    GetPrivateProfileStringA("Settings", "Commented", "no", buf, sizeof(buf), ini);
    is_str(buf, "no", "';' lines are comments");
    GetPrivateProfileStringA("Settings", "orphan", "no", buf, sizeof(buf), ini);
    is_str(buf, "no", "lines before the first section belong to none");

    memset(buf, 'z', sizeof(buf));
    n = GetPrivateProfileStringA("Settings", "LogFile", "", buf, 5, ini);
    is_int(n, 4, "truncated: nSize - 1");
    ok(!memcmp(buf, "c:\\t\0z", 6), "NUL-terminated within nSize");

    memset(buf, 'z', sizeof(buf));
    n = GetPrivateProfileStringA(NULL, NULL, NULL, buf, sizeof(buf), ini);
    ok(n == 15 && !memcmp(buf, "Settings\0Rules\0\0", 16),
       "lpAppName NULL: section names, double-NUL ended");
    n = GetPrivateProfileSectionNamesA(buf, sizeof(buf), ini);
    is_int(n, 15, "GetPrivateProfileSectionNames the same");
    memset(buf, 'z', sizeof(buf));
    n = GetPrivateProfileSectionNamesA(buf, 8, ini);
    ok(n == 6 && !memcmp(buf, "Settin\0\0z", 9), "list truncated: nSize - 2, two NULs");
    n = GetPrivateProfileStringA("rules", NULL, NULL, buf, sizeof(buf), ini);
    ok(n == 4 && !memcmp(buf, "a\0b\0\0", 5), "lpKeyName NULL: the section's keys");

    n = GetPrivateProfileSectionA("Rules", buf, sizeof(buf), ini);
    ok(n == 8 && !memcmp(buf, "a=1\0b=2\0\0", 9), "GetPrivateProfileSection: key=value list");
    memset(buf, 'z', sizeof(buf));
    n = GetPrivateProfileSectionA("Rules", buf, 6, ini);
    ok(n == 4 && !memcmp(buf, "a=1\0\0\0", 6), "truncated: nSize - 2");

    is_int(GetPrivateProfileIntA("Settings", "MaxConn", 5, ini), 25, "Int: leading digits");
    is_int((INT)GetPrivateProfileIntA("Settings", "Neg", 5, ini), -12, "Int: negative");
    is_int(GetPrivateProfileIntA("Settings", "Word", 5, ini), 0,
           "Int: no leading digits -> 0, the integer equivalent (not the default)");
    is_int(GetPrivateProfileIntA("Settings", "Empty", 5, ini), 5, "Int: empty -> default");
    is_int(GetPrivateProfileIntA("Settings", "Nope", 7, ini), 7, "Int: missing -> default");

    SetLastError(0);
    n = GetPrivateProfileStringA("S", "k", "d", buf, sizeof(buf), "/nonexistent/x.ini");
    ok(n == 1 && !strcmp(buf, "d"), "missing file: the default");
    is_int(GetLastError(), ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND");
    ok(GetPrivateProfileStringA("S", "k", "d", buf, 0, ini) == 0, "nSize 0: 0");

    /* Writes */
    ok(WritePrivateProfileStringA("Rules", "B", "20", ini), "WritePrivateProfileString replaces");
    GetPrivateProfileStringA("Rules", "b", "", buf, sizeof(buf), ini);
    is_str(buf, "20", "the new value is read (cache invalidated)");
    ok(WritePrivateProfileStringA("rules", "c", "3", ini), "adds a key");
    ok(WritePrivateProfileStringA("Settings", "Word", NULL, ini), "NULL value deletes the key");
    ok(WritePrivateProfileStringA("New", "k", "v", ini), "adds a section");
    ok(strstr(read_file(ini), "\xef\xbb\xbf; settings of the filter\r\n"
                              "orphan=before any section\r\n[Settings]\r\n"
                              "  LogFile = c:\\temp\\filter.log  \r\n") != NULL,
       "BOM, comment and untouched lines kept as they were");
    ok(strstr(read_file(ini), "[ Rules ]\r\na=1\r\nB=20\r\nc=3\r\n[settings]") != NULL,
       "replaced in place, new key at the end of its section, CRLF kept");
    ok(!strstr(read_file(ini), "Word="), "deleted key gone");
    ok(strstr(read_file(ini), "LogFile=second\r\n[New]\r\nk=v\r\n") != NULL,
       "new section appended");
    ok(WritePrivateProfileStringA("Rules", NULL, NULL, ini), "NULL key deletes the section");
    n = GetPrivateProfileSectionNamesA(buf, sizeof(buf), ini);
    ok(n == 13 && !memcmp(buf, "Settings\0New\0\0", 14), "gone from the names");
    ok(WritePrivateProfileSectionA("New", "x=1\0y=2\0", ini), "WritePrivateProfileSection");
    n = GetPrivateProfileSectionA("New", buf, sizeof(buf), ini);
    ok(n == 8 && !memcmp(buf, "x=1\0y=2\0\0", 9), "replaces the section's keys");
    stat(ini, &st);
    ok(st.st_size > 0, "file in place");

    snprintf(path2, sizeof(path2), "%s/new.ini", dir);
    ok(WritePrivateProfileStringA("A", "k", "v", path2), "creates a file");
    is_str(read_file(path2), "[A]\r\nk=v\r\n", "CRLF, as Windows writes");
    write_file(path2, "[A]\nk=v\n");
    ok(WritePrivateProfileStringA("A", "k2", "w", path2), "LF file");
    is_str(read_file(path2), "[A]\nk=v\nk2=w\n", "keeps LF");
    ok(!WritePrivateProfileStringA(NULL, "k", "v", path2), "lpAppName NULL fails");
    SetLastError(0);
    ok(!WritePrivateProfileStringA("A", "k", "v", "/nonexistent-dir/x.ini"),
       "a file in a missing directory is not written");
    is_int(GetLastError(), ERROR_PATH_NOT_FOUND, "ERROR_PATH_NOT_FOUND");

    /* Change on disk seen through the cache. */
    write_file(path2, "[A]\nk=changed-too\n");
    GetPrivateProfileStringA("A", "k", "", buf, sizeof(buf), path2);
    is_str(buf, "changed-too", "a file changed on disk is read again");

    {
        pthread_t th[3];
        int i;
        snprintf(shared_ini, sizeof(shared_ini), "%s/shared.ini", dir);
        WritePrivateProfileStringA("T", "k", "one", shared_ini);
        for (i = 0; i < 3; i++) {
            pthread_create(&th[i], NULL, reader, NULL);
        }
        for (i = 0; i < 50; i++) {
            WritePrivateProfileStringA("T", "k", i % 2 ? "one" : "two", shared_ini);
        }
        for (i = 0; i < 3; i++) {
            pthread_join(th[i], NULL);
        }
        is_int(bad_reads, 0, "readers in threads see whole values while a writer writes");
    }

    /* Bare names live in the Windows directory. */
    snprintf(path2, sizeof(path2), "%s/c/Windows", dir);
    mkdir(strcpy(buf, dir), 0700);
    snprintf(buf, sizeof(buf), "%s/c", dir);
    mkdir(buf, 0700);
    mkdir(path2, 0700);
    h.windows_root = dir;
    isapi_win32_host_attach(&h);
    ok(WriteProfileStringA("Intl", "sCountry", "Sweden"), "WriteProfileString: win.ini");
    snprintf(buf, sizeof(buf), "%s/win.ini", path2);
    ok(access(buf, F_OK) == 0, "in ROOT/c/Windows");
    GetProfileStringA("intl", "SCOUNTRY", "", buf, sizeof(buf));
    is_str(buf, "Sweden", "GetProfileString reads it");
    WritePrivateProfileStringA("X", "n", "42", "app.ini");
    is_int(GetPrivateProfileIntA("X", "n", 0, "C:\\WINDOWS\\App.ini"), 42,
           "a bare name is C:\\Windows\\name");
    is_int(GetProfileIntA("Intl", "none", 3), 3, "GetProfileInt default");

    snprintf(buf, sizeof(buf), "rm -rf '%s'", dir);
    if (system(buf) != 0) {
        return 1;
    }
    return done();
}
