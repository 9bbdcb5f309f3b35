/*
 * probe.c: GetFilterVersion for the configuration, run in a process of its
 * own.
 *
 * The directive handler needs a filter's dwFlags (to refuse a raw-read
 * site filter, to register the hooks its events need) and its answer
 * (FALSE stops start-up), but filter code run in httpd's parent would
 * live on there: a thread GetFilterVersion starts would run in the parent
 * (and in `apache2 -t`, `-k stop`), never in the children that serve.  So
 * the parent forks a probe: the probe calls GetFilterVersion, then
 * TerminateFilter when the filter loaded and has one (IIS terminates a
 * filter it unloads), writes what GetFilterVersion left back through a
 * pipe, and _exits, taking the filter's threads with it.  The parent
 * waits for it, at most ISF_PROBE_SECONDS, and kills it past that.
 *
 * The pipe carries one isf_probe_msg after GetFilterVersion returned and
 * one byte after TerminateFilter returned, so a probe that dies or hangs
 * is reported with the entry point it was in.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "apr_signal.h"
#include "apr_strings.h"

/* What the probe writes after GetFilterVersion: well below PIPE_BUF, so
 * one write(2) delivers it whole. */
typedef struct {
    BOOL dll_refused;           /* DllMain(DLL_PROCESS_ATTACH) said FALSE */
    BOOL ok;
    DWORD error;
    HTTP_FILTER_VERSION ver;
} isf_probe_msg;

#define ISF_PROBE_DONE 'T'

static void isf_probe_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            _exit(2);
        }
        p += n;
        len -= (size_t)n;
    }
}

/* The forked process: never returns. */
static void isf_probe_child(int fd, isf_filter_t *f)
{
    static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGWINCH,
                                SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE };
    const char done = ISF_PROBE_DONE;
    isf_probe_msg m;
    sigset_t none;
    apr_size_t i;

    /* httpd's parent handlers (restart, stop, its core-dump handler) are
     * not the probe's: it dies of what a filter does to it, as a child
     * would, and the parent reports the signal. */
    for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        apr_signal(sigs[i], SIG_DFL);
    }
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    memset(&m, 0, sizeof(m));
    m.ver.dwServerFilterVersion = ISF_SERVER_REVISION;
    /* As a process loading the DLL on Windows: DllMain first. */
    if (!isf_win32_attach(f, &m.error)) {
        m.dll_refused = TRUE;
        isf_probe_write(fd, &m, sizeof(m));
        isf_probe_write(fd, &done, 1);
        _exit(0);
    }
    isf_last_error = 0;
    m.ok = f->gfv(&m.ver);
    m.error = m.ok ? 0 : isf_last_error;
    isf_probe_write(fd, &m, sizeof(m));
    if (m.ok && f->terminate) {
        f->terminate(0);
    }
    isf_win32_detach(f, 1);
    isf_probe_write(fd, &done, 1);
    _exit(0);
}

static double isf_probe_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read up to len bytes into buf until EOF or the deadline: how many. */
static apr_size_t isf_probe_read(int fd, char *buf, apr_size_t len,
                                 double deadline, int *timed_out)
{
    apr_size_t got = 0;

    while (got < len) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        double left = deadline - isf_probe_now();
        ssize_t n;
        int rc;

        if (left <= 0) {
            *timed_out = 1;
            break;
        }
        rc = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (rc < 0 && errno == EINTR) {
            continue;
        }
        if (rc == 0) {
            continue;       /* the deadline is checked above */
        }
        if (rc < 0) {
            break;
        }
        n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;          /* EOF: the probe (and whoever it forked) closed */
        }
        got += (apr_size_t)n;
    }
    return got;
}

/* Wait for the probe until the deadline, then kill it: its wait status,
 * or -1 when it was already reaped elsewhere (SIGCHLD ignored). */
