/* interlocked.c: the Interlocked family (win_kernel.h, inline). */
#include "windows.h"
#include "tap.h"

#define THREADS 4
#define ROUNDS  50000

static LONG volatile shared;
static LONG64 volatile shared64;

static DWORD WINAPI hammer(LPVOID p)
{
    int i;

    (void)p;
    for (i = 0; i < ROUNDS; i++) {
        InterlockedIncrement(&shared);
        InterlockedExchangeAdd64(&shared64, 3);
    }
    return 0;
}

int main(void)
{
    LONG v = 5;
    LONG64 w = 0x100000000LL;
    PVOID p = NULL, q;
    int x, y;
    HANDLE t[THREADS];
    int i;

    is_int(InterlockedIncrement(&v), 6, "Increment returns the new value");
    is_int(InterlockedDecrement(&v), 5, "Decrement returns the new value");
    is_int(InterlockedExchange(&v, 9), 5, "Exchange returns the old value");
    is_int(v, 9, "and stores the new");
    is_int(InterlockedExchangeAdd(&v, 3), 9, "ExchangeAdd returns the old value");
    is_int(v, 12, "and adds");
    is_int(InterlockedAdd(&v, 3), 15, "Add returns the new value");
    is_int(InterlockedCompareExchange(&v, 1, 99), 15, "CompareExchange, no match: the current value");
    is_int(v, 15, "and nothing stored");
    is_int(InterlockedCompareExchange(&v, 1, 15), 15, "CompareExchange, match: the old value");
    is_int(v, 1, "and the exchange stored");
    v = 0xF0;
    is_int(InterlockedAnd(&v, 0x3C), 0xF0, "And returns the old value");
    is_int(v, 0x30, "and ands");
    is_int(InterlockedOr(&v, 0x03), 0x30, "Or returns the old value");
    is_int(v, 0x33, "and ors");
    is_int(InterlockedXor(&v, 0x11), 0x33, "Xor returns the old value");
    is_int(v, 0x22, "and xors");
    v = 0x7FFFFFFF;
    is_int(InterlockedIncrement(&v), (LONG)0x80000000, "LONG wraps at 32 bits, as on Windows");

    ok(InterlockedIncrement64(&w) == 0x100000001LL, "Increment64 works above 32 bits");
    ok(InterlockedDecrement64(&w) == 0x100000000LL, "Decrement64");
    ok(InterlockedExchange64(&w, 7) == 0x100000000LL, "Exchange64 returns the old value");
    ok(InterlockedExchangeAdd64(&w, 0x100000000LL) == 7, "ExchangeAdd64");
    ok(InterlockedCompareExchange64(&w, 1, 0x100000007LL) == 0x100000007LL && w == 1,
       "CompareExchange64 matches 64 bits");
    ok(InterlockedAnd64(&w, 0) == 1 && w == 0, "And64");
    ok(InterlockedOr64(&w, 0x300000000LL) == 0 && w == 0x300000000LL, "Or64");
    ok(InterlockedXor64(&w, 0x100000000LL) == 0x300000000LL && w == 0x200000000LL, "Xor64");

    ok(InterlockedExchangePointer(&p, &x) == NULL && p == &x, "ExchangePointer");
    q = InterlockedCompareExchangePointer(&p, &y, NULL);
    ok(q == &x && p == &x, "CompareExchangePointer, no match: unchanged");
    q = InterlockedCompareExchangePointer(&p, &y, &x);
    ok(q == &x && p == &y, "CompareExchangePointer, match: exchanged");
    MemoryBarrier();

    for (i = 0; i < THREADS; i++) {
        t[i] = CreateThread(NULL, 0, hammer, NULL, 0, NULL);
    }
    WaitForMultipleObjects(THREADS, t, TRUE, INFINITE);
    for (i = 0; i < THREADS; i++) {
        CloseHandle(t[i]);
    }
    is_int(shared, THREADS * ROUNDS, "concurrent InterlockedIncrement loses nothing");
    ok(shared64 == 3LL * THREADS * ROUNDS, "concurrent InterlockedExchangeAdd64 loses nothing");
    return done();
}
