/**
 * @file core/core.h
 * @brief The core: the bridge's code that needs no running httpd.
 *
 * The bottom layer of bridge/ (README, "Design"): what filters hand the
 * bridge is checked here (header syntax, status lines, Basic credentials,
 * URLs, URL_MAP's path), what the bridge hands filters is formatted here
 * (server variables, the buffer protocol), and the raw-data windows and
 * the file-mapping policy are kept here.  Everything depends on APR and
 * httpfilt.h only, so t/unit tests it and fuzz/ fuzzes it without a
 * server, compiling bridge/core/ *.c as they are.  Never include an httpd
 * header from here or from a file of this folder.
 */
#ifndef ISF_CORE_H
#define ISF_CORE_H

#include <string.h>

#include "apr_pools.h"
#include "apr_tables.h"
#include "httpfilt.h"

/* Everything the module declares is its own: declared hidden, so that
 * code reaches it directly, not through the GOT (-fvisibility=hidden
 * covers only definitions). */
#pragma GCC visibility push(hidden)

/** The thread's GetLastError value (lasterror.c), set without a call. */
extern __thread DWORD isf_last_error
    __attribute__((tls_model("initial-exec")));

/**
 * The one way the bridge fails a call with a Windows error: set the
 * thread's GetLastError value and answer FALSE
 * (`return isf_fail(ERROR_INVALID_PARAMETER);`).  A callback returning a
 * pointer sets it the same way and returns NULL.
 */
static APR_INLINE BOOL isf_fail(DWORD err)
{
    isf_last_error = err;
    return FALSE;
}

/*
 * The <ctype.h> calls behind apr_isalnum and friends follow the locale, so
 * a byte above 0x7F could pass as a letter.  HTTP syntax is ASCII: test
 * the range first.
 */
#define ISF_ASCII(c)    ((unsigned char)(c) < 0x80)

/* ---- event.c: the SF_NOTIFY_* events ---- */

/* Event bits a filter may register. */
#define ISF_EVENT_MASK (SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS  \
                        | SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_URL_MAP      \
                        | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_SEND_RESPONSE \
                        | SF_NOTIFY_SEND_RAW_DATA | SF_NOTIFY_LOG           \
                        | SF_NOTIFY_END_OF_REQUEST                          \
                        | SF_NOTIFY_END_OF_NET_SESSION                      \
                        | SF_NOTIFY_AUTH_COMPLETE)
#define ISF_PORT_MASK (SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT)

/** Dense index of each event bit, for the per-event filter lists. */
typedef enum {
    ISF_EV_READ_RAW_DATA, ISF_EV_PREPROC_HEADERS, ISF_EV_AUTHENTICATION,
    ISF_EV_URL_MAP, ISF_EV_ACCESS_DENIED, ISF_EV_SEND_RESPONSE,
    ISF_EV_SEND_RAW_DATA, ISF_EV_END_OF_REQUEST, ISF_EV_LOG,
    ISF_EV_END_OF_NET_SESSION, ISF_EV_AUTH_COMPLETE,
    ISF_EV_COUNT
} isf_event_e;

/** Event bit position -> ISF_EV_* + 1 (0: not an event). */
extern const signed char isf_ev_slot[32];

/** ISF_EV_* of one event bit, or -1. */
static APR_INLINE int isf_event_index(DWORD bit)
{
    if (!bit || (bit & (bit - 1))) {
        return -1;
    }
    return isf_ev_slot[__builtin_ctz(bit)] - 1;
}

/** The SF_NOTIFY_* bit of an ISF_EV_* index. */
DWORD isf_event_bit(int index);

/** "SEND_RAW_DATA" for SF_NOTIFY_SEND_RAW_DATA; "UNKNOWN" for others. */
const char *isf_event_name(DWORD bit);

/* ---- hdr_syntax.c: header text filters hand us ---- */

/** Non-zero if name[0..len) is a non-empty RFC 9110 token (header name). */
int isf_hdr_valid_name(const char *name, apr_size_t len);

/** Non-zero if value[0..len) holds no CR, LF or NUL (no response
 * splitting). */
int isf_hdr_valid_value(const char *value, apr_size_t len);

/** Non-zero if v is a Content-Length a body can be framed with: one
 * decimal number, nothing else (a list, a sign or a second value would
 * let the bytes that follow be read as another message). */
int isf_hdr_clen_ok(const char *v);

