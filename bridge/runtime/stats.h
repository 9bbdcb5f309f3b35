/**
 * @file runtime/stats.h
 * @brief The filters' counters, in shared memory, summed across children.
 *
 * Included by runtime.h; stats.c owns the segment, status.c (hooks/)
 * reads it.  What a notification costs here is two time stamps and a few
 * plain adds into this thread's own block (isf_st_note, called by
 * isf_dispatch_loop in runtime.h):
 * no lock, no atomic, no system call on the request path.
 *
 * The segment (one per configuration generation, made in post_config):
 *
 *   [isf_st_seg_t][region 0][region 1]...[region limit-1]
 *   region: [isf_st_region_t][failed now: nf bytes][failures: nf x u64]
 *           [block 0]...[block nblocks-1]; the last block is shared
 *   block:  [cells: nf x ISF_EV_COUNT x isf_st_cell_t][AllocMem: nf x s64]
 *
 * A region per child (up to the MPM's hard process limit), claimed in
 * child_init; a block per serving thread, taken as the thread first
 * dispatches.  Threads beyond the blocks share the last one, with atomic
 * adds.  Only regions a child claimed and blocks a thread took are read.
 */
#ifndef ISF_STATS_H
#define ISF_STATS_H

#if defined(__x86_64__)
#include <x86intrin.h>
#else
#include <time.h>
#endif

/* Statuses counted apart: SF_STATUS_REQ_FINISHED .. READ_NEXT (in the
 * SDK's order, which is consecutive), then anything else.  NEXT is not
 * counted (it is the calls less the others), so the common answer costs
 * the one test the dispatch loop makes anyway. */
#define ISF_ST_NSTATUS 7
#define ISF_ST_NEXT (SF_STATUS_REQ_NEXT_NOTIFICATION - SF_STATUS_REQ_FINISHED)
/* log2 buckets of a call's time in ticks: bucket b holds [2^b, 2^(b+1)).
 * One per bit, so the index needs no bound; the calls are their sum. */
#define ISF_ST_HIST 64

/** One filter's figures for one notification type, in one block. */
typedef struct {
    apr_uint64_t status[ISF_ST_NSTATUS];    /* calls by status returned,
                                             * NEXT left 0 */
    apr_uint64_t ticks;                     /* time spent, total */
    apr_uint64_t max;                       /* longest call */
    apr_uint64_t bytes;                     /* raw events: cbInData given */
    apr_uint64_t hist[ISF_ST_HIST];         /* calls by log2(ticks) */
} isf_st_cell_t;

/* The byte offset of filter slot idx's cells in a block, and of event
 * index e's among a filter's. */
#define ISF_ST_OFF(idx) ((apr_size_t)(idx) * ISF_EV_COUNT                \
                         * sizeof(isf_st_cell_t))
#define ISF_ST_EV_OFF(e) ((apr_size_t)(e) * sizeof(isf_st_cell_t))

/** ISF_ST_EV_OFF of each event bit's index, by bit position (as
 * isf_ev_slot): one load where the dispatch needs it. */
extern const apr_size_t isf_st_ev_off[32];

/**
 * What a serving thread writes to.  A thread with a block of its own has
 * cells; one on the shared block (atomic adds) has shared instead, so the
 * dispatch loop tests one pointer for both the first call and that.
 */
typedef struct {
    char *cells;                /* its own block; NULL: see shared */
    char *shared;               /* the shared block, or NULL */
    apr_int64_t *alloc;         /* AllocMem bytes in use, per filter, of
                                 * whichever block; NULL until taken */
} isf_st_mine_t;

extern __thread isf_st_mine_t isf_st_mine
    __attribute__((tls_model("initial-exec")));

/** Give this thread a block (its own, or the shared one, or scratch). */
void isf_st_take(void);
/** Record one call into the shared block. */
void isf_st_note_atomic(isf_st_cell_t *c, DWORD st, apr_uint64_t dt,
                        apr_uint64_t bytes);

/** A time stamp in ticks: the TSC on x86_64 (one instruction), else
 * CLOCK_MONOTONIC in ns; stats.c converts at view time. */
