/* critsec.c: critical sections, SRW locks and condition variables
 * (sdk/runtime/critsec.c). */
#include "windows.h"
#include "tap.h"

#define THREADS 4
#define ROUNDS  20000

static CRITICAL_SECTION cs;
static CRITICAL_SECTION never_initialised;      /* zeroed static memory */
static long counter;                           /* not atomic on purpose */
static SRWLOCK srw = SRWLOCK_INIT;
static CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
static int ready, consumed;

static DWORD WINAPI bump(LPVOID p)
{
    int i;

    (void)p;
    for (i = 0; i < ROUNDS; i++) {
        EnterCriticalSection(&cs);
        EnterCriticalSection(&cs);   /* recursion, as Windows allows */
        counter++;
        LeaveCriticalSection(&cs);
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static DWORD WINAPI bump_srw(LPVOID p)
{
    int i;

    (void)p;
    for (i = 0; i < ROUNDS; i++) {
        AcquireSRWLockExclusive(&srw);
        counter++;
        ReleaseSRWLockExclusive(&srw);
    }
    return 0;
}

static DWORD WINAPI try_other(LPVOID p)
{
    if (!TryEnterCriticalSection((CRITICAL_SECTION *)p)) {
        return FALSE;
    }
    LeaveCriticalSection((CRITICAL_SECTION *)p);
    return TRUE;
}

static DWORD WINAPI consumer(LPVOID p)
{
    (void)p;
    EnterCriticalSection(&cs);
    while (!ready) {
        if (!SleepConditionVariableCS(&cv, &cs, 5000)) {
            break;
        }
    }
    consumed = ready;
    LeaveCriticalSection(&cs);
    return 0;
}

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static volatile LONG once_calls;
static int once_fail = 1;
static int once_target;

static BOOL WINAPI init_fn(PINIT_ONCE o, PVOID param, PVOID *ctx)
{
    (void)o;
    InterlockedIncrement(&once_calls);
    Sleep(20);
    if (once_fail) {
        once_fail = 0;
        return FALSE;
    }
    *ctx = param;
    return TRUE;
}

static DWORD WINAPI once_user(LPVOID p)
{
    PVOID ctx = NULL;

    (void)p;
    return InitOnceExecuteOnce(&once, init_fn, &once_target, &ctx) && ctx == &once_target;
}

static void run(LPTHREAD_START_ROUTINE fn)
{
    HANDLE t[THREADS];
    int i;

    for (i = 0; i < THREADS; i++) {
        t[i] = CreateThread(NULL, 0, fn, NULL, 0, NULL);
    }
    WaitForMultipleObjects(THREADS, t, TRUE, INFINITE);
    for (i = 0; i < THREADS; i++) {
        CloseHandle(t[i]);
    }
}

int main(void)
{
    HANDLE t;
    DWORD code = 99;
    DWORD t0;

    InitializeCriticalSection(&cs);
    run(bump);
    is_int(counter, THREADS * ROUNDS, "4 threads, recursive entries: no increment lost");
    is_int(cs.RecursionCount, 0, "RecursionCount is 0 when free");
    ok(cs.OwningThread == NULL, "OwningThread is empty when free");

    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs);
    is_int(cs.RecursionCount, 2, "RecursionCount counts the depth");
    ok((DWORD)(uintptr_t)cs.OwningThread == GetCurrentThreadId(), "OwningThread is the owner's id");
    ok(TryEnterCriticalSection(&cs), "TryEnter by the owner succeeds");
    t = CreateThread(NULL, 0, try_other, &cs, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &code);
    is_int(code, FALSE, "TryEnter by another thread fails while it is held");
    CloseHandle(t);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    t = CreateThread(NULL, 0, try_other, &cs, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &code);
    is_int(code, TRUE, "after the last Leave, another thread gets it");
    CloseHandle(t);
    DeleteCriticalSection(&cs);

    ok(InitializeCriticalSectionAndSpinCount(&cs, 4000), "InitializeCriticalSectionAndSpinCount");
    is_int(SetCriticalSectionSpinCount(&cs, 100), 4000, "SetCriticalSectionSpinCount returns the previous count");
    ok(InitializeCriticalSectionEx(&cs, 0, CRITICAL_SECTION_NO_DEBUG_INFO), "InitializeCriticalSectionEx");

    EnterCriticalSection(&never_initialised);
    ok(TryEnterCriticalSection(&never_initialised), "a zeroed static section works uninitialised");
    LeaveCriticalSection(&never_initialised);
    LeaveCriticalSection(&never_initialised);

    counter = 0;
    run(bump_srw);
    is_int(counter, THREADS * ROUNDS, "SRW lock, exclusive: no increment lost");
    AcquireSRWLockShared(&srw);
    ok(TryAcquireSRWLockShared(&srw), "two shared holders");
    ok(!TryAcquireSRWLockExclusive(&srw), "exclude a writer");
    ReleaseSRWLockShared(&srw);
    ReleaseSRWLockShared(&srw);
    ok(TryAcquireSRWLockExclusive(&srw), "free again: a writer gets it");
    ReleaseSRWLockExclusive(&srw);

    /* Condition variables. */
    EnterCriticalSection(&cs);
    t0 = GetTickCount();
    SetLastError(0);
    ok(!SleepConditionVariableCS(&cv, &cs, 100), "nobody wakes it: FALSE after the timeout");
    is_int(GetLastError(), ERROR_TIMEOUT, "ERROR_TIMEOUT");
    ok(GetTickCount() - t0 >= 95, "after about 100 ms");
    ok((DWORD)(uintptr_t)cs.OwningThread == GetCurrentThreadId(), "the section is held again on return");
    LeaveCriticalSection(&cs);

    t = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    Sleep(50);
    EnterCriticalSection(&cs);
    ready = 1;
    WakeConditionVariable(&cv);
    LeaveCriticalSection(&cs);
    is_int(WaitForSingleObject(t, 5000), WAIT_OBJECT_0, "the sleeper wakes");
    is_int(consumed, 1, "and sees the state set before the wake");
    CloseHandle(t);

    AcquireSRWLockShared(&srw);
    SetLastError(0);
    ok(!SleepConditionVariableSRW(&cv, &srw, 20, CONDITION_VARIABLE_LOCKMODE_SHARED),
       "SleepConditionVariableSRW times out");
    is_int(GetLastError(), ERROR_TIMEOUT, "ERROR_TIMEOUT");
    ok(!TryAcquireSRWLockExclusive(&srw), "and returns holding the lock shared");
    ReleaseSRWLockShared(&srw);
    WakeAllConditionVariable(&cv);
    DeleteCriticalSection(&cs);

    {
        PVOID ctx = NULL;
        HANDLE u[THREADS];
        DWORD c, good = 0;
        int i;

        ok(!InitOnceExecuteOnce(&once, init_fn, &once_target, &ctx),
           "InitOnceExecuteOnce: a failing function makes it fail");
        for (i = 0; i < THREADS; i++) {
            u[i] = CreateThread(NULL, 0, once_user, NULL, 0, NULL);
        }
        WaitForMultipleObjects(THREADS, u, TRUE, INFINITE);
        for (i = 0; i < THREADS; i++) {
            GetExitCodeThread(u[i], &c);
            good += c;
            CloseHandle(u[i]);
        }
        is_int(good, THREADS, "then, from 4 threads at once, every caller gets the context");
        is_int(once_calls, 2, "and the function ran once more, not once per thread");
    }
    return done();
}
