/*
 * regfile.c: reads a .reg file, as `reg export` and regedit write them,
 * into an in-memory tree (regtree.h).
 *
 * Encodings: "Windows Registry Editor Version 5.00" files are UTF-16LE
 * with a byte-order mark as Windows writes them; a 5.00 file in UTF-8
 * (with or without its BOM, as an editor on Linux may save it) is read
 * too.  "REGEDIT4" files are ANSI (Windows-1252).  Either way the text
 * becomes Windows-1252, which is what the A functions return; characters
 * 1252 lacks become '?', as WideCharToMultiByte makes them.  In 5.00
 * files the string types written as hex (hex(1), hex(2) REG_EXPAND_SZ,
 * hex(6), hex(7) REG_MULTI_SZ) hold UTF-16LE, converted the same way.
 *
 * A line the parser does not understand is logged once per reading of
 * the file, with its name and line number, and skipped.
 */
#include "regtree.h"

#include <strings.h>
#include <sys/stat.h>

typedef struct {
    const char *path;
    const void *caller;
    unsigned line;
} parse_ctx;

static void bad_line(parse_ctx *c, const char *why)
{
    isw_log(ISW_LOG_WARNING, c->caller,
            "registry file %s line %u: %s; line skipped", c->path, c->line,
            why);
}

/* UTF-16LE (n bytes) to 1252 in out (n / 2 bytes at most). */
static size_t from_utf16(const unsigned char *in, size_t n, char *out)
{
    size_t i, o = 0;

    for (i = 0; i + 1 < n; i += 2) {
        unsigned u = in[i] | (in[i + 1] << 8);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            unsigned lo = in[i + 2] | (in[i + 3] << 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                i += 2;      /* a pair: one character outside 1252 */
            }
            out[o++] = '?';
            continue;
        }
        out[o++] = (char)isw_cp1252_from_unicode(u);
    }
    return o;
}

/* UTF-8 to 1252 in place; -1 when the bytes are not UTF-8. */
static long from_utf8(char *s, size_t n)
{
    unsigned char *p = (unsigned char *)s;
    size_t i = 0, o = 0;

    while (i < n) {
        unsigned u = p[i], need, k;
        if (u < 0x80) {
            need = 0;
        }
        else if ((u & 0xE0) == 0xC0) {
            need = 1;
            u &= 0x1F;
        }
        else if ((u & 0xF0) == 0xE0) {
            need = 2;
            u &= 0x0F;
        }
        else if ((u & 0xF8) == 0xF0) {
            need = 3;
            u &= 0x07;
        }
        else {
            return -1;
        }
        if (i + need >= n + (need ? 0 : 1)) {
            return -1;
        }
        for (k = 1; k <= need; k++) {
            if ((p[i + k] & 0xC0) != 0x80) {
                return -1;
            }
            u = (u << 6) | (p[i + k] & 0x3F);
        }
        i += need + 1;
        p[o++] = u > 0xFFFF ? '?' : isw_cp1252_from_unicode(u);
    }
    return (long)o;
}

/* Reads the file into 1252 text; sets *unicode for a 5.00 file.  NULL
 * (logged) when it cannot be read or is no registry file. */
static char *load_text(parse_ctx *c, size_t *len, int *unicode)
{
    FILE *f = fopen(c->path, "rb");
    unsigned char *raw = NULL;
    char *text;
    size_t n = 0, cap = 0, got;
    long l;

    if (!f) {
        isw_log(ISW_LOG_ERR, c->caller, "registry file %s: %s",
                c->path, strerror(errno));
        return NULL;
    }
    do {
        if (n + 4096 > cap) {
            unsigned char *more = realloc(raw, cap = cap * 2 + 8192);
            if (!more) {
                free(raw);
                fclose(f);
                return NULL;
            }
            raw = more;
        }
        got = fread(raw + n, 1, cap - n - 1, f);
        n += got;
    } while (got);
    fclose(f);
    if (n >= 2 && raw[0] == 0xFF && raw[1] == 0xFE) {
        text = malloc(n / 2 + 1);
        if (!text) {
            free(raw);
            return NULL;
        }
        *len = from_utf16(raw + 2, n - 2, text);
        free(raw);
    }
    else {
        text = (char *)raw;
        if (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
            memmove(text, text + 3, n -= 3);
            l = from_utf8(text, n);
            n = l < 0 ? n : (size_t)l;
        }
        else if (n >= 36 && !strncmp(text, "Windows Registry Editor Version 5.00", 36)) {
            /* 5.00 without a BOM: UTF-8 if it is valid UTF-8. */
            char *copy = malloc(n + 1);
            if (copy) {
                memcpy(copy, text, n);
                l = from_utf8(copy, n);
                if (l >= 0) {
                    memcpy(text, copy, (size_t)l);
                    n = (size_t)l;
                }
                free(copy);
            }
        }
        *len = n;
    }
    text[*len] = '\0';
    {
        char *p = text;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
        }
        if (!strncmp(p, "Windows Registry Editor Version 5.00", 36)) {
            *unicode = 1;
        }
        else if (!strncmp(p, "REGEDIT4", 8)) {
            *unicode = 0;
        }
        else {
            isw_log(ISW_LOG_ERR, c->caller,
                    "registry file %s: no \"Windows Registry Editor Version 5.00\" "
                    "or \"REGEDIT4\" header; no key read from it", c->path);
            free(text);
            return NULL;
        }
        /* The header is no key or value: blank it for the parser. */
        while (*p && *p != '\n') {
            *p++ = ' ';
        }
    }
    return text;
}

