/*
 * hostile_args.c: NULL, bogus and stale arguments to every callback, in
 * every event a request and its connection raise (t/security/
 * hostile_filters.t, scenario isf_sec_args).
 *
 * With the request header "X-Hostile-Op: battery" the filter runs the same
 * battery in PREPROC_HEADERS, URL_MAP, SEND_RESPONSE, END_OF_REQUEST, LOG
 * and END_OF_NET_SESSION, and appends one line per check to
 * t/logs/hostile_args.log:
 *
 *   <EVENT> <check> OK
 *   <EVENT> <check> BAD <what happened>
 *
 * Every hostile call must come back FALSE (NULL for AllocMem) with
 * ERROR_INVALID_PARAMETER, and a crash shows as a missing line and a child
 * "exit signal" in the error_log.  After the response (END_OF_REQUEST,
 * LOG, END_OF_NET_SESSION) a head of the filter's own and
 * AddResponseHeaders must be refused too (ERROR_NOT_SUPPORTED for the
 * latter while the request exists).  The header callbacks are called through
 * the HTTP_FILTER_PREPROC_HEADERS given in PREPROC_HEADERS; in events
 * without headers the pointers saved then are called again (they must
 * refuse: wrong event).
 *
 * "X-Hostile-Op: zero-keep" zeroes pfc->ServerContext in PREPROC_HEADERS
 * and leaves it so: every later callback on the connection must fail
 * (lines "<EVENT> zeroed OK"), and the connection must go on working.
 *
 * "X-Hostile-Op: logwrite" calls WriteClient from LOG, after the response
 * went out ("LOG logwrite TRUE|FALSE <err>").
 */
#include "hostile.h"

#include <stdint.h>

#define HA_MAGIC 0x48415247u    /* "HARG" */

typedef struct {
    DWORD magic;
    char op[32];
    DWORD requests;
    BOOL (WINAPI *get_header)(PHTTP_FILTER_CONTEXT, LPSTR, LPVOID, LPDWORD);
    BOOL (WINAPI *set_header)(PHTTP_FILTER_CONTEXT, LPSTR, LPSTR);
    BOOL (WINAPI *add_header)(PHTTP_FILTER_CONTEXT, LPSTR, LPSTR);
    PVOID server_context;       /* as the bridge gave it (zero-keep) */
} ha_ctx;

typedef struct {
    const char *ev;
    HTTP_FILTER_CONTEXT cb;     /* the callbacks, copied from the real pfc */
    BOOL (WINAPI *get_header)(PHTTP_FILTER_CONTEXT, LPSTR, LPVOID, LPDWORD);
    BOOL (WINAPI *set_header)(PHTTP_FILTER_CONTEXT, LPSTR, LPSTR);
    BOOL (WINAPI *add_header)(PHTTP_FILTER_CONTEXT, LPSTR, LPSTR);
    int headers_valid;          /* the header callbacks belong to this event */
    int request;                /* request variables exist */
    int late;                   /* the response has gone out */
} ha_env;

/* A buffer that is not a slot: all zero, like freshly allocated memory. */
static char ha_zero_buf[512];

static void ha_report(const ha_env *env, const char *check, const char *bad)
{
    if (bad) {
        filter_log("%s %s BAD %s", env->ev, check, bad);
    }
    else {
        filter_log("%s %s OK", env->ev, check);
    }
}

/* A BOOL call expected to fail with ERROR_INVALID_PARAMETER. */
static const char *ha_want_87(BOOL ok, char *why, size_t len)
{
    DWORD err = GetLastError();

    if (ok) {
        snprintf(why, len, "returned TRUE");
        return why;
    }
    if (err != ERROR_INVALID_PARAMETER) {
        snprintf(why, len, "FALSE with error %lu", (unsigned long)err);
        return why;
    }
    return NULL;
}

static void ha_bool(const ha_env *env, const char *check, BOOL ok)
{
    char why[128];

    ha_report(env, check, ha_want_87(ok, why, sizeof(why)));
}

/*
 * The GetServerVariable size protocol with canaries around the buffer:
 * ask with no buffer, with one byte too few, then with exactly the size
 * given back.  Nothing may be written outside what was offered, and the
 * sizes handed back must be the real ones.
 */
