/*
 * crt_s.c: the MSVC bounds-checked ("_s") functions and the
 * invalid-parameter handler they report to.
 *
 * Each function checks its arguments as Microsoft's error tables say;
 * a bad one goes to the handler, errno is set and the documented
 * errno_t comes back, with the destination emptied where the table says
 * so.  The default handler logs and returns: unlike MSVC's, it never
 * ends the process, since the process is httpd.
 */
#include "isw_text.h"

#include <stdlib.h>

static _invalid_parameter_handler user_handler;

_invalid_parameter_handler __cdecl
_set_invalid_parameter_handler(_invalid_parameter_handler handler)
{
    return __atomic_exchange_n(&user_handler, handler, __ATOMIC_ACQ_REL);
}

_invalid_parameter_handler __cdecl _get_invalid_parameter_handler(void)
{
    return __atomic_load_n(&user_handler, __ATOMIC_ACQUIRE);
}

void isw_crt_invalid(const char *func, const void *caller, int err)
{
    _invalid_parameter_handler h = _get_invalid_parameter_handler();

    if (h) {
        h(NULL, NULL, NULL, 0, 0);
    }
    else {
        isw_log(ISW_LOG_ERR, caller,
                "%s: invalid parameter (the call fails with errno %d; "
                "MSVC would end the process here)", func, err);
    }
    errno = err;
}

void __cdecl _invalid_parameter_noinfo(void)
{
    isw_crt_invalid("_invalid_parameter_noinfo",
                    __builtin_return_address(0), EINVAL);
}

#define CALLER __builtin_return_address(0)

/* Reports and returns err. */
#define INVALID(err) (isw_crt_invalid(__func__, CALLER, (err)), (err))

/* ---- Strings ---- */

errno_t __cdecl strcpy_s(char *dest, rsize_t size, const char *src)
{
    size_t n;

    if (!dest) {
        return INVALID(EINVAL);
    }
    if (!src) {
        if (size) {
            dest[0] = '\0';
        }
        return INVALID(EINVAL);
    }
    n = strnlen(src, size);
    if (size == 0 || n == size) {
        if (size) {
            dest[0] = '\0';
        }
        return INVALID(ERANGE);
    }
    memmove(dest, src, n + 1);
    return 0;
}

errno_t __cdecl strncpy_s(char *dest, rsize_t size, const char *src,
                          rsize_t count)
{
    size_t n;

    if (!dest) {
        if (size == 0 && count == 0) {
            return 0;                 /* nothing asked for */
        }
        return INVALID(EINVAL);
    }
    if (size == 0) {
        return INVALID(EINVAL);
    }
    if (count == 0) {
        dest[0] = '\0';
        return 0;
    }
    if (!src) {
        dest[0] = '\0';
        return INVALID(EINVAL);
    }
    n = strnlen(src, count == _TRUNCATE ? size : count);
    if (n >= size) {
        if (count == _TRUNCATE) {
            memmove(dest, src, size - 1);
            dest[size - 1] = '\0';
            return STRUNCATE;
        }
        dest[0] = '\0';
        return INVALID(ERANGE);
    }
    memmove(dest, src, n);
    dest[n] = '\0';
    return 0;
}

/* The length of dest's string, or size when dest holds no NUL. */
static size_t dest_len(const char *dest, size_t size)
{
    return strnlen(dest, size);
}

errno_t __cdecl strcat_s(char *dest, rsize_t size, const char *src)
{
    size_t d, n;

    if (!dest || size == 0) {
        return INVALID(EINVAL);
    }
    if (!src) {
        dest[0] = '\0';
        return INVALID(EINVAL);
    }
    d = dest_len(dest, size);
    if (d == size) {
        dest[0] = '\0';               /* not terminated within size */
        return INVALID(EINVAL);
    }
    n = strlen(src);
    if (n >= size - d) {
        dest[0] = '\0';
        return INVALID(ERANGE);
    }
    memmove(dest + d, src, n + 1);
    return 0;
}

errno_t __cdecl strncat_s(char *dest, rsize_t size, const char *src,
                          rsize_t count)
{
    size_t d, n;

    if (!dest) {
        if (size == 0 && count == 0) {
            return 0;
        }
        return INVALID(EINVAL);
    }
    if (size == 0) {
        return INVALID(EINVAL);
    }
    d = dest_len(dest, size);
    if (d == size) {
        dest[0] = '\0';
        return INVALID(EINVAL);
    }
    if (count == 0) {
        return 0;
    }
    if (!src) {
        dest[0] = '\0';
        return INVALID(EINVAL);
    }
    n = strnlen(src, count == _TRUNCATE ? size - d : count);
    if (n >= size - d) {
        if (count == _TRUNCATE) {
            memmove(dest + d, src, size - d - 1);
            dest[size - 1] = '\0';
            return STRUNCATE;
        }
        dest[0] = '\0';
        return INVALID(ERANGE);
    }
    memmove(dest + d, src, n);
    dest[d + n] = '\0';
    return 0;
}

