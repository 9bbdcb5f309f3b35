/*
 * st_weird.c: a filter whose description a careless author filled with
 * whatever bytes came to hand, for the status page's escaping
 * (t/ops/attack_ops.t): a CR LF and a key of its own, a tab, quotes, a
 * <script> tag, a backslash, control bytes, and bytes that are not UTF-8
 * (a lone continuation byte, an overlong form, 0xff).  The description
 * fills the whole buffer, with no terminating NUL of its own (the bridge
 * ends it).  It registers PREPROC_HEADERS and answers NEXT.
 */
#include <string.h>

#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    static const char desc[] = "weird\r\nFilter0.Name: forged\n\t\"q\" "
                               "<script>alert(1)</script> \\ \x01\x1b\x7f"
                               " \x80 \xc0\xaf \xff end";
    size_t n = sizeof(desc) - 1;

    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    memset(pVer->lpszFilterDesc, 'z', SF_MAX_FILTER_DESC_LEN);
    memcpy(pVer->lpszFilterDesc, desc, n);
    pVer->dwFlags = SF_NOTIFY_NONSECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    (void)pfc;
    (void)NotificationType;
    (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
