/**
 * @file tchar.h
 * @brief MSVC's generic-text mappings, for ANSI builds: TCHAR is char and
 *        each _tcs / _t name maps to its char function.
 *
 * ISAPI filters are ANSI (isapi/win_types.h drops UNICODE/_UNICODE), so
 * only the "SBCS" column of Microsoft's table exists here.  The ANSI
 * code page is single-byte (Windows-1252), so the _MBCS names map the
 * same way.
 */
#ifndef ISAPI_TCHAR_H
#define ISAPI_TCHAR_H

#include "isapi/win_crt.h"
#include "share.h"

#include <time.h>

#ifndef _TCHAR_DEFINED
#define _TCHAR_DEFINED
typedef char _TCHAR;
typedef char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef unsigned char _TXCHAR;
typedef int _TINT;
#endif
#define _TEOF EOF

#define __T(x)  x
#define _T(x)   __T(x)
#define _TEXT(x) __T(x)
#ifndef TEXT
#define TEXT(x) x
#endif

#define _tmain     main
#define _tWinMain  WinMain
#define _tenviron  environ

/* ---- Formatted I/O ---- */
#define _tprintf     printf
#define _tprintf_s   printf
#define _ftprintf    fprintf
#define _ftprintf_s  fprintf
#define _stprintf    sprintf
#define _stprintf_s  sprintf_s
#define _sntprintf   _snprintf
#define _sntprintf_s _snprintf_s
#define _vtprintf    vprintf
#define _vftprintf   vfprintf
#define _vstprintf   vsprintf
#define _vstprintf_s vsprintf_s
#define _vsntprintf  _vsnprintf
#define _vsntprintf_s _vsnprintf_s
#define _sctprintf   _scprintf
#define _vsctprintf  _vscprintf
#define _tscanf      scanf
#define _ftscanf     fscanf
#define _stscanf     sscanf

/* ---- Unformatted I/O ---- */
#define _fgettc   fgetc
#define _fgetts   fgets
#define _fputtc   fputc
#define _fputts   fputs
#define _gettc    getc
#define _gettchar getchar
#define _puttc    putc
#define _puttchar putchar
#define _putts    puts
#define _ungettc  ungetc
#define _tfopen   fopen
#define _tfopen_s fopen_s
#define _tfreopen freopen
#define _tfsopen  _fsopen
#define _tremove  remove
#define _trename  rename
#define _tgetenv  getenv
#define _tgetenv_s getenv_s
#define _tdupenv_s _dupenv_s
#define _tsystem  system
#define _tperror  perror
#define _tcserror strerror
#define _tcserror_s strerror_s

/* ---- Conversions ---- */
#define _ttoi     atoi
#define _ttol     atol
#define _ttoi64   _atoi64
#define _tstoi    atoi
#define _tstol    atol
#define _tstoi64  _atoi64
#define _tcstol   strtol
#define _tcstoul  strtoul
#define _tcstoi64 _strtoi64
#define _tcstoui64 _strtoui64
#define _tcstod   strtod
#define _tstof    atof
#define _ttof     atof
#define _itot     _itoa
#define _itot_s   _itoa_s
#define _ltot     _ltoa
#define _ltot_s   _ltoa_s
#define _ultot    _ultoa
#define _ultot_s  _ultoa_s
#define _i64tot   _i64toa
#define _i64tot_s _i64toa_s
#define _ui64tot  _ui64toa
#define _ui64tot_s _ui64toa_s

/* ---- Strings ---- */
#define _tcslen    strlen
#define _tcsnlen   strnlen_s
#define _tcsclen   strlen
#define _tcscpy    strcpy
#define _tcscpy_s  strcpy_s
#define _tcsncpy   strncpy
#define _tcsncpy_s strncpy_s
#define _tcscat    strcat
#define _tcscat_s  strcat_s
#define _tcsncat   strncat
#define _tcsncat_s strncat_s
#define _tcscmp    strcmp
#define _tcsncmp   strncmp
#define _tcsnccmp  strncmp
#define _tcsicmp   _stricmp
#define _tcsnicmp  _strnicmp
#define _tcsncicmp _strnicmp
#define _tcscoll   strcoll
#define _tcsicoll  _stricmp
#define _tcschr    strchr
#define _tcsrchr   strrchr
#define _tcsstr    strstr
#define _tcspbrk   strpbrk
#define _tcsspn    strspn
#define _tcscspn   strcspn
#define _tcstok    strtok
#define _tcstok_s  strtok_s
#define _tcsdup    _strdup
#define _tcslwr    _strlwr
#define _tcslwr_s  _strlwr_s
#define _tcsupr    _strupr
#define _tcsupr_s  _strupr_s
#define _tcsrev    _strrev
#define _tcsset    _strset
#define _tcsnset   _strnset
#define _tsplitpath   _splitpath
#define _tsplitpath_s _splitpath_s
#define _tmakepath    _makepath
#define _tmakepath_s  _makepath_s
#define _tcsftime  strftime
#define _tasctime  asctime
#define _tctime    ctime

/* Single-byte ANSI: one byte is one character. */
#define _tcsinc(p)       ((p) + 1)
#define _tcsdec(s, p)    ((p) > (s) ? (p) - 1 : NULL)
#define _tcsninc(p, n)   ((p) + (n))
#define _tcsnextc(p)     ((unsigned int)*(const unsigned char *)(p))
#define _tccpy(d, s)     (*(d) = *(s))
#define _tclen(p)        1
#define _tccmp(a, b)     ((int)*(const unsigned char *)(a) - (int)*(const unsigned char *)(b))

/* ---- Characters ---- */
#define _totupper  toupper
#define _totlower  tolower
#define _istalpha  isalpha
#define _istupper  isupper
#define _istlower  islower
#define _istdigit  isdigit
#define _istxdigit isxdigit
#define _istspace  isspace
#define _istpunct  ispunct
#define _istalnum  isalnum
#define _istprint  isprint
#define _istgraph  isgraph
#define _istcntrl  iscntrl
#define _istascii  isascii
#define _istlead(c)     0
#define _istleadbyte(c) 0

#endif /* ISAPI_TCHAR_H */
