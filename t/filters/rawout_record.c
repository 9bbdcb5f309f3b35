/*
 * rawout_record.c: a pass-through SEND_RAW_DATA filter that reports what
 * it saw.  It counts the windows of each response, the largest cbInData
 * and cbInBuffer, the bytes, and an Adler-32 of them, and at END_OF_REQUEST
 * appends one line after the response with WriteClient:
 *
 *   RAWREPORT req=N windows=N max=N buffer=N bytes=N sum=xxxxxxxx pid=N\r\n
 *
 * (req counts responses on the connection, pid is the serving process).
 * Its own report raises SEND_RAW_DATA again; it is not counted.  A client
 * that reads the raw stream finds each report right after its response:
 * t/raw/send_raw_data.t, t/raw/raw_out_memory.t.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

#include "adler32.h"

typedef struct {
    unsigned long requests, windows, max, buffer;
    unsigned long long bytes;
    DWORD sum;
    int writing;
} rec_t;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_record: reports SEND_RAW_DATA",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    rec_t *rc = pfc->pFilterContext;

    if (!rc) {
        /* One block per connection, freed with it. */
        if (!(rc = pfc->AllocMem(pfc, sizeof(*rc), 0))) {
            return SF_STATUS_REQ_ERROR;
        }
        memset(rc, 0, sizeof(*rc));
        rc->sum = 1;
        pfc->pFilterContext = rc;
    }
    if (NotificationType == SF_NOTIFY_SEND_RAW_DATA && !rc->writing) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        rc->windows++;
        if (raw->cbInData > rc->max) {
            rc->max = raw->cbInData;
        }
        if (raw->cbInBuffer > rc->buffer) {
            rc->buffer = raw->cbInBuffer;
        }
        rc->bytes += raw->cbInData;
        rc->sum = adler_update(rc->sum, raw->pvInData, raw->cbInData);
    }
    else if (NotificationType == SF_NOTIFY_END_OF_REQUEST) {
        char line[256];
        DWORD n;

        n = (DWORD)snprintf(line, sizeof(line), "RAWREPORT req=%lu "
                            "windows=%lu max=%lu buffer=%lu bytes=%llu "
                            "sum=%08lx pid=%ld\r\n", ++rc->requests,
                            rc->windows, rc->max, rc->buffer, rc->bytes,
                            (unsigned long)rc->sum, (long)getpid());
        rc->windows = rc->max = rc->buffer = 0;
        rc->bytes = 0;
        rc->sum = 1;
        rc->writing = 1;
        pfc->WriteClient(pfc, line, &n, 0);
        rc->writing = 0;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
