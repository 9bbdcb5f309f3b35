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
 * faults at the write.  The fault handler (fault.c, in every child with
 * filters) asks isf_alloc_guard_line whether a SIGSEGV or SIGBUS hit a
 * guard page of the faulting filter's connection: the blocks are found
 * through the thread's current slot (its connection's records), and the
 * line (ISF51) names the filter, the notification it was in and the
 * block, instead of fault.c's general one (ISF69).  The signal then goes
 * on to httpd's own handler, so the child dies and dumps core as it
 * would have.
 *
 * That part runs in the signal handler, so it only reads the connection's
 * state (a synchronous fault cannot interrupt the thread that owns it
 * while that state changes, as filters run between the bridge's updates;
 * fault.c catches a second fault there) and formats with fault.c's
 * functions.  The page size is known from the first mapping on.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* Set by the first mapping, so before any fault at a guard page. */
static apr_size_t isf_guard_page;

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

/* ---- The line for a fault at a guard page (fault.c calls this) ---- */

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

int isf_alloc_guard_line(isf_fault_line_t *l, const isf_slot_t *slot,
                         const siginfo_t *si, void *uctx)
{
    static const char *const how[] = { "accessed", "read", "written" };
    const isf_conn_t *ic = slot->conn;
    const char *addr = si->si_addr;
    const isf_alloc_rec_t *rec;
    const isf_frame_t *fr;

    /* A fault (not a kill) in a filter's call, on a guarded connection. */
    if (!ic || !ic->alloc.guard || si->si_code <= 0) {
        return 0;
    }
    for (rec = ic->alloc.first; rec && isf_alloc_sealed(rec);
         rec = rec->next) {
        const char *guard = (const char *)rec + isf_guard_body(rec->size);

        if (addr >= guard && addr < guard + isf_guard_page) {
            break;
        }
    }
    if (!rec || !isf_alloc_sealed(rec)) {
        return 0;
    }
    fr = ic->frame;
    isf_fault_put(l, ISFLOGNO(51));
    isf_fault_put(l, rec->filter ? rec->filter->name : "?");
    isf_fault_put(l, ": AllocMem block of ");
    isf_fault_num(l, rec->size, 10, 1);
    isf_fault_put(l, " bytes at 0x");
    isf_fault_num(l, (apr_uintptr_t)isf_alloc_guard_block(rec, NULL), 16, 1);
    isf_fault_put(l, " ");
    isf_fault_put(l, how[isf_guard_was_write(uctx) + 1]);
    isf_fault_put(l, " past its end, at 0x");
    isf_fault_num(l, (apr_uintptr_t)addr, 16, 1);
    isf_fault_put(l, ", in ");
    if (fr) {
        isf_fault_put(l, "SF_NOTIFY_");
        isf_fault_put(l, isf_event_name(fr->event));
    }
    else {
        isf_fault_put(l, "no notification");
    }
    if (slot->filter && slot->filter != rec->filter) {
        isf_fault_put(l, " of filter ");
        isf_fault_put(l, slot->filter->name);
    }
    isf_fault_put(l, " (");
    isf_fault_conn(l, ic);
    isf_fault_put(l, "): the process ends (ISAPIFilterAllocGuard On)");
    return 1;
}
