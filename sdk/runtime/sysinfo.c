/*
 * sysinfo.c: the system and the process: GetSystemInfo, GetVersion(Ex),
 * GetComputerName, the environment and the command line.
 */
#include "isw_sync.h"

#include <ctype.h>
#include <pthread.h>
#include <unistd.h>

extern char **environ;

/* ---- The machine ---- */

WINBASEAPI VOID WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    long page = sysconf(_SC_PAGESIZE);
    SYSTEM_INFO *si = lpSystemInfo;

    if (!si) {
        return;
    }
    memset(si, 0, sizeof(*si));
    if (n < 1) {
        n = 1;
    }
#if defined(__x86_64__)
    si->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    si->dwProcessorType = PROCESSOR_AMD_X8664;
    si->wProcessorLevel = 6;
#elif defined(__aarch64__)
    si->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_ARM64;
    si->dwProcessorType = PROCESSOR_ARM;
#elif defined(__i386__)
    si->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_INTEL;
    si->dwProcessorType = PROCESSOR_INTEL_PENTIUM;
    si->wProcessorLevel = 6;
#else
    si->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_UNKNOWN;
#endif
    si->dwPageSize = page > 0 ? (DWORD)page : 4096;
    si->lpMinimumApplicationAddress = (LPVOID)(uintptr_t)0x10000;
    si->lpMaximumApplicationAddress = (LPVOID)(uintptr_t)0x7FFFFFFEFFFFULL;
    si->dwNumberOfProcessors = (DWORD)n;
    si->dwActiveProcessorMask = n >= (long)(8 * sizeof(DWORD_PTR))
                                ? ~(DWORD_PTR)0
                                : ((DWORD_PTR)1 << n) - 1;
    si->dwAllocationGranularity = 65536;   /* VirtualAlloc's, as on Windows */
}

WINBASEAPI VOID WINAPI GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    GetSystemInfo(lpSystemInfo);
}

/* ---- The version ----
 * Windows Server 2008 R2 SP1 (6.1.7601), IIS 7.5: the last server that
 * told unmanifested programs its true version (later ones answer 6.2
 * without a manifest), and the one most filters still in use were last
 * deployed on.  A filter that checks for "at least Vista/2008" (6.0) or
 * refuses "newer than I know" gets the answer it was tested with. */
#define ISW_VER_MAJOR 6
#define ISW_VER_MINOR 1
#define ISW_VER_BUILD 7601

WINBASEAPI BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA lpVersionInformation)
{
    OSVERSIONINFOA *vi = lpVersionInformation;

    if (!vi) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (vi->dwOSVersionInfoSize != sizeof(OSVERSIONINFOA)
        && vi->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXA)) {
        return isw_fail(ERROR_INSUFFICIENT_BUFFER);
    }
    vi->dwMajorVersion = ISW_VER_MAJOR;
    vi->dwMinorVersion = ISW_VER_MINOR;
    vi->dwBuildNumber = ISW_VER_BUILD;
    vi->dwPlatformId = VER_PLATFORM_WIN32_NT;
    memset(vi->szCSDVersion, 0, sizeof(vi->szCSDVersion));
    strcpy(vi->szCSDVersion, "Service Pack 1");
    if (vi->dwOSVersionInfoSize == sizeof(OSVERSIONINFOEXA)) {
        OSVERSIONINFOEXA *ex = (OSVERSIONINFOEXA *)vi;

        ex->wServicePackMajor = 1;
        ex->wServicePackMinor = 0;
        ex->wSuiteMask = 0;
        ex->wProductType = VER_NT_SERVER;
        ex->wReserved = 0;
    }
    return TRUE;
}

/* Major in the low byte, minor in the next, the build in the high word
 * (its top bit clear: an NT system). */
WINBASEAPI DWORD WINAPI GetVersion(void)
{
    return (DWORD)ISW_VER_MAJOR | (DWORD)ISW_VER_MINOR << 8
           | (DWORD)ISW_VER_BUILD << 16;
}

