/*
 * rawout_inject.c: adds a header on the wire, from SEND_RAW_DATA.  In the
 * first window of each response it finds the end of the head, sends the
 * head up to it plus "X-Raw-Inject: K" (K counts responses on the
 * connection) with WriteClient, and leaves the rest of the window (the
 * blank line and the body) as the window's data, moved to its front.
 * WriteClient from SEND_RAW_DATA goes out before the window it was
 * called for, so the response stays whole and its framing intact:
 * t/raw/send_raw_data.t (keep-alive, pipelining).
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

typedef struct {
    unsigned long responses;
    int in_body;        /* the head of this response went by */
    int writing;
} inject_t;

static char *find_blank(char *p, DWORD n)
{
    DWORD i;

    for (i = 0; i + 4 <= n; i++) {
        if (!memcmp(p + i, "\r\n\r\n", 4)) {
            return p + i;
        }
    }
    return NULL;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_inject: header via WriteClient",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_END_OF_REQUEST
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    inject_t *in = pfc->pFilterContext;

    if (!in) {
        if (!(in = pfc->AllocMem(pfc, sizeof(*in), 0))) {
            return SF_STATUS_REQ_ERROR;
        }
        memset(in, 0, sizeof(*in));
        pfc->pFilterContext = in;
    }
    if (NotificationType == SF_NOTIFY_END_OF_REQUEST) {
        in->in_body = 0;
    }
    else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA && !in->writing
             && !in->in_body) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        char *p = raw->pvInData, *blank = find_blank(p, raw->cbInData);
        char head[16384];
        DWORD n, keep;

        if (!blank || (DWORD)(blank - p) + 64 > sizeof(head)) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;   /* not a whole head */
        }
        in->in_body = 1;
        n = (DWORD)(blank - p) + 2;             /* through the last CRLF */
        memcpy(head, p, n);
        n += (DWORD)snprintf(head + n, sizeof(head) - n,
                             "X-Raw-Inject: %lu\r\n", ++in->responses);
        in->writing = 1;
        pfc->WriteClient(pfc, head, &n, 0);
        in->writing = 0;
        keep = raw->cbInData - (DWORD)(blank + 2 - p);
        memmove(p, blank + 2, keep);
        raw->cbInData = keep;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
