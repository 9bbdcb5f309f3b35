/*
 * profile_parse.c: INI files as the GetPrivateProfile* functions see
 * them: read (CRLF or LF line ends, an optional UTF-8 byte-order mark,
 * ';' comments), cached, and rewritten in place of the old file.
 *
 * Filters call GetPrivateProfileString once per request as often as at
 * start-up, so a parsed file is kept, keyed by its path, and parsed again
 * only when its modification time or size changes.
 */
#include "profile.h"

#include <fcntl.h>
#include <pthread.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAX 16

typedef struct {
    char *path;
    struct timespec mtime;
    off_t size;
    ino_t ino;
    isw_ini ini;
    unsigned long used;
} cache_entry;

static pthread_mutex_t ini_mutex = PTHREAD_MUTEX_INITIALIZER;
static cache_entry cache[CACHE_MAX];
static unsigned long use_clock;

void isw_ini_lock(void)
{
    pthread_mutex_lock(&ini_mutex);
}

void isw_ini_unlock(void)
{
    pthread_mutex_unlock(&ini_mutex);
}

static void ini_free(isw_ini *ini)
{
    size_t i, j;

    for (i = 0; i < ini->n; i++) {
        for (j = 0; j < ini->s[i].n; j++) {
            free(ini->s[i].e[j].key);
            free(ini->s[i].e[j].value);
        }
        free(ini->s[i].e);
        free(ini->s[i].name);
    }
    free(ini->s);
    memset(ini, 0, sizeof(*ini));
}

void isw_profile_release(void)
{
    size_t i;

    pthread_mutex_lock(&ini_mutex);
    for (i = 0; i < CACHE_MAX; i++) {
        free(cache[i].path);
        ini_free(&cache[i].ini);
    }
    memset(cache, 0, sizeof(cache));
    use_clock = 0;
    pthread_mutex_unlock(&ini_mutex);
}

/* Trims blanks on both sides of s[0..*len), returning the new start. */
static char *trim(char *s, size_t *len)
{
    while (*len && (*s == ' ' || *s == '\t')) {
        s++;
        (*len)--;
    }
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'
                    || s[*len - 1] == '\r')) {
        (*len)--;
    }
    return s;
}

/* Reads a whole file; NULL with errno set. */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char *buf = NULL;
    size_t n = 0, cap = 0;
    ssize_t got;

    if (fd < 0) {
        return NULL;
    }
    for (;;) {
        if (n + 4096 > cap) {
            char *more = realloc(buf, cap = cap * 2 + 8192);
            if (!more) {
                free(buf);
                close(fd);
                errno = ENOMEM;
                return NULL;
            }
            buf = more;
        }
        got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int parse(const char *text, size_t len, isw_ini *ini)
{
    const char *p = text, *end = text + len;
    isw_ini_section *cur = NULL;

    if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
        p += 3;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *line = (char *)p;

        line = trim(line, &n);
        p = nl ? nl + 1 : end;
        if (!n || line[0] == ';') {
            continue;
        }
        if (line[0] == '[') {
            char *close = memchr(line, ']', n);
            size_t nlen = close ? (size_t)(close - line - 1) : n - 1;
            char *name = trim(line + 1, &nlen);
            char *nm = strndup(name, nlen);
            const isw_ini_section *found;

            if (!nm) {
                return -1;
            }
            if ((found = isw_ini_section_find(ini, nm))) {
                cur = (isw_ini_section *)found;
                free(nm);
                continue;
            }
            if (ini->n == ini->cap) {
                size_t cap = ini->cap ? ini->cap * 2 : 8;
                isw_ini_section *more = realloc(ini->s, cap * sizeof(*more));
                if (!more) {
                    free(nm);
                    return -1;
                }
                ini->s = more;
                ini->cap = cap;
            }
            cur = &ini->s[ini->n++];
            memset(cur, 0, sizeof(*cur));
            cur->name = nm;
            continue;
        }
        if (!cur) {
            continue;          /* lines before the first section belong to none */
        }
        {
            char *eq = memchr(line, '=', n);
            size_t klen = eq ? (size_t)(eq - line) : n;
            size_t vlen = eq ? n - klen - 1 : 0;
            char *k = trim(line, &klen);
            char *v = eq ? trim(eq + 1, &vlen) : NULL;
            isw_ini_entry *e;

            if (cur->n == cur->cap) {
                size_t cap = cur->cap ? cur->cap * 2 : 8;
                isw_ini_entry *more = realloc(cur->e, cap * sizeof(*more));
                if (!more) {
                    return -1;
                }
                cur->e = more;
                cur->cap = cap;
            }
            e = &cur->e[cur->n];
            e->key = strndup(k, klen);
            e->value = v ? strndup(v, vlen) : NULL;
            if (!e->key || (v && !e->value)) {
                free(e->key);
                free(e->value);
                return -1;
            }
            cur->n++;
        }
    }
    return 0;
}

