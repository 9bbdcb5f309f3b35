/*
 * headers.c: GetHeader, SetHeader and AddHeader.
 *
 * The same three functions serve PREPROC_HEADERS and AUTH_COMPLETE (the
 * request: r->headers_in plus the pseudo-headers method, url and version),
 * SEND_RESPONSE (the response: headers_out and err_headers_out together,
 * r->content_type for Content-Type, and the pseudo-header status) and the
 * SEND_RESPONSE raised for a head a filter sends itself (that head's
 * table).  Which one is decided by the innermost frame on the connection;
 * from any other notification they fail with ERROR_INVALID_PARAMETER.
 *
 * Names are validated (a token followed by one colon, or a pseudo-name)
 * and so are values (no CR, LF or NUL): a filter cannot split a response.
 * SetHeader with NULL or "" deletes.  A url change in PREPROC_HEADERS
 * re-parses the request target, exactly as if the client had sent it;
 * in AUTH_COMPLETE it becomes an internal redirect (hooks/request_events.c).
 */
#include "runtime/runtime.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "http_core.h"
#include "http_protocol.h"

typedef struct {
    isf_frame_t *fr;
    request_rec *r;
    isf_name_kind_e kind;
    const char *name;       /* the filter's name, colon and all */
    apr_size_t len;         /* its length without the colon */
} isf_hdr_call_t;

/* Names shorter than this are looked up from a copy on the stack. */
#define ISF_KEY_STACK 128

/* Validate pfc and name; find the frame the call acts on. */
static APR_INLINE BOOL isf_hdr_begin(HTTP_FILTER_CONTEXT *pfc,
                                     const char *name, isf_hdr_call_t *hc)
{
    isf_slot_t *slot = isf_slot_from_pfc(pfc);
    isf_frame_t *fr;

    if (!slot || !name || !(fr = slot->conn->frame)
        || fr->hdrs == ISF_HDRS_NONE || !fr->r) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    hc->fr = fr;
    hc->r = fr->r;
    hc->name = name;
    hc->kind = isf_hdr_classify(name, &hc->len);
    if (hc->kind == ISF_NAME_BAD) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    /* Pseudo-headers exist only where IIS defines them. */
    if ((hc->kind == ISF_NAME_STATUS && fr->hdrs == ISF_HDRS_REQUEST)
        || ((hc->kind == ISF_NAME_METHOD || hc->kind == ISF_NAME_URL
             || hc->kind == ISF_NAME_VERSION)
            && fr->hdrs != ISF_HDRS_REQUEST)) {
        return isf_fail(ERROR_INVALID_INDEX);
    }
    return TRUE;
}

/* The header name without its colon, as a C string: in buf (of
 * ISF_KEY_STACK bytes) when it fits, for lookups that keep nothing. */
static const char *isf_hdr_key(const isf_hdr_call_t *hc, char *buf)
{
    if (hc->len < ISF_KEY_STACK) {
        memcpy(buf, hc->name, hc->len);
        buf[hc->len] = '\0';
        return buf;
    }
    return apr_pstrmemdup(hc->r->pool, hc->name, hc->len);
}

static int isf_hdr_is_ctype(const isf_hdr_call_t *hc)
{
    return hc->len == 12 && !ap_cstr_casecmpn(hc->name, "Content-Type", 12);
}

static int isf_hdr_is_te(const isf_hdr_call_t *hc)
{
    return hc->len == 17
           && !ap_cstr_casecmpn(hc->name, "Transfer-Encoding", 17);
}

static int isf_hdr_is_clen(const isf_hdr_call_t *hc)
{
    return hc->len == 14
           && !ap_cstr_casecmpn(hc->name, "Content-Length", 14);
}

/* Every value of a header, joined with ", " as httpd merges a repeated
 * header (apr_table_merge); apr_table_getm would join with "," alone. */
typedef struct {
    apr_pool_t *p;
    const char *joined;
} isf_join_t;

static int isf_join_cb(void *data, const char *key, const char *val)
{
    isf_join_t *j = data;

    (void)key;
    j->joined = j->joined ? apr_pstrcat(j->p, j->joined, ", ", val, NULL)
                          : val;
    return 1;
}

