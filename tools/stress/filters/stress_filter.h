/*
 * stress_filter.h: what stress_global.c and stress_site.c share, on top of
 * tools/lib/filter_util.h (include it first, as that one).
 */
#ifndef STRESS_FILTER_H
#define STRESS_FILTER_H

#include "filter_util.h"

/* The connection's block in pFilterContext (filter_ctx: first member
 * DWORD magic, a new one on the first notification).  NULL when there is
 * none to use; if the block there was not ours, with a line
 *   V site=SITE kind=context pid=P
 * in the log. */
static inline void *stress_ctx(HTTP_FILTER_CONTEXT *pfc, DWORD size,
                               DWORD magic, const char *site)
{
    enum filter_ctx_state st;
    void *x = filter_ctx(pfc, size, magic, &st);

    if (!x && st == FILTER_CTX_FOREIGN) {
        tool_log("V site=%s kind=context pid=%ld", site, (long)getpid());
    }
    return x;
}

#endif /* STRESS_FILTER_H */
