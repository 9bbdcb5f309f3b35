/*
 * status.c: SetHandler isapi-filter-status, and a section in mod_status's
 * server-status page.
 *
 * The figures are the shared counters of runtime/stats.c, summed across
 * this configuration generation's children as the page is asked for; the
 * descriptions (path, flags, priority, scope) are the configuration's.
 * Three views of the same figures:
 *   (none)   HTML, every string through ap_escape_html
 *   ?auto    "Key: value" lines, as mod_status's ?auto
 *   ?json    one JSON object; strings escaped to plain ASCII, so the
 *            document is valid whatever bytes a description holds
 * Times are kept in ticks (the TSC on x86_64) and shown in ns; p50 and
 * p99 come from log2 buckets, so each is the upper edge of its bucket
 * (within a factor of 2), never above the maximum.
 */
#include "hooks/hooks.h"

#include <unistd.h>

#include "apr_strings.h"
#include "apr_optional_hooks.h"
#include "ap_mpm.h"
#include "http_protocol.h"
#include "mod_status.h"

static const char isf_status_handler_name[] = "isapi-filter-status";

/* The SDK's order of statuses (stats.h counts them from FINISHED), shown
 * in the order a reader expects. */
static const struct {
    int k;                  /* index in isf_st_cell_t.status */
    const char *name;
} isf_status_names[ISF_ST_NSTATUS] = {
    { 2, "NEXT_NOTIFICATION" }, { 3, "HANDLED_NOTIFICATION" },
    { 0, "FINISHED" }, { 1, "FINISHED_KEEP_CONN" }, { 4, "ERROR" },
    { 5, "READ_NEXT" }, { 6, "OTHER" }
};

static const struct {
    DWORD bit;
    const char *name;
} isf_flag_names[] = {
    { SF_NOTIFY_SECURE_PORT, "SF_NOTIFY_SECURE_PORT" },
    { SF_NOTIFY_NONSECURE_PORT, "SF_NOTIFY_NONSECURE_PORT" },
    { SF_NOTIFY_READ_RAW_DATA, "SF_NOTIFY_READ_RAW_DATA" },
    { SF_NOTIFY_PREPROC_HEADERS, "SF_NOTIFY_PREPROC_HEADERS" },
    { SF_NOTIFY_AUTHENTICATION, "SF_NOTIFY_AUTHENTICATION" },
    { SF_NOTIFY_URL_MAP, "SF_NOTIFY_URL_MAP" },
    { SF_NOTIFY_ACCESS_DENIED, "SF_NOTIFY_ACCESS_DENIED" },
    { SF_NOTIFY_SEND_RESPONSE, "SF_NOTIFY_SEND_RESPONSE" },
    { SF_NOTIFY_SEND_RAW_DATA, "SF_NOTIFY_SEND_RAW_DATA" },
    { SF_NOTIFY_LOG, "SF_NOTIFY_LOG" },
    { SF_NOTIFY_END_OF_REQUEST, "SF_NOTIFY_END_OF_REQUEST" },
    { SF_NOTIFY_END_OF_NET_SESSION, "SF_NOTIFY_END_OF_NET_SESSION" },
    { SF_NOTIFY_AUTH_COMPLETE, "SF_NOTIFY_AUTH_COMPLETE" },
    { SF_NOTIFY_EXTENSION_TRIGGER, "SF_NOTIFY_EXTENSION_TRIGGER" },
    { SF_NOTIFY_ORDER_HIGH, "SF_NOTIFY_ORDER_HIGH" },
    { SF_NOTIFY_ORDER_MEDIUM, "SF_NOTIFY_ORDER_MEDIUM" },
    { SF_NOTIFY_ORDER_LOW, "SF_NOTIFY_ORDER_LOW" }
};

/* dwFlags as names joined by sep, unknown bits in hex at the end. */
static const char *isf_flags_text(apr_pool_t *p, DWORD flags,
                                  const char *sep)
{
    const char *out = "";
    apr_size_t i;

    for (i = 0; i < sizeof(isf_flag_names) / sizeof(isf_flag_names[0]);
         i++) {
        if (flags & isf_flag_names[i].bit) {
            out = apr_pstrcat(p, out, *out ? sep : "", isf_flag_names[i].name,
                              NULL);
            flags &= ~isf_flag_names[i].bit;
        }
    }
    if (flags) {
        out = apr_psprintf(p, "%s%s0x%08lx", out, *out ? sep : "",
                           (unsigned long)flags);
    }
    return out;
}

