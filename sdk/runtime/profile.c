/*
 * profile.c: GetPrivateProfileString and its relatives (isapi/win_profile.h)
 * with Windows INI semantics, over profile_parse.c's cached files.
 *
 * A file name is a Windows path (isw_path_to_unix maps it); a name with
 * no directory part is in the Windows directory, C:\Windows, that is
 * ISAPIFilterWindowsRoot/c/Windows.  GetProfileString and friends read
 * win.ini there.
 */
#include "profile.h"

#include <strings.h>

/* The Unix path of an INI file name; FALSE with the last error set. */
static BOOL ini_path(LPCSTR name, char *out, size_t outlen)
{
    char win[MAX_PATH + 16];
    DWORD rc;

    if (!name || !*name) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!strpbrk(name, "\\/:")) {
        if (strlen(name) > MAX_PATH) {
            return isw_fail(ERROR_FILENAME_EXCED_RANGE);
        }
        snprintf(win, sizeof(win), "C:\\Windows\\%s", name);
        name = win;
    }
    if ((rc = isw_path_to_unix(name, out, outlen)) != 0) {
        return isw_fail(rc);
    }
    return TRUE;
}

/* Copies a string the way the profile functions truncate: at most
 * size - 1 characters and a NUL; returns the characters copied. */
static DWORD copy_str(char *buf, DWORD size, const char *s, size_t len)
{
    if (len > size - 1) {
        len = size - 1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    return (DWORD)len;
}

/* A growing "a\0b\0" list. */
typedef struct {
    char *p;
    size_t n, cap;
} strlist;

static int list_add(strlist *l, const char *a, const char *b)
{
    size_t la = strlen(a), lb = b ? strlen(b) + 1 : 0;

    if (l->n + la + lb + 2 > l->cap) {
        size_t cap = (l->n + la + lb + 2) * 2;
        char *more = realloc(l->p, cap);
        if (!more) {
            return -1;
        }
        l->p = more;
        l->cap = cap;
    }
    memcpy(l->p + l->n, a, la);
    l->n += la;
    if (b) {
        l->p[l->n++] = '=';
        memcpy(l->p + l->n, b, lb - 1);
        l->n += lb - 1;
    }
    l->p[l->n++] = '\0';
    return 0;
}

/* Copies a list out with its final extra NUL.  When it does not fit, the
 * buffer ends with two NULs and nSize - 2 comes back, as documented. */
static DWORD copy_list(char *buf, DWORD size, const strlist *l)
{
    if (size < 2) {
        buf[0] = '\0';
        return 0;
    }
    if (l->n + 1 <= size) {
        if (l->n) {
            memcpy(buf, l->p, l->n);
        }
        buf[l->n] = '\0';
        if (!l->n) {
            buf[1] = '\0';
        }
        return (DWORD)l->n;
    }
    memcpy(buf, l->p, size - 2);
    buf[size - 2] = '\0';
    buf[size - 1] = '\0';
    return size - 2;
}

/* Removes matching single or double quotes around a value. */
static const char *unquote(const char *v, size_t *len)
{
    *len = strlen(v);
    if (*len >= 2 && (v[0] == '"' || v[0] == '\'') && v[*len - 1] == v[0]) {
        *len -= 2;
        return v + 1;
    }
    return v;
}

/* Looks the file up; locks when it returns (with the file or NULL and
 * the last error set).  *locked says whether to unlock. */
static const isw_ini *ini_open(LPCSTR name, int *locked)
{
    char path[4096];
    const isw_ini *ini;

    *locked = 0;
    if (!ini_path(name, path, sizeof(path))) {
        return NULL;
    }
    isw_ini_lock();
    *locked = 1;
    if (!(ini = isw_ini_get(path))) {
        isw_fail_errno();
    }
    return ini;
}

/* Lets go of what ini_open took. */
static void ini_close(int locked)
{
    if (locked) {
        isw_ini_unlock();
    }
}

/* The lists the Get* functions return, into buf[size]: the section names
 * of the file name (app NULL) or the keys of section app, as key=value
 * when with_values. */
static DWORD list_out(LPCSTR name, LPCSTR app, int with_values, char *buf,
                      DWORD size)
{
    const isw_ini *ini;
    const isw_ini_section *s;
    strlist l = { NULL, 0, 0 };
    int locked;
    DWORD rc;
    size_t i;

    ini = ini_open(name, &locked);
    s = app ? isw_ini_section_find(ini, app) : NULL;
    for (i = 0; !app && ini && i < ini->n; i++) {
        list_add(&l, ini->s[i].name, NULL);
    }
    for (i = 0; s && i < s->n; i++) {
        list_add(&l, s->e[i].key, with_values ? s->e[i].value : NULL);
    }
    rc = copy_list(buf, size, &l);
    free(l.p);
    ini_close(locked);
    return rc;
}

WINBASEAPI DWORD WINAPI GetPrivateProfileStringA(LPCSTR lpAppName,
                                                 LPCSTR lpKeyName,
                                                 LPCSTR lpDefault,
                                                 LPSTR lpReturnedString,
                                                 DWORD nSize,
                                                 LPCSTR lpFileName)
{
    const isw_ini *ini;
    const isw_ini_section *s;
    const isw_ini_entry *e;
    int locked;
    DWORD rc;

    if (!lpReturnedString || !nSize) {
        return 0;
    }
    if (!lpAppName || !lpKeyName) {
        /* A list: the section names, or the keys of one section. */
        return list_out(lpFileName, lpAppName, 0, lpReturnedString, nSize);
    }
    ini = ini_open(lpFileName, &locked);
    if ((s = isw_ini_section_find(ini, lpAppName))
             && (e = isw_ini_entry_find(s, lpKeyName))) {
        size_t len;
        const char *v = unquote(e->value ? e->value : "", &len);
        rc = copy_str(lpReturnedString, nSize, v, len);
    }
    else {
        /* The default, less its trailing blanks. */
        const char *d = lpDefault ? lpDefault : "";
        size_t len = strlen(d);
        while (len && (d[len - 1] == ' ' || d[len - 1] == '\t')) {
            len--;
        }
        rc = copy_str(lpReturnedString, nSize, d, len);
        SetLastError(ERROR_FILE_NOT_FOUND);
    }
    ini_close(locked);
    return rc;
}

/* Documented: "the integer equivalent of the string", the default only
 * when the key is missing.  Windows reads the leading decimal digits (and
 * a sign), so "25 connections" is 25 and a value with no leading digits
 * is 0; an empty value counts as missing. */
WINBASEAPI UINT WINAPI GetPrivateProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName,
                                             INT nDefault, LPCSTR lpFileName)
{
    char buf[64], *p = buf;
    long long v = 0;
    int neg = 0;

    if (!lpAppName || !lpKeyName
        || !GetPrivateProfileStringA(lpAppName, lpKeyName, "", buf,
                                     sizeof(buf), lpFileName)) {
        return (UINT)nDefault;
    }
    if (*p == '-' || *p == '+') {
        neg = *p++ == '-';
    }
    while (*p >= '0' && *p <= '9') {
        if (v < 0x100000000LL) {
            v = v * 10 + (*p - '0');
        }
        p++;
    }
    return (UINT)(neg ? -v : v);
}

