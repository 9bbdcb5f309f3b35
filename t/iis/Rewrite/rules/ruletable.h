// RuleTable.h : the rewrite rules Rewrite.dll reads from Rewrite.ini.
//
// [Rules]
// 1=/old/*      /new/$1        a prefix ('*' at the end) and what it
//                               becomes; $1 is what the '*' matched
// 2=/exact.htm  /other.htm     no '*': the whole URL must match
// [Options]
// Redirect=0|1                 rewrite inside the server, or send a 302
// LogFile=c:\logs\rewrite.log  one line per rewrite

#pragma once

#define RULE_MAX_RULES      64
#define RULE_MAX_URL        1024
#define RULE_MAX_NAME       32
#define RULE_SECTION_SIZE   16384

typedef struct _REWRITE_RULE
{
    TCHAR   szName[RULE_MAX_NAME];      // the key in [Rules]
    TCHAR   szPattern[RULE_MAX_URL];    // without the trailing '*'
    TCHAR   szTarget[RULE_MAX_URL];
    DWORD   cchPrefix;
    BOOL    fWildcard;
} REWRITE_RULE, *PREWRITE_RULE;

typedef struct _RULE_TABLE
{
    DWORD           cRules;
    BOOL            fRedirect;
    TCHAR           szLogFile[MAX_PATH];
    REWRITE_RULE    Rules[RULE_MAX_RULES];
} RULE_TABLE, *PRULE_TABLE;

BOOL  LoadRuleTable(LPCTSTR pszIniFile, PRULE_TABLE pTable);
const REWRITE_RULE *MatchRule(const RULE_TABLE *pTable, LPCTSTR pszUrl,
                              LPTSTR pszNewUrl, DWORD cchNewUrl);
