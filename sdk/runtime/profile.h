/*
 * profile.h: what profile.c (the GetPrivateProfile* API) and
 * profile_parse.c (reading, caching and rewriting INI files) share.
 * Internal to the runtime.
 */
#ifndef ISW_PROFILE_H
#define ISW_PROFILE_H

#include "isw.h"

#pragma GCC visibility push(hidden)

typedef struct {
    char *key;          /* trimmed */
    char *value;        /* trimmed, quotes kept; NULL for a line without '=' */
} isw_ini_entry;

typedef struct {
    char *name;         /* trimmed, as the file spells it */
    isw_ini_entry *e;
    size_t n, cap;
} isw_ini_section;

typedef struct {
    isw_ini_section *s; /* in file order; a section written twice is one */
    size_t n, cap;
} isw_ini;

/* Every call holds this lock: the cache, and a write's read-modify-
 * rename, are one at a time in the process. */
void isw_ini_lock(void);
void isw_ini_unlock(void);

/** The parsed file at the Unix path, from the cache while the file's
 * mtime and size are unchanged; NULL (errno set) when it cannot be read.
 * Valid until isw_ini_unlock. */
const isw_ini *isw_ini_get(const char *path);

const isw_ini_section *isw_ini_section_find(const isw_ini *ini,
                                            const char *name);
const isw_ini_entry *isw_ini_entry_find(const isw_ini_section *s,
                                        const char *key);

/* The changes WritePrivateProfile* make. */
enum { ISW_INI_SET, ISW_INI_DEL_KEY, ISW_INI_DEL_SECTION, ISW_INI_SET_SECTION };

/** Rewrites path (temp file and rename), keeping every line the change
 * does not concern.  For ISW_INI_SET_SECTION, value is a list of
 * "key=value\0...\0\0".  TRUE, or FALSE with the last error set. */
BOOL isw_ini_write(const char *path, int op, const char *section,
                   const char *key, const char *value);

#pragma GCC visibility pop

#endif /* ISW_PROFILE_H */
