// Settings.h : what AuthIni reads from its INI file and the registry.

#pragma once

#define AUTHINI_REG_KEY     _T("SOFTWARE\\Example\\AuthIni")
#define AUTHINI_SECTION     _T("Options")
#define AUTHINI_USERS       _T("Users")
#define AUTHINI_MAX_QUEUE   4096

typedef struct _AUTHINI_SETTINGS
{
    TCHAR   szRealm[128];
    TCHAR   szGreeting[128];
    TCHAR   szLogFile[MAX_PATH];
    TCHAR   szIniFile[MAX_PATH];
    TCHAR   szModule[MAX_PATH];
    DWORD   dwEnabled;
    int     nMaxUsers;
} AUTHINI_SETTINGS;

BOOL LoadSettings(HINSTANCE hInst, AUTHINI_SETTINGS *pSettings);
