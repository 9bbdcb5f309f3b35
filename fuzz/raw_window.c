/*
 * raw_window: the raw-data window bookkeeping (isf_win_fill,
 * isf_win_outcome, isf_win_own, isf_win_claim, isf_acc_reserve,
 * isf_acc_offer) driven by
 * a sequence of operations decoded from the input, against a model of what
 * the bytes must be.
 *
 * Each outcome is also handed on as isf_win_between would to the next
 * filter of the chain, and checked: never NULL, never a length past the
 * buffer it points into.
 *
 * Input: a 16-bit accumulation limit (small: 0..8192) and a 16-bit window
 * capacity, then operations, one byte each plus arguments:
 *   fill      copy n bytes into the SEND_RAW_DATA window
 *   outcome   a filter's answer on the window: untouched, pvInData moved
 *             inside our buffer, cbInData shortened, grown or set to 0
 *             (swallowed), pvInData pointed at the filter's own buffer
 *             (replaced; also one starting right where ours ends, as
 *             AllocMem from the same pool can give) or at NULL, with
 *             cbInData/cbInBuffer from the input; then, as raw/out_window.c's
 *             isf_raw_notify, the window's len goes to 0 and the outcome
 *             is passed to isf_win_claim
 *   own       isf_win_own with one of four owners (NULL among them): the
 *             same as before, or another one (a site switch)
 *   write     a filter writes n bytes at an offset of the window, past
 *             len or not, and claims them by growing cbInData (from
 *             pvInData at the start, or past a stripped prefix, or with
 *             more than it wrote, maybe past the end); then len 0,
 *             isf_win_outcome and isf_win_claim, as isf_raw_notify does
 *   reserve   READ_NEXT: make room for n more bytes in the accumulator
 *             with isf_acc_reserve, then isf_win_fill them in
 *   deliver   an outcome on what the accumulator offers the filters
 *             (isf_acc_offer), then start it afresh in pool memory an
 *             earlier connection filled
 *   resize    a new window of another capacity (zeroed, as runtime/thread.c's)
 * The window is a heap block of exactly its capacity, and every outcome is
 * read byte by byte, so ASan reports any length past a buffer.  The
 * accumulator lives in an APR pool, which ASan cannot see into, so its
 * outcomes run on an exact-size heap copy of it.
 *
 * Contract checked: a fill takes min(n, room) and appends exactly those
 * bytes; an outcome never describes bytes past the buffer they point into
 * (our window: its capacity; the filter's: cbInBuffer), returns 0 exactly
 * when it had to correct a length, and NULL pvInData passes nothing;
 * a reservation fails with APR_ENOSPC exactly when len + n > limit, never
 * grows the accumulator past the limit, and keeps the bytes it holds;
 * an offer keeps the bytes, covers at least len + room (or the whole
 * buffer) and is zero past len, never the earlier connection's bytes.
 * The window's bytes are modelled one for one (every fill and filter
 * write goes to the model too), with how far the bytes written since the
 * last owner switch reach: after every operation len <= hw <= cap and hw
 * covers that reach; a claim raises hw to the end of an outcome in the
 * window and leaves it alone for one elsewhere (the filter's memory, or
 * right past our end); isf_win_own with the same owner changes no byte
 * and no field, and with another one keeps [0, len) and leaves every byte
 * of [len, cap) zero, checked byte by byte, with hw = len.
 */
#include "fuzz_common.h"

/* New operations go last: the seeds' operation bytes keep their meaning. */
enum {
    OP_FILL, OP_OUTCOME, OP_RESERVE, OP_DELIVER, OP_RESIZE, OP_OWN,
    OP_WRITE, OP_COUNT
};

enum {
    OUT_UNTOUCHED, OUT_IN_PLACE, OUT_SWALLOW, OUT_INTERIOR, OUT_REPLACE,
    OUT_ADJACENT, OUT_NULL, OUT_COUNT
};

/*
 * The bytes filled in: byte i of the stream is (i * 31 + 7) mod 256, which
 * repeats every 256, so the n bytes from stream offset k are pat + k % 256.
 */
