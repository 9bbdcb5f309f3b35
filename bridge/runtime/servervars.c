/*
 * servervars.c: GetServerVariable's names, answered from Apache.
 *
 * A sorted table maps each IIS variable to a small function; HTTP_<NAME>
 * and HEADER_<Name> read request headers, UNICODE_<var> re-encodes any
 * other variable as UTF-16LE.  Connection variables work in every
 * notification; request variables need a request (FALSE with
 * ERROR_NO_DATA before one exists).  Names are matched in any case, as
 * IIS matches them ("url" is URL).  Unknown names give
 * ERROR_INVALID_INDEX, and a short buffer ERROR_INSUFFICIENT_BUFFER with
 * the size needed (isf_copy_out).
 *
 * Where IIS and CGI differ, IIS wins: PATH_INFO is the URL path, and
 * PATH_TRANSLATED its physical path.  Inside URL_MAP, PATH_TRANSLATED is
 * the path being mapped, read from the frame, so the recursion IIS warns
 * about cannot happen here.
 */
#include "runtime/runtime.h"

#include <stdlib.h>

#include "apr_cstr.h"
#include "apr_strings.h"
#include "apr_lib.h"
#include "http_core.h"
#include "http_protocol.h"
#include "http_ssl.h"

typedef struct {
    isf_conn_t *ic;
    isf_frame_t *fr;
    request_rec *r;     /* NULL outside a request */
    apr_pool_t *p;
} isf_var_ctx_t;

typedef const char *(*isf_var_fn)(isf_var_ctx_t *v);

static DWORD isf_instance_id(isf_var_ctx_t *v)
{
    server_rec *s = v->r ? v->r->server : v->ic->c->base_server;

    return isf_srv_conf_of(s)->instance_id;
}

static const char *isf_ssl(isf_var_ctx_t *v, const char *name)
{
    conn_rec *c = v->ic->c->master ? v->ic->c->master : v->ic->c;
    const char *val;

    if (!v->ic->secure) {
        return "";
    }
    val = ap_ssl_var_lookup(v->p, c->base_server, c, v->r, name);
    return val ? val : "";
}

#define REQ_ONLY(v) if (!(v)->r) return NULL

static const char *v_all_http(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return isf_format_all_http(v->p, v->r->headers_in);
}
static const char *v_all_raw(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return isf_format_all_raw(v->p, v->r->headers_in);
}
static const char *v_appl_md_path(isf_var_ctx_t *v)
{
    return apr_psprintf(v->p, "/LM/W3SVC/%lu/ROOT",
                        (unsigned long)isf_instance_id(v));
}
/* A physical path as the calling filter sees it: in Windows form for one
 * loaded with WindowsPaths (win32.c). */