static APR_INLINE apr_uint64_t isf_st_now(void)
{
#if defined(__x86_64__)
    return __rdtsc();
#else
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (apr_uint64_t)ts.tv_sec * 1000000000u + (apr_uint64_t)ts.tv_nsec;
#endif
}

/** The histogram bucket of dt: floor(log2(dt)), 0 for 0. */
static APR_INLINE apr_size_t isf_st_bucket(apr_uint64_t dt)
{
#if defined(__x86_64__)
    apr_uint64_t b;

    /* bsr itself: the builtin's int costs a sign extension more. */
    __asm__("bsrq %1, %0" : "=r"(b) : "rm"(dt | 1));
    return (apr_size_t)b;
#else
    return 63 ^ (apr_size_t)__builtin_clzll(dt | 1);
#endif
}

/** One call, counted in the cell at at, that returned st after dt ticks,
 * given bytes raw bytes; shared (a constant): atomic adds. */
static APR_INLINE void isf_st_note(char *at, const int shared, DWORD st,
                                   apr_uint64_t dt, apr_uint64_t bytes)
{
    isf_st_cell_t *c = (isf_st_cell_t *)at;

    if (shared) {
        isf_st_note_atomic(c, st, dt, bytes);
        return;
    }
    c->hist[isf_st_bucket(dt)]++;
    c->ticks += dt;
    if (dt > c->max) {
        c->max = dt;
    }
    c->bytes += bytes;
    if (st != SF_STATUS_REQ_NEXT_NOTIFICATION) {
        apr_uint32_t k = (apr_uint32_t)(st - SF_STATUS_REQ_FINISHED);

        c->status[k < ISF_ST_NSTATUS - 1 ? k : ISF_ST_NSTATUS - 1]++;
    }
}

/** post_config: this generation's segment for the filters loaded (none
 * when nothing is loaded). */
void isf_st_post_config(apr_pool_t *pconf, server_rec *s, int nfilters);
/** child_init: claim a region (before the filters load in the child). */
void isf_st_child_init(apr_pool_t *pchild, server_rec *s);
/** loader.c: filter slot idx failed to load in this child. */
void isf_st_load_failed(int idx);
/** alloc.c: AllocMem bytes in use by filter slot idx changed by delta. */
void isf_st_alloc(int idx, apr_int64_t delta);

/* ---- Reading (the status page) ---- */

/** A filter's figures for one notification, summed. */
typedef struct {
    apr_uint64_t status[ISF_ST_NSTATUS];
    apr_uint64_t calls;
    apr_uint64_t ticks, max, bytes;
    apr_uint64_t hist[ISF_ST_HIST];
} isf_st_sum_t;

/** One child's region, as the view sees it. */
typedef struct {
    long pid;
    int live;                   /* the process exists */
    apr_uint64_t calls;         /* every call recorded in the region */
    const unsigned char *failed_now;    /* per filter: failed in pid */
    const apr_uint64_t *failures;       /* per filter: cumulative */
} isf_st_child_t;

/** The generation's figures, summed at one moment. */
typedef struct {
    int nfilters;
    int regions, blocks;        /* limits: children, blocks per child */
    apr_size_t size;            /* bytes of the segment */
    apr_time_t made;            /* when the segment was made */
    double ns_per_tick;
    isf_st_sum_t *sum;          /* [filter * ISF_EV_COUNT + event] */
    apr_int64_t *alloc;         /* per filter: AllocMem bytes in use */
    apr_uint64_t *failures;     /* per filter: load failures, all children */
    apr_array_header_t *children;   /* isf_st_child_t, claimed regions */
} isf_st_view_t;

/** Sum the segment (NULL when there is none). */
isf_st_view_t *isf_st_read(apr_pool_t *p);
/** The time a quantile q (0..1) of sum's calls took at most, in ns:
 * the upper edge of its log2 bucket, never above the maximum. */
double isf_st_quantile_ns(const isf_st_view_t *v, const isf_st_sum_t *sum,
                          double q);

#endif /* ISF_STATS_H */
