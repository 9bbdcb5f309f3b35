/*
 * message.c: FormatMessageA.  System messages are the English texts of
 * the error codes in isapi/win_error.h; a message string (the filter's
 * own, FORMAT_MESSAGE_FROM_STRING) gets the same insert and escape
 * processing: %1..%99 with an optional !printf spec!, %0 %% %n %r %t %b
 * %. %!, and line-width control.  Filters have no message-table
 * resources here: FORMAT_MESSAGE_FROM_HMODULE alone fails with
 * ERROR_RESOURCE_TYPE_NOT_FOUND (with FROM_SYSTEM too, the system table
 * answers, as Windows falls back to it).
 */
#include "isw_text.h"

#include <stdlib.h>

static const struct {
    DWORD id;
    const char *text;
} system_messages[] = {
    { 0, "The operation completed successfully." },
    { 1, "Incorrect function." },
    { 2, "The system cannot find the file specified." },
    { 3, "The system cannot find the path specified." },
    { 4, "The system cannot open the file." },
    { 5, "Access is denied." },
    { 6, "The handle is invalid." },
    { 8, "Not enough memory resources are available to process this command." },
    { 11, "An attempt was made to load a program with an incorrect format." },
    { 12, "The access code is invalid." },
    { 13, "The data is invalid." },
    { 14, "Not enough memory resources are available to complete this operation." },
    { 15, "The system cannot find the drive specified." },
    { 17, "The system cannot move the file to a different disk drive." },
    { 18, "There are no more files." },
    { 19, "The media is write protected." },
    { 21, "The device is not ready." },
    { 24, "The program issued a command but the command length is incorrect." },
    { 25, "The drive cannot locate a specific area or track on the disk." },
    { 29, "The system cannot write to the specified device." },
    { 30, "The system cannot read from the specified device." },
    { 31, "A device attached to the system is not functioning." },
    { 32, "The process cannot access the file because it is being used by another process." },
    { 33, "The process cannot access the file because another process has locked a portion of the file." },
    { 38, "Reached the end of the file." },
    { 39, "The disk is full." },
    { 50, "The request is not supported." },
    { 53, "The network path was not found." },
    { 64, "The specified network name is no longer available." },
    { 67, "The network name cannot be found." },
    { 80, "The file exists." },
    { 82, "The directory or file cannot be created." },
    { 87, "The parameter is incorrect." },
    { 109, "The pipe has been ended." },
    { 110, "The system cannot open the device or file specified." },
    { 111, "The file name is too long." },
    { 112, "There is not enough space on the disk." },
    { 120, "This function is not supported on this system." },
    { 121, "The semaphore timeout period has expired." },
    { 122, "The data area passed to a system call is too small." },
    { 123, "The filename, directory name, or volume label syntax is incorrect." },
    { 126, "The specified module could not be found." },
    { 127, "The specified procedure could not be found." },
    { 131, "An attempt was made to move the file pointer before the beginning of the file." },
    { 145, "The directory is not empty." },
    { 161, "The specified path is invalid." },
    { 170, "The requested resource is in use." },
    { 183, "Cannot create a file when that file already exists." },
    { 193, "%1 is not a valid Win32 application." },
    { 203, "The system could not find the environment option that was entered." },
    { 206, "The filename or extension is too long." },
    { 230, "The pipe state is invalid." },
    { 232, "The pipe is being closed." },
    { 234, "More data is available." },
    { 258, "The wait operation timed out." },
    { 259, "No more data is available." },
    { 267, "The directory name is invalid." },
    { 288, "Attempt to release mutex not owned by caller." },
    { 298, "Too many posts were made to a semaphore." },
    { 299, "Only part of a ReadProcessMemory or WriteProcessMemory request was completed." },
    { 317, "The system cannot find message text for message number 0x%1 in the message file for %2." },
    { 487, "Attempt to access invalid address." },
    { 534, "Arithmetic result exceeded 32 bits." },
    { 995, "The I/O operation has been aborted because of either a thread exit or an application request." },
    { 996, "Overlapped I/O event is not in a signaled state." },
    { 997, "Overlapped I/O operation is in progress." },
    { 998, "Invalid access to memory location." },
    { 1004, "Invalid flags." },
    { 1006, "The volume for a file has been externally altered so that the opened file is no longer valid." },
    { 1011, "The configuration registry key could not be opened." },
    { 1012, "The configuration registry key could not be read." },
    { 1013, "The configuration registry key could not be written." },
    { 1015, "The registry is corrupted. The structure of one of the files containing registry data is corrupted, or the system's memory image of the file is corrupted, or the file could not be recovered because the alternate copy or log was absent or corrupted." },
    { 1016, "An I/O operation initiated by the registry failed unrecoverably. The registry could not read in, or write out, or flush, one of the files that contain the system's image of the registry." },
    { 1018, "Illegal operation attempted on a registry key that has been marked for deletion." },
    { 1113, "No mapping for the Unicode character exists in the target multi-byte code page." },
    { 1114, "A dynamic link library (DLL) initialization routine failed." },
    { 1168, "Element not found." },
    { 1300, "Not all privileges or groups referenced are assigned to the caller." },
    { 1314, "A required privilege is not held by the client." },
    { 1326, "The user name or password is incorrect." },
    { 1338, "The security descriptor structure is invalid." },
    { 1400, "Invalid window handle." },
    { 1413, "Invalid index." },
    { 1460, "This operation returned because the timeout period expired." },
    { 1784, "The supplied user buffer is not valid for the requested operation." },
    { 1812, "The specified image file did not contain a resource section." },
    { 1813, "The specified resource type cannot be found in the image file." },
    { 1814, "The specified resource name cannot be found in the image file." },
    { 1815, "The specified resource language ID cannot be found in the image file." },
    { 1921, "The name of the file cannot be resolved by the system." },
};

