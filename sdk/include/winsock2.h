/**
 * @file winsock2.h
 * @brief Windows Sockets for filters that open connections of their own
 *        (sdk/runtime/winsock.c), over the platform's BSD sockets.
 *
 * SOCKET is the file descriptor itself, an int: Windows makes it an
 * unsigned pointer-sized handle, but a filter only compares it with
 * INVALID_SOCKET (-1 here, as the all-ones value is on Windows) and hands
 * it to the socket calls, which then take it unchanged.  The BSD calls
 * (socket, connect, send, recv, select, gethostbyname, inet_addr,
 * inet_ntoa, htons...) are the C library's.  They report errors through
 * errno; WSAGetLastError translates errno into the WSA* code Windows
 * would give (WSAEWOULDBLOCK for EAGAIN, WSAECONNREFUSED...).  Close a
 * socket with closesocket, as on Windows.
 */
#ifndef ISAPI_WINSOCK2_H
#define ISAPI_WINSOCK2_H

#include "windows.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/select.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

/* u_char..u_long, which glibc's <sys/types.h> gives only to
 * _DEFAULT_SOURCE builds. */
#if defined(__GLIBC__) && !defined(__USE_MISC)
typedef unsigned char  u_char;
typedef unsigned short u_short;
typedef unsigned int   u_int;
typedef unsigned long  u_long;
#endif

typedef int SOCKET;
#define INVALID_SOCKET  (-1)
#define SOCKET_ERROR    (-1)

typedef struct sockaddr     SOCKADDR, *PSOCKADDR, *LPSOCKADDR;
typedef struct sockaddr_in  SOCKADDR_IN, *PSOCKADDR_IN, *LPSOCKADDR_IN;
typedef struct sockaddr_in6 SOCKADDR_IN6, *PSOCKADDR_IN6, *LPSOCKADDR_IN6;
typedef struct sockaddr_storage SOCKADDR_STORAGE, *PSOCKADDR_STORAGE;
typedef struct hostent      HOSTENT, *PHOSTENT, *LPHOSTENT;
typedef struct servent      SERVENT, *PSERVENT, *LPSERVENT;
typedef struct in_addr      IN_ADDR, *PIN_ADDR, *LPIN_ADDR;
typedef struct linger       LINGER, *PLINGER, *LPLINGER;
typedef struct timeval      TIMEVAL, *PTIMEVAL, *LPTIMEVAL;
typedef struct addrinfo     ADDRINFOA, *PADDRINFOA;

#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN  128

typedef struct WSAData {
    WORD           wVersion;
    WORD           wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char          *lpVendorInfo;
    char           szDescription[WSADESCRIPTION_LEN + 1];
    char           szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;

#define SD_RECEIVE 0
#define SD_SEND    1
#define SD_BOTH    2

/* Windows Sockets error codes (WSABASEERR + n). */
#define WSABASEERR              10000
#define WSAEINTR                10004
#define WSAEBADF                10009
#define WSAEACCES               10013
#define WSAEFAULT               10014
#define WSAEINVAL               10022
#define WSAEMFILE               10024
#define WSAEWOULDBLOCK          10035
#define WSAEINPROGRESS          10036
#define WSAEALREADY             10037
#define WSAENOTSOCK             10038
#define WSAEDESTADDRREQ         10039
#define WSAEMSGSIZE             10040
#define WSAEPROTOTYPE           10041
#define WSAENOPROTOOPT          10042
#define WSAEPROTONOSUPPORT      10043
#define WSAESOCKTNOSUPPORT      10044
#define WSAEOPNOTSUPP           10045
#define WSAEPFNOSUPPORT         10046
#define WSAEAFNOSUPPORT         10047
#define WSAEADDRINUSE           10048
#define WSAEADDRNOTAVAIL        10049
#define WSAENETDOWN             10050
#define WSAENETUNREACH          10051
#define WSAENETRESET            10052
#define WSAECONNABORTED         10053
#define WSAECONNRESET           10054
#define WSAENOBUFS              10055
#define WSAEISCONN              10056
#define WSAENOTCONN             10057
#define WSAESHUTDOWN            10058
#define WSAETOOMANYREFS         10059
#define WSAETIMEDOUT            10060
#define WSAECONNREFUSED         10061
#define WSAELOOP                10062
#define WSAENAMETOOLONG         10063
#define WSAEHOSTDOWN            10064
#define WSAEHOSTUNREACH         10065
#define WSAENOTEMPTY            10066
#define WSAEPROCLIM             10067
#define WSAEUSERS               10068
#define WSAEDQUOT               10069
#define WSAESTALE               10070
#define WSAEREMOTE              10071
#define WSASYSNOTREADY          10091
#define WSAVERNOTSUPPORTED      10092
#define WSANOTINITIALISED       10093
#define WSAEDISCON              10101
#define WSAHOST_NOT_FOUND       11001
#define WSATRY_AGAIN            11002
#define WSANO_RECOVERY          11003
#define WSANO_DATA              11004

WINBASEAPI int WINAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);
WINBASEAPI int WINAPI WSACleanup(void);
WINBASEAPI int WINAPI WSAGetLastError(void);
WINBASEAPI void WINAPI WSASetLastError(int iError);
WINBASEAPI int WINAPI closesocket(SOCKET s);
WINBASEAPI int WINAPI ioctlsocket(SOCKET s, long cmd, unsigned long *argp);

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WINSOCK2_H */
