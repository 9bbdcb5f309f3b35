/*
 * sync.c: the wait protocol of isw.h (one lock, one condition), the
 * handles of waitable objects and their names, and the wait functions:
 * WaitForSingleObject(Ex), WaitForMultipleObjects(Ex), SignalObjectAndWait,
 * DuplicateHandle.
 *
 * Every state change (SetEvent, ReleaseMutex, a thread's end) takes the
 * wait lock and wakes all waiters, which recheck their objects.  Filters
 * wait rarely and on few objects, so one broadcast condition is simpler
 * than per-object queues and cannot lose a wake-up between objects.
 */
#include "isw_sync.h"

#include <pthread.h>
#include <time.h>

static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_cond = PTHREAD_COND_INITIALIZER;

/* How long a wait that includes a polled object sleeps between checks. */
#define POLL_MS 10

void isw_wait_lock(void)
{
    pthread_mutex_lock(&wait_lock);
}

void isw_wait_unlock(void)
{
    pthread_mutex_unlock(&wait_lock);
}

void isw_wait_wake(void)
{
    pthread_cond_broadcast(&wait_cond);
}

void isw_deadline_set(isw_deadline *d, DWORD ms)
{
    d->infinite = ms == INFINITE;
    clock_gettime(CLOCK_MONOTONIC, &d->at);
    if (!d->infinite) {
        d->at.tv_sec += ms / 1000;
        d->at.tv_nsec += (long)(ms % 1000) * 1000000L;
        if (d->at.tv_nsec >= 1000000000L) {
            d->at.tv_sec++;
            d->at.tv_nsec -= 1000000000L;
        }
    }
}

DWORD isw_deadline_left(const isw_deadline *d)
{
    struct timespec now;
    long long ms;

    if (d->infinite) {
        return INFINITE;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (long long)(d->at.tv_sec - now.tv_sec) * 1000
         + (d->at.tv_nsec - now.tv_nsec) / 1000000L;
    return ms > 0 ? (DWORD)ms : 0;
}

int isw_wait_until(const isw_deadline *d)
{
    if (d->infinite) {
        pthread_cond_wait(&wait_cond, &wait_lock);
        return 1;
    }
    return pthread_cond_clockwait(&wait_cond, &wait_lock, CLOCK_MONOTONIC,
                                  &d->at) != ETIMEDOUT;
}

/* ---- Handles and names ---- */

static pthread_mutex_t name_lock = PTHREAD_MUTEX_INITIALIZER;
static isw_sync *named;

void isw_sync_ref(isw_sync *s)
{
    __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
}

void isw_sync_put(isw_sync *s)
{
    isw_sync **p;

    if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) != 0) {
        return;
    }
    if (s->name) {
        pthread_mutex_lock(&name_lock);
        for (p = &named; *p; p = &(*p)->next_named) {
            if (*p == s) {
                *p = s->next_named;
                break;
            }
        }
        pthread_mutex_unlock(&name_lock);
        free(s->name);
    }
    s->destroy(s);
}

static int proxy_signalled(isw_obj *o, int consume)
{
    isw_sync *s = ((isw_sync_handle *)o)->sync;

    return s->signalled(s, consume);
}

static void proxy_destroy(isw_obj *o)
{
    isw_sync_put(((isw_sync_handle *)o)->sync);
    free(o);
}

HANDLE isw_sync_handle_new(isw_sync *s)
{
    isw_sync_handle *h = calloc(1, sizeof(*h));

    if (!h) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    isw_sync_ref(s);
    h->obj.kind = s->kind;
    h->obj.destroy = proxy_destroy;
    h->obj.signalled = proxy_signalled;
    /* A timer falls due without a call that wakes waiters. */
    h->obj.polled = s->kind == ISW_TIMER;
    h->sync = s;
    return isw_handle_new(&h->obj);
}

static int is_sync_kind(int kind)
{
    return kind == ISW_EVENT || kind == ISW_MUTEX || kind == ISW_SEMAPHORE
           || kind == ISW_THREAD || kind == ISW_TIMER;
}

