/*
 * registry.c: the Reg* functions (isapi/win_reg.h) over the tree
 * regfile.c reads from the ISAPIFilterRegistry file.
 *
 * The file is read on the first call that needs it and again when its
 * modification time or size changes; an open key keeps the tree it was
 * opened in, as a snapshot.  Creating keys and setting or deleting values
 * changes the current tree in memory only, and a new reading of the file
 * replaces those changes.  One lock serialises every call: filters read
 * their settings at start-up or once per request, which a mutex serves.
 * WOW64 views (KEY_WOW64_32KEY/64KEY) are accepted and ignored: there is
 * one view, the file's, in which a key under SOFTWARE that is missing is
 * also looked for under SOFTWARE\WOW6432Node, where a 32-bit filter's
 * settings were on 64-bit Windows.
 */
#include "regtree.h"

#include <pthread.h>
#include <strings.h>
#include <sys/stat.h>

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static isw_reg_tree *current;
static char *current_path;            /* the file current was read from */
static struct timespec current_mtime;
static off_t current_size;

typedef struct {
    isw_obj base;
    isw_reg_tree *tree;
    isw_reg_node *node;
    REGSAM access;
} regkey;

static void regkey_destroy(isw_obj *o)
{
    regkey *k = (regkey *)o;

    isw_reg_tree_put(k->tree);
    free(k);
}

/* The current tree, read again when the file changed.  Caller holds
 * reg_lock. */
static isw_reg_tree *tree_now(const void *caller)
{
    const char *path = isw_registry_file();
    struct stat st;
    int have = path && stat(path, &st) == 0;
    isw_reg_tree *t;

    if (current) {
        int same_path = (!path && !current_path)
                        || (path && current_path && !strcmp(path, current_path));
        if (same_path && (!have
                          || (st.st_mtim.tv_sec == current_mtime.tv_sec
                              && st.st_mtim.tv_nsec == current_mtime.tv_nsec
                              && st.st_size == current_size))) {
            return current;
        }
    }
    t = path ? isw_reg_parse(path, caller) : isw_reg_tree_new();
    if (!t) {
        return current;
    }
    isw_reg_tree_put(current);
    free(current_path);
    current = t;
    current_path = path ? strdup(path) : NULL;
    if (have) {
        current_mtime = st.st_mtim;
        current_size = st.st_size;
    }
    else {
        memset(&current_mtime, 0, sizeof(current_mtime));
        current_size = -1;
    }
    return current;
}

void isw_registry_release(void)
{
    pthread_mutex_lock(&reg_lock);
    isw_reg_tree_put(current);
    free(current_path);
    current = NULL;
    current_path = NULL;
    pthread_mutex_unlock(&reg_lock);
}

/* What a key handle names: a predefined key in the current tree, or an
 * open key.  *held is the handle object to put afterwards (NULL for a
 * predefined key).  Caller holds reg_lock.  Leaves GetLastError alone. */
static LONG key_get(HKEY h, const void *caller, isw_reg_tree **t,
                    isw_reg_node **n, REGSAM *access, isw_obj **held)
{
    ULONG_PTR v = (ULONG_PTR)h;
    ULONG_PTR base = (ULONG_PTR)HKEY_CLASSES_ROOT;

    *held = NULL;
    if (v >= base && v < base + ISW_REG_ROOTS
        && v != (ULONG_PTR)HKEY_PERFORMANCE_DATA
        && v != (ULONG_PTR)HKEY_DYN_DATA) {
        if (!(*t = tree_now(caller))) {
            return ERROR_OUTOFMEMORY;
        }
        *n = (*t)->roots[v - base];
        *access = KEY_ALL_ACCESS;
        return ERROR_SUCCESS;
    }
    else {
        DWORD saved = GetLastError();
        regkey *k = (regkey *)isw_handle_get((HANDLE)h, ISW_REGKEY);

        SetLastError(saved);
        if (!k) {
            return ERROR_INVALID_HANDLE;
        }
        *held = &k->base;
        *t = k->tree;
        *n = k->node;
        *access = k->access;
        return k->node->deleted ? ERROR_KEY_DELETED : ERROR_SUCCESS;
    }
}

