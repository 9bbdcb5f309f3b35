/* isapi/win_profile.h: to be filled. */
#ifndef ISAPI_WIN_PROFILE_H
#define ISAPI_WIN_PROFILE_H
#include "isapi/win_types.h"
#endif