/** How a name given to GetHeader/SetHeader/AddHeader reads. */
typedef enum {
    ISF_NAME_BAD = 0,   /* no colon and not a pseudo-header, or bad chars */
    ISF_NAME_HEADER,    /* "Name:" -> token_len = strlen("Name") */
    ISF_NAME_METHOD,    /* pseudo-headers, matched case-insensitively */
    ISF_NAME_URL,
    ISF_NAME_VERSION,
    ISF_NAME_STATUS
} isf_name_kind_e;

/** 1 for the bytes an RFC 9110 token (a header name) may hold, else 0. */
extern const unsigned char isf_tchar_map[256];

/** isf_hdr_classify for anything but "Token:": stop is where the token
 * ended (the first byte that is not a tchar). */
isf_name_kind_e isf_hdr_classify_other(const char *name,
                                       const unsigned char *stop,
                                       apr_size_t *token_len);

/**
 * Classify an SDK header name.  Real headers must end with one colon
 * (IIS 6 rule); *token_len (when given) is then the name's length without
 * it, else 0.  Nothing is allocated: the callers copy what they keep.
 * Inline: every GetHeader, SetHeader and AddHeader starts here.
 */
static APR_INLINE isf_name_kind_e isf_hdr_classify(const char *name,
                                                   apr_size_t *token_len)
{
    const unsigned char *p = (const unsigned char *)name;

    /* One pass: the token, then what stops it.  "Host :", "Host::" or
     * "Host: x" cannot pass; NUL and ':' are not tchars. */
    if (name) {
        while (isf_tchar_map[*p]) {
            p++;
        }
        if (*p == ':' && p != (const unsigned char *)name && !p[1]) {
            if (token_len) {
                *token_len = (apr_size_t)(p - (const unsigned char *)name);
            }
            return ISF_NAME_HEADER;
        }
    }
    return isf_hdr_classify_other(name, p, token_len);
}

/**
 * Length of a NUL-terminated header value, or -1 when it holds CR or LF
 * (the same verdict as isf_hdr_valid_value on strlen(value) bytes, in
 * one pass).  value must not be NULL.
 */
static APR_INLINE apr_ssize_t isf_hdr_value_len(const char *value)
{
    const unsigned char *p = (const unsigned char *)value;

    /* NUL, LF and CR are all at or below '\r': most bytes cost one
     * comparison.  (libc's strcspn costs more on values this short.) */
    for (;; p++) {
        if (*p <= '\r') {
            if (*p == '\0') {
                return (apr_ssize_t)(p - (const unsigned char *)value);
            }
            if (*p == '\r' || *p == '\n') {
                return -1;
            }
        }
    }
}

/**
 * Parse a block of "Name: value" lines (AddResponseHeaders,
 * SF_REQ_SEND_RESPONSE_HEADER, SF_REQ_ADD_HEADERS_ON_DENIAL) into tbl with
 * apr_table_add.  Lines end with CRLF or LF; the block may end with an
 * empty line, and the last line may lack its line end.  A bare CR, a NUL
 * inside len, a line without a colon, an invalid name or a value with a
 * control character other than HTAB is refused: returns APR_EINVAL, sets
 * *err to a short reason, and adds nothing to tbl.
 */
apr_status_t isf_hdr_parse_block(apr_pool_t *p, const char *block,
                                 apr_size_t len, apr_table_t *tbl,
                                 const char **err);

/**
 * Parse a status given as "404", "404 Not Found" (SetHeader "status:",
 * SF_REQ_SEND_RESPONSE_HEADER's pData).  Returns the code (100..599) or 0
 * when invalid; *reason points into s after the code and spaces.
 */
int isf_status_parse(const char *s, const char **reason);

/* ---- url_map_path.c: the path URL_MAP leaves ---- */

/**
 * URL_MAP: where the path a filter left is.  buf is the bridge's buffer
 * of cap bytes (cap > 0), now what the filter left in pszPhysicalPath.  In
 * buf, or anywhere inside it, a NUL is forced at buf[cap - 1] first and
 * the string read there; elsewhere (the filter's own buffer, an AllocMem
 * block) it is read as a C string of fewer than cap bytes.  Returns its
 * length with *path set, or -1 (keep the old path) for NULL or a string
 * as long as cap.  Nothing is written through now; nothing is read past
 * buf's end.
 */
apr_ssize_t isf_path_outcome(char *buf, apr_size_t cap, const char *now,
                             const char **path);

/* ---- basic_auth.c: Basic credentials ---- */

/**
 * Decode an Authorization header value.  Returns APR_SUCCESS for
 * "Basic <base64 of user:pass>" (user and pass allocated from p),
 * APR_ENOENT when the scheme is not Basic, APR_EINVAL when the base64 or
 * the user:pass form is malformed.
 */
