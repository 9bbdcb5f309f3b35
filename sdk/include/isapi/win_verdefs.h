/**
 * @file isapi/win_verdefs.h
 * @brief The VERSIONINFO constants (VS_VERSION_INFO, VS_FFI_*, VS_FF_*,
 *        VOS_*, VFT_*), shared by win_resource.h and afxres.h.
 *
 * Only #defines: the resource compiler reads it (through afxres.h) as
 * well as C and C++ do.
 */
#ifndef ISAPI_WIN_VERDEFS_H
#define ISAPI_WIN_VERDEFS_H

#define VS_VERSION_INFO         1
#define VS_FFI_SIGNATURE        0xFEEF04BDL
#define VS_FFI_STRUCVERSION     0x00010000L
#define VS_FFI_FILEFLAGSMASK    0x0000003FL
#define VS_FF_DEBUG             0x00000001L
#define VS_FF_PRERELEASE        0x00000002L
#define VS_FF_PATCHED           0x00000004L
#define VS_FF_PRIVATEBUILD      0x00000008L
#define VS_FF_INFOINFERRED      0x00000010L
#define VS_FF_SPECIALBUILD      0x00000020L
#define VOS_UNKNOWN             0x00000000L
#define VOS_DOS                 0x00010000L
#define VOS_NT                  0x00040000L
#define VOS__WINDOWS16          0x00000001L
#define VOS__WINDOWS32          0x00000004L
#define VOS_DOS_WINDOWS16       0x00010001L
#define VOS_DOS_WINDOWS32       0x00010004L
#define VOS_NT_WINDOWS32        0x00040004L
#define VFT_UNKNOWN             0x00000000L
#define VFT_APP                 0x00000001L
#define VFT_DLL                 0x00000002L
#define VFT_DRV                 0x00000003L
#define VFT_FONT                0x00000004L
#define VFT_VXD                 0x00000005L
#define VFT_STATIC_LIB          0x00000007L
#define VFT2_UNKNOWN            0x00000000L

#endif /* ISAPI_WIN_VERDEFS_H */
