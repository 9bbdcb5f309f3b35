/*
 * rawout_edit.c: changes SEND_RAW_DATA windows the ways IIS allows, chosen
 * per request by the request header "X-Raw-Edit" (read in
 * PREPROC_HEADERS):
 *
 *   inplace    every "quick" becomes "QUICK" in the server's buffer
 *   shorten    every "brown " is cut out in place, cbInData shrinks
 *   grow       "!!" appended in place, in the room cbInBuffer leaves
 *   swallow    cbInData = 0: nothing of the response goes out
 *   replace    pvInData points at the filter's own buffer, where every
 *              "fox" became "wolf" (longer than the window it replaces)
 *   overclaim  pvInData points at a 9-byte buffer ("OVERCLAIM",
 *              cbInBuffer 9) while cbInData claims 4096
 *
 * t/raw/send_raw_data.t.
 */
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

typedef struct {
    char mode[16];
    char *buf;      /* "replace": grows, freed at END_OF_NET_SESSION */
    size_t cap;
} edit_t;

static char overclaim[9] = { 'O', 'V', 'E', 'R', 'C', 'L', 'A', 'I', 'M' };

static size_t find(const char *p, size_t n, const char *lit, size_t from)
{
    size_t l = strlen(lit), i;

    for (i = from; i + l <= n; i++) {
        if (!memcmp(p + i, lit, l)) {
            return i;
        }
    }
    return (size_t)-1;
}

static DWORD edit_window(edit_t *ed, HTTP_FILTER_RAW_DATA *raw)
{
    char *p = raw->pvInData;
    size_t n = raw->cbInData, i = 0, o;

    if (!strcmp(ed->mode, "inplace")) {
        while ((i = find(p, n, "quick", i)) != (size_t)-1) {
            memcpy(p + i, "QUICK", 5);
        }
    }
    else if (!strcmp(ed->mode, "shorten")) {
        while ((i = find(p, n, "brown ", i)) != (size_t)-1) {
            memmove(p + i, p + i + 6, n - i - 6);
            n -= 6;
        }
        raw->cbInData = (DWORD)n;
    }
    else if (!strcmp(ed->mode, "grow")) {
        if (n + 2 <= raw->cbInBuffer) {
            memcpy(p + n, "!!", 2);
            raw->cbInData = (DWORD)(n + 2);
        }
    }
    else if (!strcmp(ed->mode, "swallow")) {
        raw->cbInData = 0;
    }
    else if (!strcmp(ed->mode, "replace")) {
        if (ed->cap < n * 2) {
            char *nb = realloc(ed->buf, n * 2);
            if (!nb) {
                SetLastError(ERROR_NOT_ENOUGH_MEMORY);
                return SF_STATUS_REQ_ERROR;
            }
            ed->buf = nb;
            ed->cap = n * 2;
        }
        for (i = 0, o = 0; i < n; ) {
            if (i + 3 <= n && !memcmp(p + i, "fox", 3)) {
                memcpy(ed->buf + o, "wolf", 4);
                o += 4;
                i += 3;
            }
            else {
                ed->buf[o++] = p[i++];
            }
        }
        raw->pvInData = ed->buf;
        raw->cbInData = (DWORD)o;
        raw->cbInBuffer = (DWORD)ed->cap;
    }
    else if (!strcmp(ed->mode, "overclaim")) {
        raw->pvInData = overclaim;
        raw->cbInData = 4096;
        raw->cbInBuffer = sizeof(overclaim);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, "rawout_edit: edits raw windows",
            SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_END_OF_NET_SESSION | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    edit_t *ed = pfc->pFilterContext;

    if (NotificationType == SF_NOTIFY_END_OF_NET_SESSION) {
        if (ed) {
            free(ed->buf);
            free(ed);
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!ed) {
        if (!(ed = calloc(1, sizeof(*ed)))) {
            return SF_STATUS_REQ_ERROR;
        }
        pfc->pFilterContext = ed;
    }
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        HTTP_FILTER_PREPROC_HEADERS *ph = pvNotification;
        DWORD n = sizeof(ed->mode);
        if (!ph->GetHeader(pfc, "X-Raw-Edit:", ed->mode, &n)) {
            ed->mode[0] = '\0';
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (NotificationType == SF_NOTIFY_SEND_RAW_DATA) {
        return edit_window(ed, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
