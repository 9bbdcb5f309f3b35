/*
 * module.c: modules as Windows names them, on the dynamic linker.
 *
 * An HMODULE is the load address of a shared object (dladdr's dli_fbase,
 * the start of its first mapping); mod_isapi_filter passes the same value
 * to DllMain as hinstDLL.  Loaded objects are found with
 * dl_iterate_phdr, so a module need not have been opened through
 * LoadLibrary to be named.  LoadLibrary keeps base -> dlopen handle with
 * a count, so that each FreeLibrary undoes one LoadLibrary.
 */
#include "isw.h"

#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <unistd.h>

typedef struct loaded loaded;
struct loaded {
    loaded *next;
    uintptr_t base;
    void *handle;
    unsigned refs;
    BOOL (WINAPI *dllmain)(HINSTANCE, DWORD, LPVOID);  /* attached, so it
                                                      * hears DETACH */
};

static pthread_mutex_t loaded_lock = PTHREAD_MUTEX_INITIALIZER;
static loaded *loaded_list;

/* The Windows system DLLs filters name: the SDK runtime serves them. */
static const char *const system_dlls[] = {
    "kernel32", "kernelbase", "advapi32", "user32", "ntdll", "msvcrt",
    "ws2_32", "wsock32", "shlwapi", "ole32", "oleaut32", "version",
    "wininet", "shell32", NULL
};

typedef struct {
    /* in: what to look for (one of them) */
    uintptr_t base;           /* a base address, or 0 */
    uintptr_t l_addr;         /* a load bias with l_name, or 0 */
    const char *l_name;
    const char *stem;         /* a Windows module name without ".dll" */
    const char *path;         /* an exact file name */
    int main_program;
    /* out */
    uintptr_t found_base;
    char found_path[PATH_MAX];
} module_query;

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Whether file name f is what Windows name stem (no ".dll") would be:
 * stem.so, libstem.so, either with a version suffix, or stem itself. */
static int name_matches(const char *f, const char *stem)
{
    size_t n = strlen(stem);

    if (!strcasecmp(f, stem)) {
        return 1;
    }
    if (!strncasecmp(f, "lib", 3) && !strncasecmp(f + 3, stem, n)
        && !strncmp(f + 3 + n, ".so", 3) && (!f[6 + n] || f[6 + n] == '.')) {
        return 1;
    }
    return !strncasecmp(f, stem, n) && !strncmp(f + n, ".so", 3)
           && (!f[n + 3] || f[n + 3] == '.');
}

static int query_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    module_query *q = arg;
    uintptr_t low = UINTPTR_MAX, base;
    const char *name = info->dlpi_name;
    char exe[PATH_MAX];
    int is_main = !name || !*name;
    int hit;

    (void)size;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type == PT_LOAD
            && info->dlpi_phdr[i].p_vaddr < low) {
            low = info->dlpi_phdr[i].p_vaddr;
        }
    }
    if (low == UINTPTR_MAX) {
        return 0;
    }
    base = (info->dlpi_addr + low) & ~(uintptr_t)(getpagesize() - 1);
    if (is_main) {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

        if (n <= 0) {
            return 0;
        }
        exe[n] = '\0';
        name = exe;
    }
    else if (!strchr(name, '/')) {
        return 0;               /* the vDSO: no file */
    }
    hit = (q->base && q->base == base)
          || (q->l_name && info->dlpi_addr == q->l_addr
              && !strcmp(q->l_name, info->dlpi_name))
          || (q->main_program && is_main)
          || (q->path && !strcmp(q->path, name))
          || (q->stem && name_matches(base_name(name), q->stem));
    if (!hit) {
        return 0;
    }
    q->found_base = base;
    snprintf(q->found_path, sizeof(q->found_path), "%s", name);
    return 1;
}

static int query(module_query *q)
{
    q->found_base = 0;
    return dl_iterate_phdr(query_cb, q) != 0;
}

/* The base of the runtime library itself. */
static uintptr_t runtime_base(void)
{
    Dl_info info;

    return dladdr((void *)runtime_base, &info) ? (uintptr_t)info.dli_fbase : 0;
}

/* The stem of a Windows module name: its last component without ".dll"
 * (a name without an extension means ".dll"; a trailing '.' means none). */
static void module_stem(const char *name, char *stem, size_t n)
{
    const char *b = name;
    size_t len;

    for (const char *p = name; *p; p++) {
        if (*p == '\\' || *p == '/' || *p == ':') {
            b = p + 1;
        }
    }
    snprintf(stem, n, "%s", b);
    len = strlen(stem);
    if (len > 4 && !strcasecmp(stem + len - 4, ".dll")) {
        stem[len - 4] = '\0';
    }
    else if (len && stem[len - 1] == '.') {
        stem[len - 1] = '\0';
    }
}

