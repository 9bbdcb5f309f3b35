/**
 * @file isapi/win_file.h
 * @brief Files, directories and change notifications (kernel32).
 *
 * Every path a function here takes is a Windows path, mapped below
 * ISAPIFilterWindowsRoot ("C:\x" is ROOT/c/x) and resolved
 * case-insensitively; every path it gives back is in Windows form.
 * Linux differences (README, "Porting a filter from IIS"): share modes
 * are accepted and not enforced, byte-range locks are advisory, and a
 * change notification with bWatchSubtree watches at most 4096
 * directories of the tree (inotify watches one directory each).
 */
#ifndef ISAPI_WIN_FILE_H
#define ISAPI_WIN_FILE_H

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Access rights ---- */
#define FILE_READ_DATA              0x0001
#define FILE_LIST_DIRECTORY         0x0001
#define FILE_WRITE_DATA             0x0002
#define FILE_ADD_FILE               0x0002
#define FILE_APPEND_DATA            0x0004
#define FILE_ADD_SUBDIRECTORY       0x0004
#define FILE_READ_EA                0x0008
#define FILE_WRITE_EA               0x0010
#define FILE_EXECUTE                0x0020
#define FILE_TRAVERSE               0x0020
#define FILE_DELETE_CHILD           0x0040
#define FILE_READ_ATTRIBUTES        0x0080
#define FILE_WRITE_ATTRIBUTES       0x0100
#define FILE_ALL_ACCESS             (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF)
#define FILE_GENERIC_READ           (STANDARD_RIGHTS_READ | FILE_READ_DATA | \
                                     FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE          (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | \
                                     FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                                     FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE        (STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | \
                                     FILE_EXECUTE | SYNCHRONIZE)

/* ---- CreateFile ---- */
#define FILE_SHARE_READ             0x00000001
#define FILE_SHARE_WRITE            0x00000002
#define FILE_SHARE_DELETE           0x00000004

#define CREATE_NEW                  1
#define CREATE_ALWAYS               2
#define OPEN_EXISTING               3
#define OPEN_ALWAYS                 4
#define TRUNCATE_EXISTING           5

#define FILE_ATTRIBUTE_READONLY             0x00000001
#define FILE_ATTRIBUTE_HIDDEN               0x00000002
#define FILE_ATTRIBUTE_SYSTEM               0x00000004
#define FILE_ATTRIBUTE_DIRECTORY            0x00000010
#define FILE_ATTRIBUTE_ARCHIVE              0x00000020
#define FILE_ATTRIBUTE_DEVICE               0x00000040
#define FILE_ATTRIBUTE_NORMAL               0x00000080
#define FILE_ATTRIBUTE_TEMPORARY            0x00000100
#define FILE_ATTRIBUTE_SPARSE_FILE          0x00000200
#define FILE_ATTRIBUTE_REPARSE_POINT        0x00000400
#define FILE_ATTRIBUTE_COMPRESSED           0x00000800
#define FILE_ATTRIBUTE_OFFLINE              0x00001000
#define FILE_ATTRIBUTE_NOT_CONTENT_INDEXED  0x00002000
#define FILE_ATTRIBUTE_ENCRYPTED            0x00004000
#define INVALID_FILE_ATTRIBUTES             ((DWORD)-1)

#define FILE_FLAG_WRITE_THROUGH         0x80000000UL
#define FILE_FLAG_OVERLAPPED            0x40000000UL
#define FILE_FLAG_NO_BUFFERING          0x20000000UL
#define FILE_FLAG_RANDOM_ACCESS         0x10000000UL
#define FILE_FLAG_SEQUENTIAL_SCAN       0x08000000UL
#define FILE_FLAG_DELETE_ON_CLOSE       0x04000000UL
#define FILE_FLAG_BACKUP_SEMANTICS      0x02000000UL
#define FILE_FLAG_POSIX_SEMANTICS       0x01000000UL
#define FILE_FLAG_OPEN_REPARSE_POINT    0x00200000UL
#define FILE_FLAG_OPEN_NO_RECALL        0x00100000UL

/* ---- File pointer, size, type ---- */
#define FILE_BEGIN                  0
#define FILE_CURRENT                1
#define FILE_END                    2
#define INVALID_SET_FILE_POINTER    ((DWORD)-1)
#define INVALID_FILE_SIZE           ((DWORD)0xFFFFFFFF)

#define FILE_TYPE_UNKNOWN           0x0000
#define FILE_TYPE_DISK              0x0001
#define FILE_TYPE_CHAR              0x0002
#define FILE_TYPE_PIPE              0x0003
#define FILE_TYPE_REMOTE            0x8000

#define STD_INPUT_HANDLE            ((DWORD)-10)
#define STD_OUTPUT_HANDLE           ((DWORD)-11)
#define STD_ERROR_HANDLE            ((DWORD)-12)

#define LOCKFILE_FAIL_IMMEDIATELY   0x00000001
#define LOCKFILE_EXCLUSIVE_LOCK     0x00000002

#define MOVEFILE_REPLACE_EXISTING   0x00000001
#define MOVEFILE_COPY_ALLOWED       0x00000002
#define MOVEFILE_DELAY_UNTIL_REBOOT 0x00000004
#define MOVEFILE_WRITE_THROUGH      0x00000008

#define FILE_NOTIFY_CHANGE_FILE_NAME    0x00000001
#define FILE_NOTIFY_CHANGE_DIR_NAME     0x00000002
#define FILE_NOTIFY_CHANGE_ATTRIBUTES   0x00000004
#define FILE_NOTIFY_CHANGE_SIZE         0x00000008
#define FILE_NOTIFY_CHANGE_LAST_WRITE   0x00000010
#define FILE_NOTIFY_CHANGE_LAST_ACCESS  0x00000020
#define FILE_NOTIFY_CHANGE_CREATION     0x00000040
#define FILE_NOTIFY_CHANGE_SECURITY     0x00000100

/* ---- Structures ---- */
typedef struct _OVERLAPPED {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    union {
        struct {
            DWORD Offset;
            DWORD OffsetHigh;
        };
        PVOID Pointer;
    };
    HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

typedef struct _WIN32_FIND_DATAA {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
    DWORD dwReserved0;
    DWORD dwReserved1;
    CHAR cFileName[MAX_PATH];
    CHAR cAlternateFileName[14];
} WIN32_FIND_DATAA, *PWIN32_FIND_DATAA, *LPWIN32_FIND_DATAA;
typedef WIN32_FIND_DATAA WIN32_FIND_DATA;
typedef PWIN32_FIND_DATAA PWIN32_FIND_DATA;
typedef LPWIN32_FIND_DATAA LPWIN32_FIND_DATA;

typedef enum _GET_FILEEX_INFO_LEVELS {
    GetFileExInfoStandard,
    GetFileExMaxInfoLevel
} GET_FILEEX_INFO_LEVELS;

typedef struct _WIN32_FILE_ATTRIBUTE_DATA {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
} WIN32_FILE_ATTRIBUTE_DATA, *LPWIN32_FILE_ATTRIBUTE_DATA;

typedef struct _BY_HANDLE_FILE_INFORMATION {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD dwVolumeSerialNumber;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
    DWORD nNumberOfLinks;
    DWORD nFileIndexHigh;
    DWORD nFileIndexLow;
} BY_HANDLE_FILE_INFORMATION, *PBY_HANDLE_FILE_INFORMATION,
  *LPBY_HANDLE_FILE_INFORMATION;

/* ---- Files (file.c) ---- */
WINBASEAPI HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
    DWORD dwShareMode, LPSECURITY_ATTRIBUTES lpSecurityAttributes,
    DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
    HANDLE hTemplateFile);
WINBASEAPI BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer,
    DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
    LPOVERLAPPED lpOverlapped);