static const char *isf_var_path(isf_var_ctx_t *v, const char *path)
{
    return isf_win32_path_for(isf_cur_slot ? isf_cur_slot->filter : NULL,
                              v->p, path);
}
static const char *v_appl_physical_path(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return isf_var_path(v, apr_pstrcat(v->p, ap_document_root(v->r), "/",
                                       NULL));
}
static const char *v_auth_password(isf_var_ctx_t *v)
{
    const char *user, *pass;
    const char *h;

    REQ_ONLY(v);
    if (v->fr->rq && v->fr->rq->password) {
        return v->fr->rq->password;
    }
    h = apr_table_get(v->r->headers_in, "Authorization");
    if (h && isf_basic_decode(v->p, h, &user, &pass) == APR_SUCCESS) {
        return pass;
    }
    return "";
}
static const char *v_auth_type(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->ap_auth_type ? v->r->ap_auth_type : "";
}
static const char *v_user(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->user ? v->r->user : "";
}
static const char *v_unmapped_user(isf_var_ctx_t *v)
{
    const char *user, *pass;
    const char *h;

    REQ_ONLY(v);
    h = apr_table_get(v->r->headers_in, "Authorization");
    if (h && isf_basic_decode(v->p, h, &user, &pass) == APR_SUCCESS) {
        return user;
    }
    return v_user(v);
}
static const char *v_cert_flags(isf_var_ctx_t *v)
{
    const char *verify = isf_ssl(v, "SSL_CLIENT_VERIFY");

    if (!*verify || !strcmp(verify, "NONE")) {
        return "0";
    }
    return strcmp(verify, "SUCCESS") ? "3" : "1";
}
static const char *v_content_length(isf_var_ctx_t *v)
{
    const char *cl;

    REQ_ONLY(v);
    cl = apr_table_get(v->r->headers_in, "Content-Length");
    return cl ? cl : "0";
}
static const char *v_content_type(isf_var_ctx_t *v)
{
    const char *ct;

    REQ_ONLY(v);
    ct = apr_table_get(v->r->headers_in, "Content-Type");
    return ct ? ct : "";
}
static const char *v_gateway_interface(isf_var_ctx_t *v)
{
    (void)v;
    return "CGI/1.1";
}
static const char *v_https(isf_var_ctx_t *v)
{
    return v->ic->secure ? "on" : "off";
}
static const char *v_http_method(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->method;
}
static const char *v_http_url(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->unparsed_uri ? v->r->unparsed_uri : "";
}
static const char *v_protocol(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->protocol ? v->r->protocol : "";
}
static const char *v_instance_id(isf_var_ctx_t *v)
{
    return apr_psprintf(v->p, "%lu", (unsigned long)isf_instance_id(v));
}
static const char *v_instance_meta_path(isf_var_ctx_t *v)
{
    return apr_psprintf(v->p, "/LM/W3SVC/%lu",
                        (unsigned long)isf_instance_id(v));
}
static const char *v_local_addr(isf_var_ctx_t *v)
{
    return v->ic->c->local_ip;
}
static const char *v_path_translated(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    if (v->fr->url_map_path) {
        /* Already in the caller's form inside its URL_MAP call. */
        return v->fr->url_map_path;
    }
    if (!v->r->filename) {
        return "";
    }
    return isf_var_path(v, apr_pstrcat(v->p, v->r->filename,
                                       v->r->path_info ? v->r->path_info
                                                       : "", NULL));
}
static const char *v_query_string(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->args ? v->r->args : "";
}
static const char *v_remote_addr(isf_var_ctx_t *v)
{
    return v->r && v->r->useragent_ip ? v->r->useragent_ip
                                      : v->ic->c->client_ip;
}
static const char *v_remote_host(isf_var_ctx_t *v)
{
    if (v->r) {
        return ap_get_useragent_host(v->r, REMOTE_NAME, NULL);
    }
    return v->ic->c->client_ip;
}
static const char *v_remote_port(isf_var_ctx_t *v)
{
    apr_sockaddr_t *sa = v->ic->c->client_addr;

    return sa ? apr_itoa(v->p, sa->port) : "";
}
static const char *v_script_name(isf_var_ctx_t *v)
{
    apr_size_t ul, pl;

    REQ_ONLY(v);
    if (!v->r->uri) {
        return "";
    }
    ul = strlen(v->r->uri);
    pl = v->r->path_info ? strlen(v->r->path_info) : 0;
    if (pl && pl < ul && !strcmp(v->r->uri + ul - pl, v->r->path_info)) {
        return apr_pstrndup(v->p, v->r->uri, ul - pl);
    }
    return v->r->uri;
}
static const char *v_script_translated(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->filename ? isf_var_path(v, v->r->filename) : "";
}
static const char *v_server_name(isf_var_ctx_t *v)
{
    if (v->r) {
        return ap_get_server_name(v->r);
    }
    return v->ic->c->base_server->server_hostname;
}
/* The TCP port the connection arrived on, as IIS reports it, whatever
 * the Host header or ServerName say (an HTTP/2 stream's is its
 * connection's). */
static const char *v_server_port(isf_var_ctx_t *v)
{
    conn_rec *c = v->ic->c->master ? v->ic->c->master : v->ic->c;

    return apr_itoa(v->p, c->local_addr->port);
}
static const char *v_server_port_secure(isf_var_ctx_t *v)
{
    return v->ic->secure ? "1" : "0";
}
static const char *v_server_software(isf_var_ctx_t *v)
{
    (void)v;
    return ap_get_server_banner();
}
static const char *v_ssi_exec_disabled(isf_var_ctx_t *v)
{
    (void)v;
    return "0";
}
static const char *v_empty(isf_var_ctx_t *v)
{
    (void)v;
    return "";
}
static const char *v_url(isf_var_ctx_t *v)
{
    REQ_ONLY(v);
    return v->r->uri ? v->r->uri : "";
}

/* Sorted by name for bsearch.  A variable is a function, or the mod_ssl
 * variable of the same meaning, looked up the same way for all of them. */
