/*
 * stats.c: the counters behind the status page, in one anonymous shared
 * memory segment per configuration generation (layout in stats.h).
 *
 * Who writes what:
 *   post_config   the parent makes the segment on pconf, sized for the
 *                 MPM's hard process limit, each region for its threads
 *                 per child (+ the listener, a spare, and the shared
 *                 block), and notes a (TSC, CLOCK_MONOTONIC) pair
 *   child_init    the child claims a region by CAS on its pid: one never
 *                 used (pid 0) or one whose process is gone (ESRCH).  A
 *                 dead child's counters stay (the figures are cumulative);
 *                 its gauges (AllocMem in use, failed now) are zeroed
 *   a thread      takes a block of its region the first time it dispatches
 *                 (isf_st_take) and writes it with plain adds from then on
 *                 (stats.h); threads beyond the blocks share the last one,
 *                 with relaxed atomic adds
 *   the view      sums the claimed regions, only the blocks that were
 *                 taken (pages never touched stay unallocated)
 *
 * A graceful restart makes a new segment for the new generation; old
 * children keep writing the old one, which goes when the last of them
 * exits: the figures shown are this generation's.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "apr_shm.h"
#include "ap_mpm.h"

__thread isf_st_mine_t isf_st_mine
    __attribute__((tls_model("initial-exec")));

const apr_size_t isf_st_ev_off[32] = {
    [6] = ISF_ST_EV_OFF(ISF_EV_SEND_RESPONSE),
    [7] = ISF_ST_EV_OFF(ISF_EV_END_OF_REQUEST),
    [8] = ISF_ST_EV_OFF(ISF_EV_END_OF_NET_SESSION),
    [9] = ISF_ST_EV_OFF(ISF_EV_LOG),
    [10] = ISF_ST_EV_OFF(ISF_EV_SEND_RAW_DATA),
    [11] = ISF_ST_EV_OFF(ISF_EV_ACCESS_DENIED),
    [12] = ISF_ST_EV_OFF(ISF_EV_URL_MAP),
    [13] = ISF_ST_EV_OFF(ISF_EV_AUTHENTICATION),
    [14] = ISF_ST_EV_OFF(ISF_EV_PREPROC_HEADERS),
    [15] = ISF_ST_EV_OFF(ISF_EV_READ_RAW_DATA),
    [26] = ISF_ST_EV_OFF(ISF_EV_AUTH_COMPLETE)
};

/* Everything in the segment is aligned to a cache line, so that two
 * threads' blocks never share one. */
#define ISF_ST_ALIGN(n) (((n) + 63) & ~(apr_size_t)63)

typedef struct {
    apr_uint64_t tsc0;          /* isf_st_now() as the segment was made */
    apr_uint64_t ns0;           /* CLOCK_MONOTONIC then, in ns */
    apr_time_t made;            /* wall clock then */
    apr_size_t size;            /* bytes of the segment */
    apr_size_t region_size;
    apr_size_t block_size;
    apr_size_t fail_off;        /* in a region: failures[] */
    apr_size_t blocks_off;      /* in a region: block 0 */
    int nfilters;
    int regions;
    int blocks;                 /* per region, the last one shared */
} isf_st_seg_t;

typedef struct {
    apr_uint32_t pid;           /* claiming child, 0: never claimed */
    apr_uint32_t next;          /* next block for this child's threads */
    apr_uint32_t hw;            /* blocks ever taken (by any child) */
    apr_uint32_t shared_used;   /* the last block was taken */
} isf_st_region_t;

static isf_st_seg_t *isf_st_seg;        /* this process's generation's */
static isf_st_region_t *isf_st_region;  /* this child's, or NULL */
static isf_st_cell_t *isf_st_scratch;   /* when there is no region */

static apr_uint64_t isf_st_mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (apr_uint64_t)ts.tv_sec * 1000000000u + (apr_uint64_t)ts.tv_nsec;
}

