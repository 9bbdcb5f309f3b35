/* isapi/win_crt.h: to be filled. */
#ifndef ISAPI_WIN_CRT_H
#define ISAPI_WIN_CRT_H
#include "isapi/win_types.h"
#endif
