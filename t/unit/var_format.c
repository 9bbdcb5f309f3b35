/*
 * var_format.c (t/unit): TAP tests for bridge/core/var_format.c: the
 * GetServerVariable/GetHeader buffer protocol (the size needed, NUL
 * included, and ERROR_INSUFFICIENT_BUFFER when it does not fit) at every
 * size boundary, ALL_HTTP and ALL_RAW, and HTTP_<NAME> lookup.
 */
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_pools.h"
#include "apr_strings.h"
#include "apr_tables.h"

#include "core/core.h"
#include "tap.h"

static apr_pool_t *pool;

static void copy_out(void)
{
    char buf[16];
    DWORD size;
    BOOL rv;
    char *heap;

    /* Size query idiom: NULL buffer, size 0. */
    SetLastError(NO_ERROR);
    size = 0;
    rv = isf_copy_out("hello", 5, NULL, &size);
    ok(!rv, "size 0 with a NULL buffer returns FALSE");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER,
           "size 0 sets ERROR_INSUFFICIENT_BUFFER");
    is_int(size, 6, "ERROR_INSUFFICIENT_BUFFER reports the size including "
                    "the NUL");

    /* Size 0 with a real buffer: nothing may be written. */
    memset(buf, 'Z', sizeof(buf));
    size = 0;
    rv = isf_copy_out("hello", 5, buf, &size);
    ok(!rv && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "size 0 with a buffer is too small");
    ok(buf[0] == 'Z', "a too-small buffer is left untouched");

    /* One short: room for the text but not the NUL. */
    memset(buf, 'Z', sizeof(buf));
    SetLastError(NO_ERROR);
    size = 5;
    rv = isf_copy_out("hello", 5, buf, &size);
    ok(!rv, "a buffer one byte short (no room for the NUL) returns FALSE");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER,
           "one byte short sets ERROR_INSUFFICIENT_BUFFER");
    is_int(size, 6, "one byte short reports the size needed");
    ok(memchr(buf, 'h', sizeof(buf)) == NULL,
       "one byte short writes no partial value");

    /* Exact. */
    memset(buf, 'Z', sizeof(buf));
    SetLastError(12345);
    size = 6;
    rv = isf_copy_out("hello", 5, buf, &size);
    ok(rv, "an exact-size buffer returns TRUE");
    is_str(buf, "hello", "an exact-size buffer receives the value");
    is_int(size, 6, "on success *size is the bytes written including NUL");
    ok(buf[6] == 'Z', "nothing is written past the NUL");
    is_int(GetLastError(), 12345, "success does not touch the last error");

    /* Larger. */
    memset(buf, 'Z', sizeof(buf));
    size = sizeof(buf);
    rv = isf_copy_out("hello", 5, buf, &size);
    ok(rv, "a larger buffer returns TRUE");
    is_int(size, 6, "a larger buffer: *size shrinks to the bytes written");
    ok(buf[6] == 'Z', "a larger buffer: bytes after the NUL untouched");

    /* Only len bytes of value, even if the string goes on. */
    size = sizeof(buf);
    rv = isf_copy_out("hello world", 5, buf, &size);
    ok(rv && strcmp(buf, "hello") == 0,
       "only len bytes of value are copied, then a NUL");

    /* Empty value. */
    memset(buf, 'Z', sizeof(buf));
    size = 1;
    rv = isf_copy_out("", 0, buf, &size);
    ok(rv && buf[0] == '\0' && size == 1,
       "an empty value into a 1-byte buffer gives '' and size 1");
    size = 0;
    rv = isf_copy_out("", 0, NULL, &size);
    ok(!rv && size == 1 && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "an empty value still needs 1 byte for the NUL");
    size = 1;
    rv = isf_copy_out(NULL, 0, buf, &size);
    ok(rv && buf[0] == '\0', "a NULL value of length 0 copies as ''");

    /* Embedded NUL: the protocol copies len bytes, not strlen. */
    memset(buf, 'Z', sizeof(buf));
    size = sizeof(buf);
    rv = isf_copy_out("a\0b", 3, buf, &size);
    ok(rv && size == 4 && memcmp(buf, "a\0b\0", 4) == 0,
       "len bytes are copied verbatim, embedded NUL included");

    /* Parameter errors. */
    SetLastError(NO_ERROR);
    rv = isf_copy_out("hello", 5, buf, NULL);
    ok(!rv, "a NULL size pointer returns FALSE");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER,
           "a NULL size pointer sets ERROR_INVALID_PARAMETER");

    SetLastError(NO_ERROR);
    size = 16;
    rv = isf_copy_out("hello", 5, NULL, &size);
    ok(!rv, "a NULL buffer with *size > 0 returns FALSE");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER,
           "a NULL buffer with *size > 0 sets ERROR_INVALID_PARAMETER");
    is_int(size, 16, "a parameter error leaves *size alone");

    SetLastError(NO_ERROR);
    size = 3;
    rv = isf_copy_out("hello", 5, NULL, &size);
    is_int(GetLastError(), ERROR_INVALID_PARAMETER,
           "a NULL buffer with a too-small *size is still a bad parameter");

    SetLastError(NO_ERROR);
    size = sizeof(buf);
    rv = isf_copy_out(NULL, 5, buf, &size);
    ok(!rv && GetLastError() == ERROR_INVALID_PARAMETER,
       "a NULL value with a length sets ERROR_INVALID_PARAMETER");

    /* A value whose size cannot travel in a DWORD (never dereferenced). */
    SetLastError(NO_ERROR);
    size = 0;
    rv = isf_copy_out("x", (apr_size_t)0xFFFFFFFFu, NULL, &size);
    ok(!rv && GetLastError() == ERROR_INVALID_PARAMETER && size == 0,
       "a value of 4 GiB - 1 (size+NUL overflows a DWORD) is refused");
    size = 0;
    rv = isf_copy_out("x", (apr_size_t)0xFFFFFFFEu, NULL, &size);
    ok(!rv && GetLastError() == ERROR_INSUFFICIENT_BUFFER
       && size == 0xFFFFFFFFu,
       "a value of 4 GiB - 2 reports the largest DWORD size");

    /* Exact-size heap buffer: ASan catches any write past *size. */
    heap = malloc(4);
    size = 4;
    rv = isf_copy_out("abc", 3, heap, &size);
    ok(rv && strcmp(heap, "abc") == 0,
       "an exact-size heap buffer is filled without overflow");
    size = 3;
    rv = isf_copy_out("abcd", 4, heap, &size);
    ok(!rv && size == 5, "a short heap buffer is refused, needing 5");
    free(heap);
}

