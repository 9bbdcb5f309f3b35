/*
 * cb_vars.c: GetServerVariable and its buffer-size protocol, on request.
 *
 * Request headers:
 *   X-CB-Vars: NAME NAME ...       the variables to read
 *   X-CB-Var-Event: EVENT          where: PREPROC_HEADERS, URL_MAP (the
 *                                  first of the request) or AUTH_COMPLETE
 *                                  (the default)
 * For the i-th NAME the response gets (AddResponseHeaders)
 *   X-CB-Var-i: NAME probe=R exact=R short=R value=V
 * where each R is "OK/ERR/SIZE" (the BOOL, GetLastError, *lpdwSize after
 * the call):
 *   probe   lpvBuffer NULL, size 0: IIS answers FALSE,
 *           ERROR_INSUFFICIENT_BUFFER and the size needed (NUL included)
 *   exact   a buffer of exactly that size
 *   short   one byte less, which must fail the same way as the probe
 * "+guard" follows exact when the byte after the buffer was left alone,
 * "+untouched" follows short when nothing was written.  V is what exact
 * returned, all SIZE bytes (terminator included), a backslash doubled
 * and every byte outside printable ASCII (CR, LF, NUL...) written \xHH.
 * The same event also answers "X-CB-Secure: <fIsSecurePort>".
 * Used by t/callbacks/get_server_variable.t and t/config/port_flags.t.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <httpfilt.h>

#define CB_GUARD 0x7e

static size_t cb_result(char *out, size_t cap, const char *what, BOOL ok,
                        DWORD size)
{
    return (size_t)snprintf(out, cap, " %s=%d/%lu/%lu", what, ok ? 1 : 0,
                            ok ? 0UL : (unsigned long)GetLastError(),
                            (unsigned long)size);
}

static size_t cb_escape(char *out, size_t cap, const unsigned char *v,
                        DWORD len)
{
    size_t o = 0;
    DWORD i;

    for (i = 0; i < len && o + 5 < cap; i++) {
        if (v[i] == '\\') {
            out[o++] = '\\';
            out[o++] = '\\';
        }
        else if (v[i] >= 0x20 && v[i] < 0x7f) {
            out[o++] = (char)v[i];
        }
        else {
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", v[i]);
        }
    }
    out[o] = '\0';
    return o;
}

static void cb_one(HTTP_FILTER_CONTEXT *pfc, int i, char *name)
{
    unsigned char *buf = NULL;
    char *line;
    size_t cap, used;
    DWORD size = 0, need;
    BOOL ok;

    ok = pfc->GetServerVariable(pfc, name, NULL, &size);
    need = size;
    cap = 256 + (size_t)need * 4;
    if (!(line = malloc(cap))) {
        return;
    }
    used = (size_t)snprintf(line, cap, "X-CB-Var-%d: %s", i, name);
    used += cb_result(line + used, cap - used, "probe", ok, size);
    if (!ok && GetLastError() == ERROR_INSUFFICIENT_BUFFER && need > 0
        && (buf = malloc((size_t)need + 1))) {
        memset(buf, CB_GUARD, (size_t)need + 1);
        size = need;
        ok = pfc->GetServerVariable(pfc, name, buf, &size);
        used += cb_result(line + used, cap - used, "exact", ok, size);
        if (buf[need] == CB_GUARD) {
            used += (size_t)snprintf(line + used, cap - used, "+guard");
        }
        if (ok) {
            unsigned char *copy = malloc((size_t)need);
            if (copy) {
                memcpy(copy, buf, (size_t)need);
                memset(buf, CB_GUARD, (size_t)need + 1);
                size = need - 1;
                ok = pfc->GetServerVariable(pfc, name, buf, &size);
                used += cb_result(line + used, cap - used, "short", ok,
                                  size);
                if (buf[0] == CB_GUARD && buf[need - 1] == CB_GUARD) {
                    used += (size_t)snprintf(line + used, cap - used,
                                             "+untouched");
                }
                used += (size_t)snprintf(line + used, cap - used,
                                         " value=");
                used += cb_escape(line + used, cap - used - 3, copy, need);
                free(copy);
            }
        }
    }
    snprintf(line + used, cap - used, "\r\n");
    pfc->AddResponseHeaders(pfc, line, 0);
    free(buf);
    free(line);
}

static void cb_run(HTTP_FILTER_CONTEXT *pfc)
{
    char names[1024], line[64];
    char *name, *save = NULL;
    DWORD size = sizeof(names);
    int i = 0;

    snprintf(line, sizeof(line), "X-CB-Secure: %d\r\n",
             pfc->fIsSecurePort ? 1 : 0);
    pfc->AddResponseHeaders(pfc, line, 0);
    if (!pfc->GetServerVariable(pfc, "HTTP_X_CB_VARS", names, &size)) {
        return;
    }
    for (name = strtok_r(names, " ", &save); name;
         name = strtok_r(NULL, " ", &save)) {
        cb_one(pfc, i++, name);
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_vars: GetServerVariable on request");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                  | SF_NOTIFY_AUTH_COMPLETE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char event[32];
    DWORD size = sizeof(event);
    const char *want = "AUTH_COMPLETE";

    (void)pvNotification;
    if (pfc->GetServerVariable(pfc, "HTTP_X_CB_VAR_EVENT", event, &size)) {
        want = event;
    }
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        /* pFilterContext marks "URL_MAP done" for this request. */
        pfc->pFilterContext = NULL;
        if (!strcmp(want, "PREPROC_HEADERS")) {
            cb_run(pfc);
        }
        break;
    case SF_NOTIFY_URL_MAP:
        if (!strcmp(want, "URL_MAP") && !pfc->pFilterContext) {
            pfc->pFilterContext = (PVOID)pfc;
            cb_run(pfc);
        }
        break;
    case SF_NOTIFY_AUTH_COMPLETE:
        if (!strcmp(want, "AUTH_COMPLETE")) {
            cb_run(pfc);
        }
        break;
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