/* Is key the name name[0..len) (a token), ASCII case-insensitively?  Bytes
 * that differ must be one letter in its two cases.  A client usually
 * spells a name as the filter does: libc's strncmp (which never reads past
 * key's end) settles that case first. */
static APR_INLINE int isf_key_is(const char *key, const char *name,
                                 apr_size_t len)
{
    apr_size_t i;

    if (!strncmp(key, name, len)) {
        return !key[len];
    }
    for (i = 0; i < len; i++) {
        unsigned char a = (unsigned char)key[i], b = (unsigned char)name[i];
        if (a != b && ((a ^ b) != 0x20
                       || (unsigned char)((b | 0x20) - 'a') > 'z' - 'a')) {
            return 0;
        }
    }
    return !key[len];
}

/*
 * apr_table_get for the filter's name as it is, colon and all (no copy):
 * the first entry whose key is name[0..len), case-insensitively.  A scan
 * with a one-byte test per entry costs less than the copy and
 * apr_table_get's key checksum on a request's few headers.
 */
static const char *isf_table_getn(const apr_table_t *t, const char *name,
                                  apr_size_t len)
{
    const apr_array_header_t *a = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)a->elts;
    const apr_table_entry_t *end = e + a->nelts;
    /* ASCII case folding; a non-letter may pass this test by mistake,
     * never fail it, and the full comparison decides. */
    const unsigned char c0 = (unsigned char)name[0] | 0x20;

    for (; e < end; e++) {
        const char *k = e->key;
        if (((unsigned char)k[0] | 0x20) == c0 && isf_key_is(k, name, len)) {
            return e->val;
        }
    }
    return NULL;
}

/* GetHeader from a response (Apache's, or the head a filter builds): every
 * value of the name, joined.  Out of line: its key buffer is not on the
 * stack of the request's lookups. */
static const char * __attribute__((noinline))
isf_hdr_get_response(isf_hdr_call_t *hc)
{
    request_rec *r = hc->r;
    isf_join_t j = { r->pool, NULL };
    char kbuf[ISF_KEY_STACK];
    const char *key;

    if (hc->fr->hdrs == ISF_HDRS_HEAD) {
        apr_table_do(isf_join_cb, &j, hc->fr->head, isf_hdr_key(hc, kbuf),
                     NULL);
        return j.joined;
    }
    if (isf_hdr_is_ctype(hc)) {
        return r->content_type;
    }
    if (isf_hdr_is_te(hc)) {
        /* Shows chunked when HTTP_HEADER will chunk. */
        isf_frame_reveal(hc->fr);
    }
    key = isf_hdr_key(hc, kbuf);
    apr_table_do(isf_join_cb, &j, r->headers_out, key, NULL);
    apr_table_do(isf_join_cb, &j, r->err_headers_out, key, NULL);
    return j.joined;
}

static const char *isf_status_text(int status, const char *line)
{
    if (line && apr_isdigit(line[0])) {
        return line;
    }
    return ap_get_status_line(status);
}

static BOOL WINAPI isf_cb_GetHeader(HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName,
                                    LPVOID lpvBuffer, LPDWORD lpdwSize)
{
    isf_hdr_call_t hc;
    request_rec *r;
    const char *v = NULL;

    if (!isf_hdr_begin(pfc, lpszName, &hc)) {
        return FALSE;
    }
    if (!lpdwSize) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    r = hc.r;
    switch (hc.kind) {
    case ISF_NAME_METHOD:
        v = r->method;
        break;
    case ISF_NAME_URL:
        v = hc.fr->rq->redirect_to ? hc.fr->rq->redirect_to
                                   : r->unparsed_uri;
        break;
    case ISF_NAME_VERSION:
        v = r->protocol;
        break;
    case ISF_NAME_STATUS:
        if (hc.fr->hdrs == ISF_HDRS_HEAD) {
            v = apr_psprintf(r->pool, "%d %s", *hc.fr->head_status,
                             *hc.fr->head_reason);
        }
        else {
            v = isf_status_text(r->status, r->status_line);
        }
        break;
    default:
        v = hc.fr->hdrs == ISF_HDRS_REQUEST
            ? isf_table_getn(r->headers_in, hc.name, hc.len)
            : isf_hdr_get_response(&hc);
        break;
    }
    if (!v) {
        return isf_fail(ERROR_INVALID_INDEX);
    }
    return isf_copy_out(v, strlen(v), lpvBuffer, lpdwSize);
}

