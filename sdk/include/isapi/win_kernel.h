/**
 * @file isapi/win_kernel.h
 * @brief kernel32's threads, synchronisation, time and process
 *        information: events, mutexes, semaphores, waits, critical
 *        sections, SRW locks, condition variables, threads, TLS, the
 *        Interlocked family, clocks and FILETIME/SYSTEMTIME, time zones,
 *        system and version information, the environment.
 *
 * Implemented in sdk/runtime/{sync,event,mutex,semaphore,critsec,thread,
 * timing,sysinfo}.c; CloseHandle in sdk/runtime/handles.c.  The
 * Interlocked functions are inline here, on the GCC __atomic builtins
 * with full barriers as the Windows ones have.
 *
 * Named kernel objects (CreateEvent/CreateMutex/CreateSemaphore with a
 * name) are shared by the threads of one process: an httpd child.  They
 * do not reach other children, as they would reach other processes on
 * Windows (README, "Porting a filter from IIS").
 */
#ifndef ISAPI_WIN_KERNEL_H
#define ISAPI_WIN_KERNEL_H

#include <pthread.h>

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI BOOL WINAPI CloseHandle(HANDLE hObject);

/* ---- Waiting ---- */
#define INFINITE                0xFFFFFFFF
#define MAXIMUM_WAIT_OBJECTS    64
#define WAIT_OBJECT_0           0x00000000L
#define WAIT_ABANDONED          0x00000080L
#define WAIT_ABANDONED_0        0x00000080L
#define WAIT_IO_COMPLETION      0x000000C0L
#define WAIT_FAILED             ((DWORD)0xFFFFFFFF)
#ifndef WAIT_TIMEOUT
#define WAIT_TIMEOUT            258L
#endif
#define STATUS_WAIT_0           ((DWORD)0x00000000L)
#define STATUS_ABANDONED_WAIT_0 ((DWORD)0x00000080L)
#define STATUS_TIMEOUT          ((DWORD)0x00000102L)
#define STATUS_PENDING          ((DWORD)0x00000103L)
#define STILL_ACTIVE            STATUS_PENDING

WINBASEAPI DWORD WINAPI WaitForSingleObject(HANDLE hHandle,
                                            DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle,
                                              DWORD dwMilliseconds,
                                              BOOL bAlertable);
WINBASEAPI DWORD WINAPI WaitForMultipleObjects(DWORD nCount,
                                               const HANDLE *lpHandles,
                                               BOOL bWaitAll,
                                               DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount,
                                                 const HANDLE *lpHandles,
                                                 BOOL bWaitAll,
                                                 DWORD dwMilliseconds,
                                                 BOOL bAlertable);
WINBASEAPI DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal,
                                            HANDLE hObjectToWaitOn,
                                            DWORD dwMilliseconds,
                                            BOOL bAlertable);

/* ---- Access rights (accepted, not enforced: one process, one user) ---- */
#define EVENT_MODIFY_STATE          0x0002
#define EVENT_ALL_ACCESS            (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define MUTEX_MODIFY_STATE          0x0001
#define MUTEX_ALL_ACCESS            (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1)
#define SEMAPHORE_MODIFY_STATE      0x0002
#define SEMAPHORE_ALL_ACCESS        (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define THREAD_TERMINATE            0x0001
#define THREAD_SUSPEND_RESUME       0x0002
#define THREAD_SET_INFORMATION      0x0020
#define THREAD_QUERY_INFORMATION    0x0040
#define THREAD_ALL_ACCESS           (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)
#define DUPLICATE_CLOSE_SOURCE      0x00000001
#define DUPLICATE_SAME_ACCESS       0x00000002

/* ---- Events, mutexes, semaphores ---- */
#define CREATE_EVENT_MANUAL_RESET   0x00000001
#define CREATE_EVENT_INITIAL_SET    0x00000002
#define CREATE_MUTEX_INITIAL_OWNER  0x00000001

WINBASEAPI HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes,
                                      BOOL bManualReset, BOOL bInitialState,
                                      LPCSTR lpName);
WINBASEAPI HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes,
                                        LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle,
                                    LPCSTR lpName);
