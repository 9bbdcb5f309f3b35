/* DllRefuse.c : a filter whose DllMain refuses to load, as a DLL does
 * when its start-up checks fail, and says when it hears DETACH. */
#include <windows.h>
#include <httpfilt.h>

BOOL APIENTRY DllMain(HMODULE hModule, DWORD ul_reason_for_call,
                      LPVOID lpReserved)
{
    UNREFERENCED_PARAMETER(hModule);
    if (ul_reason_for_call == DLL_PROCESS_ATTACH)
    {
        SetLastError(ERROR_DLL_INIT_FAILED);
        return FALSE;
    }
    if (ul_reason_for_call == DLL_PROCESS_DETACH)
    {
        /* LoadLibrary sends DETACH at once after a FALSE, so that what
         * ATTACH set up before it failed can be undone. */
        OutputDebugString(lpReserved == NULL
                          ? "DllRefuse: DLL_PROCESS_DETACH (FreeLibrary)\n"
                          : "DllRefuse: DLL_PROCESS_DETACH (process end)\n");
    }
    return TRUE;
}

__declspec(dllexport) BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

__declspec(dllexport) DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc,
                                                  DWORD dwType, LPVOID pv)
{
    UNREFERENCED_PARAMETER(pfc);
    UNREFERENCED_PARAMETER(dwType);
    UNREFERENCED_PARAMETER(pv);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