static APR_INLINE isf_st_region_t *isf_st_region_at(const isf_st_seg_t *g,
                                                    int i)
{
    return (isf_st_region_t *)((char *)g + ISF_ST_ALIGN(sizeof(*g))
                               + g->region_size * (apr_size_t)i);
}

static APR_INLINE unsigned char *isf_st_failed_now(isf_st_region_t *r)
{
    return (unsigned char *)r + ISF_ST_ALIGN(sizeof(*r));
}

static APR_INLINE apr_uint64_t *isf_st_failures(const isf_st_seg_t *g,
                                                isf_st_region_t *r)
{
    return (apr_uint64_t *)((char *)r + g->fail_off);
}

static APR_INLINE isf_st_cell_t *isf_st_block(const isf_st_seg_t *g,
                                              isf_st_region_t *r, int b)
{
    return (isf_st_cell_t *)((char *)r + g->blocks_off
                             + g->block_size * (apr_size_t)b);
}

/* The AllocMem gauges follow a block's cells. */
static APR_INLINE apr_int64_t *isf_st_block_alloc(const isf_st_seg_t *g,
                                                  isf_st_cell_t *cells)
{
    return (apr_int64_t *)(cells + (apr_size_t)g->nfilters * ISF_EV_COUNT);
}

static apr_status_t isf_st_forget(void *data)
{
    (void)data;
    isf_st_seg = NULL;
    isf_st_region = NULL;
    return APR_SUCCESS;
}

void isf_st_post_config(apr_pool_t *pconf, server_rec *s, int nfilters)
{
    isf_st_seg_t geo, *g;
    apr_shm_t *shm;
    apr_status_t rv;
    int daemons = 0, threads = 0;
    apr_size_t cells;

    isf_st_seg = NULL;
    isf_st_region = NULL;
    if (nfilters <= 0) {
        return;
    }
    ap_mpm_query(AP_MPMQ_HARD_LIMIT_DAEMONS, &daemons);
    ap_mpm_query(AP_MPMQ_MAX_THREADS, &threads);
    memset(&geo, 0, sizeof(geo));
    geo.nfilters = nfilters;
    geo.regions = daemons > 0 ? daemons : 1;
    /* The workers, the listener (the event MPM closes connections there,
     * so END_OF_NET_SESSION may run on it), a spare, the shared block. */
    geo.blocks = (threads > 0 ? threads : 1) + 3;
    cells = sizeof(isf_st_cell_t) * (apr_size_t)nfilters * ISF_EV_COUNT;
    geo.block_size = ISF_ST_ALIGN(cells + sizeof(apr_int64_t)
                                          * (apr_size_t)nfilters);
    geo.fail_off = ISF_ST_ALIGN(sizeof(isf_st_region_t))
                   + ISF_ST_ALIGN((apr_size_t)nfilters);
    geo.blocks_off = geo.fail_off + ISF_ST_ALIGN(sizeof(apr_uint64_t)
                                                 * (apr_size_t)nfilters);
    geo.region_size = geo.blocks_off + geo.block_size * (apr_size_t)geo.blocks;
    geo.size = ISF_ST_ALIGN(sizeof(geo))
               + geo.region_size * (apr_size_t)geo.regions;

    /* Anonymous: inherited by the children, gone with the last process
     * that maps it; apr_shm_create registers its destruction on pconf. */
    rv = apr_shm_create(&shm, geo.size, NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, ISFLOGNO(61)
                     "no shared memory (%" APR_SIZE_T_FMT " bytes) for the "
                     "filters' counters: the status page shows none",
                     geo.size);
        return;
    }
    g = apr_shm_baseaddr_get(shm);
    /* Fresh anonymous memory is zero: only the header is written, so the
     * regions' pages stay untouched until a child claims one. */
    geo.made = apr_time_now();
    geo.ns0 = isf_st_mono_ns();
    geo.tsc0 = isf_st_now();
    *g = geo;
    isf_st_seg = g;
    apr_pool_cleanup_register(pconf, NULL, isf_st_forget,
                              apr_pool_cleanup_null);
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s, ISFLOGNO(62)
                 "filter counters: %" APR_SIZE_T_FMT " bytes of shared "
                 "memory for %d children of %d blocks, %d filters",
                 geo.size, geo.regions, geo.blocks, nfilters);
}

