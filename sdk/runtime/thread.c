/*
 * thread.c: threads (CreateThread, ExitThread, GetExitCodeThread,
 * Resume/SuspendThread, TerminateThread), the current thread and process,
 * priorities, Sleep/SleepEx/SwitchToThread, and thread local storage
 * (Tls*, Fls*).
 *
 * A CreateThread thread is a detached pthread.  Its object (isw_sync.h)
 * is counted: the handle and the running thread each hold a reference,
 * so either may go first.  The thread's end (return or ExitThread)
 * abandons the mutexes it still owns, stores the exit code and signals
 * the object.  Threads the runtime did not start (httpd's workers) get an
 * object when they first need one (DuplicateHandle of
 * GetCurrentThread(), a priority), signalled at their exit.
 */
#include "isw_sync.h"

#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    isw_sync s;
    DWORD tid;
    DWORD exit_code;
    int started;        /* tid is known */
    int running;        /* past the CREATE_SUSPENDED gate */
    int done;
    DWORD suspend;      /* suspend count, while not running */
    int priority;
    LPTHREAD_START_ROUTINE fn;
    LPVOID arg;
} isw_thread;

#define PSEUDO_PROCESS ((HANDLE)(LONG_PTR)-1)
#define PSEUDO_THREAD  ((HANDLE)(LONG_PTR)-2)

static __thread DWORD tid_cache;
static __thread isw_thread *self_thread;

/* A forked child's one thread has its own id, not its parent's. */
static void tid_forget(void)
{
    tid_cache = 0;
}

__attribute__((constructor)) static void thread_init(void)
{
    pthread_atfork(NULL, NULL, tid_forget);
}

DWORD isw_tid(void)
{
    if (!tid_cache) {
        tid_cache = (DWORD)gettid();
    }
    return tid_cache;
}

/* Wait lock held. */
static int thread_signalled(isw_sync *s, int consume)
{
    (void)consume;
    return ((isw_thread *)s)->done;
}

static isw_thread *thread_new(void)
{
    isw_thread *t = (isw_thread *)isw_sync_new(sizeof(*t), ISW_THREAD,
                                               thread_signalled);

    if (!t) {
        return NULL;
    }
    t->exit_code = STILL_ACTIVE;
    t->priority = THREAD_PRIORITY_NORMAL;
    return t;
}

/* The end of a thread, CreateThread's or not: what it owns is
 * abandoned, then its handle is signalled. */
static void thread_end(isw_thread *t)
{
    isw_mutex_abandon_all();
    isw_wait_lock();
    t->done = 1;
    isw_wait_wake();
    isw_wait_unlock();
    self_thread = NULL;
    isw_sync_put(&t->s);
}

/* ---- Threads the runtime did not start ---- */

static pthread_key_t foreign_key;
static pthread_once_t foreign_once = PTHREAD_ONCE_INIT;

static void foreign_exit(void *t)
{
    ((isw_thread *)t)->exit_code = 0;
    thread_end(t);
}

static void foreign_key_init(void)
{
    pthread_key_create(&foreign_key, foreign_exit);
}

isw_sync *isw_thread_self(void)
{
    isw_thread *t = self_thread;

    if (!t) {
        if (!(t = thread_new())) {
            return NULL;
        }
        t->tid = isw_tid();
        t->started = t->running = 1;
        pthread_once(&foreign_once, foreign_key_init);
        pthread_setspecific(foreign_key, t);   /* the thread's reference */
        self_thread = t;
    }
    isw_sync_ref(&t->s);
    return &t->s;
}

/* The thread h names (a reference), the pseudo handle included. */
static isw_thread *thread_get(HANDLE h)
{
    if (h == PSEUDO_THREAD) {
        return (isw_thread *)isw_thread_self();
    }
    return (isw_thread *)isw_sync_get(h, ISW_THREAD);
}

/* ---- CreateThread ---- */

/* The id is the new thread's own (gettid), known once it runs: asked
 * for, it is waited for, so CreateThread without lpThreadId never waits
 * on the new thread. */
