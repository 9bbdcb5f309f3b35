/*
 * host.c: what the program that loaded the runtime told it
 * (isapi_win32_host_attach), and the runtime's log.
 *
 * The settings are copied, so the runtime never points into a
 * configuration pool httpd clears on restart.  Every filter that uses the
 * runtime attaches it as it loads, while threads an earlier filter's
 * DllMain started may be using the strings (callers of isw_windows_root()
 * keep them after its lock): settings that did not change keep their
 * strings, and replaced ones are kept, never freed.  A process attaches
 * once per filter and configuration, so what is kept stays small.
 */
#include "isw.h"

#include <dlfcn.h>
#include <pthread.h>

static pthread_rwlock_t host_lock = PTHREAD_RWLOCK_INITIALIZER;
static char *host_root;
static char *host_registry;
static void (*host_log)(int level, const char *filter, const char *msg);
static char **retired;                /* replaced settings, still readable */
static size_t nretired;

/* Keeps s (a replaced setting) reachable; host_lock held. */
static void retire(char *s)
{
    char **more;

    if (!s) {
        return;
    }
    more = realloc(retired, (nretired + 1) * sizeof(*retired));
    if (more) {
        retired = more;
        retired[nretired++] = s;
    }
    /* Out of memory: s is left allocated all the same. */
}

/* s, or a copy of it unless it equals cur; 0 when out of memory. */
static int setting(const char *s, char *cur, char **out)
{
    if (!s) {
        *out = NULL;
    }
    else if (cur && !strcmp(s, cur)) {
        *out = cur;
    }
    else if (!(*out = strdup(s))) {
        return 0;
    }
    return 1;
}

WINBASEAPI int isapi_win32_host_attach(const isapi_win32_host *host)
{
    char *root = NULL, *reg = NULL, *trimmed = NULL;
    size_t n;

    if (!host || host->version != ISAPI_WIN32_HOST_VERSION) {
        return 0;
    }
    /* A root given with a trailing slash means the same directory. */
    if (host->windows_root) {
        n = strlen(host->windows_root);
        while (n > 1 && host->windows_root[n - 1] == '/') {
            n--;
        }
        if (!(trimmed = strndup(host->windows_root, n))) {
            return 0;
        }
    }
    pthread_rwlock_wrlock(&host_lock);
    if (!setting(trimmed, host_root, &root)
        || !setting(host->registry_file, host_registry, &reg)) {
        pthread_rwlock_unlock(&host_lock);
        if (root != host_root) {
            free(root);
        }
        free(trimmed);
        return 0;
    }
    /* The strings replaced stay allocated (see the top of this file). */
    if (host_root != root) {
        retire(host_root);
    }
    if (host_registry != reg) {
        retire(host_registry);
    }
    host_root = root;
    host_registry = reg;
    host_log = host->log;
    pthread_rwlock_unlock(&host_lock);
    free(trimmed);
    return 1;
}

void isw_host_release(void)
{
    size_t i;

    pthread_rwlock_wrlock(&host_lock);
    free(host_root);
    free(host_registry);
    for (i = 0; i < nretired; i++) {
        free(retired[i]);
    }
    free(retired);
    retired = NULL;
    nretired = 0;
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
