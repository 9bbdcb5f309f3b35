/* cb_chain_c.c: chain marker "c", asking for low priority (cb_chain.h). */
#define CB_CHAIN_NAME  "c"
#define CB_CHAIN_ORDER SF_NOTIFY_ORDER_LOW
#include "cb_chain.h"