WINBASEAPI BOOL WINAPI SetEvent(HANDLE hEvent);
WINBASEAPI BOOL WINAPI ResetEvent(HANDLE hEvent);
WINBASEAPI BOOL WINAPI PulseEvent(HANDLE hEvent);
#define CreateEvent   CreateEventA
#define CreateEventEx CreateEventExA
#define OpenEvent     OpenEventA

WINBASEAPI HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                      BOOL bInitialOwner, LPCSTR lpName);
WINBASEAPI HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                        LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle,
                                    LPCSTR lpName);
WINBASEAPI BOOL WINAPI ReleaseMutex(HANDLE hMutex);
#define CreateMutex   CreateMutexA
#define CreateMutexEx CreateMutexExA
#define OpenMutex     OpenMutexA

WINBASEAPI HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                          LONG lInitialCount, LONG lMaximumCount,
                                          LPCSTR lpName);
WINBASEAPI HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess,
                                        BOOL bInheritHandle, LPCSTR lpName);
WINBASEAPI BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount,
                                        LPLONG lpPreviousCount);
#define CreateSemaphore CreateSemaphoreA
#define OpenSemaphore   OpenSemaphoreA

/* Waitable timers.  The completion routine (an APC) is not run: see
 * SetWaitableTimer in sdk/runtime/timer.c. */
typedef VOID (CALLBACK *PTIMERAPCROUTINE)(LPVOID lpArgToCompletionRoutine,
                                          DWORD dwTimerLowValue,
                                          DWORD dwTimerHighValue);
#define TIMER_MODIFY_STATE           0x0002
#define TIMER_ALL_ACCESS             (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define CREATE_WAITABLE_TIMER_MANUAL_RESET 0x00000001

WINBASEAPI HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes,
                                              BOOL bManualReset, LPCSTR lpTimerName);
WINBASEAPI HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES lpTimerAttributes,
                                                LPCSTR lpTimerName, DWORD dwFlags,
                                                DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI OpenWaitableTimerA(DWORD dwDesiredAccess,
                                            BOOL bInheritHandle,
                                            LPCSTR lpTimerName);
WINBASEAPI BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime,
                                        LONG lPeriod,
                                        PTIMERAPCROUTINE pfnCompletionRoutine,
                                        LPVOID lpArgToCompletionRoutine,
                                        BOOL fResume);
WINBASEAPI BOOL WINAPI CancelWaitableTimer(HANDLE hTimer);
#define CreateWaitableTimer   CreateWaitableTimerA
#define CreateWaitableTimerEx CreateWaitableTimerExA
#define OpenWaitableTimer     OpenWaitableTimerA

/** A second handle to an event, mutex, semaphore or thread (or a real
 * handle for GetCurrentThread()); only within the current process. */
WINBASEAPI BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle,
                                       HANDLE hSourceHandle,
                                       HANDLE hTargetProcessHandle,
                                       LPHANDLE lpTargetHandle,
                                       DWORD dwDesiredAccess,
                                       BOOL bInheritHandle, DWORD dwOptions);

/* ---- Critical sections, SRW locks, condition variables ----
 * The fields Windows has are kept (RecursionCount and OwningThread hold
 * what they hold on Windows: the depth and the owner's thread id); the
 * pthread mutex lives inline, so a static, global or embedded
 * CRITICAL_SECTION needs no allocation.  All-zero memory is a valid,
 * free critical section, SRW lock and condition variable. */
typedef struct _RTL_CRITICAL_SECTION_DEBUG *PRTL_CRITICAL_SECTION_DEBUG;
typedef struct _RTL_CRITICAL_SECTION {
    PRTL_CRITICAL_SECTION_DEBUG DebugInfo;
    LONG LockCount;
    LONG RecursionCount;
    HANDLE OwningThread;
    HANDLE LockSemaphore;
    ULONG_PTR SpinCount;
    pthread_mutex_t isw_mutex;
} RTL_CRITICAL_SECTION, CRITICAL_SECTION, *PCRITICAL_SECTION,
  *LPCRITICAL_SECTION, *PRTL_CRITICAL_SECTION;

#define CRITICAL_SECTION_NO_DEBUG_INFO 0x01000000