/*
 * Is the child that claimed a region with pid gone?  ESRCH: no process
 * has the pid.  EPERM: one has, but not ours: every child of a generation
 * runs as httpd's User, so a process we may not signal is another user's
 * that got the pid after our child died (with a root parent and www-data
 * children, any root process started since).  Taking that as alive would
 * show the dead child's gauges (AllocMem in use, as a crash left them)
 * for as long as that process lives, and keep its region from the child
 * started in its place.
 */
static int isf_st_pid_gone(apr_uint32_t pid)
{
    return kill((pid_t)pid, 0) != 0 && (errno == ESRCH || errno == EPERM);
}

void isf_st_child_init(apr_pool_t *pchild, server_rec *s)
{
    isf_st_seg_t *g = isf_st_seg;
    const apr_uint32_t me = (apr_uint32_t)getpid();
    int nf = isf_g && isf_g->filters ? isf_g->filters->nelts : 0;
    int i, b;

    isf_st_region = NULL;
    if (nf > 0) {
        /* Where a thread writes when there is no region: never shown. */
        isf_st_scratch = apr_pcalloc(pchild,
                                     sizeof(isf_st_cell_t) * (apr_size_t)nf
                                     * ISF_EV_COUNT
                                     + sizeof(apr_int64_t) * (apr_size_t)nf);
    }
    if (!g) {
        return;
    }
    for (i = 0; i < g->regions && !isf_st_region; i++) {
        isf_st_region_t *r = isf_st_region_at(g, i);
        apr_uint32_t pid = __atomic_load_n(&r->pid, __ATOMIC_ACQUIRE);

        /* Free: never used, its process gone, or a process that had
         * this pid before us (pids are reused). */
        if ((pid == 0 || pid == me || isf_st_pid_gone(pid))
            && __atomic_compare_exchange_n(&r->pid, &pid, me, 0,
                                           __ATOMIC_ACQ_REL,
                                           __ATOMIC_RELAXED)) {
            isf_st_region = r;
        }
    }
    if (!isf_st_region) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, ISFLOGNO(63)
                     "no free region for child %ld in the filter counters "
                     "(%d in use): its figures are not counted", (long)me,
                     g->regions);
        return;
    }
    /* A dead child's counters stay; what described that process goes. */
    isf_st_region->next = 0;
    memset(isf_st_failed_now(isf_st_region), 0, (apr_size_t)nf);
    for (b = 0; b < g->blocks; b++) {
        if ((apr_uint32_t)b < isf_st_region->hw
            || (b == g->blocks - 1 && isf_st_region->shared_used)) {
            memset(isf_st_block_alloc(g, isf_st_block(g, isf_st_region, b)),
                   0, sizeof(apr_int64_t) * (apr_size_t)nf);
        }
    }
}

void isf_st_take(void)
{
    isf_st_seg_t *g = isf_st_seg;
    isf_st_region_t *r = isf_st_region;
    isf_st_cell_t *cells;
    apr_uint32_t i, hw;

    if (!g || !r) {
        /* Counted nowhere anyone reads, with atomic adds all the same. */
        cells = isf_st_scratch;
        isf_st_mine.alloc = (apr_int64_t *)(cells
                            + (apr_size_t)(isf_g->filters->nelts)
                              * ISF_EV_COUNT);
        isf_st_mine.shared = (char *)cells;
        return;
    }
    i = __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED);
    if (i >= (apr_uint32_t)g->blocks - 1) {
        cells = isf_st_block(g, r, g->blocks - 1);
        __atomic_store_n(&r->shared_used, 1, __ATOMIC_RELEASE);
        isf_st_mine.alloc = isf_st_block_alloc(g, cells);
        isf_st_mine.shared = (char *)cells;
        return;
    }
    hw = __atomic_load_n(&r->hw, __ATOMIC_RELAXED);
    while (hw < i + 1
           && !__atomic_compare_exchange_n(&r->hw, &hw, i + 1, 0,
                                           __ATOMIC_RELEASE,
                                           __ATOMIC_RELAXED)) {
    }
    cells = isf_st_block(g, r, (int)i);
    isf_st_mine.alloc = isf_st_block_alloc(g, cells);
    isf_st_mine.cells = (char *)cells;
}

