/**
 * @file afxres.h
 * @brief The resource identifiers a wizard project's .rc file takes from
 *        MFC's afxres.h: IDC_STATIC, and the VERSIONINFO constants
 *        (VS_VERSION_INFO, VS_FF_*, VOS_*, VFT_*) with the language ids.
 *
 * Only #defines, so the resource compiler can read it as well as C and
 * C++ can; each is guarded, as windows.h may define it too.
 */
#ifndef ISAPI_AFXRES_H
#define ISAPI_AFXRES_H

#ifndef IDC_STATIC
#define IDC_STATIC (-1)
#endif

#ifndef VS_VERSION_INFO
#define VS_VERSION_INFO 1
#endif
#ifndef VS_FFI_SIGNATURE
#define VS_FFI_SIGNATURE        0xFEEF04BDL
#define VS_FFI_STRUCVERSION     0x00010000L
#define VS_FFI_FILEFLAGSMASK    0x0000003FL
#endif
#ifndef VS_FF_DEBUG
#define VS_FF_DEBUG             0x00000001L
#define VS_FF_PRERELEASE        0x00000002L
#define VS_FF_PATCHED           0x00000004L
#define VS_FF_PRIVATEBUILD      0x00000008L
#define VS_FF_INFOINFERRED      0x00000010L
#define VS_FF_SPECIALBUILD      0x00000020L
#endif
#ifndef VOS_UNKNOWN
#define VOS_UNKNOWN             0x00000000L
#define VOS_DOS                 0x00010000L
#define VOS_NT                  0x00040000L
#define VOS__WINDOWS16          0x00000001L
#define VOS__WINDOWS32          0x00000004L
#define VOS_DOS_WINDOWS16       0x00010001L
#define VOS_DOS_WINDOWS32       0x00010004L
#define VOS_NT_WINDOWS32        0x00040004L
#endif
#ifndef VFT_UNKNOWN
#define VFT_UNKNOWN             0x00000000L
#define VFT_APP                 0x00000001L
#define VFT_DLL                 0x00000002L
#define VFT_DRV                 0x00000003L
#define VFT_FONT                0x00000004L
#define VFT_VXD                 0x00000005L
#define VFT_STATIC_LIB          0x00000007L
#define VFT2_UNKNOWN            0x00000000L
#endif

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
