/*
 * host.c: what the program that loaded the runtime told it
 * (isapi_win32_host_attach), and the runtime's log.
 *
 * The settings are copied, so the runtime never points into a
 * configuration pool httpd clears on restart; a new configuration
 * generation calls it again.
 */
#include "isw.h"

#include <dlfcn.h>
#include <pthread.h>

static pthread_rwlock_t host_lock = PTHREAD_RWLOCK_INITIALIZER;
static char *host_root;
static char *host_registry;
static void (*host_log)(int level, const char *filter, const char *msg);

/* Whether the root kept is the one given (a trailing slash aside). */
static int same_root(const char *kept, const char *given)
{
    size_t len;

    if (!given || !kept) {
        return !given && !kept;
    }
    len = strlen(given);
    while (len > 1 && given[len - 1] == '/') {
        len--;
    }
    return strlen(kept) == len && !strncmp(kept, given, len);
}

WINBASEAPI int isapi_win32_host_attach(const isapi_win32_host *host)
{
    char *root = NULL, *reg = NULL;

    if (!host || host->version != ISAPI_WIN32_HOST_VERSION) {
        return 0;
    }
    /* Every filter of a process attaches, with the same settings: the
     * strings kept then stay, since a thread of a filter attached before
     * may be using them. */
    pthread_rwlock_wrlock(&host_lock);
    host_log = host->log;
    if (same_root(host_root, host->windows_root)
        && (host_registry && host->registry_file
            ? !strcmp(host_registry, host->registry_file)
            : !host_registry && !host->registry_file)) {
        pthread_rwlock_unlock(&host_lock);
        return 1;
    }
    pthread_rwlock_unlock(&host_lock);
    if ((host->windows_root && !(root = strdup(host->windows_root)))
        || (host->registry_file && !(reg = strdup(host->registry_file)))) {
        free(root);
        return 0;
    }
    /* A root given with a trailing slash means the same directory. */
    while (root && strlen(root) > 1 && root[strlen(root) - 1] == '/') {
        root[strlen(root) - 1] = '\0';
    }
    pthread_rwlock_wrlock(&host_lock);
    free(host_root);
    free(host_registry);
    host_root = root;
    host_registry = reg;
    host_log = host->log;
    pthread_rwlock_unlock(&host_lock);
    return 1;
}

void isw_host_release(void)
{
    pthread_rwlock_wrlock(&host_lock);
    free(host_root);
    free(host_registry);
    host_root = NULL;
    host_registry = NULL;
    host_log = NULL;
    pthread_rwlock_unlock(&host_lock);
}

/* The lock orders the update.  The strings returned are replaced only by
 * a new configuration, which httpd reads while no filter code runs, so
 * callers go on using them after the lock is released. */
const char *isw_windows_root(void)
{
    const char *r;

    pthread_rwlock_rdlock(&host_lock);
    r = host_root;
    pthread_rwlock_unlock(&host_lock);
    return r;
}

const char *isw_registry_file(void)
{
    const char *r;

    pthread_rwlock_rdlock(&host_lock);
    r = host_registry;
    pthread_rwlock_unlock(&host_lock);
    return r;
}

const char *isw_object_path(const void *a)
{
    Dl_info info;

    if (!a || !dladdr(a, &info) || !info.dli_fname || !*info.dli_fname) {
        return NULL;
    }
    return info.dli_fname;
}

void isw_log(int level, const void *caller, const char *fmt, ...)
{
    void (*log)(int, const char *, const char *);
    const char *filter = isw_object_path(caller);
    char msg[2048];
    va_list ap;
    size_t n;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* One line per call: a trailing newline (OutputDebugString's usual
     * "...\n") is the line's end, not part of it. */
    n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) {
        msg[--n] = '\0';
    }
    pthread_rwlock_rdlock(&host_lock);
    log = host_log;
    pthread_rwlock_unlock(&host_lock);
    if (log) {
        log(level, filter, msg);
    }
    else {
        fprintf(stderr, "[isapi-win32:%d] %s%s%s\n", level,
                filter ? filter : "", filter ? ": " : "", msg);
    }
}

/* The mapping, for the host's WindowsPaths option. */
WINBASEAPI DWORD isapi_win32_path_to_windows(const char *unix_path,
                                             char *out, size_t outlen)
{
    return isw_path_to_windows(unix_path, out, outlen);
}

WINBASEAPI DWORD isapi_win32_path_to_unix(const char *win_path, char *out,
                                          size_t outlen)
{
    return isw_path_to_unix(win_path, out, outlen);
}