#define MAX_FILL (2 * 8192)
static char pat[MAX_FILL + 256];

static const char *pattern_at(size_t k)
{
    if (pat[1] == 0) {
        size_t i;

        for (i = 0; i < sizeof(pat); i++) {
            pat[i] = (char)(unsigned char)(i * 31 + 7);
        }
    }
    return pat + k % 256;
}

/* Every byte of data[0..len) is read: ASan's say on where it points. */
static void consume(const char *data, apr_size_t len)
{
    volatile unsigned char sum = 0;
    apr_size_t i;

    for (i = 0; i < len; i++) {
        sum ^= (unsigned char)data[i];
    }
    (void)sum;
}

/*
 * The model of the SEND_RAW_DATA window: what each byte of w.buf must
 * hold, and how far the bytes written since the last owner switch (or the
 * window's creation, when it was all zero) reach.
 */
#define MAX_CAP 4096
typedef struct {
    unsigned char bytes[MAX_CAP];
    apr_size_t reach;
} win_model_t;

/* What must hold after every operation. */
static void check_window(const isf_win_t *w, const win_model_t *m)
{
    CHECK(w->len <= w->hw);
    CHECK(w->hw <= w->cap);
    CHECK(w->hw >= m->reach);
}

/*
 * isf_win_claim(claim, data, len), as isf_raw_notify calls it after an
 * outcome, against its model: in_window says whether the filter's
 * pvInData pointed into claim's buffer.
 */
static void claim_checked(isf_win_t *claim, int in_window, const char *data,
                          apr_size_t len)
{
    apr_size_t before = claim->hw, end;

    isf_win_claim(claim, data, len);
    if (in_window && len) {
        end = (apr_size_t)(data - claim->buf) + len;
        CHECK(end <= claim->cap);
        CHECK(claim->hw == (end > before ? end : before));
    }
    else {
        /* The filter's memory, or nothing: hw does not move. */
        CHECK(claim->hw == before);
    }
}

/*
 * One filter answer on window w (a heap block of w->cap bytes), checked
 * against the contract.  When claim is given (w itself), the outcome is
 * then claimed as isf_raw_notify does; the caller sets w's len to 0.
 */