/* Walks sub ("a\b\c") below n; creates missing keys when create. */
static LONG walk(isw_reg_node **n, const char *sub, int create, int *created)
{
    const char *p = sub ? sub : "";

    if (created) {
        *created = 0;
    }
    while (*p) {
        const char *e = strchr(p, '\\');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        isw_reg_node *k;

        if (len > 255) {
            return ERROR_INVALID_PARAMETER;
        }
        if (len) {
            int too_deep = 0;

            k = create ? isw_reg_child_add(*n, p, len, created, &too_deep)
                       : isw_reg_child(*n, p, len);
            if (!k) {
                return !create ? ERROR_FILE_NOT_FOUND
                       : too_deep ? ERROR_INVALID_PARAMETER
                       : ERROR_OUTOFMEMORY;
            }
            *n = k;
        }
        p += len + (e ? 1 : 0);
    }
    return ERROR_SUCCESS;
}

/* walk() for opening: a 32-bit filter on 64-bit Windows read
 * HKLM\SOFTWARE\Vendor from SOFTWARE\WOW6432Node\Vendor, and an export
 * of what it read has that name, so a SOFTWARE\... key that is missing
 * is looked for there too. */
static LONG walk_open(isw_reg_tree *t, isw_reg_node **n, const char *sub)
{
    isw_reg_node *start = *n;
    LONG rc = walk(n, sub, 0, NULL);
    char *alt;

    if (rc != ERROR_FILE_NOT_FOUND
        || (start != t->roots[2] && start != t->roots[1])
        || !sub || strncasecmp(sub, "SOFTWARE\\", 9) != 0
        || !strncasecmp(sub + 9, "WOW6432Node", 11)) {
        return rc;
    }
    if (!(alt = malloc(strlen(sub) + 16))) {
        return rc;
    }
    sprintf(alt, "SOFTWARE\\WOW6432Node\\%s", sub + 9);
    *n = start;
    if (walk(n, alt, 0, NULL) != ERROR_SUCCESS) {
        *n = start;
    }
    else {
        rc = ERROR_SUCCESS;
    }
    free(alt);
    return rc;
}

/* A handle for node n of tree t.  Caller holds reg_lock. */
static LONG key_new(isw_reg_tree *t, isw_reg_node *n, REGSAM access,
                    PHKEY out)
{
    regkey *k = calloc(1, sizeof(*k));
    DWORD saved = GetLastError();
    HANDLE h;

    if (!k) {
        return ERROR_OUTOFMEMORY;
    }
    k->base.kind = ISW_REGKEY;
    k->base.destroy = regkey_destroy;
    k->tree = t;
    __atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
    k->node = n;
    /* MAXIMUM_ALLOWED and the generic rights give everything there is. */
    k->access = (access & (MAXIMUM_ALLOWED | 0xF0000000u)) ? KEY_ALL_ACCESS
                                                            : access;
    h = isw_handle_new(&k->base);
    SetLastError(saved);
    if (!h) {
        return ERROR_OUTOFMEMORY;
    }
    *out = (HKEY)h;
    return ERROR_SUCCESS;
}

/* The start and end of every call: the lock, and the handle it used. */
#define REG_ENTER(hkey) \
    isw_reg_tree *t; isw_reg_node *n; REGSAM access; isw_obj *held; LONG rc; \
    pthread_mutex_lock(&reg_lock); \
    rc = key_get((hkey), __builtin_return_address(0), &t, &n, &access, &held); \
    if (rc != ERROR_SUCCESS) { goto out; }
#define REG_LEAVE \
    out: \
    pthread_mutex_unlock(&reg_lock); \
    isw_obj_put(held); \
    (void)t; (void)n; (void)access; \
    return rc

WINADVAPI LSTATUS WINAPI RegOpenKeyExA(HKEY hKey, LPCSTR lpSubKey,
                                       DWORD ulOptions, REGSAM samDesired,
                                       PHKEY phkResult)
{
    (void)ulOptions;
    if (!phkResult) {
        return ERROR_INVALID_PARAMETER;
    }
    *phkResult = NULL;
    {
        REG_ENTER(hKey);
        rc = walk_open(t, &n, lpSubKey);
        if (rc == ERROR_SUCCESS) {
            rc = key_new(t, n, samDesired, phkResult);
        }
        REG_LEAVE;
    }
}

