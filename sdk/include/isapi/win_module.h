/**
 * @file isapi/win_module.h
 * @brief Modules: DllMain's reasons, GetModuleFileName, GetModuleHandle,
 *        LoadLibrary, GetProcAddress, FreeLibrary.
 *
 * An HMODULE is the address the shared object is loaded at (dladdr's
 * dli_fbase), which is also the hinstDLL a filter's DllMain receives.
 * Module names are Windows names: "helper.dll" finds helper.so (or
 * libhelper.so), case-insensitively, first beside the filter that asks.
 * The Windows system DLLs (kernel32.dll, advapi32.dll, ...) are the SDK
 * runtime itself, so GetProcAddress(GetModuleHandle("kernel32.dll"), f)
 * finds what the SDK implements, and NULL for the rest.  DLL_THREAD_ATTACH
 * and DLL_THREAD_DETACH are never sent (as after DisableThreadLibraryCalls).
 */
#ifndef ISAPI_WIN_MODULE_H
#define ISAPI_WIN_MODULE_H

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DLL_PROCESS_DETACH  0
#define DLL_PROCESS_ATTACH  1
#define DLL_THREAD_ATTACH   2
#define DLL_THREAD_DETACH   3

#define GET_MODULE_HANDLE_EX_FLAG_PIN                 0x00000001
#define GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT  0x00000002
#define GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS        0x00000004

#define DONT_RESOLVE_DLL_REFERENCES         0x00000001
#define LOAD_LIBRARY_AS_DATAFILE            0x00000002
#define LOAD_WITH_ALTERED_SEARCH_PATH       0x00000008
#define LOAD_IGNORE_CODE_AUTHZ_LEVEL        0x00000010
#define LOAD_LIBRARY_AS_IMAGE_RESOURCE      0x00000020
#define LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE  0x00000040
#define LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR    0x00000100
#define LOAD_LIBRARY_SEARCH_APPLICATION_DIR 0x00000200
#define LOAD_LIBRARY_SEARCH_USER_DIRS       0x00000400
#define LOAD_LIBRARY_SEARCH_SYSTEM32        0x00000800
#define LOAD_LIBRARY_SEARCH_DEFAULT_DIRS    0x00001000

WINBASEAPI DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename,
                                           DWORD nSize);
WINBASEAPI HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName);
WINBASEAPI BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName,
                                          HMODULE *phModule);
WINBASEAPI HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName);
WINBASEAPI HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile,
                                         DWORD dwFlags);
WINBASEAPI FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName);
WINBASEAPI BOOL WINAPI FreeLibrary(HMODULE hLibModule);
WINBASEAPI BOOL WINAPI DisableThreadLibraryCalls(HMODULE hLibModule);

#define GetModuleFileName   GetModuleFileNameA
#define GetModuleHandle     GetModuleHandleA
#define GetModuleHandleEx   GetModuleHandleExA
#define LoadLibrary         LoadLibraryA
#define LoadLibraryEx       LoadLibraryExA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_MODULE_H */
