/**
 * @file isapi/win_types.h
 * @brief Windows base types, calling conventions and MSVC keywords, with
 *        their Windows sizes on LP64 Linux.
 *
 * Shared by httpfilt.h (which needs only the types) and windows.h.  DWORD,
 * LONG and BOOL are 32 bits as on Win64; the *_PTR types are pointer
 * sized.  The calling-convention keywords expand to nothing: a filter and
 * the module use the platform's one convention.  TCHAR is char: ISAPI
 * filters are ANSI.  WCHAR is 16 bits (UTF-16), as on Windows; isapi-cc
 * compiles with -fshort-wchar so that L"..." literals match it.
 */
#ifndef ISAPI_WIN_TYPES_H
#define ISAPI_WIN_TYPES_H

#include <stdint.h>
#include <stddef.h>

/* ISAPI filters are ANSI: the filter interface passes char strings, and
 * the unsuffixed Win32 names map to their A functions.  A project built
 * "Unicode" in Visual Studio has UNICODE defined; it is dropped here, so
 * TCHAR stays char, with a note at compile time. */
#if defined(UNICODE) || defined(_UNICODE)
#pragma message("isapi-cc: UNICODE/_UNICODE ignored: filters build ANSI (TCHAR is char), as ISAPI filters are")
#undef UNICODE
#undef _UNICODE
#endif

/* ---- MSVC keywords and calling conventions ---- */
#ifndef WINAPI
#define WINAPI
#endif
#define CALLBACK
#define APIENTRY
#define WINAPIV
#define PASCAL
#define NTAPI
#define STDMETHODCALLTYPE
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef _stdcall
#define _stdcall
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef __forceinline
#define __forceinline inline __attribute__((always_inline))
#endif
#ifndef __inline
#define __inline inline
#endif
#ifndef __int64
#define __int64 long long
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int8
#define __int8 char
#endif
#ifndef __w64
#define __w64
#endif
#ifndef __unaligned
#define __unaligned
#endif
#ifndef __ptr64
#define __ptr64
#endif

/* __declspec(x): the attributes with a GCC meaning get it, the rest
 * (dllimport, novtable, selectany's COM uses) expand to nothing. */
#ifndef __declspec
#define __declspec(x) __isapi_declspec_##x
#define __isapi_declspec_dllexport __attribute__((visibility("default")))
#define __isapi_declspec_dllimport
#define __isapi_declspec_thread __thread
#define __isapi_declspec_noreturn __attribute__((noreturn))
#define __isapi_declspec_noinline __attribute__((noinline))
#define __isapi_declspec_naked
#define __isapi_declspec_novtable
#define __isapi_declspec_nothrow
#define __isapi_declspec_selectany __attribute__((weak))
#define __isapi_declspec_deprecated __attribute__((deprecated))
#define __isapi_declspec_restrict
#define __isapi_declspec_noalias
#define __isapi_declspec_align(n) __attribute__((aligned(n)))
#define __isapi_declspec_uuid(s)
#define __isapi_declspec_property(...)
#endif

/* Structured exception handling compiles; see README "Porting": the
 * guarded block runs, an __except block never runs (a fault in filter
 * code is a crash of that child, as httpd handles crashes), and a
 * __finally block runs when the guarded block ends normally. */
#ifndef __try
#define __try if (1)
#define __except(filter) else if (((void)sizeof(filter), 0))
#define __finally
#define __leave do { } while (0)
#define _try __try
#define _except __except
#define _finally __finally
#define _leave __leave
#endif
#define GetExceptionCode() ((DWORD)0)
#define GetExceptionInformation() ((void *)0)
#define _exception_code() GetExceptionCode()
#define EXCEPTION_EXECUTE_HANDLER      1
#define EXCEPTION_CONTINUE_SEARCH      0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

/* Annotations. */
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef CONST
#define CONST const
#endif
#define UNREFERENCED_PARAMETER(p) ((void)(p))
#define DBG_UNREFERENCED_PARAMETER(p) ((void)(p))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(v) ((void)(v))

/* What the SDK's own declarations are: exported by the runtime library,
 * whatever -fvisibility the filter is built with. */
#define WINBASEAPI __attribute__((visibility("default")))
#define WINADVAPI WINBASEAPI
#define WINUSERAPI WINBASEAPI
#define ISAPI_CRTAPI WINBASEAPI

