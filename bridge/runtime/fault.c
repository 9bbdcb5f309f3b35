/*
 * fault.c: a filter's crash, named in the error log.
 *
 * A filter that faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE) or aborts
 * (SIGABRT) takes its child down: nothing can be trusted after that, and
 * httpd's own handler (which the MPM installed before child_init) must
 * still run, so that the core is written to CoreDumpDirectory and the
 * parent sees the real signal.  Before passing the signal on, the handler
 * here writes one line to the error log saying who did it:
 *
 *   ISF69  a fault in a call into a filter: the filter, the signal, the
 *          notification (or GetFilterVersion, TerminateFilter, DllMain:
 *          isf_fault_entry, set by loader.c), the request line and the
 *          connection
 *   ISF51  a fault at an ISAPIFilterAllocGuard guard page: the block
 *          (alloc_guard.c builds that line)
 *   ISF73  (at child start, not in the handler) a filter's
 *          GetFilterVersion or DllMain replaced one of these handlers:
 *          the crashes it would have named go unnamed
 *
 * Nothing is written for a fault outside a filter's call (isf_cur_slot
 * and isf_fault_entry NULL): httpd's "exit signal" line is all there is,
 * as without this module.  Installed once per child, so a request pays
 * nothing for it: isf_cur_slot is the dispatch loop's anyway.
 *
 * Only what is safe in a signal handler is used: the formatting here,
 * clock_gettime, getpid, write(2), sigaction, pthread_sigmask, raise,
 * sigsetjmp/siglongjmp.
 * What can be known before is prepared in child_init (the local time
 * offset) or with the configuration (each server's error log descriptor,
 * config.c).  The structures read may be what the faulting filter broke,
 * so each part of the line that reads memory runs under isf_fault_try:
 * a second fault there gives up that part ("?") and the line still goes
 * out.  A second fault anywhere else in the handler ends the process at
 * once (isf_fault_depth), so the handler never recurses.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

__thread const isf_fault_entry_t *isf_fault_entry
    __attribute__((tls_model("initial-exec")));

/* This thread is in the handler (1), or in a nested one; where a second
 * fault jumps back to (isf_fault_try), NULL outside such a part.  Both
 * initial-exec, as a first use of another TLS model may allocate. */
static __thread int isf_fault_depth
    __attribute__((tls_model("initial-exec")));
static __thread sigjmp_buf *isf_fault_jump
    __attribute__((tls_model("initial-exec")));

static const int isf_fault_sigs[] = {
    SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT
};
#define ISF_FAULT_NSIGS (sizeof(isf_fault_sigs) / sizeof(isf_fault_sigs[0]))
static const char *const isf_fault_signames[ISF_FAULT_NSIGS] = {
    "SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT"
};
/* The handlers replaced, in isf_fault_sigs' order. */
static struct sigaction isf_fault_prev[ISF_FAULT_NSIGS];
static int isf_fault_installed;
/* The signals whose handler a filter replaced (bit i: isf_fault_sigs[i]),
 * each said once per child (isf_fault_entry_done). */
static unsigned int isf_fault_lost;
static long isf_fault_gmtoff;       /* local time - UTC, at child start */
static int isf_fault_main_fd = STDERR_FILENO;   /* the main server's log */

/* The longest request line quoted, before escaping. */
#define ISF_FAULT_REQ_MAX 512

static int isf_fault_index(int sig)
{
    unsigned int i;

    for (i = 0; i < ISF_FAULT_NSIGS; i++) {
        if (isf_fault_sigs[i] == sig) {
            return (int)i;
        }
    }
    return 0;
}

void isf_fault_put(isf_fault_line_t *l, const char *s)
{
    while (*s && l->p < l->end) {
        *l->p++ = *s++;
    }
}

