/*
 * life_logwrite.c: a global filter that calls WriteClient from LOG or
 * from END_OF_REQUEST (t/lifetime/log_write.t).  The request header
 * X-Life-Op names where: "log" (after the response is complete: there is
 * no response left to write into, so ERROR_NOT_SUPPORTED and nothing
 * written) or "eor" (before the response is committed: the bytes land
 * after its body).  Each call appends to t/logs/life_logwrite.log:
 *
 *   LOG tag=<X-Life-Tag> wc=<r>
 *   EOR tag=<X-Life-Tag> wc=<r>
 *
 * <r> is TRUE or FALSE/<GetLastError>.
 */
#include "life.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("life_logwrite");
    life_version(pVer, "life_logwrite: WriteClient in LOG or END_OF_REQUEST",
                 SF_NOTIFY_LOG | SF_NOTIFY_END_OF_REQUEST);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    char op[32], tag[64], res[32];
    char log_text[] = "LIFE-LOG-BYTES\r\n", eor_text[] = "LIFE-EOR-BYTES\r\n";
    char *text;
    DWORD size = sizeof(tag), n;
    const char *ev;
    BOOL ok;

    (void)pvNotification;
    life_op(pfc, op, sizeof(op));
    if (NotificationType == SF_NOTIFY_LOG && !strcmp(op, "log")) {
        ev = "LOG";
        text = log_text;
    }
    else if (NotificationType == SF_NOTIFY_END_OF_REQUEST
             && !strcmp(op, "eor")) {
        ev = "EOR";
        text = eor_text;
    }
    else {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!pfc->GetServerVariable(pfc, "HTTP_X_LIFE_TAG", tag, &size)) {
        strcpy(tag, "-");
    }
    n = (DWORD)strlen(text);
    SetLastError(0);
    ok = pfc->WriteClient(pfc, text, &n, 0);
    filter_log("%s tag=%s wc=%s", ev, tag, life_result(ok, res, sizeof(res)));
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
