/*
 * threadpool.c: QueueUserWorkItem, timer queues (CreateTimerQueue,
 * CreateTimerQueueTimer, ChangeTimerQueueTimer, DeleteTimerQueueTimer,
 * DeleteTimerQueue(Ex)) and registered waits (RegisterWaitForSingleObject,
 * UnregisterWait(Ex)).
 *
 * Windows runs these on a shared pool; here every work item, timer and
 * registered wait has a detached thread of its own, which filters cannot tell
 * apart (they queue few items and own few timers) and which keeps one
 * slow callback from delaying another.  Timer and queue handles are
 * pointers into a list, as on Windows, but looked up before use, so a
 * deleted or made-up one gives ERROR_INVALID_PARAMETER, not a crash.
 */
#include "isw_sync.h"

#include <pthread.h>
#include <time.h>

/* ---- Work items ---- */

typedef struct {
    LPTHREAD_START_ROUTINE fn;
    PVOID ctx;
} work_item;

static void *work_thread(void *arg)
{
    work_item w = *(work_item *)arg;

    free(arg);
    w.fn(w.ctx);
    return NULL;
}

static BOOL start_detached(void *(*fn)(void *), void *arg)
{
    pthread_attr_t attr;
    pthread_t pt;
    int rc;

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&pt, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function,
                                         PVOID Context, ULONG Flags)
{
    work_item *w;

    (void)Flags;
    if (!Function) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(w = malloc(sizeof(*w)))) {
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    w->fn = Function;
    w->ctx = Context;
    if (!start_detached(work_thread, w)) {
        free(w);
        return FALSE;
    }
    return TRUE;
}

/* ---- Timer queues ---- */

typedef struct tq_queue {
    struct tq_queue *next;
} tq_queue;

/* What a callback's thread (a timer's or a registered wait's) shares
 * with the call that ends it; tq_lock guards it. */
typedef struct tp_run {
    DWORD tid;                /* the callback's thread */
    int running;              /* in the callback */
    int finished;             /* the thread has ended */
    HANDLE completion;        /* signalled when the thread ends */
} tp_run;

typedef struct tq_timer {
    struct tq_timer *next;
    tq_queue *queue;          /* NULL: the default queue */
    WAITORTIMERCALLBACK fn;
    PVOID param;
    struct timespec due;      /* CLOCK_MONOTONIC */
    DWORD period;             /* ms; 0: once */
    int refs;                 /* the list's and the thread's; tq_lock */
    int deleted;
    tp_run run;
} tq_timer;

static pthread_mutex_t tq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tq_cond = PTHREAD_COND_INITIALIZER;
static tq_queue *queues;
static tq_timer *timers;

/* The callback thread's end, tq_lock held: the event the ender asked for,
 * for run_signal once the lock is let go. */
static HANDLE run_finish(tp_run *r)
{
    r->finished = 1;
    pthread_cond_broadcast(&tq_cond);
    return r->completion;
}

static void run_signal(HANDLE ev)
{
    if (ev && ev != INVALID_HANDLE_VALUE) {
        SetEvent(ev);
    }
}

/* The ending of a callback's registration with CompletionEvent ev, as
 * DeleteTimerQueueTimer and UnregisterWaitEx document it: NULL returns at
 * once, INVALID_HANDLE_VALUE waits for a running callback (unless called
 * from it, which would wait for itself), an event is set when the
 * callback is over -- now (*set_now) if it is already.  tq_lock held.
 * Returns whether the callback is still running. */
static int run_end(tp_run *r, HANDLE ev, HANDLE *set_now)
{
    *set_now = NULL;
    if (ev == INVALID_HANDLE_VALUE && r->tid != isw_tid()) {
        while (!r->finished) {
            pthread_cond_wait(&tq_cond, &tq_lock);
        }
    }
    else if (ev && ev != INVALID_HANDLE_VALUE) {
        if (r->finished) {
            *set_now = ev;
        }
        else {
            r->completion = ev;
        }
    }
    return r->running && !r->finished;
}