static void outcome(fuzz_in_t *in, const isf_win_t *win, isf_win_t *claim)
{
    const isf_win_t *w = win;
    isf_win_t joined;
    HTTP_FILTER_RAW_DATA raw;
    unsigned kind = fuzz_u8(in) % OUT_COUNT;
    const char *data = (const char *)1;
    const char *lo, *hi;        /* the buffer data must stay inside */
    apr_size_t len = (apr_size_t)-1;
    char *mine = NULL;
    int rv, want_rv;

    raw.pvInData = w->buf;
    raw.cbInData = (DWORD)w->len;
    raw.cbInBuffer = (DWORD)w->cap;
    raw.dwReserved = 0;
    lo = w->buf;
    hi = w->buf + w->cap;

    switch (kind) {
    case OUT_UNTOUCHED:
        break;
    case OUT_IN_PLACE:
        /* Shortened, or grown in place (maybe past the end). */
        raw.cbInData = fuzz_u8(in) & 1 ? fuzz_u32(in) : fuzz_u16(in);
        if (fuzz_u8(in) & 1) {
            raw.cbInBuffer = fuzz_u32(in);
        }
        break;
    case OUT_SWALLOW:
        raw.cbInData = 0;
        break;
    case OUT_INTERIOR: {
        /* A prefix stripped by moving pvInData inside our buffer. */
        apr_size_t skip = w->cap ? fuzz_u16(in) % w->cap : 0;

        raw.pvInData = w->buf + skip;
        raw.cbInData = fuzz_u8(in) & 1 ? fuzz_u32(in)
                                       : (DWORD)(w->len > skip
                                                 ? w->len - skip : 0);
        break;
    }
    case OUT_REPLACE: {
        /* The filter's own buffer, of the size its cbInBuffer says. */
        apr_size_t fsize = fuzz_u16(in) % 4097;

        raw.cbInData = fuzz_u8(in) & 1 ? fuzz_u32(in) : fuzz_u16(in);
        if (fsize == 0) {
            /*
             * cbInBuffer 0 says nothing about the buffer: core/window.c
             * then takes cbInData as the filter gave it, so the model's
             * filter is one whose buffer holds cbInData bytes.
             */
            fsize = raw.cbInData % 4097;
            raw.cbInData = (DWORD)fsize;
            raw.cbInBuffer = 0;
        }
        else {
            raw.cbInBuffer = (DWORD)fsize;
        }
        mine = malloc(fsize ? fsize : 1);
        memset(mine, 'F', fsize ? fsize : 1);
        raw.pvInData = mine;
        lo = mine;
        hi = mine + fsize;
        break;
    }
    case OUT_ADJACENT: {
        /*
         * One block: our window's bytes, then the filter's buffer right
         * after them.  pvInData at our end is the filter's, not ours.
         */
        apr_size_t fsize = fuzz_u16(in) % 4096 + 1;

        if (w->cap == 0) {
            /*
             * Our end is our start: no telling the two apart, and no
             * real window is empty (ISAPIFilterWindowSize >= 256; an
             * empty accumulator has no buffer at all).
             */
            break;
        }
        mine = malloc(w->cap + fsize);
        memcpy(mine, w->buf, w->cap);
        memset(mine + w->cap, 'F', fsize);
        joined = *w;
        joined.buf = mine;
        w = &joined;
        raw.pvInData = mine + w->cap;
        raw.cbInData = fuzz_u8(in) & 1 ? fuzz_u32(in) : fuzz_u16(in);
        raw.cbInBuffer = (DWORD)fsize;
        lo = mine + w->cap;
        hi = lo + fsize;
        break;
    }
    case OUT_NULL:
        raw.pvInData = NULL;
        raw.cbInData = fuzz_u8(in) & 1 ? fuzz_u32(in) : 0;
        break;
    }

    rv = isf_win_outcome(w, &raw, &data, &len);

    {
        /* What the next filter of the chain is handed (isf_win_between):
         * never NULL, never a length past the buffer it points into,
         * and the same bytes the outcome describes. */
        HTTP_FILTER_RAW_DATA next = raw;

        isf_win_between(w, &next);
        CHECK(next.pvInData != NULL);
        CHECK(next.cbInData == len);
        CHECK(next.cbInData <= next.cbInBuffer);
        if (len) {
            CHECK(next.pvInData == data);
        }
        if (!len || (lo == w->buf && data >= w->buf
                     && (apr_size_t)(data - w->buf) < w->cap)) {
            const char *p = next.pvInData;

            CHECK(p >= w->buf);
            CHECK(next.cbInBuffer == w->cap - (apr_size_t)(p - w->buf));
        }
        consume(next.pvInData, next.cbInData);
    }

    if (raw.pvInData == NULL) {
        CHECK(data == NULL && len == 0);
        CHECK(rv == (raw.cbInData == 0));
    }
    else {
        CHECK(data == raw.pvInData);
        CHECK(data >= lo && data <= hi);
        CHECK(len <= (apr_size_t)(hi - data));
        CHECK(len <= raw.cbInData);
        /* Corrected exactly when cbInData did not fit. */
        want_rv = raw.cbInData <= (apr_size_t)(hi - data);
        CHECK(rv == want_rv);
        if (want_rv) {
            CHECK(len == raw.cbInData);
        }
        else {
            CHECK(len == (apr_size_t)(hi - data));
        }
        consume(data, len);
    }
    if (claim) {
        /*
         * Ours exactly when pvInData pointed into our buffer, not at the
         * filter's.  For the adjacent one, claimed on the joined block's
         * window (its hw is ours): the filter's bytes start right at its
         * end, and must not move it.
         */
        claim_checked(w == &joined ? &joined : claim, lo == w->buf, data,
                      len);
    }
    free(mine);
}

/*
 * A filter writes n bytes at off in window w during a notification and
 * claims them by growing cbInData; then, as isf_raw_notify: len 0,
 * isf_win_outcome and isf_win_claim.  The model takes the bytes.
 */
