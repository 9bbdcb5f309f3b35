/*
 * rawin_port.h: the body of rawin_port_plain.c and rawin_port_secure.c,
 * which differ only in the port flag they register (PORT_FLAG), the header
 * they report in (PORT_HEADER) and their description (port_desc).
 */
static unsigned long *port_count(HTTP_FILTER_CONTEXT *pfc)
{
    if (!pfc->pFilterContext) {
        unsigned long *n = pfc->AllocMem(pfc, sizeof(*n), 0);
        if (n) {
            *n = 0;
        }
        pfc->pFilterContext = n;
    }
    return pfc->pFilterContext;
}

static void port_var(HTTP_FILTER_CONTEXT *pfc, const char *name, char *out,
                     DWORD cap)
{
    DWORD size = cap;

    if (!pfc->GetServerVariable(pfc, (LPSTR)name, out, &size)) {
        snprintf(out, cap, "error-%lu", (unsigned long)GetLastError());
    }
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strncpy(pVer->lpszFilterDesc, port_desc, SF_MAX_FILTER_DESC_LEN - 1);
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS
                  | PORT_FLAG | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    unsigned long *n = port_count(pfc);
    char https[32], sps[32], line[256];

    (void)pvNotification;
    if (!n) {
        return SF_STATUS_REQ_ERROR;
    }
    if (NotificationType == SF_NOTIFY_READ_RAW_DATA) {
        ++*n;
    }
    else if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        port_var(pfc, "HTTPS", https, sizeof(https));
        port_var(pfc, "SERVER_PORT_SECURE", sps, sizeof(sps));
        snprintf(line, sizeof(line), PORT_HEADER ": raw=%lu fIsSecurePort=%d "
                 "HTTPS=%s SERVER_PORT_SECURE=%s\r\n", *n,
                 pfc->fIsSecurePort ? 1 : 0, https, sps);
        if (!pfc->AddResponseHeaders(pfc, line, 0)) {
            return SF_STATUS_REQ_ERROR;
        }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