static DWORD thread_tid(isw_thread *t)
{
    isw_deadline forever;
    DWORD tid;

    isw_deadline_set(&forever, INFINITE);
    isw_wait_lock();
    while (!t->started) {
        isw_wait_until(&forever);
    }
    tid = t->tid;
    isw_wait_unlock();
    return tid;
}

/* Threads CreateThread started that have not ended: the runtime keeps its
 * process-wide state while any runs (unload.c). */
static int live_threads;

int isw_threads_running(void)
{
    return __atomic_load_n(&live_threads, __ATOMIC_ACQUIRE);
}

static void created_end(void *arg)
{
    thread_end(arg);
    __atomic_sub_fetch(&live_threads, 1, __ATOMIC_RELEASE);
}

static void *trampoline(void *arg)
{
    isw_thread *t = arg;
    isw_deadline forever;
    DWORD code;

    self_thread = t;
    isw_deadline_set(&forever, INFINITE);
    isw_wait_lock();
    t->tid = isw_tid();
    t->started = 1;
    isw_wait_wake();
    while (t->suspend) {
        isw_wait_until(&forever);
    }
    t->running = 1;
    isw_wait_unlock();
    pthread_cleanup_push(created_end, t);
    code = t->fn(t->arg);
    t->exit_code = code;
    pthread_cleanup_pop(1);
    return NULL;
}

WINBASEAPI HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes,
                                      SIZE_T dwStackSize,
                                      LPTHREAD_START_ROUTINE lpStartAddress,
                                      LPVOID lpParameter,
                                      DWORD dwCreationFlags,
                                      LPDWORD lpThreadId)
{
    isw_thread *t;
    pthread_attr_t attr;
    pthread_t pt;
    HANDLE h;
    int rc;

    (void)lpThreadAttributes;
    if (!lpStartAddress) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(t = thread_new())) {
        return NULL;
    }
    t->fn = lpStartAddress;
    t->arg = lpParameter;
    t->suspend = (dwCreationFlags & CREATE_SUSPENDED) ? 1 : 0;
    if (!(h = isw_sync_handle_new(&t->s))) {
        isw_sync_put(&t->s);
        return NULL;
    }
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (dwStackSize) {
        /* Windows reserves at least the image's default (1 MB) unless the
         * size is given as the reservation itself. */
        size_t min = (dwCreationFlags & STACK_SIZE_PARAM_IS_A_RESERVATION)
                     ? 65536 : 1048576;
        size_t page = (size_t)sysconf(_SC_PAGESIZE);
        size_t size = dwStackSize < min ? min : dwStackSize;

        pthread_attr_setstacksize(&attr, (size + page - 1) / page * page);
    }
    /* The thread owns the creation reference from here on. */
    __atomic_add_fetch(&live_threads, 1, __ATOMIC_RELAXED);
    rc = pthread_create(&pt, &attr, trampoline, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_RELAXED);
        CloseHandle(h);
        isw_sync_put(&t->s);
        SetLastError(rc == EAGAIN ? ERROR_NOT_ENOUGH_MEMORY
                                  : isw_error_from_errno(rc));
        return NULL;
    }
    if (lpThreadId) {
        *lpThreadId = thread_tid(t);
    }
    SetLastError(ERROR_SUCCESS);
    return h;
}

WINBASEAPI VOID WINAPI ExitThread(DWORD dwExitCode)
{
    isw_thread *t = self_thread;

    if (t) {
        t->exit_code = dwExitCode;
    }
    if (!t || !t->fn) {
        /* Windows ends whatever thread calls it, httpd's too. */
        isw_log(ISW_LOG_WARNING, __builtin_return_address(0),
                "ExitThread(%lu) on a thread CreateThread did not start: "
                "ending it", (unsigned long)dwExitCode);
    }
    pthread_exit(NULL);
}

WINBASEAPI BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
    isw_thread *t;

    if (!lpExitCode) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(t = thread_get(hThread))) {
        return FALSE;
    }
    isw_wait_lock();
    *lpExitCode = t->done ? t->exit_code : STILL_ACTIVE;
    isw_wait_unlock();
    isw_sync_put(&t->s);
    return TRUE;
}

