/* threadpool.c: QueueUserWorkItem and timer-queue timers
 * (sdk/runtime/threadpool.c). */
#include "windows.h"
#include "tap.h"

static volatile LONG ticks, slow_started, slow_done;
static HANDLE work_done;

static LONG get(volatile LONG *v)
{
    return InterlockedCompareExchange(v, 0, 0);
}

static DWORD WINAPI work(LPVOID p)
{
    *(DWORD *)p = GetCurrentThreadId();
    SetEvent(work_done);
    return 0;
}

static volatile LONG signalled_calls, timeout_calls;

/* Waits (up to 3 s, for a loaded machine) until *v reaches want. */
static LONG wait_for(volatile LONG *v, LONG want)
{
    DWORD t0 = GetTickCount();

    while (get(v) < want && GetTickCount() - t0 < 3000) {
        Sleep(5);
    }
    return get(v);
}

static VOID CALLBACK on_wait(PVOID p, BOOLEAN timed_out)
{
    (void)p;
    InterlockedIncrement(timed_out ? &timeout_calls : &signalled_calls);
}

static VOID CALLBACK tick(PVOID p, BOOLEAN fired)
{
    if (fired && p == &ticks) {
        InterlockedIncrement(&ticks);
    }
}

static VOID CALLBACK slow(PVOID p, BOOLEAN fired)
{
    (void)p;
    (void)fired;
    InterlockedExchange(&slow_started, 1);
    Sleep(150);
    InterlockedExchange(&slow_done, 1);
}

int main(void)
{
    HANDLE q, t, t2, ev;
    DWORD tid = 0;
    LONG n;

    work_done = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(QueueUserWorkItem(work, &tid, WT_EXECUTEDEFAULT), "QueueUserWorkItem");
    is_int(WaitForSingleObject(work_done, 5000), WAIT_OBJECT_0, "the item runs");
    ok(tid != 0 && tid != GetCurrentThreadId(), "on another thread");

    ok(CreateTimerQueueTimer(&t, NULL, tick, (PVOID)&ticks, 20, 20, WT_EXECUTEDEFAULT),
       "CreateTimerQueueTimer, default queue, 20 ms period");
    n = wait_for(&ticks, 3);
    ok(n >= 3, "the periodic callback runs again and again");
    ok(DeleteTimerQueueTimer(NULL, t, INVALID_HANDLE_VALUE), "DeleteTimerQueueTimer, waiting");
    n = get(&ticks);
    Sleep(100);
    is_int(get(&ticks), n, "no callback after the delete returned");
    SetLastError(0);
    ok(!DeleteTimerQueueTimer(NULL, t, NULL), "deleting it again fails");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");

    q = CreateTimerQueue();
    ok(q != NULL, "CreateTimerQueue");
    InterlockedExchange(&ticks, 0);
    ok(CreateTimerQueueTimer(&t, q, tick, (PVOID)&ticks, 10, 0, WT_EXECUTEONLYONCE), "a one-shot timer");
    wait_for(&ticks, 1);
    Sleep(100);
    is_int(get(&ticks), 1, "runs once");
    ok(CreateTimerQueueTimer(&t2, q, slow, NULL, 0, 0, 0), "a timer with a slow callback");
    wait_for(&slow_started, 1);
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(DeleteTimerQueueTimer(q, t2, ev), "DeleteTimerQueueTimer with an event");
    is_int(WaitForSingleObject(ev, 5000), WAIT_OBJECT_0, "the event is set");
    is_int(get(&slow_done), 1, "once the running callback is over");
    ok(ChangeTimerQueueTimer(q, t, 10, 0), "ChangeTimerQueueTimer on the fired one-shot");
    ok(DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE), "DeleteTimerQueueEx deletes the queue and its timers");
    SetLastError(0);
    ok(!DeleteTimerQueueTimer(q, t, NULL), "its timers are gone");
    CloseHandle(ev);

    {
        HANDLE obj = CreateEventA(NULL, FALSE, FALSE, NULL), w;

        ok(RegisterWaitForSingleObject(&w, obj, on_wait, NULL, INFINITE, WT_EXECUTEDEFAULT),
           "RegisterWaitForSingleObject");
        is_int(get(&signalled_calls), 0, "registering does not take the event");
        SetEvent(obj);
        is_int(wait_for(&signalled_calls, 1), 1, "the callback runs when the object is signalled (TimerOrWaitFired FALSE)");
        SetEvent(obj);
        is_int(wait_for(&signalled_calls, 2), 2, "and again: the wait is registered until unregistered");
        ok(UnregisterWaitEx(w, INVALID_HANDLE_VALUE), "UnregisterWaitEx, waiting");
        SetEvent(obj);
        Sleep(50);
        is_int(get(&signalled_calls), 2, "no callback after it");
        ResetEvent(obj);
        ok(RegisterWaitForSingleObject(&w, obj, on_wait, NULL, 30, WT_EXECUTEONLYONCE),
           "a registered wait with a 30 ms timeout, once");
        wait_for(&timeout_calls, 1);
        Sleep(100);
        is_int(get(&timeout_calls), 1, "the timeout calls back once with TimerOrWaitFired TRUE");
        ok(UnregisterWait(w), "UnregisterWait");
        SetLastError(0);
        ok(!UnregisterWait(w), "twice: refused");
        is_int(GetLastError(), ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE");
        SetLastError(0);
        ok(!RegisterWaitForSingleObject(&w, (HANDLE)(uintptr_t)0x4444, on_wait, NULL, 0, 0),
           "a bad handle cannot be waited for");
        is_int(GetLastError(), ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE");
        CloseHandle(obj);
    }
    CloseHandle(work_done);
    return done();
}
