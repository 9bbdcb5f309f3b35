/**
 * @file isapi/win_profile.h
 * @brief INI files the Windows way: GetPrivateProfileString and its
 *        relatives (sdk/runtime/profile.c).
 *
 * Section and key names are case-insensitive; values are trimmed and lose
 * matching quotes; lines starting with ';' are comments; CRLF or LF line
 * ends and a UTF-8 byte-order mark are accepted, and a write keeps them
 * and every other line of the file.  A file name without a directory is
 * in the Windows directory (C:\Windows, i.e. ISAPIFilterWindowsRoot/c/
 * Windows); other names are Windows paths mapped below
 * ISAPIFilterWindowsRoot.  Parsed files are cached until they change, so
 * reading a setting per request costs a stat(), not a parse.
 */
#ifndef ISAPI_WIN_PROFILE_H
#define ISAPI_WIN_PROFILE_H

#include "isapi/win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI DWORD WINAPI GetPrivateProfileStringA(LPCSTR lpAppName,
                                                 LPCSTR lpKeyName,
                                                 LPCSTR lpDefault,
                                                 LPSTR lpReturnedString,
                                                 DWORD nSize,
                                                 LPCSTR lpFileName);
WINBASEAPI UINT WINAPI GetPrivateProfileIntA(LPCSTR lpAppName,
                                             LPCSTR lpKeyName, INT nDefault,
                                             LPCSTR lpFileName);
WINBASEAPI DWORD WINAPI GetPrivateProfileSectionA(LPCSTR lpAppName,
                                                  LPSTR lpReturnedString,
                                                  DWORD nSize,
                                                  LPCSTR lpFileName);
WINBASEAPI DWORD WINAPI GetPrivateProfileSectionNamesA(LPSTR lpszReturnBuffer,
                                                       DWORD nSize,
                                                       LPCSTR lpFileName);
WINBASEAPI BOOL WINAPI WritePrivateProfileStringA(LPCSTR lpAppName,
                                                  LPCSTR lpKeyName,
                                                  LPCSTR lpString,
                                                  LPCSTR lpFileName);
WINBASEAPI BOOL WINAPI WritePrivateProfileSectionA(LPCSTR lpAppName,
                                                   LPCSTR lpString,
                                                   LPCSTR lpFileName);
WINBASEAPI DWORD WINAPI GetProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName,
                                          LPCSTR lpDefault,
                                          LPSTR lpReturnedString,
                                          DWORD nSize);
WINBASEAPI UINT WINAPI GetProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName,
                                      INT nDefault);
WINBASEAPI DWORD WINAPI GetProfileSectionA(LPCSTR lpAppName,
                                           LPSTR lpReturnedString,
                                           DWORD nSize);
WINBASEAPI BOOL WINAPI WriteProfileStringA(LPCSTR lpAppName,
                                           LPCSTR lpKeyName,
                                           LPCSTR lpString);

#define GetPrivateProfileString       GetPrivateProfileStringA
#define GetPrivateProfileInt          GetPrivateProfileIntA
#define GetPrivateProfileSection      GetPrivateProfileSectionA
#define GetPrivateProfileSectionNames GetPrivateProfileSectionNamesA
#define WritePrivateProfileString     WritePrivateProfileStringA
#define WritePrivateProfileSection    WritePrivateProfileSectionA
#define GetProfileString              GetProfileStringA
#define GetProfileInt                 GetProfileIntA
#define GetProfileSection             GetProfileSectionA
#define WriteProfileString            WriteProfileStringA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_WIN_PROFILE_H */
