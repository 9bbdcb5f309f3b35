/*
 * localmem.c: Local* and Global* memory, one implementation.
 *
 * Every block is fixed and is a plain malloc() block: the HLOCAL of a
 * block is its address, LocalLock returns it, and LocalFree is free().
 * FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER) mallocs its buffer, so
 * the LocalFree a filter calls on it is right.  LMEM_MOVEABLE is granted
 * a fixed block (Windows lets a moveable block be locked at an address;
 * here it never moves while unlocked either), so the lock count is always
 * 0.  LocalSize is what malloc_usable_size says: at least the size asked.
 */
#include "isw.h"

#include <malloc.h>

WINBASEAPI HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    void *p;

    if (uFlags & ~(UINT)(LMEM_VALID_FLAGS | GMEM_SHARE | GMEM_NOT_BANKED)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    p = (uFlags & LMEM_ZEROINIT) ? calloc(1, uBytes ? uBytes : 1)
                                 : malloc(uBytes ? uBytes : 1);
    if (!p) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    }
    return p;
}

WINBASEAPI HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
{
    size_t old;
    void *p;

    if (!hMem) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (uFlags & LMEM_MODIFY) {
        return hMem;            /* attributes only: there are none to change */
    }
    old = malloc_usable_size(hMem);
    if (uBytes > old && !(uFlags & LMEM_MOVEABLE)) {
        /* A fixed block without LMEM_MOVEABLE may grow only in place. */
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    p = realloc(hMem, uBytes ? uBytes : 1);
    if (!p) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if ((uFlags & LMEM_ZEROINIT) && uBytes > old) {
        memset((char *)p + old, 0, uBytes - old);
    }
    return p;
}

WINBASEAPI HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
    free(hMem);
    return NULL;
}

WINBASEAPI SIZE_T WINAPI LocalSize(HLOCAL hMem)
{
    if (!hMem) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    return malloc_usable_size(hMem);
}

WINBASEAPI LPVOID WINAPI LocalLock(HLOCAL hMem)
{
    if (!hMem) {
        SetLastError(ERROR_INVALID_HANDLE);
    }
    return hMem;
}

/* Fixed blocks have no lock count: "unlocked", with NO_ERROR. */
WINBASEAPI BOOL WINAPI LocalUnlock(HLOCAL hMem)
{
    (void)hMem;
    SetLastError(NO_ERROR);
    return FALSE;
}

WINBASEAPI HLOCAL WINAPI LocalHandle(LPCVOID pMem)
{
    return (HLOCAL)pMem;
}

WINBASEAPI UINT WINAPI LocalFlags(HLOCAL hMem)
{
    return hMem ? 0 : LMEM_INVALID_HANDLE;
}

WINBASEAPI HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
    return LocalAlloc(uFlags, dwBytes);
}

WINBASEAPI HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags)
{
    return LocalReAlloc(hMem, dwBytes, uFlags);
}

WINBASEAPI HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
{
    return LocalFree(hMem);
}

WINBASEAPI SIZE_T WINAPI GlobalSize(HGLOBAL hMem)
{
    return LocalSize(hMem);
}

WINBASEAPI LPVOID WINAPI GlobalLock(HGLOBAL hMem)
{
    return LocalLock(hMem);
}

WINBASEAPI BOOL WINAPI GlobalUnlock(HGLOBAL hMem)
{
    return LocalUnlock(hMem);
}

WINBASEAPI HGLOBAL WINAPI GlobalHandle(LPCVOID pMem)
{
    return LocalHandle(pMem);
}

WINBASEAPI UINT WINAPI GlobalFlags(HGLOBAL hMem)
{
    return LocalFlags(hMem);
}
