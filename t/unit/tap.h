/*
 * tap.h: the smallest TAP producer that serves t/unit.  Each test program
 * includes it, makes its assertions and ends with done(), which prints the
 * plan last (unless plan() gave it first) and turns failures into the exit
 * status, so a program that dies half-way reports a missing plan to prove.
 */
#ifndef ISF_TAP_H
#define ISF_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_run;
static int tap_failed;
static int tap_planned = -1;

static inline int tap_ok(int pass, const char *file, int line,
                         const char *msg)
{
    tap_run++;
    printf("%sok %d - %s\n", pass ? "" : "not ", tap_run, msg);
    if (!pass) {
        tap_failed++;
        printf("#   Failed test at %s line %d\n", file, line);
    }
    fflush(stdout);
    return pass;
}

static inline int tap_is_str(const char *got, const char *want,
                             const char *file, int line, const char *msg)
{
    int pass = (got == NULL || want == NULL) ? got == want
                                             : strcmp(got, want) == 0;

    if (!tap_ok(pass, file, line, msg)) {
        printf("#          got: %s%s%s\n", got ? "'" : "", got ? got : "NULL",
               got ? "'" : "");
        printf("#     expected: %s%s%s\n", want ? "'" : "",
               want ? want : "NULL", want ? "'" : "");
    }
    return pass;
}

static inline int tap_is_long(long got, long want, const char *file,
                              int line, const char *msg)
{
    if (!tap_ok(got == want, file, line, msg)) {
        printf("#          got: %ld\n#     expected: %ld\n", got, want);
        return 0;
    }
    return 1;
}

static inline int tap_done(void)
{
    if (tap_planned < 0) {
        printf("1..%d\n", tap_run);
    }
    else if (tap_planned != tap_run) {
        printf("# planned %d tests but ran %d\n", tap_planned, tap_run);
        return 255;
    }
    if (tap_failed) {
        printf("# failed %d of %d tests\n", tap_failed, tap_run);
    }
    return tap_failed > 254 ? 254 : tap_failed;
}

/* plan(n) is optional; without it done() prints the plan at the end. */
#define plan(n)     (tap_planned = (n), printf("1..%d\n", (n)))
#define ok(c, msg)  tap_ok(!!(c), __FILE__, __LINE__, (msg))
#define is_str(got, want, msg) \
    tap_is_str((got), (want), __FILE__, __LINE__, (msg))
#define is_int(got, want, msg) \
    tap_is_long((long)(got), (long)(want), __FILE__, __LINE__, (msg))
#define diag(msg)   printf("# %s\n", (msg))
#define done()      tap_done()

#endif /* ISF_TAP_H */
