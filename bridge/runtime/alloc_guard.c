/*
 * alloc_guard.c: ISAPIFilterAllocGuard, what IIS users needed page heap
 * and a debugger for.  Each AllocMem block of a connection whose server
 * has the guard on is a mapping of its own:
 *
 *     [record][...][the block][slack] | guard page (no access)
 *
 * The block ends where the guard page begins, its start aligned to 16
 * bytes; the slack (0 to 15 bytes) holds the signature, which alloc.c
 * checks at connection end as in the default mode, and a write beyond it
 * faults at the write.  The fault handler finds the block through the
 * thread's current slot (its connection's records), writes one line to
 * the connection's error log naming the filter, the notification it was
 * in and the block, and passes the signal on to the handler it replaced
 * (httpd's own), so the child dies and dumps core as it would have.
 *
 * The handler uses only what is safe in a signal handler: reads of the
 * connection's state (a synchronous fault cannot interrupt the thread
 * that owns it while that state changes, as filters run between the
 * bridge's updates), its own formatting, clock_gettime, getpid, write(2)
 * and sigaction.  What can be known before is prepared in the child:
 * the page size, the local time offset, the error logs' descriptors
 * (config.c).
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static apr_size_t isf_guard_page;
static long isf_guard_gmtoff;       /* local time - UTC, at child start */
static int isf_guard_installed;
/* The handlers replaced: [0] SIGSEGV, [1] SIGBUS. */
static struct sigaction isf_guard_prev[2];

static apr_size_t isf_guard_pagesize(void)
{
    if (!isf_guard_page) {
        long n = sysconf(_SC_PAGESIZE);

        isf_guard_page = n > 0 ? (apr_size_t)n : 4096;
    }
    return isf_guard_page;
}

/* The accessible part of the mapping of a block of size bytes: the
 * record, and the block rounded to 16, in whole pages. */
static APR_INLINE apr_size_t isf_guard_body(apr_uint32_t size)
{
    return APR_ALIGN(sizeof(isf_alloc_rec_t)
                     + APR_ALIGN((apr_size_t)size, 16), isf_guard_page);
}

isf_alloc_rec_t *isf_alloc_guard_map(apr_uint32_t size)
{
    apr_size_t page = isf_guard_pagesize(), body;
    unsigned char *base, *mem;

    if ((apr_size_t)size > APR_SIZE_MAX - 2 * page - 64) {
        errno = ENOMEM;
        return NULL;
    }
    body = isf_guard_body(size);
    base = mmap(NULL, body + page, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        return NULL;
    }
    if (mprotect(base + body, page, PROT_NONE) != 0) {
        int err = errno;

        munmap(base, body + page);
        errno = err;
        return NULL;
    }
    mem = base + body - APR_ALIGN((apr_size_t)size, 16);
    memset(mem + size, ISF_ALLOC_SIG, (apr_size_t)(base + body - mem) - size);
    ((isf_alloc_rec_t *)base)->size = size;
    return (isf_alloc_rec_t *)base;
}

unsigned char *isf_alloc_guard_block(const isf_alloc_rec_t *rec,
                                     apr_size_t *slack)
{
    apr_size_t rounded = APR_ALIGN((apr_size_t)rec->size, 16);

    if (slack) {
        *slack = rounded - rec->size;
    }
    return (unsigned char *)rec + isf_guard_body(rec->size) - rounded;
}

void isf_alloc_guard_unmap(isf_alloc_rec_t *rec)
{
    munmap(rec, isf_guard_body(rec->size) + isf_guard_page);
}

/* ---- The fault handler ---- */

typedef struct {
    char *p, *end;
} isf_guard_line_t;

static void isf_guard_put(isf_guard_line_t *l, const char *s)
{
    while (*s && l->p < l->end) {
        *l->p++ = *s++;
    }
}