static const char *system_text(DWORD id)
{
    size_t i;

    /* An HRESULT that wraps a Win32 error has that error's text. */
    if ((id & 0xffff0000u) == 0x80070000u) {
        id &= 0xffff;
    }
    for (i = 0; i < sizeof(system_messages) / sizeof(system_messages[0]);
         i++) {
        if (system_messages[i].id == id) {
            return system_messages[i].text;
        }
    }
    return NULL;
}

/* ---- A growing string ---- */

typedef struct buf {
    char *p;
    size_t len, cap;
    int failed;
} buf;

static void add(buf *b, const char *s, size_t n)
{
    if (b->failed) {
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 256) + n;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* "%<n>" at p (p at the first digit): the insert number, and p moved past
 * the digits (two at most). */
static int insert_number(const char **pp)
{
    const char *p = *pp;
    int n = *p++ - '0';

    if (*p >= '0' && *p <= '9') {
        n = n * 10 + (*p++ - '0');
    }
    *pp = p;
    return n;
}

/* The highest argument a message uses: an insert's number, plus one for
 * each '*' in its spec (those read the following arguments). */
static int highest_arg(const char *text)
{
    const char *p = text;
    int top = 0;

    while ((p = strchr(p, '%'))) {
        p++;
        if (*p >= '1' && *p <= '9') {
            int n = insert_number(&p);
            if (*p == '!') {
                const char *end = strchr(p + 1, '!');
                const char *q;
                for (q = p + 1; end && q < end; q++) {
                    n += *q == '*';
                }
                p = end ? end + 1 : p + 1;
            }
            top = n > top ? n : top;
        }
        else if (*p) {
            p++;
        }
    }
    return top;
}

/* Breaks lines longer than width at their last space before it (or at
 * width when a line has none), with "\r\n". */
static int wrap(buf *b, size_t width)
{
    buf out = { NULL, 0, 0, 0 };
    size_t i = 0, col = 0, space = (size_t)-1, start = 0;

    add(&out, "", 0);
    while (i < b->len) {
        char c = b->p[i];
        if (c == '\n') {
            add(&out, b->p + start, i + 1 - start);
            start = ++i;
            col = 0;
            space = (size_t)-1;
            continue;
        }
        if (c == ' ') {
            space = i;
        }
        if (++col > width) {
            size_t cut = space != (size_t)-1 && space >= start ? space : i;
            add(&out, b->p + start, cut - start);
            add(&out, "\r\n", 2);
            start = cut == space ? cut + 1 : cut;
            i = start;
            col = 0;
            space = (size_t)-1;
            continue;
        }
        i++;
    }
    add(&out, b->p + start, b->len - start);
    free(b->p);
    *b = out;
    return !out.failed;
}

DWORD WINAPI FormatMessageA(DWORD flags, LPCVOID source, DWORD id,
                            DWORD lang, LPSTR buffer, DWORD size,
                            va_list *args)
{
    const void *caller = __builtin_return_address(0);
    unsigned width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    int ignore = (flags & FORMAT_MESSAGE_IGNORE_INSERTS) != 0;
    uintptr_t *vals = NULL;
    const uintptr_t *argv = NULL;
    const char *text, *p;
    buf b = { NULL, 0, 0, 0 };
    int nargs = 0;

    if (!buffer) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        text = source;
        if (!text) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
    }
    else if (flags & FORMAT_MESSAGE_FROM_SYSTEM) {
        if (PRIMARYLANGID(lang) != LANG_NEUTRAL &&
            PRIMARYLANGID(lang) != LANG_ENGLISH) {
            SetLastError(ERROR_RESOURCE_LANG_NOT_FOUND);
            return 0;
        }
        text = system_text(id);
        if (!text) {
            SetLastError(ERROR_MR_MID_NOT_FOUND);
            return 0;
        }
    }
    else if (flags & FORMAT_MESSAGE_FROM_HMODULE) {
        /* No message-table resources in a filter built here. */
        SetLastError(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return 0;
    }
    else {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }

    if (!ignore) {
        nargs = highest_arg(text);
        if (nargs && !args) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
        if (nargs && (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY)) {
            argv = (const uintptr_t *)args;
        }
        else if (nargs) {
            /* A va_list reads in order only: take every argument the
             * message uses, as pointer-sized values. */
            va_list cp;
            int i;
            vals = malloc(sizeof(*vals) * (size_t)nargs);
            if (!vals) {
                SetLastError(ERROR_NOT_ENOUGH_MEMORY);
                return 0;
            }
            va_copy(cp, *args);
            for (i = 0; i < nargs; i++) {
                vals[i] = va_arg(cp, uintptr_t);
            }
            va_end(cp);
            argv = vals;
        }
    }

    add(&b, "", 0);
    for (p = text; *p;) {
        const char *run = p;

        while (*p && *p != '%' && *p != '\r' && *p != '\n') {
            p++;
        }
        add(&b, run, (size_t)(p - run));
        if (*p == '\r' || *p == '\n') {
            /* A line break in the text: kept, or with a width given,
             * turned into a space (the width decides where lines end). */
            size_t n = (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
            if (width) {
                add(&b, " ", 1);
            }
            else {
                add(&b, p, n);
            }
            p += n;
            continue;
        }
        if (!*p) {
            break;
        }
        p++;                                   /* the '%' */
        if (*p == '0') {
            goto done;                         /* end, no line break */
        }
        if (*p >= '1' && *p <= '9') {
            const char *ins = p - 1;
            int n = insert_number(&p);
            char fmt[64];
            const char *spec = "s", *end = NULL;
            size_t speclen = 1;
            isw_args a;
            int stars = 0, len;
            const char *q;

            if (*p == '!' && (end = strchr(p + 1, '!'))) {
                spec = p + 1;
                speclen = (size_t)(end - spec);
                p = end + 1;
            }
            if (ignore) {
                add(&b, ins, (size_t)(p - ins));
                continue;
            }
            if (speclen + 2 > sizeof(fmt)) {
                SetLastError(ERROR_INVALID_PARAMETER);
                goto fail;
            }
            fmt[0] = '%';
            memcpy(fmt + 1, spec, speclen);
            fmt[1 + speclen] = '\0';
            for (q = spec; q < spec + speclen; q++) {
                stars += *q == '*';
            }
            a.ap = NULL;
            a.arr = argv + n - 1;
            a.n = (size_t)stars + 1;
            a.next = 0;
            len = isw_vformat(NULL, 0, fmt, &a, ISW_FMT_CRT, caller);
            if (len < 0) {
                SetLastError(ERROR_INVALID_PARAMETER);
                goto fail;
            }
            {
                char small[256], *t = small;
                if ((size_t)len >= sizeof(small)) {
                    t = malloc((size_t)len + 1);
                }
                if (!t) {
                    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
                    goto fail;
                }
                a.next = 0;
                isw_vformat(t, (size_t)len + 1, fmt, &a, ISW_FMT_CRT, caller);
                add(&b, t, (size_t)len);
                if (t != small) {
                    free(t);
                }
            }
            continue;
        }
        switch (*p) {
        case 'n':  add(&b, "\r\n", 2); break;
        case 'r':  add(&b, "\r", 1); break;
        case 't':  add(&b, "\t", 1); break;
        case 'b':  add(&b, " ", 1); break;
        case '\0': continue;
        default:   add(&b, p, 1); break;       /* %% %. %! and the rest */
        }
        p++;
    }
    /* System messages end with a line break, which a width removes. */
    if (!(flags & FORMAT_MESSAGE_FROM_STRING)) {
        add(&b, width ? " " : "\r\n", width ? 1 : 2);
    }
done:
    if (width && width != FORMAT_MESSAGE_MAX_WIDTH_MASK && !wrap(&b, width)) {
        b.failed = 1;
    }
    if (b.failed) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto fail;
    }
    free(vals);
    if ((flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) && b.len == 0) {
        /* 0 comes back, which callers take for failure and never free:
         * no buffer for an empty message. */
        free(b.p);
        *(char **)buffer = NULL;
        return 0;
    }
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        /* nSize is the least the caller wants allocated; LocalFree
         * frees it (malloc blocks are LMEM_FIXED local memory here). */
        size_t want = b.len + 1 > size ? b.len + 1 : size;
        char *out = malloc(want);
        if (!out) {
            free(b.p);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        memcpy(out, b.p, b.len + 1);
        *(char **)buffer = out;
    }
    else {
        if (b.len + 1 > size) {
            free(b.p);
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        memcpy(buffer, b.p, b.len + 1);
    }
    free(b.p);
    return (DWORD)b.len;

fail:
    free(vals);
    free(b.p);
    return 0;
}