#define ISF_VAR(name, fn)       { name, fn, NULL }
#define ISF_SSL_VAR(name, ssl)  { name, NULL, ssl }
static const struct isf_var_t {
    const char *name;
    isf_var_fn fn;
    const char *ssl;    /* without fn: this mod_ssl variable */
} isf_vars[] = {
    ISF_VAR("ALL_HTTP",                  v_all_http),
    ISF_VAR("ALL_RAW",                   v_all_raw),
    ISF_VAR("APPL_MD_PATH",              v_appl_md_path),
    ISF_VAR("APPL_PHYSICAL_PATH",        v_appl_physical_path),
    ISF_VAR("APP_POOL_ID",               v_empty),
    ISF_VAR("AUTH_PASSWORD",             v_auth_password),
    ISF_VAR("AUTH_TYPE",                 v_auth_type),
    ISF_VAR("AUTH_USER",                 v_user),
    ISF_SSL_VAR("CERT_COOKIE",           "SSL_CLIENT_M_SERIAL"),
    ISF_VAR("CERT_FLAGS",                v_cert_flags),
    ISF_SSL_VAR("CERT_ISSUER",           "SSL_CLIENT_I_DN"),
    ISF_SSL_VAR("CERT_KEYSIZE",          "SSL_CIPHER_USEKEYSIZE"),
    ISF_SSL_VAR("CERT_SECRETKEYSIZE",    "SSL_CIPHER_ALGKEYSIZE"),
    ISF_SSL_VAR("CERT_SERIALNUMBER",     "SSL_CLIENT_M_SERIAL"),
    ISF_SSL_VAR("CERT_SERVER_ISSUER",    "SSL_SERVER_I_DN"),
    ISF_SSL_VAR("CERT_SERVER_SUBJECT",   "SSL_SERVER_S_DN"),
    ISF_SSL_VAR("CERT_SUBJECT",          "SSL_CLIENT_S_DN"),
    ISF_VAR("CONTENT_LENGTH",            v_content_length),
    ISF_VAR("CONTENT_TYPE",              v_content_type),
    ISF_VAR("GATEWAY_INTERFACE",         v_gateway_interface),
    ISF_VAR("HTTPS",                     v_https),
    ISF_SSL_VAR("HTTPS_KEYSIZE",         "SSL_CIPHER_USEKEYSIZE"),
    ISF_SSL_VAR("HTTPS_SECRETKEYSIZE",   "SSL_CIPHER_ALGKEYSIZE"),
    ISF_SSL_VAR("HTTPS_SERVER_ISSUER",   "SSL_SERVER_I_DN"),
    ISF_SSL_VAR("HTTPS_SERVER_SUBJECT",  "SSL_SERVER_S_DN"),
    ISF_VAR("HTTP_METHOD",               v_http_method),
    ISF_VAR("HTTP_URL",                  v_http_url),
    ISF_VAR("HTTP_VERSION",              v_protocol),
    ISF_VAR("INSTANCE_ID",               v_instance_id),
    ISF_VAR("INSTANCE_META_PATH",        v_instance_meta_path),
    ISF_VAR("LOCAL_ADDR",                v_local_addr),
    ISF_VAR("LOGON_USER",                v_user),
    ISF_VAR("PATH_INFO",                 v_url),
    ISF_VAR("PATH_TRANSLATED",           v_path_translated),
    ISF_VAR("QUERY_STRING",              v_query_string),
    ISF_VAR("REMOTE_ADDR",               v_remote_addr),
    ISF_VAR("REMOTE_HOST",               v_remote_host),
    ISF_VAR("REMOTE_PORT",               v_remote_port),
    ISF_VAR("REMOTE_USER",               v_user),
    ISF_VAR("REQUEST_METHOD",            v_http_method),
    ISF_VAR("SCRIPT_NAME",               v_script_name),
    ISF_VAR("SCRIPT_TRANSLATED",         v_script_translated),
    ISF_VAR("SERVER_NAME",               v_server_name),
    ISF_VAR("SERVER_PORT",               v_server_port),
    ISF_VAR("SERVER_PORT_SECURE",        v_server_port_secure),
    ISF_VAR("SERVER_PROTOCOL",           v_protocol),
    ISF_VAR("SERVER_SOFTWARE",           v_server_software),
    ISF_VAR("SSI_EXEC_DISABLED",         v_ssi_exec_disabled),
    ISF_VAR("UNENCODED_URL",             v_http_url),
    ISF_VAR("UNMAPPED_REMOTE_USER",      v_unmapped_user),
    ISF_VAR("URL",                   v_url)
};

/* ASCII upper case: variable names are ASCII, whatever the locale. */
#define ISF_UPPER(c) ((c) >= 'a' && (c) <= 'z' ? (c) - ('a' - 'A') : (c))

/* The table's names are upper case; a filter's may be in any case, as IIS
 * takes them ("url", "Server_Name", "http_user_agent"). */
static int isf_var_cmp(const void *key, const void *elt)
{
    const unsigned char *k = key;
    const unsigned char *n =
        (const unsigned char *)((const struct isf_var_t *)elt)->name;

    while (*n && ISF_UPPER(*k) == *n) {
        k++;
        n++;
    }
    return (int)ISF_UPPER(*k) - (int)*n;
}

/* Does name start with prefix (upper case), in any case? */
static int isf_var_prefix(const char *name, const char *prefix)
{
    return !apr_cstr_casecmpn(name, prefix, strlen(prefix));
}