WINBASEAPI VOID WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI BOOL WINAPI InitializeCriticalSectionAndSpinCount(
    LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount);
WINBASEAPI BOOL WINAPI InitializeCriticalSectionEx(
    LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount, DWORD Flags);
WINBASEAPI DWORD WINAPI SetCriticalSectionSpinCount(
    LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount);
WINBASEAPI VOID WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI VOID WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI VOID WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection);

/* Room for a pthread rwlock (56 bytes on glibc), without needing the
 * POSIX feature macros that declare pthread_rwlock_t. */
typedef struct _RTL_SRWLOCK {
    ULONG_PTR isw_rwlock[7];
} RTL_SRWLOCK, SRWLOCK, *PSRWLOCK;
#ifdef __cplusplus
#define RTL_SRWLOCK_INIT {}
#else
#define RTL_SRWLOCK_INIT {0}
#endif
#define SRWLOCK_INIT RTL_SRWLOCK_INIT

WINBASEAPI VOID WINAPI InitializeSRWLock(PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock);
WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock);
WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock);

/* Pointer sized, as on Windows: the runtime uses 32 bits of it as a
 * futex sequence number. */
typedef struct _RTL_CONDITION_VARIABLE {
    union {
        PVOID Ptr;
        int isw_seq;
    };
} RTL_CONDITION_VARIABLE, CONDITION_VARIABLE, *PCONDITION_VARIABLE;
#ifdef __cplusplus
#define RTL_CONDITION_VARIABLE_INIT {}
#else
#define RTL_CONDITION_VARIABLE_INIT {0}
#endif
#define CONDITION_VARIABLE_INIT RTL_CONDITION_VARIABLE_INIT
#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1

WINBASEAPI VOID WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
WINBASEAPI BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                                PCRITICAL_SECTION CriticalSection,
                                                DWORD dwMilliseconds);
WINBASEAPI BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable,
                                                 PSRWLOCK SRWLock,
                                                 DWORD dwMilliseconds, ULONG Flags);
WINBASEAPI VOID WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
WINBASEAPI VOID WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable);

/* One-time initialisation. */
typedef union _RTL_RUN_ONCE {
    PVOID Ptr;
} RTL_RUN_ONCE, INIT_ONCE, *PINIT_ONCE, *LPINIT_ONCE;
#define RTL_RUN_ONCE_INIT {0}
#define INIT_ONCE_STATIC_INIT RTL_RUN_ONCE_INIT
#define INIT_ONCE_CTX_RESERVED_BITS 2
typedef BOOL (WINAPI *PINIT_ONCE_FN)(PINIT_ONCE InitOnce, PVOID Parameter,
                                     PVOID *Context);

WINBASEAPI VOID WINAPI InitOnceInitialize(PINIT_ONCE InitOnce);
WINBASEAPI BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE InitOnce,
                                           PINIT_ONCE_FN InitFn,
                                           PVOID Parameter, LPVOID *Context);

/* ---- Threads ---- */
typedef DWORD (WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;

#define CREATE_SUSPENDED                   0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION  0x00010000

#define THREAD_PRIORITY_LOWEST        (-2)
#define THREAD_PRIORITY_BELOW_NORMAL  (-1)
#define THREAD_PRIORITY_NORMAL        0
#define THREAD_PRIORITY_HIGHEST       2
#define THREAD_PRIORITY_ABOVE_NORMAL  1
#define THREAD_PRIORITY_TIME_CRITICAL 15
#define THREAD_PRIORITY_IDLE          (-15)
#define THREAD_PRIORITY_ERROR_RETURN  (0x7FFFFFFF)
#define THREAD_MODE_BACKGROUND_BEGIN  0x00010000
#define THREAD_MODE_BACKGROUND_END    0x00020000

WINBASEAPI HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes,
                                      SIZE_T dwStackSize,
                                      LPTHREAD_START_ROUTINE lpStartAddress,
                                      LPVOID lpParameter,
                                      DWORD dwCreationFlags,
                                      LPDWORD lpThreadId);
