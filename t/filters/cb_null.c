/*
 * cb_null.c: every callback with NULL (or forged) arguments.  IIS
 * behaviour: FALSE (or NULL) with ERROR_INVALID_PARAMETER, never a crash.
 *
 * PREPROC_HEADERS makes the calls and reports each as
 * "X-CB-Null-LABEL: OK/ERR" (AddResponseHeaders), OK being 1 when the
 * call returned TRUE / non-NULL.  "Forged" calls pass a copy of the
 * HTTP_FILTER_CONTEXT rather than the one the server handed over.
 * AUTH_COMPLETE does the same for GetUserToken (NULL handle pointer:
 * FALSE, ERROR_NOT_SUPPORTED, as there are no Windows tokens) and for
 * the header callbacks of that event.
 * Used by t/security/null_arguments.t.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

static void cb_say(HTTP_FILTER_CONTEXT *pfc, const char *label, BOOL ok)
{
    char line[128];

    snprintf(line, sizeof(line), "X-CB-Null-%s: %d/%lu\r\n", label,
             ok ? 1 : 0, ok ? 0UL : (unsigned long)GetLastError());
    pfc->AddResponseHeaders(pfc, line, 0);
}

static void cb_context_calls(HTTP_FILTER_CONTEXT *pfc)
{
    HTTP_FILTER_CONTEXT forged = *pfc;
    char buf[64];
    DWORD size, n;
    void *mem;

    size = sizeof(buf);
    cb_say(pfc, "GSV-Pfc", pfc->GetServerVariable(NULL, "URL", buf, &size));
    size = sizeof(buf);
    cb_say(pfc, "GSV-Name", pfc->GetServerVariable(pfc, NULL, buf, &size));
    cb_say(pfc, "GSV-Size", pfc->GetServerVariable(pfc, "URL", buf, NULL));
    size = sizeof(buf);
    cb_say(pfc, "GSV-Buffer", pfc->GetServerVariable(pfc, "URL", NULL,
                                                     &size));
    size = sizeof(buf);
    cb_say(pfc, "GSV-Forged", pfc->GetServerVariable(&forged, "URL", buf,
                                                     &size));

    cb_say(pfc, "ARH-Pfc", pfc->AddResponseHeaders(NULL, "X-A: 1\r\n", 0));
    cb_say(pfc, "ARH-Headers", pfc->AddResponseHeaders(pfc, NULL, 0));
    cb_say(pfc, "ARH-Forged", pfc->AddResponseHeaders(&forged, "X-A: 1\r\n",
                                                      0));

    n = 2;
    cb_say(pfc, "WC-Pfc", pfc->WriteClient(NULL, "hi", &n, 0));
    n = 2;
    cb_say(pfc, "WC-Buffer", pfc->WriteClient(pfc, NULL, &n, 0));
    cb_say(pfc, "WC-Size", pfc->WriteClient(pfc, "hi", NULL, 0));
    n = 2;
    cb_say(pfc, "WC-Forged", pfc->WriteClient(&forged, "hi", &n, 0));

    mem = pfc->AllocMem(NULL, 16, 0);
    cb_say(pfc, "Alloc-Pfc", mem != NULL);
    mem = pfc->AllocMem(pfc, 0, 0);
    cb_say(pfc, "Alloc-Zero", mem != NULL);
    mem = pfc->AllocMem(&forged, 16, 0);
    cb_say(pfc, "Alloc-Forged", mem != NULL);

    cb_say(pfc, "SSF-Pfc", pfc->ServerSupportFunction(
        NULL, SF_REQ_GET_CONNID, &n, 0, 0));
    cb_say(pfc, "SSF-Forged", pfc->ServerSupportFunction(
        &forged, SF_REQ_GET_CONNID, &n, 0, 0));
    cb_say(pfc, "SSF-Connid", pfc->ServerSupportFunction(
        pfc, SF_REQ_GET_CONNID, NULL, 0, 0));
    cb_say(pfc, "SSF-Property", pfc->ServerSupportFunction(
        pfc, SF_REQ_GET_PROPERTY, NULL, SF_PROPERTY_INSTANCE_NUM_ID, 0));
    cb_say(pfc, "SSF-Normalize", pfc->ServerSupportFunction(
        pfc, SF_REQ_NORMALIZE_URL, NULL, 0, 0));
    cb_say(pfc, "SSF-Denial", pfc->ServerSupportFunction(
        pfc, SF_REQ_ADD_HEADERS_ON_DENIAL, NULL, 0, 0));
}

/* cb_say for the header callbacks, labelled "EV-WHAT". */
static void cb_say_ev(HTTP_FILTER_CONTEXT *pfc, const char *ev,
                      const char *what, BOOL ok)
{
    char label[64];

    snprintf(label, sizeof(label), "%s-%s", ev, what);
    cb_say(pfc, label, ok);
}