void isf_st_note_atomic(isf_st_cell_t *c, DWORD st, apr_uint64_t dt,
                        apr_uint64_t bytes)
{
    apr_uint32_t k = (apr_uint32_t)(st - SF_STATUS_REQ_FINISHED);
    apr_size_t b = isf_st_bucket(dt);
    apr_uint64_t max = __atomic_load_n(&c->max, __ATOMIC_RELAXED);

    if (st != SF_STATUS_REQ_NEXT_NOTIFICATION) {
        __atomic_add_fetch(&c->status[k < ISF_ST_NSTATUS - 1
                                      ? k : ISF_ST_NSTATUS - 1], 1,
                           __ATOMIC_RELAXED);
    }
    __atomic_add_fetch(&c->ticks, dt, __ATOMIC_RELAXED);
    while (dt > max
           && !__atomic_compare_exchange_n(&c->max, &max, dt, 0,
                                           __ATOMIC_RELAXED,
                                           __ATOMIC_RELAXED)) {
    }
    __atomic_add_fetch(&c->hist[b], 1, __ATOMIC_RELAXED);
    if (bytes) {
        __atomic_add_fetch(&c->bytes, bytes, __ATOMIC_RELAXED);
    }
}

void isf_st_load_failed(int idx)
{
    isf_st_seg_t *g = isf_st_seg;
    isf_st_region_t *r = isf_st_region;

    if (g && r && idx >= 0 && idx < g->nfilters) {
        isf_st_failed_now(r)[idx] = 1;
        __atomic_add_fetch(&isf_st_failures(g, r)[idx], 1, __ATOMIC_RELAXED);
    }
}

void isf_st_alloc(int idx, apr_int64_t delta)
{
    if (!isf_st_mine.alloc) {
        isf_st_take();
        if (!isf_st_mine.alloc) {
            return;
        }
    }
    if (isf_st_mine.shared) {
        __atomic_add_fetch(&isf_st_mine.alloc[idx], delta, __ATOMIC_RELAXED);
    }
    else {
        isf_st_mine.alloc[idx] += delta;
    }
}

/* ---- Reading ---- */

static void isf_st_add_block(isf_st_view_t *v, const isf_st_cell_t *cells,
                             const apr_int64_t *alloc, int live,
                             isf_st_child_t *ch)
{
    int n = v->nfilters * ISF_EV_COUNT, i, k;

    for (i = 0; i < n; i++) {
        const isf_st_cell_t *c = &cells[i];
        isf_st_sum_t *s = &v->sum[i];
        apr_uint64_t calls = 0, others = 0, max;

        /* The calls are the histogram's sum, the NEXTs what the other
         * statuses leave of them. */
        for (k = 0; k < ISF_ST_HIST; k++) {
            apr_uint64_t x = __atomic_load_n(&c->hist[k], __ATOMIC_RELAXED);
            s->hist[k] += x;
            calls += x;
        }
        if (!calls) {
            continue;
        }
        for (k = 0; k < ISF_ST_NSTATUS; k++) {
            apr_uint64_t x = __atomic_load_n(&c->status[k], __ATOMIC_RELAXED);
            s->status[k] += x;
            others += x;
        }
        /* Read apart from the histogram, a status may be ahead of it. */
        s->status[ISF_ST_NEXT] += calls > others ? calls - others : 0;
        s->calls += calls;
        ch->calls += calls;
        s->ticks += __atomic_load_n(&c->ticks, __ATOMIC_RELAXED);
        s->bytes += __atomic_load_n(&c->bytes, __ATOMIC_RELAXED);
        max = __atomic_load_n(&c->max, __ATOMIC_RELAXED);
        if (max > s->max) {
            s->max = max;
        }
    }
    /* A dead child's blocks are gone with it. */
    for (i = 0; live && i < v->nfilters; i++) {
        v->alloc[i] += __atomic_load_n(&alloc[i], __ATOMIC_RELAXED);
    }
}

