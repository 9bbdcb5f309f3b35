// settings.c : reads AuthIni's configuration the way it did on IIS:
// AuthIni.ini beside the DLL, and HKLM\SOFTWARE\Example\AuthIni.

#include "StdAfx.h"
#include "Config\Settings.h"

static void ReadRegistry(AUTHINI_SETTINGS *pSettings)
{
    HKEY hKey;
    DWORD dwType, cbData;
    LONG lResult;

    lResult = RegOpenKeyEx(HKEY_LOCAL_MACHINE, AUTHINI_REG_KEY, 0, KEY_READ,
                           &hKey);
    if (lResult != ERROR_SUCCESS)
    {
        wsprintf(pSettings->szGreeting, _T("no key (%ld)"), lResult);
        return;
    }

    cbData = sizeof(pSettings->szGreeting);
    lResult = RegQueryValueEx(hKey, _T("Greeting"), NULL, &dwType,
                              (LPBYTE)pSettings->szGreeting, &cbData);
    if (lResult != ERROR_SUCCESS || dwType != REG_SZ)
        lstrcpy(pSettings->szGreeting, _T("none"));

    cbData = sizeof(DWORD);
    lResult = RegQueryValueEx(hKey, _T("Enabled"), NULL, &dwType,
                              (LPBYTE)&pSettings->dwEnabled, &cbData);
    if (lResult != ERROR_SUCCESS || dwType != REG_DWORD)
        pSettings->dwEnabled = 0;

    RegCloseKey(hKey);
}

BOOL LoadSettings(HINSTANCE hInst, AUTHINI_SETTINGS *pSettings)
{
    TCHAR *pDot;

    ZeroMemory(pSettings, sizeof(*pSettings));

    // The INI file has the DLL's name and sits beside it.
    if (!GetModuleFileName(hInst, pSettings->szModule, MAX_PATH))
        return FALSE;
    StringCchCopy(pSettings->szIniFile, MAX_PATH, pSettings->szModule);
    pDot = _tcsrchr(pSettings->szIniFile, _T('.'));
    if (pDot == NULL || _tcschr(pDot, _T('\\')) != NULL)
        return FALSE;
    lstrcpy(pDot, _T(".ini"));

    GetPrivateProfileString(AUTHINI_SECTION, _T("Realm"), _T("AuthIni"),
                            pSettings->szRealm, 128, pSettings->szIniFile);
    GetPrivateProfileString(AUTHINI_SECTION, _T("LogFile"),
                            _T("c:\\temp\\authini.log"),
                            pSettings->szLogFile, MAX_PATH,
                            pSettings->szIniFile);
    pSettings->nMaxUsers = GetPrivateProfileInt(AUTHINI_SECTION,
                                                _T("MaxUsers"), 10,
                                                pSettings->szIniFile);
    ReadRegistry(pSettings);
    return TRUE;
}
