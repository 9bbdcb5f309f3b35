/*
 * raw_window.c: the SEND_RAW_DATA window and READ_NEXT accumulation
 * bookkeeping (bridge/core/window.c, map_policy.c), without httpd.
 */
#include "tap.h"

#include "apr_general.h"
#include "core/core.h"

static void test_fill(void)
{
    char buf[8];
    isf_win_t w;

    isf_win_init(&w, buf, sizeof(buf));
    is_int((int)isf_win_fill(&w, "abcde", 5), 5,
           "a window takes bytes while it has room");
    is_int((int)isf_win_fill(&w, "fghij", 5), 3,
           "a window takes only what fits, never past its capacity");
    ok(w.len == 8 && !memcmp(buf, "abcdefgh", 8),
       "the window holds the bytes in order");
    is_int((int)isf_win_fill(&w, "x", 1), 0, "a full window takes nothing");
}

static void test_outcome(void)
{
    char buf[16], mine[4] = "XYZW", both[24];
    isf_win_t w, w2;
    HTTP_FILTER_RAW_DATA raw;
    const char *data;
    apr_size_t len;

    isf_win_init(&w, buf, sizeof(buf));
    isf_win_fill(&w, "hello", 5);
    raw.pvInData = buf;
    raw.cbInData = 5;
    raw.cbInBuffer = sizeof(buf);
    ok(isf_win_outcome(&w, &raw, &data, &len) && data == buf && len == 5,
       "an untouched window passes as it is");
    raw.cbInData = 3;
    ok(isf_win_outcome(&w, &raw, &data, &len) && len == 3,
       "a shortened cbInData passes fewer bytes");
    raw.cbInData = 0;
    ok(isf_win_outcome(&w, &raw, &data, &len) && len == 0,
       "cbInData 0 swallows the window");
    raw.cbInData = 1000;
    ok(!isf_win_outcome(&w, &raw, &data, &len) && len == sizeof(buf),
       "a cbInData past our buffer is clamped to its capacity");
    raw.pvInData = mine;
    raw.cbInData = 4;
    raw.cbInBuffer = 4;
    ok(isf_win_outcome(&w, &raw, &data, &len) && data == mine && len == 4,
       "a replacement buffer of the filter's passes cbInData bytes");
    raw.cbInData = 9;
    ok(!isf_win_outcome(&w, &raw, &data, &len) && len == 4,
       "a replacement's cbInData is clamped to its cbInBuffer");
    /* Found by fuzz/raw_window: a skipped prefix kept cbInData whole. */
    raw.pvInData = buf + 4;
    raw.cbInData = sizeof(buf);
    raw.cbInBuffer = sizeof(buf);
    ok(!isf_win_outcome(&w, &raw, &data, &len) && data == buf + 4
       && len == sizeof(buf) - 4,
       "a pvInData moved into our buffer is clamped to what is left of it");
    raw.cbInData = 1;
    ok(isf_win_outcome(&w, &raw, &data, &len) && len == 1,
       "a pvInData moved into our buffer passes a cbInData that fits");
    isf_win_init(&w2, both, 16);
    raw.pvInData = both + 16;
    raw.cbInData = 8;
    raw.cbInBuffer = 8;
    ok(isf_win_outcome(&w2, &raw, &data, &len) && data == both + 16
       && len == 8,
       "a filter's buffer starting right after ours is the filter's");
    raw.pvInData = NULL;
    raw.cbInData = 3;
    ok(!isf_win_outcome(&w, &raw, &data, &len) && len == 0,
       "a NULL pvInData passes nothing and is reported");
}

/* Non-zero if buf[from, to) are all c. */
static int all_are(const char *buf, apr_size_t from, apr_size_t to, char c)
{
    for (; from < to; from++) {
        if (buf[from] != c) {
            return 0;
        }
    }
    return 1;
}

