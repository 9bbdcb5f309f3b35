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

static void semaphore_destroy(isw_sync *s)
{
    free(s);
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                          LONG lInitialCount, LONG lMaximumCount,
                                          LPCSTR lpName)
{
    isw_semaphore *m;
    HANDLE h;
    int existed;

    (void)lpSemaphoreAttributes;
    if (lMaximumCount <= 0 || lInitialCount < 0
        || lInitialCount > lMaximumCount) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(m = calloc(1, sizeof(*m)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    m->s.kind = ISW_SEMAPHORE;
    m->s.refs = 1;
    m->s.signalled = semaphore_signalled;
    m->s.destroy = semaphore_destroy;
    m->count = lInitialCount;
    m->max = lMaximumCount;
    h = isw_sync_create(&m->s, ISW_SEMAPHORE, lpName, &existed);
    if (h) {
        SetLastError(existed ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    }
    return h;
}

WINBASEAPI HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess,
                                        BOOL bInheritHandle, LPCSTR lpName)
{
    int existed;

    (void)dwDesiredAccess;
    (void)bInheritHandle;
    if (!lpName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return isw_sync_create(NULL, ISW_SEMAPHORE, lpName, &existed);
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
