/*
 * resource.cpp: AfxGetResourceHandle, the module LoadString reads the
 * filter's STRINGTABLE from: the filter itself.  In a file of its own so
 * that a filter defining its own (the wizard's commented-out block for
 * filters that drop MFC, uncommented) links without a clash.
 */
#include "mfc.h"

HINSTANCE AFXAPI AfxGetResourceHandle()
{
    return AfxGetInstanceHandle();
}