WINBASEAPI __attribute__((noreturn)) VOID WINAPI ExitThread(DWORD dwExitCode);
WINBASEAPI BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
WINBASEAPI DWORD WINAPI ResumeThread(HANDLE hThread);
WINBASEAPI DWORD WINAPI SuspendThread(HANDLE hThread);
WINBASEAPI BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode);
WINBASEAPI HANDLE WINAPI GetCurrentThread(void);
WINBASEAPI HANDLE WINAPI GetCurrentProcess(void);
WINBASEAPI DWORD WINAPI GetCurrentThreadId(void);
WINBASEAPI DWORD WINAPI GetCurrentProcessId(void);
WINBASEAPI DWORD WINAPI GetThreadId(HANDLE Thread);
WINBASEAPI DWORD WINAPI GetCurrentProcessorNumber(void);
WINBASEAPI DWORD WINAPI GetProcessId(HANDLE Process);
WINBASEAPI BOOL WINAPI SetThreadPriority(HANDLE hThread, int nPriority);
WINBASEAPI int WINAPI GetThreadPriority(HANDLE hThread);
WINBASEAPI VOID WINAPI Sleep(DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable);
WINBASEAPI BOOL WINAPI SwitchToThread(void);

/* The thread pool: work items, timer-queue timers and registered waits.
 * Each runs on a thread of its own (sdk/runtime/threadpool.c). */
typedef VOID (CALLBACK *WAITORTIMERCALLBACK)(PVOID lpParameter,
                                             BOOLEAN TimerOrWaitFired);
#define WT_EXECUTEDEFAULT            0x00000000
#define WT_EXECUTEINIOTHREAD         0x00000001
#define WT_EXECUTEINWAITTHREAD       0x00000004
#define WT_EXECUTEONLYONCE           0x00000008
#define WT_EXECUTELONGFUNCTION       0x00000010
#define WT_EXECUTEINTIMERTHREAD      0x00000020
#define WT_EXECUTEINPERSISTENTTHREAD 0x00000080
#define WT_TRANSFER_IMPERSONATION    0x00000100

WINBASEAPI BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function,
                                         PVOID Context, ULONG Flags);
WINBASEAPI HANDLE WINAPI CreateTimerQueue(void);
WINBASEAPI BOOL WINAPI DeleteTimerQueue(HANDLE TimerQueue);
WINBASEAPI BOOL WINAPI DeleteTimerQueueEx(HANDLE TimerQueue,
                                          HANDLE CompletionEvent);
WINBASEAPI BOOL WINAPI CreateTimerQueueTimer(PHANDLE phNewTimer,
                                             HANDLE TimerQueue,
                                             WAITORTIMERCALLBACK Callback,
                                             PVOID Parameter, DWORD DueTime,
                                             DWORD Period, ULONG Flags);
WINBASEAPI BOOL WINAPI ChangeTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer,
                                             ULONG DueTime, ULONG Period);
WINBASEAPI BOOL WINAPI DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer,
                                             HANDLE CompletionEvent);
WINBASEAPI BOOL WINAPI RegisterWaitForSingleObject(PHANDLE phNewWaitObject,
                                                   HANDLE hObject,
                                                   WAITORTIMERCALLBACK Callback,
                                                   PVOID Context,
                                                   ULONG dwMilliseconds,
                                                   ULONG dwFlags);
WINBASEAPI BOOL WINAPI UnregisterWait(HANDLE WaitHandle);
WINBASEAPI BOOL WINAPI UnregisterWaitEx(HANDLE WaitHandle,
                                        HANDLE CompletionEvent);

/* Thread local storage: TLS_MINIMUM_AVAILABLE + 1024 slots, as on
 * Windows; FLS slots run their callback when a thread ends. */
#define TLS_MINIMUM_AVAILABLE 64
#define TLS_OUT_OF_INDEXES    ((DWORD)0xFFFFFFFF)
#define FLS_OUT_OF_INDEXES    ((DWORD)0xFFFFFFFF)
typedef VOID (WINAPI *PFLS_CALLBACK_FUNCTION)(PVOID lpFlsData);

