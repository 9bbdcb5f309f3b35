/*
 * stress_site.c: tools/stress/run.sh's SEND_RAW_DATA site filter, the one that
 * counts cross-site bytes.
 *
 * Built once per site with -DSTRESS_SITE='"d"' (or "a") and loaded inside
 * that site's <VirtualHost>.  It passes every byte on unchanged and checks
 * each SEND_RAW_DATA window against the byte-ownership rule (README,
 * Raw data): a site filter sees the bytes of its own site's responses only.
 * Every page, error document and CGI answer of site X carries the text
 * "SITE-X" (X-Stress-Site header and body), so a foreign site's response
 * is recognisable in any window of more than a line; a "100 Continue" is
 * a byte of no request, which no site filter may see.
 *
 * What it reports, one line per write(2) on an O_APPEND descriptor (lines
 * of concurrent connections stay whole), to $STRESS_LOG_DIR/site-X.log:
 *
 *   X site=d win=BYTES foreign=N interim=N sname=NAME pid=P ctx="..."
 *       a window that broke the rule: N occurrences of another site's
 *       marker, N "100 Continue" lines, and/or SERVER_NAME (asked with
 *       GetServerVariable in the window) naming another site, i.e. the
 *       bridge itself filed the bytes under another site's request
 *       (sname=- when it did not); ctx is an excerpt around the first hit
 *   V site=d kind=stray pid=P
 *       END_OF_NET_SESSION on a connection that brought this site no
 *       request (no PREPROC_HEADERS) and no clean window of its own
 *   V site=d kind=context pid=P
 *       pFilterContext did not hold this filter's block
 *   E site=d req=N windows=N bytes=N pid=P
 *       END_OF_NET_SESSION: what the connection brought this filter
 *
 * The descriptor is opened in GetFilterVersion, which runs in each child
 * (as the User children run as), after the start-up check ran it in a
 * process of its own; tools/stress/run.sh makes the file the children's
 * user's own.
 */
#include "stress_filter.h"

#ifndef STRESS_SITE
#error "build with -DSTRESS_SITE='\"d\"' (the site this filter belongs to)"
#endif

#define CTX_MAGIC 0x53545253u   /* "STRS" */
#define TAIL      32            /* > the longest pattern */
#define EXCERPT   60
#define SITES     "abd"

typedef struct {
    DWORD magic;
    DWORD requests;             /* PREPROC_HEADERS of this site */
    DWORD clean;                /* windows without a violation */
    DWORD windows;
    unsigned long long bytes;
    DWORD tail_len;
    char tail[TAIL];            /* the previous window's last bytes */
} site_ctx_t;

static char own_marker[8];      /* "SITE-D" */
static char foreign[2][8];      /* the other sites' markers */
static const char interim[] = "100 Continue";

/* Printable excerpt of p[0..n) around offset at. */
static void excerpt(char *out, size_t outlen, const char *p, size_t n,
                    size_t at)
{
    size_t from = at > EXCERPT / 2 ? at - EXCERPT / 2 : 0;
    size_t to = from + EXCERPT < n ? from + EXCERPT : n;
    size_t o = 0;

    for (; from < to && o + 5 < outlen; from++) {
        unsigned char c = (unsigned char)p[from];
        if (c == '\r') {
            out[o++] = '\\'; out[o++] = 'r';
        }
        else if (c == '\n') {
            out[o++] = '\\'; out[o++] = 'n';
        }
        else if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
        }
        else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
}

/* Occurrences of pat in buf[0..n) that end after offset skip (those that
 * end inside the carried tail were counted with the previous window);
 * *first gets the offset of the first one counted. */
