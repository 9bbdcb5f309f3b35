/* cb_chain_d.c: chain marker "d", asking for high priority (cb_chain.h). */
#define CB_CHAIN_NAME  "d"
#define CB_CHAIN_ORDER SF_NOTIFY_ORDER_HIGH
#include "cb_chain.h"