isf_st_view_t *isf_st_read(apr_pool_t *p)
{
    isf_st_seg_t *g = isf_st_seg;
    isf_st_view_t *v;
    int i, b, nf;

    if (!g) {
        return NULL;
    }
    nf = g->nfilters;
    v = apr_pcalloc(p, sizeof(*v));
    v->nfilters = nf;
    v->regions = g->regions;
    v->blocks = g->blocks;
    v->size = g->size;
    v->made = g->made;
    v->ns_per_tick = 1.0;
#if defined(__x86_64__)
    {
        apr_uint64_t ns = isf_st_mono_ns() - g->ns0;
        apr_uint64_t ticks = isf_st_now() - g->tsc0;

        if (ns && ticks) {
            v->ns_per_tick = (double)ns / (double)ticks;
        }
    }
#endif
    v->sum = apr_pcalloc(p, sizeof(*v->sum) * (apr_size_t)nf * ISF_EV_COUNT);
    v->alloc = apr_pcalloc(p, sizeof(*v->alloc) * (apr_size_t)nf);
    v->failures = apr_pcalloc(p, sizeof(*v->failures) * (apr_size_t)nf);
    v->children = apr_array_make(p, 8, sizeof(isf_st_child_t));
    for (i = 0; i < g->regions; i++) {
        isf_st_region_t *r = isf_st_region_at(g, i);
        apr_uint32_t pid = __atomic_load_n(&r->pid, __ATOMIC_ACQUIRE);
        apr_uint32_t hw;
        isf_st_child_t *ch;

        if (!pid) {
            continue;       /* never claimed: its pages were never touched */
        }
        ch = apr_array_push(v->children);
        memset(ch, 0, sizeof(*ch));
        ch->pid = (long)pid;
        ch->live = !isf_st_pid_gone(pid);
        ch->failed_now = isf_st_failed_now(r);
        ch->failures = isf_st_failures(g, r);
        hw = __atomic_load_n(&r->hw, __ATOMIC_ACQUIRE);
        for (b = 0; b < g->blocks; b++) {
            if ((apr_uint32_t)b < hw
                || (b == g->blocks - 1
                    && __atomic_load_n(&r->shared_used, __ATOMIC_ACQUIRE))) {
                isf_st_cell_t *cells = isf_st_block(g, r, b);
                isf_st_add_block(v, cells, isf_st_block_alloc(g, cells),
                                 ch->live, ch);
            }
        }
        for (b = 0; b < nf; b++) {
            v->failures[b] += __atomic_load_n(&ch->failures[b],
                                              __ATOMIC_RELAXED);
        }
    }
    return v;
}

double isf_st_quantile_ns(const isf_st_view_t *v, const isf_st_sum_t *sum,
                          double q)
{
    apr_uint64_t total = 0, cum = 0, want;
    double edge, max = (double)sum->max * v->ns_per_tick;
    int b;

    for (b = 0; b < ISF_ST_HIST; b++) {
        total += sum->hist[b];
    }
    if (!total) {
        return 0;
    }
    want = (apr_uint64_t)(q * (double)total + 0.999999);
    if (want < 1) {
        want = 1;
    }
    for (b = 0; b < ISF_ST_HIST - 1; b++) {
        cum += sum->hist[b];
        if (cum >= want) {
            break;
        }
    }
    edge = b >= ISF_ST_HIST - 1 ? max
           : (double)((apr_uint64_t)2 << b) * v->ns_per_tick;
    return edge < max ? edge : max;
}
