/*
 * mfc.h: what the files of libisapimfc.a share and filters do not see.
 * Everything here is hidden (the archive is compiled with
 * -fvisibility=hidden), so it stays inside each filter linked with it.
 */
#ifndef ISAPIMFC_MFC_H
#define ISAPIMFC_MFC_H

#include <afxisapi.h>

/* The filter's one global CHttpFilter-derived object, or NULL. */
CHttpFilter *isapimfc_filter();

/* The filter's file name without directory ("MyFilter.dll"), for log
 * lines and the default description; "" when unknown. */
const char *isapimfc_filter_name();

/* One error-level line in the host's log, prefixed with the filter name. */
void isapimfc_log_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif /* ISAPIMFC_MFC_H */
