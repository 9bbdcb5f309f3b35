/* registry.c: the Reg* functions over a .reg file (sdk/runtime/registry.c,
 * regfile.c), with files as `reg export` writes them: UTF-16LE with a
 * byte-order mark and the 5.00 header, and ANSI REGEDIT4. */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

#include <fcntl.h>
#include <pthread.h>

#include <unistd.h>
#include <sys/stat.h>

static char dir[64];
static char logged[4096];
static int nlogged;
static int lastlevel;

static void logcb(int level, const char *filter, const char *msg)
{
    (void)filter;
    lastlevel = level;
    nlogged++;
    snprintf(logged + strlen(logged), sizeof(logged) - strlen(logged),
             "%s\n", msg);
}

static void attach(const char *regfile)
{
    isapi_win32_host h = { ISAPI_WIN32_HOST_VERSION, NULL, regfile, logcb };
    isapi_win32_host_attach(&h);
}

/* Writes text (Latin-1 bytes) as UTF-16LE with a BOM, CRLF line ends,
 * as reg export does. */
static void write_utf16(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    const unsigned char *p = (const unsigned char *)text;

    fputc(0xFF, f);
    fputc(0xFE, f);
    for (; *p; p++) {
        unsigned u = *p;
        if (u == 0x80) {
            u = 0x20AC;     /* the euro sign, 0x80 in 1252 */
        }
        if (*p == '\n') {
            fputc('\r', f);
            fputc(0, f);
        }
        fputc(u & 0xff, f);
        fputc(u >> 8, f);
    }
    fclose(f);
}

static void write_bytes(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static const char *reg5 =
    "Windows Registry Editor Version 5.00\n"
    "\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme]\n"
    "\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\UrlFilter]\n"
    "@=\"default text\"\n"
    "\"LogPath\"=\"C:\\\\temp\\\\filter.log\"\n"
    "\"Quote\"=\"say \\\"hi\\\"\"\n"
    "\"Enabled\"=dword:00000001\n"
    "\"MaxLen\"=dword:0000000a\n"
    "\"Blob\"=hex:de,ad,be,\\\n"
    "  ef\n"
    "\"Expand\"=hex(2):25,00,49,00,53,00,57,00,54,00,45,00,53,00,54,00,25,00,5c,00,\\\n"
    "  78,00,00,00\n"
    "\"Multi\"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00\n"
    "\"Big\"=hex(b):01,02,03,04,05,06,07,08\n"
    "\"Price\"=\"5\x80\"\n"
    "; a comment\n"
    "\"Gone\"=\"x\"\n"
    "\"Gone\"=-\n"
    "\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\UrlFilter\\Rules]\n"
    "\"1\"=\"^/old /new\"\n"
    "\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\Deleted]\n"
    "\"x\"=\"y\"\n"
    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\Deleted]\n"
    "\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Old32]\n"
    "\"Mode\"=\"legacy\"\n"
    "[HKEY_CURRENT_USER\\Software\\Acme]\n"
    "\"User\"=\"me\"\n"
    "this line is broken\n"
    "\"NoEnd\"=\"abc\n"
    "\"BadDword\"=dword:xyz\n"
    "[HKEY_NOWHERE\\X]\n";

/* ---- Key depth ----
 * Windows keeps a registry tree at most 512 levels deep.  A file (or a
 * filter's RegCreateKeyEx) must not build a deeper tree here: the tree is
 * freed and searched recursively, on whatever stack the filter's thread
 * has (256 KB below, as a ThreadStackSize may set). */
#define DEPTH_DEEP 40000

typedef struct {
    const char *path;
    LONG deep_rc, ok_rc, create_rc, free_rc;
} depth_run;

