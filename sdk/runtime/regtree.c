/*
 * regtree.c: the in-memory registry tree (regtree.h): keys, values, and
 * the case-insensitive lookups the registry makes.
 */
#include "regtree.h"

#include <strings.h>

static const char *const root_names[ISW_REG_ROOTS][2] = {
    { "HKEY_CLASSES_ROOT",     "HKCR" },
    { "HKEY_CURRENT_USER",     "HKCU" },
    { "HKEY_LOCAL_MACHINE",    "HKLM" },
    { "HKEY_USERS",            "HKU" },
    { "HKEY_PERFORMANCE_DATA", NULL },
    { "HKEY_CURRENT_CONFIG",   "HKCC" },
    { "HKEY_DYN_DATA",         NULL },
};

int isw_reg_root_index(const char *name, size_t len)
{
    int i, j;

    for (i = 0; i < ISW_REG_ROOTS; i++) {
        for (j = 0; j < 2; j++) {
            const char *r = root_names[i][j];
            if (r && strlen(r) == len && !strncasecmp(r, name, len)) {
                return i;
            }
        }
    }
    return -1;
}

static isw_reg_node *node_new(const char *name, size_t len,
                              isw_reg_node *parent)
{
    isw_reg_node *n = calloc(1, sizeof(*n));

    if (!n || !(n->name = strndup(name, len))) {
        free(n);
        return NULL;
    }
    n->parent = parent;
    return n;
}

static void node_free(isw_reg_node *n)
{
    size_t i;

    if (!n) {
        return;
    }
    for (i = 0; i < n->nkids; i++) {
        node_free(n->kids[i]);
    }
    for (i = 0; i < n->nvals; i++) {
        free(n->vals[i].name);
        free(n->vals[i].data);
    }
    free(n->kids);
    free(n->vals);
    free(n->name);
    free(n);
}

isw_reg_tree *isw_reg_tree_new(void)
{
    isw_reg_tree *t = calloc(1, sizeof(*t));
    int i;

    if (!t) {
        return NULL;
    }
    t->refs = 1;
    for (i = 0; i < ISW_REG_ROOTS; i++) {
        const char *r = root_names[i][0];
        if (!(t->roots[i] = node_new(r, strlen(r), NULL))) {
            isw_reg_tree_put(t);
            return NULL;
        }
    }
    return t;
}

void isw_reg_tree_put(isw_reg_tree *t)
{
    size_t i;

    if (!t || __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) != 0) {
        return;
    }
    for (i = 0; i < ISW_REG_ROOTS; i++) {
        node_free(t->roots[i]);
    }
    for (i = 0; i < t->ndead; i++) {
        node_free(t->dead[i]);
    }
    free(t->dead);
    free(t);
}

/* Case-insensitive comparison of a counted name with a node's name. */
static int name_cmp(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    int c = strncasecmp(a, b, alen < blen ? alen : blen);

    if (c) {
        return c;
    }
    return alen < blen ? -1 : alen > blen;
}

/* Where name is or would go in n->kids (binary search). */
static size_t kid_pos(isw_reg_node *n, const char *name, size_t len,
                      int *found)
{
    size_t lo = 0, hi = n->nkids;

    *found = 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = name_cmp(name, len, n->kids[mid]->name);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0) {
            hi = mid;
        }
        else {
            lo = mid + 1;
        }
    }
    return lo;
}

isw_reg_node *isw_reg_child(isw_reg_node *n, const char *name, size_t len)
{
    int found;
    size_t i = kid_pos(n, name, len, &found);

    return found ? n->kids[i] : NULL;
}

