/*
 * cb_log.c: rewrites the LOG notification's fields as the request asks.
 *
 * Request header:  X-CB-Log: key=value;key=value;...
 *   host, user, op, target, params   re-point that string field
 *   status, bytes                    set dwHttpStatus / dwBytesSent
 *   echo=1                           re-point pszParameters at what the
 *                                    filter was given:
 *       st=<dwHttpStatus>&b=<dwBytesSent>&op=<pszOperation>
 *       &t=<pszTarget>&q=<pszParameters>&u=<pszClientUserName>
 * The strings live in AllocMem memory, as an IIS filter would keep them;
 * mod_log_config must write what the filter left.
 * Used by t/events/log.t.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

typedef struct {
    char spec[512];         /* a copy of X-CB-Log, cut into fields */
    char echo[768];
} cb_log_buf;

static DWORD cb_log(HTTP_FILTER_CONTEXT *pfc, HTTP_FILTER_LOG *lg)
{
    cb_log_buf *b;
    DWORD size;
    char *field, *next;

    b = pfc->AllocMem(pfc, sizeof(*b), 0);
    if (!b) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    size = sizeof(b->spec);
    if (!pfc->GetServerVariable(pfc, "HTTP_X_CB_LOG", b->spec, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    for (field = b->spec; field; field = next) {
        char *eq;

        if ((next = strchr(field, ';'))) {
            *next++ = '\0';
        }
        if (!(eq = strchr(field, '='))) {
            continue;
        }
        *eq++ = '\0';
        if (!strcmp(field, "host")) {
            lg->pszClientHostName = eq;
        }
        else if (!strcmp(field, "user")) {
            lg->pszClientUserName = eq;
        }
        else if (!strcmp(field, "op")) {
            lg->pszOperation = eq;
        }
        else if (!strcmp(field, "target")) {
            lg->pszTarget = eq;
        }
        else if (!strcmp(field, "params")) {
            lg->pszParameters = eq;
        }
        else if (!strcmp(field, "status")) {
            lg->dwHttpStatus = (DWORD)strtoul(eq, NULL, 10);
        }
        else if (!strcmp(field, "bytes")) {
            lg->dwBytesSent = (DWORD)strtoul(eq, NULL, 10);
        }
        else if (!strcmp(field, "echo")) {
            snprintf(b->echo, sizeof(b->echo),
                     "st=%lu&b=%lu&op=%s&t=%s&q=%s&u=%s",
                     (unsigned long)lg->dwHttpStatus,
                     (unsigned long)lg->dwBytesSent, lg->pszOperation,
                     lg->pszTarget, lg->pszParameters,
                     lg->pszClientUserName);
            lg->pszParameters = b->echo;
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_log: rewrites LOG fields");
    pVer->dwFlags = SF_NOTIFY_LOG
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_LOG) {
        return cb_log(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