WINBASEAPI DWORD WINAPI ResumeThread(HANDLE hThread)
{
    isw_thread *t = thread_get(hThread);
    DWORD prev;

    if (!t) {
        return (DWORD)-1;
    }
    isw_wait_lock();
    prev = t->suspend;
    if (t->suspend && --t->suspend == 0) {
        isw_wait_wake();
    }
    isw_wait_unlock();
    isw_sync_put(&t->s);
    return prev;
}

/* Only a thread still held by CREATE_SUSPENDED can be suspended again:
 * stopping a running thread where it stands (perhaps holding the
 * allocator's lock) is what Windows warns against, and Linux has no way
 * to do it to one thread. */
WINBASEAPI DWORD WINAPI SuspendThread(HANDLE hThread)
{
    isw_thread *t = thread_get(hThread);
    DWORD prev = (DWORD)-1;

    if (!t) {
        return prev;
    }
    isw_wait_lock();
    if (!t->running && !t->done) {
        prev = t->suspend++;
    }
    isw_wait_unlock();
    isw_sync_put(&t->s);
    if (prev == (DWORD)-1) {
        isw_log(ISW_LOG_WARNING, __builtin_return_address(0),
                "SuspendThread on a running thread is not supported");
        SetLastError(ERROR_NOT_SUPPORTED);
    }
    return prev;
}

/* Not supported: ending a thread from outside leaves whatever it held
 * (a lock of httpd's, the allocator's, a critical section) held for the
 * rest of the child's life; Windows documents the same danger, and a
 * pthread can only be cancelled at points it chooses. */
WINBASEAPI BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode)
{
    isw_log(ISW_LOG_WARNING, __builtin_return_address(0),
            "TerminateThread(%p, %lu) is not supported inside httpd: the "
            "thread keeps running", hThread, (unsigned long)dwExitCode);
    return isw_fail(ERROR_NOT_SUPPORTED);
}

WINBASEAPI HANDLE WINAPI GetCurrentThread(void)
{
    return PSEUDO_THREAD;
}

WINBASEAPI HANDLE WINAPI GetCurrentProcess(void)
{
    return PSEUDO_PROCESS;
}

WINBASEAPI DWORD WINAPI GetCurrentThreadId(void)
{
    return isw_tid();
}

WINBASEAPI DWORD WINAPI GetCurrentProcessId(void)
{
    return (DWORD)getpid();
}

WINBASEAPI DWORD WINAPI GetThreadId(HANDLE Thread)
{
    isw_thread *t;
    DWORD tid;

    if (Thread == PSEUDO_THREAD) {
        return isw_tid();
    }
    if (!(t = thread_get(Thread))) {
        return 0;
    }
    tid = thread_tid(t);
    isw_sync_put(&t->s);
    return tid;
}

WINBASEAPI DWORD WINAPI GetCurrentProcessorNumber(void)
{
    int cpu = sched_getcpu();

    return cpu < 0 ? 0 : (DWORD)cpu;
}

WINBASEAPI DWORD WINAPI GetProcessId(HANDLE Process)
{
    if (Process != PSEUDO_PROCESS) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    return (DWORD)getpid();
}

/* Priorities are kept and reported, not applied: raising one needs
 * CAP_SYS_NICE, which httpd's children do not have, and a lowered
 * priority would stay with an httpd worker for every later request. */