/* GetHeader/SetHeader/AddHeader of PREPROC_HEADERS or AUTH_COMPLETE. */
static void cb_header_calls(HTTP_FILTER_CONTEXT *pfc, const char *ev,
                            BOOL (WINAPI *get)(PHTTP_FILTER_CONTEXT, LPSTR,
                                               LPVOID, LPDWORD),
                            BOOL (WINAPI *set)(PHTTP_FILTER_CONTEXT, LPSTR,
                                               LPSTR),
                            BOOL (WINAPI *add)(PHTTP_FILTER_CONTEXT, LPSTR,
                                               LPSTR))
{
    HTTP_FILTER_CONTEXT forged = *pfc;
    char buf[64];
    DWORD size;

    size = sizeof(buf);
    cb_say_ev(pfc, ev, "Get-Pfc", get(NULL, "Host:", buf, &size));
    size = sizeof(buf);
    cb_say_ev(pfc, ev, "Get-Name", get(pfc, NULL, buf, &size));
    cb_say_ev(pfc, ev, "Get-Size", get(pfc, "Host:", buf, NULL));
    size = sizeof(buf);
    cb_say_ev(pfc, ev, "Get-Buffer", get(pfc, "Host:", NULL, &size));
    size = sizeof(buf);
    cb_say_ev(pfc, ev, "Get-Forged", get(&forged, "Host:", buf, &size));
    cb_say_ev(pfc, ev, "Set-Pfc", set(NULL, "X-CB-N:", "1"));
    cb_say_ev(pfc, ev, "Set-Name", set(pfc, NULL, "1"));
    cb_say_ev(pfc, ev, "Set-Forged", set(&forged, "X-CB-N:", "1"));
    /* Documented, not an error: a NULL value deletes the header. */
    cb_say_ev(pfc, ev, "Set-Value-Delete", set(pfc, "X-CB-N:", NULL));
    cb_say_ev(pfc, ev, "Add-Pfc", add(NULL, "X-CB-N:", "1"));
    cb_say_ev(pfc, ev, "Add-Name", add(pfc, NULL, "1"));
    cb_say_ev(pfc, ev, "Add-Value", add(pfc, "X-CB-N:", NULL));
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy(pVer->lpszFilterDesc, "cb_null: NULL arguments everywhere");
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_AUTH_COMPLETE
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_ORDER_DEFAULT;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        HTTP_FILTER_PREPROC_HEADERS *ph = pvNotification;

        cb_context_calls(pfc);
        cb_header_calls(pfc, "Pre", ph->GetHeader, ph->SetHeader,
                        ph->AddHeader);
    }
    else if (NotificationType == SF_NOTIFY_AUTH_COMPLETE) {
        HTTP_FILTER_AUTH_COMPLETE_INFO *ai = pvNotification;

        cb_say(pfc, "Token", ai->GetUserToken(pfc, NULL));
        cb_say(pfc, "Token-Pfc", ai->GetUserToken(NULL, NULL));
        cb_header_calls(pfc, "Auth", ai->GetHeader, ai->SetHeader,
                        ai->AddHeader);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
