/* unload.c: the runtime lets go of what it keeps for the process when it
 * is unloaded (sdk/runtime/unload.c).  httpd dlcloses its filters, and
 * with the last one libisapiwin32.so, each time it clears a
 * configuration; the memory its static variables held must not be lost
 * each time.  A copy of the library (this program already has the
 * library itself, which never unloads) is opened, used as an IIS filter
 * uses it at start-up (the host's settings, a registry value, an INI
 * value, an event handle) and closed, many times over: the heap must end
 * as it was.  Under AddressSanitizer the heap figures are zero and
 * LeakSanitizer reports what a cycle left instead. */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

typedef DWORD (WINAPI *gpps_fn)(LPCSTR, LPCSTR, LPCSTR, LPSTR, DWORD,
                                LPCSTR);
typedef LONG (WINAPI *regopen_fn)(HKEY, LPCSTR, DWORD, REGSAM, PHKEY);
typedef LONG (WINAPI *regquery_fn)(HKEY, LPCSTR, LPDWORD, LPDWORD, LPBYTE,
                                   LPDWORD);
typedef LONG (WINAPI *regclose_fn)(HKEY);
typedef HANDLE (WINAPI *event_fn)(LPSECURITY_ATTRIBUTES, BOOL, BOOL, LPCSTR);
typedef BOOL (WINAPI *close_fn)(HANDLE);

static char dir[64];
static char copy[128];
static char regfile[128];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The path of the runtime this program was linked with. */
static const char *runtime_path(void)
{
    void *h = dlopen("libisapiwin32.so.1", RTLD_NOW | RTLD_NOLOAD);
    struct link_map *lm = NULL;
    const char *path = NULL;

    if (h && dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0 && lm) {
        path = lm->l_name;
    }
    return path;
}

static int copy_file(const char *from, const char *to)
{
    char buf[65536];
    int in = open(from, O_RDONLY), out;
    ssize_t n;

    if (in < 0) {
        return -1;
    }
    out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (out < 0) {
        close(in);
        return -1;
    }
    while ((n = read(in, buf, sizeof(buf))) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            n = -1;
            break;
        }
    }
    close(in);
    close(out);
    return n < 0 ? -1 : 0;
}

/* One load: what the copy gave, "realm|greeting|event", or why not. */
static void cycle(char *out, size_t outlen)
{
    void *h = dlopen(copy, RTLD_NOW | RTLD_LOCAL);
    isapi_win32_host_fn attach;
    gpps_fn gpps;
    regopen_fn regopen;
    regquery_fn regquery;
    regclose_fn regclose;
    event_fn create_event;
    close_fn close_handle;
    isapi_win32_host host = { ISAPI_WIN32_HOST_VERSION, dir, regfile, NULL };
    char realm[64] = "", greeting[64] = "";
    DWORD type, cb = sizeof(greeting);
    HKEY key;
    HANDLE ev;

    if (!h) {
        snprintf(out, outlen, "dlopen: %s", dlerror());
        return;
    }
    attach = (isapi_win32_host_fn)dlsym(h, "isapi_win32_host_attach");
    gpps = (gpps_fn)dlsym(h, "GetPrivateProfileStringA");
    regopen = (regopen_fn)dlsym(h, "RegOpenKeyExA");
    regquery = (regquery_fn)dlsym(h, "RegQueryValueExA");
    regclose = (regclose_fn)dlsym(h, "RegCloseKey");
    create_event = (event_fn)dlsym(h, "CreateEventA");
    close_handle = (close_fn)dlsym(h, "CloseHandle");
    if (!attach || !gpps || !regopen || !regquery || !regclose
        || !create_event || !close_handle) {
        snprintf(out, outlen, "dlsym: %s", dlerror());
        dlclose(h);
        return;
    }
    attach(&host);
    gpps("Options", "Realm", "none", realm, sizeof(realm), "C:\\Unload.ini");
    if (regopen(HKEY_LOCAL_MACHINE, "SOFTWARE\\Example\\Unload", 0, KEY_READ,
                &key) == ERROR_SUCCESS) {
        regquery(key, "Greeting", NULL, &type, (LPBYTE)greeting, &cb);
        regclose(key);
    }
    ev = create_event(NULL, TRUE, FALSE, NULL);
    snprintf(out, outlen, "%s|%s|%s", realm, greeting,
             ev ? "event" : "no event");
    if (ev) {
        close_handle(ev);
    }
    dlclose(h);
}

int main(void)
{
    char got[256], path[128];
    const char *lib = runtime_path();
    size_t before, after;
    int i;

    strcpy(dir, "/tmp/isw-unload-XXXXXX");
    if (!lib || !mkdtemp(dir)) {
        ok(0, "the runtime's path and a temporary directory");
        return done();
    }
    snprintf(copy, sizeof(copy), "%s/libisapiwin32-copy.so", dir);
    snprintf(regfile, sizeof(regfile), "%s/unload.reg", dir);
    snprintf(path, sizeof(path), "%s/c", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/c/unload.ini", dir);
    write_file(path, "[Options]\r\nRealm = Unload Realm\r\n");
    write_file(regfile, "REGEDIT4\r\n\r\n"
               "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Example\\Unload]\r\n"
               "\"Greeting\"=\"hello\"\r\n");
    ok(copy_file(lib, copy) == 0, "a copy of libisapiwin32.so to load apart");

    cycle(got, sizeof(got));
    is_str(got, "Unload Realm|hello|event",
           "the copy read the INI file and the registry file, made an event");
    ok(dlopen(copy, RTLD_NOW | RTLD_NOLOAD) == NULL,
       "dlclose unloaded the copy (its destructor ran)");

    /* The dynamic loader's own tables grow over the first loads (some
     * 3 KB over ten), then stay. */
    for (i = 0; i < 10; i++) {
        cycle(got, sizeof(got));
    }
    before = mallinfo2().uordblks;
    for (i = 0; i < 20; i++) {
        cycle(got, sizeof(got));
    }
    after = mallinfo2().uordblks;
    is_str(got, "Unload Realm|hello|event", "the twentieth load works too");
    /* Without the destructor one load kept some 3.5 KB (the INI cache,
     * the registry tree, the handle table, the settings): twenty, 70 KB.
     * The loader's tables may still add a few hundred bytes. */
    if (!ok(after <= before + 2048,
            "twenty loads and unloads leave the heap as it was")) {
        printf("#   in use before %zu, after %zu\n", before, after);
    }

    unlink(copy);
    unlink(regfile);
    unlink(path);
    snprintf(path, sizeof(path), "%s/c", dir);
    rmdir(path);
    rmdir(dir);
    return done();
}