static void *depth_thread(void *arg)
{
    depth_run *r = arg;
    size_t cap = 128 + (size_t)DEPTH_DEEP * 2, i;
    char *text = malloc(cap), *sub = malloc(cap), *q;
    struct stat st;
    HKEY k;

    q = text + sprintf(text, "Windows Registry Editor Version 5.00\n\n"
                              "[HKEY_LOCAL_MACHINE");
    for (i = 0; i < DEPTH_DEEP; i++) {
        q += sprintf(q, "\\a");
    }
    strcpy(q, "]\n\"v\"=\"deep\"\n");
    write_bytes(r->path, text);
    /* 511 levels below HKEY_LOCAL_MACHINE: the deepest Windows keeps. */
    q = sub;
    for (i = 0; i < 511; i++) {
        q += sprintf(q, "%sa", i ? "\\" : "");
    }
    r->ok_rc = RegOpenKeyExA(HKEY_LOCAL_MACHINE, sub, 0, KEY_ALL_ACCESS,
                             &k);
    if (r->ok_rc == ERROR_SUCCESS) {
        HKEY k2;

        r->create_rc = RegCreateKeyExA(k, "b\\c", 0, NULL, 0, KEY_ALL_ACCESS,
                                       NULL, &k2, NULL);
        if (r->create_rc == ERROR_SUCCESS) {
            RegCloseKey(k2);
        }
        RegCloseKey(k);
    }
    q = sub;
    for (i = 0; i < DEPTH_DEEP; i++) {
        q += sprintf(q, "%sa", i ? "\\" : "");
    }
    r->deep_rc = RegOpenKeyExA(HKEY_LOCAL_MACHINE, sub, 0, KEY_READ, &k);
    if (r->deep_rc == ERROR_SUCCESS) {
        RegCloseKey(k);
    }
    /* A new reading of the file frees the old tree. */
    stat(r->path, &st);
    write_bytes(r->path, "Windows Registry Editor Version 5.00\n\n"
                         "[HKEY_LOCAL_MACHINE\\SOFTWARE]\n");
    {
        struct timespec ts[2] = { { 0, UTIME_NOW }, { st.st_mtime + 20, 0 } };
        utimensat(AT_FDCWD, r->path, ts, 0);
    }
    r->free_rc = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE", 0, KEY_READ,
                               &k);
    if (r->free_rc == ERROR_SUCCESS) {
        RegCloseKey(k);
    }
    free(text);
    free(sub);
    return NULL;
}

static void depth_tests(const char *path)
{
    depth_run r = { path, -1, -1, -1, -1 };
    pthread_attr_t a;
    pthread_t t;

    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 256 * 1024);
    pthread_create(&t, &a, depth_thread, &r);
    pthread_join(t, NULL);
    is_int(r.ok_rc, ERROR_SUCCESS, "a key 512 levels deep is read");
    is_int(r.create_rc, ERROR_INVALID_PARAMETER,
           "RegCreateKeyEx below it is refused (the tree's depth limit)");
    is_int(r.deep_rc, ERROR_FILE_NOT_FOUND,
           "a key deeper than Windows allows is not read from the file");
    is_int(r.free_rc, ERROR_SUCCESS,
           "and the next reading frees the old tree on a small stack");
}