char * __cdecl strtok_s(char *str, const char *delim, char **context)
{
    if (!context || !delim || (!str && !*context)) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return NULL;
    }
    return strtok_r(str, delim, context);
}

errno_t __cdecl memcpy_s(void *dest, rsize_t size, const void *src,
                         rsize_t count)
{
    if (count == 0) {
        return 0;
    }
    if (!dest) {
        return INVALID(EINVAL);
    }
    if (!src) {
        memset(dest, 0, size);
        return INVALID(EINVAL);
    }
    if (size < count) {
        memset(dest, 0, size);
        return INVALID(ERANGE);
    }
    memcpy(dest, src, count);
    return 0;
}

errno_t __cdecl memmove_s(void *dest, rsize_t size, const void *src,
                          rsize_t count)
{
    if (count == 0) {
        return 0;
    }
    if (!dest || !src) {
        return INVALID(EINVAL);
    }
    if (size < count) {
        return INVALID(ERANGE);
    }
    memmove(dest, src, count);
    return 0;
}

static errno_t case_s(char *s, size_t size, int upper, const char *func,
                      const void *caller)
{
    size_t n;

    if (!s || size == 0) {
        isw_crt_invalid(func, caller, EINVAL);
        return EINVAL;
    }
    n = strnlen(s, size);
    if (n == size) {
        s[0] = '\0';
        isw_crt_invalid(func, caller, EINVAL);
        return EINVAL;
    }
    for (; *s; s++) {
        if (upper && *s >= 'a' && *s <= 'z') {
            *s = (char)(*s - 'a' + 'A');
        }
        else if (!upper && *s >= 'A' && *s <= 'Z') {
            *s = (char)(*s - 'A' + 'a');
        }
    }
    return 0;
}

errno_t __cdecl _strlwr_s(char *s, size_t size)
{
    return case_s(s, size, 0, __func__, CALLER);
}

errno_t __cdecl _strupr_s(char *s, size_t size)
{
    return case_s(s, size, 1, __func__, CALLER);
}

errno_t __cdecl _strdup_s(char **out, const char *s)
{
    if (!out) {
        return INVALID(EINVAL);
    }
    *out = NULL;
    if (!s) {
        return 0;
    }
    *out = strdup(s);
    return *out ? 0 : ENOMEM;
}

/* ---- Numbers ---- */

/* Digits of mag (negative when neg) in radix into buf[size]. */
static errno_t xtoa_s(unsigned long long mag, int neg, char *buf,
                      size_t size, int radix, const char *func,
                      const void *caller)
{
    char tmp[72];
    size_t n;

    if (!buf || size == 0) {
        isw_crt_invalid(func, caller, EINVAL);
        return EINVAL;
    }
    buf[0] = '\0';
    if (radix < 2 || radix > 36) {
        isw_crt_invalid(func, caller, EINVAL);
        return EINVAL;
    }
    n = isw_utoa(mag, neg, (unsigned)radix, tmp);
    if (n + 1 > size) {
        isw_crt_invalid(func, caller, ERANGE);
        return ERANGE;
    }
    memcpy(buf, tmp, n + 1);
    return 0;
}

/* A negative value has a sign only in radix 10; in any other radix its
 * bits print as unsigned (of the value's Windows width). */
errno_t __cdecl _itoa_s(int value, char *buf, size_t size, int radix)
{
    int neg = radix == 10 && value < 0;
    return xtoa_s(neg ? 0ULL - (long long)value : (unsigned int)value, neg,
                  buf, size, radix, __func__, CALLER);
}

errno_t __cdecl _ltoa_s(long value, char *buf, size_t size, int radix)
{
    int32_t v = (int32_t)value;
    int neg = radix == 10 && v < 0;
    return xtoa_s(neg ? 0ULL - (long long)v : (uint32_t)v, neg,
                  buf, size, radix, __func__, CALLER);
}

errno_t __cdecl _ultoa_s(unsigned long value, char *buf, size_t size,
                         int radix)
{
    return xtoa_s((uint32_t)value, 0, buf, size, radix, __func__, CALLER);
}

errno_t __cdecl _i64toa_s(long long value, char *buf, size_t size, int radix)
{
    int neg = radix == 10 && value < 0;
    return xtoa_s(neg ? 0ULL - (unsigned long long)value
                      : (unsigned long long)value, neg,
                  buf, size, radix, __func__, CALLER);
}

