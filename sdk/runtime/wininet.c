/*
 * wininet.c: InternetCrackUrlA and InternetCanonicalizeUrlA
 * (wininet.h), the two WinINet calls filters use on the URLs they see.
 */
#include "isw.h"
#include "wininet.h"

#include <strings.h>

static const struct {
    const char *name;
    INTERNET_SCHEME scheme;
    INTERNET_PORT port;
} schemes[] = {
    { "ftp",        INTERNET_SCHEME_FTP,        INTERNET_DEFAULT_FTP_PORT },
    { "gopher",     INTERNET_SCHEME_GOPHER,     INTERNET_DEFAULT_GOPHER_PORT },
    { "http",       INTERNET_SCHEME_HTTP,       INTERNET_DEFAULT_HTTP_PORT },
    { "https",      INTERNET_SCHEME_HTTPS,      INTERNET_DEFAULT_HTTPS_PORT },
    { "file",       INTERNET_SCHEME_FILE,       0 },
    { "news",       INTERNET_SCHEME_NEWS,       0 },
    { "mailto",     INTERNET_SCHEME_MAILTO,     0 },
    { "socks",      INTERNET_SCHEME_SOCKS,      INTERNET_DEFAULT_SOCKS_PORT },
    { "javascript", INTERNET_SCHEME_JAVASCRIPT, 0 },
    { "vbscript",   INTERNET_SCHEME_VBSCRIPT,   0 },
    { "res",        INTERNET_SCHEME_RES,        0 },
};

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Hands one component out: a pointer into the URL (pointer NULL, length
 * non-zero), or a copy into the caller's buffer, decoded with
 * ICU_DECODE/ICU_ESCAPE.  FALSE (ERROR_INSUFFICIENT_BUFFER, the length
 * then the size needed) when the buffer is too small. */