static void due_in(struct timespec *ts, DWORD ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static int due_passed(const struct timespec *ts)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > ts->tv_sec
           || (now.tv_sec == ts->tv_sec && now.tv_nsec >= ts->tv_nsec);
}

/* tq_lock held; frees t with the last reference. */
static void timer_put(tq_timer *t)
{
    if (--t->refs == 0) {
        free(t);
    }
}

static void *timer_thread(void *arg)
{
    tq_timer *t = arg;
    HANDLE done;

    pthread_mutex_lock(&tq_lock);
    t->run.tid = isw_tid();
    while (!t->deleted) {
        if (!due_passed(&t->due)) {
            pthread_cond_clockwait(&tq_cond, &tq_lock, CLOCK_MONOTONIC, &t->due);
            continue;
        }
        t->run.running = 1;
        pthread_mutex_unlock(&tq_lock);
        t->fn(t->param, TRUE);
        pthread_mutex_lock(&tq_lock);
        t->run.running = 0;
        pthread_cond_broadcast(&tq_cond);
        if (!t->period) {
            break;
        }
        /* The next period from now: a slow callback is not run again
         * and again to catch up. */
        due_in(&t->due, t->period);
    }
    done = run_finish(&t->run);
    timer_put(t);
    pthread_mutex_unlock(&tq_lock);
    run_signal(done);
    return NULL;
}

/* tq_lock held. */
static int queue_known(HANDLE q)
{
    tq_queue *x;

    if (!q) {
        return 1;
    }
    for (x = queues; x && x != (tq_queue *)q; x = x->next) {
    }
    return x != NULL;
}

/* The timer h names in queue q, taken off the list; tq_lock held. */
static tq_timer *timer_unlink(HANDLE q, HANDLE h)
{
    tq_timer **p;

    for (p = &timers; *p; p = &(*p)->next) {
        if (*p == (tq_timer *)h && (*p)->queue == (tq_queue *)q) {
            tq_timer *t = *p;

            *p = t->next;
            return t;
        }
    }
    return NULL;
}

WINBASEAPI HANDLE WINAPI CreateTimerQueue(void)
{
    tq_queue *q = calloc(1, sizeof(*q));

    if (!q) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    pthread_mutex_lock(&tq_lock);
    q->next = queues;
    queues = q;
    pthread_mutex_unlock(&tq_lock);
    return (HANDLE)q;
}

WINBASEAPI BOOL WINAPI CreateTimerQueueTimer(PHANDLE phNewTimer,
                                             HANDLE TimerQueue,
                                             WAITORTIMERCALLBACK Callback,
                                             PVOID Parameter, DWORD DueTime,
                                             DWORD Period, ULONG Flags)
{
    tq_timer *t;

    if (!phNewTimer || !Callback) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(t = calloc(1, sizeof(*t)))) {
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    t->queue = (tq_queue *)TimerQueue;
    t->fn = Callback;
    t->param = Parameter;
    t->period = (Flags & WT_EXECUTEONLYONCE) ? 0 : Period;
    t->refs = 2;
    due_in(&t->due, DueTime);
    pthread_mutex_lock(&tq_lock);
    if (!queue_known(TimerQueue)) {
        pthread_mutex_unlock(&tq_lock);
        free(t);
        return isw_fail(ERROR_INVALID_HANDLE);
    }
    t->next = timers;
    timers = t;
    if (!start_detached(timer_thread, t)) {
        timer_unlink(TimerQueue, t);
        pthread_mutex_unlock(&tq_lock);
        free(t);
        return FALSE;
    }
    *phNewTimer = (HANDLE)t;
    pthread_mutex_unlock(&tq_lock);
    return TRUE;
}

