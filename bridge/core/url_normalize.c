/*
 * url_normalize.c: SF_REQ_NORMALIZE_URL, in place: escapes decoded,
 * backslashes read as slashes, "." and ".." segments resolved, and a path
 * that would climb above the root refused.
 */
#include "apr.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_tables.h"
#define APR_WANT_STRFUNC
#define APR_WANT_MEMFUNC
#include "apr_want.h"

#include "core/core.h"

/*
 * Decode the byte at url[i] (i < end): a "%xx" escape or a plain byte,
 * with '\\' read as '/' either way, since Windows takes both as separators
 * and a filter normalising for an access check must see the same path.
 * Returns the bytes consumed, or 0 for a bad escape or an encoded NUL.
 */
static apr_size_t url_char(const char *url, apr_size_t i, apr_size_t end,
                           char *c)
{
    apr_size_t used = 1;
    unsigned char hi, lo;

    *c = url[i];
    if (*c == '%') {
        if (end - i < 3 || !ISF_ASCII(url[i + 1]) || !ISF_ASCII(url[i + 2])
            || !apr_isxdigit(url[i + 1]) || !apr_isxdigit(url[i + 2])) {
            return 0;
        }
        hi = (unsigned char)apr_tolower(url[i + 1]);
        lo = (unsigned char)apr_tolower(url[i + 2]);
        hi = (unsigned char)(apr_isdigit(hi) ? hi - '0' : hi - 'a' + 10);
        lo = (unsigned char)(apr_isdigit(lo) ? lo - '0' : lo - 'a' + 10);
        *c = (char)((hi << 4) | lo);
        if (*c == '\0') {
            return 0;
        }
        used = 3;
    }
    if (*c == '\\') {
        *c = '/';
    }
    return used;
}

/*
 * Walk the decoded path [0, end) segment by segment, as the rewrite will,
 * and say whether it is acceptable: well-formed escapes, no encoded NUL, a
 * leading '/', and no ".." that climbs above the root.  Nothing is written,
 * so a refused URL stays exactly as the filter gave it.
 */
static int url_path_ok(const char *url, apr_size_t end)
{
    apr_size_t i = 0, used, depth = 0;
    char c;

    if (end == 0 || (used = url_char(url, 0, end, &c)) == 0 || c != '/') {
        return 0;
    }
    i = used;
    for (;;) {
        apr_size_t seglen = 0;
        int dots = 1, slash = 0;

        while (i < end) {
            if ((used = url_char(url, i, end, &c)) == 0) {
                return 0;
            }
            i += used;
            if (c == '/') {
                slash = 1;
                break;
            }
            seglen++;
            if (c != '.') {
                dots = 0;
            }
        }
        if (dots && seglen == 2) {
            if (depth == 0) {
                return 0;
            }
            depth--;
        }
        else if (!(dots && seglen == 1)) {
            /* A name, or the empty segment of "//" or a trailing '/'. */
            depth++;
        }
        if (!slash) {
            return 1;
        }
    }
}

int isf_normalize_url(char *url)
{
    apr_size_t end, qlen, i, w, r, o;
    const char *q;
    int last_dot = 0;

    if (url == NULL) {
        return 0;
    }
    /* Only the path is normalised; the query is the application's. */
    q = strchr(url, '?');
    end = q ? (apr_size_t)(q - url) : strlen(url);
    qlen = q ? strlen(q) : 0;

    if (!url_path_ok(url, end)) {
        return 0;
    }

    /* Decode in place: the write index never passes the read index. */
    for (i = 0, w = 0; i < end; w++) {
        i += url_char(url, i, end, &url[w]);
    }

    /*
     * Remove dot segments in place (RFC 3986 5.2.4).  The output is a
     * run of "/segment" pieces copied from the input at or behind the
     * read position; ".." drops the last piece, and url_path_ok has
     * already proved there is always one to drop.
     */
    for (r = 0, o = 0; r < w; ) {
        apr_size_t s = r + 1, e = s;

        while (e < w && url[e] != '/') {
            e++;
        }
        if (e - s == 1 && url[s] == '.') {
            last_dot = 1;
        }
        else if (e - s == 2 && url[s] == '.' && url[s + 1] == '.') {
            last_dot = 1;
            while (o > 0 && url[--o] != '/')
                ;
        }
        else {
            last_dot = 0;
            memmove(url + o, url + r, e - r);
            o += e - r;
        }
        r = e;
    }
    /* "/a/." and "/a/b/.." name a directory: keep the trailing slash. */
    if (last_dot || o == 0) {
        url[o++] = '/';
    }

    memmove(url + o, url + end, qlen);
    url[o + qlen] = '\0';
    return 1;
}