static const char *ha_size_protocol(HTTP_FILTER_CONTEXT *pfc,
                                    const char *var, int wide, char *why,
                                    size_t len)
{
    unsigned char area[1024];
    DWORD size = 0, need, got;
    size_t i, vlen;

    SetLastError(0);
    if (pfc->GetServerVariable(pfc, (LPSTR)var, NULL, &size)) {
        snprintf(why, len, "NULL buffer, size 0: TRUE");
        return why;
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
        snprintf(why, len, "NULL buffer, size 0: error %lu",
                 (unsigned long)GetLastError());
        return why;
    }
    need = size;
    if (need < (DWORD)(wide ? 2 : 1) || need > sizeof(area) - 64) {
        snprintf(why, len, "asked for %lu bytes", (unsigned long)need);
        return why;
    }
    /* One byte short: FALSE, same size back, nothing written. */
    memset(area, 0xA5, sizeof(area));
    size = need - 1;
    SetLastError(0);
    if (pfc->GetServerVariable(pfc, (LPSTR)var, area + 32, &size)
        || GetLastError() != ERROR_INSUFFICIENT_BUFFER || size != need) {
        snprintf(why, len, "short buffer: error %lu size %lu (need %lu)",
                 (unsigned long)GetLastError(), (unsigned long)size,
                 (unsigned long)need);
        return why;
    }
    for (i = 0; i < sizeof(area); i++) {
        if (area[i] != 0xA5) {
            snprintf(why, len, "short buffer: byte %ld written",
                     (long)i - 32);
            return why;
        }
    }
    /* Exactly the size given back: TRUE, that size, canaries intact. */
    size = need;
    if (!pfc->GetServerVariable(pfc, (LPSTR)var, area + 32, &size)) {
        snprintf(why, len, "exact buffer: error %lu",
                 (unsigned long)GetLastError());
        return why;
    }
    got = size;
    if (wide) {
        for (vlen = 0; vlen + 1 < need && (area[32 + vlen]
                                           || area[33 + vlen]); vlen += 2)
            ;
        vlen += 2;
    }
    else {
        vlen = strnlen((char *)area + 32, need) + 1;
    }
    if (got != need || vlen != need) {
        snprintf(why, len, "exact buffer: size %lu, value takes %lu, "
                 "asked for %lu", (unsigned long)got, (unsigned long)vlen,
                 (unsigned long)need);
        return why;
    }
    for (i = 0; i < 32; i++) {
        if (area[i] != 0xA5 || area[32 + need + i] != 0xA5) {
            snprintf(why, len, "exact buffer: canary %s hit",
                     area[i] != 0xA5 ? "before" : "after");
            return why;
        }
    }
    return NULL;
}

/* Every callback through a pfc that is not the one the bridge gave. */
static const char *ha_bad_pfc(HTTP_FILTER_CONTEXT *bad, const ha_env *env,
                              char *why, size_t len)
{
    char buf[64], line[] = "X-Bad-Pfc: 1\r\n";
    DWORD size = sizeof(buf), n = 1, id = 0;
    void *mem;

#define HA_EXPECT(call, label)                                          \
    do {                                                                \
        SetLastError(0);                                                \
        if (call) {                                                     \
            snprintf(why, len, "%s returned TRUE", label);              \
            return why;                                                 \
        }                                                               \
        if (GetLastError() != ERROR_INVALID_PARAMETER) {                \
            snprintf(why, len, "%s: error %lu", label,                  \
                     (unsigned long)GetLastError());                    \
            return why;                                                 \
        }                                                               \
    } while (0)

    HA_EXPECT(env->cb.GetServerVariable(bad, "SERVER_PORT", buf, &size),
              "GetServerVariable");
    HA_EXPECT(env->cb.AddResponseHeaders(bad, line, 0), "AddResponseHeaders");
    HA_EXPECT(env->cb.WriteClient(bad, "x", &n, 0), "WriteClient");
    HA_EXPECT(env->cb.ServerSupportFunction(bad, SF_REQ_GET_CONNID, &id, 0, 0),
              "ServerSupportFunction(GET_CONNID)");
    SetLastError(0);
    mem = env->cb.AllocMem(bad, 16, 0);
    if (mem || GetLastError() != ERROR_INVALID_PARAMETER) {
        snprintf(why, len, "AllocMem: %p error %lu", mem,
                 (unsigned long)GetLastError());
        return why;
    }
    if (env->get_header) {
        size = sizeof(buf);
        HA_EXPECT(env->get_header(bad, "Host:", buf, &size), "GetHeader");
        HA_EXPECT(env->set_header(bad, "X-Bad-Pfc:", "1"), "SetHeader");
        HA_EXPECT(env->add_header(bad, "X-Bad-Pfc:", "1"), "AddHeader");
    }
#undef HA_EXPECT
    return NULL;
}