void isf_fault_num(isf_fault_line_t *l, apr_uint64_t v, unsigned int base,
                   int width)
{
    char d[24];
    int n = 0;

    do {
        d[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v || n < width);
    while (n && l->p < l->end) {
        *l->p++ = d[--n];
    }
}

/* s as httpd's access log quotes a request line (%r): a control byte,
 * a byte above 0x7e, '"' and '\' escaped; at most max bytes of s. */
static void isf_fault_escaped(isf_fault_line_t *l, const char *s,
                              apr_size_t max)
{
    static const char named[] = "\bb\nn\rr\tt\vv\"\"\\\\";
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t i;

    for (i = 0; u[i] && i < max && l->p < l->end; i++) {
        const char *m;

        if (u[i] >= 0x20 && u[i] < 0x7f && u[i] != '"' && u[i] != '\\') {
            *l->p++ = (char)u[i];
            continue;
        }
        *l->p++ = '\\';
        for (m = named; *m && *m != (char)u[i]; m += 2) {
        }
        if (*m) {
            if (l->p < l->end) {
                *l->p++ = m[1];
            }
        }
        else {
            isf_fault_put(l, "x");
            isf_fault_num(l, u[i], 16, 2);
        }
    }
    if (u[i] && i == max) {
        isf_fault_put(l, "...");
    }
}

/* "[Wed Dec 02 08:25:15.123456 2026] ", as httpd's error log dates its
 * lines, from the clock and the offset taken at child start (localtime
 * is not safe here). */
static void isf_fault_date(isf_fault_line_t *l)
{
    static const char days[] = "ThuFriSatSunMonTueWed";
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    struct timespec ts;
    apr_int64_t t, z, era, doe, yoe, doy, mp, day, month, year, secs;
    char w[4];

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        return;
    }
    t = (apr_int64_t)ts.tv_sec + isf_fault_gmtoff;
    secs = ((t % 86400) + 86400) % 86400;
    z = (t - secs) / 86400;                 /* days since 1970-01-01 */
    memcpy(w, days + 3 * (((z % 7) + 7) % 7), 3);
    w[3] = '\0';
    /* The proleptic Gregorian calendar in 400-year eras from 0000-03-01. */
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = yoe + era * 400 + (month <= 2);
    isf_fault_put(l, "[");
    isf_fault_put(l, w);
    isf_fault_put(l, " ");
    memcpy(w, months + 3 * (month - 1), 3);
    isf_fault_put(l, w);
    isf_fault_put(l, " ");
    isf_fault_num(l, (apr_uint64_t)day, 10, 2);
    isf_fault_put(l, " ");
    isf_fault_num(l, (apr_uint64_t)(secs / 3600), 10, 2);
    isf_fault_put(l, ":");
    isf_fault_num(l, (apr_uint64_t)(secs / 60 % 60), 10, 2);
    isf_fault_put(l, ":");
    isf_fault_num(l, (apr_uint64_t)(secs % 60), 10, 2);
    isf_fault_put(l, ".");
    isf_fault_num(l, (apr_uint64_t)(ts.tv_nsec / 1000), 10, 6);
    isf_fault_put(l, " ");
    isf_fault_num(l, (apr_uint64_t)year, 10, 4);
    isf_fault_put(l, "] ");
}

int isf_fault_try(isf_fault_line_t *l, isf_fault_part_fn *fn, void *arg)
{
    sigjmp_buf here;
    sigjmp_buf *outer = isf_fault_jump;
    char *mark = l->p;

    if (sigsetjmp(here, 1)) {
        /* fn faulted: what it wrote is dropped. */
        isf_fault_jump = outer;
        l->p = mark;
        return 0;
    }
    isf_fault_jump = &here;
    /* No read of fn's may move above the jump being set, nor below its
     * reset: the compiler sees no link between them. */
    __asm__ __volatile__("" ::: "memory");
    fn(l, arg);
    __asm__ __volatile__("" ::: "memory");
    isf_fault_jump = outer;
    return 1;
}

