/*
 * critsec.c: critical sections, SRW locks, condition variables and
 * one-time initialisation (InitOnceExecuteOnce).
 *
 * A CRITICAL_SECTION holds its pthread mutex inline (win_kernel.h), so
 * entering and leaving never allocate.  Recursion is counted here, as
 * Windows counts it (RecursionCount, OwningThread = the owner's thread
 * id), over a plain mutex: a condition variable can then release it
 * whatever the depth.  Zeroed memory is a free critical section, so a
 * static one works even before InitializeCriticalSection.
 *
 * Condition variables are a futex sequence number in the pointer-sized
 * CONDITION_VARIABLE: a sleeper reads the number, releases its lock and
 * sleeps while the number is unchanged; a wake bumps it.  This serves
 * critical sections and SRW locks alike.  Spurious wake-ups can happen,
 * as Windows allows.
 */
#include "isw_sync.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The rwlock an SRWLOCK holds; all-zero is PTHREAD_RWLOCK_INITIALIZER. */
#define RW(l) ((pthread_rwlock_t *)(void *)(l)->isw_rwlock)
_Static_assert(sizeof(pthread_rwlock_t) <= sizeof(((SRWLOCK *)0)->isw_rwlock),
               "SRWLOCK has room for a pthread_rwlock_t");
_Static_assert(_Alignof(pthread_rwlock_t) <= _Alignof(ULONG_PTR),
               "and its alignment");

static DWORD owner_of(LPCRITICAL_SECTION cs)
{
    return (DWORD)(uintptr_t)__atomic_load_n(&cs->OwningThread,
                                             __ATOMIC_RELAXED);
}

static void set_owner(LPCRITICAL_SECTION cs, DWORD tid)
{
    __atomic_store_n(&cs->OwningThread, (HANDLE)(uintptr_t)tid,
                     __ATOMIC_RELAXED);
}

static void cs_init(LPCRITICAL_SECTION cs, DWORD spin)
{
    pthread_mutexattr_t attr;

    memset(cs, 0, sizeof(*cs));
    cs->LockCount = -1;             /* free, in Windows' encoding */
    cs->SpinCount = spin;
    pthread_mutexattr_init(&attr);
    if (spin) {
        /* glibc's adaptive mutex spins a while before sleeping. */
        pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
    }
    pthread_mutex_init(&cs->isw_mutex, &attr);
    pthread_mutexattr_destroy(&attr);
}

WINBASEAPI VOID WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    if (lpCriticalSection) {
        cs_init(lpCriticalSection, 0);
    }
}

WINBASEAPI BOOL WINAPI InitializeCriticalSectionAndSpinCount(
    LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount)
{
    if (!lpCriticalSection) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    cs_init(lpCriticalSection, dwSpinCount & 0x00FFFFFF);
    return TRUE;
}

WINBASEAPI BOOL WINAPI InitializeCriticalSectionEx(
    LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount, DWORD Flags)
{
    (void)Flags;                /* CRITICAL_SECTION_NO_DEBUG_INFO and co. */
    if (!lpCriticalSection) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    cs_init(lpCriticalSection, dwSpinCount & 0x00FFFFFF);
    return TRUE;
}

/* The count is kept and reported; the mutex's kind (adaptive or not) is
 * fixed at initialisation. */
WINBASEAPI DWORD WINAPI SetCriticalSectionSpinCount(
    LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount)
{
    DWORD old;

    if (!lpCriticalSection) {
        return 0;
    }
    old = (DWORD)lpCriticalSection->SpinCount;
    lpCriticalSection->SpinCount = dwSpinCount & 0x00FFFFFF;
    return old;
}

WINBASEAPI VOID WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    DWORD self = isw_tid();

    if (owner_of(lpCriticalSection) == self) {
        lpCriticalSection->RecursionCount++;
        return;
    }
    pthread_mutex_lock(&lpCriticalSection->isw_mutex);
    set_owner(lpCriticalSection, self);
    lpCriticalSection->RecursionCount = 1;
}

