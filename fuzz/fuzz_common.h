/*
 * fuzz_common.h: what every target in fuzz/ shares.  One APR pool for the
 * process, a fresh subpool per input (destroyed after it, so the allocator
 * recycles its blocks and LeakSanitizer sees nothing), and CHECK(), which
 * turns a broken contract into an abort() that libFuzzer reports as a crash
 * and saves as an artifact.
 */
#ifndef ISF_FUZZ_COMMON_H
#define ISF_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_pools.h"
#include "apr_tables.h"

#include "core/core.h"

#define CHECK(cond) do {                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__,     \
                    __LINE__, #cond);                                     \
            abort();                                                      \
        }                                                                 \
    } while (0)

static apr_pool_t *fuzz_root;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (apr_initialize() != APR_SUCCESS
        || apr_pool_create(&fuzz_root, NULL) != APR_SUCCESS) {
        abort();
    }
    return 0;
}

static inline apr_pool_t *fuzz_pool(void)
{
    apr_pool_t *p;

    if (apr_pool_create(&p, fuzz_root) != APR_SUCCESS) {
        abort();
    }
    return p;
}

/* A NUL-terminated malloc copy of exactly size + 1 bytes. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s == NULL) {
        abort();
    }
    if (size) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

/* Consume bytes from the front of the input (0 once it runs out). */
typedef struct {
    const uint8_t *p;
    size_t n;
} fuzz_in_t;

static inline unsigned fuzz_u8(fuzz_in_t *in)
{
    unsigned v;

    if (in->n == 0) {
        return 0;
    }
    v = in->p[0];
    in->p++;
    in->n--;
    return v;
}

static inline unsigned fuzz_u16(fuzz_in_t *in)
{
    unsigned hi = fuzz_u8(in);

    return (hi << 8) | fuzz_u8(in);
}

static inline uint32_t fuzz_u32(fuzz_in_t *in)
{
    uint32_t hi = fuzz_u16(in);

    return (hi << 16) | fuzz_u16(in);
}

/* ASCII-only case-insensitive compare (the locale plays no part). */
static inline int fuzz_ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;

        if (ca >= 'A' && ca <= 'Z') {
            ca += 'a' - 'A';
        }
        if (cb >= 'A' && cb <= 'Z') {
            cb += 'a' - 'A';
        }
        if (ca != cb || ca == 0) {
            return ca - cb;
        }
    }
}

/* Reference RFC 9110 tchar, written from the grammar. */
static inline int fuzz_is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static inline int fuzz_is_token(const char *s, size_t len)
{
    size_t i;

    if (len == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!fuzz_is_tchar((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

#endif /* ISF_FUZZ_COMMON_H */