static void filter_write(fuzz_in_t *in, isf_win_t *w, win_model_t *m)
{
    HTTP_FILTER_RAW_DATA raw;
    apr_size_t off = 0, n = 0, skip = 0, i, end;
    const char *data = (const char *)1;
    apr_size_t len = (apr_size_t)-1;
    unsigned how = fuzz_u8(in);
    int rv;

    if (w->cap) {
        off = fuzz_u16(in) % w->cap;
        n = fuzz_u16(in) % (w->cap - off + 1);
    }
    for (i = 0; i < n; i++) {
        /* Never zero: a byte left behind cannot pass for a zeroed one. */
        w->buf[off + i] = (char)(0x80 | ((how + off + i) & 0x7f));
    }
    memcpy(m->bytes + off, w->buf + off, n);
    end = off + n;
    if (n && end > m->reach) {
        m->reach = end;
    }

    raw.pvInData = w->buf;
    raw.cbInBuffer = (DWORD)w->cap;
    raw.dwReserved = 0;
    /* Grown to cover what it wrote (never shrunk below len: those bytes
     * are the response's, and hw covers them already). */
    raw.cbInData = (DWORD)(end > w->len ? end : w->len);
    switch (how % 3) {
    case 0:
        break;
    case 1:
        /* A prefix stripped by moving pvInData, up to what it wrote. */
        skip = fuzz_u16(in) % (off + 1);
        raw.pvInData = w->buf + skip;
        raw.cbInData = (DWORD)(end - skip);
        break;
    case 2:
        /* More than it wrote, maybe past the end (clamped). */
        raw.cbInData = (DWORD)end + fuzz_u16(in);
        break;
    }

    w->len = 0;
    rv = isf_win_outcome(w, &raw, &data, &len);
    if (w->cap == 0) {
        CHECK(len == 0);
    }
    else {
        CHECK(data == raw.pvInData);
        CHECK(len <= w->cap - skip);
        CHECK(rv == (raw.cbInData <= w->cap - skip));
        /* Whatever was clamped, the outcome still covers the bytes. */
        CHECK(n == 0 || (skip <= off && skip + len >= end));
    }
    consume(data, len);
    claim_checked(w, w->cap != 0, data, len);
}

/*
 * isf_win_own(w, owner) against the model: the same owner changes
 * nothing; another one keeps [0, len) and zeroes every byte after it.
 */
