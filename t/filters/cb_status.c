/*
 * cb_status.c: returns whatever status the request asks for, at the event
 * it names.  Registered at high priority so that a filter of the default
 * priority in the same site (cb_order.so) comes after it.
 *
 * Request header:  X-CB-Status: EVENT CODE [ARG]
 *   EVENT  PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE
 *          SEND_RESPONSE END_OF_REQUEST LOG END_OF_NET_SESSION
 *   CODE   NEXT | HANDLED
 *          FINISHED [nocl] | KEEP [nocl]  answer the request first: head
 *                 through SF_REQ_SEND_RESPONSE_HEADER (with a matching
 *                 Content-Length unless "nocl"), body through WriteClient,
 *                 then SF_STATUS_REQ_FINISHED / FINISHED_KEEP_CONN
 *          RAW    a complete hand-made response through WriteClient
 *                 alone, then SF_STATUS_REQ_FINISHED
 *          REDIRECT N  a head alone, SF_REQ_SEND_RESPONSE_HEADER with
 *                 status "N <reason>", Location: /x and Content-Length: 0,
 *                 no body, then SF_STATUS_REQ_FINISHED_KEEP_CONN
 *          ERROR N   SetLastError(N), then SF_STATUS_REQ_ERROR
 *          0xHEX [N] that raw value (not an SF_STATUS_TYPE), error N
 * The header is read with GetServerVariable("HTTP_X_CB_STATUS"), which
 * works in every request notification.  END_OF_NET_SESSION has no request
 * to read it from: a request naming it leaves CODE and ARG in the
 * filter's context (AllocMem) for the connection's end, where FINISHED
 * answers nothing, only returns SF_STATUS_REQ_FINISHED.
 *
 * Used by t/events/return_codes.t, t/events/end_of_request.t,
 * t/callbacks/write_client.t and t/callbacks/add_response_headers.t.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

static const char *cb_event_name(DWORD bit)
{
    switch (bit) {
    case SF_NOTIFY_PREPROC_HEADERS:     return "PREPROC_HEADERS";
    case SF_NOTIFY_AUTHENTICATION:      return "AUTHENTICATION";
    case SF_NOTIFY_URL_MAP:             return "URL_MAP";
    case SF_NOTIFY_SEND_RESPONSE:       return "SEND_RESPONSE";
    case SF_NOTIFY_END_OF_REQUEST:      return "END_OF_REQUEST";
    case SF_NOTIFY_LOG:                 return "LOG";
    case SF_NOTIFY_AUTH_COMPLETE:       return "AUTH_COMPLETE";
    case SF_NOTIFY_END_OF_NET_SESSION:  return "END_OF_NET_SESSION";
    default:                            return "UNKNOWN";
    }
}

/* The filter's own response: head and body, or raw bytes only. */
static BOOL cb_answer(HTTP_FILTER_CONTEXT *pfc, const char *event,
                      int with_cl, int raw)
{
    char body[128], extra[128], all[400];
    DWORD len;

    snprintf(body, sizeof(body), "answered by cb_status in %s\n", event);
    if (raw) {
        snprintf(all, sizeof(all), "HTTP/1.1 200 OK\r\n"
                 "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
                 "X-CB-Raw: yes\r\n\r\n%s", strlen(body), body);
        len = (DWORD)strlen(all);
        return pfc->WriteClient(pfc, all, &len, 0);
    }
    if (with_cl) {
        snprintf(extra, sizeof(extra), "Content-Type: text/plain\r\n"
                 "Content-Length: %zu\r\n", strlen(body));
    }
    else {
        snprintf(extra, sizeof(extra), "Content-Type: text/plain\r\n");
    }
    if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                    "200 OK", (ULONG_PTR)extra, 0)) {
        return FALSE;
    }
    len = (DWORD)strlen(body);
    return pfc->WriteClient(pfc, body, &len, 0);
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_status: returns the status asked for");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_URL_MAP | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_LOG
                  | SF_NOTIFY_AUTH_COMPLETE | SF_NOTIFY_END_OF_NET_SESSION
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_HIGH;
    return TRUE;
}

/* What END_OF_NET_SESSION is to return, kept from a request. */
typedef struct {
    char code[40];
    char arg[40];
} cb_session_t;

/* The status CODE [ARG] asks for, at the notification called name. */
static DWORD cb_status(HTTP_FILTER_CONTEXT *pfc, const char *name,
                       const char *code, const char *arg)
{
    int session = !strcmp(name, "END_OF_NET_SESSION");

    if (!strcmp(code, "HANDLED")) {
        return SF_STATUS_REQ_HANDLED_NOTIFICATION;
    }
    if (!strcmp(code, "FINISHED") || !strcmp(code, "KEEP")) {
        if (!session && !cb_answer(pfc, name, strcmp(arg, "nocl") != 0, 0)) {
            return SF_STATUS_REQ_ERROR;
        }
        return strcmp(code, "KEEP") ? SF_STATUS_REQ_FINISHED
                                    : SF_STATUS_REQ_FINISHED_KEEP_CONN;
    }
    if (!strcmp(code, "REDIRECT")) {
        char status[64];

        snprintf(status, sizeof(status), "%s %s", arg,
                 !strcmp(arg, "200") ? "OK" : "Found");
        if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER,
                                        status, (ULONG_PTR)"Location: /x\r\n"
                                        "Content-Length: 0\r\n", 0)) {
            return SF_STATUS_REQ_ERROR;
        }
        return SF_STATUS_REQ_FINISHED_KEEP_CONN;
    }
    if (!strcmp(code, "RAW")) {
        if (!cb_answer(pfc, name, 1, 1)) {
            return SF_STATUS_REQ_ERROR;
        }
        return SF_STATUS_REQ_FINISHED;
    }
    if (!strcmp(code, "ERROR")) {
        SetLastError((DWORD)strtoul(arg, NULL, 10));
        return SF_STATUS_REQ_ERROR;
    }
    if (!strncmp(code, "0x", 2)) {
        SetLastError((DWORD)strtoul(arg, NULL, 10));
        return (DWORD)strtoul(code, NULL, 16);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char want[128], event[40], code[40], arg[40];
    const char *name = cb_event_name(NotificationType);
    cb_session_t *keep = pfc->pFilterContext;
    DWORD size = sizeof(want);
    int n;

    (void)pvNotification;
    if (NotificationType == SF_NOTIFY_END_OF_NET_SESSION) {
        return keep ? cb_status(pfc, name, keep->code, keep->arg)
                    : SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!pfc->GetServerVariable(pfc, "HTTP_X_CB_STATUS", want, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    arg[0] = '\0';
    n = sscanf(want, "%39s %39s %39s", event, code, arg);
    if (n < 2) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(event, "END_OF_NET_SESSION")) {
        if (!keep && (keep = pfc->AllocMem(pfc, sizeof(*keep), 0))) {
            strcpy(keep->code, code);
            strcpy(keep->arg, arg);
            pfc->pFilterContext = keep;
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (strcmp(event, name)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    return cb_status(pfc, name, code, arg);
}
