/*
 * event.c: the SF_NOTIFY_* events a filter registers, as the bridge
 * indexes and names them.  A chain keeps one filter list per event, found
 * by the event bit's dense index; trace and error lines name the event.
 */
#include "core/core.h"

static const struct {
    DWORD bit;
    const char *name;
} isf_events[ISF_EV_COUNT] = {
    [ISF_EV_READ_RAW_DATA]      = { SF_NOTIFY_READ_RAW_DATA, "READ_RAW_DATA" },
    [ISF_EV_PREPROC_HEADERS]    = { SF_NOTIFY_PREPROC_HEADERS,
                                    "PREPROC_HEADERS" },
    [ISF_EV_AUTHENTICATION]     = { SF_NOTIFY_AUTHENTICATION,
                                    "AUTHENTICATION" },
    [ISF_EV_URL_MAP]            = { SF_NOTIFY_URL_MAP, "URL_MAP" },
    [ISF_EV_ACCESS_DENIED]      = { SF_NOTIFY_ACCESS_DENIED, "ACCESS_DENIED" },
    [ISF_EV_SEND_RESPONSE]      = { SF_NOTIFY_SEND_RESPONSE, "SEND_RESPONSE" },
    [ISF_EV_SEND_RAW_DATA]      = { SF_NOTIFY_SEND_RAW_DATA, "SEND_RAW_DATA" },
    [ISF_EV_END_OF_REQUEST]     = { SF_NOTIFY_END_OF_REQUEST,
                                    "END_OF_REQUEST" },
    [ISF_EV_LOG]                = { SF_NOTIFY_LOG, "LOG" },
    [ISF_EV_END_OF_NET_SESSION] = { SF_NOTIFY_END_OF_NET_SESSION,
                                    "END_OF_NET_SESSION" },
    [ISF_EV_AUTH_COMPLETE]      = { SF_NOTIFY_AUTH_COMPLETE, "AUTH_COMPLETE" }
};

const signed char isf_ev_slot[32] = {
    [6] = ISF_EV_SEND_RESPONSE + 1,     [7] = ISF_EV_END_OF_REQUEST + 1,
    [8] = ISF_EV_END_OF_NET_SESSION + 1, [9] = ISF_EV_LOG + 1,
    [10] = ISF_EV_SEND_RAW_DATA + 1,    [11] = ISF_EV_ACCESS_DENIED + 1,
    [12] = ISF_EV_URL_MAP + 1,          [13] = ISF_EV_AUTHENTICATION + 1,
    [14] = ISF_EV_PREPROC_HEADERS + 1,  [15] = ISF_EV_READ_RAW_DATA + 1,
    [26] = ISF_EV_AUTH_COMPLETE + 1
};

DWORD isf_event_bit(int index)
{
    return index >= 0 && index < ISF_EV_COUNT ? isf_events[index].bit : 0;
}

const char *isf_event_name(DWORD bit)
{
    int i = isf_event_index(bit);

    return i < 0 ? "UNKNOWN" : isf_events[i].name;
}
