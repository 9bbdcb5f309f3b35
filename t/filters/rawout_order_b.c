/*
 * rawout_order_b.c: turns every "cat" into "dog" in each SEND_RAW_DATA
 * window (in place), and tags every response "X-Order: B" in
 * SEND_RESPONSE.  With rawout_order_a.so (fox -> cat) and rawout_order_b.so
 * (cat -> dog) on one site, the body shows in which order SEND_RAW_DATA
 * ran and that the later filter saw the earlier one's change; the X-Order
 * headers show the order of every other event: t/raw/raw_out_order.t.
 */
#define ORDER_FROM "cat"
#define ORDER_TO   "dog"
#define ORDER_TAG  "B"
#define ORDER_DESC "rawout_order_b: cat -> dog"

#include "rawout_order.h"
