/**
 * @file isw.h
 * @brief What the files of libisapiwin32.so share, and nothing a filter
 *        sees.
 *
 * The runtime is built -fvisibility=hidden: a function is exported only
 * where a public SDK header declares it (WINBASEAPI), and everything
 * declared here stays inside the library.  Errors go through
 * SetLastError(), never a variable, so that inside httpd they land in the
 * module's per-thread value (lasterror.c).
 */
#ifndef ISW_H
#define ISW_H

#include "windows.h"
#include "isapi/win_host.h"

#pragma GCC visibility push(hidden)

/* ---- Errors ---- */

/** The Win32 error an errno value means. */
DWORD isw_error_from_errno(int err);

/** SetLastError(the Win32 error errno means); returns FALSE. */
BOOL isw_fail_errno(void);

/** SetLastError(code); returns FALSE. */
BOOL isw_fail(DWORD code);

/* ---- Handles (handles.c) ----
 * Every kernel object a HANDLE names is an isw_obj in one table.  A HANDLE
 * is a table slot and a generation, never a pointer, so a stale, forged or
 * already closed handle is found out (ERROR_INVALID_HANDLE), never
 * dereferenced.  Lookups take a reference: an object a thread is using
 * outlives a concurrent CloseHandle. */
enum isw_kind {
    ISW_ANY = 0,
    ISW_FILE,
    ISW_THREAD,
    ISW_EVENT,
    ISW_MUTEX,
    ISW_SEMAPHORE,
    ISW_FIND,        /* FindFirstFile: FindClose, not CloseHandle */
    ISW_CHANGE,      /* FindFirstChangeNotification: FindCloseChangeNotification */
    ISW_HEAP,        /* HeapCreate: HeapDestroy */
    ISW_REGKEY,      /* RegOpenKeyEx: RegCloseKey */
    ISW_EVENTLOG,    /* RegisterEventSource: DeregisterEventSource */
    ISW_TIMER,
    ISW_KIND_MAX
};

typedef struct isw_obj isw_obj;
struct isw_obj {
    int kind;                         /* enum isw_kind */
    int refs;                         /* atomic; the table holds one */
    void (*destroy)(isw_obj *o);      /* frees o and what it owns */
    /* Waitable kinds (threads, events, mutexes, semaphores, change
     * notifications) set this: whether o is signalled now, and with
     * consume also take it (reset an auto-reset event, own a mutex, take
     * a semaphore count).  Called with the wait lock held.  NULL for
     * kinds WaitForSingleObject refuses (ERROR_INVALID_HANDLE). */
    int (*signalled)(isw_obj *o, int consume);
    /* Set for objects whose state changes without a call that could
     * wake waiters (a change notification watching the file system):
     * a wait that includes one rechecks it every few milliseconds. */
    int polled;
};

/** A new object of kind: size bytes (an isw_obj first, the rest zeroed)
 * with destroy set; NULL with ERROR_NOT_ENOUGH_MEMORY. */
void *isw_obj_new(size_t size, int kind, void (*destroy)(isw_obj *o));

/** Enters o (refs set to 1, for the table) and returns its handle, or NULL
 * with ERROR_NOT_ENOUGH_MEMORY (o is then destroyed). */
HANDLE isw_handle_new(isw_obj *o);

/** The object h names, with a reference taken, if it is of kind (or any
 * kind for ISW_ANY); NULL with ERROR_INVALID_HANDLE otherwise. */
isw_obj *isw_handle_get(HANDLE h, int kind);

/** Drops a reference from isw_handle_get (or the table's). */
void isw_obj_put(isw_obj *o);

/** Takes h out of the table and drops the table's reference; FALSE with
 * ERROR_INVALID_HANDLE when h is not an open handle of kind. */
BOOL isw_handle_close(HANDLE h, int kind);

/** Whether h is one of the values the table hands out (for the pseudo
 * handles and HKEY roots, which are not). */
int isw_handle_is_slot(HANDLE h);

/* ---- Waiting (sync.c) ----
 * One lock and one condition variable serve every wait: a call that
 * changes an object's state (SetEvent, ReleaseMutex, a thread's end)
 * takes the lock, changes it and wakes all waiters, which recheck their
 * objects' signalled(). */
void isw_wait_lock(void);
void isw_wait_unlock(void);
/** Wakes every waiter; call with the wait lock held. */
void isw_wait_wake(void);

/* ---- The host (host.c) ---- */

/** ISAPIFilterWindowsRoot, or NULL when none is set. */
const char *isw_windows_root(void);

/** ISAPIFilterRegistry, or NULL when none is set. */
const char *isw_registry_file(void);

/** A line in the host's log (httpd's error log inside the module, stderr
 * without it) at an ISW_LOG_* level, naming the filter that `caller` (an
 * address in it, e.g. __builtin_return_address(0)) belongs to. */
void isw_log(int level, const void *caller, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** The file name of the shared object that holds address a, or NULL. */
const char *isw_object_path(const void *a);

/* ---- Unloading (unload.c) ----
 * What the runtime keeps for the whole process is let go of by a
 * destructor as the library is unloaded: at the dlclose of the last
 * filter that needs it (httpd clears a configuration generation; apache2
 * -X does so in the process that ran the filters) or at exit.  Memory
 * left behind then would be lost for good, with nothing to point at it.
 * Each part releases under its own lock and leaves the state a fresh
 * load starts from. */

/** Forgets ISAPIFilterWindowsRoot, ISAPIFilterRegistry and the log hook. */
void isw_host_release(void);
/** How many threads CreateThread started are still running (thread.c). */
int isw_threads_running(void);
/** Drops the registry file's current tree (open keys keep theirs). */
void isw_registry_release(void);
/** Empties the INI files' parse cache. */
void isw_profile_release(void);
/** Frees the handle table once no handle is open; handles a filter left
 * open stay, with the table. */
void isw_handles_release(void);

/* ---- Windows paths (winpath.c) ----
 * A drive path ("C:\x\y", "c:/x/y") is ROOT/c/x/y below
 * ISAPIFilterWindowsRoot; a rooted path without a drive ("\x\y") and a
 * relative one keep their place in the Unix tree.  Backslashes are
 * separators, and each component that does not exist as spelled is
 * looked up case-insensitively, as NTFS finds it. */

/** Maps win to a Unix path in out[outlen].  0, or the Win32 error
 * (ERROR_PATH_NOT_FOUND when a drive path has no root to live under,
 * ERROR_BAD_NETPATH for UNC paths, ERROR_FILENAME_EXCED_RANGE). */
DWORD isw_path_to_unix(const char *win, char *out, size_t outlen);

/** The Windows form of a Unix path: "C:\x" below ROOT/c, "\x\y" outside
 * the root.  0, ERROR_INSUFFICIENT_BUFFER, or ERROR_INVALID_NAME when a
 * name holds a backslash (which Windows would read as a separator). */
DWORD isw_path_to_windows(const char *unix_path, char *out, size_t outlen);

#pragma GCC visibility pop

#endif /* ISW_H */