static void test_own(void)
{
    static const char site_a, site_b;
    char buf[16], empty[1];
    isf_win_t w;

    /* 'S' stands for bytes nobody claimed: never there in the bridge
     * (thread.c's buffers start zeroed), here to show what is zeroed. */
    memset(buf, 'S', sizeof(buf));
    isf_win_init(&w, buf, sizeof(buf));
    ok(w.hw == 0 && w.owner == NULL, "a new window has no owner and no hw");
    isf_win_own(&w, &site_a);
    ok(w.owner == &site_a && w.hw == 0 && all_are(buf, 0, 16, 'S'),
       "the first owner of a window with nothing in it zeroes nothing");
    isf_win_fill(&w, "abcdefgh", 8);
    is_int(w.hw, 8, "isf_win_fill raises hw to len");
    w.len = 0;      /* passed on (raw/out_window.c) */
    isf_win_fill(&w, "xyz", 3);
    is_int(w.hw, 8, "a shorter fill leaves hw where the bytes reached");
    isf_win_own(&w, &site_a);
    ok(w.owner == &site_a && w.len == 3 && w.hw == 8
       && !memcmp(buf, "xyzdefgh", 8) && all_are(buf, 8, 16, 'S'),
       "the same owner again changes no byte, len or hw");
    isf_win_own(&w, &site_b);
    ok(w.owner == &site_b && w.len == 3 && !memcmp(buf, "xyz", 3),
       "another owner keeps the new bytes, [0, len)");
    ok(all_are(buf, 3, 8, '\0'),
       "another owner zeroes the last one's bytes past len, up to hw");
    ok(all_are(buf, 8, 16, 'S'),
       "and nothing from hw on: exactly [len, hw) is zeroed");
    is_int(w.hw, 3, "hw is then len");
    isf_win_fill(&w, "!", 1);
    is_int(w.hw, 4, "a fill one byte past hw raises it by one");
    isf_win_own(&w, &site_a);
    ok(w.owner == &site_a && w.hw == 4 && !memcmp(buf, "xyz!", 4)
       && all_are(buf, 4, 8, '\0') && all_are(buf, 8, 16, 'S'),
       "switching back with nothing past len zeroes nothing more");
    isf_win_own(&w, NULL);
    ok(w.owner == NULL && !memcmp(buf, "xyz!", 4),
       "no owner is an owner like any other");

    isf_win_init(&w, NULL, 0);
    isf_win_own(&w, &site_a);
    ok(w.owner == &site_a && w.hw == 0 && w.len == 0,
       "a window without a buffer (thread.c out of memory) changes owner "
       "without touching memory");
    empty[0] = 'S';
    isf_win_init(&w, empty, 0);
    isf_win_own(&w, &site_a);
    isf_win_own(&w, &site_b);
    ok(w.owner == &site_b && w.hw == 0 && empty[0] == 'S',
       "nor does a window of capacity 0");
}

static void test_scrub(void)
{
    char buf[16];
    isf_win_t w;

    memset(buf, 'S', sizeof(buf));
    isf_win_init(&w, buf, sizeof(buf));
    ok(!w.exposed, "a new window was never exposed to filters");
    isf_win_fill(&w, "abcdef", 6);
    w.len = 2;
    isf_win_scrub(&w);
    ok(!memcmp(buf, "ab", 2) && all_are(buf, 2, 6, '\0')
       && all_are(buf, 6, 16, 'S') && w.hw == 2,
       "scrub of a window no filter had: [len, hw) zeroed, hw = len");
    isf_win_fill(&w, "cd", 2);
    isf_win_expose(&w);
    /* A filter wrote past everything it claimed (scratch use). */
    memcpy(buf + 10, "zz", 2);
    ok(w.exposed && w.hw == 4, "exposing marks the window, hw unchanged");
    w.len = 1;
    isf_win_scrub(&w);
    ok(buf[0] == 'a' && all_are(buf, 1, 16, '\0'),
       "scrub of an exposed window zeroes all of [len, cap): also what "
       "filters wrote there without claiming it");
    ok(!w.exposed && w.hw == 1, "and clears the mark, hw = len");
}