static BOOL isf_set_url(isf_hdr_call_t *hc, const char *v)
{
    request_rec *r = hc->r;
    const char *p;

    if (!*v) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    for (p = v; *p; p++) {
        if (apr_iscntrl(*p) || *p == ' ') {
            return isf_fail(ERROR_INVALID_PARAMETER);
        }
    }
    if (hc->fr->event == SF_NOTIFY_AUTH_COMPLETE) {
        if (*v != '/') {
            return isf_fail(ERROR_INVALID_PARAMETER);
        }
        hc->fr->rq->redirect_to = apr_pstrdup(r->pool, v);
        return TRUE;
    }
    /* PREPROC_HEADERS: as if the client had asked for it.  ap_parse_uri
     * changes the request even when it fails (a 400 status, no args), so
     * what it touches is put back then: a refused change changes nothing. */
    {
        request_rec was = *r;

        ap_parse_uri(r, apr_pstrdup(r->pool, v));
        if (r->status != was.status || !r->uri || !r->parsed_uri.path) {
            r->unparsed_uri = was.unparsed_uri;
            r->parsed_uri = was.parsed_uri;
            r->uri = was.uri;
            r->args = was.args;
            r->hostname = was.hostname;
            r->status = was.status;
            return isf_fail(ERROR_INVALID_PARAMETER);
        }
    }
    hc->fr->changed_url = 1;
    return TRUE;
}

static BOOL isf_set_method(request_rec *r, const char *v)
{
    if (!isf_hdr_valid_name(v, strlen(v))) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    r->method = apr_pstrdup(r->pool, v);
    r->method_number = ap_method_number_of(r->method);
    r->header_only = !strcmp(v, "HEAD");
    return TRUE;
}

static BOOL isf_set_version(request_rec *r, const char *v)
{
    if (strlen(v) != 8 || strncmp(v, "HTTP/", 5) || !apr_isdigit(v[5])
        || v[6] != '.' || !apr_isdigit(v[7])) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    r->protocol = apr_pstrdup(r->pool, v);
    r->proto_num = HTTP_VERSION(v[5] - '0', v[7] - '0');
    return TRUE;
}

static BOOL isf_set_status(isf_hdr_call_t *hc, const char *v)
{
    const char *reason;
    int code = isf_status_parse(v, &reason);

    /* A 1xx is interim, never a response's status. */
    if (code < 200 || code > 599) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (hc->fr->hdrs == ISF_HDRS_HEAD) {
        *hc->fr->head_status = code;
        *hc->fr->head_reason = *reason ? apr_pstrdup(hc->r->pool, reason)
                                       : ap_get_status_line(code) + 4;
        return TRUE;
    }
    hc->r->status = code;
    hc->r->status_line = *reason ? apr_psprintf(hc->r->pool, "%d %s", code,
                                                reason)
                                 : NULL;
    return TRUE;
}

/* SetHeader's delete, from t (and err_headers_out for a response).  Out
 * of line: its key buffer is not on the stack of every SetHeader. */
static BOOL __attribute__((noinline)) isf_hdr_del(const isf_hdr_call_t *hc,
                                                 apr_table_t *t)
{
    char kbuf[ISF_KEY_STACK];
    const char *key = isf_hdr_key(hc, kbuf);

    if (hc->fr->hdrs == ISF_HDRS_RESPONSE) {
        apr_table_unset(hc->r->err_headers_out, key);
    }
    apr_table_unset(t, key);
    return TRUE;
}