WINADVAPI LSTATUS WINAPI RegOpenKeyA(HKEY hKey, LPCSTR lpSubKey,
                                     PHKEY phkResult)
{
    if (!phkResult) {
        return ERROR_INVALID_PARAMETER;
    }
    if (!lpSubKey || !*lpSubKey) {
        /* Documented: the same handle comes back. */
        *phkResult = hKey;
        return ERROR_SUCCESS;
    }
    return RegOpenKeyExA(hKey, lpSubKey, 0, MAXIMUM_ALLOWED, phkResult);
}

WINADVAPI LSTATUS WINAPI RegCreateKeyExA(HKEY hKey, LPCSTR lpSubKey,
                                         DWORD Reserved, LPSTR lpClass,
                                         DWORD dwOptions, REGSAM samDesired,
                                         const SECURITY_ATTRIBUTES *lpSecurityAttributes,
                                         PHKEY phkResult,
                                         LPDWORD lpdwDisposition)
{
    (void)Reserved;
    (void)lpClass;
    (void)dwOptions;
    (void)lpSecurityAttributes;
    if (!phkResult || !lpSubKey) {
        return ERROR_INVALID_PARAMETER;
    }
    *phkResult = NULL;
    {
        isw_reg_node *exists;
        int created = 0;
        REG_ENTER(hKey);
        exists = n;
        if (walk(&exists, lpSubKey, 0, NULL) != ERROR_SUCCESS
            && !(access & KEY_CREATE_SUB_KEY)) {
            rc = ERROR_ACCESS_DENIED;
            goto out;
        }
        rc = walk(&n, lpSubKey, 1, &created);
        if (rc == ERROR_SUCCESS) {
            rc = key_new(t, n, samDesired, phkResult);
        }
        if (rc == ERROR_SUCCESS && lpdwDisposition) {
            *lpdwDisposition = created ? REG_CREATED_NEW_KEY
                                       : REG_OPENED_EXISTING_KEY;
        }
        REG_LEAVE;
    }
}

WINADVAPI LSTATUS WINAPI RegCreateKeyA(HKEY hKey, LPCSTR lpSubKey,
                                       PHKEY phkResult)
{
    if (!phkResult) {
        return ERROR_INVALID_PARAMETER;
    }
    if (!lpSubKey || !*lpSubKey) {
        *phkResult = hKey;
        return ERROR_SUCCESS;
    }
    return RegCreateKeyExA(hKey, lpSubKey, 0, NULL, 0, MAXIMUM_ALLOWED, NULL,
                           phkResult, NULL);
}

WINADVAPI LSTATUS WINAPI RegCloseKey(HKEY hKey)
{
    ULONG_PTR v = (ULONG_PTR)hKey, base = (ULONG_PTR)HKEY_CLASSES_ROOT;
    DWORD saved = GetLastError();
    BOOL ok;

    if (v >= base && v < base + ISW_REG_ROOTS) {
        return ERROR_SUCCESS;           /* predefined keys stay open */
    }
    ok = isw_handle_close((HANDLE)hKey, ISW_REGKEY);
    SetLastError(saved);
    return ok ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

WINADVAPI LSTATUS WINAPI RegFlushKey(HKEY hKey)
{
    REG_ENTER(hKey);
    REG_LEAVE;
}

/* Copies v's data out the way RegQueryValueEx does. */
static LONG copy_data(const isw_reg_value *v, LPDWORD lpType, LPBYTE lpData,
                      LPDWORD lpcbData)
{
    if (lpType) {
        *lpType = v->type;
    }
    if (!lpcbData) {
        return ERROR_SUCCESS;
    }
    if (lpData && *lpcbData < v->size) {
        *lpcbData = v->size;
        return ERROR_MORE_DATA;
    }
    if (lpData) {
        memcpy(lpData, v->data, v->size);
    }
    *lpcbData = v->size;
    return ERROR_SUCCESS;
}

WINADVAPI LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName,
                                          LPDWORD lpReserved, LPDWORD lpType,
                                          LPBYTE lpData, LPDWORD lpcbData)
{
    isw_reg_value *v;

    if ((lpData && !lpcbData) || lpReserved) {
        return ERROR_INVALID_PARAMETER;
    }
    {
        REG_ENTER(hKey);
        if (!(access & KEY_QUERY_VALUE)) {
            rc = ERROR_ACCESS_DENIED;
        }
        else if (!(v = isw_reg_value_find(n, lpValueName))) {
            rc = ERROR_FILE_NOT_FOUND;
        }
        else {
            rc = copy_data(v, lpType, lpData, lpcbData);
        }
        REG_LEAVE;
    }
}

