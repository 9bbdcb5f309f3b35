/*
 * url_map_path: isf_path_outcome, where URL_MAP's filters left the
 * physical path, on a bridge buffer the filter may have written anywhere
 * in (no NUL, or several) and a pszPhysicalPath it may have moved.
 *
 * Input: a 16-bit buffer capacity (1..4096), one byte choosing where the
 * filter pointed pszPhysicalPath (at the buffer, inside it, at its own
 * C string, just past the bridge's buffer, or NULL), a 16-bit offset, then
 * the bytes the filter wrote into the buffer (the rest is the filter's own
 * string).  The bridge's buffer is a heap block of exactly cap bytes and
 * the filter's string an exact-size C string, so ASan reports any read or
 * write past either.
 *
 * Contract checked: a NUL is forced at buf[cap - 1] and nothing else of
 * buf changes; the filter's memory is never written; the result is -1
 * with no path for NULL, else the path is where the filter pointed and
 * its length is the reference's: strlen bounded by what is left of buf
 * for a pointer into buf (always found, thanks to the forced NUL), by cap
 * for the filter's memory (-1 when no NUL comes first).
 */
#include "fuzz_common.h"

enum { AT_BUF, AT_INSIDE, AT_OWN, AT_PAST, AT_NULL, AT_COUNT };

static size_t ref_len(const char *s, size_t room, int *found)
{
    size_t i;

    for (i = 0; i < room; i++) {
        if (!s[i]) {
            *found = 1;
            return i;
        }
    }
    *found = 0;
    return room;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in_t in = { data, size };
    size_t cap = fuzz_u16(&in) % 4096 + 1, off, fill, i;
    unsigned where = fuzz_u8(&in) % AT_COUNT;
    char *buf, *before, *own, *own_copy, *past;
    const char *now, *path = (const char *)1;
    apr_ssize_t n;
    size_t want_room = cap;
    int found;

    off = fuzz_u16(&in);
    buf = malloc(cap);
    before = malloc(cap);
    past = malloc(1 + cap);     /* what may lie right after buf */
    if (!buf || !before || !past) {
        abort();
    }
    fill = in.n < cap ? in.n : cap;
    memset(buf, 'x', cap);
    memcpy(buf, in.p, fill);
    in.p += fill;
    in.n -= fill;
    memcpy(before, buf, cap);
    own = fuzz_cstr(in.p, in.n);
    own_copy = strdup(own);
    memset(past, 'p', cap);
    past[cap] = '\0';

    switch (where) {
    case AT_BUF:
        now = buf;
        break;
    case AT_INSIDE:
        now = buf + off % cap;
        want_room = cap - off % cap;
        break;
    case AT_OWN:
        now = own;
        break;
    case AT_PAST:
        now = past;
        break;
    default:
        now = NULL;
        break;
    }

    n = isf_path_outcome(buf, cap, now, &path);

    /* Only the forced NUL changed in buf; the filter's memory not at all. */
    CHECK(buf[cap - 1] == '\0');
    CHECK(!memcmp(buf, before, cap - 1));
    CHECK(!strcmp(own, own_copy));
    for (i = 0; i < cap; i++) {
        CHECK(past[i] == 'p');
    }
    if (!now) {
        CHECK(n == -1 && path == NULL);
    }
    else {
        size_t want = ref_len(now, want_room, &found);

        if (where == AT_BUF || where == AT_INSIDE) {
            CHECK(found);
        }
        if (found) {
            CHECK(n == (apr_ssize_t)want && path == now);
        }
        else {
            CHECK(n == -1 && path == NULL);
        }
    }

    free(buf);
    free(before);
    free(past);
    free(own);
    free(own_copy);
    return 0;
}