static const char *isf_priority_name(int priority)
{
    return priority == 3 ? "High" : priority == 2 ? "Medium" : "Low";
}

static const char *isf_ports_text(DWORD ports)
{
    switch (ports & ISF_PORT_MASK) {
    case SF_NOTIFY_SECURE_PORT:
        return "secure";
    case SF_NOTIFY_NONSECURE_PORT:
        return "nonsecure";
    default:
        return "secure nonsecure";
    }
}

static const char *isf_server_name(const isf_filter_t *f)
{
    const server_rec *s = f->s;

    return s->server_hostname ? s->server_hostname
                              : s->defn_name ? s->defn_name : "";
}

/* The pids of the live children in which filter i failed to load. */
static const char *isf_failed_in(apr_pool_t *p, const isf_st_view_t *v,
                                 int i)
{
    const char *out = "";
    int c;

    for (c = 0; c < v->children->nelts; c++) {
        const isf_st_child_t *ch = &APR_ARRAY_IDX(v->children, c,
                                                  isf_st_child_t);

        if (ch->live && ch->failed_now[i]) {
            out = apr_psprintf(p, "%s%s%ld", out, *out ? " " : "", ch->pid);
        }
    }
    return out;
}

/* Whether event e of filter f is shown: registered, or counted. */
static int isf_shows(const isf_filter_t *f, const isf_st_sum_t *sum, int e)
{
    return (f->events & isf_event_bit(e)) || sum->calls;
}

static APR_INLINE isf_filter_t *isf_filter_at(int i)
{
    return APR_ARRAY_IDX(isf_g->filters, i, isf_filter_t *);
}

static apr_uint64_t isf_ns(const isf_st_view_t *v, apr_uint64_t ticks)
{
    return (apr_uint64_t)((double)ticks * v->ns_per_tick + 0.5);
}

/* Figures of the whole generation: process and children. */
typedef struct {
    int generation;
    int live;
    apr_uint64_t calls, errors, failures;
} isf_totals_t;

static void isf_totals(const isf_st_view_t *v, isf_totals_t *t)
{
    int i, e;

    memset(t, 0, sizeof(*t));
    ap_mpm_query(AP_MPMQ_GENERATION, &t->generation);
    for (i = 0; i < v->children->nelts; i++) {
        t->live += APR_ARRAY_IDX(v->children, i, isf_st_child_t).live;
    }
    for (i = 0; i < v->nfilters; i++) {
        for (e = 0; e < ISF_EV_COUNT; e++) {
            const isf_st_sum_t *s = &v->sum[i * ISF_EV_COUNT + e];

            t->calls += s->calls;
            t->errors += s->status[4] + s->status[6];
        }
        t->failures += v->failures[i];
    }
}

/* ---- ?auto ---- */

/* s on one line: a control character a filter put in its description
 * would start a key of its own. */
static const char *isf_auto_str(apr_pool_t *p, const char *s)
{
    char *out = apr_pstrdup(p, s), *c;

    for (c = out; *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f) {
            *c = '?';
        }
    }
    return out;
}