/* %NAME% references expanded from the environment, as
 * ExpandEnvironmentStrings does; an unknown name stays as written. */
static char *expand(const char *s)
{
    size_t cap = strlen(s) + 1, o = 0;
    char *out = malloc(cap);

    while (out && *s) {
        const char *e = s[0] == '%' ? strchr(s + 1, '%') : NULL;
        const char *val = NULL;
        size_t take;

        if (e && e > s + 1) {
            char *name = strndup(s + 1, (size_t)(e - s - 1));
            val = name ? getenv(name) : NULL;
            free(name);
        }
        take = val ? strlen(val) : 1;
        if (o + take + 1 > cap) {
            char *more = realloc(out, cap = (o + take + 1) * 2);
            if (!more) {
                free(out);
                return NULL;
            }
            out = more;
        }
        memcpy(out + o, val ? val : s, take);
        o += take;
        s = val ? e + 1 : s + 1;
    }
    if (out) {
        out[o] = '\0';
    }
    return out;
}

static DWORD rrf_bit(DWORD type)
{
    switch (type) {
    case REG_NONE:      return RRF_RT_REG_NONE;
    case REG_SZ:        return RRF_RT_REG_SZ;
    case REG_EXPAND_SZ: return RRF_RT_REG_EXPAND_SZ;
    case REG_BINARY:    return RRF_RT_REG_BINARY;
    case REG_DWORD:     return RRF_RT_REG_DWORD;
    case REG_MULTI_SZ:  return RRF_RT_REG_MULTI_SZ;
    case REG_QWORD:     return RRF_RT_REG_QWORD;
    default:            return 0;
    }
}

WINADVAPI LSTATUS WINAPI RegGetValueA(HKEY hkey, LPCSTR lpSubKey,
                                      LPCSTR lpValue, DWORD dwFlags,
                                      LPDWORD pdwType, PVOID pvData,
                                      LPDWORD pcbData)
{
    DWORD want = dwFlags & RRF_RT_ANY;
    DWORD zero_len = (pvData && pcbData) ? *pcbData : 0;
    isw_reg_value *v, tmp;
    char *expanded = NULL;

    if (!want || (pvData && !pcbData)
        || ((dwFlags & RRF_RT_REG_EXPAND_SZ) && !(dwFlags & RRF_NOEXPAND)
            && want != RRF_RT_ANY)) {
        return ERROR_INVALID_PARAMETER;
    }
    {
        REG_ENTER(hkey);
        if (walk_open(t, &n, lpSubKey) != ERROR_SUCCESS) {
            rc = ERROR_FILE_NOT_FOUND;
        }
        else if (!(access & KEY_QUERY_VALUE)) {
            rc = ERROR_ACCESS_DENIED;
        }
        else if (!(v = isw_reg_value_find(n, lpValue))) {
            rc = ERROR_FILE_NOT_FOUND;
        }
        else {
            tmp = *v;
            if (tmp.type == REG_EXPAND_SZ && !(dwFlags & RRF_NOEXPAND)) {
                /* Expanded, the value is a REG_SZ. */
                expanded = expand(tmp.size ? (const char *)tmp.data : "");
                if (!expanded) {
                    rc = ERROR_OUTOFMEMORY;
                    goto out;
                }
                tmp.type = REG_SZ;
                tmp.data = (BYTE *)expanded;
                tmp.size = (DWORD)strlen(expanded) + 1;
            }
            if (!(rrf_bit(tmp.type) & want)) {
                rc = ERROR_UNSUPPORTED_TYPE;
            }
            else if (tmp.type == REG_BINARY && want != RRF_RT_ANY
                     && ((want & RRF_RT_DWORD) == RRF_RT_DWORD
                         || (want & RRF_RT_QWORD) == RRF_RT_QWORD)
                     && (want & (RRF_RT_REG_DWORD | RRF_RT_REG_QWORD))
                        != (RRF_RT_REG_DWORD | RRF_RT_REG_QWORD)
                     && tmp.size != ((want & RRF_RT_REG_DWORD) ? 4u : 8u)) {
                /* RRF_RT_DWORD takes a REG_BINARY of 4 bytes only,
                 * RRF_RT_QWORD one of 8. */
                rc = ERROR_DATATYPE_MISMATCH;
            }
            else {
                rc = copy_data(&tmp, pdwType, pvData, pcbData);
            }
        }
        if (rc != ERROR_SUCCESS && rc != ERROR_MORE_DATA
            && (dwFlags & RRF_ZEROONFAILURE) && pvData) {
            memset(pvData, 0, zero_len);
        }
        free(expanded);
        REG_LEAVE;
    }
}