static void test_between(void)
{
    char buf[16], mine[4] = "abcd";
    isf_win_t w;
    HTTP_FILTER_RAW_DATA raw;

    isf_win_init(&w, buf, sizeof(buf));
    isf_win_fill(&w, "0123456789", 10);
    raw.pvInData = NULL;
    raw.cbInData = 5;
    raw.cbInBuffer = 16;
    isf_win_between(&w, &raw);
    ok(raw.pvInData == buf && raw.cbInData == 0 && raw.cbInBuffer == 16,
       "NULL with a length reaches the next filter as an empty window, "
       "never as NULL");
    raw.pvInData = buf + 4;
    raw.cbInData = 100000;
    raw.cbInBuffer = 100000;
    isf_win_between(&w, &raw);
    ok(raw.pvInData == buf + 4 && raw.cbInData == 12
       && raw.cbInBuffer == 12,
       "a length past the window is cut to what is left of it, and so is "
       "the buffer size the next filter is told");
    raw.pvInData = mine;
    raw.cbInData = 4;
    raw.cbInBuffer = 0;
    isf_win_between(&w, &raw);
    ok(raw.pvInData == mine && raw.cbInData == 4 && raw.cbInBuffer == 4,
       "a filter's own buffer of unknown size: the next filter may not "
       "grow it past what it holds");
    raw.pvInData = mine;
    raw.cbInData = 9;
    raw.cbInBuffer = 4;
    isf_win_between(&w, &raw);
    ok(raw.cbInData == 4 && raw.cbInBuffer == 4,
       "a filter's buffer: cbInData cut to the size it gave");
}

static void test_claim(void)
{
    static const char site_a, site_b;
    char buf[16], both[24], mine[8];
    isf_win_t w, w2;
    HTTP_FILTER_RAW_DATA raw;
    const char *data;
    apr_size_t len, i;

    memset(buf, 0, sizeof(buf));
    isf_win_init(&w, buf, sizeof(buf));
    isf_win_own(&w, &site_a);
    isf_win_fill(&w, "hello", 5);
    /* A SEND_RAW_DATA filter appends " world" in place and grows
     * cbInData; then isf_raw_notify's steps. */
    memcpy(buf + 5, " world", 6);
    raw.pvInData = buf;
    raw.cbInData = 11;
    raw.cbInBuffer = sizeof(buf);
    w.len = 0;
    ok(isf_win_outcome(&w, &raw, &data, &len) && data == buf && len == 11,
       "a cbInData grown in place passes what the filter wrote");
    isf_win_claim(&w, data, len);
    is_int(w.hw, 11, "the claim raises hw to the end of the outcome");
    isf_win_claim(&w, buf, 2);
    is_int(w.hw, 11, "a shorter claim never lowers hw");
    isf_win_claim(&w, buf + 12, 2);
    is_int(w.hw, 14, "a claim past a skipped prefix reaches its own end");
    isf_win_claim(&w, buf + 15, 0);
    is_int(w.hw, 14, "an empty claim (a swallowed window) moves nothing");
    raw.cbInData = 1000;
    ok(!isf_win_outcome(&w, &raw, &data, &len) && len == sizeof(buf),
       "a cbInData past our end is clamped to our capacity");
    isf_win_claim(&w, data, len);
    is_int(w.hw, 16, "so its claim stops at the capacity");

    isf_win_init(&w, buf, 8);
    w.hw = 3;
    memset(mine, 'F', sizeof(mine));
    isf_win_claim(&w, mine, sizeof(mine));
    is_int(w.hw, 3, "a claim of the filter's own memory does not move hw");
    isf_win_claim(&w, buf + 8, 8);
    is_int(w.hw, 3, "nor one starting right past our end");
    isf_win_init(&w2, both + 8, 8);
    isf_win_claim(&w2, both + 7, 4);
    is_int(w2.hw, 0, "nor one starting right before our start");
    isf_win_claim(&w, NULL, 0);
    is_int(w.hw, 3, "nor a NULL pvInData's outcome");
    memset(both, 0, sizeof(both));
    isf_win_init(&w2, both, 16);
    isf_win_own(&w2, &site_a);
    memset(both + 16, 'F', 8);
    raw.pvInData = both + 16;
    raw.cbInData = 8;
    raw.cbInBuffer = 8;
    ok(isf_win_outcome(&w2, &raw, &data, &len) && data == both + 16
       && len == 8, "a filter's buffer starting right after ours");
    isf_win_claim(&w2, data, len);
    is_int(w2.hw, 0, "is not claimed into our window");
    isf_win_own(&w2, &site_b);
    ok(all_are(both, 16, 24, 'F'),
       "and a switch of owner never writes to it");

    /* The whole round: site A's response and what its filter wrote up to
     * our end, then site B's shorter response on the same buffer. */
    memset(buf, 0, sizeof(buf));
    isf_win_init(&w, buf, sizeof(buf));
    isf_win_fill(&w, "secret", 6);
    isf_win_own(&w, &site_a);
    memset(buf + 6, 'A', 10);
    raw.pvInData = buf + 2;
    raw.cbInData = 14;
    raw.cbInBuffer = sizeof(buf);
    w.len = 0;
    isf_win_outcome(&w, &raw, &data, &len);
    isf_win_claim(&w, data, len);
    is_int(w.hw, 16, "site A's filter claimed up to our end");
    isf_win_fill(&w, "pub", 3);
    isf_win_own(&w, &site_b);
    for (i = 3; i < sizeof(buf) && !buf[i]; i++) {
    }
    ok(!memcmp(buf, "pub", 3) && i == sizeof(buf),
       "site B's filters see their bytes and zeroes after them, nothing "
       "of site A's");
}

