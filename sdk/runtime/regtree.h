/*
 * regtree.h: the in-memory registry that regfile.c builds from a .reg
 * file and registry.c serves the Reg* calls from.  Internal to the
 * runtime.  Names are kept as the file spells them and compared without
 * regard to case; string data are ANSI (Windows-1252) with their NUL, as
 * the A functions return them.  Callers hold registry.c's lock.
 */
#ifndef ISW_REGTREE_H
#define ISW_REGTREE_H

#include "isw.h"

#pragma GCC visibility push(hidden)

#define ISW_REG_ROOTS 7   /* HKEY_CLASSES_ROOT (0) .. HKEY_DYN_DATA (6) */

typedef struct isw_reg_value {
    char *name;                   /* "" for the default value ("@") */
    DWORD type;
    BYTE *data;
    DWORD size;
} isw_reg_value;

typedef struct isw_reg_node isw_reg_node;
struct isw_reg_node {
    char *name;
    isw_reg_node *parent;
    isw_reg_node **kids;          /* sorted case-insensitively, as regedit lists them */
    size_t nkids, kcap;
    isw_reg_value *vals;          /* in the file's order */
    size_t nvals, vcap;
    int deleted;                  /* RegDeleteKey'd: handles to it see ERROR_KEY_DELETED */
};

typedef struct isw_reg_tree {
    int refs;                     /* atomic: registry.c's current tree and each open key */
    isw_reg_node *roots[ISW_REG_ROOTS];
    isw_reg_node **dead;          /* deleted nodes, freed with the tree */
    size_t ndead, deadcap;
    FILETIME written;             /* the file's mtime: RegQueryInfoKey's last write */
} isw_reg_tree;

isw_reg_tree *isw_reg_tree_new(void);
void isw_reg_tree_put(isw_reg_tree *t);

/** The child of n called name (len bytes), or NULL. */
isw_reg_node *isw_reg_child(isw_reg_node *n, const char *name, size_t len);
/* Windows keeps a registry tree at most 512 levels deep, a predefined
 * key the first.  The tree is freed and marked deleted recursively, so
 * its depth is what those calls take of a filter thread's stack. */
#define ISW_REG_MAX_DEPTH 512

/** The child, created when missing; NULL when out of memory, or (with
 * *too_deep set, when given) when it would lie deeper than
 * ISW_REG_MAX_DEPTH levels. */
isw_reg_node *isw_reg_child_add(isw_reg_node *n, const char *name, size_t len,
                                int *created, int *too_deep);
/** Unlinks n and everything below it; they stay allocated (open handles
 * may name them) until the tree goes. */
void isw_reg_node_delete(isw_reg_tree *t, isw_reg_node *n);

isw_reg_value *isw_reg_value_find(isw_reg_node *n, const char *name);
/** Sets (adds or replaces) a value; ERROR_SUCCESS or ERROR_OUTOFMEMORY. */
LONG isw_reg_value_set(isw_reg_node *n, const char *name, DWORD type,
                       const BYTE *data, DWORD size);
/** Removes a value; 0, or -1 when there is none of that name. */
int isw_reg_value_delete(isw_reg_node *n, const char *name);

/** The root index a predefined key name ("HKEY_LOCAL_MACHINE", "HKLM")
 * of len bytes stands for, or -1. */
int isw_reg_root_index(const char *name, size_t len);

/** Parses the .reg file at path into a new tree (refs 1).  A file that
 * cannot be read or has no known header gives an empty tree; each
 * malformed line is logged (naming caller's filter) and skipped.  NULL
 * only when out of memory. */
isw_reg_tree *isw_reg_parse(const char *path, const void *caller);

/** Windows-1252 byte for a UTF-16 code unit ('?' when it has none). */
unsigned char isw_cp1252_from_unicode(unsigned u);

#pragma GCC visibility pop

#endif /* ISW_REGTREE_H */