WINBASEAPI BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
    DWORD nNumberOfBytesToWrite, LPDWORD lpNumberOfBytesWritten,
    LPOVERLAPPED lpOverlapped);
WINBASEAPI DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh);
WINBASEAPI BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize);
WINBASEAPI DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove,
    PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod);
WINBASEAPI BOOL WINAPI SetFilePointerEx(HANDLE hFile,
    LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
    DWORD dwMoveMethod);
WINBASEAPI BOOL WINAPI SetEndOfFile(HANDLE hFile);
WINBASEAPI BOOL WINAPI FlushFileBuffers(HANDLE hFile);
WINBASEAPI BOOL WINAPI GetFileTime(HANDLE hFile, LPFILETIME lpCreationTime,
    LPFILETIME lpLastAccessTime, LPFILETIME lpLastWriteTime);
WINBASEAPI BOOL WINAPI SetFileTime(HANDLE hFile, const FILETIME *lpCreationTime,
    const FILETIME *lpLastAccessTime, const FILETIME *lpLastWriteTime);
WINBASEAPI DWORD WINAPI GetFileType(HANDLE hFile);
WINBASEAPI BOOL WINAPI GetFileInformationByHandle(HANDLE hFile,
    LPBY_HANDLE_FILE_INFORMATION lpFileInformation);
WINBASEAPI HANDLE WINAPI GetStdHandle(DWORD nStdHandle);
WINBASEAPI BOOL WINAPI LockFile(HANDLE hFile, DWORD dwFileOffsetLow,
    DWORD dwFileOffsetHigh, DWORD nNumberOfBytesToLockLow,
    DWORD nNumberOfBytesToLockHigh);
WINBASEAPI BOOL WINAPI UnlockFile(HANDLE hFile, DWORD dwFileOffsetLow,
    DWORD dwFileOffsetHigh, DWORD nNumberOfBytesToUnlockLow,
    DWORD nNumberOfBytesToUnlockHigh);
WINBASEAPI BOOL WINAPI LockFileEx(HANDLE hFile, DWORD dwFlags,
    DWORD dwReserved, DWORD nNumberOfBytesToLockLow,
    DWORD nNumberOfBytesToLockHigh, LPOVERLAPPED lpOverlapped);
