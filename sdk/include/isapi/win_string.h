/* isapi/win_string.h: to be filled. */
#ifndef ISAPI_WIN_STRING_H
#define ISAPI_WIN_STRING_H
#include "isapi/win_types.h"
#endif
