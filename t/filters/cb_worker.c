/*
 * cb_worker.c: a filter written the way IIS filters are, with a worker
 * thread started in GetFilterVersion (as a configuration-file watcher or a
 * log flusher is) and stopped in TerminateFilter.  Used by
 * t/config/filter_process.t.  It appends to t/logs/cb_worker.log:
 *
 *   gfv pid=P ppid=Q mode=M      GetFilterVersion ran in process P
 *   tick pid=P n=N               the thread, every 100 ms, in process P
 *   proc pid=P                   PREPROC_HEADERS in process P
 *   terminate pid=P ppid=Q       TerminateFilter ran in process P
 *
 * and answers every request (PREPROC_HEADERS, AddResponseHeaders) with
 *
 *   X-Worker: serve=<pid serving> gfv=<pid GetFilterVersion ran in, as
 *             this process's memory says> thread=<pid the thread last
 *             ticked in> alive=<1 if it ticked in this process while
 *             the request waited for it, at most 500 ms>
 *
 * t/logs/cb_worker.mode, read by every GetFilterVersion, makes it fail on
 * purpose: "false" returns FALSE with ERROR_FILE_NOT_FOUND (a filter
 * whose configuration file went missing), "flags" adds SF_NOTIFY_LOG to
 * the flags it gave before.  The test writes it after start-up, so the
 * configuration's call succeeded and later ones fail.
 */
#include "filter_log.h"

#include <pthread.h>
#include <time.h>

#include <httpfilt.h>

static long gfv_pid;                /* where GetFilterVersion ran */
static pthread_t worker;
static long worker_pid;             /* process that started the thread */
static volatile int worker_stop;
static volatile unsigned long ticks;
static volatile long thread_pid;

static void *worker_main(void *arg)
{
    struct timespec pause = { 0, 100 * 1000 * 1000 };

    (void)arg;
    while (!worker_stop) {
        thread_pid = (long)getpid();
        __atomic_add_fetch(&ticks, 1, __ATOMIC_SEQ_CST);
        filter_log("tick pid=%ld n=%lu", (long)getpid(), ticks);
        nanosleep(&pause, NULL);
    }
    return NULL;
}

/* The first word of t/logs/cb_worker.mode, "" when there is none. */
static void worker_mode(char *buf, size_t len)
{
    char path[sizeof(filter_log_file)];
    size_t n;
    FILE *fp;

    buf[0] = '\0';
    snprintf(path, sizeof(path), "%s", filter_log_file);
    n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".log")) {
        return;
    }
    snprintf(path + n - 4, sizeof(path) - (n - 4), ".mode");
    if (!(fp = fopen(path, "r"))) {
        return;
    }
    if (fgets(buf, (int)len, fp)) {
        buf[strcspn(buf, " \r\n")] = '\0';
    }
    fclose(fp);
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    char mode[32];

    filter_log_init("cb_worker");
    worker_mode(mode, sizeof(mode));
    filter_log("gfv pid=%ld ppid=%ld mode=%s", (long)getpid(),
               (long)getppid(), mode[0] ? mode : "-");
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_worker: a worker thread of its own");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    if (!strcmp(mode, "false")) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
    if (!strcmp(mode, "flags")) {
        pVer->dwFlags |= SF_NOTIFY_LOG;
    }
    gfv_pid = (long)getpid();
    if (worker_pid != gfv_pid) {
        worker_stop = 0;
        if (!pthread_create(&worker, NULL, worker_main, NULL)) {
            worker_pid = gfv_pid;
        }
    }
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    struct timespec pause = { 0, 5 * 1000 * 1000 };
    unsigned long was = ticks;
    char hdr[160];
    int i;

    (void)pvNotification;
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    filter_log("proc pid=%ld", (long)getpid());
    for (i = 0; i < 100 && ticks == was; i++) {
        nanosleep(&pause, NULL);
    }
    snprintf(hdr, sizeof(hdr), "X-Worker: serve=%ld gfv=%ld thread=%ld "
             "alive=%d\r\n", (long)getpid(), gfv_pid, thread_pid,
             ticks != was && thread_pid == (long)getpid());
    pfc->AddResponseHeaders(pfc, hdr, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    (void)dwFlags;
    filter_log("terminate pid=%ld ppid=%ld", (long)getpid(),
               (long)getppid());
    /* Only a thread this process started can be joined here. */
    if (worker_pid == (long)getpid()) {
        worker_stop = 1;
        pthread_join(worker, NULL);
        worker_pid = 0;
    }
    return TRUE;
}
