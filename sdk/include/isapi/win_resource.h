/**
 * @file isapi/win_resource.h
 * @brief A filter's own resources: its .rc file's STRINGTABLE and
 *        VERSIONINFO (sdk/runtime/resource.c).
 *
 * There is no resource section in a shared object.  isapi-cc reads the
 * .rc file and compiles its strings and version information into C
 * tables, with a constructor that hands them to
 * isapi_resources_register(); the runtime learns which module they belong
 * to from the tables' own address.  LoadString, FindResource/LoadResource
 * (RT_STRING), GetFileVersionInfo and VerQueryValue then read them as on
 * Windows.  Other resource types (dialogs, icons, ...) are not compiled.
 * isapi_log_exception is the other piece of glue isapi-cc generates.
 */
#ifndef ISAPI_WIN_RESOURCE_H
#define ISAPI_WIN_RESOURCE_H

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- What isapi-cc generates (a filter never writes these itself) ---- */

#define ISAPI_RESOURCES_ABI 1

typedef struct { UINT id; const char *text; } ISAPI_RES_STRING;
typedef struct { const char *name; const char *value; } ISAPI_RES_VALUE;
/** One BLOCK "040904b0" of StringFileInfo. */
typedef struct {
    const char *lang_cp;
    const ISAPI_RES_VALUE *values;
    UINT nvalues;
} ISAPI_RES_STRINGBLOCK;

typedef struct {
    DWORD abi;                            /* ISAPI_RESOURCES_ABI */
    const ISAPI_RES_STRING *strings;      /* sorted by id */
    UINT nstrings;
    BOOL has_version;                     /* a VERSIONINFO block was there */
    DWORD file_ms, file_ls, product_ms, product_ls;
    DWORD flags_mask, flags, os, type, subtype;
    const ISAPI_RES_STRINGBLOCK *blocks;  /* StringFileInfo */
    UINT nblocks;
    const WORD *translations;             /* VarFileInfo: language, codepage pairs */
    UINT ntranslations;                   /* WORDs, not pairs */
} ISAPI_RESOURCES;

/** Registers the resources of the module that holds `res` (found with
 * dladdr on its address); called by the constructor isapi-cc generates.
 * FALSE when `res` is not inside a loaded module or of another ABI. */
WINBASEAPI BOOL WINAPI isapi_resources_register(const ISAPI_RESOURCES *res);
/** Forgets them again (the generated destructor, at unload). */
WINBASEAPI VOID WINAPI isapi_resources_unregister(const ISAPI_RESOURCES *res);

/** Logs, at error level and naming the filter that holds `caller`, that
 * a C++ exception escaped `entry` (what() in `what`, or NULL for one
 * that is not a std::exception).  The C++ shim isapi-cc links around a
 * C++ filter's entry points calls it before it returns the failure. */
WINBASEAPI VOID WINAPI isapi_log_exception(const void *caller,
                                           const char *entry,
                                           const char *what);

/* ---- Win32 ---- */

#define MAKEINTRESOURCEA(i) ((LPSTR)(ULONG_PTR)(WORD)(i))
#define MAKEINTRESOURCE     MAKEINTRESOURCEA
#define IS_INTRESOURCE(r)   ((((ULONG_PTR)(r)) >> 16) == 0)
#define RT_STRING           MAKEINTRESOURCEA(6)
#define RT_VERSION          MAKEINTRESOURCEA(16)

#include "isapi/win_verdefs.h"

typedef struct tagVS_FIXEDFILEINFO {
    DWORD dwSignature;
    DWORD dwStrucVersion;
    DWORD dwFileVersionMS;
    DWORD dwFileVersionLS;
    DWORD dwProductVersionMS;
    DWORD dwProductVersionLS;
    DWORD dwFileFlagsMask;
    DWORD dwFileFlags;
    DWORD dwFileOS;
    DWORD dwFileType;
    DWORD dwFileSubtype;
    DWORD dwFileDateMS;
    DWORD dwFileDateLS;
} VS_FIXEDFILEINFO;

WINUSERAPI int WINAPI LoadStringA(HINSTANCE hInstance, UINT uID,
                                  LPSTR lpBuffer, int cchBufferMax);
WINBASEAPI HRSRC WINAPI FindResourceA(HMODULE hModule, LPCSTR lpName,
                                      LPCSTR lpType);
WINBASEAPI HGLOBAL WINAPI LoadResource(HMODULE hModule, HRSRC hResInfo);
WINBASEAPI LPVOID WINAPI LockResource(HGLOBAL hResData);
WINBASEAPI DWORD WINAPI SizeofResource(HMODULE hModule, HRSRC hResInfo);
WINBASEAPI BOOL WINAPI FreeResource(HGLOBAL hResData);

WINBASEAPI DWORD WINAPI GetFileVersionInfoSizeA(LPCSTR lptstrFilename,
                                                LPDWORD lpdwHandle);
WINBASEAPI BOOL WINAPI GetFileVersionInfoA(LPCSTR lptstrFilename,
                                           DWORD dwHandle, DWORD dwLen,
                                           LPVOID lpData);
WINBASEAPI BOOL WINAPI VerQueryValueA(LPCVOID pBlock, LPCSTR lpSubBlock,
                                      LPVOID *lplpBuffer, PUINT puLen);

#define LoadString              LoadStringA
#define FindResource            FindResourceA
#define GetFileVersionInfoSize  GetFileVersionInfoSizeA
#define GetFileVersionInfo      GetFileVersionInfoA
#define VerQueryValue           VerQueryValueA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_RESOURCE_H */
