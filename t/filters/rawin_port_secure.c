/*
 * rawin_port_secure.c: a filter registered with SF_NOTIFY_SECURE_PORT
 * only (t/raw/tls.t); rawin_port_plain.c is its SF_NOTIFY_NONSECURE_PORT
 * twin.  A global filter.
 *
 * It counts its READ_RAW_DATA notifications per connection and, in
 * PREPROC_HEADERS, reports what it saw as a response header:
 *   X-Rawin-Secure-Only: raw=N fIsSecurePort=1 HTTPS=on SERVER_PORT_SECURE=1
 * A plain-HTTP response must not carry it.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

#define PORT_FLAG   SF_NOTIFY_SECURE_PORT
#define PORT_HEADER "X-Rawin-Secure-Only"

static const char port_desc[] = "rawin_port_secure: secure port only";

#include "rawin_port.h"
