/* GenLife.c : records its own lifetime, per process and per configuration
 * generation, for t/ops/graceful.t.
 *
 * The generation is the name of the folder the DLL was loaded from
 * (GetModuleFileName), so the test copies one GenLife.dll into a folder
 * per generation.  Each of DllMain(DLL_PROCESS_ATTACH), GetFilterVersion,
 * TerminateFilter and DllMain(DLL_PROCESS_DETACH) appends one line
 *
 *   PID EVENT GENERATION          EVENT: ATTACH GFV TF DETACH
 *
 * to the file named by the environment variable GENLIFE_LOG (nothing
 * without it), and every response gets "X-Gen: GENERATION PID", the
 * process that served it. */
#include <windows.h>
#include <httpfilt.h>
#include <stdio.h>
#include <string.h>

static char gen[MAX_PATH] = "?";

static void Record(const char *event)
{
    char path[MAX_PATH];
    DWORD n = GetEnvironmentVariable("GENLIFE_LOG", path, sizeof(path));
    FILE *fp;

    if (n == 0 || n >= sizeof(path))
        return;
    /* One short fprintf, flushed by fclose: one write(2) with O_APPEND,
     * whole among the lines of other processes. */
    fp = fopen(path, "a");
    if (fp == NULL)
        return;
    fprintf(fp, "%lu %s %s\n", (unsigned long)GetCurrentProcessId(), event,
            gen);
    fclose(fp);
}

/* The last folder of the DLL's path, Windows or Unix separators. */
static void FindGeneration(HMODULE hModule)
{
    char path[MAX_PATH];
    char *end, *start;

    if (!GetModuleFileName(hModule, path, sizeof(path)))
        return;
    end = strrchr(path, '\\');
    if (strrchr(path, '/') > end)
        end = strrchr(path, '/');
    if (end == NULL)
        return;
    *end = '\0';
    start = end;
    while (start > path && start[-1] != '\\' && start[-1] != '/')
        start--;
    lstrcpyn(gen, start, sizeof(gen));
}

BOOL APIENTRY DllMain(HMODULE hModule, DWORD ul_reason_for_call,
                      LPVOID lpReserved)
{
    UNREFERENCED_PARAMETER(lpReserved);
    if (ul_reason_for_call == DLL_PROCESS_ATTACH)
    {
        FindGeneration(hModule);
        Record("ATTACH");
    }
    else if (ul_reason_for_call == DLL_PROCESS_DETACH)
        Record("DETACH");
    return TRUE;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    Record("GFV");
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpyn(pVer->lpszFilterDesc, "GenLife: lifetime per generation",
             SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_NONSECURE_PORT |
                    SF_NOTIFY_SECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD dwType,
                            LPVOID pvNotification)
{
    char hdr[MAX_PATH + 40];

    UNREFERENCED_PARAMETER(pvNotification);
    if (dwType == SF_NOTIFY_PREPROC_HEADERS)
    {
        wsprintf(hdr, "X-Gen: %s %lu\r\n", gen,
                 (unsigned long)GetCurrentProcessId());
        pfc->AddResponseHeaders(pfc, hdr, 0);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    UNREFERENCED_PARAMETER(dwFlags);
    Record("TF");
    return TRUE;
}