static void isf_fault_conn_part(isf_fault_line_t *l, void *arg)
{
    const isf_conn_t *ic = arg;
    const conn_rec *c = ic->c;

    isf_fault_put(l, "connection ");
    isf_fault_num(l, (apr_uint64_t)c->id, 10, 1);
    isf_fault_put(l, " from ");
    isf_fault_put(l, c->client_ip ? c->client_ip : "?");
    if (c->client_addr) {
        isf_fault_put(l, ":");
        isf_fault_num(l, c->client_addr->port, 10, 1);
    }
    isf_fault_put(l, " to ");
    isf_fault_put(l, c->local_ip ? c->local_ip : "?");
    if (c->local_addr) {
        isf_fault_put(l, ":");
        isf_fault_num(l, c->local_addr->port, 10, 1);
    }
    isf_fault_put(l, ", SF_REQ_GET_CONNID ");
    isf_fault_num(l, ic->connid, 10, 1);
}

void isf_fault_conn(isf_fault_line_t *l, const isf_conn_t *ic)
{
    if (!isf_fault_try(l, isf_fault_conn_part, (void *)ic)) {
        isf_fault_put(l, "connection ?");
    }
}

/* The request the notification is about: its frame's, or for the raw
 * output the one whose response is going out. */
static request_rec *isf_fault_request(const isf_conn_t *ic)
{
    const isf_frame_t *fr = ic->frame;

    if (fr && fr->r) {
        return fr->r;
    }
    return ic->out_rq ? ic->out_rq->r : NULL;
}

typedef struct {
    const isf_conn_t *ic;
    int fd;
} isf_fault_fd_t;

/* The error log of the request's server, or of the connection's. */
static void isf_fault_fd_part(isf_fault_line_t *l, void *arg)
{
    isf_fault_fd_t *a = arg;
    request_rec *r = isf_fault_request(a->ic);

    (void)l;
    a->fd = isf_srv_conf_of(r ? r->server : a->ic->c->base_server)->log_fd;
}

static void isf_fault_request_part(isf_fault_line_t *l, void *arg)
{
    request_rec *r = isf_fault_request(arg);

    if (r && r->the_request) {
        isf_fault_put(l, "request \"");
        isf_fault_escaped(l, r->the_request, ISF_FAULT_REQ_MAX);
        isf_fault_put(l, "\"");
    }
    else {
        isf_fault_put(l, "no request");
    }
}

static void isf_fault_filter_part(isf_fault_line_t *l, void *arg)
{
    const isf_filter_t *f = arg;

    isf_fault_put(l, f->name);
}

static void isf_fault_event_part(isf_fault_line_t *l, void *arg)
{
    const isf_conn_t *ic = arg;

    if (ic->frame) {
        isf_fault_put(l, "SF_NOTIFY_");
        isf_fault_put(l, isf_event_name(ic->frame->event));
    }
    else {
        isf_fault_put(l, "no notification");
    }
}

typedef struct {
    const isf_slot_t *slot;
    const siginfo_t *si;
    void *uctx;
    int done;
} isf_fault_guard_t;

static void isf_fault_guard_part(isf_fault_line_t *l, void *arg)
{
    isf_fault_guard_t *a = arg;

    a->done = isf_alloc_guard_line(l, a->slot, a->si, a->uctx);
}

static void isf_fault_write(isf_fault_line_t *l, int fd)
{
    char *p = l->start;
    ssize_t n;

    *l->p++ = '\n';     /* end leaves room for it */
    while (p < l->p) {
        n = write(fd, p, (size_t)(l->p - p));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        p += n;
    }
}

/* "SIGSEGV at 0x0": the address of the access (SEGV, BUS) or of the
 * instruction (ILL, FPE); abort() raises SIGABRT, which has none. */
static void isf_fault_signal(isf_fault_line_t *l, int sig,
                             const siginfo_t *si)
{
    isf_fault_put(l, isf_fault_signames[isf_fault_index(sig)]);
    if (sig != SIGABRT && si->si_code > 0) {
        isf_fault_put(l, " at 0x");
        isf_fault_num(l, (apr_uintptr_t)si->si_addr, 16, 1);
    }
}