static void all_vars(void)
{
    apr_table_t *h = apr_table_make(pool, 4);

    is_str(isf_format_all_http(pool, h), "",
           "ALL_HTTP of no headers is ''");
    is_str(isf_format_all_raw(pool, h), "", "ALL_RAW of no headers is ''");
    is_str(isf_format_all_http(pool, NULL), "",
           "ALL_HTTP of a NULL table is ''");

    apr_table_add(h, "Host", "example.com");
    apr_table_add(h, "Accept-Language", "en-GB, fr;q=0.5");
    apr_table_add(h, "x-lower-case", "v");
    apr_table_add(h, "Cookie", "a=1");
    apr_table_add(h, "Cookie", "b=2");
    apr_table_add(h, "X-Empty", "");

    is_str(isf_format_all_http(pool, h),
           "HTTP_HOST:example.com\n"
           "HTTP_ACCEPT_LANGUAGE:en-GB, fr;q=0.5\n"
           "HTTP_X_LOWER_CASE:v\n"
           "HTTP_COOKIE:a=1\n"
           "HTTP_COOKIE:b=2\n"
           "HTTP_X_EMPTY:\n",
           "ALL_HTTP: HTTP_ prefix, upper case, '-' to '_', 'NAME:value\\n' "
           "in table order");
    is_str(isf_format_all_raw(pool, h),
           "Host: example.com\r\n"
           "Accept-Language: en-GB, fr;q=0.5\r\n"
           "x-lower-case: v\r\n"
           "Cookie: a=1\r\n"
           "Cookie: b=2\r\n"
           "X-Empty: \r\n",
           "ALL_RAW: names as received, 'Name: value\\r\\n' in table order");

    h = apr_table_make(pool, 1);
    apr_table_add(h, "X-\xc3\xa9t\xc3\xa9", "1");
    is_str(isf_format_all_http(pool, h), "HTTP_X_\xc3\xa9T\xc3\xa9:1\n",
           "ALL_HTTP upper-cases ASCII only; other bytes pass unchanged");
    apr_table_add(h, "Under_Score", "2");
    is_str(isf_format_all_raw(pool, h),
           "X-\xc3\xa9t\xc3\xa9: 1\r\nUnder_Score: 2\r\n",
           "ALL_RAW keeps underscores and bytes as received");
}

static void http_var(void)
{
    is_str(isf_http_var_to_header(pool, "ACCEPT_LANGUAGE"), "ACCEPT-LANGUAGE",
           "HTTP_ACCEPT_LANGUAGE looks up ACCEPT-LANGUAGE");
    is_str(isf_http_var_to_header(pool, "HOST"), "HOST",
           "a suffix without '_' is unchanged");
    is_str(isf_http_var_to_header(pool, "My_Custom_Header"),
           "My-Custom-Header", "every '_' becomes '-', case kept");
    is_str(isf_http_var_to_header(pool, "_X_"), "-X-",
           "leading and trailing '_' become '-'");
    is_str(isf_http_var_to_header(pool, ""), NULL,
           "an empty suffix (bare HTTP_) gives NULL");
    is_str(isf_http_var_to_header(pool, NULL), NULL,
           "a NULL suffix gives NULL");

    {
        apr_table_t *h = apr_table_make(pool, 1);

        apr_table_add(h, "Accept-Language", "de");
        is_str(apr_table_get(h, isf_http_var_to_header(pool,
                                                       "ACCEPT_LANGUAGE")),
               "de", "the key finds the header case-insensitively");
    }
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    copy_out();
    all_vars();
    http_var();

    apr_pool_destroy(pool);
    apr_terminate();
    return done();
}
