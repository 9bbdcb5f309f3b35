/* isapi/win_kernel.h: to be filled (threads, synchronisation, time). */
#ifndef ISAPI_WIN_KERNEL_H
#define ISAPI_WIN_KERNEL_H
#include "isapi/win_types.h"
#ifdef __cplusplus
extern "C" {
#endif
WINBASEAPI BOOL WINAPI CloseHandle(HANDLE hObject);
#ifdef __cplusplus
}
#endif
#endif
