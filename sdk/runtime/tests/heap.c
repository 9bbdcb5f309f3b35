/* heap.c: the Heap, Local, Global and Virtual functions (sdk/runtime/heap.c,
 * localmem.c, virtual.c) and the *Memory macros. */
#include "windows.h"
#include "tap.h"

int main(void)
{
    HANDLE ph = GetProcessHeap(), h;
    char *p, *q, buf[16];
    HLOCAL l;
    DWORD old;
    int zero = 1;

    ok(ph != NULL, "GetProcessHeap");
    ok(ph == GetProcessHeap(), "the same heap each time");
    p = HeapAlloc(ph, HEAP_ZERO_MEMORY, 100);
    ok(p != NULL, "HeapAlloc HEAP_ZERO_MEMORY");
    for (int i = 0; i < 100; i++) {
        zero &= p[i] == 0;
    }
    ok(zero, "zeroed");
    ok(((uintptr_t)p & 15) == 0, "16-byte aligned");
    is_int(HeapSize(ph, 0, p), 100, "HeapSize is the size asked for");
    memset(p, 'x', 100);
    p = HeapReAlloc(ph, HEAP_ZERO_MEMORY, p, 5000);
    ok(p && p[99] == 'x' && p[100] == 0 && p[4999] == 0,
       "HeapReAlloc keeps the data and zeroes the growth");
    is_int(HeapSize(ph, 0, p), 5000, "HeapSize after HeapReAlloc");
    SetLastError(0);
    ok(HeapReAlloc(ph, HEAP_REALLOC_IN_PLACE_ONLY, p, 1 << 24) == NULL,
       "HEAP_REALLOC_IN_PLACE_ONLY fails when the block must move");
    is_int(HeapSize(ph, 0, p), 5000, "and leaves the block as it was");
    ok(HeapReAlloc(ph, HEAP_REALLOC_IN_PLACE_ONLY, p, 10) == p,
       "shrinking in place succeeds");
    ok(HeapValidate(ph, 0, NULL) && HeapValidate(ph, 0, p), "HeapValidate");
    ok(HeapFree(ph, 0, p), "HeapFree");
    ok(HeapFree(ph, 0, NULL), "HeapFree(NULL) succeeds");
    SetLastError(0);
    ok(!HeapDestroy(ph), "the process heap cannot be destroyed");

    h = HeapCreate(0, 0, 0);
    ok(h != NULL && h != ph, "HeapCreate");
    p = HeapAlloc(h, 0, 64);
    q = HeapAlloc(h, 0, 64);
    ok(p && q, "two blocks of a private heap");
    SetLastError(0);
    ok(!HeapFree(ph, 0, p) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a block freed through another heap is refused");
    ok(HeapFree(h, 0, q), "HeapFree on its own heap");
    ok(!CloseHandle(h), "CloseHandle refuses a heap");
    ok(HeapDestroy(h), "HeapDestroy frees what is left (valgrind/ASan check)");
    SetLastError(0);
    ok(HeapAlloc(h, 0, 8) == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "a destroyed heap: ERROR_INVALID_HANDLE");
    h = HeapCreate(0, 0, 4096);
    p = HeapAlloc(h, 0, 3000);
    ok(p != NULL, "a fixed-size heap gives what fits");
    ok(HeapAlloc(h, 0, 3000) == NULL, "and refuses more than its maximum");
    HeapDestroy(h);

    /* ---- Local and Global ---- */
    l = LocalAlloc(LPTR, 32);
    ok(l != NULL && ((char *)l)[31] == 0, "LocalAlloc(LPTR) zeroes");
    ok(LocalSize(l) >= 32, "LocalSize is at least the size asked");
    ok(LocalLock(l) == l, "LocalLock returns the block");
    ok(!LocalUnlock(l) && GetLastError() == NO_ERROR, "LocalUnlock: unlocked, NO_ERROR");
    ok(LocalHandle(l) == l, "LocalHandle");
    strcpy(l, "kept");
    l = LocalReAlloc(l, 4096, LMEM_MOVEABLE | LMEM_ZEROINIT);
    ok(l && !strcmp(l, "kept") && ((char *)l)[4095] == 0,
       "LocalReAlloc LMEM_MOVEABLE keeps and zeroes");
    SetLastError(0);
    ok(LocalReAlloc(l, 1 << 24, 0) == NULL && GetLastError() == ERROR_NOT_ENOUGH_MEMORY,
       "a fixed block does not move without LMEM_MOVEABLE");
    ok(LocalFree(l) == NULL, "LocalFree returns NULL");
    ok(LocalFree(NULL) == NULL, "LocalFree(NULL)");
    /* The FormatMessage contract: a malloc() block is LocalFree'd. */
    ok(LocalFree(malloc(10)) == NULL, "LocalFree frees a malloc() block");
    l = GlobalAlloc(GPTR, 8);
    ok(l && GlobalLock(l) == l && GlobalSize(l) >= 8, "GlobalAlloc, GlobalLock, GlobalSize");
    l = GlobalReAlloc(l, 100, GMEM_MOVEABLE);
    ok(l != NULL, "GlobalReAlloc");
    ok(GlobalFree(l) == NULL, "GlobalFree");
    l = LocalAlloc(LMEM_MOVEABLE, 10);
    ok(l && LocalLock(l) == l, "LMEM_MOVEABLE blocks lock at their own address");
    LocalFree(l);

    /* ---- Virtual ---- */
    p = VirtualAlloc(NULL, 10000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    ok(p != NULL && ((uintptr_t)p & 4095) == 0, "VirtualAlloc commits pages");
    p[9999] = 1;
    ok(p[0] == 0 && p[9999] == 1, "zeroed and writable");
    ok(VirtualProtect(p, 100, PAGE_READONLY, &old), "VirtualProtect");
    is_int(old, PAGE_READWRITE, "returns the old protection");
    ok(VirtualFree(p, 0, MEM_DECOMMIT), "MEM_DECOMMIT");
    ok(!VirtualFree(p, 4096, MEM_RELEASE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "MEM_RELEASE with a size: ERROR_INVALID_PARAMETER");
    ok(VirtualFree(p, 0, MEM_RELEASE), "MEM_RELEASE");
    q = VirtualAlloc(NULL, 8192, MEM_RESERVE, PAGE_NOACCESS);
    ok(q != NULL, "MEM_RESERVE alone");
    ok(VirtualAlloc(q + 4096, 10, MEM_COMMIT, PAGE_READWRITE) == q + 4096,
       "committing a page of it");
    q[4096] = 7;
    ok(q[4096] == 7, "the committed page is usable");
    ok(VirtualFree(q, 0, MEM_RELEASE), "released");

    /* ---- Macros ---- */
    FillMemory(buf, sizeof(buf), 'a');
    ok(buf[0] == 'a' && buf[15] == 'a', "FillMemory(dest, length, fill)");
    ZeroMemory(buf, 8);
    ok(buf[7] == 0 && buf[8] == 'a', "ZeroMemory");
    CopyMemory(buf, "xyz", 3);
    MoveMemory(buf + 1, buf, 3);
    ok(!memcmp(buf, "xxyz", 4), "CopyMemory, MoveMemory (overlapping)");
    ok(SecureZeroMemory(buf, 16) == buf && buf[15] == 0, "SecureZeroMemory");
    return done();
}
