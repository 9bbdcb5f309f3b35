/*
 * sr_report.h: how the SEND_RESPONSE probes (req_send_response.c,
 * req_preproc.c, fr_attack.c) report what a callback answered, as a
 * response header the test reads: "[value]", or "FALSE <GetLastError>".
 */
#ifndef SR_REPORT_H
#define SR_REPORT_H

#include <stdio.h>

#include <httpfilt.h>

static void sr_report(HTTP_FILTER_CONTEXT *pfc,
                      HTTP_FILTER_SEND_RESPONSE *sr, BOOL ok,
                      const char *value, char *as)
{
    char out[1024 + 16];

    if (ok) {
        snprintf(out, sizeof(out), "[%s]", value);
    }
    else {
        snprintf(out, sizeof(out), "FALSE %lu",
                 (unsigned long)GetLastError());
    }
    sr->AddHeader(pfc, as, out);
}

#endif /* SR_REPORT_H */