WINADVAPI LSTATUS WINAPI RegEnumKeyExA(HKEY hKey, DWORD dwIndex, LPSTR lpName,
                                       LPDWORD lpcchName, LPDWORD lpReserved,
                                       LPSTR lpClass, LPDWORD lpcchClass,
                                       PFILETIME lpftLastWriteTime)
{
    if (!lpName || !lpcchName || lpReserved) {
        return ERROR_INVALID_PARAMETER;
    }
    {
        size_t len;
        REG_ENTER(hKey);
        if (!(access & KEY_ENUMERATE_SUB_KEYS)) {
            rc = ERROR_ACCESS_DENIED;
            goto out;
        }
        if (dwIndex >= n->nkids) {
            rc = ERROR_NO_MORE_ITEMS;
            goto out;
        }
        len = strlen(n->kids[dwIndex]->name);
        if (*lpcchName <= len) {
            rc = ERROR_MORE_DATA;
            goto out;
        }
        memcpy(lpName, n->kids[dwIndex]->name, len + 1);
        *lpcchName = (DWORD)len;
        if (lpClass && lpcchClass && *lpcchClass) {
            lpClass[0] = '\0';      /* .reg files carry no class */
        }
        if (lpcchClass) {
            *lpcchClass = 0;
        }
        if (lpftLastWriteTime) {
            *lpftLastWriteTime = t->written;
        }
        REG_LEAVE;
    }
}

WINADVAPI LSTATUS WINAPI RegEnumKeyA(HKEY hKey, DWORD dwIndex, LPSTR lpName,
                                     DWORD cchName)
{
    return RegEnumKeyExA(hKey, dwIndex, lpName, &cchName, NULL, NULL, NULL,
                         NULL);
}

WINADVAPI LSTATUS WINAPI RegEnumValueA(HKEY hKey, DWORD dwIndex,
                                       LPSTR lpValueName,
                                       LPDWORD lpcchValueName,
                                       LPDWORD lpReserved, LPDWORD lpType,
                                       LPBYTE lpData, LPDWORD lpcbData)
{
    if (!lpValueName || !lpcchValueName || lpReserved
        || (lpData && !lpcbData)) {
        return ERROR_INVALID_PARAMETER;
    }
    {
        isw_reg_value *v;
        size_t len;
        REG_ENTER(hKey);
        if (!(access & KEY_QUERY_VALUE)) {
            rc = ERROR_ACCESS_DENIED;
            goto out;
        }
        if (dwIndex >= n->nvals) {
            rc = ERROR_NO_MORE_ITEMS;
            goto out;
        }
        v = &n->vals[dwIndex];
        len = strlen(v->name);
        if (*lpcchValueName <= len) {
            rc = ERROR_MORE_DATA;
            goto out;
        }
        rc = copy_data(v, lpType, lpData, lpcbData);
        if (rc == ERROR_SUCCESS) {
            memcpy(lpValueName, v->name, len + 1);
            *lpcchValueName = (DWORD)len;
        }
        REG_LEAVE;
    }
}

