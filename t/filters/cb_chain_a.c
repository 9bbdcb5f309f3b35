/* cb_chain_a.c: chain marker "a", asking for low priority (cb_chain.h). */
#define CB_CHAIN_NAME  "a"
#define CB_CHAIN_ORDER SF_NOTIFY_ORDER_LOW
#include "cb_chain.h"