/* SetHeader (add == 0) and AddHeader (add == 1). */
static BOOL isf_hdr_put(HTTP_FILTER_CONTEXT *pfc, const char *name,
                        const char *value, int add)
{
    isf_hdr_call_t hc;
    request_rec *r;
    apr_table_t *t;
    apr_ssize_t vlen = 0;
    int del = !value || !*value;
    char *key, *val;

    if (!isf_hdr_begin(pfc, name, &hc)) {
        return FALSE;
    }
    if (value && (vlen = isf_hdr_value_len(value)) < 0) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    r = hc.r;
    if (isf_hdr_is_clen(&hc) || isf_hdr_is_te(&hc)) {
        /* Counted before the checks below: what it tells (the framing
         * may have changed, hooks/framing.c) only has to err on the side
         * of yes.  The framing as it was is taken first. */
        isf_frame_reveal(hc.fr);
        hc.fr->framing_writes++;
    }
    switch (hc.kind) {
    case ISF_NAME_URL:
        return del ? isf_fail(ERROR_INVALID_PARAMETER)
                   : isf_set_url(&hc, value);
    case ISF_NAME_METHOD:
        return del ? isf_fail(ERROR_INVALID_PARAMETER)
                   : isf_set_method(r, value);
    case ISF_NAME_VERSION:
        return del ? isf_fail(ERROR_INVALID_PARAMETER)
                   : isf_set_version(r, value);
    case ISF_NAME_STATUS:
        /* Whether there is a body at all depends on it. */
        isf_frame_reveal(hc.fr);
        return del ? isf_fail(ERROR_INVALID_PARAMETER)
                   : isf_set_status(&hc, value);
    default:
        break;
    }
    if (add && del) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    t = hc.fr->hdrs == ISF_HDRS_REQUEST ? r->headers_in
      : hc.fr->hdrs == ISF_HDRS_HEAD ? hc.fr->head
      : r->headers_out;
    if (!del && isf_hdr_is_clen(&hc)
        && (!isf_hdr_clen_ok(value)
            || (add && (apr_table_get(t, "Content-Length")
                        || (hc.fr->hdrs == ISF_HDRS_RESPONSE
                            && apr_table_get(r->err_headers_out,
                                             "Content-Length")))))) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (hc.fr->hdrs == ISF_HDRS_RESPONSE && isf_hdr_is_ctype(&hc)) {
        if (del) {
            r->content_type = NULL;
            apr_table_unset(r->headers_out, "Content-Type");
        }
        else {
            ap_set_content_type(r, apr_pstrmemdup(r->pool, value,
                                                  (apr_size_t)vlen));
        }
        return TRUE;
    }
    if (del) {
        return isf_hdr_del(&hc, t);
    }
    /* The filter's strings may not outlive the call: one block holds
     * the name and the value the table keeps. */
    key = apr_palloc(r->pool, hc.len + 1 + (apr_size_t)vlen + 1);
    memcpy(key, hc.name, hc.len);
    key[hc.len] = '\0';
    val = key + hc.len + 1;
    memcpy(val, value, (apr_size_t)vlen + 1);
    if (add) {
        apr_table_addn(t, key, val);
    }
    else {
        if (hc.fr->hdrs == ISF_HDRS_RESPONSE) {
            /* One value, wherever Apache kept the old one. */
            apr_table_unset(r->err_headers_out, key);
        }
        apr_table_setn(t, key, val);
    }
    return TRUE;
}

static BOOL WINAPI isf_cb_SetHeader(HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName,
                                    LPSTR lpszValue)
{
    return isf_hdr_put(pfc, lpszName, lpszValue, 0);
}

static BOOL WINAPI isf_cb_AddHeader(HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName,
                                    LPSTR lpszValue)
{
    return isf_hdr_put(pfc, lpszName, lpszValue, 1);
}

static BOOL WINAPI isf_cb_GetUserToken(HTTP_FILTER_CONTEXT *pfc,
                                       HANDLE *phToken)
{
    (void)pfc;
    /* Windows impersonation tokens have no Apache counterpart. */
    if (phToken) {
        *phToken = NULL;
    }
    return isf_fail(ERROR_NOT_SUPPORTED);
}

/* What PREPROC_HEADERS and SEND_RESPONSE hand a filter, before the
 * status: copied whole, one store per field. */
const HTTP_FILTER_PREPROC_HEADERS isf_hdr_template = {
    isf_cb_GetHeader, isf_cb_SetHeader, isf_cb_AddHeader, 0, 0
};

/* AUTH_COMPLETE's, the same way (HttpStatus set by the caller). */
const HTTP_FILTER_AUTH_COMPLETE_INFO isf_auth_template = {
    .GetHeader = isf_cb_GetHeader,
    .SetHeader = isf_cb_SetHeader,
    .AddHeader = isf_cb_AddHeader,
    .GetUserToken = isf_cb_GetUserToken
};