/* v in base 10 or 16, at least width digits. */
static void isf_guard_num(isf_guard_line_t *l, apr_uint64_t v,
                          unsigned int base, int width)
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

/* "[Wed Dec 02 08:25:15.123456 2026] ", as httpd's error log dates its
 * lines, from the clock and the offset taken at child start (localtime
 * is not safe here). */
static void isf_guard_date(isf_guard_line_t *l)
{
    static const char days[] = "ThuFriSatSunMonTueWed";
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    struct timespec ts;
    apr_int64_t t, z, era, doe, yoe, doy, mp, day, month, year, secs;
    char w[4];

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        return;
    }
    t = (apr_int64_t)ts.tv_sec + isf_guard_gmtoff;
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
    isf_guard_put(l, "[");
    isf_guard_put(l, w);
    isf_guard_put(l, " ");
    memcpy(w, months + 3 * (month - 1), 3);
    isf_guard_put(l, w);
    isf_guard_put(l, " ");
    isf_guard_num(l, (apr_uint64_t)day, 10, 2);
    isf_guard_put(l, " ");
    isf_guard_num(l, (apr_uint64_t)(secs / 3600), 10, 2);
    isf_guard_put(l, ":");
    isf_guard_num(l, (apr_uint64_t)(secs / 60 % 60), 10, 2);
    isf_guard_put(l, ":");
    isf_guard_num(l, (apr_uint64_t)(secs % 60), 10, 2);
    isf_guard_put(l, ".");
    isf_guard_num(l, (apr_uint64_t)(ts.tv_nsec / 1000), 10, 6);
    isf_guard_put(l, " ");
    isf_guard_num(l, (apr_uint64_t)year, 10, 4);
    isf_guard_put(l, "] ");
}

/* Was the access a write?  1 yes, 0 a read, -1 not known here. */
static int isf_guard_was_write(void *uctx)
{
#if defined(__x86_64__) && defined(REG_ERR)
    /* The page-fault error code: bit 1 is set for a write. */
    return (((ucontext_t *)uctx)->uc_mcontext.gregs[REG_ERR] & 2) ? 1 : 0;
#else
    (void)uctx;
    return -1;
#endif
}

static void isf_guard_report(const isf_conn_t *ic, const isf_slot_t *slot,
                             const isf_alloc_rec_t *rec, const void *addr,
                             void *uctx)
{
    static const char *const how[] = { "accessed", "read", "written" };
    char buf[1024];
    isf_guard_line_t l = { buf, buf + sizeof(buf) - 1 };
    const isf_frame_t *fr = ic->frame;
    const char *name = rec->filter ? rec->filter->name : "?";
    conn_rec *c = ic->c;
    ssize_t n;

    isf_guard_date(&l);
    isf_guard_put(&l, "[isapi_filter:crit] [pid ");
    isf_guard_num(&l, (apr_uint64_t)getpid(), 10, 1);
    isf_guard_put(&l, "] " ISFLOGNO(51));
    isf_guard_put(&l, name);
    isf_guard_put(&l, ": AllocMem block of ");
    isf_guard_num(&l, rec->size, 10, 1);
    isf_guard_put(&l, " bytes at 0x");
    isf_guard_num(&l, (apr_uintptr_t)isf_alloc_guard_block(rec, NULL), 16, 1);
    isf_guard_put(&l, " ");
    isf_guard_put(&l, how[isf_guard_was_write(uctx) + 1]);
    isf_guard_put(&l, " past its end, at 0x");
    isf_guard_num(&l, (apr_uintptr_t)addr, 16, 1);
    isf_guard_put(&l, ", in ");
    if (fr) {
        isf_guard_put(&l, "SF_NOTIFY_");
        isf_guard_put(&l, isf_event_name(fr->event));
    }
    else {
        isf_guard_put(&l, "no notification");
    }
    if (slot->filter && slot->filter != rec->filter) {
        isf_guard_put(&l, " of filter ");
        isf_guard_put(&l, slot->filter->name);
    }
    isf_guard_put(&l, " (connection ");
    isf_guard_num(&l, (apr_uint64_t)c->id, 10, 1);
    isf_guard_put(&l, " from ");
    isf_guard_put(&l, c->client_ip ? c->client_ip : "?");
    isf_guard_put(&l, ", SF_REQ_GET_CONNID ");
    isf_guard_num(&l, ic->connid, 10, 1);
    isf_guard_put(&l, "): the process ends (ISAPIFilterAllocGuard On)");
    *l.p++ = '\n';
    do {
        n = write(ic->alloc.log_fd, buf, (size_t)(l.p - buf));
    } while (n < 0 && errno == EINTR);
}