WINADVAPI LSTATUS WINAPI RegQueryInfoKeyA(HKEY hKey, LPSTR lpClass,
                                          LPDWORD lpcchClass,
                                          LPDWORD lpReserved,
                                          LPDWORD lpcSubKeys,
                                          LPDWORD lpcbMaxSubKeyLen,
                                          LPDWORD lpcbMaxClassLen,
                                          LPDWORD lpcValues,
                                          LPDWORD lpcbMaxValueNameLen,
                                          LPDWORD lpcbMaxValueLen,
                                          LPDWORD lpcbSecurityDescriptor,
                                          PFILETIME lpftLastWriteTime)
{
    if (lpReserved) {
        return ERROR_INVALID_PARAMETER;
    }
    {
        DWORD maxkey = 0, maxname = 0, maxval = 0;
        size_t i;
        REG_ENTER(hKey);
        for (i = 0; i < n->nkids; i++) {
            DWORD l = (DWORD)strlen(n->kids[i]->name);
            maxkey = l > maxkey ? l : maxkey;
        }
        for (i = 0; i < n->nvals; i++) {
            DWORD l = (DWORD)strlen(n->vals[i].name);
            maxname = l > maxname ? l : maxname;
            maxval = n->vals[i].size > maxval ? n->vals[i].size : maxval;
        }
        if (lpClass && lpcchClass && *lpcchClass) {
            lpClass[0] = '\0';
        }
        if (lpcchClass) *lpcchClass = 0;
        if (lpcSubKeys) *lpcSubKeys = (DWORD)n->nkids;
        if (lpcbMaxSubKeyLen) *lpcbMaxSubKeyLen = maxkey;
        if (lpcbMaxClassLen) *lpcbMaxClassLen = 0;
        if (lpcValues) *lpcValues = (DWORD)n->nvals;
        if (lpcbMaxValueNameLen) *lpcbMaxValueNameLen = maxname;
        if (lpcbMaxValueLen) *lpcbMaxValueLen = maxval;
        if (lpcbSecurityDescriptor) *lpcbSecurityDescriptor = 0;
        if (lpftLastWriteTime) *lpftLastWriteTime = t->written;
        REG_LEAVE;
    }
}

WINADVAPI LSTATUS WINAPI RegSetValueExA(HKEY hKey, LPCSTR lpValueName,
                                        DWORD Reserved, DWORD dwType,
                                        const BYTE *lpData, DWORD cbData)
{
    (void)Reserved;
    if (!lpData && cbData) {
        return ERROR_NOACCESS;
    }
    {
        REG_ENTER(hKey);
        if (!(access & KEY_SET_VALUE)) {
            rc = ERROR_ACCESS_DENIED;
        }
        else {
            rc = isw_reg_value_set(n, lpValueName ? lpValueName : "", dwType,
                                   lpData, cbData);
        }
        REG_LEAVE;
    }
}

WINADVAPI LSTATUS WINAPI RegDeleteValueA(HKEY hKey, LPCSTR lpValueName)
{
    REG_ENTER(hKey);
    if (!(access & KEY_SET_VALUE)) {
        rc = ERROR_ACCESS_DENIED;
    }
    else if (isw_reg_value_delete(n, lpValueName) < 0) {
        rc = ERROR_FILE_NOT_FOUND;
    }
    REG_LEAVE;
}

WINADVAPI LSTATUS WINAPI RegDeleteKeyA(HKEY hKey, LPCSTR lpSubKey)
{
    if (!lpSubKey || !*lpSubKey) {
        return ERROR_INVALID_PARAMETER;
    }
    {
        REG_ENTER(hKey);
        rc = walk(&n, lpSubKey, 0, NULL);
        if (rc == ERROR_SUCCESS) {
            if (n->nkids) {
                rc = ERROR_ACCESS_DENIED;   /* subkeys go first */
            }
            else {
                isw_reg_node_delete(t, n);
            }
        }
        REG_LEAVE;
    }
}
