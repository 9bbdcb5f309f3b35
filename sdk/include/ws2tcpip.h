/* ws2tcpip.h: getaddrinfo, inet_pton and friends come from the C library
 * through winsock2.h; this adds the Windows names for them. */
#ifndef ISAPI_WS2TCPIP_H
#define ISAPI_WS2TCPIP_H
#include "winsock2.h"
typedef struct addrinfo ADDRINFO, *LPADDRINFO;
#define InetPtonA inet_pton
#define InetNtopA inet_ntop
#endif
