/* message.c: FormatMessageA (sdk/runtime/message.c): system texts,
 * message strings with inserts and escapes, buffers and errors. */
#include "windows.h"
#include "tap.h"

static DWORD fmt_va(DWORD flags, const char *src, char *out, DWORD size, ...)
{
    va_list ap;
    DWORD n;

    va_start(ap, size);
    n = FormatMessageA(flags, src, 0, 0, out, size, &ap);
    va_end(ap);
    return n;
}

int main(void)
{
    char b[256];
    char *alloc = NULL;
    DWORD_PTR argv[6];
    DWORD n;

    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                       NULL, ERROR_FILE_NOT_FOUND, 0, b, sizeof(b), NULL);
    is_str(b, "The system cannot find the file specified.\r\n",
           "system text of error 2, with its line break");
    is_int(n, 44, "returns its length");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED,
                   MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), b, sizeof(b), NULL);
    is_str(b, "Access is denied.\r\n", "error 5 in the default language");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK,
                   NULL, 5, 0, b, sizeof(b), NULL);
    is_str(b, "Access is denied. ", "MAX_WIDTH_MASK turns line breaks to spaces");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL,
                   (DWORD)HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED), 0, b,
                   sizeof(b), NULL);
    is_str(b, "Access is denied.\r\n", "an HRESULT of a Win32 error has its text");

    SetLastError(0);
    is_int(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x7654321, 0, b,
                          sizeof(b), NULL), 0, "an unknown code returns 0");
    is_int(GetLastError(), ERROR_MR_MID_NOT_FOUND, "with ERROR_MR_MID_NOT_FOUND");
    SetLastError(0);
    is_int(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 2, 0, b, 10, NULL), 0,
           "a buffer too small returns 0");
    is_int(GetLastError(), ERROR_INSUFFICIENT_BUFFER, "with ERROR_INSUFFICIENT_BUFFER");
    SetLastError(0);
    is_int(FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, NULL, 1, 0, b, sizeof(b), NULL), 0,
           "FROM_HMODULE: no message tables");
    is_int(GetLastError(), ERROR_RESOURCE_TYPE_NOT_FOUND, "ERROR_RESOURCE_TYPE_NOT_FOUND");
    FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM, NULL, 87, 0,
                   b, sizeof(b), NULL);
    is_str(b, "The parameter is incorrect.\r\n", "with FROM_SYSTEM too, the system answers");

    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER,
                       NULL, 3, 0, (LPSTR)&alloc, 0, NULL);
    ok(alloc != NULL && n == strlen(alloc), "ALLOCATE_BUFFER returns a buffer");
    is_str(alloc, "The system cannot find the path specified.\r\n", "holding the text");
    free(alloc);

    /* Message strings */
    n = fmt_va(FORMAT_MESSAGE_FROM_STRING, "%1 has %2!d! items%3!5s!|", b, sizeof(b),
               "cart", 3, "x");
    is_str(b, "cart has 3 items    x|", "inserts from a va_list, with printf specs");
    is_int(n, 22, "length returned");
    fmt_va(FORMAT_MESSAGE_FROM_STRING, "%2 before %1", b, sizeof(b), "one", "two");
    is_str(b, "two before one", "inserts in any order");
    fmt_va(FORMAT_MESSAGE_FROM_STRING, "100%% done%n%.%!%tend%r", b, sizeof(b));
    is_str(b, "100% done\r\n.!\tend\r", "escapes %% %n %. %! %t %r");
    fmt_va(FORMAT_MESSAGE_FROM_STRING, "cut%0here", b, sizeof(b));
    is_str(b, "cut", "%0 ends the message");
    fmt_va(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS,
           "keep %1 and %2!d!%n", b, sizeof(b));
    is_str(b, "keep %1 and %2!d!\r\n", "IGNORE_INSERTS passes inserts through");
    fmt_va(FORMAT_MESSAGE_FROM_STRING, "%1!lu! %1!lx! %2!I64d!", b, sizeof(b),
           (DWORD)4000000000u, -5000000000LL);
    is_str(b, "4000000000 ee6b2800 -5000000000", "%!lu! %!lx! %!I64d! specs");

    argv[0] = 4; argv[1] = 2; argv[2] = (DWORD_PTR)"Bill";
    argv[3] = (DWORD_PTR)"Bob"; argv[4] = 6; argv[5] = (DWORD_PTR)"Bill";
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                       "%1!*.*s! %4 %5!*s!", 0, 0, b, sizeof(b), (va_list *)argv);
    is_str(b, "  Bi Bob   Bill", "ARGUMENT_ARRAY, '*' taking the following arguments");

    fmt_va(FORMAT_MESSAGE_FROM_STRING | 10, "aaaa bbbb cccc dddd", b, sizeof(b));
    is_str(b, "aaaa bbbb\r\ncccc dddd", "a maximum width breaks lines at a space");
    SetLastError(0);
    is_int(FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "x %1", 0, 0, b, sizeof(b), NULL), 0,
           "inserts without arguments fail");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "with ERROR_INVALID_PARAMETER");

    /* An empty message gives 0, which a caller takes for failure and
     * never frees: nothing may be allocated for it (LeakSanitizer saw a
     * block per call). */
    alloc = (char *)b;
    is_int(FormatMessageA(FORMAT_MESSAGE_FROM_STRING
                          | FORMAT_MESSAGE_ALLOCATE_BUFFER, "%0", 0, 0,
                          (LPSTR)&alloc, 0, NULL), 0,
           "ALLOCATE_BUFFER with an empty message: 0");
    ok(alloc == NULL, "and no buffer to free");
    return done();
}