apr_status_t isf_basic_decode(apr_pool_t *p, const char *value,
                              const char **user, const char **pass);

/** "Basic " + base64(user ":" pass), allocated from p. */
char *isf_basic_encode(apr_pool_t *p, const char *user, const char *pass);

/* ---- url_normalize.c: SF_REQ_NORMALIZE_URL ---- */

/**
 * SF_REQ_NORMALIZE_URL: in place, decode %xx escapes and '\\' to '/',
 * then remove "." and ".." segments of the path (the query string after
 * '?' is left alone).  The result is never longer than the input.
 * Returns 1, or 0 (url untouched) for a bad escape, an encoded NUL, a
 * path not starting with '/', or ".." above the root.
 */
int isf_normalize_url(char *url);

/* ---- var_format.c: what we hand to filters ---- */

/**
 * The buffer/size protocol of GetServerVariable and GetHeader: copy
 * value[0..len) plus a NUL into buf when *size allows, set *size to the
 * bytes written (or needed) including the NUL.  Returns TRUE, or FALSE
 * with SetLastError(ERROR_INSUFFICIENT_BUFFER), or FALSE with
 * ERROR_INVALID_PARAMETER for a NULL size (or NULL buf with *size > 0).
 */
static APR_INLINE BOOL isf_copy_out(const char *value, apr_size_t len,
                                    void *buf, DWORD *size)
{
    /* The size travels in a DWORD: a value it cannot describe is refused
     * rather than reported as a size a filter would fail to allocate. */
    if (size == NULL || (buf == NULL && *size > 0)
        || (value == NULL && len > 0) || len >= (apr_size_t)0xFFFFFFFFu) {
        return isf_fail(ERROR_INVALID_PARAMETER);
    }
    if (*size < len + 1) {
        /* IIS reports the size needed, NUL included, and writes nothing. */
        *size = (DWORD)(len + 1);
        return isf_fail(ERROR_INSUFFICIENT_BUFFER);
    }
    if (len > 0) {
        memcpy(buf, value, len);
    }
    ((char *)buf)[len] = '\0';
    *size = (DWORD)(len + 1);
    return TRUE;
}

/** ALL_HTTP: "HTTP_NAME:value\n" per header, names upper-cased, '-' -> '_'. */
char *isf_format_all_http(apr_pool_t *p, const apr_table_t *headers);

/** ALL_RAW: "Name: value\r\n" per header, as received. */
char *isf_format_all_raw(apr_pool_t *p, const apr_table_t *headers);

/**
 * HTTP_<NAME> lookup key: "ACCEPT_LANGUAGE" -> "ACCEPT-LANGUAGE" (the
 * table lookup is case-insensitive).  Returns NULL for an empty suffix.
 */
char *isf_http_var_to_header(apr_pool_t *p, const char *suffix);

/* ---- window.c: raw-data windows ---- */

/**
 * A window over a buffer: cap bytes at buf, len of them in use.  hw is
 * how far bytes of an owner (a connection's response, or what filters
 * claimed of it) may reach: the filters of another owner must not see
 * [len, hw), so it is zeroed before they do (raw/out_window.c).
 */
typedef struct {
    char *buf;
    apr_size_t cap;
    apr_size_t len;
    apr_size_t hw;
    const void *owner;
    int exposed;        /* filters had the buffer since it was last scrubbed */
} isf_win_t;

/** Inline: the raw output filter starts an empty window on every call. */
static APR_INLINE void isf_win_init(isf_win_t *w, char *buf, apr_size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->hw = 0;
    w->owner = NULL;
    w->exposed = 0;
}

/** Copy as much of data[0..len) as fits; returns the bytes taken. */
apr_size_t isf_win_fill(isf_win_t *w, const char *data, apr_size_t len);

/**
 * The window's bytes are owner's from now on: if another owner had it,
 * zero what that one left past the window's len (up to hw), so that
 * nothing of it is readable in [len, cap).  Holds as long as every byte
 * put past len went through isf_win_fill or was passed to isf_win_claim.
 */
void isf_win_own(isf_win_t *w, const void *owner);

/** A filter's outcome (data, len) may have grown into the window: extend
 * hw to cover it. */
void isf_win_claim(isf_win_t *w, const char *data, apr_size_t len);

/**
 * Between two filters of one raw notification on w: rewrite raw as the
 * next filter must find it, whatever the last one left there.  pvInData
 * is never NULL (an empty outcome points at w's buffer), cbInData never
 * describes bytes past the buffer it points into (isf_win_outcome), and
 * cbInBuffer is that buffer's room: from pvInData to w's end, or at
 * least cbInData in the filter's own memory.
 */
