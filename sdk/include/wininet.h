/**
 * @file wininet.h
 * @brief The parts of WinINet filters use: the INTERNET_MAX_* sizes, URL
 *        components, and InternetCrackUrl / InternetCanonicalizeUrl
 *        (sdk/runtime/wininet.c).  The HTTP and FTP client sessions
 *        (InternetOpen, HttpOpenRequest...) are not provided.
 */
#ifndef ISAPI_WININET_H
#define ISAPI_WININET_H

#include "windows.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef WORD INTERNET_PORT;
typedef INTERNET_PORT *LPINTERNET_PORT;

#define INTERNET_INVALID_PORT_NUMBER  0
#define INTERNET_DEFAULT_FTP_PORT     21
#define INTERNET_DEFAULT_GOPHER_PORT  70
#define INTERNET_DEFAULT_HTTP_PORT    80
#define INTERNET_DEFAULT_HTTPS_PORT   443
#define INTERNET_DEFAULT_SOCKS_PORT   1080

#define INTERNET_MAX_HOST_NAME_LENGTH   256
#define INTERNET_MAX_USER_NAME_LENGTH   128
#define INTERNET_MAX_PASSWORD_LENGTH    128
#define INTERNET_MAX_PORT_NUMBER_LENGTH 5
#define INTERNET_MAX_PORT_NUMBER_VALUE  65535
#define INTERNET_MAX_PATH_LENGTH        2048
#define INTERNET_MAX_SCHEME_LENGTH      32
#define INTERNET_MAX_URL_LENGTH \
    (INTERNET_MAX_SCHEME_LENGTH + sizeof("://") + INTERNET_MAX_PATH_LENGTH)

typedef enum {
    INTERNET_SCHEME_PARTIAL = -2,
    INTERNET_SCHEME_UNKNOWN = -1,
    INTERNET_SCHEME_DEFAULT = 0,
    INTERNET_SCHEME_FTP,
    INTERNET_SCHEME_GOPHER,
    INTERNET_SCHEME_HTTP,
    INTERNET_SCHEME_HTTPS,
    INTERNET_SCHEME_FILE,
    INTERNET_SCHEME_NEWS,
    INTERNET_SCHEME_MAILTO,
    INTERNET_SCHEME_SOCKS,
    INTERNET_SCHEME_JAVASCRIPT,
    INTERNET_SCHEME_VBSCRIPT,
    INTERNET_SCHEME_RES,
    INTERNET_SCHEME_FIRST = INTERNET_SCHEME_FTP,
    INTERNET_SCHEME_LAST = INTERNET_SCHEME_RES
} INTERNET_SCHEME, *LPINTERNET_SCHEME;

typedef struct {
    DWORD           dwStructSize;
    LPSTR           lpszScheme;
    DWORD           dwSchemeLength;
    INTERNET_SCHEME nScheme;
    LPSTR           lpszHostName;
    DWORD           dwHostNameLength;
    INTERNET_PORT   nPort;
    LPSTR           lpszUserName;
    DWORD           dwUserNameLength;
    LPSTR           lpszPassword;
    DWORD           dwPasswordLength;
    LPSTR           lpszUrlPath;
    DWORD           dwUrlPathLength;
    LPSTR           lpszExtraInfo;
    DWORD           dwExtraInfoLength;
} URL_COMPONENTSA, *LPURL_COMPONENTSA;
typedef URL_COMPONENTSA URL_COMPONENTS;
typedef LPURL_COMPONENTSA LPURL_COMPONENTS;

/* InternetCrackUrl / InternetCanonicalizeUrl flags. */
#define ICU_ESCAPE             0x80000000
#define ICU_USERNAME           0x40000000
#define ICU_NO_ENCODE          0x20000000
#define ICU_DECODE             0x10000000
#define ICU_NO_META            0x08000000
#define ICU_ENCODE_SPACES_ONLY 0x04000000
#define ICU_BROWSER_MODE       0x02000000
#define ICU_ENCODE_PERCENT     0x00001000
#define ICU_ESCAPE_AUTHORITY   0x00002000

/* WinINet errors. */
#define INTERNET_ERROR_BASE                 12000
#define ERROR_INTERNET_OUT_OF_HANDLES       12001
#define ERROR_INTERNET_TIMEOUT              12002
#define ERROR_INTERNET_EXTENDED_ERROR       12003
#define ERROR_INTERNET_INTERNAL_ERROR       12004
#define ERROR_INTERNET_INVALID_URL          12005
#define ERROR_INTERNET_UNRECOGNIZED_SCHEME  12006
#define ERROR_INTERNET_NAME_NOT_RESOLVED    12007
#define ERROR_INTERNET_INVALID_OPTION       12009
#define ERROR_INTERNET_CANNOT_CONNECT       12029
#define ERROR_INTERNET_CONNECTION_ABORTED   12030
#define ERROR_INTERNET_CONNECTION_RESET     12031

WINBASEAPI BOOL WINAPI InternetCrackUrlA(LPCSTR lpszUrl, DWORD dwUrlLength,
                                         DWORD dwFlags,
                                         LPURL_COMPONENTSA lpUrlComponents);
WINBASEAPI BOOL WINAPI InternetCanonicalizeUrlA(LPCSTR lpszUrl,
                                                LPSTR lpszBuffer,
                                                LPDWORD lpdwBufferLength,
                                                DWORD dwFlags);

#define InternetCrackUrl        InternetCrackUrlA
#define InternetCanonicalizeUrl InternetCanonicalizeUrlA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WININET_H */
