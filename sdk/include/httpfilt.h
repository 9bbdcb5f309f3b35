/**
 * @file httpfilt.h
 * @brief ISAPI filter SDK for mod_isapi_filter (Apache httpd 2.4 on Linux)
 *
 * Filter authors compile against this header instead of the Windows SDK's
 * httpfilt.h:  cc -shared -fPIC -I sdk/include -o myfilter.so myfilter.c
 *
 * Names, constant values and structure field order are those of the IIS
 * interface.  The Windows base types are given their Windows sizes on LP64
 * (DWORD and BOOL are 32 bits, ULONG_PTR is pointer sized), WINAPI expands
 * to nothing (both sides use the native calling convention), and
 * GetLastError()/SetLastError() are per-thread, supplied by the module that
 * loads the filter.  Each SF_REQ_* code is marked with what the bridge does
 * with it: Supported, Emulated or Not supported.
 */
#ifndef ISF_HTTPFILT_H
#define ISF_HTTPFILT_H

#include <stdint.h>
#include <stddef.h>

/* Windows base types with their Windows sizes, the Win32 error codes,
 * and the per-thread GetLastError()/SetLastError(). */
#include "isapi/win_types.h"
#include "isapi/win_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Versions and sizes ---- */
#define HTTP_FILTER_REVISION    MAKELONG(0, 6)  /* reported to filters */
#define SF_MAX_USERNAME         (256 + 1)
#define SF_MAX_PASSWORD         (256 + 1)
#define SF_MAX_AUTH_TYPE        (32 + 1)
#define SF_MAX_FILTER_DESC_LEN  (256 + 1)

/* ---- Return values of HttpFilterProc ---- */
typedef enum SF_STATUS_TYPE {
    SF_STATUS_REQ_FINISHED = 0x8000000,   /* answered; close connection */
    SF_STATUS_REQ_FINISHED_KEEP_CONN,     /* answered; keep-alive allowed */
    SF_STATUS_REQ_NEXT_NOTIFICATION,      /* pass to the next filter */
    SF_STATUS_REQ_HANDLED_NOTIFICATION,   /* later filters skip this event */
    SF_STATUS_REQ_ERROR,                  /* fail the request */
    SF_STATUS_REQ_READ_NEXT               /* READ_RAW_DATA: need more bytes */
} SF_STATUS_TYPE;

/* ---- ServerSupportFunction request codes ---- */
typedef enum SF_REQ_TYPE {
    SF_REQ_SEND_RESPONSE_HEADER,    /* Supported: head from pData + ul1 */
    SF_REQ_ADD_HEADERS_ON_DENIAL,   /* Supported: lines added to 401s */
    SF_REQ_SET_NEXT_READ_SIZE,      /* Supported: size of next raw read */
    SF_REQ_SET_PROXY_INFO,          /* Not supported (ERROR_NOT_SUPPORTED) */
    SF_REQ_GET_CONNID,              /* Emulated: connection id in pData */
    SF_REQ_SET_CERTIFICATE_INFO,    /* Not supported (Windows SSPI) */
    SF_REQ_GET_PROPERTY,            /* Supported: SF_PROPERTY_INSTANCE_NUM_ID */
    SF_REQ_NORMALIZE_URL,           /* Supported: in place, never longer */
    SF_REQ_DISABLE_NOTIFICATIONS    /* Supported: caller, rest of request */
} SF_REQ_TYPE;

typedef enum SF_PROPERTY_IIS {
    SF_PROPERTY_SSL_CTXT,           /* Not supported (Windows SSPI) */
    SF_PROPERTY_INSTANCE_NUM_ID     /* Supported: site number, DWORD */
} SF_PROPERTY_IIS;

/* ---- Notification flags (HTTP_FILTER_VERSION.dwFlags) ---- */
#define SF_NOTIFY_SECURE_PORT           0x00000001
#define SF_NOTIFY_NONSECURE_PORT        0x00000002
#define SF_NOTIFY_READ_RAW_DATA         0x00008000
#define SF_NOTIFY_PREPROC_HEADERS       0x00004000
#define SF_NOTIFY_AUTHENTICATION        0x00002000
#define SF_NOTIFY_URL_MAP               0x00001000
#define SF_NOTIFY_ACCESS_DENIED         0x00000800
#define SF_NOTIFY_SEND_RESPONSE         0x00000040
#define SF_NOTIFY_SEND_RAW_DATA         0x00000400
#define SF_NOTIFY_LOG                   0x00000200
#define SF_NOTIFY_END_OF_REQUEST        0x00000080
#define SF_NOTIFY_END_OF_NET_SESSION    0x00000100
#define SF_NOTIFY_AUTH_COMPLETE         0x04000000
#define SF_NOTIFY_EXTENSION_TRIGGER     0x02000000  /* defined, never raised */

