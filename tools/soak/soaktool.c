/*
 * soaktool.c: the soak test's helpers (tools/soak/run.sh builds it).
 *
 *   soaktool rss PPID SECONDS OUT
 *       Once a second, on an absolute schedule, t = 0..SECONDS, append
 *       "t pid rss_kb" to OUT for every child of PPID (from /proc/PID/statm).
 *
 *   soaktool children PPID
 *       How many children PPID has.
 *
 *   soaktool ka PORT PATH CONNS TOTAL DEPTH PPID [options]
 *       TOTAL keep-alive HTTP/1.1 requests for PATH on CONNS connections to
 *       127.0.0.1:PORT, round robin, DEPTH pipelined requests per turn.
 *       After the first tenth of TOTAL and at the end, the RSS of every
 *       child of PPID is read.  Every response must be 200, framed by
 *       Content-Length or chunked, and must not close the connection.
 *       Options:
 *         --ctx           responses carry "X-Soak-Ctx: <n> <live>"
 *                         (tools/soak/filters/soak_passthru.c): <n> must count
 *                         1, 2, 3, ... on each connection, <live> must never
 *                         exceed the connections open to the server
 *         --has STR       every body contains STR
 *         --lacks STR     no body contains STR
 *       Prints one "KA key=value ..." summary line; exit 0 when every
 *       check held (memory is judged by run.sh from the summary).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long page_kb;

/* ---- /proc ---------------------------------------------------------------- */

typedef struct { int pid; long kb; } child_t;

static long rss_kb(int pid)
{
    char path[64];
    long size, res;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/statm", pid);
    if (!(f = fopen(path, "r"))) {
        return -1;
    }
    if (fscanf(f, "%ld %ld", &size, &res) != 2) {
        res = -1;
    }
    fclose(f);
    return res < 0 ? -1 : res * page_kb;
}

static int parent_of(int pid)
{
    char path[64], buf[1024], *p;
    FILE *f;
    size_t n;
    int ppid = -1;
    char state;

    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    if (!(f = fopen(path, "r"))) {
        return -1;
    }
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* comm may hold anything: the fields follow the last ')' */
    if (!(p = strrchr(buf, ')')) || sscanf(p + 1, " %c %d", &state, &ppid) != 2) {
        return -1;
    }
    return ppid;
}

/* Children of ppid with their RSS; returns how many (at most max). */
static int children(int ppid, child_t *out, int max)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    int n = 0;

    if (!d) {
        return 0;
    }
    while ((de = readdir(d)) && n < max) {
        int pid;
        if (!isdigit((unsigned char)de->d_name[0])) {
            continue;
        }
        pid = atoi(de->d_name);
        if (parent_of(pid) == ppid) {
            long kb = rss_kb(pid);
            if (kb >= 0) {
                out[n].pid = pid;
                out[n].kb = kb;
                n++;
            }
        }
    }
    closedir(d);
    return n;
}

#define MAXCHILD 4096

static volatile sig_atomic_t stop_now;
static void on_term(int sig) { (void)sig; stop_now = 1; }

static int cmd_rss(int argc, char **argv)
{
    int ppid, seconds, t, i, n;
    struct timespec next;
    static child_t ch[MAXCHILD];
    FILE *out;

    if (argc != 5) {
        fprintf(stderr, "usage: soaktool rss PPID SECONDS OUT\n");
        return 2;
    }
    ppid = atoi(argv[2]);
    seconds = atoi(argv[3]);
    if (!(out = fopen(argv[4], "w"))) {
        perror(argv[4]);
        return 1;
    }
    signal(SIGTERM, on_term);
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (t = 0; t <= seconds && !stop_now; t++) {
        n = children(ppid, ch, MAXCHILD);
        for (i = 0; i < n; i++) {
            fprintf(out, "%d %d %ld\n", t, ch[i].pid, ch[i].kb);
        }
        fflush(out);
        next.tv_sec += 1;
        while (!stop_now
               && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
        }
    }
    fclose(out);
    return 0;
}

/* ---- keep-alive client ------------------------------------------------------ */