static int is_system_dll(const char *stem)
{
    for (int i = 0; system_dlls[i]; i++) {
        if (!strcasecmp(stem, system_dlls[i])) {
            return 1;
        }
    }
    return 0;
}

WINBASEAPI DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename,
                                           DWORD nSize)
{
    module_query q = { 0 };
    char win[PATH_MAX];
    size_t len;

    if (!lpFilename && nSize) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (hModule) {
        q.base = (uintptr_t)hModule;
    }
    else {
        q.main_program = 1;
    }
    if (!query(&q)) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    if (isw_path_to_windows(q.found_path, win, sizeof(win))) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return 0;
    }
    len = strlen(win);
    if (len < nSize) {
        memcpy(lpFilename, win, len + 1);
        return (DWORD)len;
    }
    /* Too small: as many characters as fit with the NUL, nSize returned. */
    if (nSize) {
        memcpy(lpFilename, win, nSize - 1);
        lpFilename[nSize - 1] = '\0';
    }
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return nSize;
}

/* The base of the loaded module a Windows name names, or 0. */
static uintptr_t find_module(const char *name)
{
    module_query q = { 0 };
    char stem[PATH_MAX], path[PATH_MAX];

    module_stem(name, stem, sizeof(stem));
    if (is_system_dll(stem)) {
        return runtime_base();
    }
    if (strchr(name, '\\') || strchr(name, '/')) {
        /* A path names one file; ".dll" may stand for ".so". */
        if (isw_path_to_unix(name, path, sizeof(path)) == 0) {
            q.path = path;
            if (query(&q)) {
                return q.found_base;
            }
            if (strlen(path) > 4 && !strcasecmp(path + strlen(path) - 4, ".dll")) {
                strcpy(path + strlen(path) - 4, ".so");
                if (query(&q)) {
                    return q.found_base;
                }
            }
        }
        return 0;
    }
    q.stem = stem;
    return query(&q) ? q.found_base : 0;
}

WINBASEAPI HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName)
{
    module_query q = { 0 };
    uintptr_t base;

    if (!lpModuleName) {
        q.main_program = 1;
        base = query(&q) ? q.found_base : 0;
    }
    else {
        base = find_module(lpModuleName);
    }
    if (!base) {
        SetLastError(ERROR_MOD_NOT_FOUND);
    }
    return (HMODULE)base;
}

typedef BOOL (WINAPI *dllmain_fn)(HINSTANCE, DWORD, LPVOID);

/* The DllMain of the object at base (h its dlopen handle), if it has one
 * of its own: dlsym also searches the libraries it needs. */
static dllmain_fn own_dllmain(void *h, uintptr_t base)
{
    dllmain_fn f = (dllmain_fn)dlsym(h, "DllMain");
    Dl_info info;

    if (!f || !dladdr((void *)f, &info)
        || (uintptr_t)info.dli_fbase != base) {
        return NULL;
    }
    return f;
}

/* Drops the reference load() took for a library whose DllMain refused. */
static void forget(uintptr_t base)
{
    loaded **pl, *l = NULL;

    pthread_mutex_lock(&loaded_lock);
    for (pl = &loaded_list; *pl; pl = &(*pl)->next) {
        if ((*pl)->base == base) {
            l = *pl;
            if (--l->refs == 0) {
                *pl = l->next;
            }
            else {
                l = NULL;
            }
            break;
        }
    }
    pthread_mutex_unlock(&loaded_lock);
    free(l);
}

/* Records one more reference to the object at base, held through handle
 * (from dlopen, which counted it); how many references there are now, 0
 * when it could not be recorded. */
static unsigned remember(uintptr_t base, void *handle)
{
    unsigned refs = 0;
    loaded *l;

    pthread_mutex_lock(&loaded_lock);
    for (l = loaded_list; l; l = l->next) {
        if (l->base == base) {
            break;
        }
    }
    if (!l && (l = calloc(1, sizeof(*l))) != NULL) {
        l->base = base;
        l->handle = handle;
        l->next = loaded_list;
        loaded_list = l;
    }
    if (l) {
        refs = ++l->refs;
    }
    pthread_mutex_unlock(&loaded_lock);
    if (!l) {
        dlclose(handle);
    }
    return refs;
}

/* A reference to the loaded object at base, for GetModuleHandleEx. */
static int add_ref(uintptr_t base)
{
    module_query q = { 0 };
    void *h;

    q.base = base;
    if (!query(&q)) {
        return 0;
    }
    h = dlopen(base == 0 ? NULL : q.found_path, RTLD_NOW | RTLD_NOLOAD);
    if (!h) {
        h = dlopen(NULL, RTLD_NOW);  /* the main program */
    }
    return h && remember(base, h);
}

