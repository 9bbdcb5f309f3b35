/*
 * mutex.c: mutexes (CreateMutexA, CreateMutexExA, OpenMutexA,
 * ReleaseMutex), owned recursively by a thread, abandoned when their
 * owner ends without releasing them.
 *
 * Each thread keeps the list of mutexes it owns, so that its end (a
 * CreateThread thread's return or ExitThread, or any other thread's exit
 * through a pthread key destructor) can abandon them: the next wait
 * returns WAIT_ABANDONED_0 + n and owns the mutex, as on Windows.
 */
#include "isw_sync.h"

#include <pthread.h>

typedef struct isw_mutex isw_mutex;
struct isw_mutex {
    isw_sync s;
    DWORD owner;             /* thread id; 0 when free */
    LONG count;              /* recursion depth; 0 when free */
    int abandoned;
    isw_mutex *next_owned;   /* the owner's list, wait lock held */
    isw_mutex **prev_owned;
};

/* The list of the mutexes this thread owns; each holds a reference. */
static __thread isw_mutex *owned;
static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;

static void thread_exit(void *unused)
{
    (void)unused;
    isw_mutex_abandon_all();
}

static void exit_key_init(void)
{
    pthread_key_create(&exit_key, thread_exit);
}

void isw_mutex_abandon_all(void)
{
    isw_mutex *m, *list;

    isw_wait_lock();
    list = owned;
    owned = NULL;
    for (m = list; m; m = m->next_owned) {
        m->owner = 0;
        m->count = 0;
        m->abandoned = 1;
        m->prev_owned = NULL;
    }
    if (list) {
        isw_wait_wake();
    }
    isw_wait_unlock();
    while ((m = list)) {
        list = m->next_owned;
        m->next_owned = NULL;
        isw_sync_put(&m->s);
    }
}

/* Wait lock held. */
static int mutex_signalled(isw_sync *s, int consume)
{
    isw_mutex *m = (isw_mutex *)s;
    DWORD self = isw_tid();
    int r;

    if (m->count && m->owner != self) {
        return 0;
    }
    r = m->abandoned ? ISW_SIGNALLED_ABANDONED : 1;
    if (!consume) {
        return r;
    }
    if (m->count) {
        m->count++;
        return r;
    }
    m->owner = self;
    m->count = 1;
    m->abandoned = 0;
    if (!owned) {
        /* The key's value only has to be non-NULL for its destructor to
         * run at this thread's exit. */
        pthread_once(&exit_once, exit_key_init);
        pthread_setspecific(exit_key, &owned);
    }
    isw_sync_ref(s);
    m->next_owned = owned;
    m->prev_owned = &owned;
    if (owned) {
        owned->prev_owned = &m->next_owned;
    }
    owned = m;
    return r;
}

/* Frees m and takes it off its owner's list (the caller drops the
 * list's reference).  Wait lock held, by the owner. */
static void unown(isw_mutex *m)
{
    m->owner = 0;
    m->count = 0;
    *m->prev_owned = m->next_owned;
    if (m->next_owned) {
        m->next_owned->prev_owned = m->prev_owned;
    }
    m->next_owned = NULL;
    m->prev_owned = NULL;
}

static HANDLE create_mutex(BOOL initial_owner, LPCSTR name)
{
    isw_mutex *m = (isw_mutex *)isw_sync_new(sizeof(*m), ISW_MUTEX,
                                             mutex_signalled);
    HANDLE h;
    int existed;

    if (!m) {
        return NULL;
    }
    /* Taken before it has a name, so no other thread can get in first. */
    if (initial_owner) {
        isw_wait_lock();
        mutex_signalled(&m->s, 1);
        isw_wait_unlock();
    }
    h = isw_sync_publish(&m->s, name, &existed);
    if (initial_owner && (!h || existed)) {
        /* The new mutex was not used (an existing one is opened as it
         * is: bInitialOwner is ignored): the owner list holds the last
         * reference to it. */
        isw_wait_lock();
        unown(m);
        isw_wait_unlock();
        isw_sync_put(&m->s);
    }
    return h;
}

WINBASEAPI HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                      BOOL bInitialOwner, LPCSTR lpName)
{
    (void)lpMutexAttributes;
    return create_mutex(bInitialOwner, lpName);
}

WINBASEAPI HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                        LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess)
{
    (void)lpMutexAttributes;
    (void)dwDesiredAccess;
    if (dwFlags & ~(DWORD)CREATE_MUTEX_INITIAL_OWNER) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return create_mutex(dwFlags & CREATE_MUTEX_INITIAL_OWNER, lpName);
}

WINBASEAPI HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle,
                                    LPCSTR lpName)
{
    (void)dwDesiredAccess;
    (void)bInheritHandle;
    return isw_sync_open(ISW_MUTEX, lpName);
}

WINBASEAPI BOOL WINAPI ReleaseMutex(HANDLE hMutex)
{
    isw_mutex *m = (isw_mutex *)isw_sync_get(hMutex, ISW_MUTEX);
    int freed = 0;

    if (!m) {
        return FALSE;
    }
    isw_wait_lock();
    if (!m->count || m->owner != isw_tid()) {
        isw_wait_unlock();
        isw_sync_put(&m->s);
        return isw_fail(ERROR_NOT_OWNER);
    }
    if (--m->count == 0) {
        unown(m);
        freed = 1;
        isw_wait_wake();
    }
    isw_wait_unlock();
    if (freed) {
        isw_sync_put(&m->s);      /* the owner list's reference */
    }
    isw_sync_put(&m->s);
    return TRUE;
}