WINBASEAPI BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    DWORD self = isw_tid();

    if (owner_of(lpCriticalSection) == self) {
        lpCriticalSection->RecursionCount++;
        return TRUE;
    }
    if (pthread_mutex_trylock(&lpCriticalSection->isw_mutex) != 0) {
        return FALSE;
    }
    set_owner(lpCriticalSection, self);
    lpCriticalSection->RecursionCount = 1;
    return TRUE;
}

/* Leaving a section this thread does not hold is an error Windows does
 * not check (it corrupts the section); here it is logged and ignored. */
WINBASEAPI VOID WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    if (owner_of(lpCriticalSection) != isw_tid()
        || lpCriticalSection->RecursionCount <= 0) {
        isw_log(ISW_LOG_WARNING, __builtin_return_address(0),
                "LeaveCriticalSection(%p) by a thread that does not own it: "
                "ignored", (void *)lpCriticalSection);
        return;
    }
    if (--lpCriticalSection->RecursionCount == 0) {
        set_owner(lpCriticalSection, 0);
        pthread_mutex_unlock(&lpCriticalSection->isw_mutex);
    }
}

WINBASEAPI VOID WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    if (!lpCriticalSection) {
        return;
    }
    pthread_mutex_destroy(&lpCriticalSection->isw_mutex);
    /* Zeroed, it is again a valid free section: a filter that deletes
     * at DLL_PROCESS_DETACH while a late thread still enters does not
     * crash. */
    memset(lpCriticalSection, 0, sizeof(*lpCriticalSection));
}

/* ---- SRW locks: pthread rwlocks (not recursive, as SRW locks are not) */

WINBASEAPI VOID WINAPI InitializeSRWLock(PSRWLOCK SRWLock)
{
    pthread_rwlock_init(RW(SRWLock), NULL);
}

WINBASEAPI VOID WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    pthread_rwlock_wrlock(RW(SRWLock));
}

WINBASEAPI VOID WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock)
{
    pthread_rwlock_rdlock(RW(SRWLock));
}

WINBASEAPI VOID WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock)
{
    pthread_rwlock_unlock(RW(SRWLock));
}

WINBASEAPI VOID WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock)
{
    pthread_rwlock_unlock(RW(SRWLock));
}

WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    return pthread_rwlock_trywrlock(RW(SRWLock)) == 0;
}

WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock)
{
    return pthread_rwlock_tryrdlock(RW(SRWLock)) == 0;
}

/* ---- Condition variables ---- */

WINBASEAPI VOID WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    ConditionVariable->Ptr = NULL;
}

/* Sleeps while the sequence number is seq, at most until d.  FALSE when
 * d has passed. */
static int cv_sleep(PCONDITION_VARIABLE cv, int seq, const isw_deadline *d)
{
    struct timespec ts, *tp = NULL;
    DWORD left;

    if (!d->infinite) {
        if ((left = isw_deadline_left(d)) == 0) {
            return 0;
        }
        ts.tv_sec = left / 1000;
        ts.tv_nsec = (long)(left % 1000) * 1000000L;
        tp = &ts;
    }
    if (syscall(SYS_futex, &cv->isw_seq, FUTEX_WAIT_PRIVATE, seq, tp,
                NULL, 0) == -1 && errno == ETIMEDOUT) {
        return 0;
    }
    return 1;
}

WINBASEAPI BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                                PCRITICAL_SECTION CriticalSection,
                                                DWORD dwMilliseconds)
{
    int seq = __atomic_load_n(&ConditionVariable->isw_seq, __ATOMIC_ACQUIRE);
    LONG depth = CriticalSection->RecursionCount;
    DWORD self = isw_tid();
    isw_deadline d;
    int woken;

    if (owner_of(CriticalSection) != self || depth <= 0) {
        return isw_fail(ERROR_NOT_OWNER);
    }
    isw_deadline_set(&d, dwMilliseconds);
    /* Released whatever its depth, and entered again as deep. */
    CriticalSection->RecursionCount = 0;
    set_owner(CriticalSection, 0);
    pthread_mutex_unlock(&CriticalSection->isw_mutex);
    woken = cv_sleep(ConditionVariable, seq, &d);
    pthread_mutex_lock(&CriticalSection->isw_mutex);
    set_owner(CriticalSection, self);
    CriticalSection->RecursionCount = depth;
    return woken ? TRUE : isw_fail(ERROR_TIMEOUT);
}