/* The NetBIOS name Windows returns: the host name up to its first dot,
 * in capitals, at most MAX_COMPUTERNAME_LENGTH characters. */
WINBASEAPI BOOL WINAPI GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize)
{
    char host[256];
    size_t n, i;

    if (!nSize) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (gethostname(host, sizeof(host)) != 0) {
        return isw_fail_errno();
    }
    host[sizeof(host) - 1] = '\0';
    n = strcspn(host, ".");
    if (n > MAX_COMPUTERNAME_LENGTH) {
        n = MAX_COMPUTERNAME_LENGTH;
    }
    if (!lpBuffer || *nSize < n + 1) {
        *nSize = (DWORD)(n + 1);
        return isw_fail(ERROR_BUFFER_OVERFLOW);
    }
    for (i = 0; i < n; i++) {
        lpBuffer[i] = (char)toupper((unsigned char)host[i]);
    }
    lpBuffer[n] = '\0';
    *nSize = (DWORD)n;
    return TRUE;
}

/* ---- The environment ----
 * Windows names are case-insensitive ("Path" finds PATH).  The lock
 * orders the runtime's own reads and writes; getenv/setenv elsewhere in
 * the process are as unsafe against each other as ever. */

static pthread_mutex_t env_lock = PTHREAD_MUTEX_INITIALIZER;

/* The entry "NAME=value" for name, exact case first; env_lock held. */
static const char *env_find(const char *name)
{
    size_t n = strlen(name);
    const char *found = NULL;
    char **e;

    for (e = environ; e && *e; e++) {
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') {
            return *e;
        }
        if (!found && strncasecmp(*e, name, n) == 0 && (*e)[n] == '=') {
            found = *e;
        }
    }
    return found;
}

WINBASEAPI DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer,
                                                DWORD nSize)
{
    const char *e;
    size_t len, n;

    if (!lpName || !*lpName || strchr(lpName, '=')) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    pthread_mutex_lock(&env_lock);
    if (!(e = env_find(lpName))) {
        pthread_mutex_unlock(&env_lock);
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    e += strlen(lpName) + 1;
    len = strlen(e);
    if (!lpBuffer || nSize <= len) {
        /* Too small: the size needed, its NUL included. */
        pthread_mutex_unlock(&env_lock);
        return (DWORD)(len + 1);
    }
    n = len;
    memcpy(lpBuffer, e, n + 1);
    pthread_mutex_unlock(&env_lock);
    if (n == 0) {
        /* An empty value: 0, told from "not found" by the error. */
        SetLastError(ERROR_SUCCESS);
    }
    return (DWORD)n;
}

WINBASEAPI BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue)
{
    const char *e;
    char *old = NULL;
    int rc;

    if (!lpName || !*lpName || strchr(lpName, '=')) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    pthread_mutex_lock(&env_lock);
    /* The variable keeps the spelling it has: replace "Path" in PATH. */
    if ((e = env_find(lpName))) {
        old = strndup(e, strcspn(e, "="));
    }
    if (!lpValue) {
        rc = old ? unsetenv(old) : 0;
    }
    else {
        rc = setenv(old ? old : lpName, lpValue, 1);
    }
    pthread_mutex_unlock(&env_lock);
    free(old);
    return rc == 0 ? TRUE : isw_fail_errno();
}

/* Appends n bytes of s to out[*len] while they fit in size; counts them
 * all in *len. */
static void put(char *out, DWORD size, size_t *len, const char *s, size_t n)
{
    if (out && *len < size) {
        size_t room = size - *len;

        memcpy(out + *len, s, n < room ? n : room);
    }
    *len += n;
}

/* %NAME% is replaced by the variable's value; an unknown variable, or a
 * lone %, stays as written.  Returns the size needed, NUL included. */