WINBASEAPI BOOL WINAPI SetThreadPriority(HANDLE hThread, int nPriority)
{
    isw_thread *t;

    switch (nPriority) {
    case THREAD_PRIORITY_IDLE:
    case THREAD_PRIORITY_LOWEST:
    case THREAD_PRIORITY_BELOW_NORMAL:
    case THREAD_PRIORITY_NORMAL:
    case THREAD_PRIORITY_ABOVE_NORMAL:
    case THREAD_PRIORITY_HIGHEST:
    case THREAD_PRIORITY_TIME_CRITICAL:
        break;
    case THREAD_MODE_BACKGROUND_BEGIN:
    case THREAD_MODE_BACKGROUND_END:
        /* Only for the calling thread, and without effect here. */
        return hThread == PSEUDO_THREAD ? TRUE
                                        : isw_fail(ERROR_INVALID_PARAMETER);
    default:
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(t = thread_get(hThread))) {
        return FALSE;
    }
    isw_wait_lock();
    t->priority = nPriority;
    isw_wait_unlock();
    isw_sync_put(&t->s);
    return TRUE;
}

WINBASEAPI int WINAPI GetThreadPriority(HANDLE hThread)
{
    isw_thread *t;
    int p;

    if (hThread == PSEUDO_THREAD && !self_thread) {
        return THREAD_PRIORITY_NORMAL;
    }
    if (!(t = thread_get(hThread))) {
        return THREAD_PRIORITY_ERROR_RETURN;
    }
    isw_wait_lock();
    p = t->priority;
    isw_wait_unlock();
    isw_sync_put(&t->s);
    return p;
}

/* ---- Sleeping ---- */

WINBASEAPI DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    struct timespec at;

    (void)bAlertable;         /* no APCs: never WAIT_IO_COMPLETION */
    if (dwMilliseconds == 0) {
        sched_yield();
        return 0;
    }
    if (dwMilliseconds == INFINITE) {
        for (;;) {
            pause();
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &at);
    at.tv_sec += dwMilliseconds / 1000;
    at.tv_nsec += (long)(dwMilliseconds % 1000) * 1000000L;
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000L;
    }
    /* A signal handler's interruption does not cut the sleep short. */
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR) {
    }
    return 0;
}

WINBASEAPI VOID WINAPI Sleep(DWORD dwMilliseconds)
{
    SleepEx(dwMilliseconds, FALSE);
}

/* sched_yield cannot tell whether another thread ran; TRUE is what a
 * busy machine answers. */
WINBASEAPI BOOL WINAPI SwitchToThread(void)
{
    sched_yield();
    return TRUE;
}

/* ---- TLS: Windows' 1088 slots.  Each thread keeps a lazily grown array
 * of (generation, value); TlsAlloc bumps the slot's generation, so a
 * reused slot reads NULL in every thread, as Windows clears it. ---- */

#define TLS_SLOTS (TLS_MINIMUM_AVAILABLE + 1024)

typedef struct {
    unsigned gen;
    void *value;
} tls_cell;

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char tls_used[TLS_SLOTS];
static unsigned tls_gen[TLS_SLOTS];
static __thread tls_cell *tls_cells;
static __thread unsigned tls_ncells;
static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;

static void tls_thread_exit(void *cells)
{
    free(cells);
    tls_cells = NULL;
    tls_ncells = 0;
}

static void tls_key_init(void)
{
    pthread_key_create(&tls_key, tls_thread_exit);
}