/* UTF-8 to UTF-16LE with a two-byte NUL; bad bytes become U+FFFD. */
static const char *isf_utf16(apr_pool_t *p, const char *s, apr_size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t n = strlen(s), i = 0, o = 0;
    unsigned char *out = apr_palloc(p, n * 4 + 2);

    while (i < n) {
        apr_uint32_t cp = u[i];
        int more = cp < 0x80 ? 0 : (cp >> 5) == 6 ? 1 : (cp >> 4) == 14 ? 2
                 : (cp >> 3) == 30 ? 3 : -1;
        int k;
        if (more < 0 || i + more >= n + (more ? 0 : 1)) {
            cp = 0xFFFD;
            more = 0;
        }
        else if (more) {
            cp &= 0x3F >> more;
            for (k = 1; k <= more; k++) {
                if ((u[i + k] & 0xC0) != 0x80) {
                    break;
                }
                cp = (cp << 6) | (u[i + k] & 0x3F);
            }
            if (k <= more) {
                cp = 0xFFFD;
                more = k - 1;
            }
        }
        i += more + 1;
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            cp -= 0x10000;
            out[o++] = (0xD800 | (cp >> 10)) & 0xFF;
            out[o++] = (0xD800 | (cp >> 10)) >> 8;
            cp = 0xDC00 | (cp & 0x3FF);
        }
        else if (cp > 0x10FFFF) {
            cp = 0xFFFD;
        }
        out[o++] = cp & 0xFF;
        out[o++] = (cp >> 8) & 0xFF;
    }
    *len = o;
    return (const char *)out;
}

/* Like isf_copy_out, for a value holding NULs (UTF-16) of len bytes. */
static BOOL isf_copy_bytes(const char *val, apr_size_t len, void *buf,
                           DWORD *size)
{
    apr_size_t need = len + 2;

    if (need > *size) {
        *size = (DWORD)need;
        return isf_fail(ERROR_INSUFFICIENT_BUFFER);
    }
    if (!buf) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    memcpy(buf, val, len);
    ((char *)buf)[len] = ((char *)buf)[len + 1] = '\0';
    *size = (DWORD)need;
    return TRUE;
}

static const char *isf_var_lookup(isf_var_ctx_t *v, const char *name,
                                  DWORD *err)
{
    const struct isf_var_t *e;
    const char *key;

    if (isf_var_prefix(name, "HTTP_") || isf_var_prefix(name, "HEADER_")) {
        int http = name[4] == '_';
        e = bsearch(name, isf_vars, sizeof(isf_vars) / sizeof(isf_vars[0]),
                    sizeof(isf_vars[0]), isf_var_cmp);
        if (!e) {
            const char *val;
            if (!v->r) {
                *err = ERROR_NO_DATA;
                return NULL;
            }
            key = http ? isf_http_var_to_header(v->p, name + 5) : name + 7;
            val = key && *key ? apr_table_get(v->r->headers_in, key) : NULL;
            if (!val) {
                *err = ERROR_INVALID_INDEX;
            }
            return val;
        }
    }
    else {
        e = bsearch(name, isf_vars, sizeof(isf_vars) / sizeof(isf_vars[0]),
                    sizeof(isf_vars[0]), isf_var_cmp);
    }
    if (!e) {
        *err = ERROR_INVALID_INDEX;
        return NULL;
    }
    key = e->fn ? e->fn(v) : isf_ssl(v, e->ssl);
    if (!key) {
        *err = ERROR_NO_DATA;
    }
    return key;
}

BOOL isf_servervar_get(isf_conn_t *ic, const char *name, void *buf,
                       DWORD *size)
{
    isf_var_ctx_t v;
    isf_frame_t none;
    const char *val;
    DWORD err = 0;
    BOOL ok;
    int unicode = isf_var_prefix(name, "UNICODE_");

    if (unicode) {
        /* Not valid with HTTP_ and HEADER_ names (IIS 6). */
        name += 8;
        if (isf_var_prefix(name, "HTTP_") || isf_var_prefix(name, "HEADER_")) {
            return isf_fail(ERROR_INVALID_INDEX);
        }
    }
    memset(&none, 0, sizeof(none));
    v.ic = ic;
    v.fr = ic->frame ? ic->frame : &none;
    v.r = v.fr->r;
    /* What a lookup builds is copied out before this returns: the
     * thread's scratch pool, cleared below, so that a filter asking in
     * every raw window grows neither the request nor the connection. */
    if (!(v.p = isf_thread_scratch())) {
        return isf_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    val = isf_var_lookup(&v, name, &err);
    if (!val) {
        ok = isf_fail(err);
    }
    else if (unicode) {
        apr_size_t len;
        const char *w = isf_utf16(v.p, val, &len);
        ok = isf_copy_bytes(w, len, buf, size);
    }
    else {
        ok = isf_copy_out(val, strlen(val), buf, size);
    }
    apr_pool_clear(v.p);
    return ok;
}
