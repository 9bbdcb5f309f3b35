/* file.c: CreateFile and the file handle functions, and the name
 * functions (sdk/runtime/file.c, pathname.c), below a Windows root made
 * for the test. */
#include "windows.h"
#include "isapi/win_host.h"
#include "tap.h"

#include <sys/stat.h>
#include <unistd.h>

static char root[128];

static HANDLE open_rw(const char *name, DWORD disp)
{
    return CreateFileA(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ,
                       NULL, disp, FILE_ATTRIBUTE_NORMAL, NULL);
}

int main(void)
{
    isapi_win32_host host = { ISAPI_WIN32_HOST_VERSION, NULL, NULL, NULL };
    char path[512], buf[MAX_PATH], *part;
    DWORD n, high;
    LONG hi;
    HANDLE h, h2;
    LARGE_INTEGER li;
    FILETIME ct, at, wt, ft;
    OVERLAPPED ov;
    struct stat st;

    snprintf(root, sizeof(root), "/tmp/file.%d", (int)getpid());
    host.windows_root = root;
    isapi_win32_host_attach(&host);
    snprintf(path, sizeof(path), "mkdir -p %s/c/Temp %s/c/inetsrv", root, root);
    if (system(path) != 0) {
        return 1;
    }

    /* ---- CreateFile dispositions ---- */
    SetLastError(0);
    h = CreateFileA("C:\\inetsrv\\missing.txt", GENERIC_READ, FILE_SHARE_READ,
                    NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(h == INVALID_HANDLE_VALUE, "OPEN_EXISTING of a missing file fails");
    is_int(GetLastError(), ERROR_FILE_NOT_FOUND, "with ERROR_FILE_NOT_FOUND");
    h = CreateFileA("C:\\nodir\\x.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    is_int(GetLastError(), ERROR_PATH_NOT_FOUND,
           "a missing directory is ERROR_PATH_NOT_FOUND");
    h = CreateFileA("\\\\server\\share\\x", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_BAD_NETPATH,
       "UNC paths fail with ERROR_BAD_NETPATH");

    SetLastError(42);
    h = open_rw("C:\\inetsrv\\Data.TXT", CREATE_NEW);
    ok(h != INVALID_HANDLE_VALUE, "CREATE_NEW creates");
    is_int(GetLastError(), 0, "and sets no error");
    snprintf(path, sizeof(path), "%s/c/inetsrv/Data.TXT", root);
    ok(stat(path, &st) == 0, "with the spelling given, below the root");
    ok(WriteFile(h, "hello world", 11, &n, NULL) && n == 11, "WriteFile writes 11 bytes");
    is_int(GetFileSize(h, NULL), 11, "GetFileSize");
    is_int(GetFileType(h), FILE_TYPE_DISK, "GetFileType is FILE_TYPE_DISK");
    is_int(SetFilePointer(h, 0, NULL, FILE_BEGIN), 0, "SetFilePointer to the start");
    memset(buf, 0, sizeof(buf));
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 11, "ReadFile reads what is there");
    is_str(buf, "hello world", "the data");
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 0,
       "at the end of the file ReadFile succeeds with 0 bytes");
    SetLastError(0);
    ok(!ReadFile(h, buf, 4, NULL, NULL), "a NULL count without OVERLAPPED is refused");
    is_int(GetLastError(), ERROR_INVALID_PARAMETER, "with ERROR_INVALID_PARAMETER");
    ok(CloseHandle(h), "CloseHandle");
    ok(!CloseHandle(h), "a closed handle is refused");

    h = open_rw("c:\\INETSRV\\data.txt", CREATE_NEW);
    ok(h == INVALID_HANDLE_VALUE, "CREATE_NEW of an existing file (other case) fails");
    is_int(GetLastError(), ERROR_FILE_EXISTS, "with ERROR_FILE_EXISTS");
    h = open_rw("c:\\INETSRV\\data.txt", OPEN_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE, "OPEN_ALWAYS of an existing file");
    is_int(GetLastError(), ERROR_ALREADY_EXISTS, "sets ERROR_ALREADY_EXISTS");
    is_int(GetFileSize(h, NULL), 11, "and keeps the data");
    CloseHandle(h);
    h = open_rw("c:\\inetsrv\\other.txt", OPEN_ALWAYS);
    is_int(GetLastError(), 0, "OPEN_ALWAYS creating sets no error");
    CloseHandle(h);
    h = open_rw("c:\\inetsrv\\data.txt", CREATE_ALWAYS);
    is_int(GetLastError(), ERROR_ALREADY_EXISTS, "CREATE_ALWAYS of an existing file: ERROR_ALREADY_EXISTS");
    is_int(GetFileSize(h, NULL), 0, "and truncates it");

    /* ---- OVERLAPPED offsets, file pointer ---- */
    WriteFile(h, "0123456789", 10, &n, NULL);
    memset(&ov, 0, sizeof(ov));
    ov.Offset = 4;
    memset(buf, 0, sizeof(buf));
    ok(ReadFile(h, buf, 3, NULL, &ov), "ReadFile at an OVERLAPPED offset, no count");
    is_str(buf, "456", "reads there");
    is_int(ov.InternalHigh, 3, "the count lands in InternalHigh");
    ov.Offset = 100;
    SetLastError(0);
    ok(!ReadFile(h, buf, 3, &n, &ov) && GetLastError() == ERROR_HANDLE_EOF,
       "an offset past the end is ERROR_HANDLE_EOF");
    ov.Offset = 0xFFFFFFFF;
    ov.OffsetHigh = 0xFFFFFFFF;
    ok(WriteFile(h, "AB", 2, &n, &ov), "WriteFile at offset ~0 appends");
    is_int(GetFileSize(h, NULL), 12, "at the end");
    is_int(SetFilePointer(h, -2, NULL, FILE_END), 10, "FILE_END -2");
    is_int(SetFilePointer(h, 1, NULL, FILE_CURRENT), 11, "FILE_CURRENT +1");
    SetLastError(0);
    is_int(SetFilePointer(h, -20, NULL, FILE_CURRENT), INVALID_SET_FILE_POINTER,
           "before the start: INVALID_SET_FILE_POINTER");
    is_int(GetLastError(), ERROR_NEGATIVE_SEEK, "with ERROR_NEGATIVE_SEEK");
    is_int(SetFilePointer(h, 0, NULL, FILE_CURRENT), 11, "the pointer did not move");
    hi = 1;
    is_int(SetFilePointer(h, 5, &hi, FILE_BEGIN), 5, "a 64-bit move: low part");
    is_int(hi, 1, "high part");
    li.QuadPart = 0;
    ok(SetFilePointerEx(h, li, &li, FILE_CURRENT) && li.QuadPart == 0x100000005LL,
       "SetFilePointerEx reads the 64-bit position");
    ok(SetEndOfFile(h), "SetEndOfFile past the end");
    high = 0;
    is_int(GetFileSize(h, &high), 5, "GetFileSize low part");
    is_int(high, 1, "GetFileSize high part");
    ok(GetFileSizeEx(h, &li) && li.QuadPart == 0x100000005LL, "GetFileSizeEx");
    SetFilePointer(h, 4, NULL, FILE_BEGIN);
    ok(SetEndOfFile(h) && GetFileSize(h, NULL) == 4, "SetEndOfFile truncates");
    ok(FlushFileBuffers(h), "FlushFileBuffers");

    /* ---- Times ---- */
    ok(GetFileTime(h, &ct, &at, &wt), "GetFileTime");
    ok(wt.dwHighDateTime > 0x01D00000, "the last write time counts from 1601");
    ft.dwHighDateTime = 0x01D00000;          /* 2014 */
    ft.dwLowDateTime = 0;
    ok(SetFileTime(h, NULL, NULL, &ft), "SetFileTime");
    GetFileTime(h, NULL, NULL, &wt);
    ok(wt.dwHighDateTime == ft.dwHighDateTime && wt.dwLowDateTime == ft.dwLowDateTime,
       "the last write time round-trips");

    {
        BY_HANDLE_FILE_INFORMATION bi;

        ok(GetFileInformationByHandle(h, &bi), "GetFileInformationByHandle");
        is_int(bi.nFileSizeLow, 4, "its size");
        is_int(bi.nNumberOfLinks, 1, "one link");
        ok(bi.dwFileAttributes & FILE_ATTRIBUTE_ARCHIVE, "ARCHIVE");
    }

    /* ---- Locks ---- */
    h2 = open_rw("C:\\inetsrv\\data.txt", OPEN_EXISTING);
    ok(LockFile(h, 0, 0, 2, 0), "LockFile");
    SetLastError(0);
    ok(!LockFile(h2, 1, 0, 2, 0), "another handle cannot lock an overlapping range");
    is_int(GetLastError(), ERROR_LOCK_VIOLATION, "with ERROR_LOCK_VIOLATION");
    memset(&ov, 0, sizeof(ov));
    ov.Offset = 2;
    ok(LockFileEx(h2, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 2, 0, &ov),
       "a range next to it can be locked");
    SetLastError(0);
    ok(!UnlockFile(h, 0, 0, 1, 0), "unlocking a range never locked fails");
    is_int(GetLastError(), ERROR_NOT_LOCKED, "with ERROR_NOT_LOCKED");
    ok(LockFile(h, 10, 0, 0, 0) && UnlockFile(h, 10, 0, 0, 0),
       "a zero-length lock is taken and released");
    ok(LockFile(h2, 50, 0, 10, 0), "and it did not lock to the end of the file");
    UnlockFile(h2, 50, 0, 10, 0);
    ok(UnlockFile(h, 0, 0, 2, 0), "UnlockFile");
    ok(LockFile(h2, 0, 0, 2, 0), "then the other handle can lock it");
    CloseHandle(h2);
    CloseHandle(h);

    /* ---- Access ---- */
    h = CreateFileA("C:\\inetsrv\\data.txt", GENERIC_READ, FILE_SHARE_READ, NULL,
                    OPEN_EXISTING, 0, NULL);
    SetLastError(0);
    ok(!WriteFile(h, "x", 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "writing a handle opened for reading: ERROR_ACCESS_DENIED");
    CloseHandle(h);
    h = CreateFileA("C:\\inetsrv\\data.txt", FILE_APPEND_DATA, FILE_SHARE_READ, NULL,
                    OPEN_EXISTING, 0, NULL);
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    WriteFile(h, "zz", 2, &n, NULL);
    is_int(GetFileSize(h, NULL), 6, "FILE_APPEND_DATA writes at the end");
    CloseHandle(h);
    h = CreateFileA("C:\\inetsrv", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
       "a directory without FILE_FLAG_BACKUP_SEMANTICS: ERROR_ACCESS_DENIED");
    h = CreateFileA("C:\\inetsrv", GENERIC_READ, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(h != INVALID_HANDLE_VALUE, "with it, it opens");
    CloseHandle(h);
    h = CreateFileA("C:\\inetsrv\\gone.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW,
                    FILE_FLAG_DELETE_ON_CLOSE, NULL);
    CloseHandle(h);
    ok(GetFileAttributesA("C:\\inetsrv\\gone.txt") == INVALID_FILE_ATTRIBUTES,
       "FILE_FLAG_DELETE_ON_CLOSE");

    h = CreateFileA("NUL", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && WriteFile(h, "gone", 4, &n, NULL) && n == 4,
       "NUL opens and swallows writes");
    is_int(GetFileType(h), FILE_TYPE_CHAR, "it is a character device");
    CloseHandle(h);

    h = GetStdHandle(STD_ERROR_HANDLE);
    ok(h != INVALID_HANDLE_VALUE && h != NULL, "GetStdHandle(STD_ERROR_HANDLE)");
    ok(h == GetStdHandle(STD_ERROR_HANDLE), "the same handle each time");
    ok(WriteFile(h, "", 0, &n, NULL), "writable");
    ok(GetStdHandle(12345) == INVALID_HANDLE_VALUE, "a bad number is INVALID_HANDLE_VALUE");

    ok(SetFileAttributesA("C:\\inetsrv\\data.txt", FILE_ATTRIBUTE_READONLY), "made read-only");
    SetLastError(0);
    h = open_rw("C:\\inetsrv\\data.txt", OPEN_EXISTING);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
       "a read-only file does not open for writing: ERROR_ACCESS_DENIED");
    h = CreateFileA("C:\\inetsrv\\data.txt", GENERIC_READ, FILE_SHARE_READ, NULL,
                    OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "it opens for reading");
    CloseHandle(h);
    SetFileAttributesA("C:\\inetsrv\\data.txt", FILE_ATTRIBUTE_NORMAL);

    /* ---- Names ---- */
    ok(CopyFileA("C:\\inetsrv\\data.txt", "C:\\inetsrv\\copy.txt", TRUE), "CopyFile");
    SetLastError(0);
    ok(!CopyFileA("C:\\inetsrv\\data.txt", "C:\\inetsrv\\COPY.txt", TRUE),
       "CopyFile bFailIfExists onto an existing file fails");
    is_int(GetLastError(), ERROR_FILE_EXISTS, "with ERROR_FILE_EXISTS");
    ok(!CopyFileA("C:\\inetsrv\\data.txt", "C:\\INETSRV\\DATA.TXT", FALSE)
       && GetFileSize(h = CreateFileA("C:\\inetsrv\\data.txt", GENERIC_READ, 0, NULL,
                                      OPEN_EXISTING, 0, NULL), NULL) == 6,
       "CopyFile onto itself fails and leaves the file whole");
    CloseHandle(h);
    ok(CopyFileA("C:\\inetsrv\\data.txt", "C:\\inetsrv\\COPY.txt", FALSE),
       "CopyFile replaces without it");
    SetLastError(0);
    ok(!MoveFileA("C:\\inetsrv\\copy.txt", "C:\\inetsrv\\data.txt"),
       "MoveFile onto an existing file fails");
    is_int(GetLastError(), ERROR_ALREADY_EXISTS, "with ERROR_ALREADY_EXISTS");
    ok(MoveFileExA("C:\\inetsrv\\copy.txt", "C:\\inetsrv\\data.txt",
                   MOVEFILE_REPLACE_EXISTING), "MoveFileEx MOVEFILE_REPLACE_EXISTING");
    ok(MoveFileA("C:\\inetsrv\\data.txt", "C:\\inetsrv\\moved.txt"), "MoveFile");
    ok(MoveFileA("C:\\inetsrv\\moved.txt", "C:\\inetsrv\\Moved.txt"),
       "MoveFile changing only the case");
    snprintf(path, sizeof(path), "%s/c/inetsrv/Moved.txt", root);
    ok(stat(path, &st) == 0, "the new case is on disk");
    ok(DeleteFileA("c:\\inetsrv\\moved.TXT"), "DeleteFile (any case)");
    SetLastError(0);
    ok(!DeleteFileA("c:\\inetsrv\\moved.txt") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "DeleteFile of a missing file: ERROR_FILE_NOT_FOUND");
    ok(!DeleteFileA("c:\\inetsrv") && GetLastError() == ERROR_ACCESS_DENIED,
       "DeleteFile of a directory: ERROR_ACCESS_DENIED");

    ok(SetCurrentDirectoryA("C:\\INETSRV"), "SetCurrentDirectory");
    n = GetCurrentDirectoryA(sizeof(buf), buf);
    is_str(buf, "C:\\inetsrv", "GetCurrentDirectory is in Windows form");
    is_int(n, 10, "returns the length");
    is_int(GetCurrentDirectoryA(5, buf), 11, "too small: the size needed with the NUL");
    n = GetFullPathNameA("sub\\..\\x.txt", sizeof(buf), buf, &part);
    is_str(buf, "C:\\inetsrv\\x.txt", "GetFullPathName joins the current directory");
    is_int(n, 16, "and returns the length");
    is_str(part, "x.txt", "lpFilePart points at the name");
    GetFullPathNameA("c:/a/./b/../../../c", sizeof(buf), buf, NULL);
    is_str(buf, "C:\\c", "GetFullPathName resolves '..' no higher than the root");
    is_int(GetFullPathNameA("C:\\abc", 3, buf, NULL), 7,
           "GetFullPathName too small: the size needed");
    n = GetTempPathA(sizeof(buf), buf);
    ok(n > 0 && buf[n - 1] == '\\', "GetTempPath ends with a backslash");
    setenv("TMPDIR", root, 1);
    snprintf(path, sizeof(path), "%s/c/Temp", root);
    setenv("TMPDIR", path, 1);
    GetTempPathA(sizeof(buf), buf);
    is_str(buf, "C:\\Temp\\", "a TMPDIR below the root is a drive path");
    n = GetTempFileNameA(buf, "flt", 0, path);
    ok(n != 0, "GetTempFileName makes a name");
    ok(strncmp(path, "C:\\Temp\\flt", 11) == 0 && strstr(path, ".TMP"),
       "PATH\\PREuuuu.TMP");
    ok(GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES, "and creates the file");
    is_int(GetTempFileNameA("C:\\Temp", "abcdef", 0x1A2B, path), 0x1A2B,
           "with uUnique it returns uUnique");
    is_str(path, "C:\\Temp\\abc1A2B.TMP", "and the name, made of three letters and hex");
    is_int(GetShortPathNameA("C:\\Temp", buf, sizeof(buf)), 7,
           "GetShortPathName returns the long name");
    GetShortPathNameA("C:\\nothere", buf, sizeof(buf));
    is_int(GetLastError(), ERROR_FILE_NOT_FOUND, "GetShortPathName of a missing file");

    {
        ULARGE_INTEGER avail, total, tfree;

        ok(GetDiskFreeSpaceExA("C:\\", &avail, &total, &tfree), "GetDiskFreeSpaceEx");
        ok(total.QuadPart > 0 && tfree.QuadPart <= total.QuadPart
           && avail.QuadPart <= tfree.QuadPart, "sizes that make sense");
    }
    is_int(GetLongPathNameA("C:\\Temp", buf, 4), 8,
           "GetLongPathName too small: the size needed");

    snprintf(path, sizeof(path), "rm -rf '%s'", root);
    if (chdir("/") != 0 || system(path) != 0) {
        diag("could not remove the test root");
    }
    return done();
}