WINBASEAPI DWORD WINAPI TlsAlloc(void)
{
    DWORD i;

    pthread_mutex_lock(&tls_lock);
    for (i = 0; i < TLS_SLOTS && tls_used[i]; i++) {
    }
    if (i < TLS_SLOTS) {
        __atomic_add_fetch(&tls_gen[i], 1, __ATOMIC_RELEASE);
        __atomic_store_n(&tls_used[i], 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&tls_lock);
    if (i == TLS_SLOTS) {
        SetLastError(ERROR_NO_MORE_ITEMS);
        return TLS_OUT_OF_INDEXES;
    }
    return i;
}

static int tls_valid(DWORD i)
{
    return i < TLS_SLOTS && __atomic_load_n(&tls_used[i], __ATOMIC_ACQUIRE);
}

WINBASEAPI BOOL WINAPI TlsFree(DWORD dwTlsIndex)
{
    BOOL ok = TRUE;

    pthread_mutex_lock(&tls_lock);
    if (!tls_valid(dwTlsIndex)) {
        ok = FALSE;
    }
    else {
        __atomic_store_n(&tls_used[dwTlsIndex], 0, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&tls_lock);
    return ok ? TRUE : isw_fail(ERROR_INVALID_PARAMETER);
}

WINBASEAPI LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex)
{
    void *v = NULL;

    if (!tls_valid(dwTlsIndex)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (dwTlsIndex < tls_ncells
        && tls_cells[dwTlsIndex].gen
           == __atomic_load_n(&tls_gen[dwTlsIndex], __ATOMIC_ACQUIRE)) {
        v = tls_cells[dwTlsIndex].value;
    }
    /* Windows clears the last error, so that a NULL value and a failure
     * can be told apart. */
    SetLastError(ERROR_SUCCESS);
    return v;
}

WINBASEAPI BOOL WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue)
{
    if (!tls_valid(dwTlsIndex)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (dwTlsIndex >= tls_ncells) {
        unsigned n = tls_ncells ? tls_ncells : TLS_MINIMUM_AVAILABLE;
        tls_cell *more;

        while (n <= dwTlsIndex) {
            n *= 2;
        }
        if (n > TLS_SLOTS) {
            n = TLS_SLOTS;
        }
        if (!(more = realloc(tls_cells, n * sizeof(*more)))) {
            return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
        }
        memset(more + tls_ncells, 0, (n - tls_ncells) * sizeof(*more));
        pthread_once(&tls_once, tls_key_init);
        pthread_setspecific(tls_key, more);
        tls_cells = more;
        tls_ncells = n;
    }
    tls_cells[dwTlsIndex].gen =
        __atomic_load_n(&tls_gen[dwTlsIndex], __ATOMIC_ACQUIRE);
    tls_cells[dwTlsIndex].value = lpTlsValue;
    return TRUE;
}

/* ---- FLS: pthread keys, whose destructors are the FLS callbacks.
 * FlsFree does not run the callback for the other threads' values, as
 * Windows does: pthread_key_delete cannot reach them. ---- */

static pthread_mutex_t fls_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char fls_used[PTHREAD_KEYS_MAX];

static int fls_valid(DWORD i)
{
    return i < PTHREAD_KEYS_MAX
           && __atomic_load_n(&fls_used[i], __ATOMIC_ACQUIRE);
}

WINBASEAPI DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION lpCallback)
{
    pthread_key_t k;

    if (pthread_key_create(&k, (void (*)(void *))lpCallback) != 0) {
        SetLastError(ERROR_NO_MORE_ITEMS);
        return FLS_OUT_OF_INDEXES;
    }
    if (k >= PTHREAD_KEYS_MAX) {
        pthread_key_delete(k);
        SetLastError(ERROR_NO_MORE_ITEMS);
        return FLS_OUT_OF_INDEXES;
    }
    pthread_mutex_lock(&fls_lock);
    __atomic_store_n(&fls_used[k], 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&fls_lock);
    return (DWORD)k;
}

WINBASEAPI BOOL WINAPI FlsFree(DWORD dwFlsIndex)
{
    BOOL ok = FALSE;

    pthread_mutex_lock(&fls_lock);
    if (fls_valid(dwFlsIndex)) {
        fls_used[dwFlsIndex] = 0;
        pthread_key_delete((pthread_key_t)dwFlsIndex);
        ok = TRUE;
    }
    pthread_mutex_unlock(&fls_lock);
    return ok ? TRUE : isw_fail(ERROR_INVALID_PARAMETER);
}

WINBASEAPI PVOID WINAPI FlsGetValue(DWORD dwFlsIndex)
{
    if (!fls_valid(dwFlsIndex)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    SetLastError(ERROR_SUCCESS);
    return pthread_getspecific((pthread_key_t)dwFlsIndex);
}

WINBASEAPI BOOL WINAPI FlsSetValue(DWORD dwFlsIndex, PVOID lpFlsData)
{
    if (!fls_valid(dwFlsIndex)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (pthread_setspecific((pthread_key_t)dwFlsIndex, lpFlsData) != 0) {
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    return TRUE;
}