/* What the handler reads of the slot, read under isf_fault_try: the
 * slot follows the filter's HTTP_FILTER_CONTEXT in memory, where a filter
 * writing past its pfc would land. */
typedef struct {
    const isf_slot_t *slot;
    const isf_conn_t *ic;
    const isf_filter_t *f;
} isf_fault_who_t;

static void isf_fault_who_part(isf_fault_line_t *l, void *arg)
{
    isf_fault_who_t *a = arg;

    (void)l;
    a->ic = a->slot->conn;
    a->f = a->slot->filter;
}

static void isf_fault_report(int sig, const siginfo_t *si, void *uctx)
{
    const isf_slot_t *slot = isf_cur_slot;
    const isf_fault_entry_t *entry = isf_fault_entry;
    char buf[2048];
    isf_fault_line_t l = { buf, buf, buf + sizeof(buf) - 1 };
    isf_fault_who_t who = { slot, NULL, NULL };
    char *body;
    int fd = isf_fault_main_fd;

    isf_fault_date(&l);
    isf_fault_put(&l, "[isapi_filter:crit] [pid ");
    isf_fault_num(&l, (apr_uint64_t)getpid(), 10, 1);
    isf_fault_put(&l, "] ");
    body = l.p;

    if (!slot) {
        /* GetFilterVersion or TerminateFilter (loader.c). */
        who.f = entry->filter;
        fd = entry->log_fd;
    }
    else if (isf_fault_try(&l, isf_fault_who_part, &who) && who.ic) {
        isf_fault_fd_t lf = { who.ic, fd };

        if (isf_fault_try(&l, isf_fault_fd_part, &lf)) {
            fd = lf.fd;
        }
        if (sig == SIGSEGV || sig == SIGBUS) {
            isf_fault_guard_t g = { slot, si, uctx, 0 };

            if (isf_fault_try(&l, isf_fault_guard_part, &g) && g.done) {
                isf_fault_write(&l, fd);
                return;
            }
            l.p = body;
        }
    }
    isf_fault_put(&l, ISFLOGNO(69));
    if (!who.f || !isf_fault_try(&l, isf_fault_filter_part, (void *)who.f)) {
        isf_fault_put(&l, "?");
    }
    isf_fault_put(&l, ": ");
    isf_fault_signal(&l, sig, si);
    isf_fault_put(&l, " in ");
    if (!slot) {
        isf_fault_put(&l, entry->call);
        isf_fault_put(&l, ", no request (no connection)");
    }
    else if (!who.ic) {
        isf_fault_put(&l, "? (connection ?)");
    }
    else {
        if (!isf_fault_try(&l, isf_fault_event_part, (void *)who.ic)) {
            isf_fault_put(&l, "?");
        }
        isf_fault_put(&l, ", ");
        if (!isf_fault_try(&l, isf_fault_request_part, (void *)who.ic)) {
            isf_fault_put(&l, "request ?");
        }
        isf_fault_put(&l, " (");
        isf_fault_conn(&l, who.ic);
        isf_fault_put(&l, ")");
    }
    isf_fault_put(&l, ": the process ends");
    isf_fault_write(&l, fd);
}

/* What the signal does without this module: the handler replaced (the
 * MPM's, which writes the core where CoreDumpDirectory says and kills the
 * process with the same signal), or the default action. */