errno_t __cdecl _ui64toa_s(unsigned long long value, char *buf, size_t size,
                           int radix)
{
    return xtoa_s(value, 0, buf, size, radix, __func__, CALLER);
}

/* ---- Formatting ---- */

static int vformat_s(char *buf, size_t size, size_t count, const char *fmt,
                     va_list ap, int is_snprintf, const char *func,
                     const void *caller)
{
    size_t limit;
    int n;

    if (!fmt || !buf || size == 0) {
        if (buf && size) {
            buf[0] = '\0';
        }
        if (is_snprintf && !buf && size == 0 && count == 0) {
            return 0;
        }
        isw_crt_invalid(func, caller, EINVAL);
        return -1;
    }
    /* _snprintf_s writes at most count characters (all that fit with
     * _TRUNCATE); sprintf_s all of them, or fails. */
    limit = is_snprintf && count != _TRUNCATE && count < size ? count + 1
                                                              : size;
    n = isw_vformat_ap(buf, limit, fmt, ap, ISW_FMT_CRT, caller);
    if (n < 0) {
        buf[0] = '\0';
        return -1;
    }
    if ((size_t)n < limit) {
        return n;
    }
    if (is_snprintf && (count == _TRUNCATE || count < size)) {
        return -1;                     /* truncated as asked: no error */
    }
    buf[0] = '\0';
    isw_crt_invalid(func, caller, ERANGE);
    return -1;
}

int __cdecl vsprintf_s(char *buf, size_t size, const char *fmt, va_list ap)
{
    return vformat_s(buf, size, 0, fmt, ap, 0, __func__, CALLER);
}

int __cdecl sprintf_s(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vformat_s(buf, size, 0, fmt, ap, 0, __func__, CALLER);
    va_end(ap);
    return n;
}

int __cdecl _vsnprintf_s(char *buf, size_t size, size_t count,
                         const char *fmt, va_list ap)
{
    return vformat_s(buf, size, count, fmt, ap, 1, __func__, CALLER);
}

int __cdecl _snprintf_s(char *buf, size_t size, size_t count,
                        const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vformat_s(buf, size, count, fmt, ap, 1, __func__, CALLER);
    va_end(ap);
    return n;
}

/* ---- Environment, files, errors ---- */

errno_t __cdecl getenv_s(size_t *len, char *buf, rsize_t size,
                         const char *name)
{
    const char *v;
    size_t n;

    if (!len || !name || (!buf && size)) {
        return INVALID(EINVAL);
    }
    v = getenv(name);
    if (!v) {
        *len = 0;
        if (size) {
            buf[0] = '\0';
        }
        return 0;
    }
    n = strlen(v) + 1;
    *len = n;
    if (size == 0) {
        return 0;                      /* the size needed is in *len */
    }
    if (n > size) {
        buf[0] = '\0';
        return INVALID(ERANGE);
    }
    memcpy(buf, v, n);
    return 0;
}

errno_t __cdecl _dupenv_s(char **out, size_t *len, const char *name)
{
    const char *v;

    if (!out || !name) {
        return INVALID(EINVAL);
    }
    *out = NULL;
    if (len) {
        *len = 0;
    }
    v = getenv(name);
    if (!v) {
        return 0;
    }
    *out = strdup(v);
    if (!*out) {
        return ENOMEM;
    }
    if (len) {
        *len = strlen(v) + 1;
    }
    return 0;
}

errno_t __cdecl fopen_s(FILE **fp, const char *name, const char *mode)
{
    if (!fp) {
        return INVALID(EINVAL);
    }
    *fp = NULL;
    if (!name || !mode) {
        return INVALID(EINVAL);
    }
    *fp = fopen(name, mode);
    return *fp ? 0 : errno;
}

errno_t __cdecl strerror_s(char *buf, size_t size, int err)
{
    char tmp[256];
    const char *msg;

    if (!buf || size == 0) {
        return INVALID(EINVAL);
    }
    msg = strerror_r(err, tmp, sizeof(tmp));
    /* Truncating is documented for strerror_s: no error. */
    snprintf(buf, size, "%s", msg);
    return 0;
}

errno_t __cdecl _strerror_s(char *buf, size_t size, const char *prefix)
{
    char tmp[256];
    int err = errno;
    const char *msg;

    if (!buf || size == 0) {
        return INVALID(EINVAL);
    }
    msg = strerror_r(err, tmp, sizeof(tmp));
    if (prefix && *prefix) {
        snprintf(buf, size, "%s: %s\n", prefix, msg);
    }
    else {
        snprintf(buf, size, "%s\n", msg);
    }
    return 0;
}

/* ---- Paths ---- */

/* Where path's parts begin: the directory after the drive, the file
 * name after the last separator, the extension at the name's last dot
 * (or the end). */
