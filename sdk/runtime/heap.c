/*
 * heap.c: Heap* (the process heap and private heaps).
 *
 * A block is a malloc() block with a header that records its heap and the
 * size asked for (HeapSize returns that, as Windows does).  The blocks of
 * a private heap (HeapCreate, kind ISW_HEAP) are linked to it, so that
 * HeapDestroy frees what the filter left; process heap blocks are not
 * linked and cost no lock.  A magic number in the header turns a pointer
 * that did not come from HeapAlloc into ERROR_INVALID_PARAMETER in most
 * cases instead of heap corruption.
 */
#include "isw.h"

#include <malloc.h>
#include <pthread.h>

#define BLOCK_MAGIC 0x48656170u     /* "Heap" */

typedef struct heap_block heap_block;
typedef struct isw_heap isw_heap;

struct isw_heap {
    isw_obj base;
    pthread_mutex_t lock;
    heap_block *blocks;       /* private heaps only */
    size_t used, max;         /* max 0: growable */
    int process;
};

/* 48 bytes: keeps the 16-byte alignment malloc gives. */
struct heap_block {
    uint32_t magic;
    uint32_t pad;
    isw_heap *heap;
    heap_block *prev, *next;
    size_t size;
    size_t pad2;
};

static void heap_destroy(isw_obj *o)
{
    isw_heap *h = (isw_heap *)o;

    while (h->blocks) {
        heap_block *b = h->blocks;

        h->blocks = b->next;
        b->magic = 0;
        free(b);
    }
    pthread_mutex_destroy(&h->lock);
    free(h);
}

static pthread_once_t process_once = PTHREAD_ONCE_INIT;
static HANDLE process_heap;
static isw_heap *process_heap_obj;

static void process_heap_init(void)
{
    isw_heap *h = calloc(1, sizeof(*h));

    if (!h) {
        return;
    }
    h->base.kind = ISW_HEAP;
    h->base.destroy = heap_destroy;
    h->process = 1;
    pthread_mutex_init(&h->lock, NULL);
    process_heap_obj = h;
    process_heap = isw_handle_new(&h->base);
}

WINBASEAPI HANDLE WINAPI GetProcessHeap(void)
{
    pthread_once(&process_once, process_heap_init);
    return process_heap;
}

WINBASEAPI HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize,
                                    SIZE_T dwMaximumSize)
{
    isw_heap *h = isw_obj_new(sizeof(*h), ISW_HEAP, heap_destroy);

    (void)flOptions;
    if (!h) {
        return NULL;
    }
    if (dwMaximumSize && dwInitialSize > dwMaximumSize) {
        free(h);
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    h->max = dwMaximumSize;
    pthread_mutex_init(&h->lock, NULL);
    return isw_handle_new(&h->base);
}

WINBASEAPI BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
    GetProcessHeap();
    if (hHeap && hHeap == process_heap) {
        return isw_fail(ERROR_INVALID_HANDLE);
    }
    return isw_handle_close(hHeap, ISW_HEAP);
}

/* The heap hHeap names, with a reference (dropped by heap_put); the
 * process heap without a table lookup. */
static isw_heap *heap_get(HANDLE hHeap)
{
    GetProcessHeap();
    if (hHeap && hHeap == process_heap) {
        return process_heap_obj;
    }
    return (isw_heap *)isw_handle_get(hHeap, ISW_HEAP);
}

static void heap_put(isw_heap *h)
{
    if (h && !h->process) {
        isw_obj_put(&h->base);
    }
}

/* A private heap's lock guards its block list and count; the process
 * heap has neither and takes no lock. */
static void heap_lock(isw_heap *h)
{
    if (!h->process) {
        pthread_mutex_lock(&h->lock);
    }
}

static void heap_unlock(isw_heap *h)
{
    if (!h->process) {
        pthread_mutex_unlock(&h->lock);
    }
}

/* The header of a block of h, or NULL. */
static heap_block *block_of(isw_heap *h, LPCVOID p)
{
    heap_block *b;

    if (!p || ((uintptr_t)p & 15)) {
        return NULL;
    }
    b = (heap_block *)p - 1;
    return b->magic == BLOCK_MAGIC && b->heap == h ? b : NULL;
}

static void link_block(isw_heap *h, heap_block *b)
{
    b->prev = NULL;
    b->next = h->blocks;
    if (h->blocks) {
        h->blocks->prev = b;
    }
    h->blocks = b;
}

static void unlink_block(isw_heap *h, heap_block *b)
{
    if (b->prev) {
        b->prev->next = b->next;
    }
    else {
        h->blocks = b->next;
    }
    if (b->next) {
        b->next->prev = b->prev;
    }
}

