/*
 * rawin_port_plain.c: a filter registered with SF_NOTIFY_NONSECURE_PORT
 * only (t/raw/tls.t); rawin_port_secure.c is its SF_NOTIFY_SECURE_PORT
 * twin.  A global filter.
 *
 * It counts its READ_RAW_DATA notifications per connection and, in
 * PREPROC_HEADERS, reports what it saw as a response header:
 *   X-Rawin-Plain-Only: raw=N fIsSecurePort=0 HTTPS=off SERVER_PORT_SECURE=0
 * A TLS response must not carry it.
 */
#include <stdio.h>
#include <string.h>

#include <httpfilt.h>

#define PORT_FLAG   SF_NOTIFY_NONSECURE_PORT
#define PORT_HEADER "X-Rawin-Plain-Only"

static const char port_desc[] = "rawin_port_plain: non-secure port only";

#include "rawin_port.h"
