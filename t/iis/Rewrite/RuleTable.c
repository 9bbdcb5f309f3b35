// RuleTable.c : reads [Rules] and [Options] from Rewrite.ini and finds
// the rule a URL matches.

#include <Windows.h>
#include <tchar.h>
#include <string.h>
#include "Rules\RuleTable.h"

static const TCHAR g_szSeps[] = _T(" \t");

// One "name=pattern target" line of the section into pRule.
static BOOL ParseRule(LPTSTR pszLine, PREWRITE_RULE pRule)
{
    LPTSTR pszEquals, pszPattern, pszTarget, pszNext = NULL;
    size_t cch;

    pszEquals = _tcschr(pszLine, _T('='));
    if (pszEquals == NULL || pszEquals == pszLine)
        return FALSE;
    *pszEquals = _T('\0');
    if (lstrlen(pszLine) >= RULE_MAX_NAME)
        return FALSE;
    lstrcpy(pRule->szName, pszLine);

    pszPattern = strtok_s(pszEquals + 1, g_szSeps, &pszNext);
    pszTarget = strtok_s(NULL, g_szSeps, &pszNext);
    if (pszPattern == NULL || pszTarget == NULL)
        return FALSE;
    if (lstrlen(pszPattern) >= RULE_MAX_URL || lstrlen(pszTarget) >= RULE_MAX_URL)
        return FALSE;

    cch = _tcslen(pszPattern);
    pRule->fWildcard = FALSE;
    if (cch > 0 && pszPattern[cch - 1] == _T('*'))
    {
        pszPattern[--cch] = _T('\0');
        pRule->fWildcard = TRUE;
    }
    lstrcpy(pRule->szPattern, pszPattern);
    lstrcpy(pRule->szTarget, pszTarget);
    pRule->cchPrefix = (DWORD)cch;
    return TRUE;
}

BOOL LoadRuleTable(LPCTSTR pszIniFile, PRULE_TABLE pTable)
{
    LPTSTR pszSection, pszLine;
    DWORD cchSection;

    ZeroMemory(pTable, sizeof(RULE_TABLE));
    pTable->fRedirect = GetPrivateProfileInt(_T("Options"), _T("Redirect"), 0,
                                             pszIniFile) != 0;
    GetPrivateProfileString(_T("Options"), _T("LogFile"), _T(""),
                            pTable->szLogFile, MAX_PATH, pszIniFile);

    pszSection = (LPTSTR)LocalAlloc(LPTR, RULE_SECTION_SIZE * sizeof(TCHAR));
    if (pszSection == NULL)
        return FALSE;
    cchSection = GetPrivateProfileSection(_T("Rules"), pszSection,
                                          RULE_SECTION_SIZE, pszIniFile);

    // "key=value\0key=value\0\0", comments left out.
    for (pszLine = pszSection;
         cchSection > 0 && *pszLine != _T('\0') &&
             pTable->cRules < RULE_MAX_RULES;
         pszLine += lstrlen(pszLine) + 1)
    {
        TCHAR szLine[RULE_MAX_NAME + 2 * RULE_MAX_URL + 8];

        if (lstrlen(pszLine) >= (int)(sizeof(szLine) / sizeof(TCHAR)))
            continue;
        lstrcpy(szLine, pszLine);
        if (ParseRule(szLine, &pTable->Rules[pTable->cRules]))
            pTable->cRules++;
    }
    LocalFree(pszSection);
    return pTable->cRules > 0;
}

// The first rule pszUrl matches, case-insensitively, with the URL it
// becomes in pszNewUrl; NULL when none does (or the result is too long).
const REWRITE_RULE *MatchRule(const RULE_TABLE *pTable, LPCTSTR pszUrl,
                              LPTSTR pszNewUrl, DWORD cchNewUrl)
{
    DWORD i;

    for (i = 0; i < pTable->cRules; i++)
    {
        const REWRITE_RULE *pRule = &pTable->Rules[i];
        LPCTSTR pszRest = _T("");
        LPCTSTR pszIn;
        DWORD cchOut = 0;

        if (pRule->fWildcard)
        {
            if (_strnicmp(pszUrl, pRule->szPattern, pRule->cchPrefix) != 0)
                continue;
            pszRest = pszUrl + pRule->cchPrefix;
        }
        else if (_stricmp(pszUrl, pRule->szPattern) != 0)
        {
            continue;
        }

        // The target, with $1 replaced by what the '*' matched.
        for (pszIn = pRule->szTarget; *pszIn != _T('\0'); pszIn++)
        {
            if (pszIn[0] == _T('$') && pszIn[1] == _T('1'))
            {
                DWORD cchRest = lstrlen(pszRest);

                if (cchOut + cchRest >= cchNewUrl)
                    return NULL;
                CopyMemory(pszNewUrl + cchOut, pszRest, cchRest * sizeof(TCHAR));
                cchOut += cchRest;
                pszIn++;
                continue;
            }
            if (cchOut + 1 >= cchNewUrl)
                return NULL;
            pszNewUrl[cchOut++] = *pszIn;
        }
        pszNewUrl[cchOut] = _T('\0');
        return pRule;
    }
    return NULL;
}