#ifdef __cplusplus
#define ISAPI_EXTERN_C_BEGIN extern "C" {
#define ISAPI_EXTERN_C_END }
#else
#define ISAPI_EXTERN_C_BEGIN
#define ISAPI_EXTERN_C_END
#endif

/* ---- Integers ---- */
#ifndef ISF_NO_WINTYPES
typedef uint8_t         BYTE;
typedef char            CHAR;
typedef unsigned char   UCHAR;
typedef int16_t         SHORT;
typedef uint16_t        USHORT;
typedef uint16_t        WORD;
typedef int             INT;
typedef unsigned int    UINT;
typedef uint32_t        DWORD;
typedef int32_t         LONG;
typedef uint32_t        ULONG;
typedef int32_t         BOOL;
typedef BYTE            BOOLEAN;
typedef int64_t         LONGLONG;
typedef uint64_t        ULONGLONG;
typedef uint64_t        DWORDLONG;
typedef uint64_t        DWORD64;
typedef uint32_t        DWORD32;
typedef int32_t         INT32;
typedef uint32_t        UINT32;
typedef int64_t         INT64;
typedef uint64_t        UINT64;
typedef int64_t         LONG64;
typedef uint64_t        ULONG64;
typedef intptr_t        INT_PTR;
typedef uintptr_t       UINT_PTR;
typedef intptr_t        LONG_PTR;
typedef uintptr_t       ULONG_PTR;
typedef uintptr_t       DWORD_PTR;
typedef size_t          SIZE_T;
typedef intptr_t        SSIZE_T;
typedef float           FLOAT;
typedef void            VOID;
typedef void           *PVOID;
typedef void           *LPVOID;
typedef const void     *LPCVOID;
typedef void           *HANDLE;
typedef HANDLE         *PHANDLE;
typedef HANDLE         *LPHANDLE;
typedef char           *LPSTR;
typedef char           *PSTR;
typedef char           *PCHAR;
typedef const char     *LPCSTR;
typedef const char     *PCSTR;
typedef DWORD          *LPDWORD;
typedef DWORD          *PDWORD;
typedef LONG           *PLONG;
typedef LONG           *LPLONG;
typedef ULONG          *PULONG;
typedef WORD           *LPWORD;
typedef WORD           *PWORD;
typedef BOOL           *LPBOOL;
typedef BOOL           *PBOOL;
typedef BYTE           *LPBYTE;
typedef BYTE           *PBYTE;
typedef INT            *LPINT;
typedef INT            *PINT;
typedef UINT           *PUINT;
typedef ULONG_PTR      *PULONG_PTR;
typedef SIZE_T         *PSIZE_T;
typedef LONGLONG       *PLONGLONG;
typedef ULONGLONG      *PULONGLONG;
#if defined(__cplusplus) && defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t         WCHAR;
#else
typedef uint16_t        WCHAR;
#endif
typedef WCHAR          *LPWSTR;
typedef WCHAR          *PWSTR;
typedef WCHAR          *PWCHAR;
typedef const WCHAR    *LPCWSTR;
typedef const WCHAR    *PCWSTR;
#endif /* ISF_NO_WINTYPES */

typedef LONG            HRESULT;
typedef DWORD           LCID;
typedef WORD            LANGID;
typedef WORD            ATOM;
typedef DWORD           ACCESS_MASK;
typedef void           *PSID;
typedef ACCESS_MASK     REGSAM;
typedef DWORD           COLORREF;
typedef UINT_PTR        WPARAM;
typedef LONG_PTR        LPARAM;
typedef LONG_PTR        LRESULT;

/* ANSI TCHAR, as ISAPI filters are built. */
typedef char            TCHAR;
typedef char           *LPTSTR;
typedef char           *PTSTR;
typedef const char     *LPCTSTR;
typedef const char     *PCTSTR;
typedef unsigned char   TBYTE;

/* ---- Handles: distinct pointer types, as with STRICT ---- */
#define DECLARE_HANDLE(name) \
    struct name##__ { int unused; }; typedef struct name##__ *name
DECLARE_HANDLE(HINSTANCE);
DECLARE_HANDLE(HKEY);
DECLARE_HANDLE(HWND);
DECLARE_HANDLE(HRSRC);
typedef HINSTANCE       HMODULE;
typedef HKEY           *PHKEY;
typedef HANDLE          HLOCAL;
typedef HANDLE          HGLOBAL;
typedef void (*FARPROC)(void);
typedef int  (*PROC)(void);

