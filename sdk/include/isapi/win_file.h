/* isapi/win_file.h: to be filled. */
#ifndef ISAPI_WIN_FILE_H
#define ISAPI_WIN_FILE_H
#include "isapi/win_types.h"
#endif