#define SF_NOTIFY_ORDER_HIGH            0x00080000
#define SF_NOTIFY_ORDER_MEDIUM          0x00040000
#define SF_NOTIFY_ORDER_LOW             0x00020000
#define SF_NOTIFY_ORDER_DEFAULT         SF_NOTIFY_ORDER_LOW
#define SF_NOTIFY_ORDER_MASK            (SF_NOTIFY_ORDER_HIGH   | \
                                         SF_NOTIFY_ORDER_MEDIUM | \
                                         SF_NOTIFY_ORDER_LOW)

/* ---- HTTP_FILTER_ACCESS_DENIED.dwReason bits ---- */
#define SF_DENIED_LOGON         0x00000001
#define SF_DENIED_RESOURCE      0x00000002
#define SF_DENIED_FILTER        0x00000004
#define SF_DENIED_APPLICATION   0x00000008
#define SF_DENIED_BY_CONFIG     0x00010000

/* ---- The per-connection context every notification receives ---- */
typedef struct _HTTP_FILTER_CONTEXT HTTP_FILTER_CONTEXT, *PHTTP_FILTER_CONTEXT;

struct _HTTP_FILTER_CONTEXT {
    DWORD cbSize;           /* sizeof(HTTP_FILTER_CONTEXT) */
    DWORD Revision;         /* HTTP_FILTER_REVISION */
    PVOID ServerContext;    /* the bridge's; do not touch */
    DWORD ulReserved;
    BOOL  fIsSecurePort;    /* TRUE on a TLS connection */
    PVOID pFilterContext;   /* this filter's own slot, per connection */

    BOOL (WINAPI *GetServerVariable)(PHTTP_FILTER_CONTEXT pfc,
                                     LPSTR lpszVariableName,
                                     LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *AddResponseHeaders)(PHTTP_FILTER_CONTEXT pfc,
                                      LPSTR lpszHeaders, DWORD dwReserved);
    BOOL (WINAPI *WriteClient)(PHTTP_FILTER_CONTEXT pfc, LPVOID Buffer,
                               LPDWORD lpdwBytes, DWORD dwReserved);
    VOID *(WINAPI *AllocMem)(PHTTP_FILTER_CONTEXT pfc, DWORD cbSize,
                             DWORD dwReserved);
    BOOL (WINAPI *ServerSupportFunction)(PHTTP_FILTER_CONTEXT pfc,
                                         enum SF_REQ_TYPE sfReq,
                                         PVOID pData, ULONG_PTR ul1,
                                         ULONG_PTR ul2);
};

/* READ_RAW_DATA and SEND_RAW_DATA */
typedef struct _HTTP_FILTER_RAW_DATA {
    PVOID pvInData;         /* the bytes; a filter may point it elsewhere */
    DWORD cbInData;         /* valid bytes at pvInData */
    DWORD cbInBuffer;       /* capacity of pvInData */
    DWORD dwReserved;
} HTTP_FILTER_RAW_DATA, *PHTTP_FILTER_RAW_DATA;

/* PREPROC_HEADERS (request headers) and SEND_RESPONSE (response headers) */
typedef struct _HTTP_FILTER_PREPROC_HEADERS {
    BOOL (WINAPI *GetHeader)(PHTTP_FILTER_CONTEXT pfc, LPSTR lpszName,
                             LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *SetHeader)(PHTTP_FILTER_CONTEXT pfc, LPSTR lpszName,
                             LPSTR lpszValue);
    BOOL (WINAPI *AddHeader)(PHTTP_FILTER_CONTEXT pfc, LPSTR lpszName,
                             LPSTR lpszValue);
    DWORD HttpStatus;       /* SEND_RESPONSE: status; 0 in PREPROC_HEADERS */
    DWORD dwReserved;
} HTTP_FILTER_PREPROC_HEADERS, *PHTTP_FILTER_PREPROC_HEADERS;

typedef HTTP_FILTER_PREPROC_HEADERS HTTP_FILTER_SEND_RESPONSE;
typedef HTTP_FILTER_PREPROC_HEADERS *PHTTP_FILTER_SEND_RESPONSE;

