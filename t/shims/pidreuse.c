/*
 * pidreuse.c: an LD_PRELOAD shim, not a filter.  Preloaded into a
 * throwaway server by t/ops/status_pidreuse.t, it makes every pid that is
 * gone look as if another user's process had been given it since: a
 * kill(pid, 0) from mod_isapi_filter that would fail with ESRCH fails
 * with EPERM instead.  On a server whose parent runs as root and whose
 * children as www-data, that is what the children see once the pid of a
 * child that died is reused by a root process.  Calls from anywhere else
 * (httpd itself) are left alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>

typedef int (*kill_fn)(pid_t, int);

int kill(pid_t pid, int sig)
{
    static kill_fn real;
    Dl_info info;
    int rc;

    if (!real) {
        real = (kill_fn)dlsym(RTLD_NEXT, "kill");
        if (!real) {
            errno = ENOSYS;
            return -1;
        }
    }
    rc = real(pid, sig);
    if (rc != 0 && errno == ESRCH && sig == 0
        && dladdr(__builtin_return_address(0), &info) && info.dli_fname
        && strstr(info.dli_fname, "mod_isapi_filter")) {
        errno = EPERM;
    }
    return rc;
}
