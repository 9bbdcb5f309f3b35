/*
 * abi.c: the LP64 layout and constant values of the SDK's httpfilt.h,
 * checked against the values Microsoft's httpfilt.h and Windows' 64-bit
 * type sizes give: the SF_* numbers, and each structure's size and member
 * offsets.  A filter
 * built against this header must see the structures IIS filters were
 * written for; a drifted offset would corrupt memory silently, so the
 * layout is asserted at compile time and reported as TAP at run time.
 */
#include <stddef.h>

#include "core/core.h"
#include "tap.h"

#if !defined(__LP64__) && !defined(_LP64)
#error "t/unit/abi.c checks the LP64 layout"
#endif

/* Compile-time guards for the layouts every filter depends on. */
_Static_assert(sizeof(DWORD) == 4, "DWORD is 32 bits");
_Static_assert(sizeof(BOOL) == 4, "BOOL is 32 bits");
_Static_assert(sizeof(HTTP_FILTER_CONTEXT) == 72, "HTTP_FILTER_CONTEXT");
_Static_assert(sizeof(HTTP_FILTER_VERSION) == 272, "HTTP_FILTER_VERSION");
_Static_assert(offsetof(HTTP_FILTER_VERSION, dwFlags) == 268, "dwFlags");

#define OFF(type, field, want) \
    is_int(offsetof(type, field), (want), \
           #type "." #field " sits at offset " #want " on LP64")
#define SIZE(type, want) \
    is_int(sizeof(type), (want), "sizeof(" #type ") is " #want " on LP64")
#define VAL(name, want) \
    is_int((long)(name), (long)(want), #name " is " #want)

static void base_types(void)
{
    SIZE(BYTE, 1);
    SIZE(WORD, 2);
    SIZE(DWORD, 4);
    SIZE(BOOL, 4);
    SIZE(LONG, 4);
    SIZE(ULONG, 4);
    SIZE(ULONG_PTR, 8);
    SIZE(DWORD_PTR, 8);
    SIZE(PVOID, 8);
    SIZE(HANDLE, 8);
    ok((DWORD)-1 > 0, "DWORD is unsigned");
    ok((BOOL)-1 < 0, "BOOL is signed");
    ok((LONG)-1 < 0, "LONG is signed");
    VAL(TRUE, 1);
    VAL(FALSE, 0);
    VAL(MAKELONG(0, 6), 0x00060000);
    VAL(LOWORD(0x12345678), 0x5678);
    VAL(HIWORD(0x12345678), 0x1234);
}

static void version_constants(void)
{
    VAL(HTTP_FILTER_REVISION, 0x00060000);
    VAL(SF_MAX_USERNAME, 257);
    VAL(SF_MAX_PASSWORD, 257);
    VAL(SF_MAX_AUTH_TYPE, 33);
    VAL(SF_MAX_FILTER_DESC_LEN, 257);
}

static void notify_flags(void)
{
    VAL(SF_NOTIFY_SECURE_PORT, 0x00000001);
    VAL(SF_NOTIFY_NONSECURE_PORT, 0x00000002);
    VAL(SF_NOTIFY_SEND_RESPONSE, 0x00000040);
    VAL(SF_NOTIFY_END_OF_REQUEST, 0x00000080);
    VAL(SF_NOTIFY_END_OF_NET_SESSION, 0x00000100);
    VAL(SF_NOTIFY_LOG, 0x00000200);
    VAL(SF_NOTIFY_SEND_RAW_DATA, 0x00000400);
    VAL(SF_NOTIFY_ACCESS_DENIED, 0x00000800);
    VAL(SF_NOTIFY_URL_MAP, 0x00001000);
    VAL(SF_NOTIFY_AUTHENTICATION, 0x00002000);
    VAL(SF_NOTIFY_PREPROC_HEADERS, 0x00004000);
    VAL(SF_NOTIFY_READ_RAW_DATA, 0x00008000);
    VAL(SF_NOTIFY_ORDER_LOW, 0x00020000);
    VAL(SF_NOTIFY_ORDER_MEDIUM, 0x00040000);
    VAL(SF_NOTIFY_ORDER_HIGH, 0x00080000);
    VAL(SF_NOTIFY_ORDER_DEFAULT, SF_NOTIFY_ORDER_LOW);
    VAL(SF_NOTIFY_ORDER_MASK, 0x000E0000);
    VAL(SF_NOTIFY_EXTENSION_TRIGGER, 0x02000000);
    VAL(SF_NOTIFY_AUTH_COMPLETE, 0x04000000);

    /* The bridge splits dwFlags with masks; the groups must not overlap. */
    {
        DWORD ports = SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT;
        DWORD events = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS
                       | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_URL_MAP
                       | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_SEND_RESPONSE
                       | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_LOG
                       | SF_NOTIFY_END_OF_REQUEST
                       | SF_NOTIFY_END_OF_NET_SESSION
                       | SF_NOTIFY_AUTH_COMPLETE
                       | SF_NOTIFY_EXTENSION_TRIGGER;

        ok((ports & events) == 0, "port bits and event bits do not overlap");
        ok((ports & SF_NOTIFY_ORDER_MASK) == 0,
           "port bits and order bits do not overlap");
        ok((events & SF_NOTIFY_ORDER_MASK) == 0,
           "event bits and order bits do not overlap");
    }
}

static void status_values(void)
{
    VAL(SF_STATUS_REQ_FINISHED, 0x08000000);
    VAL(SF_STATUS_REQ_FINISHED_KEEP_CONN, 0x08000001);
    VAL(SF_STATUS_REQ_NEXT_NOTIFICATION, 0x08000002);
    VAL(SF_STATUS_REQ_HANDLED_NOTIFICATION, 0x08000003);
    VAL(SF_STATUS_REQ_ERROR, 0x08000004);
    VAL(SF_STATUS_REQ_READ_NEXT, 0x08000005);
}

static void req_values(void)
{
    VAL(SF_REQ_SEND_RESPONSE_HEADER, 0);
    VAL(SF_REQ_ADD_HEADERS_ON_DENIAL, 1);
    VAL(SF_REQ_SET_NEXT_READ_SIZE, 2);
    VAL(SF_REQ_SET_PROXY_INFO, 3);
    VAL(SF_REQ_GET_CONNID, 4);
    VAL(SF_REQ_SET_CERTIFICATE_INFO, 5);
    VAL(SF_REQ_GET_PROPERTY, 6);
    VAL(SF_REQ_NORMALIZE_URL, 7);
    VAL(SF_REQ_DISABLE_NOTIFICATIONS, 8);
    VAL(SF_PROPERTY_SSL_CTXT, 0);
    VAL(SF_PROPERTY_INSTANCE_NUM_ID, 1);
}

static void denied_and_errors(void)
{
    VAL(SF_DENIED_LOGON, 0x00000001);
    VAL(SF_DENIED_RESOURCE, 0x00000002);
    VAL(SF_DENIED_FILTER, 0x00000004);
    VAL(SF_DENIED_APPLICATION, 0x00000008);
    VAL(SF_DENIED_BY_CONFIG, 0x00010000);

    VAL(ERROR_SUCCESS, 0);
    VAL(NO_ERROR, 0);
    VAL(ERROR_FILE_NOT_FOUND, 2);
    VAL(ERROR_PATH_NOT_FOUND, 3);
    VAL(ERROR_ACCESS_DENIED, 5);
    VAL(ERROR_INVALID_HANDLE, 6);
    VAL(ERROR_NOT_ENOUGH_MEMORY, 8);
    VAL(ERROR_NOT_SUPPORTED, 50);
    VAL(ERROR_INVALID_PARAMETER, 87);
    VAL(ERROR_INSUFFICIENT_BUFFER, 122);
    VAL(ERROR_NO_DATA, 232);
    VAL(ERROR_MORE_DATA, 234);
    VAL(ERROR_INVALID_INDEX, 1413);
}

static void structures(void)
{
    SIZE(HTTP_FILTER_CONTEXT, 72);
    OFF(HTTP_FILTER_CONTEXT, cbSize, 0);
    OFF(HTTP_FILTER_CONTEXT, Revision, 4);
    OFF(HTTP_FILTER_CONTEXT, ServerContext, 8);
    OFF(HTTP_FILTER_CONTEXT, ulReserved, 16);
    OFF(HTTP_FILTER_CONTEXT, fIsSecurePort, 20);
    OFF(HTTP_FILTER_CONTEXT, pFilterContext, 24);
    OFF(HTTP_FILTER_CONTEXT, GetServerVariable, 32);
    OFF(HTTP_FILTER_CONTEXT, AddResponseHeaders, 40);
    OFF(HTTP_FILTER_CONTEXT, WriteClient, 48);
    OFF(HTTP_FILTER_CONTEXT, AllocMem, 56);
    OFF(HTTP_FILTER_CONTEXT, ServerSupportFunction, 64);

    SIZE(HTTP_FILTER_RAW_DATA, 24);
    OFF(HTTP_FILTER_RAW_DATA, pvInData, 0);
    OFF(HTTP_FILTER_RAW_DATA, cbInData, 8);
    OFF(HTTP_FILTER_RAW_DATA, cbInBuffer, 12);
    OFF(HTTP_FILTER_RAW_DATA, dwReserved, 16);

    SIZE(HTTP_FILTER_PREPROC_HEADERS, 32);
    SIZE(HTTP_FILTER_SEND_RESPONSE, 32);
    OFF(HTTP_FILTER_PREPROC_HEADERS, GetHeader, 0);
    OFF(HTTP_FILTER_PREPROC_HEADERS, SetHeader, 8);
    OFF(HTTP_FILTER_PREPROC_HEADERS, AddHeader, 16);
    OFF(HTTP_FILTER_PREPROC_HEADERS, HttpStatus, 24);
    OFF(HTTP_FILTER_PREPROC_HEADERS, dwReserved, 28);

    SIZE(HTTP_FILTER_AUTH_COMPLETE_INFO, 48);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, GetHeader, 0);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, SetHeader, 8);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, AddHeader, 16);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, GetUserToken, 24);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, HttpStatus, 32);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, fResetAuth, 36);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, dwReserved, 40);

    SIZE(HTTP_FILTER_AUTHENT, 32);
    OFF(HTTP_FILTER_AUTHENT, pszUser, 0);
    OFF(HTTP_FILTER_AUTHENT, cbUserBuff, 8);
    OFF(HTTP_FILTER_AUTHENT, pszPassword, 16);
    OFF(HTTP_FILTER_AUTHENT, cbPasswordBuff, 24);

    SIZE(HTTP_FILTER_URL_MAP, 24);
    OFF(HTTP_FILTER_URL_MAP, pszURL, 0);
    OFF(HTTP_FILTER_URL_MAP, pszPhysicalPath, 8);
    OFF(HTTP_FILTER_URL_MAP, cbPathBuff, 16);

    SIZE(HTTP_FILTER_URL_MAP_EX, 40);
    OFF(HTTP_FILTER_URL_MAP_EX, pszURL, 0);
    OFF(HTTP_FILTER_URL_MAP_EX, pszPhysicalPath, 8);
    OFF(HTTP_FILTER_URL_MAP_EX, cbPathBuff, 16);
    OFF(HTTP_FILTER_URL_MAP_EX, dwFlags, 20);
    OFF(HTTP_FILTER_URL_MAP_EX, cchMatchingPath, 24);
    OFF(HTTP_FILTER_URL_MAP_EX, cchMatchingURL, 28);
    OFF(HTTP_FILTER_URL_MAP_EX, pszScriptMapEntry, 32);

    SIZE(HTTP_FILTER_ACCESS_DENIED, 24);
    OFF(HTTP_FILTER_ACCESS_DENIED, pszURL, 0);
    OFF(HTTP_FILTER_ACCESS_DENIED, pszPhysicalPath, 8);
    OFF(HTTP_FILTER_ACCESS_DENIED, dwReason, 16);

    SIZE(HTTP_FILTER_LOG, 72);
    OFF(HTTP_FILTER_LOG, pszClientHostName, 0);
    OFF(HTTP_FILTER_LOG, pszClientUserName, 8);
    OFF(HTTP_FILTER_LOG, pszServerName, 16);
    OFF(HTTP_FILTER_LOG, pszOperation, 24);
    OFF(HTTP_FILTER_LOG, pszTarget, 32);
    OFF(HTTP_FILTER_LOG, pszParameters, 40);
    OFF(HTTP_FILTER_LOG, dwHttpStatus, 48);
    OFF(HTTP_FILTER_LOG, dwWin32Status, 52);
    OFF(HTTP_FILTER_LOG, dwBytesSent, 56);
    OFF(HTTP_FILTER_LOG, dwBytesRecvd, 60);
    OFF(HTTP_FILTER_LOG, msTimeForProcessing, 64);

    SIZE(HTTP_FILTER_EXTENSION_TRIGGER_INFO, 16);
    OFF(HTTP_FILTER_EXTENSION_TRIGGER_INFO, dwTriggerType, 0);
    OFF(HTTP_FILTER_EXTENSION_TRIGGER_INFO, pvTriggerContext, 8);

    SIZE(HTTP_FILTER_VERSION, 272);
    OFF(HTTP_FILTER_VERSION, dwServerFilterVersion, 0);
    OFF(HTTP_FILTER_VERSION, dwFilterVersion, 4);
    OFF(HTTP_FILTER_VERSION, lpszFilterDesc, 8);
    OFF(HTTP_FILTER_VERSION, dwFlags, 268);
    is_int(sizeof(((HTTP_FILTER_VERSION *)0)->lpszFilterDesc), 257,
           "lpszFilterDesc is an inline array of SF_MAX_FILTER_DESC_LEN");

    /*
     * The plain URL_MAP must be a prefix of URL_MAP_EX: the bridge always
     * passes the EX form to filters written for either.
     */
    ok(offsetof(HTTP_FILTER_URL_MAP, cbPathBuff)
       == offsetof(HTTP_FILTER_URL_MAP_EX, cbPathBuff),
       "HTTP_FILTER_URL_MAP is a prefix of HTTP_FILTER_URL_MAP_EX");
}

static void last_error(void)
{
    SetLastError(ERROR_INVALID_INDEX);
    is_int(GetLastError(), ERROR_INVALID_INDEX,
           "GetLastError returns what SetLastError stored");
    SetLastError(NO_ERROR);
    is_int(GetLastError(), NO_ERROR, "SetLastError(NO_ERROR) clears it");
}

int main(void)
{
    base_types();
    version_constants();
    notify_flags();
    status_values();
    req_values();
    denied_and_errors();
    structures();
    last_error();
    return done();
}