/* AUTH_COMPLETE */
typedef struct _HTTP_FILTER_AUTH_COMPLETE_INFO {
    BOOL (WINAPI *GetHeader)(PHTTP_FILTER_CONTEXT pfc, LPSTR lpszName,
                             LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *SetHeader)(PHTTP_FILTER_CONTEXT pfc, LPSTR lpszName,
                             LPSTR lpszValue);
    BOOL (WINAPI *AddHeader)(PHTTP_FILTER_CONTEXT pfc, LPSTR lpszName,
                             LPSTR lpszValue);
    BOOL (WINAPI *GetUserToken)(PHTTP_FILTER_CONTEXT pfc,
                                HANDLE *phToken); /* Not supported */
    DWORD HttpStatus;
    BOOL  fResetAuth;
    DWORD dwReserved;
} HTTP_FILTER_AUTH_COMPLETE_INFO, *PHTTP_FILTER_AUTH_COMPLETE_INFO;

/* AUTHENTICATION: Basic credentials, decoded, in writable buffers */
typedef struct _HTTP_FILTER_AUTHENT {
    CHAR *pszUser;          /* "" for an anonymous request */
    DWORD cbUserBuff;       /* at least SF_MAX_USERNAME */
    CHAR *pszPassword;
    DWORD cbPasswordBuff;   /* at least SF_MAX_PASSWORD */
} HTTP_FILTER_AUTHENT, *PHTTP_FILTER_AUTHENT;

/* URL_MAP: the physical path may be edited in place */
typedef struct _HTTP_FILTER_URL_MAP {
    const CHAR *pszURL;
    CHAR       *pszPhysicalPath;
    DWORD       cbPathBuff;
} HTTP_FILTER_URL_MAP, *PHTTP_FILTER_URL_MAP;

/* The bridge always passes this extended form; its head is the plain one. */
typedef struct _HTTP_FILTER_URL_MAP_EX {
    const CHAR *pszURL;
    CHAR       *pszPhysicalPath;
    DWORD       cbPathBuff;
    DWORD       dwFlags;            /* 0: no metabase access flags */
    DWORD       cchMatchingPath;    /* length of the document root prefix */
    DWORD       cchMatchingURL;
    const CHAR *pszScriptMapEntry;  /* NULL */
} HTTP_FILTER_URL_MAP_EX, *PHTTP_FILTER_URL_MAP_EX;

/* ACCESS_DENIED: raised when a 401 is about to be sent */
typedef struct _HTTP_FILTER_ACCESS_DENIED {
    const CHAR *pszURL;
    const CHAR *pszPhysicalPath;
    DWORD       dwReason;           /* SF_DENIED_* bits */
} HTTP_FILTER_ACCESS_DENIED, *PHTTP_FILTER_ACCESS_DENIED;

/* LOG: the strings may be re-pointed (not modified); numbers are honoured */
typedef struct _HTTP_FILTER_LOG {
    const CHAR *pszClientHostName;
    const CHAR *pszClientUserName;
    const CHAR *pszServerName;
    const CHAR *pszOperation;
    const CHAR *pszTarget;
    const CHAR *pszParameters;
    DWORD       dwHttpStatus;
    DWORD       dwWin32Status;
    DWORD       dwBytesSent;
    DWORD       dwBytesRecvd;
    DWORD       msTimeForProcessing;
} HTTP_FILTER_LOG, *PHTTP_FILTER_LOG;

typedef struct _HTTP_FILTER_EXTENSION_TRIGGER_INFO {
    DWORD dwTriggerType;
    PVOID pvTriggerContext;
} HTTP_FILTER_EXTENSION_TRIGGER_INFO, *PHTTP_FILTER_EXTENSION_TRIGGER_INFO;

/* GetFilterVersion's argument */
typedef struct _HTTP_FILTER_VERSION {
    DWORD dwServerFilterVersion;
    DWORD dwFilterVersion;
    CHAR  lpszFilterDesc[SF_MAX_FILTER_DESC_LEN];
    DWORD dwFlags;
} HTTP_FILTER_VERSION, *PHTTP_FILTER_VERSION;

/* ---- What a filter library exports ---- */
BOOL  WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer);
DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification);
BOOL  WINAPI TerminateFilter(DWORD dwFlags);   /* optional */

typedef BOOL  (WINAPI *PFN_GETFILTERVERSION)(HTTP_FILTER_VERSION *pVer);
typedef DWORD (WINAPI *PFN_HTTPFILTERPROC)(HTTP_FILTER_CONTEXT *pfc,
                                           DWORD NotificationType,
                                           VOID *pvNotification);
typedef BOOL  (WINAPI *PFN_TERMINATEFILTER)(DWORD dwFlags);

#ifdef __cplusplus
}
#endif

#endif /* ISF_HTTPFILT_H */
