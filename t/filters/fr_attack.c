/*
 * fr_attack.c: a careless (or hostile) SEND_RESPONSE filter, driven by
 * the request (t/events/framing_attack.t, scenarios isf_fr_attack and
 * isf_fr_raw).
 *
 * The request header X-Fr holds ';'-separated steps, done in order:
 *
 *   saw               AddHeader X-Fr-TE and X-Fr-CL: what GetHeader
 *                     reads of Transfer-Encoding and Content-Length,
 *                     as "[value]" or "FALSE <error>"
 *   set:NAME=VALUE    SetHeader("NAME:", VALUE)
 *   add:NAME=VALUE    AddHeader("NAME:", VALUE)
 *   del:NAME          SetHeader("NAME:", "")
 *   status:N          HttpStatus = N
 *
 * VALUE is %XX-decoded (so " 5" is "%205").  Each set/add/del appends
 * "T" or "F<error>" to the response header X-Fr-Res, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httpfilt.h"
#include "sr_report.h"

#define FR_MAX 1024

static const char fr_desc[] = "fr_attack: SEND_RESPONSE framing attacks";

static int fr_hex(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static void fr_unescape(char *s)
{
    char *o = s;

    for (; *s; s++) {
        if (*s == '%' && fr_hex(s[1]) >= 0 && fr_hex(s[2]) >= 0) {
            *o++ = (char)(fr_hex(s[1]) * 16 + fr_hex(s[2]));
            s += 2;
        }
        else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

static void fr_report(HTTP_FILTER_CONTEXT *pfc,
                      HTTP_FILTER_SEND_RESPONSE *sr, char *name, char *as)
{
    char buf[FR_MAX];
    DWORD size = sizeof(buf);
    BOOL ok = sr->GetHeader(pfc, name, buf, &size);

    sr_report(pfc, sr, ok, buf, as);
}

static DWORD on_send_response(HTTP_FILTER_CONTEXT *pfc,
                              HTTP_FILTER_SEND_RESPONSE *sr)
{
    char ops[FR_MAX], res[FR_MAX] = "", name[FR_MAX];
    char *step, *save = NULL;
    DWORD size = sizeof(ops);

    if (!pfc->GetServerVariable(pfc, "HTTP_X_FR", ops, &size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    for (step = strtok_r(ops, ";", &save); step;
         step = strtok_r(NULL, ";", &save)) {
        char *arg = strchr(step, ':'), *val;
        BOOL ok;

        while (*step == ' ') {
            step++;
        }
        if (!strcmp(step, "saw")) {
            fr_report(pfc, sr, "Transfer-Encoding:", "X-Fr-TE:");
            fr_report(pfc, sr, "Content-Length:", "X-Fr-CL:");
            continue;
        }
        if (!arg) {
            continue;
        }
        *arg++ = '\0';
        if (!strcmp(step, "status")) {
            sr->HttpStatus = (DWORD)strtoul(arg, NULL, 10);
            continue;
        }
        val = strchr(arg, '=');
        if (val) {
            *val++ = '\0';
            fr_unescape(val);
        }
        snprintf(name, sizeof(name), "%s:", arg);
        if (!strcmp(step, "set") && val) {
            ok = sr->SetHeader(pfc, name, val);
        }
        else if (!strcmp(step, "add") && val) {
            ok = sr->AddHeader(pfc, name, val);
        }
        else if (!strcmp(step, "del")) {
            ok = sr->SetHeader(pfc, name, "");
        }
        else {
            continue;
        }
        if (ok) {
            strncat(res, "T", sizeof(res) - strlen(res) - 1);
        }
        else {
            char e[16];
            snprintf(e, sizeof(e), "F%lu", (unsigned long)GetLastError());
            strncat(res, e, sizeof(res) - strlen(res) - 1);
        }
        strncat(res, ",", sizeof(res) - strlen(res) - 1);
    }
    if (*res) {
        sr->AddHeader(pfc, "X-Fr-Res:", res);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, fr_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        return on_send_response(pfc, pvNotification);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