WINBASEAPI DWORD WINAPI TlsAlloc(void);
WINBASEAPI BOOL WINAPI TlsFree(DWORD dwTlsIndex);
WINBASEAPI LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex);
WINBASEAPI BOOL WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue);
WINBASEAPI DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION lpCallback);
WINBASEAPI BOOL WINAPI FlsFree(DWORD dwFlsIndex);
WINBASEAPI PVOID WINAPI FlsGetValue(DWORD dwFlsIndex);
WINBASEAPI BOOL WINAPI FlsSetValue(DWORD dwFlsIndex, PVOID lpFlsData);

/* ---- Interlocked: sequentially consistent, as Windows' full barriers.
 * The 32-bit forms take LONG (32 bits on Linux too); C++ gets overloads
 * for MSVC code that declares its counters `long`, which is 64 bits on
 * LP64 Linux. ---- */
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#if defined(__x86_64__) || defined(__i386__)
#define YieldProcessor() __builtin_ia32_pause()
#else
#define YieldProcessor() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

/* One family per operand type T, named with suffix S: the same
 * sequentially consistent builtins for LONG, LONG64 and (C++) long. */
#define ISAPI_INTERLOCKED_FAMILY(T, S)                                       \
static __inline__ T InterlockedIncrement##S(T volatile *Addend)              \
{ return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST); }                  \
static __inline__ T InterlockedDecrement##S(T volatile *Addend)              \
{ return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST); }                  \
static __inline__ T InterlockedExchange##S(T volatile *Target, T Value)      \
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }             \
static __inline__ T InterlockedExchangeAdd##S(T volatile *Addend, T Value)   \
{ return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST); }              \
static __inline__ T InterlockedAdd##S(T volatile *Addend, T Value)           \
{ return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST); }              \
static __inline__ T InterlockedCompareExchange##S(T volatile *Destination,   \
                                                  T Exchange, T Comparand)   \
{                                                                            \
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0,        \
                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);         \
    return Comparand;                                                        \
}                                                                            \
static __inline__ T InterlockedAnd##S(T volatile *Destination, T Value)      \
{ return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST); }         \
static __inline__ T InterlockedOr##S(T volatile *Destination, T Value)       \
{ return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST); }          \
static __inline__ T InterlockedXor##S(T volatile *Destination, T Value)      \
{ return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST); }

ISAPI_INTERLOCKED_FAMILY(LONG, )
ISAPI_INTERLOCKED_FAMILY(LONG64, 64)

static __inline__ PVOID InterlockedExchangePointer(PVOID volatile *Target,
                                                   PVOID Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
static __inline__ PVOID InterlockedCompareExchangePointer(
    PVOID volatile *Destination, PVOID Exchange, PVOID Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0,
                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return Comparand;
}

#ifdef __cplusplus
} /* extern "C" */
ISAPI_INTERLOCKED_FAMILY(long, )
extern "C" {
#endif

/* The MSVC intrinsic spellings (<intrin.h>). */
#define _InterlockedIncrement              InterlockedIncrement
#define _InterlockedDecrement              InterlockedDecrement
#define _InterlockedExchange               InterlockedExchange
#define _InterlockedExchangeAdd            InterlockedExchangeAdd
#define _InterlockedCompareExchange        InterlockedCompareExchange
#define _InterlockedAnd                    InterlockedAnd
#define _InterlockedOr                     InterlockedOr
#define _InterlockedXor                    InterlockedXor
#define _InterlockedIncrement64            InterlockedIncrement64
#define _InterlockedDecrement64            InterlockedDecrement64
#define _InterlockedExchange64             InterlockedExchange64
#define _InterlockedExchangeAdd64          InterlockedExchangeAdd64
#define _InterlockedCompareExchange64      InterlockedCompareExchange64
#define _InterlockedExchangePointer        InterlockedExchangePointer
#define _InterlockedCompareExchangePointer InterlockedCompareExchangePointer
#define InterlockedIncrementAcquire        InterlockedIncrement
#define InterlockedIncrementRelease        InterlockedIncrement
#define InterlockedDecrementAcquire        InterlockedDecrement
#define InterlockedDecrementRelease        InterlockedDecrement
#define InterlockedCompareExchangeAcquire  InterlockedCompareExchange
#define InterlockedCompareExchangeRelease  InterlockedCompareExchange

/* ---- Time ---- */
WINBASEAPI DWORD WINAPI GetTickCount(void);
WINBASEAPI ULONGLONG WINAPI GetTickCount64(void);
/** winmm's millisecond clock: GetTickCount's. */
WINBASEAPI DWORD WINAPI timeGetTime(void);
WINBASEAPI BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
WINBASEAPI BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);
WINBASEAPI VOID WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime);
WINBASEAPI VOID WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime);
WINBASEAPI VOID WINAPI GetSystemTime(LPSYSTEMTIME lpSystemTime);
WINBASEAPI VOID WINAPI GetLocalTime(LPSYSTEMTIME lpSystemTime);
WINBASEAPI BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME *lpSystemTime,
                                            LPFILETIME lpFileTime);