/* What the signal would have done without this module. */
static void isf_guard_chain(int sig, siginfo_t *si, void *uctx)
{
    const struct sigaction *prev = &isf_guard_prev[sig == SIGBUS];
    struct sigaction dfl;

    if (prev->sa_flags & SA_SIGINFO) {
        prev->sa_sigaction(sig, si, uctx);
        return;
    }
    if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
        return;
    }
    /* The default action, core dump included, on the return from here. */
    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);
}

static void isf_guard_fault(int sig, siginfo_t *si, void *uctx)
{
    int saved = errno;
    const isf_slot_t *slot = isf_cur_slot;
    const isf_conn_t *ic = slot ? slot->conn : NULL;
    const char *addr = si->si_addr;

    /* A fault (not a kill) in a filter's call, on a guarded connection. */
    if (ic && ic->alloc.guard && si->si_code > 0) {
        const isf_alloc_rec_t *rec;

        for (rec = ic->alloc.first; rec && isf_alloc_sealed(rec);
             rec = rec->next) {
            const char *guard = (const char *)rec
                                + isf_guard_body(rec->size);

            if (addr >= guard && addr < guard + isf_guard_page) {
                isf_guard_report(ic, slot, rec, addr, uctx);
                break;
            }
        }
    }
    errno = saved;
    isf_guard_chain(sig, si, uctx);
}

static apr_status_t isf_guard_uninstall(void *data)
{
    static const int sigs[2] = { SIGSEGV, SIGBUS };
    int i;

    (void)data;
    for (i = 0; i < 2; i++) {
        struct sigaction cur;

        /* Only if still ours: a later handler may chain to it. */
        if (sigaction(sigs[i], NULL, &cur) == 0
            && (cur.sa_flags & SA_SIGINFO)
            && cur.sa_sigaction == isf_guard_fault) {
            sigaction(sigs[i], &isf_guard_prev[i], NULL);
        }
    }
    isf_guard_installed = 0;
    return APR_SUCCESS;
}

void isf_alloc_guard_child_init(apr_pool_t *pchild, server_rec *s)
{
    static const int sigs[2] = { SIGSEGV, SIGBUS };
    struct sigaction sa;
    struct tm tm;
    time_t now = time(NULL);
    int i;

    if (!isf_g || !isf_g->alloc_guard || isf_guard_installed) {
        return;
    }
    isf_guard_pagesize();
    if (localtime_r(&now, &tm)) {
        isf_guard_gmtoff = tm.tm_gmtoff;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = isf_guard_fault;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < 2; i++) {
        if (sigaction(sigs[i], &sa, &isf_guard_prev[i]) != 0) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, errno, s, ISFLOGNO(54)
                         "ISAPIFilterAllocGuard: no handler for signal %d: "
                         "a write past an AllocMem block still ends the "
                         "process at the write, but the error log will not "
                         "name the filter", sigs[i]);
            if (i) {
                sigaction(sigs[0], &isf_guard_prev[0], NULL);
            }
            return;
        }
    }
    isf_guard_installed = 1;
    apr_pool_cleanup_register(pchild, NULL, isf_guard_uninstall,
                              apr_pool_cleanup_null);
}
