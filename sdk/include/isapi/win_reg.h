/**
 * @file isapi/win_reg.h
 * @brief The registry calls filters use (advapi32), served from the .reg
 *        file ISAPIFilterRegistry names (sdk/runtime/regfile.c parses it,
 *        sdk/runtime/registry.c answers the calls).
 *
 * An administrator exports the filter's keys on the old server with
 * `reg export` (or regedit) and points the directive at the file.  The
 * file is read on first use and again whenever its modification time
 * changes.  Keys and values created, set or deleted through this API live
 * in memory only: nothing is written back to the file, and a change of
 * the file replaces them.  Without a registry file every key is missing
 * (ERROR_FILE_NOT_FOUND).  There is one registry view: KEY_WOW64_32KEY
 * and KEY_WOW64_64KEY are accepted and ignored, and a key under
 * SOFTWARE that is missing is also looked for under SOFTWARE\WOW6432Node,
 * where a 32-bit filter's settings lived on 64-bit Windows.  Like advapi32, the Reg* functions return a
 * Win32 error code and leave GetLastError alone.
 */
#ifndef ISAPI_WIN_REG_H
#define ISAPI_WIN_REG_H

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Predefined keys: the documented values, sign-extended as on Win64. */
#define HKEY_CLASSES_ROOT        ((HKEY)(ULONG_PTR)((LONG)0x80000000))
#define HKEY_CURRENT_USER        ((HKEY)(ULONG_PTR)((LONG)0x80000001))
#define HKEY_LOCAL_MACHINE       ((HKEY)(ULONG_PTR)((LONG)0x80000002))
#define HKEY_USERS               ((HKEY)(ULONG_PTR)((LONG)0x80000003))
#define HKEY_PERFORMANCE_DATA    ((HKEY)(ULONG_PTR)((LONG)0x80000004))
#define HKEY_CURRENT_CONFIG      ((HKEY)(ULONG_PTR)((LONG)0x80000005))
#define HKEY_DYN_DATA            ((HKEY)(ULONG_PTR)((LONG)0x80000006))

/* Value types. */
#define REG_NONE                       0
#define REG_SZ                         1
#define REG_EXPAND_SZ                  2
#define REG_BINARY                     3
#define REG_DWORD                      4
#define REG_DWORD_LITTLE_ENDIAN        4
#define REG_DWORD_BIG_ENDIAN           5
#define REG_LINK                       6
#define REG_MULTI_SZ                   7
#define REG_RESOURCE_LIST              8
#define REG_FULL_RESOURCE_DESCRIPTOR   9
#define REG_RESOURCE_REQUIREMENTS_LIST 10
#define REG_QWORD                      11
#define REG_QWORD_LITTLE_ENDIAN        11

/* Access rights. */
#define KEY_QUERY_VALUE          0x0001
#define KEY_SET_VALUE            0x0002
#define KEY_CREATE_SUB_KEY       0x0004
#define KEY_ENUMERATE_SUB_KEYS   0x0008
#define KEY_NOTIFY               0x0010
#define KEY_CREATE_LINK          0x0020
#define KEY_WOW64_32KEY          0x0200
#define KEY_WOW64_64KEY          0x0100
#define KEY_WOW64_RES            0x0300
#define KEY_READ    ((STANDARD_RIGHTS_READ | KEY_QUERY_VALUE | \
                      KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY) & ~SYNCHRONIZE)
#define KEY_WRITE   ((STANDARD_RIGHTS_WRITE | KEY_SET_VALUE | \
                      KEY_CREATE_SUB_KEY) & ~SYNCHRONIZE)
#define KEY_EXECUTE (KEY_READ & ~SYNCHRONIZE)
#define KEY_ALL_ACCESS ((STANDARD_RIGHTS_ALL | KEY_QUERY_VALUE | \
                         KEY_SET_VALUE | KEY_CREATE_SUB_KEY | \
                         KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY | \
                         KEY_CREATE_LINK) & ~SYNCHRONIZE)

/* RegCreateKeyEx options and dispositions. */
#define REG_OPTION_RESERVED        0x00000000L
#define REG_OPTION_NON_VOLATILE    0x00000000L
#define REG_OPTION_VOLATILE        0x00000001L
#define REG_OPTION_CREATE_LINK     0x00000002L
#define REG_OPTION_BACKUP_RESTORE  0x00000004L
#define REG_OPTION_OPEN_LINK       0x00000008L
#define REG_CREATED_NEW_KEY        0x00000001L
#define REG_OPENED_EXISTING_KEY    0x00000002L