WINBASEAPI BOOL WINAPI ChangeTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer,
                                             ULONG DueTime, ULONG Period)
{
    tq_timer *t;

    pthread_mutex_lock(&tq_lock);
    for (t = timers; t && t != (tq_timer *)Timer; t = t->next) {
    }
    if (!t || t->queue != (tq_queue *)TimerQueue) {
        pthread_mutex_unlock(&tq_lock);
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    /* A one-shot timer that has fired is not rearmed, as on Windows. */
    if (!t->run.finished) {
        due_in(&t->due, DueTime);
        t->period = Period;
        pthread_cond_broadcast(&tq_cond);
    }
    pthread_mutex_unlock(&tq_lock);
    return TRUE;
}

/* Deletes t (off the list already).  CompletionEvent: NULL returns at
 * once (ERROR_IO_PENDING if the callback is running), INVALID_HANDLE_VALUE
 * waits for a running callback, an event is set when it is over.
 * tq_lock held on entry, released on return. */
static BOOL tq_delete(tq_timer *t, HANDLE ev)
{
    int pending;
    HANDLE set_now;

    t->deleted = 1;
    pthread_cond_broadcast(&tq_cond);
    pending = run_end(&t->run, ev, &set_now);
    timer_put(t);
    pthread_mutex_unlock(&tq_lock);
    run_signal(set_now);
    if (!ev && pending) {
        /* Deleted; its running callback finishes on its own. */
        return isw_fail(ERROR_IO_PENDING);
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer,
                                             HANDLE CompletionEvent)
{
    tq_timer *t;

    pthread_mutex_lock(&tq_lock);
    if (!(t = timer_unlink(TimerQueue, Timer))) {
        pthread_mutex_unlock(&tq_lock);
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    return tq_delete(t, CompletionEvent);
}

WINBASEAPI BOOL WINAPI DeleteTimerQueueEx(HANDLE TimerQueue,
                                          HANDLE CompletionEvent)
{
    tq_queue **p;
    tq_timer *t;
    BOOL ok = TRUE;

    pthread_mutex_lock(&tq_lock);
    for (p = &queues; *p && *p != (tq_queue *)TimerQueue; p = &(*p)->next) {
    }
    if (!TimerQueue || !*p) {
        pthread_mutex_unlock(&tq_lock);
        return isw_fail(ERROR_INVALID_HANDLE);
    }
    *p = (*p)->next;
    for (;;) {
        for (t = timers; t && t->queue != (tq_queue *)TimerQueue; t = t->next) {
        }
        if (!t) {
            break;
        }
        timer_unlink(TimerQueue, t);
        /* With an event, the callbacks are waited for here and the event
         * set once, for the whole queue, below. */
        if (!tq_delete(t, CompletionEvent ? INVALID_HANDLE_VALUE : NULL)) {
            ok = FALSE;
        }
        pthread_mutex_lock(&tq_lock);
    }
    pthread_mutex_unlock(&tq_lock);
    free(TimerQueue);
    if (CompletionEvent && CompletionEvent != INVALID_HANDLE_VALUE) {
        SetEvent(CompletionEvent);
    }
    return ok;
}

WINBASEAPI BOOL WINAPI DeleteTimerQueue(HANDLE TimerQueue)
{
    return DeleteTimerQueueEx(TimerQueue, NULL);
}

/* ---- Registered waits ----
 * The wait's thread waits for the object or a private stop event; the
 * object's handle is duplicated where it can be (events, mutexes,
 * semaphores, threads, timers), so that it stays valid for the thread. */

typedef struct rw_wait {
    struct rw_wait *next;
    HANDLE object;
    int own_object;           /* a duplicate to close at the end */
    HANDLE stop;
    WAITORTIMERCALLBACK fn;
    PVOID ctx;
    DWORD ms;
    ULONG flags;
    int refs;                 /* tq_lock */
    tp_run run;
} rw_wait;

static rw_wait *waits;

/* tq_lock held. */
static void wait_put(rw_wait *w)
{
    if (--w->refs == 0) {
        if (w->own_object) {
            CloseHandle(w->object);
        }
        CloseHandle(w->stop);
        free(w);
    }
}

static void *wait_thread(void *arg)
{
    rw_wait *w = arg;
    HANDLE h[2], done;
    DWORD r;

    pthread_mutex_lock(&tq_lock);
    w->run.tid = isw_tid();
    pthread_mutex_unlock(&tq_lock);
    h[0] = w->stop;
    h[1] = w->object;
    for (;;) {
        r = WaitForMultipleObjects(2, h, FALSE, w->ms);
        if (r != WAIT_OBJECT_0 + 1 && r != WAIT_ABANDONED_0 + 1
            && r != WAIT_TIMEOUT) {
            break;            /* stopped, or the object is gone */
        }
        pthread_mutex_lock(&tq_lock);
        w->run.running = 1;
        pthread_mutex_unlock(&tq_lock);
        w->fn(w->ctx, r == WAIT_TIMEOUT);
        pthread_mutex_lock(&tq_lock);
        w->run.running = 0;
        pthread_cond_broadcast(&tq_cond);
        pthread_mutex_unlock(&tq_lock);
        if (w->flags & WT_EXECUTEONLYONCE) {
            break;
        }
    }
    pthread_mutex_lock(&tq_lock);
    done = run_finish(&w->run);
    wait_put(w);
    pthread_mutex_unlock(&tq_lock);
    run_signal(done);
    return NULL;
}

WINBASEAPI BOOL WINAPI RegisterWaitForSingleObject(PHANDLE phNewWaitObject,
                                                   HANDLE hObject,
                                                   WAITORTIMERCALLBACK Callback,
                                                   PVOID Context,
                                                   ULONG dwMilliseconds,
                                                   ULONG dwFlags)
{
    rw_wait *w;
    HANDLE cur = GetCurrentProcess();
    isw_obj *o;
    int waitable;

    if (!phNewWaitObject || !Callback) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    /* Only a waitable handle, checked without taking it. */
    if (!(o = isw_handle_get(hObject, ISW_ANY))) {
        return FALSE;
    }
    waitable = o->signalled != NULL;
    isw_obj_put(o);
    if (!waitable) {
        return isw_fail(ERROR_INVALID_HANDLE);
    }
    if (!(w = calloc(1, sizeof(*w)))) {
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    w->own_object = DuplicateHandle(cur, hObject, cur, &w->object, 0, FALSE,
                                    DUPLICATE_SAME_ACCESS);
    if (!w->own_object) {
        w->object = hObject;
    }
    if (!(w->stop = CreateEventA(NULL, TRUE, FALSE, NULL))) {
        if (w->own_object) {
            CloseHandle(w->object);
        }
        free(w);
        return FALSE;
    }
    w->fn = Callback;
    w->ctx = Context;
    w->ms = dwMilliseconds;
    w->flags = dwFlags;
    w->refs = 2;
    pthread_mutex_lock(&tq_lock);
    w->next = waits;
    waits = w;
    if (!start_detached(wait_thread, w)) {
        waits = w->next;
        w->refs = 1;
        wait_put(w);
        pthread_mutex_unlock(&tq_lock);
        return FALSE;
    }
    *phNewWaitObject = (HANDLE)w;
    pthread_mutex_unlock(&tq_lock);
    return TRUE;
}

WINBASEAPI BOOL WINAPI UnregisterWaitEx(HANDLE WaitHandle,
                                        HANDLE CompletionEvent)
{
    rw_wait **p, *w;
    HANDLE set_now;
    int pending;

    pthread_mutex_lock(&tq_lock);
    for (p = &waits; *p && *p != (rw_wait *)WaitHandle; p = &(*p)->next) {
    }
    if (!(w = *p)) {
        pthread_mutex_unlock(&tq_lock);
        return isw_fail(ERROR_INVALID_HANDLE);
    }
    *p = w->next;
    SetEvent(w->stop);
    pending = run_end(&w->run, CompletionEvent, &set_now);
    wait_put(w);
    pthread_mutex_unlock(&tq_lock);
    run_signal(set_now);
    if (!CompletionEvent && pending) {
        return isw_fail(ERROR_IO_PENDING);
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI UnregisterWait(HANDLE WaitHandle)
{
    return UnregisterWaitEx(WaitHandle, NULL);
}