isw_reg_node *isw_reg_child_add(isw_reg_node *n, const char *name, size_t len,
                                int *created, int *too_deep)
{
    int found, depth = 1;
    size_t i = kid_pos(n, name, len, &found);
    isw_reg_node *k, *up;

    if (created) {
        *created = !found;
    }
    if (too_deep) {
        *too_deep = 0;
    }
    if (found) {
        return n->kids[i];
    }
    for (up = n; up; up = up->parent) {
        depth++;
    }
    if (depth > ISW_REG_MAX_DEPTH) {
        if (created) {
            *created = 0;
        }
        if (too_deep) {
            *too_deep = 1;
        }
        return NULL;
    }
    if (n->nkids == n->kcap) {
        size_t cap = n->kcap ? n->kcap * 2 : 4;
        isw_reg_node **more = realloc(n->kids, cap * sizeof(*more));
        if (!more) {
            return NULL;
        }
        n->kids = more;
        n->kcap = cap;
    }
    if (!(k = node_new(name, len, n))) {
        return NULL;
    }
    memmove(n->kids + i + 1, n->kids + i, (n->nkids - i) * sizeof(*n->kids));
    n->kids[i] = k;
    n->nkids++;
    return k;
}

static void mark_deleted(isw_reg_node *n)
{
    size_t i;

    n->deleted = 1;
    for (i = 0; i < n->nkids; i++) {
        mark_deleted(n->kids[i]);
    }
}

void isw_reg_node_delete(isw_reg_tree *t, isw_reg_node *n)
{
    isw_reg_node *p = n->parent;
    size_t i;

    if (!p) {
        return;      /* a root stays */
    }
    if (t->ndead == t->deadcap) {
        size_t cap = t->deadcap ? t->deadcap * 2 : 8;
        isw_reg_node **more = realloc(t->dead, cap * sizeof(*more));
        if (!more) {
            return;
        }
        t->dead = more;
        t->deadcap = cap;
    }
    for (i = 0; i < p->nkids && p->kids[i] != n; i++) {
    }
    if (i == p->nkids) {
        return;
    }
    memmove(p->kids + i, p->kids + i + 1,
            (p->nkids - i - 1) * sizeof(*p->kids));
    p->nkids--;
    mark_deleted(n);
    t->dead[t->ndead++] = n;
}

isw_reg_value *isw_reg_value_find(isw_reg_node *n, const char *name)
{
    size_t i;

    if (!name) {
        name = "";
    }
    for (i = 0; i < n->nvals; i++) {
        if (!strcasecmp(n->vals[i].name, name)) {
            return &n->vals[i];
        }
    }
    return NULL;
}

LONG isw_reg_value_set(isw_reg_node *n, const char *name, DWORD type,
                       const BYTE *data, DWORD size)
{
    isw_reg_value *v = isw_reg_value_find(n, name);
    BYTE *copy = malloc(size ? size : 1);

    if (!copy) {
        return ERROR_OUTOFMEMORY;
    }
    if (size) {
        memcpy(copy, data, size);
    }
    if (!v) {
        char *nm = strdup(name ? name : "");
        if (!nm) {
            free(copy);
            return ERROR_OUTOFMEMORY;
        }
        if (n->nvals == n->vcap) {
            size_t cap = n->vcap ? n->vcap * 2 : 4;
            isw_reg_value *more = realloc(n->vals, cap * sizeof(*more));
            if (!more) {
                free(nm);
                free(copy);
                return ERROR_OUTOFMEMORY;
            }
            n->vals = more;
            n->vcap = cap;
        }
        v = &n->vals[n->nvals++];
        v->name = nm;
        v->data = NULL;
    }
    free(v->data);
    v->type = type;
    v->data = copy;
    v->size = size;
    return ERROR_SUCCESS;
}

int isw_reg_value_delete(isw_reg_node *n, const char *name)
{
    isw_reg_value *v = isw_reg_value_find(n, name);
    size_t i;

    if (!v) {
        return -1;
    }
    i = (size_t)(v - n->vals);
    free(v->name);
    free(v->data);
    memmove(n->vals + i, n->vals + i + 1,
            (n->nvals - i - 1) * sizeof(*n->vals));
    n->nvals--;
    return 0;
}

/* Windows-1252's bytes 0x80-0x9F and the characters they stand for; the
 * five bytes Windows leaves unassigned map to the C1 control of the same
 * value, as its converter does. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

unsigned char isw_cp1252_from_unicode(unsigned u)
{
    int i;

    if (u < 0x80 || (u >= 0xA0 && u <= 0xFF)) {
        return (unsigned char)u;
    }
    for (i = 0; i < 32; i++) {
        if (cp1252_high[i] == u) {
            return (unsigned char)(0x80 + i);
        }
    }
    return '?';
}
