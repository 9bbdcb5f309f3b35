/*
 * basic_auth: isf_basic_decode and isf_basic_encode.
 *
 * Decode direction: the input as an Authorization value.  The result is
 * one of APR_SUCCESS, APR_ENOENT (exactly when the scheme is not Basic)
 * or APR_EINVAL; a failure leaves *user and *pass NULL; a success gives a
 * user without ':' and re-encoding it decodes to the same pair again.
 *
 * Encode direction: the input split at its first 0xFF byte into a user
 * (':' and NUL dropped) and a password (NUL dropped); encoding them must
 * decode back to exactly those strings.
 */
#include "fuzz_common.h"

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Reference for APR_ENOENT: after OWS, not the token "Basic" (any case). */
static int ref_not_basic(const char *s)
{
    static const char basic[] = "basic";
    int i;

    while (is_ows(*s)) {
        s++;
    }
    for (i = 0; i < 5; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        }
        if (c != basic[i]) {
            return 1;
        }
    }
    return s[5] != '\0' && !is_ows(s[5]);
}

static void round_trip(apr_pool_t *p, const char *user, const char *pass)
{
    const char *u = "x", *pw = "x";
    char *enc = isf_basic_encode(p, user, pass);
    apr_status_t rv;

    CHECK(enc != NULL);
    CHECK(strncmp(enc, "Basic ", 6) == 0);
    CHECK(strpbrk(enc, "\r\n") == NULL);
    rv = isf_basic_decode(p, enc, &u, &pw);
    CHECK(rv == APR_SUCCESS);
    CHECK(u != NULL && pw != NULL);
    CHECK(strcmp(u, user) == 0);
    CHECK(strcmp(pw, pass) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *value = fuzz_cstr(data, size);
    char *user = malloc(size + 1), *pass = malloc(size + 1);
    const char *u = "sentinel", *pw = "sentinel";
    size_t i, nu = 0, np = 0;
    int in_pass = 0;
    apr_status_t rv;

    rv = isf_basic_decode(p, value, &u, &pw);
    CHECK(rv == APR_SUCCESS || rv == APR_ENOENT || rv == APR_EINVAL);
    CHECK((rv == APR_ENOENT) == ref_not_basic(value));
    if (rv == APR_SUCCESS) {
        CHECK(u != NULL && pw != NULL);
        CHECK(strchr(u, ':') == NULL);
        /* Credentials come out of base64: never a line end we add. */
        round_trip(p, u, pw);
    }
    else {
        CHECK(u == NULL && pw == NULL);
    }

    /* NULL out-pointers are refused, never written through. */
    CHECK(isf_basic_decode(p, value, NULL, &pw) == APR_EINVAL && pw == NULL);
    CHECK(isf_basic_decode(p, value, &u, NULL) == APR_EINVAL && u == NULL);

    for (i = 0; i < size; i++) {
        char c = (char)data[i];

        if (!in_pass && (unsigned char)c == 0xff) {
            in_pass = 1;
        }
        else if (c == '\0' || (!in_pass && c == ':')) {
            continue;
        }
        else if (in_pass) {
            pass[np++] = c;
        }
        else {
            user[nu++] = c;
        }
    }
    user[nu] = '\0';
    pass[np] = '\0';
    round_trip(p, user, pass);

    free(user);
    free(pass);
    free(value);
    apr_pool_destroy(p);
    return 0;
}