static BOOL give(LPSTR *ptr, DWORD *len, const char *s, size_t n, int decode)
{
    char *out = *ptr;
    size_t i, o = 0;

    if (!out && !*len) {
        return TRUE;                   /* not asked for */
    }
    if (!out) {
        *ptr = (LPSTR)s;
        *len = (DWORD)n;
        return TRUE;
    }
    for (i = 0; i < n; i++, o++) {
        if (decode && s[i] == '%' && i + 2 < n
            && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            i += 2;
        }
    }
    if (o + 1 > *len) {
        *len = (DWORD)o + 1;
        return isw_fail(ERROR_INSUFFICIENT_BUFFER);
    }
    for (i = 0, o = 0; i < n; i++) {
        if (decode && s[i] == '%' && i + 2 < n
            && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
            i += 2;
        }
        else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    *len = (DWORD)o;
    return TRUE;
}

WINBASEAPI BOOL WINAPI InternetCrackUrlA(LPCSTR lpszUrl, DWORD dwUrlLength,
                                         DWORD dwFlags,
                                         LPURL_COMPONENTSA uc)
{
    const char *url = lpszUrl, *end, *p, *colon, *auth, *auth_end, *at;
    const char *host, *host_end, *port = NULL, *path, *extra;
    int decode = (dwFlags & (ICU_DECODE | ICU_ESCAPE)) != 0;
    INTERNET_SCHEME scheme = INTERNET_SCHEME_UNKNOWN;
    INTERNET_PORT nport = 0;
    BOOL ok = TRUE;
    size_t i;

    if (!lpszUrl || !uc || uc->dwStructSize != sizeof(*uc)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (decode && ((!uc->lpszScheme && uc->dwSchemeLength)
                   || (!uc->lpszHostName && uc->dwHostNameLength)
                   || (!uc->lpszUserName && uc->dwUserNameLength)
                   || (!uc->lpszPassword && uc->dwPasswordLength)
                   || (!uc->lpszUrlPath && uc->dwUrlPathLength)
                   || (!uc->lpszExtraInfo && uc->dwExtraInfoLength))) {
        /* Decoding needs the caller's buffers to decode into. */
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    end = url + (dwUrlLength ? dwUrlLength : strlen(url));
    colon = memchr(url, ':', (size_t)(end - url));
    if (!colon || colon == url) {
        return isw_fail(ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    }
    for (p = url; p < colon; p++) {
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.') {
            return isw_fail(ERROR_INTERNET_UNRECOGNIZED_SCHEME);
        }
    }
    for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
        if (strlen(schemes[i].name) == (size_t)(colon - url)
            && !strncasecmp(url, schemes[i].name, (size_t)(colon - url))) {
            scheme = schemes[i].scheme;
            nport = schemes[i].port;
        }
    }
    p = colon + 1;
    host = host_end = auth = auth_end = at = NULL;
    if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
        /* //[user[:password]@]host[:port] */
        auth = p + 2;
        for (auth_end = auth; auth_end < end && *auth_end != '/'
             && *auth_end != '?' && *auth_end != '#'; auth_end++) {
        }
        for (at = auth_end; at > auth && at[-1] != '@'; at--) {
        }
        host = at > auth ? at : auth;
        if (host < auth_end && *host == '[') {
            host_end = memchr(host, ']', (size_t)(auth_end - host));
            host_end = host_end ? host_end + 1 : auth_end;
        }
        else {
            host_end = memchr(host, ':', (size_t)(auth_end - host));
            host_end = host_end ? host_end : auth_end;
        }
        if (host_end < auth_end && *host_end == ':') {
            char *e;
            unsigned long v;
            port = host_end + 1;
            v = strtoul(port, &e, 10);
            if (e != auth_end || v > INTERNET_MAX_PORT_NUMBER_VALUE) {
                return isw_fail(ERROR_INTERNET_INVALID_URL);
            }
            if (e > port) {
                nport = (INTERNET_PORT)v;
            }
        }
        path = auth_end;
    }
    else if (scheme == INTERNET_SCHEME_UNKNOWN) {
        return isw_fail(ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    }
    else {
        path = p;                 /* mailto:, javascript:... */
    }
    /* The extra information (?query or #fragment) follows the path. */
    for (extra = path; extra < end && *extra != '?' && *extra != '#'; extra++) {
    }
    if (scheme == INTERNET_SCHEME_MAILTO || scheme == INTERNET_SCHEME_JAVASCRIPT
        || scheme == INTERNET_SCHEME_VBSCRIPT) {
        extra = end;
    }

    uc->nScheme = scheme;
    uc->nPort = nport;
    ok = give(&uc->lpszScheme, &uc->dwSchemeLength, url,
              (size_t)(colon - url), 0) && ok;
    ok = give(&uc->lpszHostName, &uc->dwHostNameLength, host ? host : path,
              host ? (size_t)(host_end - host) : 0, decode) && ok;
    {
        const char *u = auth, *u_end = at && at > auth ? at - 1 : auth;
        const char *pw = u ? memchr(u, ':', (size_t)(u_end - u)) : NULL;
        ok = give(&uc->lpszUserName, &uc->dwUserNameLength, u ? u : path,
                  u ? (size_t)((pw ? pw : u_end) - u) : 0, decode) && ok;
        ok = give(&uc->lpszPassword, &uc->dwPasswordLength,
                  pw ? pw + 1 : u_end ? u_end : path,
                  pw ? (size_t)(u_end - pw - 1) : 0, decode) && ok;
    }
    ok = give(&uc->lpszUrlPath, &uc->dwUrlPathLength, path,
              (size_t)(extra - path), decode) && ok;
    ok = give(&uc->lpszExtraInfo, &uc->dwExtraInfoLength, extra,
              (size_t)(end - extra), decode) && ok;
    return ok;
}

/* What a URL may not carry unencoded. */
static int unsafe(unsigned char c, DWORD flags)
{
    if (flags & ICU_ENCODE_SPACES_ONLY) {
        return c == ' ';
    }
    if (c == '%') {
        return (flags & ICU_ENCODE_PERCENT) != 0;
    }
    return c <= 0x20 || c >= 0x7F || strchr("\"<>{}|^`", c) != NULL;
}

WINBASEAPI BOOL WINAPI InternetCanonicalizeUrlA(LPCSTR lpszUrl,
                                                LPSTR lpszBuffer,
                                                LPDWORD lpdwBufferLength,
                                                DWORD dwFlags)
{
    const char *url = lpszUrl, *rest, *pstart, *pend, *p;
    char *work, *out, *seg;
    size_t len, o = 0, need;

    if (!lpszUrl || !lpdwBufferLength || (!lpszBuffer && *lpdwBufferLength)) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    len = strlen(url);
    rest = strstr(url, "://");
    rest = rest ? rest + 3 : url;
    /* The path starts after scheme://authority. */
    pstart = rest == url ? url : rest + strcspn(rest, "/?#");
    pend = pstart + strcspn(pstart, "?#");
    if (!(work = malloc(len * 3 + 1))) {
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    memcpy(work, url, (size_t)(pstart - url));
    o = (size_t)(pstart - url);
    /* Path: "." and ".." segments resolved unless ICU_NO_META. */
    for (p = pstart; p < pend;) {
        int slash = *p == '/';
        const char *q = memchr(p + slash, '/', (size_t)(pend - p - slash));
        size_t n, base = (size_t)(pstart - url);
        int meta = !(dwFlags & ICU_NO_META) && slash;

        q = q ? q : pend;
        seg = (char *)p + slash;
        n = (size_t)(q - seg);
        if (meta && n == 1 && seg[0] == '.') {
            if (q == pend) {
                work[o++] = '/';
            }
        }
        else if (meta && n == 2 && seg[0] == '.' && seg[1] == '.') {
            /* Drop the segment written last. */
            while (o > base && work[o - 1] != '/') {
                o--;
            }
            if (o > base) {
                o--;
            }
            if (q == pend) {
                work[o++] = '/';
            }
        }
        else {
            memcpy(work + o, p, (size_t)(q - p));
            o += (size_t)(q - p);
        }
        p = q;
    }
    memcpy(work + o, pend, len - (size_t)(pend - url));
    o += len - (size_t)(pend - url);
    work[o] = '\0';

    /* Encoding or decoding, past scheme://host; with ICU_BROWSER_MODE
     * the query and fragment are left as they are. */
    if (!(out = malloc(o * 3 + 1))) {
        free(work);
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    {
        size_t i, n = 0, from = (size_t)(pstart - url);
        size_t stop = o;
        if (dwFlags & ICU_BROWSER_MODE) {
            stop = from + strcspn(work + from, "?#");
        }
        for (i = 0; i < o; i++) {
            unsigned char c = (unsigned char)work[i];
            if (i < from || i >= stop) {
                out[n++] = (char)c;
            }
            else if ((dwFlags & ICU_DECODE) && c == '%' && hexval(work[i + 1]) >= 0
                     && hexval(work[i + 2]) >= 0) {
                out[n++] = (char)(hexval(work[i + 1]) << 4 | hexval(work[i + 2]));
                i += 2;
            }
            else if (!(dwFlags & (ICU_NO_ENCODE | ICU_DECODE)) && unsafe(c, dwFlags)) {
                n += (size_t)sprintf(out + n, "%%%02X", c);
            }
            else {
                out[n++] = (char)c;
            }
        }
        out[n] = '\0';
        need = n;
    }
    free(work);
    if (need + 1 > *lpdwBufferLength) {
        *lpdwBufferLength = (DWORD)need + 1;
        free(out);
        return isw_fail(ERROR_INSUFFICIENT_BUFFER);
    }
    memcpy(lpszBuffer, out, need + 1);
    *lpdwBufferLength = (DWORD)need;
    free(out);
    return TRUE;
}
