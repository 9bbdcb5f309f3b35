//{{NO_DEPENDENCIES}}
// Microsoft Developer Studio generated include file.
// Used by WizFilter.rc
//
#define IDS_FILTER                      1
#define IDS_DENIED                      2

// Next default values for new objects
// 
#ifdef APSTUDIO_INVOKED
#ifndef APSTUDIO_READONLY_SYMBOLS
#define _APS_NEXT_RESOURCE_VALUE        101
#define _APS_NEXT_COMMAND_VALUE         40001
#define _APS_NEXT_CONTROL_VALUE         1000
#define _APS_NEXT_SYMED_VALUE           101
#endif
#endif
