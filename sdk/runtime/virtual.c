/*
 * virtual.c: VirtualAlloc/VirtualFree/VirtualProtect on mmap.
 *
 * Windows releases a region by its base alone (VirtualFree with size 0),
 * so the regions reserved here are listed with their sizes.  Reserved
 * pages are PROT_NONE mappings; committing gives them the protection
 * asked for, decommitting gives their memory back and makes them
 * PROT_NONE again.  Addresses and sizes are rounded to pages, not to the
 * 64 KiB allocation granularity of Windows.
 */
#include "isw.h"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct region region;
struct region {
    region *next;
    char *base;
    size_t size;
    DWORD protect;            /* as committed (or last VirtualProtect) */
};

static pthread_mutex_t regions_lock = PTHREAD_MUTEX_INITIALIZER;
static region *regions;

/* The region holding [p, p+n), or NULL.  Caller holds regions_lock. */
static region *region_of(const char *p, size_t n)
{
    for (region *r = regions; r; r = r->next) {
        if (p >= r->base && p + n <= r->base + r->size) {
            return r;
        }
    }
    return NULL;
}

/* PROT_* for PAGE_*; -1 for none Linux has. */
static int prot_of(DWORD protect)
{
    switch (protect & 0xFF) {
    case PAGE_NOACCESS:          return PROT_NONE;
    case PAGE_READONLY:          return PROT_READ;
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:         return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:           return PROT_EXEC;
    case PAGE_EXECUTE_READ:      return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY: return PROT_READ | PROT_WRITE | PROT_EXEC;
    default:                     return -1;
    }
}

WINBASEAPI LPVOID WINAPI VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize,
                                      DWORD flAllocationType, DWORD flProtect)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    int prot = prot_of(flProtect);
    char *p, *start;
    size_t len;
    region *r;

    if (!dwSize || prot < 0
        || !(flAllocationType & (MEM_COMMIT | MEM_RESERVE | MEM_RESET))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(flAllocationType & MEM_RESERVE) && lpAddress) {
        /* Commit (or reset) pages of a region reserved before. */
        start = (char *)((uintptr_t)lpAddress & ~(uintptr_t)(page - 1));
        len = ((char *)lpAddress + dwSize - start + page - 1) & ~(page - 1);
        pthread_mutex_lock(&regions_lock);
        r = region_of(start, len);
        if (r && (flAllocationType & MEM_COMMIT)) {
            r->protect = flProtect;
        }
        pthread_mutex_unlock(&regions_lock);
        if (!r) {
            SetLastError(ERROR_INVALID_ADDRESS);
            return NULL;
        }
        if (flAllocationType & MEM_RESET) {
            madvise(start, len, MADV_DONTNEED);
            return lpAddress;
        }
        if (mprotect(start, len, prot) != 0) {
            isw_fail_errno();
            return NULL;
        }
        return start;
    }
    if (!(flAllocationType & MEM_RESERVE)) {
        SetLastError(ERROR_INVALID_ADDRESS);
        return NULL;
    }
    len = (dwSize + page - 1) & ~(page - 1);
    if (!(r = malloc(sizeof(*r)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    p = mmap(lpAddress, len, (flAllocationType & MEM_COMMIT) ? prot : PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
             | (lpAddress ? MAP_FIXED_NOREPLACE : 0), -1, 0);
    if (p == MAP_FAILED) {
        free(r);
        SetLastError(lpAddress ? ERROR_INVALID_ADDRESS : ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    r->base = p;
    r->size = len;
    r->protect = (flAllocationType & MEM_COMMIT) ? flProtect : PAGE_NOACCESS;
    pthread_mutex_lock(&regions_lock);
    r->next = regions;
    regions = r;
    pthread_mutex_unlock(&regions_lock);
    return p;
}

WINBASEAPI BOOL WINAPI VirtualFree(LPVOID lpAddress, SIZE_T dwSize,
                                   DWORD dwFreeType)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    region **pr, *r = NULL;

    if (!lpAddress || (dwFreeType != MEM_RELEASE && dwFreeType != MEM_DECOMMIT)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    pthread_mutex_lock(&regions_lock);
    if (dwFreeType == MEM_RELEASE) {
        /* The whole region, named by its base, with size 0. */
        for (pr = &regions; *pr; pr = &(*pr)->next) {
            if ((*pr)->base == lpAddress) {
                r = *pr;
                break;
            }
        }
        if (!r || dwSize) {
            pthread_mutex_unlock(&regions_lock);
            return isw_fail(ERROR_INVALID_PARAMETER);
        }
        *pr = r->next;
        pthread_mutex_unlock(&regions_lock);
        munmap(r->base, r->size);
        free(r);
        return TRUE;
    }
    else {
        char *start = (char *)((uintptr_t)lpAddress & ~(uintptr_t)(page - 1));
        size_t len;

        r = region_of(start, 1);
        if (!r) {
            pthread_mutex_unlock(&regions_lock);
            return isw_fail(ERROR_INVALID_ADDRESS);
        }
        /* Size 0 decommits from the address to the region's end. */
        len = dwSize ? (((char *)lpAddress + dwSize - start + page - 1) & ~(page - 1))
                     : (size_t)(r->base + r->size - start);
        if (start + len > r->base + r->size) {
            pthread_mutex_unlock(&regions_lock);
            return isw_fail(ERROR_INVALID_PARAMETER);
        }
        pthread_mutex_unlock(&regions_lock);
        madvise(start, len, MADV_DONTNEED);
        return mprotect(start, len, PROT_NONE) == 0 ? TRUE : isw_fail_errno();
    }
}

WINBASEAPI BOOL WINAPI VirtualProtect(LPVOID lpAddress, SIZE_T dwSize,
                                      DWORD flNewProtect, PDWORD lpflOldProtect)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    int prot = prot_of(flNewProtect);
    char *start = (char *)((uintptr_t)lpAddress & ~(uintptr_t)(page - 1));
    size_t len;
    region *r;
    DWORD old = PAGE_EXECUTE_READWRITE;

    if (!lpflOldProtect || prot < 0 || !dwSize) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    len = ((char *)lpAddress + dwSize - start + page - 1) & ~(page - 1);
    /* Memory not from VirtualAlloc (a filter making its own code or data
     * writable) is changed too; its old protection is not known. */
    pthread_mutex_lock(&regions_lock);
    if ((r = region_of(start, len)) != NULL) {
        old = r->protect;
        r->protect = flNewProtect;
    }
    pthread_mutex_unlock(&regions_lock);
    if (mprotect(start, len, prot) != 0) {
        return isw_fail(errno == ENOMEM ? ERROR_INVALID_ADDRESS
                                        : isw_error_from_errno(errno));
    }
    *lpflOldProtect = old;
    return TRUE;
}
