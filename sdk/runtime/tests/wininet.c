/* wininet.c: InternetCrackUrlA and InternetCanonicalizeUrlA
 * (sdk/runtime/wininet.c) against their documented behaviour. */
#include "wininet.h"
#include "tap.h"

int main(void)
{
    URL_COMPONENTSA uc;
    char host[64], path[64], extra[64], user[16], pass[16], scheme[16];
    char small[4], buf[128];
    const char *url = "https://bob:s3cret@Example.COM:8443/a%20b/c.asp?x=1#top";
    DWORD n;

    ok(INTERNET_MAX_URL_LENGTH == 2084, "INTERNET_MAX_URL_LENGTH is 2084");
    ok(INTERNET_MAX_HOST_NAME_LENGTH == 256 && INTERNET_MAX_PATH_LENGTH == 2048,
       "INTERNET_MAX_HOST_NAME_LENGTH, _PATH_LENGTH");

    /* Pointers into the URL: pointer NULL, length non-zero. */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUrlPathLength = 1;
    uc.dwExtraInfoLength = uc.dwUserNameLength = uc.dwPasswordLength = 1;
    ok(InternetCrackUrlA(url, 0, 0, &uc), "InternetCrackUrl, pointer mode");
    ok(uc.lpszScheme == url && uc.dwSchemeLength == 5, "scheme points into the URL");
    is_int(uc.nScheme, INTERNET_SCHEME_HTTPS, "INTERNET_SCHEME_HTTPS");
    ok(uc.dwHostNameLength == 11 && !strncmp(uc.lpszHostName, "Example.COM", 11), "host");
    is_int(uc.nPort, 8443, "explicit port");
    ok(uc.dwUserNameLength == 3 && !strncmp(uc.lpszUserName, "bob", 3), "user");
    ok(uc.dwPasswordLength == 6 && !strncmp(uc.lpszPassword, "s3cret", 6), "password");
    ok(uc.dwUrlPathLength == 12 && !strncmp(uc.lpszUrlPath, "/a%20b/c.asp", 12), "path");
    ok(uc.dwExtraInfoLength == 8 && !strncmp(uc.lpszExtraInfo, "?x=1#top", 8),
       "extra info from '?'");

    /* Copies into buffers, decoded. */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszScheme = scheme; uc.dwSchemeLength = sizeof(scheme);
    uc.lpszHostName = host; uc.dwHostNameLength = sizeof(host);
    uc.lpszUrlPath = path; uc.dwUrlPathLength = sizeof(path);
    uc.lpszExtraInfo = extra; uc.dwExtraInfoLength = sizeof(extra);
    uc.lpszUserName = user; uc.dwUserNameLength = sizeof(user);
    uc.lpszPassword = pass; uc.dwPasswordLength = sizeof(pass);
    ok(InternetCrackUrlA("http://www.example.com/x%41y", 0, ICU_DECODE, &uc),
       "buffer mode with ICU_DECODE");
    is_str(scheme, "http", "scheme copied");
    is_str(host, "www.example.com", "host copied");
    is_int(uc.dwHostNameLength, 15, "length without the NUL");
    is_str(path, "/xAy", "%41 decoded");
    is_int(uc.nPort, 80, "default port for http");
    ok(extra[0] == '\0' && uc.dwExtraInfoLength == 0, "no extra info");
    ok(user[0] == '\0' && uc.dwUserNameLength == 0, "no user");

    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszHostName = small; uc.dwHostNameLength = sizeof(small);
    SetLastError(0);
    ok(!InternetCrackUrlA("http://www.example.com/", 0, 0, &uc), "too small a buffer fails");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER");
    is_int(uc.dwHostNameLength, 16, "with the size needed");

    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.dwHostNameLength = 1;
    SetLastError(0);
    ok(!InternetCrackUrlA("no-scheme-here", 0, 0, &uc), "no scheme fails");
    is_int(GetLastError(), ERROR_INTERNET_UNRECOGNIZED_SCHEME, "ERROR_INTERNET_UNRECOGNIZED_SCHEME");
    ok(!InternetCrackUrlA("http://x/", 0, ICU_DECODE, &uc), "ICU_DECODE in pointer mode fails");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
    uc.dwStructSize = 4;
    ok(!InternetCrackUrlA("http://x/", 0, 0, &uc), "a wrong dwStructSize fails");

    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.dwHostNameLength = uc.dwUrlPathLength = 1;
    ok(InternetCrackUrlA("http://host:81/p/q.htm and more", 22, 0, &uc),
       "dwUrlLength limits the URL");
    ok(uc.dwUrlPathLength == 8 && uc.nPort == 81, "path /p/q.htm, port 81");

    /* Canonicalize */
    n = sizeof(buf);
    ok(InternetCanonicalizeUrlA("http://h/a/b/../c/./d e.htm", buf, &n, 0),
       "InternetCanonicalizeUrl");
    is_str(buf, "http://h/a/c/d%20e.htm", "dot segments resolved, space encoded");
    is_int(n, 22, "length without the NUL");
    n = sizeof(buf);
    InternetCanonicalizeUrlA("http://h/a%20b/../x%41", buf, &n, ICU_DECODE);
    is_str(buf, "http://h/xA", "ICU_DECODE decodes");
    n = sizeof(buf);
    InternetCanonicalizeUrlA("http://h/a/../b c", buf, &n, ICU_NO_META | ICU_NO_ENCODE);
    is_str(buf, "http://h/a/../b c", "ICU_NO_META and ICU_NO_ENCODE leave it");
    n = sizeof(buf);
    InternetCanonicalizeUrlA("http://h/a b?q=<x y>", buf, &n, ICU_BROWSER_MODE);
    is_str(buf, "http://h/a%20b?q=<x y>", "ICU_BROWSER_MODE leaves the query");
    n = 5;
    SetLastError(0);
    ok(!InternetCanonicalizeUrlA("http://h/abc", buf, &n, 0), "small buffer fails");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER");
    is_int(n, 13, "with the size needed, NUL included");
    return done();
}