const isw_ini *isw_ini_get(const char *path)
{
    struct stat st;
    cache_entry *c = NULL, *victim = &cache[0];
    char *text;
    size_t len, i;

    if (stat(path, &st) != 0) {
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    for (i = 0; i < CACHE_MAX; i++) {
        if (cache[i].path && !strcmp(cache[i].path, path)) {
            c = &cache[i];
            break;
        }
        if (!cache[i].path || cache[i].used < victim->used) {
            victim = &cache[i];
        }
    }
    if (c && c->mtime.tv_sec == st.st_mtim.tv_sec
        && c->mtime.tv_nsec == st.st_mtim.tv_nsec && c->size == st.st_size
        && c->ino == st.st_ino) {
        c->used = ++use_clock;
        return &c->ini;
    }
    if (!c) {
        c = victim;
        free(c->path);
        ini_free(&c->ini);
        if (!(c->path = strdup(path))) {
            errno = ENOMEM;
            return NULL;
        }
    }
    ini_free(&c->ini);
    if (!(text = slurp(path, &len))) {
        int e = errno;
        free(c->path);
        c->path = NULL;
        errno = e;
        return NULL;
    }
    if (parse(text, len, &c->ini) < 0) {
        ini_free(&c->ini);
        free(text);
        free(c->path);
        c->path = NULL;
        errno = ENOMEM;
        return NULL;
    }
    free(text);
    c->mtime = st.st_mtim;
    c->size = st.st_size;
    c->ino = st.st_ino;
    c->used = ++use_clock;
    return &c->ini;
}

const isw_ini_section *isw_ini_section_find(const isw_ini *ini,
                                            const char *name)
{
    size_t i;

    for (i = 0; ini && i < ini->n; i++) {
        if (!strcasecmp(ini->s[i].name, name)) {
            return &ini->s[i];
        }
    }
    return NULL;
}

const isw_ini_entry *isw_ini_entry_find(const isw_ini_section *s,
                                        const char *key)
{
    size_t i;

    for (i = 0; s && i < s->n; i++) {
        if (!strcasecmp(s->e[i].key, key)) {
            return &s->e[i];
        }
    }
    return NULL;
}

/* ---- Rewriting ---- */

typedef struct {
    char **l;
    size_t n, cap;
} lines;

static int lines_insert(lines *ls, size_t at, const char *text, size_t len)
{
    char *copy = strndup(text, len);

    if (!copy) {
        return -1;
    }
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 32;
        char **more = realloc(ls->l, cap * sizeof(*more));
        if (!more) {
            free(copy);
            return -1;
        }
        ls->l = more;
        ls->cap = cap;
    }
    memmove(ls->l + at + 1, ls->l + at, (ls->n - at) * sizeof(*ls->l));
    ls->l[at] = copy;
    ls->n++;
    return 0;
}

static void lines_remove(lines *ls, size_t at)
{
    free(ls->l[at]);
    memmove(ls->l + at, ls->l + at + 1, (ls->n - at - 1) * sizeof(*ls->l));
    ls->n--;
}

/* The section name a line opens (trimmed, into name), or 0. */
static int header_of(const char *line, char *name, size_t cap)
{
    size_t n = strlen(line), nlen;
    char *l = trim((char *)line, &n), *close, *nm;

    if (!n || l[0] != '[') {
        return 0;
    }
    close = memchr(l, ']', n);
    nlen = close ? (size_t)(close - l - 1) : n - 1;
    nm = trim(l + 1, &nlen);
    snprintf(name, cap, "%.*s", (int)nlen, nm);
    return 1;
}

/* Whether line is an entry for key. */
static int entry_is(const char *line, const char *key)
{
    size_t n = strlen(line), klen;
    char *l = trim((char *)line, &n), *eq;

    if (!n || l[0] == ';' || l[0] == '[') {
        return 0;
    }
    eq = memchr(l, '=', n);
    klen = eq ? (size_t)(eq - l) : n;
    l = trim(l, &klen);
    return klen == strlen(key) && !strncasecmp(l, key, klen);
}

static int blank(const char *line)
{
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    return !*line;
}