WINBASEAPI BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName,
                                          HMODULE *phModule)
{
    uintptr_t base = 0;

    if (!phModule) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    *phModule = NULL;
    if ((dwFlags & ~(DWORD)7)
        || ((dwFlags & GET_MODULE_HANDLE_EX_FLAG_PIN)
            && (dwFlags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT))) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
        Dl_info info;

        if (lpModuleName && dladdr(lpModuleName, &info) && info.dli_fbase) {
            base = (uintptr_t)info.dli_fbase;
        }
    }
    else {
        base = (uintptr_t)GetModuleHandleA(lpModuleName);
    }
    if (!base) {
        return isw_fail(ERROR_MOD_NOT_FOUND);
    }
    /* Windows counts a reference the caller gives back with FreeLibrary,
     * unless told not to; a pinned module is never unloaded, which
     * RTLD_NODELETE gives. */
    if (dwFlags & GET_MODULE_HANDLE_EX_FLAG_PIN) {
        module_query q = { 0 };

        q.base = base;
        if (query(&q)) {
            dlopen(q.found_path, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
        }
    }
    else if (!(dwFlags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        add_ref(base);
    }
    *phModule = (HMODULE)base;
    return TRUE;
}

/* A file in dir whose name is what the Windows name stem (no ".dll")
 * stands for, into out. */
static int find_in_dir(const char *dir, const char *stem, const char *given,
                       char *out, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    char cwd[PATH_MAX];

    /* An absolute name, so that the module's file name is one. */
    if (dir[0] != '/' && getcwd(cwd, sizeof(cwd))) {
        if (d) {
            closedir(d);
        }
        if (strlen(cwd) + strlen(dir) + 2 > sizeof(cwd)) {
            return 0;
        }
        strcat(cwd, "/");
        strcat(cwd, dir);
        return find_in_dir(cwd, stem, given, out, n);
    }

    if (!d) {
        return 0;
    }
    while (!found && (e = readdir(d)) != NULL) {
        if (!strcasecmp(e->d_name, given) || name_matches(e->d_name, stem)) {
            found = snprintf(out, n, "%s/%s", dir, e->d_name) < (int)n;
        }
    }
    closedir(d);
    return found;
}

/* Notes that the library at base was attached, so FreeLibrary's last
 * reference sends DETACH. */
static void set_dllmain(uintptr_t base, dllmain_fn dm)
{
    loaded *l;

    pthread_mutex_lock(&loaded_lock);
    for (l = loaded_list; l; l = l->next) {
        if (l->base == base) {
            l->dllmain = dm;
            break;
        }
    }
    pthread_mutex_unlock(&loaded_lock);
}

static HMODULE load(const char *name, const void *caller)
{
    unsigned refs;
    dllmain_fn dm;
    char stem[PATH_MAX], path[PATH_MAX], dir[PATH_MAX];
    const char *given, *err;
    void *h = NULL;
    struct link_map *lm;
    module_query q = { 0 };
    uintptr_t base;
    DWORD e;

    if (!name || !*name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    module_stem(name, stem, sizeof(stem));
    given = name + strlen(name);
    while (given > name && given[-1] != '\\' && given[-1] != '/' && given[-1] != ':') {
        given--;
    }
    if (is_system_dll(stem)) {
        base = runtime_base();
        return base && add_ref(base) ? (HMODULE)base
                                      : (SetLastError(ERROR_MOD_NOT_FOUND), NULL);
    }
    if (given != name) {
        /* A path: the file itself, or the .so its .dll name stands for,
         * in that directory. */
        if ((e = isw_path_to_unix(name, path, sizeof(path))) != 0) {
            SetLastError(e == ERROR_BAD_NETPATH ? e : ERROR_MOD_NOT_FOUND);
            return NULL;
        }
        if (access(path, F_OK) != 0) {
            char *slash = strrchr(path, '/');

            snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
                     slash ? path : ".");
            if (slash && slash == path) {
                strcpy(dir, "/");
            }
            find_in_dir(dir, stem, given, path, sizeof(path));
        }
        h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    }
    else {
        /* A bare name: beside the filter that asks first, as Windows
         * searches the application's directory, then the linker's path. */
        const char *obj = isw_object_path(caller);
        const char *slash = obj ? strrchr(obj, '/') : NULL;

        if (slash) {
            snprintf(dir, sizeof(dir), "%.*s", (int)(slash - obj), obj);
            if (find_in_dir(dir, stem, given, path, sizeof(path))) {
                h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
            }
        }
        if (!h) {
            snprintf(path, sizeof(path), "%s", given);
            h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        }
        if (!h && strlen(given) > 4
            && !strcasecmp(given + strlen(given) - 4, ".dll")) {
            snprintf(path, sizeof(path), "%.4000s.so", stem);
            if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
                snprintf(path, sizeof(path), "lib%.4000s.so", stem);
                h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
            }
        }
    }
    if (!h) {
        err = dlerror();
        isw_log(ISW_LOG_ERR, caller, "LoadLibrary(\"%s\") failed: %s", name,
                err ? err : "not found");
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0) {
        dlclose(h);
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    q.l_addr = lm->l_addr;
    q.l_name = lm->l_name;
    if (!query(&q) || !(refs = remember(q.found_base, h))) {
        dlclose(h);
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    /* As Windows: the first load in the process runs the library's
     * DllMain; a FALSE there gets DETACH and unloads it again. */
    if (refs == 1 && (dm = own_dllmain(h, q.found_base)) != NULL) {
        HINSTANCE inst = (HINSTANCE)q.found_base;

        if (!dm(inst, DLL_PROCESS_ATTACH, NULL)) {
            dm(inst, DLL_PROCESS_DETACH, NULL);
            forget(q.found_base);
            dlclose(h);
            SetLastError(ERROR_DLL_INIT_FAILED);
            return NULL;
        }
        set_dllmain(q.found_base, dm);
    }
    return (HMODULE)q.found_base;
}

WINBASEAPI HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName)
{
    return load(lpLibFileName, __builtin_return_address(0));
}

/* The flags change where Windows looks or how it maps the file; a shared
 * object is loaded one way, so they are accepted and change nothing. */
WINBASEAPI HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile,
                                         DWORD dwFlags)
{
    (void)dwFlags;
    if (hFile) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return load(lpLibFileName, __builtin_return_address(0));
}

