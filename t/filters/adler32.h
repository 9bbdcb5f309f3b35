/*
 * adler32.h: Adler-32 (zlib's) for the test filters that report a
 * checksum of the bytes they saw (rawout_record.c, rawout_map.c):
 * position-sensitive and cheap enough for a 1 GiB response.  Included by
 * each filter, which is built as a self-contained library.
 */
#ifndef ISF_TEST_ADLER32_H
#define ISF_TEST_ADLER32_H

#include <httpfilt.h>

/* Continue adler over p[0..n); start from 1. */
static DWORD adler_update(DWORD adler, const unsigned char *p, DWORD n)
{
    DWORD a = adler & 0xffff, b = adler >> 16;

    while (n) {
        /* 5552: the most bytes before b can overflow 32 bits. */
        DWORD k = n < 5552 ? n : 5552;
        n -= k;
        while (k--) {
            a += *p++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return (b << 16) | a;
}

#endif /* ISF_TEST_ADLER32_H */