static void own_checked(isf_win_t *w, win_model_t *m, const void *owner)
{
    isf_win_t before = *w;
    apr_size_t i;

    isf_win_own(w, owner);
    CHECK(w->buf == before.buf && w->cap == before.cap
          && w->len == before.len);
    CHECK(w->owner == owner);
    if (owner == before.owner) {
        CHECK(w->hw == before.hw);
        CHECK(w->cap == 0 || memcmp(w->buf, m->bytes, w->cap) == 0);
        return;
    }
    CHECK(w->hw == w->len);
    CHECK(w->len == 0 || memcmp(w->buf, m->bytes, w->len) == 0);
    for (i = w->len; i < w->cap; i++) {
        CHECK(w->buf[i] == 0);
    }
    memset(m->bytes + w->len, 0, w->cap - w->len);
    m->reach = w->len;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    fuzz_in_t in = { bytes, size };
    apr_pool_t *p = fuzz_pool(), *accp = fuzz_pool();
    apr_size_t limit = fuzz_u16(&in) % 8193;
    apr_size_t cap = fuzz_u16(&in) % (MAX_CAP + 1);
    isf_win_t w, acc;
    unsigned char *model;       /* what acc must hold */
    static win_model_t wm;      /* what w must hold */
    static const char owners[3];
    size_t counter = 0, ops = 0;

    isf_win_init(&w, calloc(1, cap ? cap : 1), cap);
    memset(&wm, 0, sizeof(wm));
    isf_win_init(&acc, NULL, 0);
    model = malloc(limit ? limit : 1);

    while (in.n > 0 && ops++ < 256) {
        switch (fuzz_u8(&in) % OP_COUNT) {
        case OP_FILL: {
            apr_size_t n = fuzz_u16(&in) % (2 * 4096 + 1), room, got;
            const char *src = pattern_at(counter);
            apr_size_t before = w.len;

            room = w.cap - w.len;
            got = isf_win_fill(&w, src, n);
            CHECK(got == (n < room ? n : room));
            CHECK(w.len == before + got && w.len <= w.cap);
            CHECK(got == 0 || memcmp(w.buf + before, src, got) == 0);
            memcpy(wm.bytes + before, src, got);
            if (w.len > wm.reach) {
                wm.reach = w.len;
            }
            counter += got;
            break;
        }
        case OP_OUTCOME:
            /* What hw and owner say stays: only len starts afresh. */
            outcome(&in, &w, &w);
            w.len = 0;
            break;
        case OP_RESERVE: {
            apr_size_t more, before = acc.len, oldcap = acc.cap;
            unsigned how = fuzz_u8(&in);
            const char *src;
            apr_status_t rv;

            if ((how & 3) == 3) {
                /* Near SIZE_MAX: len + more must not wrap the check. */
                more = (apr_size_t)-1 - fuzz_u8(&in);
            }
            else {
                more = fuzz_u16(&in) % (limit + 2);
            }
            rv = isf_acc_reserve(&acc, accp, more, limit);
            if (more > limit || before > limit - more) {
                CHECK(rv == APR_ENOSPC);
                CHECK(acc.len == before && acc.cap == oldcap);
                break;
            }
            CHECK(rv == APR_SUCCESS);
            CHECK(acc.cap <= limit);
            CHECK(acc.cap >= before + more && acc.len == before);
            CHECK(before == 0 || memcmp(acc.buf, model, before) == 0);
            CHECK(more == 0 || acc.buf != NULL);
            src = pattern_at(counter);
            CHECK(isf_win_fill(&acc, src, more) == more);
            memcpy(model + before, src, more);
            counter += more;
            CHECK(acc.len == 0 || memcmp(acc.buf, model, acc.len) == 0);
            break;
        }
        case OP_DELIVER: {
            /* What the filters are offered (raw/in_filter.c), on an
             * exact-size heap copy of it, so ASan sees its end. */
            isf_win_t shadow;
            apr_size_t room = counter % 2048, offered, i;
            char *copy;

            offered = acc.buf ? isf_acc_offer(&acc, room) : 0;
            CHECK(offered <= acc.cap && offered >= acc.len);
            CHECK(offered == acc.cap || offered >= acc.len + room);
            CHECK(acc.len == 0 || memcmp(acc.buf, model, acc.len) == 0);
            for (i = acc.len; i < offered; i++) {
                /* Zeroed: never a byte of the earlier "connection" (below). */
                CHECK(acc.buf[i] == 0);
            }
            copy = malloc(offered ? offered : 1);
            if (offered) {
                memcpy(copy, acc.buf, offered);
            }
            shadow = acc;
            shadow.buf = copy;
            shadow.cap = offered;
            outcome(&in, &shadow, NULL);
            free(copy);
            isf_win_init(&acc, NULL, 0);
            /* The next accumulation gets pool memory an earlier
             * connection filled. */
            apr_pool_clear(accp);
            memset(apr_palloc(accp, 2 * 8192), 'S', 2 * 8192);
            apr_pool_clear(accp);
            break;
        }
        case OP_RESIZE:
            free(w.buf);
            cap = fuzz_u16(&in) % (MAX_CAP + 1);
            isf_win_init(&w, calloc(1, cap ? cap : 1), cap);
            memset(&wm, 0, sizeof(wm));
            break;
        case OP_OWN: {
            unsigned k = fuzz_u8(&in) % 4;

            own_checked(&w, &wm, k ? &owners[k - 1] : NULL);
            break;
        }
        case OP_WRITE:
            filter_write(&in, &w, &wm);
            break;
        }
        check_window(&w, &wm);
    }

    free(model);
    free(w.buf);
    apr_pool_destroy(accp);
    apr_pool_destroy(p);
    return 0;
}
