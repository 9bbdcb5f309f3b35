/*
 * timer.c: waitable timers (CreateWaitableTimerA/ExA, OpenWaitableTimerA,
 * SetWaitableTimer, CancelWaitableTimer), manual-reset or
 * synchronization, one-shot or periodic, named within the process.
 *
 * A timer falls due on its own, with no call to wake the waiters, so its
 * handles are polled (isw_obj.polled): a wait that includes one rechecks
 * it every few milliseconds (sync.c).  Due times run on the monotonic
 * clock; an absolute due time is turned into a delay when it is set.
 */
#include "isw_sync.h"

#include <time.h>

typedef struct {
    isw_sync s;
    int manual;
    int state;
    int active;
    ULONGLONG due;        /* monotonic, 100 ns ticks */
    ULONGLONG period;     /* 100 ns ticks; 0: one-shot */
} isw_timer;

static ULONGLONG mono_ticks(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ULONGLONG)ts.tv_sec * 10000000ULL + (ULONGLONG)ts.tv_nsec / 100;
}

/* Wait lock held. */
static int timer_signalled(isw_sync *s, int consume)
{
    isw_timer *t = (isw_timer *)s;
    ULONGLONG now;

    if (t->active && (now = mono_ticks()) >= t->due) {
        t->state = 1;
        if (t->period) {
            /* The next period from the one that fell due, skipping the
             * ones already past, as a late periodic timer fires once. */
            t->due += ((now - t->due) / t->period + 1) * t->period;
        }
        else {
            t->active = 0;
        }
    }
    if (!t->state) {
        return 0;
    }
    if (consume && !t->manual) {
        t->state = 0;
    }
    return 1;
}

static HANDLE create_timer(BOOL manual, LPCSTR name)
{
    isw_timer *t = (isw_timer *)isw_sync_new(sizeof(*t), ISW_TIMER,
                                             timer_signalled);

    if (!t) {
        return NULL;
    }
    t->manual = manual ? 1 : 0;
    return isw_sync_publish(&t->s, name, NULL);
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes,
                                              BOOL bManualReset, LPCSTR lpTimerName)
{
    (void)lpTimerAttributes;
    return create_timer(bManualReset, lpTimerName);
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES lpTimerAttributes,
                                                LPCSTR lpTimerName, DWORD dwFlags,
                                                DWORD dwDesiredAccess)
{
    (void)lpTimerAttributes;
    (void)dwDesiredAccess;
    return create_timer(dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET,
                        lpTimerName);
}

WINBASEAPI HANDLE WINAPI OpenWaitableTimerA(DWORD dwDesiredAccess,
                                            BOOL bInheritHandle,
                                            LPCSTR lpTimerName)
{
    (void)dwDesiredAccess;
    (void)bInheritHandle;
    return isw_sync_open(ISW_TIMER, lpTimerName);
}

/* The completion routine is an APC, run only while the setting thread
 * sleeps alertably; the runtime has no APCs (nothing would ever run it),
 * so a timer that asks for one is refused rather than silently never
 * calling back. */
WINBASEAPI BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime,
                                        LONG lPeriod,
                                        PTIMERAPCROUTINE pfnCompletionRoutine,
                                        LPVOID lpArgToCompletionRoutine,
                                        BOOL fResume)
{
    isw_timer *t;
    ULONGLONG delay;
    FILETIME now;

    (void)lpArgToCompletionRoutine;
    (void)fResume;            /* no power management to resume from */
    if (!lpDueTime || lPeriod < 0) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (pfnCompletionRoutine) {
        isw_log(ISW_LOG_WARNING, __builtin_return_address(0),
                "SetWaitableTimer with a completion routine is not "
                "supported (no APCs): wait on the timer instead");
        return isw_fail(ERROR_NOT_SUPPORTED);
    }
    if (!(t = (isw_timer *)isw_sync_get(hTimer, ISW_TIMER))) {
        return FALSE;
    }
    if (lpDueTime->QuadPart < 0) {
        delay = (ULONGLONG)(-lpDueTime->QuadPart);
    }
    else {
        ULONGLONG at = (ULONGLONG)lpDueTime->QuadPart, cur;

        GetSystemTimeAsFileTime(&now);
        cur = (ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime;
        delay = at > cur ? at - cur : 0;
    }
    isw_wait_lock();
    t->state = 0;
    t->active = 1;
    t->due = mono_ticks() + delay;
    t->period = (ULONGLONG)lPeriod * 10000ULL;
    isw_wait_wake();
    isw_wait_unlock();
    isw_sync_put(&t->s);
    return TRUE;
}

/* Stops the timer; a timer already signalled stays so. */
WINBASEAPI BOOL WINAPI CancelWaitableTimer(HANDLE hTimer)
{
    isw_timer *t = (isw_timer *)isw_sync_get(hTimer, ISW_TIMER);

    if (!t) {
        return FALSE;
    }
    isw_wait_lock();
    t->active = 0;
    isw_wait_unlock();
    isw_sync_put(&t->s);
    return TRUE;
}