/* ---- Values ---- */
#ifndef TRUE
#define TRUE  1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#define FAR
#define NEAR
#define far
#define near
#define MAX_PATH 260
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)

#ifndef MAKELONG
#define MAKELONG(lo, hi) ((DWORD)(((WORD)(lo)) | (((DWORD)((WORD)(hi))) << 16)))
#endif
#ifndef LOWORD
#define LOWORD(x) ((WORD)((DWORD_PTR)(x) & 0xffff))
#endif
#ifndef HIWORD
#define HIWORD(x) ((WORD)(((DWORD_PTR)(x) >> 16) & 0xffff))
#endif
#define MAKEWORD(lo, hi) ((WORD)(((BYTE)(lo)) | (((WORD)((BYTE)(hi))) << 8)))
#define LOBYTE(w) ((BYTE)((DWORD_PTR)(w) & 0xff))
#define HIBYTE(w) ((BYTE)(((DWORD_PTR)(w) >> 8) & 0xff))
#define MAKELPARAM(lo, hi) ((LPARAM)(DWORD)MAKELONG(lo, hi))

/* ---- Structures ---- */
typedef union _LARGE_INTEGER {
    struct { DWORD LowPart; LONG HighPart; };
    struct { DWORD LowPart; LONG HighPart; } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct { DWORD LowPart; DWORD HighPart; };
    struct { DWORD LowPart; DWORD HighPart; } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _GUID {
    DWORD Data1;
    WORD  Data2;
    WORD  Data3;
    BYTE  Data4[8];
} GUID, IID, CLSID, *LPGUID;
typedef const GUID *REFGUID;
typedef const GUID *LPCGUID;

typedef struct _SECURITY_ATTRIBUTES {
    DWORD  nLength;
    LPVOID lpSecurityDescriptor;
    BOOL   bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* ---- Access rights shared by every kind of object (the kinds' own
 * rights are in their headers); accepted, not enforced: one process, one
 * user. ---- */
#define DELETE                      0x00010000L
#define READ_CONTROL                0x00020000L
#define WRITE_DAC                   0x00040000L
#define WRITE_OWNER                 0x00080000L
#define SYNCHRONIZE                 0x00100000L
#define STANDARD_RIGHTS_REQUIRED    0x000F0000L
#define STANDARD_RIGHTS_READ        READ_CONTROL
#define STANDARD_RIGHTS_WRITE       READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE     READ_CONTROL
#define STANDARD_RIGHTS_ALL         0x001F0000L
#define MAXIMUM_ALLOWED             0x02000000L
#define GENERIC_READ                0x80000000UL
#define GENERIC_WRITE               0x40000000UL
#define GENERIC_EXECUTE             0x20000000UL
#define GENERIC_ALL                 0x10000000UL

/* ---- HRESULT ---- */
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr)    (((HRESULT)(hr)) < 0)
#define HRESULT_FROM_WIN32(x) \
    ((HRESULT)(x) <= 0 ? (HRESULT)(x) \
                       : (HRESULT)(((x) & 0x0000FFFF) | (7 << 16) | 0x80000000))
#define MAKE_HRESULT(sev, fac, code) \
    ((HRESULT)(((unsigned long)(sev) << 31) | ((unsigned long)(fac) << 16) | \
               ((unsigned long)(code))))
#define HRESULT_CODE(hr) ((hr) & 0xFFFF)
#define S_OK           ((HRESULT)0)
#define S_FALSE        ((HRESULT)1)
#define E_UNEXPECTED   ((HRESULT)0x8000FFFFL)
#define E_NOTIMPL      ((HRESULT)0x80004001L)
#define E_OUTOFMEMORY  ((HRESULT)0x8007000EL)
#define E_INVALIDARG   ((HRESULT)0x80070057L)
#define E_NOINTERFACE  ((HRESULT)0x80004002L)
#define E_POINTER      ((HRESULT)0x80004003L)
#define E_HANDLE       ((HRESULT)0x80070006L)
#define E_ABORT        ((HRESULT)0x80004004L)
#define E_FAIL         ((HRESULT)0x80004005L)
#define E_ACCESSDENIED ((HRESULT)0x80070005L)

#endif /* ISAPI_WIN_TYPES_H */