static unsigned count_pat(const char *buf, size_t n, size_t skip,
                          const char *pat, size_t *first)
{
    size_t m = strlen(pat), i;
    unsigned hits = 0;

    if (n < m) {
        return 0;
    }
    for (i = 0; i + m <= n; i++) {
        if (buf[i] == pat[0] && memcmp(buf + i, pat, m) == 0
            && i + m > skip) {
            if (!hits) {
                *first = i;
            }
            hits++;
        }
    }
    return hits;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    const char *s;
    int k = 0;

    snprintf(own_marker, sizeof(own_marker), "SITE-%c", STRESS_SITE[0] - 32);
    for (s = SITES; *s; s++) {
        if (*s != STRESS_SITE[0] && k < 2) {
            snprintf(foreign[k++], sizeof(foreign[0]), "SITE-%c", *s - 32);
        }
    }
    tool_log_open("STRESS_LOG_DIR", "site-" STRESS_SITE ".log");
    return filter_version(pVer,
                          "stress_site " STRESS_SITE ": counts other sites' bytes",
                          SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                          | SF_NOTIFY_END_OF_NET_SESSION);
}

static void check_window(HTTP_FILTER_CONTEXT *pfc, site_ctx_t *x,
                         const char *data, size_t len)
{
    char *buf, ex[EXCERPT * 4 + 8], name[64], sname[64 * 4 + 8];
    size_t n = x->tail_len + len, first = (size_t)-1, at;
    unsigned f = 0, in, i, hits;
    DWORD nlen = sizeof(name);

    x->windows++;
    x->bytes += len;
    if (!(buf = malloc(n ? n : 1))) {
        return;
    }
    memcpy(buf, x->tail, x->tail_len);
    memcpy(buf + x->tail_len, data, len);

    for (i = 0; i < 2; i++) {
        if ((hits = count_pat(buf, n, x->tail_len, foreign[i], &at))) {
            f += hits;
            first = at < first ? at : first;
        }
    }
    if ((in = count_pat(buf, n, x->tail_len, interim, &at))) {
        first = at < first ? at : first;
    }
    /* Whose bytes does the bridge think these are?  (FALSE, e.g. for
     * bytes of no request, is not a finding.) */
    strcpy(sname, "-");
    if (pfc->GetServerVariable(pfc, "SERVER_NAME", name, &nlen)) {
        name[sizeof(name) - 1] = '\0';
        if (strcmp(name, STRESS_SITE) != 0) {
            excerpt(sname, sizeof(sname), name, strlen(name), 0);
            if (!sname[0]) {
                strcpy(sname, "(empty)");
            }
        }
    }
    if (f || in || strcmp(sname, "-") != 0) {
        excerpt(ex, sizeof(ex), buf, n, first == (size_t)-1 ? 0 : first);
        tool_log("X site=%s win=%lu foreign=%u interim=%u sname=%s pid=%ld "
                "ctx=\"%s\"", STRESS_SITE, (unsigned long)len, f, in, sname,
                (long)getpid(), ex);
    }
    else if (len) {
        x->clean++;
    }
    x->tail_len = n < TAIL ? (DWORD)n : TAIL;
    memcpy(x->tail, buf + n - x->tail_len, x->tail_len);
    free(buf);
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    site_ctx_t *x = stress_ctx(pfc, sizeof(*x), CTX_MAGIC, STRESS_SITE);

    if (!x) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }

    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        x->requests++;
        break;
    case SF_NOTIFY_SEND_RAW_DATA: {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        if (raw && raw->pvInData && raw->cbInData) {
            check_window(pfc, x, raw->pvInData, raw->cbInData);
        }
        break;
    }
    case SF_NOTIFY_END_OF_NET_SESSION:
        if (!x->requests && !x->clean) {
            tool_log("V site=%s kind=stray pid=%ld", STRESS_SITE,
                    (long)getpid());
        }
        tool_log("E site=%s req=%lu windows=%lu bytes=%llu pid=%ld",
                STRESS_SITE, (unsigned long)x->requests,
                (unsigned long)x->windows, x->bytes, (long)getpid());
        x->magic = 0;   /* a later use of this block shows as "context" */
        break;
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
