/*
 * raw_window: the raw-data window bookkeeping (isf_win_fill,
 * isf_win_outcome, isf_acc_reserve) driven by a sequence of operations
 * decoded from the input, against a model of what the bytes must be.
 *
 * Input: a 16-bit accumulation limit (small: 0..8192) and a 16-bit window
 * capacity, then operations, one byte each plus arguments:
 *   fill      copy n bytes into the SEND_RAW_DATA window
 *   outcome   a filter's answer on the window: untouched, pvInData moved
 *             inside our buffer, cbInData shortened, grown or set to 0
 *             (swallowed), pvInData pointed at the filter's own buffer
 *             (replaced; also one starting right where ours ends, as
 *             AllocMem from the same pool can give) or at NULL, with
 *             cbInData/cbInBuffer from the input
 *   reserve   READ_NEXT: make room for n more bytes in the accumulator
 *             with isf_acc_reserve, then isf_win_fill them in
 *   deliver   an outcome on the accumulator, then start it afresh
 *   resize    a new window of another capacity
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
 * grows the accumulator past the limit, and keeps the bytes it holds.
 */
#include "fuzz_common.h"

enum { OP_FILL, OP_OUTCOME, OP_RESERVE, OP_DELIVER, OP_RESIZE, OP_COUNT };

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
 * One filter answer on window w (a heap block of w->cap bytes), checked
 * against the contract.  Returns nothing: the caller starts w afresh.
 */
static void outcome(fuzz_in_t *in, const isf_win_t *win)
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
             * cbInBuffer 0 says nothing about the buffer: raw_window.c
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
        joined.buf = mine;
        joined.cap = w->cap;
        joined.len = w->len;
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
    free(mine);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    fuzz_in_t in = { bytes, size };
    apr_pool_t *p = fuzz_pool(), *accp = fuzz_pool();
    apr_size_t limit = fuzz_u16(&in) % 8193, cap = fuzz_u16(&in) % 4097;
    isf_win_t w, acc;
    unsigned char *model;       /* what acc must hold */
    size_t counter = 0, ops = 0;

    isf_win_init(&w, malloc(cap ? cap : 1), cap);
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
            counter += got;
            break;
        }
        case OP_OUTCOME:
            outcome(&in, &w);
            isf_win_init(&w, w.buf, w.cap);
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
            /* On an exact-size heap copy, so ASan sees its end. */
            isf_win_t shadow;
            char *copy = malloc(acc.cap ? acc.cap : 1);

            if (acc.cap) {
                memcpy(copy, acc.buf, acc.cap);
            }
            shadow.buf = copy;
            shadow.cap = acc.cap;
            shadow.len = acc.len;
            outcome(&in, &shadow);
            free(copy);
            isf_win_init(&acc, NULL, 0);
            apr_pool_clear(accp);
            break;
        }
        case OP_RESIZE:
            free(w.buf);
            cap = fuzz_u16(&in) % 4097;
            isf_win_init(&w, malloc(cap ? cap : 1), cap);
            break;
        }
    }

    free(model);
    free(w.buf);
    apr_pool_destroy(accp);
    apr_pool_destroy(p);
    return 0;
}