static void isf_status_auto(request_rec *r, const isf_st_view_t *v)
{
    isf_totals_t t;
    int i, e, k;

    isf_totals(v, &t);
    ap_rprintf(r, "ServerMPM: %s\n", ap_show_mpm());
    ap_rprintf(r, "Generation: %d\n", t.generation);
    ap_rprintf(r, "Pid: %ld\n", (long)getpid());
    ap_rprintf(r, "CountersSince: %" APR_TIME_T_FMT "\n",
               apr_time_sec(v->made));
    ap_rprintf(r, "Uptime: %" APR_TIME_T_FMT "\n",
               apr_time_sec(apr_time_now() - v->made));
    ap_rprintf(r, "SharedMemoryBytes: %" APR_SIZE_T_FMT "\n", v->size);
    ap_rprintf(r, "ChildSlots: %d\nBlocksPerChild: %d\n", v->regions,
               v->blocks);
    ap_rprintf(r, "Children: %d\nLiveChildren: %d\n", v->children->nelts,
               t.live);
    ap_rprintf(r, "Filters: %d\n", v->nfilters);
    ap_rprintf(r, "TotalCalls: %" APR_UINT64_T_FMT "\n", t.calls);
    ap_rprintf(r, "TotalErrors: %" APR_UINT64_T_FMT "\n", t.errors);
    ap_rprintf(r, "TotalLoadFailures: %" APR_UINT64_T_FMT "\n", t.failures);
    for (i = 0; i < v->nfilters; i++) {
        const isf_filter_t *f = isf_filter_at(i);

        ap_rprintf(r, "Filter%d.Name: %s\n", i,
                   isf_auto_str(r->pool, f->name));
        ap_rprintf(r, "Filter%d.Path: %s\n", i,
                   isf_auto_str(r->pool, f->path));
        ap_rprintf(r, "Filter%d.Description: %s\n", i,
                   isf_auto_str(r->pool, f->desc));
        ap_rprintf(r, "Filter%d.Version: 0x%08lx\n", i,
                   (unsigned long)f->version);
        ap_rprintf(r, "Filter%d.Flags: 0x%08lx %s\n", i,
                   (unsigned long)f->flags,
                   isf_flags_text(r->pool, f->flags, "|"));
        ap_rprintf(r, "Filter%d.Ports: %s\n", i, isf_ports_text(f->ports));
        ap_rprintf(r, "Filter%d.Priority: %s\n", i,
                   isf_priority_name(f->priority));
        ap_rprintf(r, "Filter%d.Scope: %s\n", i, f->site ? "site" : "global");
        ap_rprintf(r, "Filter%d.Server: %s\n", i,
                   isf_auto_str(r->pool, isf_server_name(f)));
        ap_rprintf(r, "Filter%d.AllocMemInUse: %" APR_INT64_T_FMT "\n", i,
                   v->alloc[i]);
        ap_rprintf(r, "Filter%d.LoadFailures: %" APR_UINT64_T_FMT "\n", i,
                   v->failures[i]);
        ap_rprintf(r, "Filter%d.FailedIn: %s\n", i,
                   isf_failed_in(r->pool, v, i));
        for (e = 0; e < ISF_EV_COUNT; e++) {
            const isf_st_sum_t *s = &v->sum[i * ISF_EV_COUNT + e];
            const char *ev = isf_event_name(isf_event_bit(e));

            if (!isf_shows(f, s, e)) {
                continue;
            }
            ap_rprintf(r, "Filter%d.%s.Calls: %" APR_UINT64_T_FMT "\n", i,
                       ev, s->calls);
            for (k = 0; k < ISF_ST_NSTATUS; k++) {
                ap_rprintf(r, "Filter%d.%s.%s: %" APR_UINT64_T_FMT "\n", i,
                           ev, isf_status_names[k].name,
                           s->status[isf_status_names[k].k]);
            }
            ap_rprintf(r, "Filter%d.%s.TimeTotalNs: %" APR_UINT64_T_FMT
                       "\nFilter%d.%s.TimeMaxNs: %" APR_UINT64_T_FMT
                       "\nFilter%d.%s.TimeP50Ns: %.0f\n"
                       "Filter%d.%s.TimeP99Ns: %.0f\n",
                       i, ev, isf_ns(v, s->ticks), i, ev, isf_ns(v, s->max),
                       i, ev, isf_st_quantile_ns(v, s, 0.5),
                       i, ev, isf_st_quantile_ns(v, s, 0.99));
            if (e == ISF_EV_READ_RAW_DATA || e == ISF_EV_SEND_RAW_DATA) {
                ap_rprintf(r, "Filter%d.%s.Bytes: %" APR_UINT64_T_FMT "\n",
                           i, ev, s->bytes);
            }
        }
    }
    for (i = 0; i < v->children->nelts; i++) {
        const isf_st_child_t *ch = &APR_ARRAY_IDX(v->children, i,
                                                  isf_st_child_t);

        ap_rprintf(r, "Child%d: pid=%ld live=%d calls=%" APR_UINT64_T_FMT
                   "\n", i, ch->pid, ch->live, ch->calls);
    }
}

/* ---- ?json ---- */

