/* isapi/win_mem.h: to be filled. */
#ifndef ISAPI_WIN_MEM_H
#define ISAPI_WIN_MEM_H
#include "isapi/win_types.h"
#endif