static void path_parts(const char *path, size_t *dir, size_t *name,
                       size_t *ext, size_t *end)
{
    size_t i;

    *dir = (path[0] && path[1] == ':') ? 2 : 0;
    *name = *dir;
    *end = strlen(path);
    for (i = *dir; i < *end; i++) {
        if (path[i] == '\\' || path[i] == '/') {
            *name = i + 1;
        }
    }
    *ext = *end;
    for (i = *end; i > *name; i--) {
        if (path[i - 1] == '.') {
            *ext = i - 1;
            break;
        }
    }
}

/* Copies path[from, to) into out[size]; 0, or ERANGE when it does not
 * fit (out emptied). */
static int part(char *out, size_t size, const char *path, size_t from,
                size_t to)
{
    if (!out) {
        return 0;
    }
    if (to - from >= size) {
        out[0] = '\0';
        return ERANGE;
    }
    memcpy(out, path + from, to - from);
    out[to - from] = '\0';
    return 0;
}

void __cdecl _splitpath(const char *path, char *drive, char *dir,
                        char *fname, char *ext)
{
    size_t d, n, e, end;

    if (!path) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return;
    }
    path_parts(path, &d, &n, &e, &end);
    /* MSVC trusts the buffers to be _MAX_DRIVE, _MAX_DIR, ... long;
     * never write past those sizes. */
    part(drive, _MAX_DRIVE, path, 0, d);
    part(dir, _MAX_DIR, path, d, n);
    part(fname, _MAX_FNAME, path, n, e);
    part(ext, _MAX_EXT, path, e, end);
}

errno_t __cdecl _splitpath_s(const char *path,
    char *drive, size_t driveSize, char *dir, size_t dirSize,
    char *fname, size_t fnameSize, char *ext, size_t extSize)
{
    size_t d, n, e, end;

    if (!path || (!drive) != (driveSize == 0) || (!dir) != (dirSize == 0) ||
        (!fname) != (fnameSize == 0) || (!ext) != (extSize == 0)) {
        if (drive && driveSize) drive[0] = '\0';
        if (dir && dirSize) dir[0] = '\0';
        if (fname && fnameSize) fname[0] = '\0';
        if (ext && extSize) ext[0] = '\0';
        return INVALID(EINVAL);
    }
    path_parts(path, &d, &n, &e, &end);
    if (part(drive, driveSize, path, 0, d) || part(dir, dirSize, path, d, n) ||
        part(fname, fnameSize, path, n, e) ||
        part(ext, extSize, path, e, end)) {
        if (drive) drive[0] = '\0';
        if (dir) dir[0] = '\0';
        if (fname) fname[0] = '\0';
        if (ext) ext[0] = '\0';
        return INVALID(ERANGE);
    }
    return 0;
}

/* Appends s to out[size] at *len; 0, or -1 when it does not fit. */
static int append(char *out, size_t size, size_t *len, const char *s,
                  size_t n)
{
    if (*len + n >= size) {
        return -1;
    }
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
    return 0;
}

static int make_path(char *out, size_t size, const char *drive,
                     const char *dir, const char *fname, const char *ext)
{
    size_t len = 0;

    out[0] = '\0';
    if (drive && *drive) {
        if (append(out, size, &len, drive, 1) ||
            append(out, size, &len, ":", 1)) {
            return -1;
        }
    }
    if (dir && *dir) {
        size_t n = strlen(dir);
        if (append(out, size, &len, dir, n) ||
            (dir[n - 1] != '\\' && dir[n - 1] != '/' &&
             append(out, size, &len, "\\", 1))) {
            return -1;
        }
    }
    if (fname && append(out, size, &len, fname, strlen(fname))) {
        return -1;
    }
    if (ext && *ext) {
        if ((*ext != '.' && append(out, size, &len, ".", 1)) ||
            append(out, size, &len, ext, strlen(ext))) {
            return -1;
        }
    }
    return 0;
}

void __cdecl _makepath(char *path, const char *drive, const char *dir,
                       const char *fname, const char *ext)
{
    if (!path) {
        isw_crt_invalid(__func__, CALLER, EINVAL);
        return;
    }
    /* MSVC trusts path to hold _MAX_PATH characters. */
    if (make_path(path, _MAX_PATH, drive, dir, fname, ext)) {
        path[0] = '\0';
        isw_crt_invalid(__func__, CALLER, ERANGE);
    }
}

errno_t __cdecl _makepath_s(char *path, size_t size, const char *drive,
                            const char *dir, const char *fname,
                            const char *ext)
{
    if (!path || size == 0) {
        return INVALID(EINVAL);
    }
    if (make_path(path, size, drive, dir, fname, ext)) {
        path[0] = '\0';
        return INVALID(ERANGE);
    }
    return 0;
}