typedef struct {
    int fd;
    char *buf;
    size_t len, cap;
    unsigned long expect_n;     /* next X-Soak-Ctx count */
    unsigned long done;
} conn_t;

static const char *opt_has, *opt_lacks;
static int opt_ctx;
static long max_live;
static unsigned long n_non200, n_close, n_ctx_bad, n_body_bad, n_io;

static int connect_to(int port)
{
    struct sockaddr_in sa;
    struct timeval tv = { 30, 0 };
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    if (fd < 0) {
        return -1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Make sure at least `need` bytes are buffered. */
static int fill(conn_t *c, size_t need)
{
    while (c->len < need) {
        ssize_t r;
        if (c->cap - c->len < 65536) {
            c->cap = c->cap * 2 + 65536;
            c->buf = realloc(c->buf, c->cap);
            if (!c->buf) {
                return -1;
            }
        }
        r = read(c->fd, c->buf + c->len, c->cap - c->len);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return -1;
        }
        c->len += (size_t)r;
    }
    return 0;
}

static void consume(conn_t *c, size_t n)
{
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}

static int ci_prefix(const char *line, const char *name)
{
    return !strncasecmp(line, name, strlen(name));
}

/* Offset of the next CRLF at or after `from`, reading as needed; -1 on EOF. */
static long find_crlf(conn_t *c, size_t from)
{
    for (;;) {
        char *p;
        if (c->len > from && (p = memmem(c->buf + from, c->len - from, "\r\n", 2))) {
            return (long)(p - c->buf);
        }
        if (fill(c, c->len + 1) < 0) {
            return -1;
        }
    }
}

static char *body_buf;
static size_t body_cap;

static int body_put(size_t at, const char *p, size_t n)
{
    if (at + n > body_cap) {
        body_cap = (at + n) * 2;
        if (!(body_buf = realloc(body_buf, body_cap))) {
            return -1;
        }
    }
    memcpy(body_buf + at, p, n);
    return 0;
}

/* Read one response (Content-Length or chunked); 0 on success (checks
 * counted), -1 on I/O failure or a malformed response. */
static int read_response(conn_t *c)
{
    char *line, *next;
    size_t head_len, body_len = 0, used;
    long clen = -1, e;
    int status = 0, closing = 0, have_ctx = 0, chunked = 0;
    unsigned long n = 0;
    long live = 0;

    if ((e = find_crlf(c, 0)) < 0) {
        return -1;
    }
    for (;;) {     /* the head ends at the first empty line */
        char *end;
        if (c->len && (end = memmem(c->buf, c->len, "\r\n\r\n", 4))) {
            head_len = (size_t)(end - c->buf) + 4;
            *end = '\0';
            break;
        }
        if (fill(c, c->len + 1) < 0) {
            return -1;
        }
    }
    if (sscanf(c->buf, "HTTP/1.%*d %d", &status) != 1) {
        return -1;
    }
    for (line = strstr(c->buf, "\r\n"); line; line = next) {
        line += 2;
        next = strstr(line, "\r\n");
        if (next) {
            *next = '\0';
        }
        if (ci_prefix(line, "Content-Length:")) {
            clen = atol(line + 15);
        }
        else if (ci_prefix(line, "Transfer-Encoding:") && strcasestr(line, "chunked")) {
            chunked = 1;
        }
        else if (ci_prefix(line, "Connection:") && strcasestr(line, "close")) {
            closing = 1;
        }
        else if (ci_prefix(line, "X-Soak-Ctx:")) {
            have_ctx = sscanf(line + 11, " %lu %ld", &n, &live) == 2;
        }
    }
    used = head_len;
    if (chunked) {
        for (;;) {
            unsigned long size;
            char *endp;
            if ((e = find_crlf(c, used)) < 0) {
                return -1;
            }
            size = strtoul(c->buf + used, &endp, 16);
            if (endp == c->buf + used) {
                return -1;
            }
            used = (size_t)e + 2;
            if (!size) {
                /* trailers, up to an empty line */
                while ((e = find_crlf(c, used)) >= 0 && (size_t)e != used) {
                    used = (size_t)e + 2;
                }
                if (e < 0) {
                    return -1;
                }
                used += 2;
                break;
            }
            if (fill(c, used + size + 2) < 0
                || memcmp(c->buf + used + size, "\r\n", 2)
                || body_put(body_len, c->buf + used, size) < 0) {
                return -1;
            }
            body_len += size;
            used += size + 2;
        }
    }
    else if (clen >= 0) {
        if (fill(c, head_len + (size_t)clen) < 0
            || body_put(0, c->buf + head_len, (size_t)clen) < 0) {
            return -1;
        }
        body_len = (size_t)clen;
        used = head_len + (size_t)clen;
    }
    else {
        return -1;      /* no response here ends with the connection */
    }
    if (status != 200) {
        n_non200++;
    }
    if (closing) {
        n_close++;
    }
    if (opt_ctx) {
        if (!have_ctx || n != c->expect_n) {
            if (n_ctx_bad < 5) {
                fprintf(stderr, "soaktool: X-Soak-Ctx %s on connection response %lu: "
                        "count %lu, expected %lu\n", have_ctx ? "wrong" : "missing",
                        c->done + 1, n, c->expect_n);
            }
            n_ctx_bad++;
            c->expect_n = n + 1;
        }
        else {
            c->expect_n++;
        }
        if (live > max_live) {
            max_live = live;
        }
    }
    if (opt_has || opt_lacks) {
        int bad = 0;
        if (opt_has && !memmem(body_buf, body_len, opt_has, strlen(opt_has))) {
            bad = 1;
        }
        if (opt_lacks && memmem(body_buf, body_len, opt_lacks, strlen(opt_lacks))) {
            bad = 1;
        }
        n_body_bad += bad;
    }
    consume(c, used);
    c->done++;
    return 0;
}

static int cmd_ka(int argc, char **argv)
{
    int port, nconn, depth, ppid, i, k, ncp = 0, a;
    unsigned long total, sent = 0, step, next_cp;
    const char *path;
    conn_t *cs;
    char req[1024];
    size_t reqlen;
    char *batch;
    static child_t cp_first[MAXCHILD], cp_last[MAXCHILD];
    int nfirst = 0, nlast = 0;
    long sum_first = 0, sum_last = 0;
    double worst_pct = 0;
    long worst_kb = 0;
    int worst_pid = 0, gone = 0;
    struct timespec t0, t1;

    if (argc < 9) {
        fprintf(stderr, "usage: soaktool ka PORT PATH CONNS TOTAL DEPTH PPID "
                "[--ctx] [--has S] [--lacks S]\n");
        return 2;
    }
    port = atoi(argv[2]);
    path = argv[3];
    nconn = atoi(argv[4]);
    total = strtoul(argv[5], NULL, 10);
    depth = atoi(argv[6]);
    ppid = atoi(argv[7]);
    for (a = 8; a < argc; a++) {
        if (!strcmp(argv[a], "--ctx")) {
            opt_ctx = 1;
        }
        else if (!strcmp(argv[a], "--has") && a + 1 < argc) {
            opt_has = argv[++a];
        }
        else if (!strcmp(argv[a], "--lacks") && a + 1 < argc) {
            opt_lacks = argv[++a];
        }
        else {
            fprintf(stderr, "soaktool ka: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    if (nconn < 1 || depth < 1 || total < 10) {
        fprintf(stderr, "soaktool ka: bad CONNS/DEPTH/TOTAL\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    reqlen = (size_t)snprintf(req, sizeof(req),
                              "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                              "User-Agent: soaktool\r\n\r\n", path, port);
    batch = malloc(reqlen * (size_t)depth);
    for (k = 0; k < depth; k++) {
        memcpy(batch + reqlen * (size_t)k, req, reqlen);
    }
    cs = calloc((size_t)nconn, sizeof(*cs));
    for (i = 0; i < nconn; i++) {
        cs[i].fd = connect_to(port);
        cs[i].expect_n = 1;
        if (cs[i].fd < 0) {
            fprintf(stderr, "soaktool: connect to 127.0.0.1:%d: %s\n", port,
                    strerror(errno));
            return 1;
        }
    }
    step = total / 10;
    next_cp = step;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (sent < total) {
        for (i = 0; i < nconn && sent < total; i++) {
            conn_t *c = &cs[i];
            int d = (unsigned long)depth < total - sent ? depth : (int)(total - sent);
            if (write_all(c->fd, batch, reqlen * (size_t)d) < 0) {
                n_io++;
                goto out;
            }
            for (k = 0; k < d; k++) {
                errno = 0;
                if (read_response(c) < 0) {
                    size_t j;
                    fprintf(stderr, "soaktool: connection %d failed after %lu "
                            "responses: %s; %zu bytes unparsed:\n", i, c->done,
                            errno ? strerror(errno) : "closed or malformed", c->len);
                    for (j = 0; j < c->len && j < 4096; j++) {
                        unsigned char ch = (unsigned char)c->buf[j];
                        if (ch == '\n' || (ch >= 32 && ch < 127)) {
                            fputc(ch, stderr);
                        }
                        else {
                            fprintf(stderr, "\\x%02x", ch);
                        }
                    }
                    fputc('\n', stderr);
                    n_io++;
                    goto out;
                }
            }
            sent += (unsigned long)d;
        }
        if (sent >= next_cp) {
            /* RSS after the first tenth (the reference) and at the end */
            ncp++;
            if (ncp == 1) {
                nfirst = children(ppid, cp_first, MAXCHILD);
            }
            next_cp += step;
        }
    }
out:
    clock_gettime(CLOCK_MONOTONIC, &t1);
    nlast = children(ppid, cp_last, MAXCHILD);
    for (i = 0; i < nfirst; i++) {
        sum_first += cp_first[i].kb;
    }
    for (i = 0; i < nlast; i++) {
        sum_last += cp_last[i].kb;
    }
    for (i = 0; i < nfirst; i++) {
        int j, found = 0;
        for (j = 0; j < nlast; j++) {
            if (cp_last[j].pid == cp_first[i].pid) {
                long g = cp_last[j].kb - cp_first[i].kb;
                double pct = cp_first[i].kb ? 100.0 * (double)g / (double)cp_first[i].kb : 0;
                found = 1;
                if (pct > worst_pct || worst_pid == 0) {
                    worst_pct = pct;
                    worst_kb = g;
                    worst_pid = cp_first[i].pid;
                }
            }
        }
        gone += !found;
    }
    {
        unsigned long done = 0;
        double secs = (double)(t1.tv_sec - t0.tv_sec)
                    + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        for (i = 0; i < nconn; i++) {
            done += cs[i].done;
        }
        printf("KA requests=%lu conns=%d depth=%d seconds=%.1f io_errors=%lu "
               "non200=%lu closed=%lu ctx_bad=%lu max_live=%ld body_bad=%lu "
               "rss_first_kb=%ld rss_last_kb=%ld children_first=%d children_last=%d "
               "children_gone=%d worst_child_pid=%d worst_child_kb=%ld "
               "worst_child_pct=%.2f\n",
               done, nconn, depth, secs, n_io, n_non200, n_close, n_ctx_bad,
               max_live, n_body_bad, sum_first, sum_last, nfirst, nlast, gone,
               worst_pid, worst_kb, worst_pct);
        return (done == total && !n_io && !n_non200 && !n_close && !n_ctx_bad
                && !n_body_bad) ? 0 : 1;
    }
}

int main(int argc, char **argv)
{
    page_kb = sysconf(_SC_PAGESIZE) / 1024;
    if (argc >= 2 && !strcmp(argv[1], "rss")) {
        return cmd_rss(argc, argv);
    }
    if (argc == 3 && !strcmp(argv[1], "children")) {
        static child_t ch[MAXCHILD];
        printf("%d\n", children(atoi(argv[2]), ch, MAXCHILD));
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "ka")) {
        return cmd_ka(argc, argv);
    }
    fprintf(stderr, "usage: soaktool rss ... | soaktool ka ... (see tools/soak/soaktool.c)\n");
    return 2;
}