WINBASEAPI BOOL WINAPI UnlockFileEx(HANDLE hFile, DWORD dwReserved,
    DWORD nNumberOfBytesToUnlockLow, DWORD nNumberOfBytesToUnlockHigh,
    LPOVERLAPPED lpOverlapped);

/* ---- Names (file.c) ---- */
WINBASEAPI BOOL WINAPI DeleteFileA(LPCSTR lpFileName);
WINBASEAPI BOOL WINAPI MoveFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName);
WINBASEAPI BOOL WINAPI MoveFileExA(LPCSTR lpExistingFileName,
    LPCSTR lpNewFileName, DWORD dwFlags);
WINBASEAPI BOOL WINAPI CopyFileA(LPCSTR lpExistingFileName,
    LPCSTR lpNewFileName, BOOL bFailIfExists);
WINBASEAPI DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer);
WINBASEAPI UINT WINAPI GetTempFileNameA(LPCSTR lpPathName,
    LPCSTR lpPrefixString, UINT uUnique, LPSTR lpTempFileName);
WINBASEAPI DWORD WINAPI GetFullPathNameA(LPCSTR lpFileName,
    DWORD nBufferLength, LPSTR lpBuffer, LPSTR *lpFilePart);
WINBASEAPI DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength,
    LPSTR lpBuffer);
WINBASEAPI BOOL WINAPI SetCurrentDirectoryA(LPCSTR lpPathName);
WINBASEAPI DWORD WINAPI GetShortPathNameA(LPCSTR lpszLongPath,
    LPSTR lpszShortPath, DWORD cchBuffer);
WINBASEAPI DWORD WINAPI GetLongPathNameA(LPCSTR lpszShortPath,
    LPSTR lpszLongPath, DWORD cchBuffer);
WINBASEAPI BOOL WINAPI GetDiskFreeSpaceExA(LPCSTR lpDirectoryName,
    PULARGE_INTEGER lpFreeBytesAvailableToCaller,
    PULARGE_INTEGER lpTotalNumberOfBytes,
    PULARGE_INTEGER lpTotalNumberOfFreeBytes);

/* ---- Directories and attributes (dir.c) ---- */
WINBASEAPI HANDLE WINAPI FindFirstFileA(LPCSTR lpFileName,
    LPWIN32_FIND_DATAA lpFindFileData);
WINBASEAPI BOOL WINAPI FindNextFileA(HANDLE hFindFile,
    LPWIN32_FIND_DATAA lpFindFileData);
WINBASEAPI BOOL WINAPI FindClose(HANDLE hFindFile);
WINBASEAPI BOOL WINAPI CreateDirectoryA(LPCSTR lpPathName,
    LPSECURITY_ATTRIBUTES lpSecurityAttributes);
WINBASEAPI BOOL WINAPI RemoveDirectoryA(LPCSTR lpPathName);
WINBASEAPI DWORD WINAPI GetFileAttributesA(LPCSTR lpFileName);
WINBASEAPI BOOL WINAPI GetFileAttributesExA(LPCSTR lpFileName,
    GET_FILEEX_INFO_LEVELS fInfoLevelId, LPVOID lpFileInformation);
WINBASEAPI BOOL WINAPI SetFileAttributesA(LPCSTR lpFileName,
    DWORD dwFileAttributes);

/* ---- Change notifications (change.c) ---- */
WINBASEAPI HANDLE WINAPI FindFirstChangeNotificationA(LPCSTR lpPathName,
    BOOL bWatchSubtree, DWORD dwNotifyFilter);
WINBASEAPI BOOL WINAPI FindNextChangeNotification(HANDLE hChangeHandle);
WINBASEAPI BOOL WINAPI FindCloseChangeNotification(HANDLE hChangeHandle);

/* ANSI names, as the Windows SDK maps them without UNICODE. */
#define CreateFile                  CreateFileA
#define DeleteFile                  DeleteFileA
#define MoveFile                    MoveFileA
#define MoveFileEx                  MoveFileExA
#define CopyFile                    CopyFileA
#define GetTempPath                 GetTempPathA
#define GetTempFileName             GetTempFileNameA
#define GetFullPathName             GetFullPathNameA
#define GetCurrentDirectory         GetCurrentDirectoryA
#define SetCurrentDirectory         SetCurrentDirectoryA
#define GetShortPathName            GetShortPathNameA
#define GetLongPathName             GetLongPathNameA
#define GetDiskFreeSpaceEx          GetDiskFreeSpaceExA
#define FindFirstFile               FindFirstFileA
#define FindNextFile                FindNextFileA
#define CreateDirectory             CreateDirectoryA
#define RemoveDirectory             RemoveDirectoryA
#define GetFileAttributes           GetFileAttributesA
#define GetFileAttributesEx         GetFileAttributesExA
#define SetFileAttributes           SetFileAttributesA
#define FindFirstChangeNotification FindFirstChangeNotificationA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_FILE_H */