int main(void)
{
    char path[128], buf[64];
    HKEY k, k2, sub;
    DWORD type, size, dw, n, nk, nv, maxk, maxn, maxv;
    ULONGLONG q;
    LONG rc;
    struct stat st;

    strcpy(dir, "/tmp/isw-registry-XXXXXX");
    if (!mkdtemp(dir)) {
        return 1;
    }

    /* No registry file: every key is missing. */
    attach(NULL);
    SetLastError(1234);
    is_int(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Acme", 0, KEY_READ, &k),
           ERROR_FILE_NOT_FOUND, "no registry file: open fails with ERROR_FILE_NOT_FOUND");
    is_int(GetLastError(), 1234, "Reg* leave GetLastError alone");

    snprintf(path, sizeof(path), "%s/filter.reg", dir);
    write_utf16(path, reg5);
    attach(path);

    rc = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "software\\ACME\\urlfilter", 0,
                       KEY_READ, &k);
    is_int(rc, ERROR_SUCCESS, "UTF-16LE file: key opens, names case-insensitive");

    size = sizeof(buf);
    rc = RegQueryValueExA(k, "logpath", NULL, &type, (LPBYTE)buf, &size);
    is_int(rc, ERROR_SUCCESS, "REG_SZ value read");
    is_int(type, REG_SZ, "type REG_SZ");
    is_str(buf, "C:\\temp\\filter.log", "\\\\ escapes undone");
    is_int(size, 19, "REG_SZ size counts the NUL");

    size = 0;
    rc = RegQueryValueExA(k, "LogPath", NULL, NULL, NULL, &size);
    is_int(rc, ERROR_SUCCESS, "lpData NULL: a size query");
    is_int(size, 19, "gives the size");

    size = 5;
    strcpy(buf, "keep");
    rc = RegQueryValueExA(k, "LogPath", NULL, NULL, (LPBYTE)buf, &size);
    is_int(rc, ERROR_MORE_DATA, "too small a buffer: ERROR_MORE_DATA");
    is_int(size, 19, "with the needed size");

    size = sizeof(buf);
    RegQueryValueExA(k, "Quote", NULL, NULL, (LPBYTE)buf, &size);
    is_str(buf, "say \"hi\"", "\\\" escapes undone");

    size = sizeof(buf);
    rc = RegQueryValueExA(k, NULL, NULL, &type, (LPBYTE)buf, &size);
    is_int(rc, ERROR_SUCCESS, "@ is the default value (NULL name)");
    is_str(buf, "default text", "with its text");
    size = sizeof(buf);
    rc = RegQueryValueExA(k, "", NULL, &type, (LPBYTE)buf, &size);
    is_int(rc, ERROR_SUCCESS, "and the \"\" name");

    size = sizeof(dw);
    rc = RegQueryValueExA(k, "MaxLen", NULL, &type, (LPBYTE)&dw, &size);
    is_int(rc, ERROR_SUCCESS, "REG_DWORD read");
    is_int(type, REG_DWORD, "type REG_DWORD");
    is_int(dw, 10, "dword:0000000a is 10");
    is_int(size, 4, "4 bytes");

    size = sizeof(buf);
    rc = RegQueryValueExA(k, "Blob", NULL, &type, (LPBYTE)buf, &size);
    is_int(type, REG_BINARY, "hex: is REG_BINARY");
    ok(size == 4 && !memcmp(buf, "\xde\xad\xbe\xef", 4),
       "continued over two lines");

    size = sizeof(buf);
    rc = RegQueryValueExA(k, "Expand", NULL, &type, (LPBYTE)buf, &size);
    is_int(type, REG_EXPAND_SZ, "hex(2) is REG_EXPAND_SZ");
    is_str(buf, "%ISWTEST%\\x", "its UTF-16LE data come back ANSI");
    is_int(size, 12, "size of the ANSI string with NUL");

    size = sizeof(buf);
    rc = RegQueryValueExA(k, "Multi", NULL, &type, (LPBYTE)buf, &size);
    is_int(type, REG_MULTI_SZ, "hex(7) is REG_MULTI_SZ");
    ok(size == 6 && !memcmp(buf, "a\0bc\0\0", 6), "double-NUL list in ANSI");

    size = sizeof(q);
    rc = RegQueryValueExA(k, "Big", NULL, &type, (LPBYTE)&q, &size);
    is_int(type, REG_QWORD, "hex(b) is REG_QWORD");
    ok(q == 0x0807060504030201ULL, "little-endian 64-bit value");

    size = sizeof(buf);
    RegQueryValueExA(k, "Price", NULL, NULL, (LPBYTE)buf, &size);
    is_str(buf, "5\x80", "U+20AC becomes 1252's 0x80");

    is_int(RegQueryValueExA(k, "Gone", NULL, NULL, NULL, &size),
           ERROR_FILE_NOT_FOUND, "\"Gone\"=- deleted the value");
    is_int(RegQueryValueExA(k, "Nothing", NULL, NULL, NULL, &size),
           ERROR_FILE_NOT_FOUND, "missing value: ERROR_FILE_NOT_FOUND");
    is_int(RegQueryValueExA(k, "LogPath", NULL, NULL, (LPBYTE)buf, NULL),
           ERROR_INVALID_PARAMETER, "lpData without lpcbData: ERROR_INVALID_PARAMETER");

    /* RegGetValue */
    setenv("ISWTEST", "X1", 1);
    size = sizeof(buf);
    rc = RegGetValueA(k, NULL, "Expand", RRF_RT_REG_SZ, &type, buf, &size);
    is_int(rc, ERROR_SUCCESS, "RegGetValue RRF_RT_REG_SZ takes an expanded REG_EXPAND_SZ");
    is_str(buf, "X1\\x", "environment references expanded");
    is_int(type, REG_SZ, "reported as REG_SZ");
    size = sizeof(buf);
    rc = RegGetValueA(k, NULL, "Expand", RRF_RT_REG_EXPAND_SZ, &type, buf, &size);
    is_int(rc, ERROR_INVALID_PARAMETER, "RRF_RT_REG_EXPAND_SZ without RRF_NOEXPAND is refused");
    size = sizeof(dw);
    rc = RegGetValueA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Acme\\UrlFilter", "Enabled",
                      RRF_RT_DWORD, &type, &dw, &size);
    is_int(rc, ERROR_SUCCESS, "RegGetValue with a subkey and RRF_RT_DWORD");
    is_int(dw, 1, "value 1");
    size = sizeof(buf);
    rc = RegGetValueA(k, NULL, "LogPath", RRF_RT_DWORD, NULL, buf, &size);
    is_int(rc, ERROR_UNSUPPORTED_TYPE, "a REG_SZ is not an RRF_RT_DWORD: ERROR_UNSUPPORTED_TYPE");
    size = sizeof(buf);
    rc = RegGetValueA(k, NULL, "Blob", RRF_RT_QWORD, NULL, buf, &size);
    is_int(rc, ERROR_DATATYPE_MISMATCH, "a 4-byte REG_BINARY is no RRF_RT_QWORD");
    size = sizeof(q);
    rc = RegGetValueA(k, NULL, "Big", RRF_RT_QWORD, NULL, &q, &size);
    is_int(rc, ERROR_SUCCESS, "REG_QWORD through RRF_RT_QWORD");
    size = 2;
    memset(buf, 'z', 4);
    rc = RegGetValueA(k, NULL, "Nothing", RRF_RT_ANY | RRF_ZEROONFAILURE, NULL, buf, &size);
    is_int(rc, ERROR_FILE_NOT_FOUND, "RegGetValue missing value");
    ok(buf[0] == 0 && buf[1] == 0 && buf[2] == 'z', "RRF_ZEROONFAILURE zeroes the buffer it was given");
    is_int(RegGetValueA(k, NULL, "LogPath", 0, NULL, NULL, NULL),
           ERROR_INVALID_PARAMETER, "no RRF_RT_ type: ERROR_INVALID_PARAMETER");

    /* Enumeration */
    n = sizeof(buf);
    rc = RegEnumKeyExA(k, 0, buf, &n, NULL, NULL, NULL, NULL);
    is_int(rc, ERROR_SUCCESS, "RegEnumKeyEx index 0");
    is_str(buf, "Rules", "names the subkey");
    is_int(n, 5, "length without the NUL");
    n = sizeof(buf);
    is_int(RegEnumKeyExA(k, 1, buf, &n, NULL, NULL, NULL, NULL),
           ERROR_NO_MORE_ITEMS, "past the last: ERROR_NO_MORE_ITEMS");
    n = 5;
    is_int(RegEnumKeyExA(k, 0, buf, &n, NULL, NULL, NULL, NULL),
           ERROR_MORE_DATA, "no room for the NUL: ERROR_MORE_DATA");
    n = sizeof(buf);
    size = sizeof(buf) - 32;
    rc = RegEnumValueA(k, 1, buf, &n, NULL, &type, (LPBYTE)buf + 32, &size);
    is_int(rc, ERROR_SUCCESS, "RegEnumValue index 1");
    is_str(buf, "LogPath", "values in file order (after @)");
    is_int(n, 7, "name length without NUL");
    is_str(buf + 32, "C:\\temp\\filter.log", "with its data");
    for (dw = 0;; dw++) {
        n = sizeof(buf);
        if (RegEnumValueA(k, dw, buf, &n, NULL, NULL, NULL, NULL) != ERROR_SUCCESS) {
            break;
        }
    }
    is_int(dw, 10, "ten values (Gone deleted)");
    n = sizeof(buf);
    is_int(RegEnumValueA(k, dw, buf, &n, NULL, NULL, NULL, NULL),
           ERROR_NO_MORE_ITEMS, "then ERROR_NO_MORE_ITEMS");

    rc = RegQueryInfoKeyA(k, NULL, NULL, NULL, &nk, &maxk, NULL, &nv, &maxn,
                          &maxv, NULL, NULL);
    is_int(rc, ERROR_SUCCESS, "RegQueryInfoKey");
    ok(nk == 1 && maxk == 5, "one subkey, longest name 5");
    ok(nv == 10 && maxn == 7 && maxv == 19, "ten values, name 7, data 19");

    is_int(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Acme\\Deleted", 0, KEY_READ, &k2),
           ERROR_FILE_NOT_FOUND, "[-key] deleted the key");
    is_int(RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\Acme", 0, KEY_READ, &k2),
           ERROR_SUCCESS, "HKCU key");
    size = sizeof(buf);
    RegQueryValueExA(k2, "User", NULL, NULL, (LPBYTE)buf, &size);
    is_str(buf, "me", "read");
    is_int(RegQueryValueExA(k2, "NoEnd", NULL, NULL, NULL, &size),
           ERROR_FILE_NOT_FOUND, "an unterminated string is skipped");
    RegCloseKey(k2);
    is_int(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software\\Old32", 0, KEY_READ, &k2),
           ERROR_SUCCESS, "SOFTWARE\\X missing: found under SOFTWARE\\WOW6432Node\\X");
    size = sizeof(buf);
    RegQueryValueExA(k2, "Mode", NULL, NULL, (LPBYTE)buf, &size);
    is_str(buf, "legacy", "with the 32-bit filter's values");
    RegCloseKey(k2);
    size = sizeof(buf);
    is_int(RegGetValueA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Old32", "Mode", RRF_RT_REG_SZ,
                        NULL, buf, &size), ERROR_SUCCESS, "RegGetValue too");
    ok(strstr(logged, "filter.reg line 33:") && strstr(logged, "filter.reg line 34:")
       && strstr(logged, "filter.reg line 35:") && strstr(logged, "filter.reg line 36:"),
       "each malformed line logged with file and line number");
    is_int(lastlevel, ISW_LOG_WARNING, "at warning level");
    is_int(nlogged, 4, "once each");
    is_int(RegOpenKeyExA(HKEY_CURRENT_USER, "Software", 0, KEY_READ, &k2), ERROR_SUCCESS,
           "parsed once: reopening logs nothing more");
    RegCloseKey(k2);
    is_int(nlogged, 4, "still four lines");

    /* Access and writes (in memory) */
    is_int(RegSetValueExA(k, "New", 0, REG_DWORD, (const BYTE *)&dw, 4),
           ERROR_ACCESS_DENIED, "RegSetValueEx on a KEY_READ key: ERROR_ACCESS_DENIED");
    is_int(RegOpenKeyExA(k, "Rules", 0, KEY_ALL_ACCESS, &sub), ERROR_SUCCESS,
           "open relative to an open key");
    dw = 77;
    is_int(RegSetValueExA(sub, "New", 0, REG_DWORD, (const BYTE *)&dw, 4),
           ERROR_SUCCESS, "RegSetValueEx with KEY_ALL_ACCESS");
    size = sizeof(dw);
    dw = 0;
    RegQueryValueExA(sub, "NEW", NULL, &type, (LPBYTE)&dw, &size);
    is_int(dw, 77, "the value set is read back");
    is_int(RegDeleteValueA(sub, "new"), ERROR_SUCCESS, "RegDeleteValue");
    is_int(RegDeleteValueA(sub, "new"), ERROR_FILE_NOT_FOUND, "twice: ERROR_FILE_NOT_FOUND");
    is_int(RegCreateKeyExA(sub, "A\\B", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k2, &dw),
           ERROR_SUCCESS, "RegCreateKeyEx makes a path");
    is_int(dw, REG_CREATED_NEW_KEY, "REG_CREATED_NEW_KEY");
    RegCloseKey(k2);
    is_int(RegCreateKeyExA(sub, "a\\b", 0, NULL, 0, KEY_READ, NULL, &k2, &dw),
           ERROR_SUCCESS, "again");
    is_int(dw, REG_OPENED_EXISTING_KEY, "REG_OPENED_EXISTING_KEY");
    RegCloseKey(k2);
    is_int(RegDeleteKeyA(sub, "A"), ERROR_ACCESS_DENIED, "a key with subkeys is not deleted");
    is_int(RegDeleteKeyA(sub, "A\\B"), ERROR_SUCCESS, "RegDeleteKey");
    is_int(RegOpenKeyExA(sub, "A\\B", 0, KEY_READ, &k2), ERROR_FILE_NOT_FOUND, "gone");
    stat(path, &st);
    ok(st.st_size > 0, "the file itself is not written");
    RegCloseKey(sub);

    is_int(RegCloseKey(k), ERROR_SUCCESS, "RegCloseKey");
    SetLastError(0);
    is_int(RegCloseKey(k), ERROR_INVALID_HANDLE, "twice: ERROR_INVALID_HANDLE");
    is_int(GetLastError(), 0, "without touching GetLastError");
    is_int(RegQueryValueExA(k, "x", NULL, NULL, NULL, &size), ERROR_INVALID_HANDLE,
           "a closed key: ERROR_INVALID_HANDLE");
    is_int(RegCloseKey(HKEY_LOCAL_MACHINE), ERROR_SUCCESS, "closing a predefined key succeeds");
    is_int(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE", 0, KEY_READ, NULL),
           ERROR_INVALID_PARAMETER, "phkResult NULL: ERROR_INVALID_PARAMETER");

    /* REGEDIT4, ANSI, replaced on the fly: the change is seen. */
    sleep(0);
    write_bytes(path,
                "REGEDIT4\r\n\r\n"
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\UrlFilter]\r\n"
                "\"LogPath\"=\"D:\\\\logs\\\\\xe9t\xe9.log\"\r\n"
                "\"Str\"=hex(2):41,42,00\r\n");
    {
        struct timespec ts[2] = { { 0, UTIME_NOW }, { st.st_mtime + 5, 0 } };
        utimensat(AT_FDCWD, path, ts, 0);
    }
    rc = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Acme\\UrlFilter", 0, KEY_READ, &k);
    is_int(rc, ERROR_SUCCESS, "REGEDIT4 file read after the change");
    size = sizeof(buf);
    RegQueryValueExA(k, "LogPath", NULL, NULL, (LPBYTE)buf, &size);
    is_str(buf, "D:\\logs\\\xe9t\xe9.log", "ANSI bytes kept");
    size = sizeof(buf);
    RegQueryValueExA(k, "Str", NULL, &type, (LPBYTE)buf, &size);
    ok(type == REG_EXPAND_SZ && size == 3 && !strcmp(buf, "AB"),
       "REGEDIT4 hex(2) data are ANSI already");
    is_int(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Acme\\UrlFilter\\Rules", 0,
                         KEY_READ, &k2), ERROR_FILE_NOT_FOUND, "the old keys are gone");
    RegCloseKey(k);

    /* UTF-8 with the 5.00 header. */
    write_bytes(path,
                "\xef\xbb\xbfWindows Registry Editor Version 5.00\n\n"
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme]\n"
                "\"Name\"=\"caf\xc3\xa9 \xe2\x82\xac\"\n");
    {
        struct timespec ts[2] = { { 0, UTIME_NOW }, { st.st_mtime + 10, 0 } };
        utimensat(AT_FDCWD, path, ts, 0);
    }
    rc = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Acme", 0, KEY_READ, &k);
    is_int(rc, ERROR_SUCCESS, "UTF-8 5.00 file read");
    size = sizeof(buf);
    RegQueryValueExA(k, "Name", NULL, NULL, (LPBYTE)buf, &size);
    is_str(buf, "caf\xe9 \x80", "UTF-8 text comes back in 1252");
    RegCloseKey(k);

    /* A file with no header. */
    nlogged = 0;
    write_bytes(path, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme]\n");
    {
        struct timespec ts[2] = { { 0, UTIME_NOW }, { st.st_mtime + 15, 0 } };
        utimensat(AT_FDCWD, path, ts, 0);
    }
    is_int(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Acme", 0, KEY_READ, &k),
           ERROR_FILE_NOT_FOUND, "no header: no keys");
    ok(nlogged == 1 && strstr(logged, "header"), "and a log line says why");

    depth_tests(path);

    unlink(path);
    rmdir(dir);
    return done();
}
