/**
 * @file share.h
 * @brief MSVC file-sharing modes, and _fsopen.
 *
 * Linux has no share modes: a file another process has open can always
 * be opened again.  _fsopen therefore opens the file as fopen does and
 * ignores the share flag; a filter that relied on _SH_DENYWR to keep
 * other writers out no longer gets that protection.
 */
#ifndef ISAPI_SHARE_H
#define ISAPI_SHARE_H

#include <stdio.h>

#define _SH_COMPAT 0x00
#define _SH_DENYRW 0x10
#define _SH_DENYWR 0x20
#define _SH_DENYRD 0x30
#define _SH_DENYNO 0x40
#define _SH_SECURE 0x80
#define SH_COMPAT _SH_COMPAT
#define SH_DENYRW _SH_DENYRW
#define SH_DENYWR _SH_DENYWR
#define SH_DENYRD _SH_DENYRD
#define SH_DENYNO _SH_DENYNO

static inline FILE *_fsopen(const char *name, const char *mode, int shflag)
{
    (void)shflag;
    return fopen(name, mode);
}

#endif /* ISAPI_SHARE_H */
