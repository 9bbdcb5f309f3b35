/* isapi/win_module.h: to be filled. */
#ifndef ISAPI_WIN_MODULE_H
#define ISAPI_WIN_MODULE_H
#include "isapi/win_types.h"
#endif