static void isf_fault_chain(int sig, siginfo_t *si, void *uctx, int dfl)
{
    const struct sigaction *prev = &isf_fault_prev[isf_fault_index(sig)];
    struct sigaction sa;
    sigset_t set;

    if (!dfl && (prev->sa_flags & SA_SIGINFO)) {
        prev->sa_sigaction(sig, si, uctx);
        return;
    }
    if (!dfl && prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
        return;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}

/* A fault (or abort) of this process, not a signal another one sent. */
static APR_INLINE int isf_fault_own(const siginfo_t *si)
{
    return si->si_code > 0 || si->si_pid == getpid();
}

static void isf_fault_handler(int sig, siginfo_t *si, void *uctx)
{
    int saved = errno;

    if (isf_fault_depth++) {
        /* A fault while the line was made: in a part isf_fault_try runs,
         * that part is given up; anywhere else the process ends now. */
        if (isf_fault_jump) {
            isf_fault_depth--;
            siglongjmp(*isf_fault_jump, 1);
        }
        isf_fault_chain(sig, si, uctx, 1);
        return;
    }
    if ((isf_cur_slot || isf_fault_entry) && isf_fault_own(si)) {
        isf_fault_report(sig, si, uctx);
    }
    isf_fault_depth--;
    errno = saved;
    isf_fault_chain(sig, si, uctx, 0);
}

/* Is the handler for isf_fault_sigs[i] still ours? */
static int isf_fault_ours(unsigned int i)
{
    struct sigaction cur;

    return sigaction(isf_fault_sigs[i], NULL, &cur) == 0
           && (cur.sa_flags & SA_SIGINFO)
           && cur.sa_sigaction == isf_fault_handler;
}

void isf_fault_entry_done(const isf_fault_entry_t *entry, server_rec *s)
{
    unsigned int i;

    if (!isf_fault_installed) {
        return;
    }
    /* Not put back: the filter may need its handler (a runtime that
     * turns faults into exceptions), and one of ours in front of it would
     * name crashes that are none.  Said, so the missing line is
     * explained. */
    for (i = 0; i < ISF_FAULT_NSIGS; i++) {
        if (!(isf_fault_lost & (1u << i)) && !isf_fault_ours(i)) {
            isf_fault_lost |= 1u << i;
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, ISFLOGNO(73)
                         "%s: its %s replaced the handler for %s that "
                         "names a crashing filter: in this child (pid "
                         "%ld) a crash with %s, in any filter, gets no "
                         "ISF69 line unless that filter's handler passes "
                         "the signal on to the one it replaced",
                         entry->filter->name, entry->call,
                         isf_fault_signames[i], (long)getpid(),
                         isf_fault_signames[i]);
        }
    }
}

static apr_status_t isf_fault_uninstall(void *data)
{
    unsigned int i;

    (void)data;
    for (i = 0; i < ISF_FAULT_NSIGS; i++) {
        /* Only if still ours: a later handler may chain to it. */
        if (isf_fault_ours(i)) {
            sigaction(isf_fault_sigs[i], &isf_fault_prev[i], NULL);
        }
    }
    isf_fault_installed = 0;
    isf_fault_lost = 0;
    return APR_SUCCESS;
}

void isf_fault_child_init(apr_pool_t *pchild, server_rec *s)
{
    struct sigaction sa;
    struct tm tm;
    time_t now = time(NULL);
    unsigned int i;

    if (!isf_g || !isf_g->filters->nelts || isf_fault_installed) {
        return;
    }
    if (localtime_r(&now, &tm)) {
        isf_fault_gmtoff = tm.tm_gmtoff;
    }
    isf_fault_main_fd = isf_srv_conf_of(s)->log_fd;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = isf_fault_handler;
    /* SA_NODEFER: a second fault while the line is made must reach the
     * handler (which jumps out of the part that faulted); blocked, the
     * kernel would end the process without httpd's handler. */
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < ISF_FAULT_NSIGS; i++) {
        if (sigaction(isf_fault_sigs[i], &sa, &isf_fault_prev[i]) != 0) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, errno, s, ISFLOGNO(70)
                         "no handler for %s: a filter that crashes still "
                         "ends the process, but the error log will not "
                         "name it", isf_fault_signames[i]);
            while (i--) {
                sigaction(isf_fault_sigs[i], &isf_fault_prev[i], NULL);
            }
            return;
        }
    }
    isf_fault_installed = 1;
    apr_pool_cleanup_register(pchild, NULL, isf_fault_uninstall,
                              apr_pool_cleanup_null);
}
