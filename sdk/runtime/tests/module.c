/* module.c: GetModuleFileName, GetModuleHandle(Ex), LoadLibrary,
 * GetProcAddress, FreeLibrary (sdk/runtime/module.c), on the runtime
 * library itself, the test program and libm. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "windows.h"
#include "tap.h"

#include <dlfcn.h>
#include <unistd.h>

/* The Windows form of a Unix path outside any Windows root. */
static void windows_form(const char *unix_path, char *out)
{
    for (; *unix_path; unix_path++) {
        *out++ = *unix_path == '/' ? '\\' : *unix_path;
    }
    *out = '\0';
}

int main(void)
{
    Dl_info info;
    HMODULE rt, m, exe, k32;
    char buf[MAX_PATH], want[PATH_MAX], exe_path[PATH_MAX], libm[PATH_MAX], link[PATH_MAX];
    double (*cosine)(double);
    void *lm;
    ssize_t n;
    DWORD len;

    /* ---- The runtime library, found from an address in it ---- */
    ok(dladdr((void *)GetModuleFileNameA, &info), "dladdr of the runtime");
    ok(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS
                          | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCSTR)(void *)GetModuleFileNameA, &rt),
       "GetModuleHandleEx FROM_ADDRESS");
    ok((void *)rt == info.dli_fbase, "is the load base (dli_fbase)");
    len = GetModuleFileNameA(rt, buf, sizeof(buf));
    windows_form(info.dli_fname, want);
    is_str(buf, want, "GetModuleFileName of it, in Windows form");
    is_int(len, strlen(want), "returns the length");
    SetLastError(0);
    len = GetModuleFileNameA(rt, buf, 5);
    is_int(len, 5, "a buffer too small: returns nSize");
    is_int(strlen(buf), 4, "copies nSize - 1 characters and the NUL");
    ok(!strncmp(buf, want, 4), "the start of the name");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "sets ERROR_INSUFFICIENT_BUFFER");
    SetLastError(0);
    is_int(GetModuleFileNameA((HMODULE)(uintptr_t)0x1000, buf, sizeof(buf)), 0,
           "an address that is no module: 0");
    is_int(GetLastError(), ERROR_MOD_NOT_FOUND, "with ERROR_MOD_NOT_FOUND");
    ok(GetModuleHandleA("LIBISAPIWIN32.DLL") == rt,
       "GetModuleHandle(\"LIBISAPIWIN32.DLL\") finds libisapiwin32.so.1");
    ok(GetModuleHandleA("isapiwin32.dll") == rt, "and without the lib prefix");
    k32 = GetModuleHandleA("KERNEL32.dll");
    ok(k32 == rt, "kernel32.dll is the runtime");
    ok(GetProcAddress(k32, "CreateFileA") == (FARPROC)CreateFileA,
       "GetProcAddress(kernel32, \"CreateFileA\")");
    SetLastError(0);
    ok(GetProcAddress(k32, "NoSuchFunctionW") == NULL
       && GetLastError() == ERROR_PROC_NOT_FOUND,
       "a function the SDK lacks: NULL, ERROR_PROC_NOT_FOUND");
    SetLastError(0);
    ok(GetModuleHandleA("nosuchmodule.dll") == NULL
       && GetLastError() == ERROR_MOD_NOT_FOUND,
       "GetModuleHandle of a module not loaded: ERROR_MOD_NOT_FOUND");
    ok(DisableThreadLibraryCalls(rt), "DisableThreadLibraryCalls");

    /* ---- The program ---- */
    n = readlink("/proc/self/exe", exe_path, sizeof(exe_path) - 1);
    exe_path[n > 0 ? n : 0] = '\0';
    exe = GetModuleHandleA(NULL);
    ok(exe != NULL, "GetModuleHandle(NULL)");
    ok(dladdr((void *)main, &info) && (void *)exe == info.dli_fbase,
       "is the program's base");
    GetModuleFileNameA(NULL, buf, sizeof(buf));
    windows_form(exe_path, want);
    is_str(buf, want, "GetModuleFileName(NULL) is the program");
    GetModuleFileNameA(exe, link, sizeof(link));
    is_str(link, want, "and so is its base");

    /* ---- LoadLibrary ---- */
    lm = dlopen("libm.so.6", RTLD_NOW);
    ok(lm && dladdr(dlsym(lm, "cos"), &info), "libm's path");
    snprintf(libm, sizeof(libm), "%s", info.dli_fname);
    windows_form(libm, want);
    m = LoadLibraryA(want);
    ok(m != NULL, "LoadLibrary of a path in Windows form");
    ok((void *)m == info.dli_fbase, "returns the load base");
    cosine = (double (*)(double))GetProcAddress(m, "cos");
    ok(cosine && cosine(0.0) == 1.0, "GetProcAddress(\"cos\")");
    SetLastError(0);
    ok(GetProcAddress(m, (LPCSTR)(uintptr_t)12) == NULL
       && GetLastError() == ERROR_PROC_NOT_FOUND, "ordinals: ERROR_PROC_NOT_FOUND");
    ok(GetProcAddress(m, "no_such_symbol") == NULL
       && GetLastError() == ERROR_PROC_NOT_FOUND, "a missing name: ERROR_PROC_NOT_FOUND");
    ok(LoadLibraryA("libm.so.6") == m, "a bare name through the linker's search");
    ok(FreeLibrary(m), "FreeLibrary");
    ok(FreeLibrary(m), "FreeLibrary again (two loads)");
    dlclose(lm);

    /* A bare .dll name beside the caller, in another case. */
    ok(dladdr((void *)main, &info), "the test's own path");
    snprintf(link, sizeof(link), "%.*s/mhelper.so",
             (int)(strrchr(info.dli_fname, '/') - info.dli_fname), info.dli_fname);
    unlink(link);
    ok(symlink(libm, link) == 0, "a helper beside the caller");
    m = LoadLibraryA("MHelper.DLL");
    ok(m != NULL, "LoadLibrary(\"MHelper.DLL\") finds mhelper.so beside the caller");
    cosine = (double (*)(double))GetProcAddress(m, "cos");
    ok(cosine && cosine(0.0) == 1.0, "and it is usable");
    ok(FreeLibrary(m), "FreeLibrary");
    unlink(link);

    SetLastError(0);
    ok(LoadLibraryA("C:\\nowhere\\missing.dll") == NULL
       && GetLastError() == ERROR_MOD_NOT_FOUND, "a missing library: ERROR_MOD_NOT_FOUND");
    ok(LoadLibraryA("missing-helper.dll") == NULL
       && GetLastError() == ERROR_MOD_NOT_FOUND, "a missing bare name: ERROR_MOD_NOT_FOUND");
    ok(!FreeLibrary((HMODULE)(uintptr_t)0x1000) && GetLastError() == ERROR_MOD_NOT_FOUND,
       "FreeLibrary of no module fails");
    return done();
}
