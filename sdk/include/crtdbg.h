/**
 * @file crtdbg.h
 * @brief The MSVC debug-heap and debug-report interface, as the release
 *        library has it: everything compiles, nothing happens.
 *
 * Without _DEBUG (isapi-cc does not define it) _ASSERT, _ASSERTE and the
 * _RPT macros expand to nothing, and the _Crt* calls to constants, as in
 * MSVC release builds.  A filter built with -D_DEBUG gets _ASSERT and
 * _ASSERTE that print the failed expression to stderr (httpd's error log)
 * and carry on, and _RPTn that print their message the same way; the
 * process never stops, since it is httpd.
 */
#ifndef ISAPI_CRTDBG_H
#define ISAPI_CRTDBG_H

#include <stdio.h>
#include <stdlib.h>

#define _CRT_WARN   0
#define _CRT_ERROR  1
#define _CRT_ASSERT 2
#define _CRT_ERRCNT 3

#define _CRTDBG_MODE_FILE   0x1
#define _CRTDBG_MODE_DEBUG  0x2
#define _CRTDBG_MODE_WNDW   0x4
#define _CRTDBG_REPORT_MODE (-1)
#define _CRTDBG_INVALID_HFILE ((void *)-1)
#define _CRTDBG_HFILE_ERROR   ((void *)-2)
#define _CRTDBG_FILE_STDOUT   ((void *)-4)
#define _CRTDBG_FILE_STDERR   ((void *)-5)
#define _CRTDBG_REPORT_FILE   ((void *)-6)

#define _CRTDBG_ALLOC_MEM_DF      0x01
#define _CRTDBG_DELAY_FREE_MEM_DF 0x02
#define _CRTDBG_CHECK_ALWAYS_DF   0x04
#define _CRTDBG_RESERVED_DF       0x08
#define _CRTDBG_CHECK_CRT_DF      0x10
#define _CRTDBG_LEAK_CHECK_DF     0x20
#define _CRTDBG_REPORT_FLAG       (-1)

#define _NORMAL_BLOCK 1
#define _CLIENT_BLOCK 4

typedef void *_HFILE;
typedef int (*_CRT_REPORT_HOOK)(int, char *, int *);

/* The release library's answers. */
#define _CrtSetDbgFlag(f)            ((int)0)
#define _CrtSetReportMode(t, m)      ((int)0)
#define _CrtSetReportFile(t, f)      ((_HFILE)0)
#define _CrtSetReportHook(h)         ((_CRT_REPORT_HOOK)0)
#define _CrtSetBreakAlloc(n)         ((long)0)
#define _CrtDumpMemoryLeaks()        ((int)0)
#define _CrtCheckMemory()            ((int)1)
#define _CrtIsValidHeapPointer(p)    ((int)1)
#define _CrtIsValidPointer(p, n, w)  ((int)1)
#define _CrtMemCheckpoint(s)         ((void)0)
#define _CrtMemDumpAllObjectsSince(s) ((void)0)
#define _CrtMemDumpStatistics(s)     ((void)0)
#define _CrtDbgBreak()               ((void)0)

#define _malloc_dbg(s, t, f, l)      malloc(s)
#define _calloc_dbg(n, s, t, f, l)   calloc(n, s)
#define _realloc_dbg(p, s, t, f, l)  realloc(p, s)
#define _free_dbg(p, t)              free(p)

#ifdef _DEBUG
#define _ISAPI_CRT_REPORT(...) \
    ((void)fprintf(stderr, "%s(%d): ", __FILE__, __LINE__), \
     (void)fprintf(stderr, __VA_ARGS__))
#define _ASSERT_EXPR(e, msg) \
    ((void)((e) || (fprintf(stderr, "%s(%d): assertion failed: %s\n", \
                            __FILE__, __LINE__, msg), 0)))
#define _ASSERT(e)  _ASSERT_EXPR((e), "(no expression)")
#define _ASSERTE(e) _ASSERT_EXPR((e), #e)
#define _RPT_BASE(...) _ISAPI_CRT_REPORT(__VA_ARGS__)
#else
#define _ASSERT_EXPR(e, msg) ((void)0)
#define _ASSERT(e)  ((void)0)
#define _ASSERTE(e) ((void)0)
#define _RPT_BASE(...) ((void)0)
#endif

#define _RPT0(t, m)                 _RPT_BASE("%s", m)
#define _RPT1(t, m, a)              _RPT_BASE(m, a)
#define _RPT2(t, m, a, b)           _RPT_BASE(m, a, b)
#define _RPT3(t, m, a, b, c)        _RPT_BASE(m, a, b, c)
#define _RPT4(t, m, a, b, c, d)     _RPT_BASE(m, a, b, c, d)
#define _RPT5(t, m, a, b, c, d, e)  _RPT_BASE(m, a, b, c, d, e)
#define _RPTF0 _RPT0
#define _RPTF1 _RPT1
#define _RPTF2 _RPT2
#define _RPTF3 _RPT3
#define _RPTF4 _RPT4
#define _RPTF5 _RPT5

#endif /* ISAPI_CRTDBG_H */
