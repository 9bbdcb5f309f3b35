/*
 * semaphore.c: semaphores (CreateSemaphoreA, OpenSemaphoreA,
 * ReleaseSemaphore), named within the process.
 */
#include "isw_sync.h"

typedef struct {
    isw_sync s;
    LONG count;
    LONG max;
} isw_semaphore;

/* Wait lock held. */
static int semaphore_signalled(isw_sync *s, int consume)
{
    isw_semaphore *m = (isw_semaphore *)s;

    if (m->count <= 0) {
        return 0;
    }
    if (consume) {
        m->count--;
    }
    return 1;
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                          LONG lInitialCount, LONG lMaximumCount,
                                          LPCSTR lpName)
{
    isw_semaphore *m;

    (void)lpSemaphoreAttributes;
    if (lMaximumCount <= 0 || lInitialCount < 0
        || lInitialCount > lMaximumCount) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    m = (isw_semaphore *)isw_sync_new(sizeof(*m), ISW_SEMAPHORE,
                                      semaphore_signalled);
    if (!m) {
        return NULL;
    }
    m->count = lInitialCount;
    m->max = lMaximumCount;
    return isw_sync_publish(&m->s, lpName, NULL);
}

WINBASEAPI HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess,
                                        BOOL bInheritHandle, LPCSTR lpName)
{
    (void)dwDesiredAccess;
    (void)bInheritHandle;
    return isw_sync_open(ISW_SEMAPHORE, lpName);
}

WINBASEAPI BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount,
                                        LPLONG lpPreviousCount)
{
    isw_semaphore *m;
    BOOL ok = TRUE;

    if (lReleaseCount <= 0) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(m = (isw_semaphore *)isw_sync_get(hSemaphore, ISW_SEMAPHORE))) {
        return FALSE;
    }
    isw_wait_lock();
    if (lReleaseCount > m->max - m->count) {
        /* Past the maximum: nothing is released. */
        ok = isw_fail(ERROR_TOO_MANY_POSTS);
    }
    else {
        if (lpPreviousCount) {
            *lpPreviousCount = m->count;
        }
        m->count += lReleaseCount;
        isw_wait_wake();
    }
    isw_wait_unlock();
    isw_sync_put(&m->s);
    return ok;
}