/* RegGetValue flags. */
#define RRF_RT_REG_NONE       0x00000001
#define RRF_RT_REG_SZ         0x00000002
#define RRF_RT_REG_EXPAND_SZ  0x00000004
#define RRF_RT_REG_BINARY     0x00000008
#define RRF_RT_REG_DWORD      0x00000010
#define RRF_RT_REG_MULTI_SZ   0x00000020
#define RRF_RT_REG_QWORD      0x00000040
#define RRF_RT_DWORD          (RRF_RT_REG_BINARY | RRF_RT_REG_DWORD)
#define RRF_RT_QWORD          (RRF_RT_REG_BINARY | RRF_RT_REG_QWORD)
#define RRF_RT_ANY            0x0000ffff
#define RRF_SUBKEY_WOW6464KEY 0x00010000
#define RRF_SUBKEY_WOW6432KEY 0x00020000
#define RRF_NOEXPAND          0x10000000
#define RRF_ZEROONFAILURE     0x20000000

typedef LONG LSTATUS;

WINADVAPI LSTATUS WINAPI RegOpenKeyExA(HKEY hKey, LPCSTR lpSubKey,
                                       DWORD ulOptions, REGSAM samDesired,
                                       PHKEY phkResult);
WINADVAPI LSTATUS WINAPI RegOpenKeyA(HKEY hKey, LPCSTR lpSubKey,
                                     PHKEY phkResult);
WINADVAPI LSTATUS WINAPI RegCreateKeyExA(HKEY hKey, LPCSTR lpSubKey,
                                         DWORD Reserved, LPSTR lpClass,
                                         DWORD dwOptions, REGSAM samDesired,
                                         const SECURITY_ATTRIBUTES *lpSecurityAttributes,
                                         PHKEY phkResult,
                                         LPDWORD lpdwDisposition);
WINADVAPI LSTATUS WINAPI RegCreateKeyA(HKEY hKey, LPCSTR lpSubKey,
                                       PHKEY phkResult);
WINADVAPI LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName,
                                          LPDWORD lpReserved, LPDWORD lpType,
                                          LPBYTE lpData, LPDWORD lpcbData);
WINADVAPI LSTATUS WINAPI RegGetValueA(HKEY hkey, LPCSTR lpSubKey,
                                      LPCSTR lpValue, DWORD dwFlags,
                                      LPDWORD pdwType, PVOID pvData,
                                      LPDWORD pcbData);
WINADVAPI LSTATUS WINAPI RegEnumKeyExA(HKEY hKey, DWORD dwIndex, LPSTR lpName,
                                       LPDWORD lpcchName, LPDWORD lpReserved,
                                       LPSTR lpClass, LPDWORD lpcchClass,
                                       PFILETIME lpftLastWriteTime);
WINADVAPI LSTATUS WINAPI RegEnumKeyA(HKEY hKey, DWORD dwIndex, LPSTR lpName,
                                     DWORD cchName);
WINADVAPI LSTATUS WINAPI RegEnumValueA(HKEY hKey, DWORD dwIndex,
                                       LPSTR lpValueName,
                                       LPDWORD lpcchValueName,
                                       LPDWORD lpReserved, LPDWORD lpType,
                                       LPBYTE lpData, LPDWORD lpcbData);
WINADVAPI LSTATUS WINAPI RegQueryInfoKeyA(HKEY hKey, LPSTR lpClass,
                                          LPDWORD lpcchClass,
                                          LPDWORD lpReserved,
                                          LPDWORD lpcSubKeys,
                                          LPDWORD lpcbMaxSubKeyLen,
                                          LPDWORD lpcbMaxClassLen,
                                          LPDWORD lpcValues,
                                          LPDWORD lpcbMaxValueNameLen,
                                          LPDWORD lpcbMaxValueLen,
                                          LPDWORD lpcbSecurityDescriptor,
                                          PFILETIME lpftLastWriteTime);
WINADVAPI LSTATUS WINAPI RegSetValueExA(HKEY hKey, LPCSTR lpValueName,
                                        DWORD Reserved, DWORD dwType,
                                        const BYTE *lpData, DWORD cbData);
WINADVAPI LSTATUS WINAPI RegDeleteValueA(HKEY hKey, LPCSTR lpValueName);
WINADVAPI LSTATUS WINAPI RegDeleteKeyA(HKEY hKey, LPCSTR lpSubKey);
WINADVAPI LSTATUS WINAPI RegCloseKey(HKEY hKey);
WINADVAPI LSTATUS WINAPI RegFlushKey(HKEY hKey);

#define RegOpenKeyEx     RegOpenKeyExA
#define RegOpenKey       RegOpenKeyA
#define RegCreateKeyEx   RegCreateKeyExA
#define RegCreateKey     RegCreateKeyA
#define RegQueryValueEx  RegQueryValueExA
#define RegGetValue      RegGetValueA
#define RegEnumKeyEx     RegEnumKeyExA
#define RegEnumKey       RegEnumKeyA
#define RegEnumValue     RegEnumValueA
#define RegQueryInfoKey  RegQueryInfoKeyA
#define RegSetValueEx    RegSetValueExA
#define RegDeleteValue   RegDeleteValueA
#define RegDeleteKey     RegDeleteKeyA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_REG_H */