isw_sync *isw_sync_get(HANDLE h, int kind)
{
    isw_obj *o = isw_handle_get(h, kind);
    isw_sync *s;

    if (!o) {
        return NULL;
    }
    if (!is_sync_kind(o->kind)) {
        isw_obj_put(o);
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    s = ((isw_sync_handle *)o)->sync;
    isw_sync_ref(s);
    isw_obj_put(o);
    return s;
}

/* A reference to the live object called name, or NULL.  An object whose
 * last reference is being dropped is not revived.  Caller holds
 * name_lock. */
static isw_sync *find_named(const char *name)
{
    isw_sync *s;
    int refs;

    for (s = named; s; s = s->next_named) {
        if (strcmp(s->name, name) != 0) {
            continue;
        }
        refs = __atomic_load_n(&s->refs, __ATOMIC_RELAXED);
        while (refs > 0) {
            if (__atomic_compare_exchange_n(&s->refs, &refs, refs + 1, 0,
                                            __ATOMIC_ACQ_REL,
                                            __ATOMIC_RELAXED)) {
                return s;
            }
        }
    }
    return NULL;
}

/* The destroy of the objects isw_sync_new makes: one block. */
static void sync_free(isw_sync *s)
{
    free(s);
}

isw_sync *isw_sync_new(size_t size, int kind,
                       int (*signalled)(isw_sync *s, int consume))
{
    isw_sync *s = calloc(1, size);

    if (!s) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    s->kind = kind;
    s->refs = 1;
    s->signalled = signalled;
    s->destroy = sync_free;
    return s;
}

HANDLE isw_sync_publish(isw_sync *s, const char *name, int *existed)
{
    int found;
    HANDLE h = isw_sync_create(s, s->kind, name, &found);

    if (h) {
        /* Callers test GetLastError() == ERROR_ALREADY_EXISTS after a
         * success, so a new object clears it. */
        SetLastError(found ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    }
    if (existed) {
        *existed = found;
    }
    return h;
}

HANDLE isw_sync_open(int kind, const char *name)
{
    int existed;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return isw_sync_create(NULL, kind, name, &existed);
}

HANDLE isw_sync_create(isw_sync *s, int kind, const char *name, int *existed)
{
    isw_sync *found = NULL;
    HANDLE h;

    *existed = 0;
    /* IIS runs in session 0, where the Local\ namespace is the Global\
     * one: both prefixes name the same object as the bare name. */
    if (name && (strncmp(name, "Global\\", 7) == 0
                 || strncmp(name, "Local\\", 6) == 0)) {
        name = strchr(name, '\\') + 1;
    }
    if (name && !*name) {
        name = NULL;          /* "" is unnamed, as on Windows */
    }
    if (name && strlen(name) > MAX_PATH) {
        if (s) {
            isw_sync_put(s);
        }
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    if (!name) {
        if (!s) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        h = isw_sync_handle_new(s);
        isw_sync_put(s);
        return h;
    }
    pthread_mutex_lock(&name_lock);
    found = find_named(name);
    if (!found && s) {
        if (!(s->name = strdup(name))) {
            pthread_mutex_unlock(&name_lock);
            isw_sync_put(s);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        s->next_named = named;
        named = s;
    }
    pthread_mutex_unlock(&name_lock);
    if (found) {
        if (s) {
            isw_sync_put(s);
        }
        if (found->kind != kind) {
            /* Events, mutexes and semaphores share one namespace. */
            isw_sync_put(found);
            SetLastError(ERROR_INVALID_HANDLE);
            return NULL;
        }
        *existed = 1;
        s = found;
    }
    else if (!s) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    h = isw_sync_handle_new(s);
    isw_sync_put(s);
    return h;
}

/* ---- Waiting ---- */

/* GetCurrentThread()/GetCurrentProcess() name objects that cannot become
 * signalled while their own thread waits on them. */
#define PSEUDO_PROCESS ((HANDLE)(LONG_PTR)-1)
#define PSEUDO_THREAD  ((HANDLE)(LONG_PTR)-2)

typedef struct {
    isw_obj *o;           /* NULL for a pseudo handle */
    const void *ident;    /* the object, to find duplicates */
    isw_event *ev;        /* when o is an event: for PulseEvent */
    unsigned pulse_seen;
} waitee;

static const void *identity(isw_obj *o)
{
    return is_sync_kind(o->kind) ? (const void *)((isw_sync_handle *)o)->sync
                                 : (const void *)o;
}

/* Whether w is signalled (or was pulsed since the wait began), and with
 * consume take it.  Wait lock held. */
static int check(waitee *w, int consume)
{
    int r;
    isw_event *ev = w->ev;

    if (!w->o) {
        return 0;
    }
    r = w->o->signalled(w->o, consume);
    if (!r && ev && ev->pulse_gen != w->pulse_seen
        && (ev->manual || ev->pulse_left)) {
        r = 1;
        if (consume) {
            ev->pulse_left = 0;
            w->pulse_seen = ev->pulse_gen;
        }
    }
    return r;
}

/* Takes what the wait asks for if it can: WAIT_OBJECT_0 + i,
 * WAIT_ABANDONED_0 + i, or WAIT_TIMEOUT when it must go on waiting.
 * Wait lock held. */
static DWORD take(waitee *w, DWORD n, BOOL all)
{
    DWORD i;
    int r, abandoned = -1;

    if (!all) {
        for (i = 0; i < n; i++) {
            if ((r = check(&w[i], 1))) {
                return (r == ISW_SIGNALLED_ABANDONED ? WAIT_ABANDONED_0
                                                     : WAIT_OBJECT_0) + i;
            }
        }
        return WAIT_TIMEOUT;
    }
    /* All or nothing: nothing is taken until every object can be. */
    for (i = 0; i < n; i++) {
        if (!check(&w[i], 0)) {
            return WAIT_TIMEOUT;
        }
    }
    for (i = 0; i < n; i++) {
        if (check(&w[i], 1) == ISW_SIGNALLED_ABANDONED && abandoned < 0) {
            abandoned = (int)i;
        }
    }
    return abandoned >= 0 ? WAIT_ABANDONED_0 + (DWORD)abandoned
                          : WAIT_OBJECT_0;
}

/* SignalObjectAndWait's first half. */
static BOOL signal_object(HANDLE h)
{
    isw_sync *s = isw_sync_get(h, ISW_ANY);
    int kind;

    if (!s) {
        return FALSE;
    }
    kind = s->kind;
    isw_sync_put(s);
    switch (kind) {
    case ISW_EVENT:
        return SetEvent(h);
    case ISW_MUTEX:
        return ReleaseMutex(h);
    case ISW_SEMAPHORE:
        return ReleaseSemaphore(h, 1, NULL);
    default:                  /* threads and timers cannot be signalled */
        return isw_fail(ERROR_INVALID_HANDLE);
    }
}

static DWORD wait_objects(DWORD n, const HANDLE *handles, BOOL all,
                          DWORD ms, HANDLE signal)
{
    waitee w[MAXIMUM_WAIT_OBJECTS];
    isw_deadline dl, slice;
    DWORD i, j, left, res = WAIT_FAILED;
    int polled = 0;

    if (n == 0 || n > MAXIMUM_WAIT_OBJECTS || !handles) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    memset(w, 0, sizeof(w));
    for (i = 0; i < n; i++) {
        if (handles[i] == PSEUDO_PROCESS || handles[i] == PSEUDO_THREAD) {
            w[i].ident = handles[i];
            continue;
        }
        w[i].o = isw_handle_get(handles[i], ISW_ANY);
        if (!w[i].o || !w[i].o->signalled) {
            SetLastError(ERROR_INVALID_HANDLE);
            goto out;
        }
        w[i].ident = identity(w[i].o);
        polled |= w[i].o->polled;
        if (w[i].o->kind == ISW_EVENT) {
            w[i].ev = (isw_event *)((isw_sync_handle *)w[i].o)->sync;
        }
        for (j = 0; all && j < i; j++) {
            if (w[j].ident == w[i].ident) {
                /* Windows refuses one object twice in a wait for all. */
                SetLastError(ERROR_INVALID_PARAMETER);
                goto out;
            }
        }
    }
    if (signal && !signal_object(signal)) {
        goto out;
    }
    isw_deadline_set(&dl, ms);
    isw_wait_lock();
    for (i = 0; i < n; i++) {
        if (w[i].ev) {
            w[i].pulse_seen = w[i].ev->pulse_gen;
        }
    }
    for (;;) {
        if ((res = take(w, n, all)) != WAIT_TIMEOUT) {
            break;
        }
        /* Out of time: after one last look (a zero timeout only tests). */
        if ((left = isw_deadline_left(&dl)) == 0) {
            break;
        }
        if (polled) {
            isw_deadline_set(&slice, left < POLL_MS ? left : POLL_MS);
            isw_wait_until(&slice);
        }
        else {
            isw_wait_until(&dl);
        }
    }
    isw_wait_unlock();
out:
    for (i = 0; i < n; i++) {
        if (w[i].o) {
            isw_obj_put(w[i].o);
        }
    }
    return res;
}

WINBASEAPI DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount,
                                                 const HANDLE *lpHandles,
                                                 BOOL bWaitAll,
                                                 DWORD dwMilliseconds,
                                                 BOOL bAlertable)
{
    (void)bAlertable;         /* no APCs: never WAIT_IO_COMPLETION */
    return wait_objects(nCount, lpHandles, bWaitAll, dwMilliseconds, NULL);
}

WINBASEAPI DWORD WINAPI WaitForMultipleObjects(DWORD nCount,
                                               const HANDLE *lpHandles,
                                               BOOL bWaitAll,
                                               DWORD dwMilliseconds)
{
    return wait_objects(nCount, lpHandles, bWaitAll, dwMilliseconds, NULL);
}

WINBASEAPI DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle,
                                              DWORD dwMilliseconds,
                                              BOOL bAlertable)
{
    (void)bAlertable;
    return wait_objects(1, &hHandle, FALSE, dwMilliseconds, NULL);
}

WINBASEAPI DWORD WINAPI WaitForSingleObject(HANDLE hHandle,
                                            DWORD dwMilliseconds)
{
    return wait_objects(1, &hHandle, FALSE, dwMilliseconds, NULL);
}

WINBASEAPI DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal,
                                            HANDLE hObjectToWaitOn,
                                            DWORD dwMilliseconds,
                                            BOOL bAlertable)
{
    (void)bAlertable;
    return wait_objects(1, &hObjectToWaitOn, FALSE, dwMilliseconds,
                        hObjectToSignal);
}

/* Within this process only: the source and target process must be
 * GetCurrentProcess(). */
WINBASEAPI BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle,
                                       HANDLE hSourceHandle,
                                       HANDLE hTargetProcessHandle,
                                       LPHANDLE lpTargetHandle,
                                       DWORD dwDesiredAccess,
                                       BOOL bInheritHandle, DWORD dwOptions)
{
    isw_sync *s;
    HANDLE h;

    (void)dwDesiredAccess;
    (void)bInheritHandle;
    if (hSourceProcessHandle != PSEUDO_PROCESS
        || hTargetProcessHandle != PSEUDO_PROCESS) {
        return isw_fail(ERROR_INVALID_HANDLE);
    }
    if (!lpTargetHandle) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (hSourceHandle == PSEUDO_THREAD) {
        if (!(s = isw_thread_self())) {
            return FALSE;
        }
    }
    else if (!(s = isw_sync_get(hSourceHandle, ISW_ANY))) {
        /* Files, find handles, keys: not duplicated (yet). */
        if (isw_handle_is_slot(hSourceHandle)
            && GetLastError() == ERROR_INVALID_HANDLE) {
            isw_obj *o = isw_handle_get(hSourceHandle, ISW_ANY);

            if (o) {
                isw_obj_put(o);
                return isw_fail(ERROR_NOT_SUPPORTED);
            }
        }
        return FALSE;
    }
    h = isw_sync_handle_new(s);
    isw_sync_put(s);
    if (!h) {
        return FALSE;
    }
    if (dwOptions & DUPLICATE_CLOSE_SOURCE && hSourceHandle != PSEUDO_THREAD) {
        CloseHandle(hSourceHandle);
    }
    *lpTargetHandle = h;
    return TRUE;
}
