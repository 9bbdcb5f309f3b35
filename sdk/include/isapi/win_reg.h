/* isapi/win_reg.h: to be filled. */
#ifndef ISAPI_WIN_REG_H
#define ISAPI_WIN_REG_H
#include "isapi/win_types.h"
#endif