static void test_holds(void)
{
    char around[24];
    isf_win_t w;

    isf_win_init(&w, around + 4, 16);
    ok(isf_win_holds(&w, around + 4), "a window holds its first byte");
    ok(isf_win_holds(&w, around + 19), "and its last");
    ok(!isf_win_holds(&w, around + 20),
       "not the byte just past its end (another buffer may start there)");
    ok(!isf_win_holds(&w, around + 3), "nor the byte before it");
}

static void test_map_span(void)
{
    apr_off_t off;
    apr_size_t len, span;

    span = isf_map_span(0, 307217, 65536, 4096, &off, &len);
    is_int(span, 307217, "300 KiB + 17 at 64 KiB windows: one mapping, "
                         "the short last window included");
    ok(off == 0 && len == 307217, "mapped from offset 0, exactly the file");

    span = isf_map_span(0, 4 << 20, 65536, 4096, &off, &len);
    is_int(span, 16 * 65536, "4 MiB at 64 KiB windows: 16 windows a time");
    span = isf_map_span(0, 17 * 65536, 65536, 4096, &off, &len);
    is_int(span, 16 * 65536, "17 windows: 16 now, the last one next time");
    span = isf_map_span(0, 17 * 65536 - 1, 65536, 4096, &off, &len);
    is_int(span, 17 * 65536 - 1,
           "16 windows and a short one: the short one joins them");

    span = isf_map_span(1000, 199001, 4096, 4096, &off, &len);
    is_int(span, 16 * 4096, "4 KiB windows: 16 of them (64 KiB)");
    ok(off == 0 && len == 1000 + 16 * 4096,
       "an offset inside a page is mapped from the page's start");
    span = isf_map_span(66536, 132465, 4096, 4096, &off, &len);
    ok(span == 16 * 4096 && off == 65536 && len == 1000 + span,
       "later pieces too");

    span = isf_map_span(0, 8 << 20, 262144, 4096, &off, &len);
    is_int(span, 4 * 262144, "256 KiB windows: no more than 1 MiB a time");
    span = isf_map_span(0, 8 << 20, 4 << 20, 4096, &off, &len);
    is_int(span, 4 << 20, "a window over 1 MiB: one window a time");
    span = isf_map_span(0, 5 << 20, 4 << 20, 4096, &off, &len);
    is_int(span, 5 << 20, "and a short last one with it");

    span = isf_map_span((apr_off_t)5 << 30, 100000, 65536, 4096, &off,
                        &len);
    ok(span == 100000 && off == (apr_off_t)5 << 30 && len == 100000,
       "offsets past 4 GiB");
    {
        /* Every combination of a few windows, offsets and lengths against
         * the rules: the mapping is page-aligned and holds the piece; the
         * piece is `most` bytes (16 windows, fewer if that passes 1 MiB,
         * at least one), or the rest of the file when that is less than
         * `most` and a window. */
        static const apr_size_t caps[] = { 256, 4096, 5000, 65536,
                                           262144, 4 << 20 };
        static const apr_off_t starts[] = { 0, 1, 4095, 4096, 1000,
                                            123456789 };
        unsigned bad = 0, n = 0, i, j;
        apr_size_t length;

        for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
            apr_size_t c = caps[i], most = 16 * c;

            if (most > 1048576) {
                most = c > 1048576 ? c : 1048576 / c * c;
            }
            for (j = 0; j < sizeof(starts) / sizeof(starts[0]); j++) {
                for (length = 1; length < 20 * c; length += c / 3 + 1) {
                    span = isf_map_span(starts[j], length, c, 4096, &off,
                                        &len);
                    n++;
                    bad += !(off <= starts[j] && off % 4096 == 0
                             && starts[j] - off < 4096
                             && len == (apr_size_t)(starts[j] - off) + span
                             && (length < most + c ? span == length
                                                   : span == most));
                }
            }
        }
        ok(n > 1000 && !bad, "isf_map_span keeps its rules over every "
                             "combination tried");
    }
    span = isf_map_span(12345, 0, 65536, 4096, &off, &len);
    ok(span == 0 && len == 0, "nothing left: nothing to map");
    span = isf_map_span(0, 100, 0, 4096, &off, &len);
    ok(span == 0 && len == 0, "no window: nothing to map");
}