WINBASEAPI BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable,
                                                 PSRWLOCK SRWLock,
                                                 DWORD dwMilliseconds, ULONG Flags)
{
    int seq = __atomic_load_n(&ConditionVariable->isw_seq, __ATOMIC_ACQUIRE);
    isw_deadline d;
    int woken;

    isw_deadline_set(&d, dwMilliseconds);
    pthread_rwlock_unlock(RW(SRWLock));
    woken = cv_sleep(ConditionVariable, seq, &d);
    if (Flags & CONDITION_VARIABLE_LOCKMODE_SHARED) {
        pthread_rwlock_rdlock(RW(SRWLock));
    }
    else {
        pthread_rwlock_wrlock(RW(SRWLock));
    }
    return woken ? TRUE : isw_fail(ERROR_TIMEOUT);
}

WINBASEAPI VOID WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    __atomic_add_fetch(&ConditionVariable->isw_seq, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &ConditionVariable->isw_seq, FUTEX_WAKE_PRIVATE, 1,
            NULL, NULL, 0);
}

WINBASEAPI VOID WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    __atomic_add_fetch(&ConditionVariable->isw_seq, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &ConditionVariable->isw_seq, FUTEX_WAKE_PRIVATE,
            INT_MAX, NULL, NULL, 0);
}

/* ---- One-time initialisation ----
 * INIT_ONCE's pointer holds the state in its low two bits, as Windows
 * keeps it (INIT_ONCE_CTX_RESERVED_BITS): 0 not done, 1 running, 2 done,
 * with the context above them.  Threads that find it running sleep on
 * the low 32 bits (a futex) until the runner stores the outcome. */

#define ONCE_RUNNING ((uintptr_t)1)
#define ONCE_DONE    ((uintptr_t)2)

static int *once_word(PINIT_ONCE o)
{
    return (int *)(void *)&o->Ptr;     /* the low half on little-endian */
}

WINBASEAPI VOID WINAPI InitOnceInitialize(PINIT_ONCE InitOnce)
{
    InitOnce->Ptr = NULL;
}

WINBASEAPI BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE InitOnce,
                                           PINIT_ONCE_FN InitFn,
                                           PVOID Parameter, LPVOID *Context)
{
    uintptr_t v, expect;
    PVOID ctx = NULL;
    BOOL ok;

    if (!InitOnce || !InitFn) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    for (;;) {
        v = (uintptr_t)__atomic_load_n(&InitOnce->Ptr, __ATOMIC_ACQUIRE);
        if ((v & 3) == ONCE_DONE) {
            if (Context) {
                *Context = (PVOID)(v & ~(uintptr_t)3);
            }
            return TRUE;
        }
        if ((v & 3) == ONCE_RUNNING) {
            syscall(SYS_futex, once_word(InitOnce), FUTEX_WAIT_PRIVATE,
                    (int)v, NULL, NULL, 0);
            continue;
        }
        expect = 0;
        if (__atomic_compare_exchange_n((uintptr_t *)&InitOnce->Ptr, &expect,
                                        ONCE_RUNNING, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            break;
        }
    }
    ok = InitFn(InitOnce, Parameter, &ctx);
    /* A failed initialisation is tried again by the next caller. */
    v = ok ? (((uintptr_t)ctx & ~(uintptr_t)3) | ONCE_DONE) : 0;
    __atomic_store_n((uintptr_t *)&InitOnce->Ptr, v, __ATOMIC_RELEASE);
    syscall(SYS_futex, once_word(InitOnce), FUTEX_WAKE_PRIVATE, INT_MAX,
            NULL, NULL, 0);
    if (ok && Context) {
        *Context = (PVOID)(v & ~(uintptr_t)3);
    }
    return ok;
}
