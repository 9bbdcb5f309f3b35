/*
 * passthru_all.c: benchmark filter for configurations (d) and (g).
 *
 * Registered for every event the bridge raises, raw data in both
 * directions included, and does nothing with any of them: what it costs
 * is the bridge's own cost of raising each notification (and of running
 * every byte through the READ_RAW_DATA and SEND_RAW_DATA windows).  It
 * registers READ_RAW_DATA, so it must be loaded as a global filter (an
 * ISAPIFilter line at server level, not inside <VirtualHost>).
 */
#include "filter_util.h"

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    return filter_version(pVer, "bench passthru_all: every event, no action",
                          FILTER_EVERY_EVENT);
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pfc;
    (void)NotificationType;
    (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