static void test_map_verdict(void)
{
    isf_map_tally_t t = { 15, 15, 15 };

    ok(!isf_map_verdict(&t), "fewer than 16 pages raised: keep mapping");
    t.pages = 256;
    t.faults = 29;
    t.away = 0;
    ok(!isf_map_verdict(&t),
       "a filter that reads every page (a fault in 9): keep mapping");
    t.faults = 128;
    ok(!isf_map_verdict(&t), "half the pages faulted: keep mapping");
    t.faults = 129;
    is_str(isf_map_verdict(&t), "the filters write in place",
           "more than half faulted: the filters write in place");
    t.pages = 16;
    t.faults = 17;
    is_str(isf_map_verdict(&t), "the filters write in place",
           "decided after the first 16 pages");
    t.faults = 1;
    t.away = 9;
    is_str(isf_map_verdict(&t), "the filters replace the windows",
           "more than half passed on from elsewhere or swallowed");
    t.away = 8;
    ok(!isf_map_verdict(&t), "half of them: keep mapping");
    t.faults = 16;
    t.away = 16;
    is_str(isf_map_verdict(&t), "the filters replace the windows",
           "both: replacing is named (the faults may be in the filters' "
           "own buffers)");
}

static void test_reserve(apr_pool_t *p)
{
    isf_win_t w;

    isf_win_init(&w, NULL, 0);
    ok(isf_acc_reserve(&w, p, 100, 1000) == APR_SUCCESS && w.cap >= 100,
       "accumulation makes room for what was read");
    memcpy(w.buf, "0123456789", 10);
    w.len = 10;
    ok(isf_acc_reserve(&w, p, 900, 1000) == APR_SUCCESS && w.cap >= 910
       && !memcmp(w.buf, "0123456789", 10),
       "growing keeps the bytes already held");
    ok(w.cap <= 1000, "the buffer never grows past the limit");
    ok(isf_acc_reserve(&w, p, 991, 1000) == APR_ENOSPC,
       "more than ISAPIFilterReadLimit held is refused with APR_ENOSPC");
    ok(isf_acc_reserve(&w, p, (apr_size_t)-1, 1000) == APR_ENOSPC,
       "a huge request cannot wrap the size check");

    {
        /* Pool memory an earlier connection filled, handed out again. */
        apr_pool_t *sub;
        char *old;
        apr_size_t i, zero = 1, offered, again;

        apr_pool_create(&sub, p);
        old = apr_palloc(sub, 16384);
        memset(old, 'S', 16384);
        apr_pool_clear(sub);

        isf_win_init(&w, NULL, 0);
        isf_acc_reserve(&w, sub, 8192, 8192);
        memcpy(w.buf, "GET /", 5);
        w.len = 5;
        offered = isf_acc_offer(&w, 100);
        for (i = w.len; i < offered; i++) {
            zero &= w.buf[i] == '\0';
        }
        ok(w.buf[offered] == 'S', "control: past what is offered the "
           "buffer still holds the earlier bytes (never offered)");
        ok(zero, "what a new accumulation buffer offers past its bytes is "
           "zero: a filter claiming up to cbInBuffer finds no earlier "
           "connection's request there");
        is_int((int)offered, 105, "offered: the bytes read and the room "
               "asked for, not the whole 8 KiB read buffer");
        ok(offered <= w.cap && w.hw == offered,
           "hw covers what was offered");

        /* The next read on the connection: offered again, only the
         * bytes past what was zeroed get zeroed. */
        w.buf[50] = 'F';            /* a filter's edit in the room */
        w.len = 0;
        memcpy(w.buf, "GET /x HTTP/1.1", 15);
        w.len = 15;
        again = isf_acc_offer(&w, 100);
        is_int((int)again, 115, "the next offer: its bytes and the room");
        ok(w.buf[50] == 'F', "what this connection's filter wrote below "
           "hw stays (no earlier connection's byte)");
        zero = 1;
        for (i = 105; i < again; i++) {
            zero &= w.buf[i] == '\0';
        }
        ok(zero, "the new room past the old hw is zero");

        /* Growing (READ_NEXT) keeps the bytes; the new buffer is pool
         * memory again, known to be ours only up to len. */
        w.len = 8000;
        memset(w.buf, 'r', w.len);
        apr_pool_clear(sub);
        old = apr_palloc(sub, 16384);
        memset(old, 'S', 16384);
        apr_pool_clear(sub);
        isf_win_init(&w, NULL, 0);
        isf_acc_reserve(&w, sub, 10, 20000);
        memcpy(w.buf, "0123456789", 10);
        w.len = 10;
        isf_acc_reserve(&w, sub, 9000, 20000);
        is_int((int)w.hw, 10, "a grown buffer: hw is what it holds");
        offered = isf_acc_offer(&w, 20000);
        zero = 1;
        for (i = w.len; i < offered; i++) {
            zero &= w.buf[i] == '\0';
        }
        ok(zero && offered == w.cap, "room past the capacity: the whole "
           "buffer is offered, zeroed past the bytes");
        apr_pool_destroy(sub);
    }
}

int main(void)
{
    apr_pool_t *p;

    apr_initialize();
    apr_pool_create(&p, NULL);
    test_fill();
    test_outcome();
    test_own();
    test_scrub();
    test_between();
    test_claim();
    test_holds();
    test_map_span();
    test_map_verdict();
    test_reserve(p);
    apr_pool_destroy(p);
    apr_terminate();
    return done();
}