BOOL isw_ini_write(const char *path, int op, const char *section,
                   const char *key, const char *value)
{
    lines ls = { NULL, 0, 0 };
    char *text, *tmp = NULL, name[1024];
    size_t len = 0, i, start = 0, end = 0;
    int bom = 0, crlf = 1, exists, found = 0, fd = -1, rc = FALSE;
    mode_t mode;
    struct stat st;
    FILE *f = NULL;

    text = slurp(path, &len);
    if (!text && errno != ENOENT) {
        return isw_fail_errno();
    }
    exists = text != NULL;
    if (!exists && op != ISW_INI_SET && op != ISW_INI_SET_SECTION) {
        return TRUE;            /* nothing to delete */
    }
    if (text) {
        const char *p = text, *e = text + len;
        if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
            bom = 1;
            p += 3;
        }
        /* Keep the file's own line ends. */
        {
            const char *nl = memchr(p, '\n', (size_t)(e - p));
            crlf = !nl || (nl > p && nl[-1] == '\r');
        }
        while (p < e) {
            const char *nl = memchr(p, '\n', (size_t)(e - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(e - p);
            if (n && p[n - 1] == '\r') {
                n--;
            }
            if (lines_insert(&ls, ls.n, p, n) < 0) {
                goto nomem;
            }
            p = nl ? nl + 1 : e;
        }
    }
    /* The section: its header line and the line after its last one. */
    for (i = 0; i < ls.n; i++) {
        if (header_of(ls.l[i], name, sizeof(name))) {
            if (found) {
                break;
            }
            if (!strcasecmp(name, section)) {
                found = 1;
                start = i;
            }
        }
    }
    end = i;
    if (op == ISW_INI_DEL_SECTION) {
        if (!found) {
            rc = TRUE;
            goto done;
        }
        while (end > start) {
            lines_remove(&ls, --end);
        }
    }
    else if (op == ISW_INI_DEL_KEY) {
        if (!found) {
            rc = TRUE;
            goto done;
        }
        for (i = start + 1; i < end; i++) {
            if (entry_is(ls.l[i], key)) {
                lines_remove(&ls, i);
                break;
            }
        }
    }
    else {
        if (!found) {
            char hdr[1100];
            start = ls.n;
            snprintf(hdr, sizeof(hdr), "[%s]", section);
            if (lines_insert(&ls, ls.n, hdr, strlen(hdr)) < 0) {
                goto nomem;
            }
            end = ls.n;
        }
        if (op == ISW_INI_SET) {
            size_t kl = strlen(key), vl = strlen(value);
            char *entry = malloc(kl + vl + 2);
            if (!entry) {
                goto nomem;
            }
            memcpy(entry, key, kl);
            entry[kl] = '=';
            memcpy(entry + kl + 1, value, vl + 1);
            for (i = start + 1; i < end && !entry_is(ls.l[i], key); i++) {
            }
            if (i < end) {
                free(ls.l[i]);
                ls.l[i] = entry;
            }
            else {
                /* After the section's last entry, before blank lines. */
                while (end > start + 1 && blank(ls.l[end - 1])) {
                    end--;
                }
                if (lines_insert(&ls, end, entry, strlen(entry)) < 0) {
                    free(entry);
                    goto nomem;
                }
                free(entry);
            }
        }
        else {
            const char *v = value;
            while (end > start + 1) {
                lines_remove(&ls, --end);
            }
            for (; *v; v += strlen(v) + 1) {
                if (lines_insert(&ls, end++, v, strlen(v)) < 0) {
                    goto nomem;
                }
            }
        }
    }

    /* A new file beside the old one, renamed over it. */
    if (!(tmp = malloc(strlen(path) + 40))) {
        goto nomem;
    }
    {
        static unsigned long seq;
        sprintf(tmp, "%s.~isw%ld.%lu", path, (long)getpid(), ++seq);
    }
    /* Created with the old file's mode, or as open() makes new files
     * (0666 less the umask). */
    mode = exists && stat(path, &st) == 0 ? (st.st_mode & 07777) : 0666;
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0) {
        /* The directory is missing: a path, not a file, was not found. */
        if (errno == ENOENT) {
            isw_fail(ERROR_PATH_NOT_FOUND);
        }
        else {
            isw_fail_errno();
        }
        free(tmp);
        tmp = NULL;
        goto done;
    }
    if (exists) {
        fchmod(fd, mode);
    }
    if (!(f = fdopen(fd, "wb"))) {
        close(fd);
        isw_fail_errno();
        goto done;
    }
    if (bom) {
        fputs("\xef\xbb\xbf", f);
    }
    for (i = 0; i < ls.n; i++) {
        fputs(ls.l[i], f);
        fputs(crlf ? "\r\n" : "\n", f);
    }
    if (fflush(f) != 0 || ferror(f)) {
        isw_fail_errno();
        fclose(f);
        goto done;
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        isw_fail_errno();
        goto done;
    }
    free(tmp);
    tmp = NULL;
    /* The cached copy is stale even if mtime did not tick. */
    for (i = 0; i < CACHE_MAX; i++) {
        if (cache[i].path && !strcmp(cache[i].path, path)) {
            free(cache[i].path);
            cache[i].path = NULL;
            ini_free(&cache[i].ini);
        }
    }
    rc = TRUE;
    goto done;
nomem:
    isw_fail(ERROR_NOT_ENOUGH_MEMORY);
done:
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    for (i = 0; i < ls.n; i++) {
        free(ls.l[i]);
    }
    free(ls.l);
    free(text);
    return rc;
}
