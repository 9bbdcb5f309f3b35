/*
 * life_thread.c: a filter that calls the callbacks from a thread of its
 * own (t/lifetime/filter_thread.t).  IIS calls a filter synchronously, on
 * the thread that raised the notification; a call from any other thread
 * is outside the interface and must fail with ERROR_INVALID_PARAMETER
 * (and must not crash anything).  Driven by the request header X-Life-Op
 * in PREPROC_HEADERS:
 *
 *   join    a thread makes one call of each callback with this pfc while
 *           the notification waits for it (pthread_join), then the filter
 *           answers, from the notification's own thread:
 *
 *             X-Life-Thread: gsv=<r> wc=<r> arh=<r> ssf=<r> alloc=<r>
 *                            main-err=<n> main=<r>
 *
 *           <r> is TRUE (NULL/<err> or ptr for AllocMem) or
 *           FALSE/<GetLastError as the thread saw it>; main-err is the
 *           notification thread's GetLastError after the join (set to
 *           12345 before: the thread's errors are its own), main its own
 *           GetServerVariable through the same pfc.
 *
 *   loose   a thread calls every callback in a loop, a millisecond apart,
 *           while the connection goes on serving, until the connection's
 *           END_OF_NET_SESSION stops it (or 3 s pass); that notification
 *           then appends to t/logs/life_thread.log
 *
 *             LOOSE tag=<X-Life-Tag> calls=<n> refused=<n> bad=<first call
 *                   that was not refused with 87, or ->
 *
 * What the thread writes, "LIFE-THREAD-BYTES", and the header it adds,
 * "X-Life-From-Thread", must never reach the client.
 */
#include "life.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    HTTP_FILTER_CONTEXT *pfc;
    volatile int stop;
    int running;
    pthread_t tid;
    unsigned long calls, refused;
    char bad[192];
    char tag[64];
    char report[256];   /* join: what each callback gave */
} life_thr_ctx;

/* One call of each callback; *refused counts those that failed with 87.
 * The first that did not is described in bad (when empty). */
static void life_thr_round(life_thr_ctx *t, char *report, size_t len)
{
    HTTP_FILTER_CONTEXT *pfc = t->pfc;
    char buf[64], text[] = "LIFE-THREAD-BYTES\r\n";
    char hdr[] = "X-Life-From-Thread: 1\r\n";
    char r[5][32];
    const char *name[5] = { "gsv", "wc", "arh", "ssf", "alloc" };
    DWORD size = sizeof(buf), n = sizeof(text) - 1, id = 0, err[5];
    BOOL ok[5];
    void *mem;
    int i;

    SetLastError(0);
    ok[0] = pfc->GetServerVariable(pfc, "SERVER_PORT", buf, &size);
    err[0] = GetLastError();
    SetLastError(0);
    ok[1] = pfc->WriteClient(pfc, text, &n, 0);
    err[1] = GetLastError();
    SetLastError(0);
    ok[2] = pfc->AddResponseHeaders(pfc, hdr, 0);
    err[2] = GetLastError();
    SetLastError(0);
    ok[3] = pfc->ServerSupportFunction(pfc, SF_REQ_GET_CONNID, &id, 0, 0);
    err[3] = GetLastError();
    SetLastError(0);
    mem = pfc->AllocMem(pfc, 16, 0);
    ok[4] = mem != NULL;
    err[4] = GetLastError();
    for (i = 0; i < 5; i++) {
        t->calls++;
        if (!ok[i] && err[i] == ERROR_INVALID_PARAMETER) {
            t->refused++;
        }
        if (i == 4) {
            snprintf(r[i], sizeof(r[i]), ok[i] ? "ptr" : "NULL/%lu",
                     (unsigned long)err[i]);
        }
        else if (ok[i]) {
            snprintf(r[i], sizeof(r[i]), "TRUE");
        }
        else {
            snprintf(r[i], sizeof(r[i]), "FALSE/%lu", (unsigned long)err[i]);
        }
        if (!t->bad[0] && (ok[i] || err[i] != ERROR_INVALID_PARAMETER)) {
            snprintf(t->bad, sizeof(t->bad), "%s:%s", name[i], r[i]);
        }
    }
    if (report) {
        snprintf(report, len, "gsv=%s wc=%s arh=%s ssf=%s alloc=%s",
                 r[0], r[1], r[2], r[3], r[4]);
    }
}

static void *life_thr_join(void *arg)
{
    life_thr_ctx *t = arg;

    life_thr_round(t, t->report, sizeof(t->report));
    return NULL;
}

static double life_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *life_thr_loose(void *arg)
{
    life_thr_ctx *t = arg;
    struct timespec pause = { 0, 1000000 };
    double end = life_now() + 3.0;

    while (!t->stop && life_now() < end) {
        life_thr_round(t, NULL, 0);
        nanosleep(&pause, NULL);
    }
    return NULL;
}

static DWORD life_thr_preproc(HTTP_FILTER_CONTEXT *pfc)
{
    life_thr_ctx *t = pfc->pFilterContext, local;
    char op[32], line[512], buf[64];
    DWORD size;
    BOOL ok;

    life_op(pfc, op, sizeof(op));
    if (!strcmp(op, "join")) {
        memset(&local, 0, sizeof(local));
        local.pfc = pfc;
        SetLastError(12345);
        if (pthread_create(&local.tid, NULL, life_thr_join, &local)) {
            snprintf(local.report, sizeof(local.report), "no-thread");
        }
        else {
            pthread_join(local.tid, NULL);
        }
        snprintf(line, sizeof(line), "X-Life-Thread: %s main-err=%lu",
                 local.report, (unsigned long)GetLastError());
        size = sizeof(buf);
        ok = pfc->GetServerVariable(pfc, "SERVER_PORT", buf, &size);
        snprintf(line + strlen(line), sizeof(line) - strlen(line),
                 " main=%s\r\n", ok ? "TRUE" : "FALSE");
        filter_log("JOIN %.*s", (int)strlen(line) - 2, line);
        pfc->AddResponseHeaders(pfc, line, 0);
    }
    else if (!strcmp(op, "loose") && !t) {
        /* malloc, not AllocMem: the thread must not depend on the
         * connection's memory, whatever the bridge does with it. */
        if (!(t = calloc(1, sizeof(*t)))) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        t->pfc = pfc;
        size = sizeof(t->tag);
        if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_TAG", t->tag, &size)) {
            strcpy(t->tag, "-");
        }
        pfc->pFilterContext = t;
        t->running = !pthread_create(&t->tid, NULL, life_thr_loose, t);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("life_thread");
    life_version(pVer, "life_thread: callbacks from a thread of its own",
                 SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_END_OF_NET_SESSION);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    life_thr_ctx *t = pfc->pFilterContext;

    (void)pvNotification;
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return life_thr_preproc(pfc);
    }
    if (NotificationType == SF_NOTIFY_END_OF_NET_SESSION && t) {
        if (t->running) {
            t->stop = 1;
            pthread_join(t->tid, NULL);
            t->running = 0;
        }
        filter_log("LOOSE tag=%s calls=%lu refused=%lu bad=%s", t->tag,
                 t->calls, t->refused, t->bad[0] ? t->bad : "-");
        pfc->pFilterContext = NULL;
        free(t);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
