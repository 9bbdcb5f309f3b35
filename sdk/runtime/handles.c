/*
 * handles.c: the table every kernel-object HANDLE indexes.
 *
 * A HANDLE value is ((generation << 16 | slot + 1) << 2): a multiple of 4
 * like a Windows handle, never NULL or INVALID_HANDLE_VALUE, and never a
 * pointer, so a filter that passes a closed or made-up handle gets
 * ERROR_INVALID_HANDLE instead of a crash.  The generation changes each
 * time a slot is reused, so a handle closed and kept is not mistaken for
 * the next object in its slot.  One mutex guards the table; handles are
 * opened and closed at filter start-up or per file, not per request.
 */
#include "isw.h"

#include <pthread.h>

#define ISW_SLOTS_MAX 65535

typedef struct {
    isw_obj *obj;
    uint16_t gen;
} isw_slot;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static isw_slot *slots;
static unsigned nslots;       /* allocated */
static unsigned free_hint;    /* where the search for a free slot starts */

static HANDLE handle_of(unsigned slot, uint16_t gen)
{
    uintptr_t v = (((uintptr_t)gen << 16) | (slot + 1)) << 2;
    return (HANDLE)v;
}

/* The slot h names, or -1. Caller holds table_lock. */
static long slot_of(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    unsigned slot;

    if (v & 3 || v >> 34) {
        return -1;
    }
    v >>= 2;
    if ((v & 0xffff) == 0) {
        return -1;
    }
    slot = (unsigned)(v & 0xffff) - 1;
    if (slot >= nslots || !slots[slot].obj
        || slots[slot].gen != (uint16_t)(v >> 16)) {
        return -1;
    }
    return (long)slot;
}

int isw_handle_is_slot(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    return v && !(v & 3) && !(v >> 34) && ((v >> 2) & 0xffff);
}

HANDLE isw_handle_new(isw_obj *o)
{
    unsigned i, n;
    HANDLE h = NULL;

    o->refs = 1;
    pthread_mutex_lock(&table_lock);
    for (n = 0; n < nslots; n++) {
        i = (free_hint + n) % nslots;
        if (!slots[i].obj) {
            break;
        }
    }
    if (n == nslots) {
        unsigned grow = nslots ? nslots * 2 : 64;
        isw_slot *more;

        if (grow > ISW_SLOTS_MAX) {
            grow = ISW_SLOTS_MAX;
        }
        more = grow > nslots ? realloc(slots, grow * sizeof(*slots)) : NULL;
        if (!more) {
            pthread_mutex_unlock(&table_lock);
            o->destroy(o);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        memset(more + nslots, 0, (grow - nslots) * sizeof(*slots));
        slots = more;
        i = nslots;
        nslots = grow;
    }
    slots[i].obj = o;
    slots[i].gen++;
    h = handle_of(i, slots[i].gen);
    free_hint = i + 1;
    pthread_mutex_unlock(&table_lock);
    return h;
}

/* The slot of h if it holds an object of kind (or any, ISW_ANY), else
 * -1.  Table lock held. */
static long slot_of_kind(HANDLE h, int kind)
{
    long slot = slot_of(h);

    if (slot >= 0 && (kind == ISW_ANY || slots[slot].obj->kind == kind)) {
        return slot;
    }
    return -1;
}

void *isw_obj_new(size_t size, int kind, void (*destroy)(isw_obj *o))
{
    isw_obj *o = calloc(1, size);

    if (!o) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    o->kind = kind;
    o->destroy = destroy;
    return o;
}

isw_obj *isw_handle_get(HANDLE h, int kind)
{
    isw_obj *o = NULL;
    long slot;

    pthread_mutex_lock(&table_lock);
    slot = slot_of_kind(h, kind);
    if (slot >= 0) {
        o = slots[slot].obj;
        __atomic_add_fetch(&o->refs, 1, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&table_lock);
    if (!o) {
        SetLastError(ERROR_INVALID_HANDLE);
    }
    return o;
}

void isw_obj_put(isw_obj *o)
{
    if (o && __atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        o->destroy(o);
    }
}

BOOL isw_handle_close(HANDLE h, int kind)
{
    isw_obj *o = NULL;
    long slot;

    pthread_mutex_lock(&table_lock);
    slot = slot_of_kind(h, kind);
    if (slot >= 0) {
        o = slots[slot].obj;
        slots[slot].obj = NULL;
        if ((unsigned)slot < free_hint) {
            free_hint = (unsigned)slot;
        }
    }
    pthread_mutex_unlock(&table_lock);
    if (!o) {
        return isw_fail(ERROR_INVALID_HANDLE);
    }
    isw_obj_put(o);
    return TRUE;
}

void isw_handles_release(void)
{
    unsigned i;

    pthread_mutex_lock(&table_lock);
    for (i = 0; i < nslots && !slots[i].obj; i++) {
    }
    if (i == nslots) {
        free(slots);
        slots = NULL;
        nslots = 0;
        free_hint = 0;
    }
    pthread_mutex_unlock(&table_lock);
}

/* Windows closes files, threads, events, mutexes and semaphores with
 * CloseHandle; the other kinds have a function of their own. */
WINBASEAPI BOOL WINAPI CloseHandle(HANDLE hObject)
{
    isw_obj *o = isw_handle_get(hObject, ISW_ANY);
    int kind;

    if (!o) {
        return FALSE;
    }
    kind = o->kind;
    isw_obj_put(o);
    switch (kind) {
    case ISW_FIND:
    case ISW_HEAP:
    case ISW_REGKEY:
    case ISW_EVENTLOG:
        return isw_fail(ERROR_INVALID_HANDLE);
    default:
        return isw_handle_close(hObject, kind);
    }
}