/* A quoted string at *pp (after its opening quote) into out (as long as
 * the input); *pp ends after the closing quote.  -1 when unterminated. */
static long unquote(const char **pp, char *out)
{
    const char *p = *pp;
    size_t o = 0;

    for (;;) {
        if (!*p) {
            return -1;
        }
        if (*p == '"') {
            *pp = p + 1;
            out[o] = '\0';
            return (long)o;
        }
        if (*p == '\\' && (p[1] == '\\' || p[1] == '"')) {
            p++;
        }
        out[o++] = *p++;
    }
}

static const char *skip_blank(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* "01,02, ff" into out; count or -1. */
static long hex_bytes(const char *p, BYTE *out)
{
    long n = 0;

    p = skip_blank(p);
    if (!*p) {
        return 0;
    }
    for (;;) {
        int hi = hexval(p[0]), lo = hi < 0 ? -1 : hexval(p[1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[n++] = (BYTE)(hi << 4 | lo);
        p = skip_blank(p + 2);
        if (!*p) {
            return n;
        }
        if (*p != ',') {
            return -1;
        }
        p = skip_blank(p + 1);
    }
}

/* A [key] line: the node it names (created), or NULL after deleting it
 * for [-key] or on a bad name (logged). */
static isw_reg_node *key_line(parse_ctx *c, isw_reg_tree *t, char *line)
{
    char *end = strrchr(line, ']');
    char *p = line + 1, *comp;
    int del = 0, root;
    isw_reg_node *n;

    if (!end || skip_blank(end + 1)[0]) {
        bad_line(c, "a key line without its closing ']'");
        return NULL;
    }
    *end = '\0';
    if (*p == '-') {
        del = 1;
        p++;
    }
    comp = strchr(p, '\\');
    root = isw_reg_root_index(p, comp ? (size_t)(comp - p) : strlen(p));
    if (root < 0) {
        bad_line(c, "the key does not start with a predefined key (HKEY_...)");
        return NULL;
    }
    n = t->roots[root];
    while (comp && n) {
        char *name = comp + 1;
        size_t len;
        int too_deep = 0;
        comp = strchr(name, '\\');
        len = comp ? (size_t)(comp - name) : strlen(name);
        if (!len) {
            bad_line(c, "an empty key name");
            return NULL;
        }
        n = del ? isw_reg_child(n, name, len)
                : isw_reg_child_add(n, name, len, NULL, &too_deep);
        if (too_deep) {
            bad_line(c, "a key deeper than the 512 levels Windows allows");
            return NULL;
        }
    }
    if (del) {
        if (n && n->parent) {
            isw_reg_node_delete(t, n);
        }
        return NULL;
    }
    return n;
}

/* A "name"=value or @=value line below key n. */
static void value_line(parse_ctx *c, isw_reg_node *n, const char *line,
                       int unicode)
{
    size_t cap = strlen(line) + 2;
    char *name = malloc(cap);
    BYTE *data = malloc(cap);
    const char *p = line;
    DWORD type;
    long size;

    if (!name || !data) {
        goto done;
    }
    if (*p == '@') {
        name[0] = '\0';
        p++;
    }
    else {
        p++;
        if (unquote(&p, name) < 0) {
            bad_line(c, "a value name without its closing quote");
            goto done;
        }
    }
    p = skip_blank(p);
    if (*p != '=') {
        bad_line(c, "no '=' after the value name");
        goto done;
    }
    p = skip_blank(p + 1);
    if (!n) {
        bad_line(c, "a value before any key");
        goto done;
    }
    if (*p == '-' && !skip_blank(p + 1)[0]) {
        isw_reg_value_delete(n, name);
        goto done;
    }
    if (*p == '"') {
        p++;
        size = unquote(&p, (char *)data);
        if (size < 0 || skip_blank(p)[0]) {
            bad_line(c, "a string value without its closing quote");
            goto done;
        }
        type = REG_SZ;
        size++;                               /* the NUL */
    }
    else if (!strncasecmp(p, "dword:", 6)) {
        DWORD v = 0;
        int k;
        p += 6;
        for (k = 0; k < 8 && hexval(p[k]) >= 0; k++) {
            v = v << 4 | (DWORD)hexval(p[k]);
        }
        if (!k || skip_blank(p + k)[0]) {
            bad_line(c, "a dword: value that is not 1 to 8 hex digits");
            goto done;
        }
        type = REG_DWORD;
        data[0] = v & 0xff;
        data[1] = (v >> 8) & 0xff;
        data[2] = (v >> 16) & 0xff;
        data[3] = (v >> 24) & 0xff;
        size = 4;
    }
    else if (!strncasecmp(p, "hex", 3)) {
        p += 3;
        type = REG_BINARY;
        if (*p == '(') {
            char *e;
            unsigned long t = strtoul(p + 1, &e, 16);
            if (e == p + 1 || *e != ')') {
                bad_line(c, "a hex(type) without its type");
                goto done;
            }
            type = (DWORD)t;
            p = e + 1;
        }
        if (*p != ':') {
            bad_line(c, "no ':' after hex");
            goto done;
        }
        size = hex_bytes(p + 1, data);
        if (size < 0) {
            bad_line(c, "hex data that are not comma-separated bytes");
            goto done;
        }
        if (unicode && (type == REG_SZ || type == REG_EXPAND_SZ
                        || type == REG_LINK || type == REG_MULTI_SZ)) {
            /* UTF-16LE in the file; the A API returns ANSI. */
            char *ansi = malloc((size_t)size / 2 + 1);
            if (!ansi) {
                goto done;
            }
            size = (long)from_utf16(data, (size_t)size, ansi);
            memcpy(data, ansi, (size_t)size);
            free(ansi);
        }
    }
    else {
        bad_line(c, "a value that is no \"string\", dword:, hex: or -");
        goto done;
    }
    isw_reg_value_set(n, name, type, data, (DWORD)size);
done:
    free(name);
    free(data);
}

/* Whether a line ends in a backslash that continues it (outside quotes:
 * regedit wraps long hex data that way). */
static int continues(const char *s, size_t len)
{
    int inq = 0;
    size_t i;

    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    if (!len || s[len - 1] != '\\' || *skip_blank(s) == '[') {
        return 0;
    }
    for (i = 0; i + 1 < len; i++) {
        if (s[i] == '\\' && inq) {
            i++;
        }
        else if (s[i] == '"') {
            inq = !inq;
        }
    }
    return !inq;
}

isw_reg_tree *isw_reg_parse(const char *path, const void *caller)
{
    isw_reg_tree *t = isw_reg_tree_new();
    parse_ctx c = { path, caller, 0 };
    isw_reg_node *key = NULL;
    struct stat st;
    char *text, *p, *logical = NULL;
    size_t len, lcap = 0;
    int unicode = 0;

    if (!t) {
        return NULL;
    }
    if (stat(path, &st) == 0) {
        /* 100 ns ticks since 1601 */
        ULONGLONG ft = ((ULONGLONG)st.st_mtim.tv_sec + 11644473600ULL) * 10000000ULL
                       + (ULONGLONG)st.st_mtim.tv_nsec / 100;
        t->written.dwLowDateTime = (DWORD)ft;
        t->written.dwHighDateTime = (DWORD)(ft >> 32);
    }
    if (!(text = load_text(&c, &len, &unicode))) {
        return t;
    }
    p = text;
    while (*p) {
        unsigned first = ++c.line;
        size_t llen = 0;
        const char *s;
        int more;

        /* A logical line: physical lines joined at continuations. */
        do {
            char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            const char *part = llen ? skip_blank(p) : p;
            size_t plen = n - (size_t)(part - p);

            if (plen && part[plen - 1] == '\r') {
                plen--;
            }
            more = continues(part, plen);
            if (more) {
                while (part[plen - 1] != '\\') {
                    plen--;
                }
                plen--;
            }
            if (llen + plen + 1 > lcap) {
                char *bigger = realloc(logical, lcap = (llen + plen + 1) * 2);
                if (!bigger) {
                    free(text);
                    free(logical);
                    return t;
                }
                logical = bigger;
            }
            memcpy(logical + llen, part, plen);
            llen += plen;
            p = nl ? nl + 1 : p + n;
            if (more && *p) {
                c.line++;
            }
        } while (more && *p);
        logical[llen] = '\0';
        s = skip_blank(logical);
        {
            unsigned last = c.line;
            c.line = first;
            if (!*s || *s == ';') {
                /* blank or comment */
            }
            else if (*s == '[') {
                key = key_line(&c, t, (char *)s);
            }
            else if (*s == '"' || *s == '@') {
                value_line(&c, key, s, unicode);
            }
            else {
                bad_line(&c, "neither a [key], a value nor a comment");
            }
            c.line = last;
        }
    }
    free(text);
    free(logical);
    return t;
}