WINBASEAPI FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName)
{
    uintptr_t base = (uintptr_t)hModule;
    module_query q = { 0 };
    void *h = NULL, *sym = NULL;
    int opened = 0;
    loaded *l;

    if (!lpProcName || HIWORD(lpProcName) == 0) {
        /* Exports by ordinal have no ELF counterpart. */
        SetLastError(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    if (!base) {
        q.main_program = 1;
    }
    else {
        q.base = base;
    }
    if (!query(&q)) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    if (q.found_base == runtime_base()) {
        /* "kernel32.dll": what the process resolves the name to (inside
         * httpd the module's GetLastError before the runtime's copy). */
        sym = dlsym(RTLD_DEFAULT, lpProcName);
    }
    if (!sym) {
        pthread_mutex_lock(&loaded_lock);
        for (l = loaded_list; l; l = l->next) {
            if (l->base == q.found_base) {
                h = l->handle;
                break;
            }
        }
        pthread_mutex_unlock(&loaded_lock);
        if (!h) {
            h = q.main_program ? dlopen(NULL, RTLD_NOW)
                               : dlopen(q.found_path, RTLD_NOW | RTLD_NOLOAD);
            opened = h != NULL;
        }
        if (h) {
            sym = dlsym(h, lpProcName);
        }
        if (opened) {
            dlclose(h);
        }
    }
    if (!sym) {
        SetLastError(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    return (FARPROC)sym;
}

WINBASEAPI BOOL WINAPI FreeLibrary(HMODULE hLibModule)
{
    uintptr_t base = (uintptr_t)hLibModule;
    loaded **pl, *l = NULL;
    void *h = NULL;
    module_query q = { 0 };

    pthread_mutex_lock(&loaded_lock);
    for (pl = &loaded_list; *pl; pl = &(*pl)->next) {
        if ((*pl)->base == base) {
            l = *pl;
            h = l->handle;
            if (--l->refs == 0) {
                *pl = l->next;
            }
            else {
                l = NULL;
            }
            break;
        }
    }
    pthread_mutex_unlock(&loaded_lock);
    if (h) {
        if (l && l->dllmain) {
            l->dllmain((HINSTANCE)base, DLL_PROCESS_DETACH, NULL);
        }
        free(l);
        dlclose(h);
        return TRUE;
    }
    /* A module this runtime holds no reference to (the filter itself,
     * loaded by the host): nothing to release. */
    q.base = base;
    if (base && query(&q)) {
        return TRUE;
    }
    return isw_fail(ERROR_MOD_NOT_FOUND);
}

/* DLL_THREAD_ATTACH/DETACH are never sent, so there is nothing to turn
 * off. */
WINBASEAPI BOOL WINAPI DisableThreadLibraryCalls(HMODULE hLibModule)
{
    (void)hLibModule;
    return TRUE;
}
