/*
 * thread.c: what each serving thread keeps for the bridge.
 *
 * SEND_RAW_DATA windows.  The raw output filter raises and passes on every
 * byte it takes before the call that brought it returns (raw/), so a
 * window holds bytes only while one filter call runs, on one thread: the
 * buffer belongs to the thread, not to the connection, and a connection
 * with no response in flight holds none.  Level 0 carries a response's
 * bytes, level n the bytes of a WriteClient nested n deep, which arrive
 * while the outer levels still hold theirs.  Buffers are made on first
 * use, grown when a connection's window is larger, and freed when the
 * thread exits.  They are anonymous mappings: zero from the kernel, with
 * no page touched until a window reaches it, where a heap block would
 * have to be cleared whole (it may hold what the process freed).
 *
 * A filter can read, and write, its whole buffer (cbInBuffer), not only
 * cbInData.  Before a window serves another connection than last time,
 * the bytes the last one passed through it (and its filters claimed) are
 * zeroed, so no client's response can reach another through a filter
 * claiming bytes it never wrote; and raw/out_window.c zeroes the whole rest of
 * the buffer before it goes to a site's filters after another site's
 * (isf_win_scrub).  Nothing of a site reaches another site's filters.
 *
 * The scratch pool: answers a callback builds and copies out before it
 * returns (GetServerVariable) come from it and it is cleared after each
 * call, so a filter calling back in every window of a long response costs
 * no memory that grows with the response.
 */
#include "runtime/runtime.h"

#include <stdlib.h>
#include <sys/mman.h>

#include "apr_thread_proc.h"

typedef struct {
    char *buf;
    apr_size_t cap;
    apr_size_t hw;          /* bytes from buf the last connection touched */
    const void *owner;      /* the chain whose bytes those were */
    int exposed;            /* filters had it since it was last scrubbed */
    DWORD connid;           /* that connection */
} isf_thread_win_t;

typedef struct {
    isf_thread_win_t win[ISF_MAX_DEPTH + 1];
    apr_pool_t *scratch;
} isf_thread_t;

static __thread isf_thread_t *isf_thr
    __attribute__((tls_model("initial-exec")));
static apr_threadkey_t *isf_thr_key;

static void isf_thread_free(void *data)
{
    isf_thread_t *t = data;
    int i;

    for (i = 0; i <= ISF_MAX_DEPTH; i++) {
        if (t->win[i].buf) {
            munmap(t->win[i].buf, t->win[i].cap);
        }
    }
    if (t->scratch) {
        apr_pool_destroy(t->scratch);
    }
    free(t);
}

/* The child is exiting: the thread that runs its cleanups (prefork's
 * only one) exits with the process, and no key destructor runs for it. */
static apr_status_t isf_thread_child_exit(void *data)
{
    (void)data;
    if (isf_thr) {
        if (isf_thr_key) {
            apr_threadkey_private_set(NULL, isf_thr_key);
        }
        isf_thread_free(isf_thr);
        isf_thr = NULL;
    }
    return APR_SUCCESS;
}

void isf_thread_child_init(apr_pool_t *pchild)
{
    /* Only for the destructor: the state itself is reached through the
     * __thread pointer. */
    if (apr_threadkey_private_create(&isf_thr_key, isf_thread_free, pchild)
        != APR_SUCCESS) {
        isf_thr_key = NULL;
    }
    apr_pool_cleanup_register(pchild, NULL, isf_thread_child_exit,
                              apr_pool_cleanup_null);
}

static isf_thread_t *isf_thread_get(void)
{
    if (!isf_thr) {
        isf_thr = calloc(1, sizeof(*isf_thr));
        if (isf_thr && isf_thr_key) {
            apr_threadkey_private_set(isf_thr, isf_thr_key);
        }
    }
    return isf_thr;
}

void isf_thread_window(isf_win_t *w, int level, apr_size_t cap,
                       DWORD connid)
{
    isf_thread_t *t = isf_thread_get();
    isf_thread_win_t *tw;

    if (!t) {
        isf_win_init(w, NULL, 0);
        return;
    }
    tw = &t->win[level];
    if (tw->cap < cap) {
        void *m = mmap(NULL, cap, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (tw->buf) {
            munmap(tw->buf, tw->cap);
        }
        tw->buf = m == MAP_FAILED ? NULL : m;
        tw->cap = tw->buf ? cap : 0;
        tw->hw = 0;
        tw->owner = NULL;
        tw->exposed = 0;
        if (!tw->buf) {
            isf_win_init(w, NULL, 0);
            return;
        }
    }
    else if (tw->connid != connid && tw->hw) {
        /* Another client's bytes: none may reach this one, not even
         * through a filter that claims more than it wrote. */
        memset(tw->buf, 0, tw->hw);
        tw->hw = 0;
    }
    tw->connid = connid;
    isf_win_init(w, tw->buf, cap);
    w->hw = tw->hw;
    w->owner = tw->owner;
    w->exposed = tw->exposed;
}

void isf_thread_window_done(const isf_win_t *w, int level)
{
    isf_thread_win_t *tw;

    if (w->buf && (tw = &isf_thr->win[level])->buf == w->buf) {
        tw->hw = w->hw;
        tw->owner = w->owner;
        tw->exposed = w->exposed;
    }
}

/* Running out of memory here fails the one call (apr_palloc answers NULL)
 * instead of aborting the child. */
static int isf_thread_oom(int retcode)
{
    (void)retcode;
    return 0;
}

apr_pool_t *isf_thread_scratch(void)
{
    isf_thread_t *t = isf_thread_get();

    if (!t) {
        return NULL;
    }
    if (!t->scratch
        && apr_pool_create_unmanaged_ex(&t->scratch, isf_thread_oom, NULL)
           != APR_SUCCESS) {
        t->scratch = NULL;
    }
    return t->scratch;
}