WINBASEAPI DWORD WINAPI GetPrivateProfileSectionA(LPCSTR lpAppName,
                                                  LPSTR lpReturnedString,
                                                  DWORD nSize,
                                                  LPCSTR lpFileName)
{
    if (!lpReturnedString || !nSize) {
        return 0;
    }
    if (!lpAppName) {
        lpReturnedString[0] = '\0';
        isw_fail(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return list_out(lpFileName, lpAppName, 1, lpReturnedString, nSize);
}

WINBASEAPI DWORD WINAPI GetPrivateProfileSectionNamesA(LPSTR lpszReturnBuffer,
                                                       DWORD nSize,
                                                       LPCSTR lpFileName)
{
    return GetPrivateProfileStringA(NULL, NULL, NULL, lpszReturnBuffer, nSize,
                                    lpFileName);
}

/* The Write* functions' change op to the INI file name, under the lock;
 * FALSE with the last error set. */
static BOOL ini_write(LPCSTR name, int op, LPCSTR app, LPCSTR key,
                      LPCSTR value)
{
    char path[4096];
    BOOL ok;

    if (!ini_path(name, path, sizeof(path))) {
        return FALSE;
    }
    isw_ini_lock();
    ok = isw_ini_write(path, op, app, key, value);
    isw_ini_unlock();
    return ok;
}

WINBASEAPI BOOL WINAPI WritePrivateProfileStringA(LPCSTR lpAppName,
                                                  LPCSTR lpKeyName,
                                                  LPCSTR lpString,
                                                  LPCSTR lpFileName)
{
    if (!lpAppName) {
        /* All NULL asks Windows to flush its cache: there is none to
         * flush, every write is on disk when the call returns. */
        return !lpKeyName && !lpString ? TRUE
                                       : isw_fail(ERROR_INVALID_PARAMETER);
    }
    return ini_write(lpFileName,
                     !lpKeyName ? ISW_INI_DEL_SECTION
                     : !lpString ? ISW_INI_DEL_KEY : ISW_INI_SET,
                     lpAppName, lpKeyName, lpString);
}

WINBASEAPI BOOL WINAPI WritePrivateProfileSectionA(LPCSTR lpAppName,
                                                   LPCSTR lpString,
                                                   LPCSTR lpFileName)
{
    if (!lpAppName) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    return ini_write(lpFileName,
                     lpString ? ISW_INI_SET_SECTION : ISW_INI_DEL_SECTION,
                     lpAppName, NULL, lpString);
}

WINBASEAPI DWORD WINAPI GetProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName,
                                          LPCSTR lpDefault,
                                          LPSTR lpReturnedString, DWORD nSize)
{
    return GetPrivateProfileStringA(lpAppName, lpKeyName, lpDefault,
                                    lpReturnedString, nSize, "win.ini");
}

WINBASEAPI UINT WINAPI GetProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName,
                                      INT nDefault)
{
    return GetPrivateProfileIntA(lpAppName, lpKeyName, nDefault, "win.ini");
}

WINBASEAPI DWORD WINAPI GetProfileSectionA(LPCSTR lpAppName,
                                           LPSTR lpReturnedString, DWORD nSize)
{
    return GetPrivateProfileSectionA(lpAppName, lpReturnedString, nSize,
                                     "win.ini");
}

WINBASEAPI BOOL WINAPI WriteProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName,
                                           LPCSTR lpString)
{
    return WritePrivateProfileStringA(lpAppName, lpKeyName, lpString,
                                      "win.ini");
}