void isf_win_between(const isf_win_t *w, HTTP_FILTER_RAW_DATA *raw);

/**
 * Filters had the whole buffer (cbInBuffer): they may have written
 * anywhere in it without claiming it.  isf_win_scrub then zeroes all of
 * [len, cap), not only up to hw.
 */
void isf_win_expose(isf_win_t *w);

/** Zero [len, cap) if the window was exposed, else [len, hw); hw = len. */
void isf_win_scrub(isf_win_t *w);

/**
 * After a raw-data notification on w's bytes: where the bytes to pass on
 * are (*data, *len).  cbInData is clamped to the end of the window's
 * buffer when pvInData still points into it (at its start or past a
 * skipped prefix), and to cbInBuffer when the filter pointed it at its own
 * memory (a cbInBuffer of 0 leaves cbInData as given); a NULL pvInData
 * passes nothing.  Returns 1, or 0 when the filter's lengths had to be
 * corrected.
 */
int isf_win_outcome(const isf_win_t *w, const HTTP_FILTER_RAW_DATA *raw,
                    const char **data, apr_size_t *len);

/**
 * Does p point into w's buffer, at its start or anywhere before its end?
 * (What isf_win_outcome counts as our buffer rather than the filter's.)
 */
int isf_win_holds(const isf_win_t *w, const char *p);

/**
 * Make room for `more` bytes after w->len, growing w's buffer from p (the
 * bytes in use are kept).  APR_ENOSPC when w->len + more exceeds limit.
 */
apr_status_t isf_acc_reserve(isf_win_t *w, apr_pool_t *p, apr_size_t more,
                             apr_size_t limit);

/**
 * Before READ_RAW_DATA on the accumulation buffer w: how much of it the
 * filters are offered (cbInBuffer; the bound their lengths are checked
 * against).  Only bytes known to hold nothing of an earlier connection
 * (pool memory is reused): [0, hw), where hw covers the bytes this
 * connection read into the buffer, raised to at least len + room (at
 * most cap) by zeroing -- room past the bytes for a filter that edits in
 * place, without zeroing the whole buffer on every connection.
 */
apr_size_t isf_acc_offer(isf_win_t *w, apr_size_t room);

/* ---- map_policy.c: mapping files for SEND_RAW_DATA ---- */

/*
 * A FILE bucket raised in place is mapped ISF_MAP_WINDOWS windows at a
 * time, fewer when that would pass ISF_MAP_MAX_BYTES, never less than one
 * window: what the serving process maps at once stays bounded whatever
 * the file's size.
 */
#define ISF_MAP_WINDOWS 16
#define ISF_MAP_MAX_BYTES 1048576

/**
 * The next piece of a file to map for SEND_RAW_DATA: `length` bytes are
 * left from file offset `start`, raised in windows of `cap` bytes, and
 * mappings start on a `page` boundary (a power of two).  Returns how many
 * bytes of the file the piece covers: whole windows, as many as the
 * bounds above allow, plus the rest of the file when less than a window
 * would be left over (a short last window rather than a mapping of its
 * own).  *map_off and *map_len are the mapping that holds the piece; it
 * starts start - *map_off bytes into it.  0 (and a 0 *map_len) when
 * length or cap is 0.
 */
apr_size_t isf_map_span(apr_off_t start, apr_size_t length, apr_size_t cap,
                        apr_size_t page, apr_off_t *map_off,
                        apr_size_t *map_len);

/**
 * What the filters did with the windows of one file raised in place, in
 * pages of the mapping: raised, faulted on during the notifications, and
 * not passed on in place (pointed elsewhere, or swallowed).
 */
typedef struct {
    apr_uint64_t pages;
    apr_uint64_t faults;
    apr_uint64_t away;
} isf_map_tally_t;

/* Pages raised before isf_map_verdict judges. */
#define ISF_MAP_PROBE_PAGES 16

/**
 * Whether mapping still pays for the rest of the file: NULL if so, else
 * why the rest is better read into the window.  Mapping saves a copy and
 * lets windows go down together; it costs a fault now and then while a
 * filter reads (the kernel maps neighbours along), and a fault and a page
 * copy for each page a filter writes to.  So once at least
 * ISF_MAP_PROBE_PAGES pages were raised: more than half of them not
 * passed on in place, which saves nothing ("the filters replace the
 * windows"), or else more than half faulted ("the filters write in
 * place").
 */
const char *isf_map_verdict(const isf_map_tally_t *t);

#pragma GCC visibility pop

#endif /* ISF_CORE_H */
