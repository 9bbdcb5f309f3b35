/* thread.c: CreateThread and friends, TLS (sdk/runtime/thread.c). */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"
#include <sys/wait.h>
#include <unistd.h>

static DWORD tls;
static char logged[512];

static void capture(int level, const char *filter, const char *msg)
{
    (void)level;
    (void)filter;
    snprintf(logged, sizeof(logged), "%s", msg);
}
static volatile LONG ran;

static DWORD WINAPI returns_42(LPVOID p)
{
    InterlockedIncrement(&ran);
    return (DWORD)(uintptr_t)p;
}

static DWORD WINAPI exits_7(LPVOID p)
{
    (void)p;
    ExitThread(7);
}

static DWORD WINAPI waits(LPVOID p)
{
    WaitForSingleObject((HANDLE)p, INFINITE);
    return 3;
}

static DWORD WINAPI own_id(LPVOID p)
{
    *(DWORD *)p = GetCurrentThreadId();
    return 0;
}

static DWORD WINAPI tls_check(LPVOID p)
{
    DWORD ok_ = 0;

    (void)p;
    SetLastError(1234);
    if (TlsGetValue(tls) == NULL && GetLastError() == ERROR_SUCCESS) {
        ok_ |= 1;      /* a new thread's slot reads NULL */
    }
    TlsSetValue(tls, (LPVOID)0x5678);
    if (TlsGetValue(tls) == (LPVOID)0x5678) {
        ok_ |= 2;
    }
    return ok_;
}

