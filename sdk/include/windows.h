/**
 * @file windows.h
 * @brief The Win32 surface IIS filters use, for building them unmodified
 *        on Linux with isapi-cc (README, "Porting a filter from IIS").
 *
 * Like the Windows SDK's, this header brings in the C library headers
 * Windows code takes for granted.  Each area of the API has a header of
 * its own under isapi/; the functions live in libisapiwin32.so, which a
 * filter built with isapi-cc loads with it.
 */
#ifndef ISAPI_WINDOWS_H
#define ISAPI_WINDOWS_H

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601
#endif
#ifndef WINVER
#define WINVER _WIN32_WINNT
#endif

#include "isapi/win_types.h"
#include "isapi/win_error.h"
#include "isapi/win_crt.h"
#include "isapi/win_string.h"
#include "isapi/win_kernel.h"
#include "isapi/win_mem.h"
#include "isapi/win_file.h"
#include "isapi/win_module.h"
#include "isapi/win_profile.h"
#include "isapi/win_reg.h"
#include "isapi/win_log.h"
#include "isapi/win_resource.h"

#endif /* ISAPI_WINDOWS_H */
