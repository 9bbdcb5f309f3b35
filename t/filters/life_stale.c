/*
 * life_stale.c: a filter that keeps a pfc past its connection
 * (t/lifetime/stale_pfc.t).  Driven by the request header X-Life-Op in
 * PREPROC_HEADERS:
 *
 *   store   remember this pfc (a global variable of the process)
 *   use     through the remembered pfc, from this later connection's
 *           notification: GetServerVariable("SERVER_PORT") and
 *           WriteClient of "LIFE-STALE-BYTES"; then GetServerVariable
 *           through the live pfc.  Reported in the response header and in
 *           t/logs/life_stale.log:
 *
 *             X-Life-Stale: gsv=<r> wc=<r> live=<r>
 *
 *           <r> is TRUE or FALSE/<GetLastError>; "none" when this process
 *           holds no stored pfc, "same" when the stored pfc is this very
 *           connection's live one (the test cannot tell them apart then).
 *
 * The callbacks are taken from the live pfc and given the stored pfc as
 * their first argument: the bridge's callbacks are the same functions for
 * every pfc, and the memory of the stored one may hold anything by now.
 */
#include "life.h"

static HTTP_FILTER_CONTEXT *life_stored;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("life_stale");
    life_version(pVer, "life_stale: uses a pfc after its connection",
                 SF_NOTIFY_PREPROC_HEADERS);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char op[32], buf[256], gsv[32], wc[32], live[32], line[256];
    DWORD size;

    (void)pvNotification;
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    life_op(pfc, op, sizeof(op));
    if (!strcmp(op, "store")) {
        life_stored = pfc;
        filter_log("STORE pid=%ld", (long)getpid());
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (strcmp(op, "use")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!life_stored || life_stored == pfc) {
        snprintf(line, sizeof(line), "X-Life-Stale: %s\r\n",
                 life_stored ? "same" : "none");
    }
    else {
        char text[] = "LIFE-STALE-BYTES\r\n";
        DWORD n = sizeof(text) - 1;
        BOOL ok;

        size = sizeof(buf);
        SetLastError(0);
        ok = pfc->GetServerVariable(life_stored, "SERVER_PORT", buf, &size);
        life_result(ok, gsv, sizeof(gsv));
        SetLastError(0);
        ok = pfc->WriteClient(life_stored, text, &n, 0);
        life_result(ok, wc, sizeof(wc));
        size = sizeof(buf);
        SetLastError(0);
        ok = pfc->GetServerVariable(pfc, "SERVER_PORT", buf, &size);
        life_result(ok, live, sizeof(live));
        snprintf(line, sizeof(line), "X-Life-Stale: gsv=%s wc=%s live=%s\r\n",
                 gsv, wc, live);
    }
    filter_log("USE pid=%ld %.*s", (long)getpid(), (int)strlen(line) - 2, line);
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