WINBASEAPI LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    isw_heap *h = heap_get(hHeap);
    heap_block *b = NULL;

    if (!h) {
        return NULL;
    }
    if (dwBytes <= SIZE_MAX - sizeof(*b)) {
        if (!h->process) {
            pthread_mutex_lock(&h->lock);
            if (!h->max || h->used + dwBytes <= h->max) {
                b = (dwFlags & HEAP_ZERO_MEMORY) ? calloc(1, sizeof(*b) + dwBytes)
                                                 : malloc(sizeof(*b) + dwBytes);
            }
            if (b) {
                link_block(h, b);
                h->used += dwBytes;
            }
            pthread_mutex_unlock(&h->lock);
        }
        else {
            b = (dwFlags & HEAP_ZERO_MEMORY) ? calloc(1, sizeof(*b) + dwBytes)
                                             : malloc(sizeof(*b) + dwBytes);
        }
    }
    if (!b) {
        heap_put(h);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    b->magic = BLOCK_MAGIC;
    b->heap = h;
    b->size = dwBytes;
    heap_put(h);
    return b + 1;
}

WINBASEAPI LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem,
                                     SIZE_T dwBytes)
{
    isw_heap *h = heap_get(hHeap);
    heap_block *b, *nb = NULL;
    size_t old, room;
    void *r = NULL;

    if (!h) {
        return NULL;
    }
    heap_lock(h);
    if (!(b = block_of(h, lpMem))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        goto out;
    }
    old = b->size;
    room = malloc_usable_size(b) - sizeof(*b);
    if (h->max && dwBytes > old && h->used + (dwBytes - old) > h->max) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto out;
    }
    if (dwBytes <= room) {
        nb = b;                 /* it fits where it is */
    }
    else if (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto out;
    }
    else if (dwBytes <= SIZE_MAX - sizeof(*b)) {
        if (!h->process) {
            unlink_block(h, b);
        }
        nb = realloc(b, sizeof(*b) + dwBytes);
        if (!nb) {
            nb = b;
            if (!h->process) {
                link_block(h, b);
            }
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            goto out;
        }
        if (!h->process) {
            link_block(h, nb);
        }
    }
    else {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto out;
    }
    if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > old) {
        memset((char *)(nb + 1) + old, 0, dwBytes - old);
    }
    if (!h->process) {
        h->used = h->used - old + dwBytes;
    }
    nb->size = dwBytes;
    r = nb + 1;
out:
    heap_unlock(h);
    heap_put(h);
    return r;
}

WINBASEAPI BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    isw_heap *h = heap_get(hHeap);
    heap_block *b;

    (void)dwFlags;
    if (!h) {
        return FALSE;
    }
    if (!lpMem) {
        heap_put(h);
        return TRUE;
    }
    heap_lock(h);
    b = block_of(h, lpMem);
    if (b) {
        if (!h->process) {
            unlink_block(h, b);
            h->used -= b->size;
        }
        b->magic = 0;
    }
    heap_unlock(h);
    heap_put(h);
    if (!b) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    free(b);
    return TRUE;
}

WINBASEAPI SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    isw_heap *h = heap_get(hHeap);
    heap_block *b;
    SIZE_T n = (SIZE_T)-1;

    (void)dwFlags;
    if (!h) {
        return n;
    }
    heap_lock(h);
    if ((b = block_of(h, lpMem)) != NULL) {
        n = b->size;
    }
    heap_unlock(h);
    heap_put(h);
    if (!b) {
        SetLastError(ERROR_INVALID_PARAMETER);
    }
    return n;
}

/* malloc checks its own structures; a heap handle and (when given) a
 * block of it are what can be checked here. */
WINBASEAPI BOOL WINAPI HeapValidate(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    isw_heap *h = heap_get(hHeap);
    BOOL r;

    (void)dwFlags;
    if (!h) {
        return FALSE;
    }
    if (!lpMem) {
        heap_put(h);
        return TRUE;
    }
    heap_lock(h);
    r = block_of(h, lpMem) != NULL;
    heap_unlock(h);
    heap_put(h);
    return r;
}

WINBASEAPI SIZE_T WINAPI HeapCompact(HANDLE hHeap, DWORD dwFlags)
{
    isw_heap *h = heap_get(hHeap);

    (void)dwFlags;
    if (!h) {
        return 0;
    }
    heap_put(h);
    malloc_trim(0);
    /* The largest block malloc could hand out: Windows' "largest
     * committed free block"; there is no such bound, so a large one. */
    return (SIZE_T)1 << 30;
}
