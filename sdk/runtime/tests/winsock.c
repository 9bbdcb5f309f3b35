/* winsock.c: WSAStartup, WSAGetLastError's WSA codes, closesocket and
 * ioctlsocket over BSD sockets (sdk/runtime/winsock.c). */
#include "winsock2.h"
#include "tap.h"

int main(void)
{
    WSADATA wsa;
    SOCKET s, l;
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    u_long on = 1;
    char c;

    is_int(WSAStartup(MAKEWORD(2, 2), &wsa), 0, "WSAStartup(2.2) returns 0");
    is_int(wsa.wVersion, MAKEWORD(2, 2), "wVersion 2.2");
    is_int(wsa.wHighVersion, MAKEWORD(2, 2), "wHighVersion 2.2");
    WSAStartup(MAKEWORD(1, 1), &wsa);
    is_int(wsa.wVersion, MAKEWORD(1, 1), "1.1 asked, 1.1 given");
    is_int(WSAStartup(MAKEWORD(2, 2), NULL), WSAEFAULT, "no WSADATA: WSAEFAULT");

    l = socket(AF_INET, SOCK_STREAM, 0);
    ok(l != INVALID_SOCKET, "socket() gives a SOCKET");
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = inet_addr("127.0.0.1");
    ok(bind(l, (SOCKADDR *)&a, sizeof(a)) == 0 && listen(l, 1) == 0,
       "bind and listen on loopback");
    getsockname(l, (SOCKADDR *)&a, &alen);
    s = socket(AF_INET, SOCK_STREAM, 0);
    ok(connect(s, (SOCKADDR *)&a, sizeof(a)) == 0, "connect");
    is_int(ioctlsocket(s, FIONBIO, &on), 0, "ioctlsocket FIONBIO");
    ok(recv(s, &c, 1, 0) == SOCKET_ERROR, "recv with no data fails");
    is_int(WSAGetLastError(), WSAEWOULDBLOCK, "WSAEWOULDBLOCK");
    on = 99;
    is_int(ioctlsocket(s, FIONREAD, &on), 0, "ioctlsocket FIONREAD");
    is_int(on, 0, "nothing to read");
    is_int(closesocket(s), 0, "closesocket");
    ok(closesocket(s) == SOCKET_ERROR, "twice fails");
    is_int(WSAGetLastError(), WSAENOTSOCK, "WSAENOTSOCK");
    closesocket(l);

    s = socket(AF_INET, SOCK_STREAM, 0);
    ok(connect(s, (SOCKADDR *)&a, sizeof(a)) == SOCKET_ERROR, "connect to a closed port fails");
    is_int(WSAGetLastError(), WSAECONNREFUSED, "WSAECONNREFUSED");
    WSASetLastError(WSAETIMEDOUT);
    is_int(WSAGetLastError(), WSAETIMEDOUT, "WSASetLastError's value is read back");
    closesocket(s);
    ok(ntohs(htons(8080)) == 8080 && inet_addr("10.1.2.3") == htonl(0x0A010203),
       "htons/inet_addr from the C library");
    is_int(WSACleanup(), 0, "WSACleanup");
    return done();
}
