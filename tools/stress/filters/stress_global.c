/*
 * stress_global.c: tools/stress/run.sh's global filter.
 *
 * Default build: registers every notification, READ_RAW_DATA and
 * SEND_RAW_DATA included, and passes everything on unchanged.  It makes
 * the bridge do the per-window and per-request work a filter may do:
 *   - GetServerVariable("URL") in every SEND_RAW_DATA window (FALSE is
 *     fine: bytes of no request have no URL);
 *   - one AllocMem block per connection in pFilterContext, checked on
 *     every notification;
 *   - when the request carries "X-Stress-Log-Write: 1", WriteClient in LOG
 *     (issue 10, the second route to item 1's crash, and item 14).  The
 *     fixed bridge refuses it (FALSE, ERROR_NOT_SUPPORTED) and writes
 *     nothing (README, Raw data); the client checks that nothing
 *     reached it.
 *
 * -DSTRESS_PREPROC_ONLY: registers PREPROC_HEADERS only and passes
 * everything (issue 10, item 1's global filter: requests get a bridge
 * record, connections no raw filter until a site filter asks for one).
 *
 * Reports, to $STRESS_LOG_DIR/global.log (one write(2) per line):
 *   V site=global kind=context pid=P    pFilterContext lost its block
 *   L site=global ret=0|1 err=N pid=P   the WriteClient in LOG: its result
 *                                       and GetLastError()
 */
#include "stress_filter.h"

#define CTX_MAGIC 0x53544c47u   /* "STLG" */

typedef struct {
    DWORD magic;
    DWORD notifications;
    DWORD log_write;            /* this request asked for WriteClient in LOG */
} global_ctx_t;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    tool_log_open("STRESS_LOG_DIR", "global.log");
#ifdef STRESS_PREPROC_ONLY
    return filter_version(pVer, "stress_global: PREPROC_HEADERS, passes",
                          SF_NOTIFY_PREPROC_HEADERS);
#else
    return filter_version(pVer, "stress_global: every event, passes",
                          FILTER_EVERY_EVENT);
#endif
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    global_ctx_t *x = stress_ctx(pfc, sizeof(*x), CTX_MAGIC, "global");

    if (!x) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    x->notifications++;

    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS: {
        HTTP_FILTER_PREPROC_HEADERS *ph = pvNotification;
        char v[8];
        DWORD len = sizeof(v);
        x->log_write = ph->GetHeader(pfc, "X-Stress-Log-Write:", v, &len)
                       && v[0] == '1';
        break;
    }
    case SF_NOTIFY_SEND_RAW_DATA: {
        char url[512];
        DWORD len = sizeof(url);
        pfc->GetServerVariable(pfc, "URL", url, &len);
        break;
    }
    case SF_NOTIFY_LOG:
        if (x->log_write) {
            static const char msg[] = "stress: WriteClient in LOG\r\n";
            DWORD n = sizeof(msg) - 1;
            BOOL ok;
            x->log_write = 0;
            SetLastError(0);
            ok = pfc->WriteClient(pfc, (LPVOID)msg, &n, 0);
            tool_log("L site=global ret=%d err=%lu pid=%ld", ok ? 1 : 0,
                     (unsigned long)GetLastError(), (long)getpid());
        }
        break;
    case SF_NOTIFY_END_OF_NET_SESSION:
        x->magic = 0;   /* a later use of this block shows as "context" */
        break;
    default:
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
