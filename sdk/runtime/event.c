/*
 * event.c: events (CreateEventA, CreateEventExA, OpenEventA, SetEvent,
 * ResetEvent, PulseEvent), manual and auto reset, named within the
 * process.
 */
#include "isw_sync.h"

/* Wait lock held.  An auto-reset event is taken by the one waiter it
 * releases. */
static int event_signalled(isw_sync *s, int consume)
{
    isw_event *e = (isw_event *)s;

    if (!e->state) {
        return 0;
    }
    if (consume && !e->manual) {
        e->state = 0;
    }
    return 1;
}

static HANDLE create_event(BOOL manual, BOOL initial, LPCSTR name)
{
    isw_event *e = (isw_event *)isw_sync_new(sizeof(*e), ISW_EVENT,
                                             event_signalled);

    if (!e) {
        return NULL;
    }
    e->manual = manual ? 1 : 0;
    e->state = initial ? 1 : 0;
    return isw_sync_publish(&e->s, name, NULL);
}

WINBASEAPI HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes,
                                      BOOL bManualReset, BOOL bInitialState,
                                      LPCSTR lpName)
{
    (void)lpEventAttributes;
    return create_event(bManualReset, bInitialState, lpName);
}

WINBASEAPI HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes,
                                        LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess)
{
    (void)lpEventAttributes;
    (void)dwDesiredAccess;
    if (dwFlags & ~(DWORD)(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return create_event(dwFlags & CREATE_EVENT_MANUAL_RESET,
                        dwFlags & CREATE_EVENT_INITIAL_SET, lpName);
}

WINBASEAPI HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle,
                                    LPCSTR lpName)
{
    (void)dwDesiredAccess;
    (void)bInheritHandle;
    return isw_sync_open(ISW_EVENT, lpName);
}

/* how: 1 set, 0 reset, 2 pulse. */
static BOOL event_change(HANDLE h, int how)
{
    isw_event *e = (isw_event *)isw_sync_get(h, ISW_EVENT);

    if (!e) {
        return FALSE;
    }
    isw_wait_lock();
    if (how == 2) {
        /* PulseEvent releases the threads waiting now (a manual-reset
         * event) or one of them (auto-reset), and leaves the event
         * reset; waits note the pulse count when they start (sync.c). */
        e->pulse_gen++;
        e->pulse_left = 1;
        e->state = 0;
    }
    else {
        e->state = how;
    }
    if (how) {
        isw_wait_wake();
    }
    isw_wait_unlock();
    isw_sync_put(&e->s);
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetEvent(HANDLE hEvent)
{
    return event_change(hEvent, 1);
}

WINBASEAPI BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    return event_change(hEvent, 0);
}

WINBASEAPI BOOL WINAPI PulseEvent(HANDLE hEvent)
{
    return event_change(hEvent, 2);
}