/* Point pfc->ServerContext somewhere else, call everything, put it back. */
static void ha_bad_context(HTTP_FILTER_CONTEXT *pfc, const ha_env *env,
                           const char *check, PVOID where)
{
    PVOID saved = pfc->ServerContext;
    const char *bad;
    char why[256];

    pfc->ServerContext = where;
    bad = ha_bad_pfc(pfc, env, why, sizeof(why));
    pfc->ServerContext = saved;
    ha_report(env, check, bad);
}

static void ha_battery(HTTP_FILTER_CONTEXT *pfc, ha_env *env)
{
    char buf[256], why[256], url[] = "/stale-url";
    DWORD size, n, id;
    HTTP_FILTER_CONTEXT copy;

    env->cb = *pfc;

    /* GetServerVariable: NULL name, NULL size, NULL buffer with a size. */
    size = sizeof(buf);
    SetLastError(0);
    ha_bool(env, "gsv_null_name",
            pfc->GetServerVariable(pfc, NULL, buf, &size));
    SetLastError(0);
    ha_bool(env, "gsv_null_size",
            pfc->GetServerVariable(pfc, "SERVER_PORT", buf, NULL));
    size = 64;
    SetLastError(0);
    ha_bool(env, "gsv_null_buf",
            pfc->GetServerVariable(pfc, "SERVER_PORT", NULL, &size));
    /* The lengths the bridge hands out are the real ones. */
    ha_report(env, "gsv_size",
              ha_size_protocol(pfc, "SERVER_PORT", 0, why, sizeof(why)));
    ha_report(env, "gsv_size_unicode",
              ha_size_protocol(pfc, "UNICODE_SERVER_PORT", 1, why,
                               sizeof(why)));
    if (env->request) {
        ha_report(env, "gsv_size_url",
                  ha_size_protocol(pfc, "URL", 0, why, sizeof(why)));
        ha_report(env, "gsv_size_all_raw",
                  ha_size_protocol(pfc, "ALL_RAW", 0, why, sizeof(why)));
    }
    else {
        size = sizeof(buf);
        SetLastError(0);
        if (pfc->GetServerVariable(pfc, "URL", buf, &size)
            || GetLastError() != ERROR_NO_DATA) {
            snprintf(why, sizeof(why), "URL: error %lu",
                     (unsigned long)GetLastError());
            ha_report(env, "gsv_no_request", why);
        }
        else {
            ha_report(env, "gsv_no_request", NULL);
        }
    }

    /* WriteClient, AddResponseHeaders, AllocMem. */
    n = 5;
    SetLastError(0);
    ha_bool(env, "wc_null_buf", pfc->WriteClient(pfc, NULL, &n, 0));
    SetLastError(0);
    ha_bool(env, "wc_null_len", pfc->WriteClient(pfc, "x", NULL, 0));
    SetLastError(0);
    ha_bool(env, "arh_null", pfc->AddResponseHeaders(pfc, NULL, 0));
    SetLastError(0);
    if (pfc->AllocMem(pfc, 0, 0)) {
        ha_report(env, "alloc_zero", "returned memory");
    }
    else {
        ha_bool(env, "alloc_zero", FALSE);
    }

    /* ServerSupportFunction: codes that need pData, zero sizes, junk. */
    SetLastError(0);
    ha_bool(env, "ssf_connid_null", pfc->ServerSupportFunction(
                pfc, SF_REQ_GET_CONNID, NULL, 0, 0));
    SetLastError(0);
    ha_bool(env, "ssf_property_null", pfc->ServerSupportFunction(
                pfc, SF_REQ_GET_PROPERTY, NULL,
                SF_PROPERTY_INSTANCE_NUM_ID, 0));
    SetLastError(0);
    ha_bool(env, "ssf_normalize_null", pfc->ServerSupportFunction(
                pfc, SF_REQ_NORMALIZE_URL, NULL, 0, 0));
    SetLastError(0);
    ha_bool(env, "ssf_denial_null", pfc->ServerSupportFunction(
                pfc, SF_REQ_ADD_HEADERS_ON_DENIAL, NULL, 0, 0));
    SetLastError(0);
    ha_bool(env, "ssf_read_size_zero", pfc->ServerSupportFunction(
                pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, 0, 0));
    SetLastError(0);
    ha_bool(env, "ssf_disable_zero", pfc->ServerSupportFunction(
                pfc, SF_REQ_DISABLE_NOTIFICATIONS, NULL, 0, 0));
    SetLastError(0);
    ha_bool(env, "ssf_unknown_code", pfc->ServerSupportFunction(
                pfc, (enum SF_REQ_TYPE)1000, &id, 0, 0));
    SetLastError(0);
    ha_bool(env, "ssf_negative_code", pfc->ServerSupportFunction(
                pfc, (enum SF_REQ_TYPE)-1, &id, 0, 0));

    /* Header callbacks: NULL name and size where they belong to the
     * event, any call at all where they do not (saved pointers). */
    if (env->headers_valid) {
        size = sizeof(buf);
        SetLastError(0);
        ha_bool(env, "hdr_get_null_name",
                env->get_header(pfc, NULL, buf, &size));
        SetLastError(0);
        ha_bool(env, "hdr_get_null_size",
                env->get_header(pfc, "Host:", buf, NULL));
        SetLastError(0);
        ha_bool(env, "hdr_set_null_name",
                env->set_header(pfc, NULL, "x"));
        SetLastError(0);
        ha_bool(env, "hdr_add_null_name",
                env->add_header(pfc, NULL, "x"));
    }
    else if (env->get_header) {
        size = sizeof(buf);
        SetLastError(0);
        ha_bool(env, "hdr_stale_get",
                env->get_header(pfc, "Host:", buf, &size));
        SetLastError(0);
        ha_bool(env, "hdr_stale_set",
                env->set_header(pfc, "X-Stale:", "set-from-wrong-event"));
        SetLastError(0);
        ha_bool(env, "hdr_stale_add",
                env->add_header(pfc, "X-Stale:", "added-from-wrong-event"));
        SetLastError(0);
        ha_bool(env, "hdr_stale_url", env->set_header(pfc, "url", url));
    }

    /* After the response: no head of its own, no headers added to it. */
    if (env->late) {
        char line[] = "X-Late: 1\r\n";
        DWORD want = env->request ? ERROR_NOT_SUPPORTED
                                  : ERROR_INVALID_PARAMETER;
        BOOL ok;

        SetLastError(0);
        ha_bool(env, "ssf_head_late", pfc->ServerSupportFunction(
                    pfc, SF_REQ_SEND_RESPONSE_HEADER, "200 OK",
                    (ULONG_PTR)"X-Late: 1\r\n", 0));
        SetLastError(0);
        ok = pfc->AddResponseHeaders(pfc, line, 0);
        if (ok || GetLastError() != want) {
            snprintf(why, sizeof(why), "%s with error %lu",
                     ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
            ha_report(env, "arh_late", why);
        }
        else {
            ha_report(env, "arh_late", NULL);
        }
    }

    /* A pfc that is not the bridge's, or whose ServerContext is not. */
    ha_report(env, "pfc_null", ha_bad_pfc(NULL, env, why, sizeof(why)));
    copy = *pfc;
    ha_report(env, "pfc_copy", ha_bad_pfc(&copy, env, why, sizeof(why)));
    ha_bad_context(pfc, env, "pfc_ctx_null", NULL);
    ha_bad_context(pfc, env, "pfc_ctx_zero_buf", ha_zero_buf);
    ha_bad_context(pfc, env, "pfc_ctx_shifted",
                   (char *)pfc->ServerContext + 8);
    ha_bad_context(pfc, env, "pfc_ctx_wild_low", (PVOID)(uintptr_t)0x10);
    ha_bad_context(pfc, env, "pfc_ctx_wild_high",
                   (PVOID)(uintptr_t)0xdead0000beef0000ULL);

    /* The real pfc still works after all that. */
    size = sizeof(buf);
    if (!pfc->GetServerVariable(pfc, "SERVER_PORT", buf, &size)) {
        snprintf(why, sizeof(why), "GetServerVariable: error %lu",
                 (unsigned long)GetLastError());
        ha_report(env, "pfc_still_works", why);
    }
    else {
        ha_report(env, "pfc_still_works", NULL);
    }
}

static const char *ha_event_name(DWORD type)
{
    switch (type) {
    case SF_NOTIFY_PREPROC_HEADERS:     return "PREPROC_HEADERS";
    case SF_NOTIFY_URL_MAP:             return "URL_MAP";
    case SF_NOTIFY_SEND_RESPONSE:       return "SEND_RESPONSE";
    case SF_NOTIFY_END_OF_REQUEST:      return "END_OF_REQUEST";
    case SF_NOTIFY_LOG:                 return "LOG";
    case SF_NOTIFY_END_OF_NET_SESSION:  return "END_OF_NET_SESSION";
    default:                            return "OTHER";
    }
}

/* zero-keep: ServerContext stays NULL, so this must fail. */
static void ha_zeroed(HTTP_FILTER_CONTEXT *pfc, const char *ev)
{
    char buf[64];
    DWORD size = sizeof(buf);

    SetLastError(0);
    if (pfc->GetServerVariable(pfc, "SERVER_PORT", buf, &size)) {
        filter_log("%s zeroed BAD GetServerVariable returned TRUE", ev);
    }
    else if (GetLastError() != ERROR_INVALID_PARAMETER) {
        filter_log("%s zeroed BAD error %lu", ev,
                    (unsigned long)GetLastError());
    }
    else {
        filter_log("%s zeroed OK", ev);
    }
}

static DWORD ha_preproc(HTTP_FILTER_CONTEXT *pfc,
                        HTTP_FILTER_PREPROC_HEADERS *ph)
{
    ha_ctx *ctx = pfc->pFilterContext;
    char op[sizeof(ctx->op)];
    DWORD size = sizeof(op);
    ha_env env;

    if (ctx && !pfc->ServerContext) {
        /* zero-keep on an earlier request of this connection. */
        ctx->requests++;
        ha_zeroed(pfc, "PREPROC_HEADERS");
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!ph->GetHeader(pfc, "X-Hostile-Op:", op, &size)) {
        op[0] = '\0';
    }
    if (!ctx) {
        if (!op[0] || !(ctx = pfc->AllocMem(pfc, sizeof(*ctx), 0))) {
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        memset(ctx, 0, sizeof(*ctx));
        ctx->magic = HA_MAGIC;
        pfc->pFilterContext = ctx;
    }
    ctx->requests++;
    memcpy(ctx->op, op, sizeof(ctx->op));
    ctx->get_header = ph->GetHeader;
    ctx->set_header = ph->SetHeader;
    ctx->add_header = ph->AddHeader;
    if (!strcmp(op, "battery")) {
        memset(&env, 0, sizeof(env));
        env.ev = "PREPROC_HEADERS";
        env.get_header = ph->GetHeader;
        env.set_header = ph->SetHeader;
        env.add_header = ph->AddHeader;
        env.headers_valid = 1;
        env.request = 1;
        ha_battery(pfc, &env);
    }
    else if (!strcmp(op, "zero-keep")) {
        ctx->server_context = pfc->ServerContext;
        pfc->ServerContext = NULL;
        ha_zeroed(pfc, "PREPROC_HEADERS");
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    filter_log_init("hostile_args");
    hostile_version(pVer, "hostile_args: bad arguments to every callback",
                    SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_URL_MAP
                    | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_END_OF_REQUEST
                    | SF_NOTIFY_LOG | SF_NOTIFY_END_OF_NET_SESSION);
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                            VOID *pvNotification)
{
    ha_ctx *ctx = pfc->pFilterContext;
    const char *ev = ha_event_name(NotificationType);
    ha_env env;

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        return ha_preproc(pfc, pvNotification);
    }
    if (!ctx || ctx->magic != HA_MAGIC) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(ctx->op, "zero-keep")) {
        ha_zeroed(pfc, ev);
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (!strcmp(ctx->op, "logwrite")) {
        if (NotificationType == SF_NOTIFY_LOG) {
            char text[] = "LOGWRITE\r\n";
            DWORD n = sizeof(text) - 1;
            BOOL ok;

            SetLastError(0);
            ok = pfc->WriteClient(pfc, text, &n, 0);
            filter_log("LOG logwrite %s %lu", ok ? "TRUE" : "FALSE",
                        (unsigned long)GetLastError());
        }
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (strcmp(ctx->op, "battery")) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    memset(&env, 0, sizeof(env));
    env.ev = ev;
    env.request = NotificationType != SF_NOTIFY_END_OF_NET_SESSION;
    env.late = NotificationType == SF_NOTIFY_END_OF_REQUEST
               || NotificationType == SF_NOTIFY_LOG
               || NotificationType == SF_NOTIFY_END_OF_NET_SESSION;
    if (NotificationType == SF_NOTIFY_SEND_RESPONSE) {
        HTTP_FILTER_SEND_RESPONSE *sr = pvNotification;
        env.get_header = sr->GetHeader;
        env.set_header = sr->SetHeader;
        env.add_header = sr->AddHeader;
        env.headers_valid = 1;
    }
    else {
        env.get_header = ctx->get_header;
        env.set_header = ctx->set_header;
        env.add_header = ctx->add_header;
    }
    ha_battery(pfc, &env);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
