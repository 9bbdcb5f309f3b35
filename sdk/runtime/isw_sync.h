/*
 * isw_sync.h: what the waitable kernel objects (sync.c, event.c,
 * mutex.c, semaphore.c, thread.c) share inside the runtime.
 *
 * A handle's isw_obj (isw.h) is a small proxy; the object itself is an
 * isw_sync, counted separately, so that several handles can name one
 * object: a named event opened twice, DuplicateHandle, and a thread whose
 * handle outlives it (or the reverse).  The states live under the wait
 * lock of isw.h.
 */
#ifndef ISW_SYNC_H
#define ISW_SYNC_H

#include "isw.h"

#pragma GCC visibility push(hidden)

/* What signalled() returns for a mutex whose owner ended without
 * releasing it: WAIT_ABANDONED_0 + n instead of WAIT_OBJECT_0 + n. */
#define ISW_SIGNALLED_ABANDONED 2

typedef struct isw_sync isw_sync;
struct isw_sync {
    int kind;                  /* ISW_EVENT, _MUTEX, _SEMAPHORE, _THREAD, _TIMER */
    int refs;                  /* atomic: handles and internal holders */
    char *name;                /* NULL when unnamed */
    isw_sync *next_named;      /* the name list (sync.c) */
    /* As isw_obj.signalled: called with the wait lock held. */
    int (*signalled)(isw_sync *s, int consume);
    void (*destroy)(isw_sync *s);  /* frees s; the name is freed by sync.c */
};

typedef struct {
    isw_obj obj;
    isw_sync *sync;
} isw_sync_handle;

/* An event (event.c); sync.c reads the pulse fields for PulseEvent. */
typedef struct {
    isw_sync s;
    int manual;
    int state;
    unsigned pulse_gen;        /* PulseEvent calls so far */
    int pulse_left;            /* auto-reset: a waiter may still take it */
} isw_event;

/** A new handle naming s (takes a reference of its own), or NULL with
 * ERROR_NOT_ENOUGH_MEMORY. */
HANDLE isw_sync_handle_new(isw_sync *s);

/** The object h names if it is of kind, with a reference taken; NULL with
 * ERROR_INVALID_HANDLE otherwise. */
isw_sync *isw_sync_get(HANDLE h, int kind);

void isw_sync_ref(isw_sync *s);
void isw_sync_put(isw_sync *s);

/** A new object of kind, size bytes (an isw_sync first, the rest zeroed)
 * with one reference, freed whole when the last goes; NULL with
 * ERROR_NOT_ENOUGH_MEMORY.  Create* and the thread table make theirs so. */
isw_sync *isw_sync_new(size_t size, int kind,
                       int (*signalled)(isw_sync *s, int consume));

/** Create*'s end: isw_sync_create for a new object s of s->kind, then
 * last error ERROR_ALREADY_EXISTS when the name was taken, ERROR_SUCCESS
 * when not (callers test it after a success).  *existed as
 * isw_sync_create's when existed is not NULL. */
HANDLE isw_sync_publish(isw_sync *s, const char *name, int *existed);

/** Open*: the object named name of kind; ERROR_INVALID_PARAMETER for no
 * name, else as isw_sync_create with no object. */
HANDLE isw_sync_open(int kind, const char *name);

/** Create or open a named object: with name NULL, s (refs 1) is simply
 * handed a handle.  With a name, an existing object of that name is used
 * instead (*existed = 1, s's reference dropped; NULL with ERROR_INVALID_HANDLE if it
 * is of another kind), else s is entered under the name.  s may be NULL
 * for Open* (NULL with ERROR_FILE_NOT_FOUND when there is no object). */
HANDLE isw_sync_create(isw_sync *s, int kind, const char *name, int *existed);

/** The calling thread's Linux thread id, cached per thread. */
DWORD isw_tid(void);

/** The calling thread's object, with a reference taken (thread.c); a
 * thread CreateThread did not start gets one on first use.  NULL with
 * ERROR_NOT_ENOUGH_MEMORY. */
isw_sync *isw_thread_self(void);

/** Marks the mutexes the calling thread owns abandoned (mutex.c); the
 * thread's end calls it before its handle is signalled. */
void isw_mutex_abandon_all(void);

/** A monotonic deadline dwMilliseconds from now (INFINITE: none). */
typedef struct {
    int infinite;
    struct timespec at;        /* CLOCK_MONOTONIC */
} isw_deadline;
void isw_deadline_set(isw_deadline *d, DWORD ms);
/** Milliseconds left (0 when passed), INFINITE for none. */
DWORD isw_deadline_left(const isw_deadline *d);

/** Waits on the wait condition (wait lock held) until woken or d passes;
 * returns 0 when d has passed. */
int isw_wait_until(const isw_deadline *d);

#pragma GCC visibility pop

#endif /* ISW_SYNC_H */
