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
    SetLastError(42);
    is_int(GetLastError(), 42, "SetLastError/GetLastError keep a value per thread");
    return done();
}
