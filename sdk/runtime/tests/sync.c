/* sync.c: events, mutexes, semaphores and the wait functions
 * (sdk/runtime/sync.c, event.c, mutex.c, semaphore.c).  Timeouts are
 * measured loosely: at least the time asked, well under a second more. */
#include "windows.h"
#include "tap.h"

static HANDLE g_mutex, g_event;

static DWORD WINAPI take_and_quit(LPVOID p)
{
    (void)p;
    return WaitForSingleObject(g_mutex, 0);     /* and never release it */
}

static DWORD WINAPI release_foreign(LPVOID p)
{
    (void)p;
    SetLastError(0);
    if (ReleaseMutex(g_mutex)) {
        return 1;
    }
    return GetLastError();
}

static DWORD WINAPI set_later(LPVOID p)
{
    Sleep(50);
    SetEvent((HANDLE)p);
    return 0;
}

static DWORD WINAPI wait_event(LPVOID p)
{
    (void)p;
    return WaitForSingleObject(g_event, 2000);
}

static void events(void)
{
    HANDLE e, e2, t;
    DWORD t0, el;

    e = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(e != NULL, "CreateEvent: a manual-reset event");
    is_int(WaitForSingleObject(e, 0), WAIT_TIMEOUT, "not signalled: WAIT_TIMEOUT at once");
    ok(SetEvent(e), "SetEvent");
    is_int(WaitForSingleObject(e, 0), WAIT_OBJECT_0, "signalled: WAIT_OBJECT_0");
    is_int(WaitForSingleObject(e, 0), WAIT_OBJECT_0, "a manual-reset event stays signalled");
    ok(ResetEvent(e), "ResetEvent");
    is_int(WaitForSingleObject(e, 0), WAIT_TIMEOUT, "reset: WAIT_TIMEOUT");
    CloseHandle(e);

    e = CreateEventA(NULL, FALSE, TRUE, NULL);
    is_int(WaitForSingleObject(e, 0), WAIT_OBJECT_0, "auto-reset, initially set: one wait succeeds");
    is_int(WaitForSingleObject(e, 0), WAIT_TIMEOUT, "and resets it");
    t0 = GetTickCount();
    is_int(WaitForSingleObject(e, 100), WAIT_TIMEOUT, "a 100 ms wait times out");
    el = GetTickCount() - t0;
    ok(el >= 95 && el < 1000, "after about 100 ms");

    t = CreateThread(NULL, 0, set_later, e, 0, NULL);
    t0 = GetTickCount();
    is_int(WaitForSingleObject(e, 5000), WAIT_OBJECT_0, "a wait ends when another thread sets the event");
    ok(GetTickCount() - t0 < 4000, "well before its timeout");
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    CloseHandle(e);

    /* Names are shared inside the process. */
    SetLastError(1234);
    e = CreateEventA(NULL, TRUE, FALSE, "isw-test-event");
    ok(e != NULL, "a named event");
    is_int(GetLastError(), ERROR_SUCCESS, "new: the last error is cleared");
    e2 = CreateEventA(NULL, FALSE, TRUE, "isw-test-event");
    ok(e2 != NULL && e2 != e, "the same name again: another handle");
    is_int(GetLastError(), ERROR_ALREADY_EXISTS, "with ERROR_ALREADY_EXISTS");
    is_int(WaitForSingleObject(e, 0), WAIT_TIMEOUT, "to the same object: the second call's parameters are ignored");
    SetEvent(e2);
    is_int(WaitForSingleObject(e, 0), WAIT_OBJECT_0, "setting it through one handle signals the other");
    CloseHandle(e2);
    e2 = OpenEventA(EVENT_ALL_ACCESS, FALSE, "isw-test-event");
    ok(e2 != NULL, "OpenEvent finds it by name");
    is_int(WaitForSingleObject(e2, 0), WAIT_OBJECT_0, "in its current state");
    SetLastError(0);
    ok(CreateMutexA(NULL, FALSE, "isw-test-event") == NULL,
       "a mutex cannot take an event's name");
    is_int(GetLastError(), ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE");
    CloseHandle(e);
    CloseHandle(e2);
    SetLastError(0);
    ok(OpenEventA(EVENT_ALL_ACCESS, FALSE, "isw-test-event") == NULL,
       "the name goes with the last handle");
    is_int(GetLastError(), ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND");

    /* IIS's session 0: Global\ and Local\ name the same objects. */
    e = CreateEventA(NULL, TRUE, TRUE, "Global\\isw-test-ns");
    e2 = OpenEventA(SYNCHRONIZE, FALSE, "Local\\isw-test-ns");
    ok(e2 != NULL, "Global\\x and Local\\x are one object, as in session 0");
    CloseHandle(e2);
    e2 = OpenEventA(SYNCHRONIZE, FALSE, "isw-test-ns");
    ok(e2 != NULL, "and the bare name too");
    CloseHandle(e2);
    CloseHandle(e);

    /* PulseEvent releases a waiter and leaves the event reset. */
    g_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    t = CreateThread(NULL, 0, wait_event, NULL, 0, NULL);
    Sleep(200);
    ok(PulseEvent(g_event), "PulseEvent");
    WaitForSingleObject(t, 5000);
    {
        DWORD code = 1;
        GetExitCodeThread(t, &code);
        is_int(code, WAIT_OBJECT_0, "a waiting thread is released by PulseEvent");
    }
    is_int(WaitForSingleObject(g_event, 0), WAIT_TIMEOUT, "the event is reset afterwards");
    CloseHandle(t);
    CloseHandle(g_event);
}

static void mutexes(void)
{
    HANDLE m, m2, t;
    DWORD code;

    m = CreateMutexA(NULL, TRUE, NULL);
    ok(m != NULL, "CreateMutex, initially owned");
    is_int(WaitForSingleObject(m, 0), WAIT_OBJECT_0, "the owner waits again: recursive");
    ok(ReleaseMutex(m), "ReleaseMutex once");
    ok(ReleaseMutex(m), "and twice");
    SetLastError(0);
    ok(!ReleaseMutex(m), "a third time: not owned any more");
    is_int(GetLastError(), ERROR_NOT_OWNER, "ERROR_NOT_OWNER");

    g_mutex = m;
    WaitForSingleObject(m, 0);
    t = CreateThread(NULL, 0, release_foreign, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &code);
    is_int(code, ERROR_NOT_OWNER, "another thread cannot release it: ERROR_NOT_OWNER");
    CloseHandle(t);
    ReleaseMutex(m);

    /* A thread that ends owning it abandons it. */
    t = CreateThread(NULL, 0, take_and_quit, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &code);
    is_int(code, WAIT_OBJECT_0, "a thread takes the mutex and ends");
    CloseHandle(t);
    is_int(WaitForSingleObject(m, 1000), WAIT_ABANDONED_0, "the next wait reports WAIT_ABANDONED");
    ok(ReleaseMutex(m), "and owns it");
    is_int(WaitForSingleObject(m, 0), WAIT_OBJECT_0, "after that, an ordinary WAIT_OBJECT_0");
    ReleaseMutex(m);

    m2 = CreateMutexA(NULL, FALSE, "isw-test-mutex");
    is_int(GetLastError(), ERROR_SUCCESS, "a named mutex");
    HANDLE m3 = CreateMutexA(NULL, TRUE, "isw-test-mutex");
    is_int(GetLastError(), ERROR_ALREADY_EXISTS, "again: ERROR_ALREADY_EXISTS");
    SetLastError(0);
    ok(!ReleaseMutex(m3), "bInitialOwner is ignored for an existing mutex");
    ok(OpenMutexA(SYNCHRONIZE, FALSE, "isw-no-such-mutex") == NULL, "OpenMutex of an unknown name fails");
    is_int(GetLastError(), ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND");
    CloseHandle(m3);
    CloseHandle(m2);
    CloseHandle(m);
}

static void semaphores(void)
{
    HANDLE s;
    LONG prev = -1;

    SetLastError(0);
    ok(CreateSemaphoreA(NULL, 3, 2, NULL) == NULL, "initial count above the maximum is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    s = CreateSemaphoreA(NULL, 2, 3, NULL);
    ok(s != NULL, "CreateSemaphore(2, max 3)");
    is_int(WaitForSingleObject(s, 0), WAIT_OBJECT_0, "take one");
    is_int(WaitForSingleObject(s, 0), WAIT_OBJECT_0, "take two");
    is_int(WaitForSingleObject(s, 0), WAIT_TIMEOUT, "the third waits");
    ok(ReleaseSemaphore(s, 2, &prev), "release 2");
    is_int(prev, 0, "lpPreviousCount: 0");
    prev = -1;
    SetLastError(0);
    ok(!ReleaseSemaphore(s, 2, &prev), "2 more would pass the maximum");
    is_int(GetLastError(), ERROR_TOO_MANY_POSTS, "ERROR_TOO_MANY_POSTS");
    ok(ReleaseSemaphore(s, 1, &prev), "1 more reaches it");
    is_int(prev, 2, "lpPreviousCount: 2 (the failed release changed nothing)");
    SetLastError(0);
    ok(!ReleaseSemaphore(s, 0, NULL), "a release count of 0 is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    CloseHandle(s);
}

static void multiple(void)
{
    HANDLE h[3];
    DWORD t0, el;

    h[0] = CreateEventA(NULL, TRUE, FALSE, NULL);
    h[1] = CreateEventA(NULL, FALSE, FALSE, NULL);
    h[2] = CreateSemaphoreA(NULL, 0, 5, NULL);
    is_int(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_TIMEOUT, "any of none: WAIT_TIMEOUT");
    SetEvent(h[1]);
    is_int(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_OBJECT_0 + 1, "any: WAIT_OBJECT_0 + the index");
    is_int(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_TIMEOUT, "the auto-reset event was taken");
    SetEvent(h[0]);
    SetEvent(h[1]);
    is_int(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_OBJECT_0, "any, several set: the lowest index");
    is_int(WaitForMultipleObjects(3, h, TRUE, 0), WAIT_TIMEOUT, "all, one missing: WAIT_TIMEOUT");
    is_int(WaitForSingleObject(h[1], 0), WAIT_OBJECT_0, "and a failed wait for all takes nothing");
    SetEvent(h[1]);
    t0 = GetTickCount();
    is_int(WaitForMultipleObjects(3, h, TRUE, 150), WAIT_TIMEOUT, "all, with a timeout");
    el = GetTickCount() - t0;
    ok(el >= 145 && el < 1500, "times out after about 150 ms");
    ReleaseSemaphore(h[2], 1, NULL);
    is_int(WaitForMultipleObjects(3, h, TRUE, 0), WAIT_OBJECT_0, "all set: WAIT_OBJECT_0");
    is_int(WaitForSingleObject(h[1], 0), WAIT_TIMEOUT, "the wait for all took the auto-reset event");
    is_int(WaitForSingleObject(h[2], 0), WAIT_TIMEOUT, "and the semaphore's count");

    {
        HANDLE dup[2] = { h[0], h[0] };
        SetLastError(0);
        is_int(WaitForMultipleObjects(2, dup, TRUE, 0), WAIT_FAILED, "one handle twice in a wait for all: WAIT_FAILED");
        is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    }
    SetLastError(0);
    is_int(WaitForMultipleObjects(0, h, FALSE, 0), WAIT_FAILED, "nCount 0: WAIT_FAILED");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    SetLastError(0);
    is_int(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, h, FALSE, 0), WAIT_FAILED,
           "more than MAXIMUM_WAIT_OBJECTS: WAIT_FAILED");
    CloseHandle(h[0]);
    SetLastError(0);
    is_int(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_FAILED, "a closed handle among them: WAIT_FAILED");
    is_int(GetLastError(), ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE");
    SetLastError(0);
    is_int(WaitForSingleObject((HANDLE)(uintptr_t)0x4444, 0), WAIT_FAILED, "a made-up handle: WAIT_FAILED");
    is_int(GetLastError(), ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE");
    is_int(WaitForSingleObject(GetCurrentThread(), 10), WAIT_TIMEOUT,
           "the current thread's pseudo handle never signals while it waits");
    CloseHandle(h[1]);
    CloseHandle(h[2]);
}

static VOID CALLBACK apc(LPVOID arg, DWORD lo, DWORD hi)
{
    (void)arg;
    (void)lo;
    (void)hi;
}

static void timers(void)
{
    HANDLE t;
    LARGE_INTEGER due;
    DWORD t0, el;
    FILETIME now;
    int fired = 0;

    t = CreateWaitableTimerA(NULL, FALSE, NULL);
    ok(t != NULL, "CreateWaitableTimer: a synchronization timer");
    is_int(WaitForSingleObject(t, 0), WAIT_TIMEOUT, "not set: not signalled");
    due.QuadPart = -100 * 10000LL;            /* 100 ms from now */
    ok(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer, relative 100 ms");
    t0 = GetTickCount();
    is_int(WaitForSingleObject(t, 5000), WAIT_OBJECT_0, "the wait ends when it falls due");
    el = GetTickCount() - t0;
    ok(el >= 90 && el < 1500, "after about 100 ms");
    is_int(WaitForSingleObject(t, 0), WAIT_TIMEOUT, "a synchronization timer is taken by the wait");

    GetSystemTimeAsFileTime(&now);
    due.QuadPart = (LONGLONG)((ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime) + 50 * 10000LL;
    ok(SetWaitableTimer(t, &due, 30, NULL, NULL, FALSE), "absolute due time, 30 ms period");
    for (t0 = GetTickCount(); GetTickCount() - t0 < 2000 && fired < 3;) {
        if (WaitForSingleObject(t, 1000) == WAIT_OBJECT_0) {
            fired++;
        }
    }
    is_int(fired, 3, "a periodic timer fires again and again");
    ok(CancelWaitableTimer(t), "CancelWaitableTimer");
    Sleep(5);
    WaitForSingleObject(t, 0);
    is_int(WaitForSingleObject(t, 100), WAIT_TIMEOUT, "cancelled: it fires no more");
    SetLastError(0);
    ok(!SetWaitableTimer(t, &due, 0, apc, NULL, FALSE),
       "a completion routine (an APC) is refused");
    is_int(GetLastError(), ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED");
    CloseHandle(t);

    t = CreateWaitableTimerA(NULL, TRUE, "isw-test-timer");
    due.QuadPart = 0;                           /* absolute, long past */
    SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    is_int(WaitForSingleObject(t, 1000), WAIT_OBJECT_0, "a due time in the past fires at once");
    is_int(WaitForSingleObject(t, 0), WAIT_OBJECT_0, "a manual-reset timer stays signalled");
    {
        HANDLE t2 = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, "isw-test-timer");
        ok(t2 != NULL, "OpenWaitableTimer by name");
        CloseHandle(t2);
    }
    CloseHandle(t);
}

int main(void)
{
    events();
    mutexes();
    semaphores();
    multiple();
    timers();
    return done();
}