WINBASEAPI BOOL WINAPI FileTimeToSystemTime(const FILETIME *lpFileTime,
                                            LPSYSTEMTIME lpSystemTime);
WINBASEAPI BOOL WINAPI FileTimeToLocalFileTime(const FILETIME *lpFileTime,
                                               LPFILETIME lpLocalFileTime);
WINBASEAPI BOOL WINAPI LocalFileTimeToFileTime(const FILETIME *lpLocalFileTime,
                                               LPFILETIME lpFileTime);
WINBASEAPI LONG WINAPI CompareFileTime(const FILETIME *lpFileTime1,
                                       const FILETIME *lpFileTime2);

#define TIME_ZONE_ID_INVALID  ((DWORD)0xFFFFFFFF)
#define TIME_ZONE_ID_UNKNOWN  0
#define TIME_ZONE_ID_STANDARD 1
#define TIME_ZONE_ID_DAYLIGHT 2

typedef struct _TIME_ZONE_INFORMATION {
    LONG       Bias;              /* minutes: UTC = local time + Bias */
    WCHAR      StandardName[32];
    SYSTEMTIME StandardDate;      /* wYear 0: month, weekday, week (5 = last) */
    LONG       StandardBias;
    WCHAR      DaylightName[32];
    SYSTEMTIME DaylightDate;
    LONG       DaylightBias;
} TIME_ZONE_INFORMATION, *PTIME_ZONE_INFORMATION, *LPTIME_ZONE_INFORMATION;

WINBASEAPI DWORD WINAPI GetTimeZoneInformation(
    LPTIME_ZONE_INFORMATION lpTimeZoneInformation);
WINBASEAPI BOOL WINAPI SystemTimeToTzSpecificLocalTime(
    const TIME_ZONE_INFORMATION *lpTimeZoneInformation,
    const SYSTEMTIME *lpUniversalTime, LPSYSTEMTIME lpLocalTime);
WINBASEAPI BOOL WINAPI TzSpecificLocalTimeToSystemTime(
    const TIME_ZONE_INFORMATION *lpTimeZoneInformation,
    const SYSTEMTIME *lpLocalTime, LPSYSTEMTIME lpUniversalTime);

/* Date and time formatting, in the en-US conventions (the locale
 * argument is accepted and not consulted: see README, Porting). */
#ifndef LOCALE_SYSTEM_DEFAULT
#define LOCALE_SYSTEM_DEFAULT   0x0800
#endif
#ifndef LOCALE_USER_DEFAULT
#define LOCALE_USER_DEFAULT     0x0400
#endif
#ifndef LOCALE_INVARIANT
#define LOCALE_INVARIANT        0x007F
#endif
#ifndef LOCALE_NOUSEROVERRIDE
#define LOCALE_NOUSEROVERRIDE   0x80000000
#endif
#define DATE_SHORTDATE          0x00000001
#define DATE_LONGDATE           0x00000002
#define DATE_USE_ALT_CALENDAR   0x00000004
#define TIME_NOMINUTESORSECONDS 0x00000001
#define TIME_NOSECONDS          0x00000002
#define TIME_NOTIMEMARKER       0x00000004
#define TIME_FORCE24HOURFORMAT  0x00000008

