/* module_dllmain.c: LoadLibrary runs the library's DllMain, as Windows
 * does: DLL_PROCESS_ATTACH on the first load, DLL_PROCESS_DETACH on the
 * last FreeLibrary, and a FALSE from ATTACH fails the load with
 * ERROR_DLL_INIT_FAILED after a DETACH.  The library is compiled here, with
 * $CC, and reports through environment variables of this process. */
#include "windows.h"
#include "tap.h"

#include <unistd.h>

static const char helper_src[] =
    "#include <stdlib.h>\n"
    "#include \"windows.h\"\n"
    "BOOL WINAPI DllMain(HINSTANCE h, DWORD why, LPVOID res)\n"
    "{\n"
    "    const char *refuse = getenv(\"HELPER_REFUSE\");\n"
    "    (void)h;\n"
    "    if (why == DLL_PROCESS_ATTACH) {\n"
    "        setenv(\"HELPER_ATTACHED\", \"yes\", 1);\n"
    "        return !(refuse && *refuse == '1');\n"
    "    }\n"
    "    if (why == DLL_PROCESS_DETACH)\n"
    "        setenv(\"HELPER_DETACHED\", res ? \"exit\" : \"unload\", 1);\n"
    "    return TRUE;\n"
    "}\n"
    "__attribute__((visibility(\"default\"))) int helper_value(void)\n"
    "{ return 42; }\n";

int main(void)
{
    char dir[] = "/tmp/isw-dllmain.XXXXXX", src[300], so[300], cmd[1200];
    const char *cc = getenv("CC") ? getenv("CC") : "cc";
    HMODULE m, m2;
    int (*value)(void);
    FILE *f;

    if (!mkdtemp(dir)) {
        return 1;
    }
    snprintf(src, sizeof(src), "%s/helper.c", dir);
    snprintf(so, sizeof(so), "%s/helper.dll", dir);
    f = fopen(src, "w");
    fputs(helper_src, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s -shared -fPIC -I sdk/include -o %s %s",
             cc, so, src);
    if (!ok(system(cmd) == 0, "the helper library builds")) {
        return done();
    }

    unsetenv("HELPER_ATTACHED");
    m = LoadLibraryA(so);
    ok(m != NULL, "LoadLibrary loads it");
    is_str(getenv("HELPER_ATTACHED"), "yes", "its DllMain heard DLL_PROCESS_ATTACH");
    value = (int (*)(void))GetProcAddress(m, "helper_value");
    ok(value && value() == 42, "GetProcAddress finds its export");
    unsetenv("HELPER_ATTACHED");
    m2 = LoadLibraryA(so);
    ok(m2 == m, "a second LoadLibrary returns the same module");
    ok(getenv("HELPER_ATTACHED") == NULL, "without a second ATTACH");
    ok(FreeLibrary(m2), "the first FreeLibrary");
    ok(getenv("HELPER_DETACHED") == NULL, "leaves it attached");
    ok(FreeLibrary(m), "the last FreeLibrary");
    is_str(getenv("HELPER_DETACHED"), "unload",
           "sends DLL_PROCESS_DETACH with lpReserved NULL");

    setenv("HELPER_REFUSE", "1", 1);
    unsetenv("HELPER_DETACHED");
    SetLastError(0);
    m = LoadLibraryA(so);
    ok(m == NULL, "a DllMain that says FALSE fails LoadLibrary");
    is_int(GetLastError(), ERROR_DLL_INIT_FAILED, "with ERROR_DLL_INIT_FAILED");
    is_str(getenv("HELPER_DETACHED"), "unload", "after a DETACH, as Windows sends");

    unlink(src);
    unlink(so);
    rmdir(dir);
    return done();
}
