/* handles.c: the handle table's promises (sdk/runtime/handles.c).  The
 * kinds of object are tested with their own functions elsewhere. */
#include "windows.h"
#include "tap.h"

int main(void)
{
    SetLastError(0);
    ok(!CloseHandle((HANDLE)(uintptr_t)0x12345), "a made-up handle is refused");
    is_int(GetLastError(), ERROR_INVALID_HANDLE, "with ERROR_INVALID_HANDLE");
    SetLastError(0);
    ok(!CloseHandle((HANDLE)(uintptr_t)0x10004), "a well-formed handle never handed out is refused");
    is_int(GetLastError(), ERROR_INVALID_HANDLE, "with ERROR_INVALID_HANDLE");
    ok(!CloseHandle(NULL), "NULL is refused");
    ok(!CloseHandle(INVALID_HANDLE_VALUE), "INVALID_HANDLE_VALUE is refused");

    {
        /* A real object: open, closed, then the stale handle. */
        HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL), e2;

        ok(e != NULL, "CreateEventA gives a handle");
        ok(((uintptr_t)e & 3) == 0 && e != INVALID_HANDLE_VALUE, "a multiple of 4, as Windows handles are");
        ok(SetEvent(e), "SetEvent on the open handle");
        ok(CloseHandle(e), "CloseHandle closes it");
        SetLastError(0);
        ok(!SetEvent(e), "SetEvent on the closed handle fails");
        is_int(GetLastError(), ERROR_INVALID_HANDLE, "with ERROR_INVALID_HANDLE");
        SetLastError(0);
        ok(!CloseHandle(e), "closing it twice fails");
        is_int(GetLastError(), ERROR_INVALID_HANDLE, "with ERROR_INVALID_HANDLE");
        e2 = CreateEventA(NULL, TRUE, FALSE, NULL);
        ok(e2 != e, "the slot's next object gets a different handle value");
        SetLastError(0);
        ok(!SetEvent(e), "so the stale handle stays refused");
        is_int(GetLastError(), ERROR_INVALID_HANDLE, "with ERROR_INVALID_HANDLE");
        SetLastError(0);
        ok(!ReleaseMutex(e2), "an event's handle is not a mutex's");
        is_int(GetLastError(), ERROR_INVALID_HANDLE, "with ERROR_INVALID_HANDLE");
        CloseHandle(e2);
    }
    SetLastError(42);
    is_int(GetLastError(), 42, "SetLastError/GetLastError keep a value per thread");
    return done();
}