WINBASEAPI DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR lpSrc, LPSTR lpDst,
                                                  DWORD nSize)
{
    const char *p, *end, *e;
    char name[512];
    size_t len = 0, n;

    if (!lpSrc) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    pthread_mutex_lock(&env_lock);
    for (p = lpSrc; *p;) {
        if (*p == '%' && (end = strchr(p + 1, '%')) && end > p + 1
            && (n = (size_t)(end - p - 1)) < sizeof(name)) {
            memcpy(name, p + 1, n);
            name[n] = '\0';
            if (!strchr(name, '=') && (e = env_find(name))) {
                e += n + 1;
                put(lpDst, nSize, &len, e, strlen(e));
                p = end + 1;
                continue;
            }
            /* Unknown: copy "%NAME" and go on from the second %, which
             * may open the next reference. */
            put(lpDst, nSize, &len, p, n + 1);
            p = end;
            continue;
        }
        put(lpDst, nSize, &len, p, 1);
        p++;
    }
    pthread_mutex_unlock(&env_lock);
    put(lpDst, nSize, &len, "", 1);
    if (lpDst && len > nSize && nSize) {
        /* Too small: nothing usable is left in the buffer. */
        lpDst[0] = '\0';
    }
    return (DWORD)len;
}

/* "A=1\0B=2\0\0", freed with FreeEnvironmentStringsA. */
WINBASEAPI LPSTR WINAPI GetEnvironmentStringsA(void)
{
    size_t len = 1, n;
    char **e, *block, *p;

    pthread_mutex_lock(&env_lock);
    for (e = environ; e && *e; e++) {
        len += strlen(*e) + 1;
    }
    if ((block = malloc(len + 1))) {
        p = block;
        for (e = environ; e && *e; e++) {
            n = strlen(*e) + 1;
            memcpy(p, *e, n);
            p += n;
        }
        *p++ = '\0';
        *p = '\0';
    }
    pthread_mutex_unlock(&env_lock);
    if (!block) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    }
    return block;
}

WINBASEAPI BOOL WINAPI FreeEnvironmentStringsA(LPSTR penv)
{
    free(penv);
    return TRUE;
}

/* ---- The command line: the process's arguments, quoted the way
 * CommandLineToArgv reads them back.  Built once; it never changes. */

static char *cmdline;
static pthread_once_t cmdline_once = PTHREAD_ONCE_INIT;

static void cmdline_build(void)
{
    FILE *f = fopen("/proc/self/cmdline", "r");
    char *args = NULL, *out, *p, *a;
    size_t cap = 0, n = 0;
    int c, first = 1;

    if (f) {
        while ((c = getc(f)) != EOF) {
            if (n + 1 >= cap) {
                char *more = realloc(args, cap = cap ? cap * 2 : 256);

                if (!more) {
                    break;
                }
                args = more;
            }
            args[n++] = (char)c;
        }
        fclose(f);
    }
    if (args) {
        args[n] = '\0';       /* room was kept; the last may be cut off */
    }
    /* At worst every byte is quoted and escaped. */
    if (!(out = malloc(n * 2 + 3 * (n + 1) + 1))) {
        free(args);
        cmdline = (char *)"";
        return;
    }
    p = out;
    for (a = args; a && a < args + n; a += strlen(a) + 1) {
        int quote = !*a || strpbrk(a, " \t\"") != NULL;
        const char *s;

        if (!first) {
            *p++ = ' ';
        }
        first = 0;
        if (quote) {
            *p++ = '"';
        }
        for (s = a; *s; s++) {
            if (*s == '"') {
                *p++ = '\\';
            }
            *p++ = *s;
        }
        if (quote) {
            *p++ = '"';
        }
    }
    *p = '\0';
    free(args);
    cmdline = out;
}

WINBASEAPI LPSTR WINAPI GetCommandLineA(void)
{
    pthread_once(&cmdline_once, cmdline_build);
    return cmdline;
}
