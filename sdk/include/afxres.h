/**
 * @file afxres.h
 * @brief The resource identifiers a wizard project's .rc file takes from
 *        MFC's afxres.h: IDC_STATIC, and the VERSIONINFO constants
 *        (VS_VERSION_INFO, VS_FF_*, VOS_*, VFT_*) with the language ids.
 *
 * Only #defines, so the resource compiler can read it as well as C and
 * C++ can; the VERSIONINFO constants come from isapi/win_verdefs.h,
 * which windows.h shares, and the rest is guarded.
 */
#ifndef ISAPI_AFXRES_H
#define ISAPI_AFXRES_H

#ifndef IDC_STATIC
#define IDC_STATIC (-1)
#endif

#include "isapi/win_verdefs.h"

#ifndef LANG_NEUTRAL
#define LANG_NEUTRAL            0x00
#endif
#ifndef LANG_ENGLISH
#define LANG_ENGLISH            0x09
#endif
#ifndef SUBLANG_NEUTRAL
#define SUBLANG_NEUTRAL         0x00
#endif
#ifndef SUBLANG_DEFAULT
#define SUBLANG_DEFAULT         0x01
#endif
#ifndef SUBLANG_ENGLISH_US
#define SUBLANG_ENGLISH_US      0x01
#endif

#endif /* ISAPI_AFXRES_H */
