/* cb_chain_b.c: chain marker "b", asking for medium priority (cb_chain.h). */
#define CB_CHAIN_NAME  "b"
#define CB_CHAIN_ORDER SF_NOTIFY_ORDER_MEDIUM
#include "cb_chain.h"