static int isf_probe_reap(pid_t pid, double deadline, int *killed)
{
    /* The probe has usually exited already (EOF on the pipe): look again
     * soon, then less often. */
    long pause_ns = 100 * 1000;
    int status;
    pid_t rc;

    for (;;) {
        rc = waitpid(pid, &status, WNOHANG);
        if (rc == pid) {
            return status;
        }
        if (rc < 0 && errno != EINTR) {
            return -1;
        }
        if (isf_probe_now() >= deadline) {
            break;
        }
        {
            struct timespec pause = { 0, pause_ns };
            nanosleep(&pause, NULL);
            if (pause_ns < 20 * 1000 * 1000) {
                pause_ns *= 2;
            }
        }
    }
    *killed = 1;
    kill(pid, SIGKILL);
    while ((rc = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    return rc == pid ? status : -1;
}

static const char *isf_signal_name(apr_pool_t *p, int sig)
{
    const char *what = apr_signal_description_get(sig);
#if defined(__GLIBC__) \
    && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
    const char *abbrev = sigabbrev_np(sig);

    if (abbrev) {
        return apr_psprintf(p, "signal %d (SIG%s, %s)", sig, abbrev, what);
    }
#endif
    return apr_psprintf(p, "signal %d (%s)", sig, what);
}

const char *isf_probe_run(apr_pool_t *p, isf_filter_t *f,
                          HTTP_FILTER_VERSION *ver, BOOL *ok, DWORD *error)
{
    const char *path = f->path;
    isf_probe_msg m;
    char done = 0;
    int fds[2], timed_out = 0, killed = 0, status;
    apr_size_t got;
    double deadline;
    const char *stage, *why;
    pid_t pid;

    if (pipe2(fds, O_CLOEXEC) < 0) {
        return apr_psprintf(p, "ISAPIFilter: %s: cannot make a pipe to the "
                            "process GetFilterVersion runs in: %s", path,
                            strerror(errno));
    }
    pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return apr_psprintf(p, "ISAPIFilter: %s: cannot start a process to "
                            "run GetFilterVersion in: %s", path, strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        isf_probe_child(fds[1], f);
    }
    close(fds[1]);

    deadline = isf_probe_now() + ISF_PROBE_SECONDS;
    got = isf_probe_read(fds[0], (char *)&m, sizeof(m), deadline, &timed_out);
    if (got == sizeof(m) && !timed_out) {
        isf_probe_read(fds[0], &done, 1, deadline, &timed_out);
    }
    if (done == ISF_PROBE_DONE) {
        /* EOF as the probe exits (unless the filter forked a process that
         * holds the pipe: then not waited for long). */
        char extra;
        int late = 0;
        isf_probe_read(fds[0], &extra, 1, isf_probe_now() + 2, &late);
    }
    close(fds[0]);
    /* Answered or not, the probe and its threads are gone before start-up
     * goes on. */
    status = isf_probe_reap(pid, done ? isf_probe_now() + 2 : deadline,
                            &killed);

    if (done == ISF_PROBE_DONE && m.dll_refused) {
        return apr_psprintf(p, "ISAPIFilter: %s: DllMain(DLL_PROCESS_ATTACH) "
                            "returned FALSE (error %lu): the library refused "
                            "to load", path, (unsigned long)m.error);
    }
    if (done == ISF_PROBE_DONE) {
        *ver = m.ver;
        *ok = m.ok;
        *error = m.error;
        return NULL;
    }
    stage = got == sizeof(m) ? "TerminateFilter (called after "
                               "GetFilterVersion, as at unload)"
                             : f->win32 ? "DllMain(DLL_PROCESS_ATTACH) or "
                                          "GetFilterVersion"
                                        : "GetFilterVersion";
    if (timed_out || killed) {
        why = apr_psprintf(p, "did not return within %d seconds; the process "
                           "it ran in (pid %ld) was killed", ISF_PROBE_SECONDS,
                           (long)pid);
    }
    else if (status != -1 && WIFSIGNALED(status)) {
        why = apr_psprintf(p, "crashed: the process it ran in (pid %ld) died "
                           "of %s", (long)pid,
                           isf_signal_name(p, WTERMSIG(status)));
    }
    else if (status != -1 && WIFEXITED(status)) {
        why = apr_psprintf(p, "ended the process it ran in (pid %ld, exit "
                           "status %d) without returning", (long)pid,
                           WEXITSTATUS(status));
    }
    else {
        why = apr_psprintf(p, "did not return: the process it ran in (pid "
                           "%ld) ended", (long)pid);
    }
    return apr_psprintf(p, "ISAPIFilter: %s: %s %s", path, stage, why);
}