int main(void)
{
    HANDLE t, gate;
    DWORD id = 0, code = 0, seen = 0;
    int i;

    t = CreateThread(NULL, 0, returns_42, (LPVOID)42, 0, &id);
    ok(t != NULL, "CreateThread");
    ok(id != 0, "lpThreadId is set");
    is_int(WaitForSingleObject(t, 5000), WAIT_OBJECT_0, "the thread handle is signalled when it ends");
    ok(GetExitCodeThread(t, &code), "GetExitCodeThread");
    is_int(code, 42, "the start routine's return value is the exit code");
    is_int(GetThreadId(t), id, "GetThreadId is the id CreateThread gave");
    ok(CloseHandle(t), "CloseHandle on a finished thread");
    SetLastError(0);
    ok(!GetExitCodeThread(t, &code), "the closed handle is refused");
    is_int(GetLastError(), ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE");

    t = CreateThread(NULL, 0, exits_7, NULL, 0, NULL);
    WaitForSingleObject(t, 5000);
    GetExitCodeThread(t, &code);
    is_int(code, 7, "ExitThread's code");
    CloseHandle(t);

    gate = CreateEventA(NULL, TRUE, FALSE, NULL);
    t = CreateThread(NULL, 0, waits, gate, 0, NULL);
    GetExitCodeThread(t, &code);
    is_int(code, STILL_ACTIVE, "a running thread: STILL_ACTIVE");
    is_int(WaitForSingleObject(t, 20), WAIT_TIMEOUT, "its handle is not signalled");
    SetEvent(gate);
    WaitForSingleObject(t, 5000);
    GetExitCodeThread(t, &code);
    is_int(code, 3, "then its return value");
    CloseHandle(t);

    /* The handle may go first: the thread keeps running. */
    ResetEvent(gate);
    t = CreateThread(NULL, 0, waits, gate, 0, NULL);
    ok(CloseHandle(t), "the handle of a running thread can be closed");
    SetEvent(gate);
    CloseHandle(gate);

    ran = 0;
    t = CreateThread(NULL, 0, returns_42, (LPVOID)1, CREATE_SUSPENDED, &id);
    ok(id != 0, "a suspended thread has its id at once");
    is_int(WaitForSingleObject(t, 50), WAIT_TIMEOUT, "CREATE_SUSPENDED: it does not run");
    is_int(ran, 0, "its routine has not started");
    is_int(SuspendThread(t), 1, "SuspendThread while still suspended: previous count 1");
    is_int(ResumeThread(t), 2, "ResumeThread returns the previous count (2)");
    is_int(WaitForSingleObject(t, 50), WAIT_TIMEOUT, "still suspended once");
    is_int(ResumeThread(t), 1, "ResumeThread: 1");
    is_int(WaitForSingleObject(t, 5000), WAIT_OBJECT_0, "now it runs and ends");
    is_int(ran, 1, "its routine ran");
    is_int(ResumeThread(t), 0, "ResumeThread on a thread not suspended: 0");
    CloseHandle(t);

    t = CreateThread(NULL, 0, returns_42, NULL, CREATE_SUSPENDED, NULL);
    ok(GetThreadId(t) != 0 && GetThreadId(t) != GetCurrentThreadId(),
       "GetThreadId of a suspended thread created without lpThreadId");
    ResumeThread(t);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);

    t = CreateThread(NULL, 0, own_id, &seen, 0, &id);
    WaitForSingleObject(t, 5000);
    is_int(seen, id, "GetCurrentThreadId in the thread is its lpThreadId");
    ok(seen != GetCurrentThreadId(), "and differs from ours");
    CloseHandle(t);

    ok(GetCurrentThread() == (HANDLE)(LONG_PTR)-2, "GetCurrentThread is the pseudo handle -2");
    ok(GetCurrentProcess() == (HANDLE)(LONG_PTR)-1, "GetCurrentProcess is the pseudo handle -1");
    is_int(GetCurrentProcessId(), getpid(), "GetCurrentProcessId is the pid");
    is_int(GetCurrentThreadId(), getpid(), "the main thread's id is the pid (a Linux tid)");
    {
        /* httpd forks its children after loading: a child's thread has an
         * id of its own, not the one its parent cached. */
        int fds[2];
        DWORD child_tid = 0;
        pid_t pid = -1;

        if (pipe(fds) == 0 && (pid = fork()) == 0) {
            DWORD mine = GetCurrentThreadId();
            ssize_t w = write(fds[1], &mine, sizeof(mine));
            _exit(w == sizeof(mine) && mine == (DWORD)getpid() ? 0 : 1);
        }
        else {
            ssize_t r = read(fds[0], &child_tid, sizeof(child_tid));
            ok(r == sizeof(child_tid) && child_tid != GetCurrentThreadId() && child_tid != 0,
               "after fork, GetCurrentThreadId in the child is the child's");
            close(fds[0]);
            close(fds[1]);
            waitpid(pid, NULL, 0);
        }
    }
    is_int(GetThreadId(GetCurrentThread()), GetCurrentThreadId(), "GetThreadId of the pseudo handle");
    GetExitCodeThread(GetCurrentThread(), &code);
    is_int(code, STILL_ACTIVE, "the current thread is STILL_ACTIVE");

    ok(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_ABOVE_NORMAL), "SetThreadPriority is accepted");
    is_int(GetThreadPriority(GetCurrentThread()), THREAD_PRIORITY_ABOVE_NORMAL, "and reported back");
    SetLastError(0);
    ok(!SetThreadPriority(GetCurrentThread(), 7), "a priority Windows does not have is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");

    {
        HANDLE real = NULL;
        ok(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                           &real, 0, FALSE, DUPLICATE_SAME_ACCESS),
           "DuplicateHandle makes a real handle of GetCurrentThread()");
        is_int(GetThreadId(real), GetCurrentThreadId(), "naming this thread");
        is_int(WaitForSingleObject(real, 0), WAIT_TIMEOUT, "not signalled while it runs");
        CloseHandle(real);
    }

    t = CreateThread(NULL, 0, waits, CreateEventA(NULL, TRUE, TRUE, NULL), 0, NULL);
    {
        isapi_win32_host host = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, capture };
        isapi_win32_host_attach(&host);
    }
    SetLastError(0);
    ok(!TerminateThread(t, 1), "TerminateThread is refused");
    is_int(GetLastError(), ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED");
    ok(strstr(logged, "TerminateThread") != NULL, "and says so in the log");
    WaitForSingleObject(t, 5000);
    CloseHandle(t);

    {
        DWORD t0 = GetTickCount();
        Sleep(60);
        ok(GetTickCount() - t0 >= 55, "Sleep(60) sleeps about 60 ms");
        is_int(SleepEx(1, TRUE), 0, "SleepEx returns 0 (no APCs)");
        ok(SwitchToThread(), "SwitchToThread");
    }

    tls = TlsAlloc();
    ok(tls != TLS_OUT_OF_INDEXES, "TlsAlloc");
    ok(TlsSetValue(tls, (LPVOID)0x1234), "TlsSetValue");
    SetLastError(77);
    ok(TlsGetValue(tls) == (LPVOID)0x1234, "TlsGetValue reads it back");
    is_int(GetLastError(), ERROR_SUCCESS, "and sets ERROR_SUCCESS");
    t = CreateThread(NULL, 0, tls_check, NULL, 0, NULL);
    WaitForSingleObject(t, 5000);
    GetExitCodeThread(t, &code);
    is_int(code, 3, "another thread has its own value, NULL at first");
    CloseHandle(t);
    ok(TlsGetValue(tls) == (LPVOID)0x1234, "ours is unchanged");
    ok(TlsFree(tls), "TlsFree");
    SetLastError(0);
    ok(!TlsSetValue(tls, NULL), "a freed index is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    ok(TlsAlloc() == tls, "the index is reused");
    ok(TlsGetValue(tls) == NULL, "and reads NULL in every thread again");
    SetLastError(0);
    ok(TlsGetValue(5000) == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "an index past the slots: NULL, ERROR_INVALID_PARAMETER");
    for (i = 0; i < 2000 && TlsAlloc() != TLS_OUT_OF_INDEXES; i++) {
    }
    is_int(i, TLS_MINIMUM_AVAILABLE + 1024 - 1, "1088 slots in all, then TLS_OUT_OF_INDEXES");

    {
        DWORD f = FlsAlloc(NULL);
        ok(f != FLS_OUT_OF_INDEXES, "FlsAlloc");
        ok(FlsSetValue(f, (PVOID)9) && FlsGetValue(f) == (PVOID)9, "FlsSetValue/FlsGetValue");
        ok(FlsFree(f), "FlsFree");
    }
    return done();
}
