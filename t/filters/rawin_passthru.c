/*
 * rawin_passthru.c: a raw in+out filter that changes nothing and records
 * every notification it gets (t/raw/tls.t, t/raw/http2.t).  A global
 * filter, registered for both ports and every connection-level and
 * request-level event that needs no answer.
 *
 * Each notification appends one line to the file named by the RAWIN_LOG
 * environment variable (inherited from the test that starts httpd;
 * nothing is written when it is unset):
 *   conn=ID secure=0|1 ev=READ_RAW_DATA len=N head=GET /x HTTP/1.1
 *       room=N dirty=N
 *   conn=ID secure=0|1 ev=PREPROC_HEADERS url=/x version=HTTP/1.1
 *       https=on sps=1
 *   conn=ID secure=0|1 ev=END_OF_REQUEST
 * ID is SF_REQ_GET_CONNID's; head is the first bytes, non-printables as
 * '.'; room is cbInBuffer - cbInData, dirty how many bytes of that room
 * are not zero (t/security/rawin_room.t: an earlier connection's bytes
 * would show there).  One write(2) per line with O_APPEND, so lines from concurrent
 * connections do not mix.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <httpfilt.h>

#define PT_HEAD 24

static const char pt_desc[] = "rawin_passthru: records notifications";

static const char *pt_event_name(DWORD ev)
{
    switch (ev) {
    case SF_NOTIFY_READ_RAW_DATA:      return "READ_RAW_DATA";
    case SF_NOTIFY_SEND_RAW_DATA:      return "SEND_RAW_DATA";
    case SF_NOTIFY_PREPROC_HEADERS:    return "PREPROC_HEADERS";
    case SF_NOTIFY_URL_MAP:            return "URL_MAP";
    case SF_NOTIFY_AUTH_COMPLETE:      return "AUTH_COMPLETE";
    case SF_NOTIFY_SEND_RESPONSE:      return "SEND_RESPONSE";
    case SF_NOTIFY_END_OF_REQUEST:     return "END_OF_REQUEST";
    case SF_NOTIFY_LOG:                return "LOG";
    case SF_NOTIFY_END_OF_NET_SESSION: return "END_OF_NET_SESSION";
    }
    return "OTHER";
}

static void pt_write(const char *line, size_t len)
{
    const char *path = getenv("RAWIN_LOG");
    int fd;

    if (!path || !*path) {
        return;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) {
        return;
    }
    if (write(fd, line, len) < 0) {
        /* nothing to do: the test will miss the line */
    }
    close(fd);
}

/* Variable name into out, or "-" when the server refuses it. */
static void pt_var(HTTP_FILTER_CONTEXT *pfc, const char *name, char *out,
                   DWORD cap)
{
    DWORD size = cap;

    if (!pfc->GetServerVariable(pfc, (LPSTR)name, out, &size)) {
        snprintf(out, cap, "-");
    }
}

static void pt_header(HTTP_FILTER_CONTEXT *pfc,
                      HTTP_FILTER_PREPROC_HEADERS *ph, const char *name,
                      char *out, DWORD cap)
{
    DWORD size = cap;

    if (!ph->GetHeader(pfc, (LPSTR)name, out, &size)) {
        snprintf(out, cap, "-");
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, pt_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_SEND_RAW_DATA
                  | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                  | SF_NOTIFY_AUTH_COMPLETE | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_LOG
                  | SF_NOTIFY_END_OF_NET_SESSION | SF_NOTIFY_SECURE_PORT
                  | SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char line[1024];
    DWORD id = 0;
    size_t o;

    if (!pfc->ServerSupportFunction(pfc, SF_REQ_GET_CONNID, &id, 0, 0)) {
        id = 0;
    }
    o = (size_t)snprintf(line, sizeof(line), "conn=%lu secure=%d ev=%s",
                         (unsigned long)id, pfc->fIsSecurePort ? 1 : 0,
                         pt_event_name(NotificationType));
    if (NotificationType == SF_NOTIFY_READ_RAW_DATA
        || NotificationType == SF_NOTIFY_SEND_RAW_DATA) {
        HTTP_FILTER_RAW_DATA *raw = pvNotification;
        const unsigned char *p = raw->pvInData;
        size_t i, n = raw->cbInData < PT_HEAD ? raw->cbInData : PT_HEAD;

        o += (size_t)snprintf(line + o, sizeof(line) - o, " len=%lu head=",
                              (unsigned long)raw->cbInData);
        unsigned long dirty = 0, room = 0;

        for (i = 0; i < n; i++) {
            line[o++] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '.';
        }
        line[o] = '\0';
        if (raw->cbInBuffer > raw->cbInData) {
            room = raw->cbInBuffer - raw->cbInData;
            for (i = raw->cbInData; i < raw->cbInBuffer; i++) {
                dirty += p[i] != 0;
            }
        }
        o += (size_t)snprintf(line + o, sizeof(line) - o,
                              " room=%lu dirty=%lu", room, dirty);
    }
    else if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        char url[256], version[32], https[16], sps[16];

        pt_header(pfc, pvNotification, "url", url, sizeof(url));
        pt_header(pfc, pvNotification, "version", version, sizeof(version));
        pt_var(pfc, "HTTPS", https, sizeof(https));
        pt_var(pfc, "SERVER_PORT_SECURE", sps, sizeof(sps));
        o += (size_t)snprintf(line + o, sizeof(line) - o,
                              " url=%s version=%s https=%s sps=%s", url,
                              version, https, sps);
    }
    if (o > sizeof(line) - 2) {
        o = sizeof(line) - 2;
    }
    line[o++] = '\n';
    pt_write(line, o);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