WINBASEAPI int WINAPI GetDateFormatA(LCID Locale, DWORD dwFlags,
                                     const SYSTEMTIME *lpDate, LPCSTR lpFormat,
                                     LPSTR lpDateStr, int cchDate);
WINBASEAPI int WINAPI GetTimeFormatA(LCID Locale, DWORD dwFlags,
                                     const SYSTEMTIME *lpTime, LPCSTR lpFormat,
                                     LPSTR lpTimeStr, int cchTime);
#define GetDateFormat GetDateFormatA
#define GetTimeFormat GetTimeFormatA

/* ---- System and version information ---- */
#define PROCESSOR_ARCHITECTURE_INTEL   0
#define PROCESSOR_ARCHITECTURE_ARM     5
#define PROCESSOR_ARCHITECTURE_IA64    6
#define PROCESSOR_ARCHITECTURE_AMD64   9
#define PROCESSOR_ARCHITECTURE_ARM64   12
#define PROCESSOR_ARCHITECTURE_UNKNOWN 0xFFFF
#define PROCESSOR_INTEL_386            386
#define PROCESSOR_INTEL_486            486
#define PROCESSOR_INTEL_PENTIUM        586
#define PROCESSOR_AMD_X8664            8664
#define PROCESSOR_ARM                  0

typedef struct _SYSTEM_INFO {
    union {
        DWORD dwOemId;
        struct {
            WORD wProcessorArchitecture;
            WORD wReserved;
        };
    };
    DWORD     dwPageSize;
    LPVOID    lpMinimumApplicationAddress;
    LPVOID    lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD     dwNumberOfProcessors;
    DWORD     dwProcessorType;
    DWORD     dwAllocationGranularity;
    WORD      wProcessorLevel;
    WORD      wProcessorRevision;
} SYSTEM_INFO, *LPSYSTEM_INFO;

WINBASEAPI VOID WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo);
WINBASEAPI VOID WINAPI GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo);

#define VER_PLATFORM_WIN32s        0
#define VER_PLATFORM_WIN32_WINDOWS 1
#define VER_PLATFORM_WIN32_NT      2
#define VER_NT_WORKSTATION         0x0000001
#define VER_NT_DOMAIN_CONTROLLER   0x0000002
#define VER_NT_SERVER              0x0000003
#define VER_SUITE_ENTERPRISE       0x00000002

typedef struct _OSVERSIONINFOA {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    CHAR  szCSDVersion[128];
} OSVERSIONINFOA, *POSVERSIONINFOA, *LPOSVERSIONINFOA,
  OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;

typedef struct _OSVERSIONINFOEXA {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    CHAR  szCSDVersion[128];
    WORD  wServicePackMajor;
    WORD  wServicePackMinor;
    WORD  wSuiteMask;
    BYTE  wProductType;
    BYTE  wReserved;
} OSVERSIONINFOEXA, *POSVERSIONINFOEXA, *LPOSVERSIONINFOEXA,
  OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;

WINBASEAPI BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA lpVersionInformation);
WINBASEAPI DWORD WINAPI GetVersion(void);
#define GetVersionEx GetVersionExA

#define MAX_COMPUTERNAME_LENGTH 15
WINBASEAPI BOOL WINAPI GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize);
#define GetComputerName GetComputerNameA

WINBASEAPI DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer,
                                                DWORD nSize);
WINBASEAPI BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue);
WINBASEAPI DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR lpSrc, LPSTR lpDst,
                                                  DWORD nSize);
WINBASEAPI LPSTR WINAPI GetEnvironmentStringsA(void);
WINBASEAPI BOOL WINAPI FreeEnvironmentStringsA(LPSTR penv);
WINBASEAPI LPSTR WINAPI GetCommandLineA(void);
#define GetEnvironmentVariable   GetEnvironmentVariableA
#define SetEnvironmentVariable   SetEnvironmentVariableA
#define ExpandEnvironmentStrings ExpandEnvironmentStringsA
#define GetEnvironmentStrings    GetEnvironmentStringsA
#define FreeEnvironmentStrings   FreeEnvironmentStringsA
#define GetCommandLine           GetCommandLineA

#ifdef __cplusplus
}
#endif
#endif /* ISAPI_WIN_KERNEL_H */
