/*
 * winsock.c: the Windows Sockets calls that have no BSD twin
 * (winsock2.h).  Sockets are file descriptors, so start-up has
 * nothing to start, and errors are errno translated to WSA codes.
 */
#include "isw.h"
#include "winsock2.h"

#include <fcntl.h>

/* WSASetLastError's value holds until errno changes. */
static __thread int wsa_error;
static __thread int wsa_errno_seen;

WINBASEAPI int WINAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)
{
    if (!lpWSAData) {
        return WSAEFAULT;
    }
    /* Windows Sockets 1.0 was never shipped; 2.2 is the highest. */
    if (LOBYTE(wVersionRequested) < 1
        || (LOBYTE(wVersionRequested) == 1 && HIBYTE(wVersionRequested) < 1)) {
        return WSAVERNOTSUPPORTED;
    }
    memset(lpWSAData, 0, sizeof(*lpWSAData));
    lpWSAData->wVersion = (LOBYTE(wVersionRequested) > 2
                           || (LOBYTE(wVersionRequested) == 2
                               && HIBYTE(wVersionRequested) >= 2))
                          ? MAKEWORD(2, 2) : wVersionRequested;
    lpWSAData->wHighVersion = MAKEWORD(2, 2);
    lpWSAData->iMaxSockets = 0;
    lpWSAData->iMaxUdpDg = 0;
    snprintf(lpWSAData->szDescription, sizeof(lpWSAData->szDescription),
             "WinSock 2.0 (BSD sockets, libisapiwin32)");
    snprintf(lpWSAData->szSystemStatus, sizeof(lpWSAData->szSystemStatus),
             "Running");
    return 0;
}

WINBASEAPI int WINAPI WSACleanup(void)
{
    return 0;
}

static int wsa_from_errno(int e)
{
    switch (e) {
    case 0:               return 0;
    case EINTR:           return WSAEINTR;
    case EBADF:           return WSAENOTSOCK;
    case EACCES:
    case EPERM:           return WSAEACCES;
    case EFAULT:          return WSAEFAULT;
    case EINVAL:          return WSAEINVAL;
    case EMFILE:
    case ENFILE:          return WSAEMFILE;
#if EAGAIN != EWOULDBLOCK
    case EWOULDBLOCK:
#endif
    case EAGAIN:          return WSAEWOULDBLOCK;
    case EINPROGRESS:     return WSAEWOULDBLOCK;  /* a non-blocking connect, as Windows reports it */
    case EALREADY:        return WSAEALREADY;
    case ENOTSOCK:        return WSAENOTSOCK;
    case EDESTADDRREQ:    return WSAEDESTADDRREQ;
    case EMSGSIZE:        return WSAEMSGSIZE;
    case EPROTOTYPE:      return WSAEPROTOTYPE;
    case ENOPROTOOPT:     return WSAENOPROTOOPT;
    case EPROTONOSUPPORT: return WSAEPROTONOSUPPORT;
    case ESOCKTNOSUPPORT: return WSAESOCKTNOSUPPORT;
    case EOPNOTSUPP:      return WSAEOPNOTSUPP;
    case EPFNOSUPPORT:    return WSAEPFNOSUPPORT;
    case EAFNOSUPPORT:    return WSAEAFNOSUPPORT;
    case EADDRINUSE:      return WSAEADDRINUSE;
    case EADDRNOTAVAIL:   return WSAEADDRNOTAVAIL;
    case ENETDOWN:        return WSAENETDOWN;
    case ENETUNREACH:     return WSAENETUNREACH;
    case ENETRESET:       return WSAENETRESET;
    case ECONNABORTED:    return WSAECONNABORTED;
    case EPIPE:
    case ECONNRESET:      return WSAECONNRESET;
    case ENOBUFS:
    case ENOMEM:          return WSAENOBUFS;
    case EISCONN:         return WSAEISCONN;
    case ENOTCONN:        return WSAENOTCONN;
    case ESHUTDOWN:       return WSAESHUTDOWN;
    case ETIMEDOUT:       return WSAETIMEDOUT;
    case ECONNREFUSED:    return WSAECONNREFUSED;
    case ELOOP:           return WSAELOOP;
    case ENAMETOOLONG:    return WSAENAMETOOLONG;
    case EHOSTDOWN:       return WSAEHOSTDOWN;
    case EHOSTUNREACH:    return WSAEHOSTUNREACH;
    default:              return WSABASEERR + e;
    }
}

WINBASEAPI int WINAPI WSAGetLastError(void)
{
    int e = errno;

    if (wsa_error && e == wsa_errno_seen) {
        return wsa_error;
    }
    wsa_error = 0;
    return wsa_from_errno(e);
}

WINBASEAPI void WINAPI WSASetLastError(int iError)
{
    wsa_error = iError;
    wsa_errno_seen = errno;
}

WINBASEAPI int WINAPI closesocket(SOCKET s)
{
    if (close(s) != 0) {
        return SOCKET_ERROR;
    }
    return 0;
}

WINBASEAPI int WINAPI ioctlsocket(SOCKET s, long cmd, unsigned long *argp)
{
    if (!argp) {
        errno = EFAULT;
        return SOCKET_ERROR;
    }
    if (cmd == (long)FIONBIO) {
        int fl = fcntl(s, F_GETFL);
        if (fl < 0 || fcntl(s, F_SETFL, *argp ? fl | O_NONBLOCK
                                              : fl & ~O_NONBLOCK) < 0) {
            return SOCKET_ERROR;
        }
        return 0;
    }
    if (cmd == (long)FIONREAD) {
        int n = 0;
        if (ioctl(s, FIONREAD, &n) < 0) {
            return SOCKET_ERROR;
        }
        *argp = (u_long)n;
        return 0;
    }
    errno = EINVAL;
    return SOCKET_ERROR;
}
