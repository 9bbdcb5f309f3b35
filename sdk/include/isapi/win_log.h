/* isapi/win_log.h: to be filled. */
#ifndef ISAPI_WIN_LOG_H
#define ISAPI_WIN_LOG_H
#include "isapi/win_types.h"
#endif
