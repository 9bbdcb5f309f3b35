/*
 * map_policy.c: how much of a file to map for SEND_RAW_DATA at once, and
 * when mapping stops paying (raw/out_file.c asks both).
 */
#include "core/core.h"

apr_size_t isf_map_span(apr_off_t start, apr_size_t length, apr_size_t cap,
                        apr_size_t page, apr_off_t *map_off,
                        apr_size_t *map_len)
{
    apr_size_t windows = cap ? ISF_MAP_MAX_BYTES / cap : 0, span;

    *map_off = start;
    *map_len = 0;
    if (!length || !cap) {
        return 0;
    }
    if (windows > ISF_MAP_WINDOWS) {
        windows = ISF_MAP_WINDOWS;
    }
    if (windows < 1) {
        windows = 1;
    }
    /* `windows` whole windows while more than that are left; then the
     * rest, up to a window more, so that a short last window is not
     * mapped on its own. */
    span = length / cap > windows ? windows * cap : length;
    *map_off = start & ~(apr_off_t)(page - 1);
    *map_len = (apr_size_t)(start - *map_off) + span;
    return span;
}

const char *isf_map_verdict(const isf_map_tally_t *t)
{
    if (t->pages < ISF_MAP_PROBE_PAGES) {
        return NULL;
    }
    /* Away first: faults then also count what the filters did to their
     * own memory (a fresh buffer faults as it is filled). */
    if (t->away > t->pages / 2) {
        return "the filters replace the windows";
    }
    if (t->faults > t->pages / 2) {
        return "the filters write in place";
    }
    return NULL;
}
