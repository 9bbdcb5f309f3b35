/* sysinfo.c: system, version, computer name, environment, command line
 * (sdk/runtime/sysinfo.c). */
#include "windows.h"
#include "tap.h"
#include <unistd.h>

int main(void)
{
    SYSTEM_INFO si;
    OSVERSIONINFOA vi;
    OSVERSIONINFOEXA vx;
    char buf[64], host[256];
    DWORD n, v;
    size_t hl;

    GetSystemInfo(&si);
    ok(si.dwNumberOfProcessors >= 1
       && si.dwNumberOfProcessors == (DWORD)sysconf(_SC_NPROCESSORS_ONLN),
       "dwNumberOfProcessors is the online CPU count");
    is_int(si.dwPageSize, sysconf(_SC_PAGESIZE), "dwPageSize");
    is_int(si.dwAllocationGranularity, 65536, "dwAllocationGranularity 64 KiB");
#if defined(__x86_64__)
    is_int(si.wProcessorArchitecture, PROCESSOR_ARCHITECTURE_AMD64, "PROCESSOR_ARCHITECTURE_AMD64");
#endif
    GetNativeSystemInfo(&si);
    ok(si.dwNumberOfProcessors >= 1, "GetNativeSystemInfo");

    memset(&vi, 0, sizeof(vi));
    vi.dwOSVersionInfoSize = sizeof(vi);
    ok(GetVersionExA(&vi), "GetVersionEx(OSVERSIONINFO)");
    ok(vi.dwMajorVersion == 6 && vi.dwMinorVersion == 1 && vi.dwBuildNumber == 7601,
       "6.1.7601: Windows Server 2008 R2 SP1");
    is_int(vi.dwPlatformId, VER_PLATFORM_WIN32_NT, "VER_PLATFORM_WIN32_NT");
    is_str(vi.szCSDVersion, "Service Pack 1", "szCSDVersion");
    memset(&vx, 0, sizeof(vx));
    vx.dwOSVersionInfoSize = sizeof(vx);
    ok(GetVersionExA((OSVERSIONINFOA *)&vx), "GetVersionEx(OSVERSIONINFOEX)");
    ok(vx.wProductType == VER_NT_SERVER && vx.wServicePackMajor == 1, "a server, SP1");
    vi.dwOSVersionInfoSize = 12;
    SetLastError(0);
    ok(!GetVersionExA(&vi), "a wrong dwOSVersionInfoSize is refused");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER");
    v = GetVersion();
    ok(LOBYTE(LOWORD(v)) == 6 && HIBYTE(LOWORD(v)) == 1 && HIWORD(v) == 7601, "GetVersion packs 6.1.7601");

    gethostname(host, sizeof(host));
    hl = strcspn(host, ".");
    if (hl > MAX_COMPUTERNAME_LENGTH) {
        hl = MAX_COMPUTERNAME_LENGTH;
    }
    n = sizeof(buf);
    ok(GetComputerNameA(buf, &n), "GetComputerName");
    is_int(n, hl, "*nSize: the length without the NUL");
    ok(strncasecmp(buf, host, hl) == 0 && buf[hl] == 0, "the host name's first label");
    n = 1;
    SetLastError(0);
    ok(!GetComputerNameA(buf, &n), "a 1-byte buffer is too small");
    is_int(GetLastError(), ERROR_BUFFER_OVERFLOW, "ERROR_BUFFER_OVERFLOW");
    is_int(n, hl + 1, "*nSize: the size needed, NUL included");

    ok(SetEnvironmentVariableA("ISW_TEST_VAR", "hello"), "SetEnvironmentVariable");
    memset(buf, 'x', sizeof(buf));
    is_int(GetEnvironmentVariableA("ISW_TEST_VAR", buf, sizeof(buf)), 5, "GetEnvironmentVariable: the length");
    is_str(buf, "hello", "and the value");
    is_int(GetEnvironmentVariableA("isw_test_var", buf, sizeof(buf)), 5, "names are case-insensitive");
    memset(buf, 'x', sizeof(buf));
    is_int(GetEnvironmentVariableA("ISW_TEST_VAR", buf, 5), 6, "a buffer too small: the size needed, NUL included");
    is_int(GetEnvironmentVariableA("ISW_TEST_VAR", NULL, 0), 6, "NULL, 0: the size needed");
    ok(buf[0] == 'x', "and the buffer is left alone");
    SetLastError(0);
    is_int(GetEnvironmentVariableA("ISW_NO_SUCH_VAR", buf, sizeof(buf)), 0, "an unknown variable: 0");
    is_int(GetLastError(), ERROR_ENVVAR_NOT_FOUND, "ERROR_ENVVAR_NOT_FOUND");
    ok(SetEnvironmentVariableA("isw_TEST_var", "again"), "setting it in another case");
    ok(getenv("ISW_TEST_VAR") && strcmp(getenv("ISW_TEST_VAR"), "again") == 0 && !getenv("isw_TEST_var"),
       "replaces the existing variable");
    SetLastError(0);
    ok(!SetEnvironmentVariableA("A=B", "x"), "a name with '=' is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");

    n = ExpandEnvironmentStringsA("<%ISW_TEST_VAR%> %ISW_NO_SUCH_VAR% 100%", buf, sizeof(buf));
    is_str(buf, "<again> %ISW_NO_SUCH_VAR% 100%", "ExpandEnvironmentStrings: known replaced, unknown kept");
    is_int(n, strlen(buf) + 1, "returns the length with the NUL");
    is_int(ExpandEnvironmentStringsA("%ISW_TEST_VAR%", buf, 3), 6, "too small: the size needed");
    ok(SetEnvironmentVariableA("ISW_TEST_VAR", NULL), "NULL value deletes");
    ok(getenv("ISW_TEST_VAR") == NULL, "it is gone");
    {
        char *block = GetEnvironmentStringsA();
        ok(block != NULL && strchr(block, '=') != NULL, "GetEnvironmentStrings: NAME=value strings");
        ok(FreeEnvironmentStringsA(block), "FreeEnvironmentStrings");
    }
    ok(strstr(GetCommandLineA(), "sysinfo.bin") != NULL, "GetCommandLine holds the program");
    ok(GetCommandLineA() == GetCommandLineA(), "and is the same string each time");
    return done();
}