/* s as a JSON string: ", \ and every byte outside printable ASCII
 * escaped (a byte >= 0x80 as the code point of the same number), so the
 * document is valid whatever the filter put in its description. */
static const char *isf_json_str(apr_pool_t *p, const char *s)
{
    apr_size_t n = 0;
    const unsigned char *u;
    char *out, *o;

    for (u = (const unsigned char *)s; *u; u++) {
        n += (*u < 0x20 || *u >= 0x7f) ? 6 : (*u == '"' || *u == '\\') ? 2
                                                                       : 1;
    }
    o = out = apr_palloc(p, n + 3);
    *o++ = '"';
    for (u = (const unsigned char *)s; *u; u++) {
        if (*u < 0x20 || *u >= 0x7f) {
            apr_snprintf(o, 7, "\\u%04x", (unsigned)*u);
            o += 6;
        }
        else {
            if (*u == '"' || *u == '\\') {
                *o++ = '\\';
            }
            *o++ = (char)*u;
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

static void isf_status_json(request_rec *r, const isf_st_view_t *v)
{
    apr_pool_t *p = r->pool;
    isf_totals_t t;
    int i, e, k;

    isf_totals(v, &t);
    ap_rprintf(r, "{\"mpm\":%s,\"generation\":%d,\"pid\":%ld,"
               "\"counters_since\":%" APR_TIME_T_FMT ",\"uptime\":%"
               APR_TIME_T_FMT ",\"shared_memory_bytes\":%" APR_SIZE_T_FMT
               ",\"child_slots\":%d,\"blocks_per_child\":%d,"
               "\"total_calls\":%" APR_UINT64_T_FMT ",\"total_errors\":%"
               APR_UINT64_T_FMT ",\"total_load_failures\":%"
               APR_UINT64_T_FMT ",\n\"children\":[",
               isf_json_str(p, ap_show_mpm()), t.generation, (long)getpid(),
               apr_time_sec(v->made), apr_time_sec(apr_time_now() - v->made),
               v->size, v->regions, v->blocks, t.calls, t.errors,
               t.failures);
    for (i = 0; i < v->children->nelts; i++) {
        const isf_st_child_t *ch = &APR_ARRAY_IDX(v->children, i,
                                                  isf_st_child_t);
        const char *failed = "";

        for (k = 0; k < v->nfilters; k++) {
            if (ch->failed_now[k]) {
                failed = apr_psprintf(p, "%s%s%d", failed, *failed ? "," : "",
                                      k);
            }
        }
        ap_rprintf(r, "%s{\"pid\":%ld,\"live\":%s,\"calls\":%"
                   APR_UINT64_T_FMT ",\"failed_filters\":[%s]}",
                   i ? "," : "", ch->pid, ch->live ? "true" : "false",
                   ch->calls, failed);
    }
    ap_rputs("],\n\"filters\":[", r);
    for (i = 0; i < v->nfilters; i++) {
        const isf_filter_t *f = isf_filter_at(i);
        const char *failed_in = isf_failed_in(p, v, i), *c;
        int first = 1;

        ap_rprintf(r, "%s\n{\"index\":%d,\"name\":%s,\"path\":%s,"
                   "\"description\":%s,\"version\":%lu,\"flags\":%lu,"
                   "\"flag_names\":[", i ? "," : "", i,
                   isf_json_str(p, f->name), isf_json_str(p, f->path),
                   isf_json_str(p, f->desc), (unsigned long)f->version,
                   (unsigned long)f->flags);
        for (k = 0; k < (int)(sizeof(isf_flag_names)
                              / sizeof(isf_flag_names[0])); k++) {
            if (f->flags & isf_flag_names[k].bit) {
                ap_rprintf(r, "%s\"%s\"", first ? "" : ",",
                           isf_flag_names[k].name);
                first = 0;
            }
        }
        ap_rprintf(r, "],\"ports\":%s,\"priority\":%s,\"scope\":%s,"
                   "\"server\":%s,\"alloc_mem_in_use\":%" APR_INT64_T_FMT
                   ",\"load_failures\":%" APR_UINT64_T_FMT
                   ",\"failed_in\":[",
                   isf_json_str(p, isf_ports_text(f->ports)),
                   isf_json_str(p, isf_priority_name(f->priority)),
                   f->site ? "\"site\"" : "\"global\"",
                   isf_json_str(p, isf_server_name(f)), v->alloc[i],
                   v->failures[i]);
        /* failed_in is digits and spaces: a list as it stands. */
        for (c = failed_in; *c; c++) {
            ap_rputc(*c == ' ' ? ',' : *c, r);
        }
        ap_rputs("],\"events\":{", r);
        first = 1;
        for (e = 0; e < ISF_EV_COUNT; e++) {
            const isf_st_sum_t *s = &v->sum[i * ISF_EV_COUNT + e];

            if (!isf_shows(f, s, e)) {
                continue;
            }
            ap_rprintf(r, "%s\n \"%s\":{\"calls\":%" APR_UINT64_T_FMT
                       ",\"status\":{", first ? "" : ",",
                       isf_event_name(isf_event_bit(e)), s->calls);
            first = 0;
            for (k = 0; k < ISF_ST_NSTATUS; k++) {
                ap_rprintf(r, "%s\"%s\":%" APR_UINT64_T_FMT, k ? "," : "",
                           isf_status_names[k].name,
                           s->status[isf_status_names[k].k]);
            }
            ap_rprintf(r, "},\"time_total_ns\":%" APR_UINT64_T_FMT
                       ",\"time_max_ns\":%" APR_UINT64_T_FMT
                       ",\"time_p50_ns\":%.0f,\"time_p99_ns\":%.0f",
                       isf_ns(v, s->ticks), isf_ns(v, s->max),
                       isf_st_quantile_ns(v, s, 0.5),
                       isf_st_quantile_ns(v, s, 0.99));
            if (e == ISF_EV_READ_RAW_DATA || e == ISF_EV_SEND_RAW_DATA) {
                ap_rprintf(r, ",\"bytes\":%" APR_UINT64_T_FMT, s->bytes);
            }
            ap_rputc('}', r);
        }
        ap_rputs("}}", r);
    }
    ap_rputs("]}\n", r);
}

/* ---- HTML ---- */

static void isf_html_time(request_rec *r, double ns)
{
    ap_rprintf(r, "<td>%.1f</td>", ns / 1000.0);
}

static void isf_status_html(request_rec *r, const isf_st_view_t *v)
{
    apr_pool_t *p = r->pool;
    isf_totals_t t;
    char date[APR_RFC822_DATE_LEN];
    int i, e, k;

    isf_totals(v, &t);
    apr_rfc822_date(date, v->made);
    ap_rputs(DOCTYPE_HTML_3_2 "<html><head><title>ISAPI filter status"
             "</title></head><body>\n<h1>ISAPI filter status</h1>\n", r);
    ap_rprintf(r, "<dl><dt>Server MPM: %s, generation %d, this process "
               "%ld</dt>\n<dt>Counters since: %s (%" APR_TIME_T_FMT
               " s)</dt>\n<dt>Children counted: %d (%d live) of %d slots, "
               "%d blocks each, %" APR_SIZE_T_FMT " bytes of shared "
               "memory</dt>\n<dt>Calls: %" APR_UINT64_T_FMT ", errors %"
               APR_UINT64_T_FMT ", load failures %" APR_UINT64_T_FMT
               "</dt></dl>\n",
               ap_escape_html(p, ap_show_mpm()), t.generation,
               (long)getpid(), date, apr_time_sec(apr_time_now() - v->made),
               v->children->nelts, t.live, v->regions, v->blocks, v->size,
               t.calls, t.errors, t.failures);
    for (i = 0; i < v->nfilters; i++) {
        const isf_filter_t *f = isf_filter_at(i);
        const char *failed_in = isf_failed_in(p, v, i);

        ap_rprintf(r, "<h2>%d: %s</h2>\n<dl><dt>Path: %s</dt>\n"
                   "<dt>Description: %s</dt>\n<dt>Version: 0x%08lx "
                   "(%lu.%lu)</dt>\n<dt>Flags: 0x%08lx %s</dt>\n"
                   "<dt>Ports: %s; priority %s; %s filter of %s</dt>\n"
                   "<dt>AllocMem bytes in use: %" APR_INT64_T_FMT "</dt>\n"
                   "<dt>Load failures: %" APR_UINT64_T_FMT "%s%s</dt></dl>\n",
                   i, ap_escape_html(p, f->name), ap_escape_html(p, f->path),
                   ap_escape_html(p, f->desc), (unsigned long)f->version,
                   (unsigned long)(f->version >> 16),
                   (unsigned long)(f->version & 0xffff),
                   (unsigned long)f->flags,
                   isf_flags_text(p, f->flags, " | "),
                   isf_ports_text(f->ports), isf_priority_name(f->priority),
                   f->site ? "site" : "global",
                   ap_escape_html(p, isf_server_name(f)), v->alloc[i],
                   v->failures[i], *failed_in ? "; failed in live child "
                   : "", failed_in);
        ap_rputs("<table border=\"1\"><tr><th>Notification</th>"
                 "<th>Calls</th>", r);
        for (k = 0; k < ISF_ST_NSTATUS; k++) {
            ap_rprintf(r, "<th>%s</th>", isf_status_names[k].name);
        }
        ap_rputs("<th>Total &micro;s</th><th>Max &micro;s</th>"
                 "<th>p50 &micro;s</th><th>p99 &micro;s</th>"
                 "<th>Raw bytes</th></tr>\n", r);
        for (e = 0; e < ISF_EV_COUNT; e++) {
            const isf_st_sum_t *s = &v->sum[i * ISF_EV_COUNT + e];

            if (!isf_shows(f, s, e)) {
                continue;
            }
            ap_rprintf(r, "<tr><td>%s</td><td>%" APR_UINT64_T_FMT "</td>",
                       isf_event_name(isf_event_bit(e)), s->calls);
            for (k = 0; k < ISF_ST_NSTATUS; k++) {
                ap_rprintf(r, "<td>%" APR_UINT64_T_FMT "</td>",
                           s->status[isf_status_names[k].k]);
            }
            isf_html_time(r, (double)isf_ns(v, s->ticks));
            isf_html_time(r, (double)isf_ns(v, s->max));
            isf_html_time(r, isf_st_quantile_ns(v, s, 0.5));
            isf_html_time(r, isf_st_quantile_ns(v, s, 0.99));
            if (e == ISF_EV_READ_RAW_DATA || e == ISF_EV_SEND_RAW_DATA) {
                ap_rprintf(r, "<td>%" APR_UINT64_T_FMT "</td></tr>\n",
                           s->bytes);
            }
            else {
                ap_rputs("<td></td></tr>\n", r);
            }
        }
        ap_rputs("</table>\n", r);
    }
    ap_rputs("<h2>Children</h2>\n<table border=\"1\"><tr><th>pid</th>"
             "<th>live</th><th>calls</th><th>failed filters</th></tr>\n", r);
    for (i = 0; i < v->children->nelts; i++) {
        const isf_st_child_t *ch = &APR_ARRAY_IDX(v->children, i,
                                                  isf_st_child_t);
        const char *failed = "";

        for (k = 0; k < v->nfilters; k++) {
            if (ch->failed_now[k]) {
                failed = apr_pstrcat(p, failed, *failed ? " " : "",
                                     ap_escape_html(p,
                                                    isf_filter_at(k)->name),
                                     NULL);
            }
        }
        ap_rprintf(r, "<tr><td>%ld</td><td>%s</td><td>%" APR_UINT64_T_FMT
                   "</td><td>%s</td></tr>\n", ch->pid,
                   ch->live ? "yes" : "no", ch->calls, failed);
    }
    ap_rputs("</table>\n<p>Figures of this configuration generation, "
             "summed over its children; p50 and p99 are the upper edges of "
             "power-of-two buckets.</p>\n</body></html>\n", r);
}

/* The view the query asks for.  mod_status finds its options anywhere in
 * the query, so scripts written for its "?auto" send "?auto=1" or
 * "?refresh=5&auto" too; here the query is read word by word (separated
 * by '&' or ';', a "=value" after a word ignored), "auto" or "json" in
 * any case, the first of them winning.  'a' ?auto, 'j' ?json, 0 HTML. */
static int isf_status_view(const char *args)
{
    const char *w = args;

    while (w && *w) {
        apr_size_t n = strcspn(w, "=&;");

        if (n == 4 && !strncasecmp(w, "auto", 4)) {
            return 'a';
        }
        if (n == 4 && !strncasecmp(w, "json", 4)) {
            return 'j';
        }
        w += strcspn(w, "&;");
        w += *w != '\0';
    }
    return 0;
}

/* The status page itself, out of line: the test in isf_status_handler
 * is all other requests pay for (no frame of this function's size). */
static int __attribute__((noinline)) isf_status_page(request_rec *r)
{
    isf_st_view_t *v;
    int view;

    r->allowed = (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    v = isf_g ? isf_st_read(r->pool) : NULL;
    if (!v) {
        /* No filter loaded, or no shared memory: an empty report. */
        v = apr_pcalloc(r->pool, sizeof(*v));
        v->children = apr_array_make(r->pool, 1, sizeof(isf_st_child_t));
        v->ns_per_tick = 1.0;
        v->made = apr_time_now();
    }
    view = isf_status_view(r->args);
    if (view == 'j') {
        ap_set_content_type(r, "application/json");
        if (!r->header_only) {
            isf_status_json(r, v);
        }
    }
    else if (view == 'a') {
        ap_set_content_type(r, "text/plain; charset=ISO-8859-1");
        if (!r->header_only) {
            isf_status_auto(r, v);
        }
    }
    else {
        ap_set_content_type(r, "text/html; charset=ISO-8859-1");
        if (!r->header_only) {
            isf_status_html(r, v);
        }
    }
    return OK;
}

int isf_status_handler(request_rec *r)
{
    /* Every request's handler phase passes here: the first letter
     * settles nearly all of them. */
    if (!r->handler || r->handler[0] != isf_status_handler_name[0]
        || strcmp(r->handler, isf_status_handler_name)) {
        return DECLINED;
    }
    return isf_status_page(r);
}

/* mod_status's page: a short summary (a line each under ?auto). */
int isf_status_hook(request_rec *r, int flags)
{
    isf_st_view_t *v = isf_g ? isf_st_read(r->pool) : NULL;
    isf_totals_t t;
    int i;

    if (!v) {
        return OK;
    }
    isf_totals(v, &t);
    if (flags & AP_STATUS_SHORT) {
        ap_rprintf(r, "ISAPIFilters: %d\nISAPIFilterCalls: %"
                   APR_UINT64_T_FMT "\nISAPIFilterErrors: %" APR_UINT64_T_FMT
                   "\nISAPIFilterLoadFailures: %" APR_UINT64_T_FMT "\n",
                   v->nfilters, t.calls, t.errors, t.failures);
        return OK;
    }
    ap_rputs("<hr />\n<h2>ISAPI filters</h2>\n<table border=\"0\"><tr>"
             "<th>Filter</th><th>Scope</th><th>Priority</th><th>Calls</th>"
             "<th>ERROR</th><th>FINISHED</th><th>AllocMem in use</th>"
             "<th>Load failures</th></tr>\n", r);
    for (i = 0; i < v->nfilters; i++) {
        const isf_filter_t *f = isf_filter_at(i);
        apr_uint64_t calls = 0, errors = 0, finished = 0;
        int e;

        for (e = 0; e < ISF_EV_COUNT; e++) {
            const isf_st_sum_t *s = &v->sum[i * ISF_EV_COUNT + e];

            calls += s->calls;
            errors += s->status[4] + s->status[6];
            finished += s->status[0] + s->status[1];
        }
        ap_rprintf(r, "<tr><td>%s</td><td>%s %s</td><td>%s</td><td>%"
                   APR_UINT64_T_FMT "</td><td>%" APR_UINT64_T_FMT "</td><td>%"
                   APR_UINT64_T_FMT "</td><td>%" APR_INT64_T_FMT "</td><td>%"
                   APR_UINT64_T_FMT "</td></tr>\n",
                   ap_escape_html(r->pool, f->name),
                   f->site ? "site" : "global",
                   ap_escape_html(r->pool, isf_server_name(f)),
                   isf_priority_name(f->priority), calls, errors, finished,
                   v->alloc[i], v->failures[i]);
    }
    ap_rprintf(r, "</table>\n<p>%d children counted (%d live) in generation "
               "%d; details: a location with SetHandler %s.</p>\n",
               v->children->nelts, t.live, t.generation,
               isf_status_handler_name);
    return OK;
}
