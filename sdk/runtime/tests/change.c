/* change.c: FindFirstChangeNotification and friends (sdk/runtime/
 * change.c).  Waiting is sync.c's WaitForSingleObject; where this runtime
 * is built without it, the waits are skipped and only the handle's
 * life is checked. */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef WAIT_OBJECT_0
#define WAIT_OBJECT_0 0
#define WAIT_TIMEOUT  258L
#endif

/* Weak: the test builds and runs before sync.c joins the runtime. */
WINBASEAPI DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
    __attribute__((weak));

static char root[128];

static void write_file(const char *rel, const char *data)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    if ((f = fopen(path, "a")) != NULL) {
        fputs(data, f);
        fclose(f);
    }
}

int main(void)
{
    isapi_win32_host host = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, NULL };
    char path[512];
    HANDLE h;

    snprintf(root, sizeof(root), "/tmp/change.%d", (int)getpid());
    host.windows_root = root;
    isapi_win32_host_attach(&host);
    snprintf(path, sizeof(path), "mkdir -p %s/c/Filter/sub", root);
    if (system(path) != 0) {
        return 1;
    }
    write_file("c/Filter/filter.ini", "[a]\n");

    SetLastError(0);
    h = FindFirstChangeNotificationA("C:\\Missing", FALSE, FILE_NOTIFY_CHANGE_LAST_WRITE);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a missing directory: ERROR_FILE_NOT_FOUND");
    h = FindFirstChangeNotificationA("C:\\Filter", FALSE, 0);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "no filter: ERROR_INVALID_PARAMETER");
    h = FindFirstChangeNotificationA("C:\\FILTER", FALSE,
                                     FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_SIZE);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstChangeNotification");

    if (WaitForSingleObject) {
        is_int(WaitForSingleObject(h, 0), WAIT_TIMEOUT, "not signalled before a change");
        write_file("c/Filter/filter.ini", "x=1\n");
        is_int(WaitForSingleObject(h, 2000), WAIT_OBJECT_0, "a write signals it");
        is_int(WaitForSingleObject(h, 0), WAIT_OBJECT_0, "it stays signalled");
        ok(FindNextChangeNotification(h), "FindNextChangeNotification");
        is_int(WaitForSingleObject(h, 50), WAIT_TIMEOUT, "which resets it");
        write_file("c/Filter/sub/deeper.txt", "x");
        is_int(WaitForSingleObject(h, 100), WAIT_TIMEOUT,
               "a change in a subdirectory does not count without bWatchSubtree");
        write_file("c/Filter/filter.ini", "y=2\n");
        ok(FindNextChangeNotification(h), "a change made before FindNext...");
        is_int(WaitForSingleObject(h, 2000), WAIT_OBJECT_0, "...is recorded and signals");
    }
    else {
        diag("no WaitForSingleObject in this runtime: waits not tested");
        ok(FindNextChangeNotification(h), "FindNextChangeNotification");
    }
    ok(FindCloseChangeNotification(h), "FindCloseChangeNotification");

    /* A new last-write time without a write (touch, SetFileTime). */
    h = FindFirstChangeNotificationA("C:\\Filter", FALSE, FILE_NOTIFY_CHANGE_LAST_WRITE);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstChangeNotification(LAST_WRITE)");
    if (WaitForSingleObject) {
        struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
        HANDLE hn = FindFirstChangeNotificationA("C:\\Filter", FALSE,
                                                 FILE_NOTIFY_CHANGE_FILE_NAME);

        snprintf(path, sizeof(path), "%s/c/Filter/filter.ini", root);
        is_int(utimensat(AT_FDCWD, path, ts, 0), 0, "utimensat");
        is_int(WaitForSingleObject(h, 2000), WAIT_OBJECT_0,
               "setting the last-write time alone signals LAST_WRITE");
        is_int(WaitForSingleObject(hn, 100), WAIT_TIMEOUT,
               "but not FILE_NAME");
        FindCloseChangeNotification(hn);
    }
    ok(FindCloseChangeNotification(h), "FindCloseChangeNotification(LAST_WRITE)");
    ok(!FindNextChangeNotification(h) && GetLastError() == ERROR_INVALID_HANDLE,
       "a closed handle: ERROR_INVALID_HANDLE");

    h = FindFirstChangeNotificationA("C:\\Filter", TRUE, FILE_NOTIFY_CHANGE_FILE_NAME);
    ok(h != INVALID_HANDLE_VALUE, "bWatchSubtree");
    if (WaitForSingleObject) {
        write_file("c/Filter/sub/new.txt", "x");
        is_int(WaitForSingleObject(h, 2000), WAIT_OBJECT_0,
               "a file created in a subdirectory signals it");
    }
    FindCloseChangeNotification(h);

    snprintf(path, sizeof(path), "rm -rf '%s'", root);
    if (system(path) != 0) {
        diag("could not remove the test root");
    }
    return done();
}
