/* resource.c: resources registered the way isapi-cc's generated tables
 * register them (here in the test program itself, which then is the
 * module): LoadString, RT_STRING bundles, the version API, unregistering,
 * and isapi_log_exception's log line. */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

static const ISAPI_RES_STRING strings[] = {
    { 1, "Filter description" }, { 17, "second bundle" }, { 40, "" },
};
static const ISAPI_RES_VALUE values[] = {
    { "FileDescription", "Unit test" }, { "ProductName", "isapi" },
};
static const ISAPI_RES_STRINGBLOCK blocks[] = { { "040904b0", values, 2 } };
static const WORD translations[] = { 0x409, 1200 };
static const ISAPI_RESOURCES res = {
    ISAPI_RESOURCES_ABI, strings, 3, TRUE,
    0x00020001, 0x00040003, 0x00010000, 0, 0x3F, VS_FF_DEBUG, VOS_NT_WINDOWS32, VFT_DLL, 0,
    blocks, 1, translations, 2
};

static int level;
static char msg[1024];

static void logcb(int l, const char *f, const char *m)
{
    (void)f;
    level = l;
    snprintf(msg, sizeof(msg), "%s", m);
}

int main(void)
{
    isapi_win32_host h = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, logcb };
    HMODULE self = GetModuleHandleA(NULL);
    char buf[64], path[MAX_PATH];
    const char *ro = NULL;
    VS_FIXEDFILEINFO *ffi;
    void *block, *p;
    DWORD size;
    UINT len;
    HRSRC r;
    const WORD *w;

    plan(27);
    ok(isapi_win32_host_attach(&h), "host attached");
    SetLastError(0);
    is_int(LoadStringA(NULL, 1, buf, sizeof(buf)), 0, "nothing registered: LoadString gives 0");
    is_int(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND, "ERROR_RESOURCE_NAME_NOT_FOUND");
    ok(isapi_resources_register(&res), "isapi_resources_register");

    is_int(LoadStringA(NULL, 1, buf, sizeof(buf)), 18, "LoadString(NULL): the caller's module");
    is_str(buf, "Filter description", "the string");
    is_int(LoadStringA(self, 17, buf, sizeof(buf)), 13, "LoadString(GetModuleHandle(NULL))");
    is_int(LoadStringA(self, 1, buf, 7), 6, "truncated to n-1 characters");
    is_str(buf, "Filter", "and NUL-terminated");
    is_int(LoadStringA(self, 1, (LPSTR)&ro, 0), 18, "n == 0: the length");
    ok(ro && !strncmp(ro, "Filter description", 18), "and a pointer to the string itself");
    SetLastError(0);
    is_int(LoadStringA(self, 40, buf, sizeof(buf)), 0, "an empty string is no string");
    is_int(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND, "ERROR_RESOURCE_NAME_NOT_FOUND");

    r = FindResourceA(self, MAKEINTRESOURCEA(2), RT_STRING);
    ok(r != NULL, "FindResource(RT_STRING) of bundle 2 (ids 16..31)");
    w = LockResource(LoadResource(self, r));
    ok(w && w[0] == 0 && w[1] == 13 && w[2] == 's', "id 17 is the bundle's second string");
    is_int(SizeofResource(self, r), (16 + 13) * 2, "SizeofResource: 16 lengths and the text");
    SetLastError(0);
    ok(!FindResourceA(self, MAKEINTRESOURCEA(1), MAKEINTRESOURCEA(5)), "other types are not there");
    is_int(GetLastError(), ERROR_RESOURCE_TYPE_NOT_FOUND, "ERROR_RESOURCE_TYPE_NOT_FOUND");

    GetModuleFileNameA(NULL, path, sizeof(path));
    size = GetFileVersionInfoSizeA(path, NULL);
    ok(size > sizeof(VS_FIXEDFILEINFO), "GetFileVersionInfoSize of the program's Windows path");
    block = malloc(size);
    ok(GetFileVersionInfoA(path, 0, size, block), "GetFileVersionInfo");
    ok(VerQueryValueA(block, "\\", &p, &len) && len == sizeof(*ffi), "VerQueryValue \\");
    ffi = p;
    ok(ffi->dwSignature == VS_FFI_SIGNATURE && ffi->dwFileVersionMS == 0x00020001
       && ffi->dwFileFlags == VS_FF_DEBUG, "VS_FIXEDFILEINFO");
    ok(VerQueryValueA(block, "\\StringFileInfo\\040904b0\\ProductName", &p, &len)
       && !strcmp(p, "isapi") && len == 6, "a StringFileInfo value");
    free(block);

    isapi_resources_unregister(&res);
    is_int(LoadStringA(NULL, 1, buf, sizeof(buf)), 0, "unregistered: gone");
    is_int(GetFileVersionInfoSizeA(path, NULL), 0, "and no version information");

    isapi_log_exception((const void *)main, "HttpFilterProc", "boom");
    is_int(level, ISW_LOG_ERR, "isapi_log_exception logs at error level");
    ok(strstr(msg, "HttpFilterProc") && strstr(msg, "boom"), "naming the entry point and what()");
    return done();
}
