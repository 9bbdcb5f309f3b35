/*
 * resource.c: a filter's resources (its .rc file's STRINGTABLE and
 * VERSIONINFO) as LoadString, FindResource and the version API read them.
 *
 * isapi-cc compiles them into tables in the filter and a constructor
 * that registers them here; the module they belong to is the one whose
 * mapping holds the tables (dladdr), keyed by its base address, which is
 * its HMODULE (module.c).  A version block handed out by
 * GetFileVersionInfo is a copy, laid out our own way (VerQueryValue is
 * its only reader), so it outlives the filter as on Windows.
 */
#include "isw.h"

#include <dlfcn.h>
#include <pthread.h>

typedef struct registered registered;
struct registered {
    registered *next;
    uintptr_t base;
    const ISAPI_RESOURCES *res;
};

static pthread_mutex_t res_lock = PTHREAD_MUTEX_INITIALIZER;
static registered *res_list;

/* An RT_STRING bundle FindResource built (below). */
typedef struct bundle bundle;
struct bundle {
    bundle *next;
    uintptr_t base;
    WORD name;
    DWORD size;
    WORD data[];
};
static bundle *bundles;

WINBASEAPI BOOL WINAPI isapi_resources_register(const ISAPI_RESOURCES *res)
{
    Dl_info info;
    registered *r;

    if (!res || res->abi != ISAPI_RESOURCES_ABI) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!dladdr(res, &info) || !info.dli_fbase) {
        return isw_fail(ERROR_MOD_NOT_FOUND);
    }
    if (!(r = calloc(1, sizeof(*r)))) {
        return isw_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    r->base = (uintptr_t)info.dli_fbase;
    r->res = res;
    pthread_mutex_lock(&res_lock);
    r->next = res_list;
    res_list = r;
    pthread_mutex_unlock(&res_lock);
    return TRUE;
}

WINBASEAPI VOID WINAPI isapi_resources_unregister(const ISAPI_RESOURCES *res)
{
    registered **p, *gone = NULL;

    pthread_mutex_lock(&res_lock);
    for (p = &res_list; *p; p = &(*p)->next) {
        if ((*p)->res == res) {
            gone = *p;
            *p = gone->next;
            break;
        }
    }
    if (gone) {
        /* Its string bundles go too: another module may load there. */
        for (bundle **q = &bundles; *q; ) {
            if ((*q)->base == gone->base) {
                bundle *b = *q;
                *q = b->next;
                free(b);
            }
            else {
                q = &(*q)->next;
            }
        }
    }
    pthread_mutex_unlock(&res_lock);
    free(gone);
}

/* The resources of the module at base; the tables stay valid while the
 * caller runs inside (or holds) that module, which is all we promise. */
static const ISAPI_RESOURCES *resources_of(uintptr_t base)
{
    const ISAPI_RESOURCES *res = NULL;

    pthread_mutex_lock(&res_lock);
    for (registered *r = res_list; r; r = r->next) {
        if (r->base == base) {
            res = r->res;
            break;
        }
    }
    pthread_mutex_unlock(&res_lock);
    return res;
}

/* hInstance as a module base.  NULL is the executable's on Windows; the
 * host (httpd) has no resources, so NULL here means the module the call
 * comes from, which is what a filter passing NULL meant. */
static const ISAPI_RESOURCES *resources_for(HINSTANCE h, const void *caller)
{
    Dl_info info;

    if (h) {
        return resources_of((uintptr_t)h);
    }
    if (dladdr(caller, &info) && info.dli_fbase) {
        return resources_of((uintptr_t)info.dli_fbase);
    }
    return NULL;
}

static const ISAPI_RES_STRING *find_string(const ISAPI_RESOURCES *res, UINT id)
{
    if (!res) {
        return NULL;
    }
    for (UINT i = 0; i < res->nstrings; i++) {
        /* Windows keeps no empty strings: one is not there. */
        if (res->strings[i].id == (id & 0xFFFF) && res->strings[i].text[0]) {
            return &res->strings[i];
        }
    }
    return NULL;
}

WINUSERAPI int WINAPI LoadStringA(HINSTANCE hInstance, UINT uID,
                                  LPSTR lpBuffer, int cchBufferMax)
{
    const ISAPI_RES_STRING *s;
    size_t len;

    s = find_string(resources_for(hInstance, __builtin_return_address(0)), uID);
    if (!lpBuffer) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!s) {
        if (cchBufferMax > 0) {
            lpBuffer[0] = '\0';
        }
        SetLastError(ERROR_RESOURCE_NAME_NOT_FOUND);
        return 0;
    }
    len = strlen(s->text);
    if (cchBufferMax == 0) {
        /* The read-only string itself (LoadStringW's documented form;
         * ours is NUL-terminated as well). */
        *(const char **)lpBuffer = s->text;
        return (int)len;
    }
    if (cchBufferMax < 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (len > (size_t)cchBufferMax - 1) {
        len = (size_t)cchBufferMax - 1;
    }
    memcpy(lpBuffer, s->text, len);
    lpBuffer[len] = '\0';
    return (int)len;
}

/* ---- FindResource / LoadResource: RT_STRING only ----
 * An RT_STRING resource is a bundle of 16 strings: name n holds ids
 * (n-1)*16 .. (n-1)*16+15, each a WORD length and that many UTF-16
 * units.  The bundle is built at FindResource and kept for the
 * process (one per module and name, at most 4096 per module). */


static bundle *make_bundle(uintptr_t base, const ISAPI_RESOURCES *res, WORD name)
{
    size_t units = 16;
    bundle *b;
    WORD *w;
    BOOL any = FALSE;

    for (UINT k = 0; k < 16; k++) {
        const ISAPI_RES_STRING *s = find_string(res, (UINT)(name - 1) * 16 + k);
        if (s) {
            units += (size_t)MultiByteToWideChar(CP_ACP, 0, s->text, -1, NULL, 0);
            any = TRUE;
        }
    }
    if (!any || !(b = calloc(1, sizeof(*b) + units * sizeof(WORD)))) {
        return NULL;
    }
    b->base = base;
    b->name = name;
    w = b->data;
    for (UINT k = 0; k < 16; k++) {
        const ISAPI_RES_STRING *s = find_string(res, (UINT)(name - 1) * 16 + k);
        int n = s ? MultiByteToWideChar(CP_ACP, 0, s->text, -1, (LPWSTR)(w + 1),
                                        (int)(units - (size_t)(w + 1 - b->data))) : 0;
        *w = (WORD)(n > 0 ? n - 1 : 0);    /* without the NUL */
        w += 1 + *w;
    }
    b->size = (DWORD)((char *)w - (char *)b->data);
    return b;
}

WINBASEAPI HRSRC WINAPI FindResourceA(HMODULE hModule, LPCSTR lpName, LPCSTR lpType)
{
    const ISAPI_RESOURCES *res;
    uintptr_t base;
    Dl_info info;
    bundle *b;
    WORD name;

    if (!IS_INTRESOURCE(lpType) || (WORD)(ULONG_PTR)lpType != 6) {
        /* Only string tables are compiled into a filter. */
        SetLastError(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return NULL;
    }
    if (!IS_INTRESOURCE(lpName) || !(name = (WORD)(ULONG_PTR)lpName)) {
        SetLastError(ERROR_RESOURCE_NAME_NOT_FOUND);
        return NULL;
    }
    if (hModule) {
        base = (uintptr_t)hModule;
    }
    else if (dladdr(__builtin_return_address(0), &info) && info.dli_fbase) {
        base = (uintptr_t)info.dli_fbase;
    }
    else {
        base = 0;
    }
    if (!(res = resources_of(base))) {
        SetLastError(ERROR_RESOURCE_DATA_NOT_FOUND);
        return NULL;
    }
    pthread_mutex_lock(&res_lock);
    for (b = bundles; b; b = b->next) {
        if (b->base == base && b->name == name) {
            break;
        }
    }
    if (!b && (b = make_bundle(base, res, name))) {
        b->next = bundles;
        bundles = b;
    }
    pthread_mutex_unlock(&res_lock);
    if (!b) {
        SetLastError(ERROR_RESOURCE_NAME_NOT_FOUND);
    }
    return (HRSRC)b;
}

WINBASEAPI HGLOBAL WINAPI LoadResource(HMODULE hModule, HRSRC hResInfo)
{
    (void)hModule;
    if (!hResInfo) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return (HGLOBAL)((bundle *)hResInfo)->data;
}

WINBASEAPI LPVOID WINAPI LockResource(HGLOBAL hResData)
{
    return (LPVOID)hResData;
}

WINBASEAPI DWORD WINAPI SizeofResource(HMODULE hModule, HRSRC hResInfo)
{
    (void)hModule;
    if (!hResInfo) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    return ((bundle *)hResInfo)->size;
}

WINBASEAPI BOOL WINAPI FreeResource(HGLOBAL hResData)
{
    (void)hResData;
    return FALSE;    /* obsolete: FALSE, as Windows returns */
}

/* ---- Version information ----
 * The block: a header, the VS_FIXEDFILEINFO, the translation WORDs, then
 * entries "Lang\0Name\0Value\0" back to back, ended by an empty one. */

#define VBLOCK_MAGIC 0x49535649u   /* "ISVI" */

typedef struct {
    DWORD magic;
    DWORD size;
    DWORD ntranslations;           /* WORDs */
    VS_FIXEDFILEINFO fixed;
} vblock;

static size_t vblock_size(const ISAPI_RESOURCES *res)
{
    size_t n = sizeof(vblock) + res->ntranslations * sizeof(WORD) + 1;

    for (UINT b = 0; b < res->nblocks; b++) {
        for (UINT v = 0; v < res->blocks[b].nvalues; v++) {
            n += strlen(res->blocks[b].lang_cp) + strlen(res->blocks[b].values[v].name)
                 + strlen(res->blocks[b].values[v].value) + 3;
        }
    }
    return (n + 3) & ~(size_t)3;
}

/* The resources of the module a file name (Windows or Unix form, or a
 * loaded module's name) stands for; NULL with the error set. */
static const ISAPI_RESOURCES *version_of(LPCSTR file)
{
    const ISAPI_RESOURCES *res;
    HMODULE m;

    if (!file || !*file) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(m = GetModuleHandleA(file))) {
        /* Not a loaded module: a file without compiled-in resources. */
        SetLastError(GetFileAttributesA(file) == INVALID_FILE_ATTRIBUTES
                     ? ERROR_FILE_NOT_FOUND : ERROR_RESOURCE_TYPE_NOT_FOUND);
        return NULL;
    }
    res = resources_of((uintptr_t)m);
    if (!res || !res->has_version) {
        SetLastError(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return NULL;
    }
    return res;
}

WINBASEAPI DWORD WINAPI GetFileVersionInfoSizeA(LPCSTR lptstrFilename,
                                                LPDWORD lpdwHandle)
{
    const ISAPI_RESOURCES *res;

    if (lpdwHandle) {
        *lpdwHandle = 0;
    }
    if (!(res = version_of(lptstrFilename))) {
        return 0;
    }
    return (DWORD)vblock_size(res);
}

WINBASEAPI BOOL WINAPI GetFileVersionInfoA(LPCSTR lptstrFilename, DWORD dwHandle,
                                           DWORD dwLen, LPVOID lpData)
{
    const ISAPI_RESOURCES *res;
    size_t need;
    vblock h;
    char *p, *end;

    (void)dwHandle;
    if (!lpData) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    if (!(res = version_of(lptstrFilename))) {
        return FALSE;
    }
    need = vblock_size(res);
    if (dwLen < need) {
        return isw_fail(ERROR_INSUFFICIENT_BUFFER);
    }
    memset(&h, 0, sizeof(h));
    h.magic = VBLOCK_MAGIC;
    h.size = (DWORD)need;
    h.ntranslations = res->ntranslations;
    h.fixed.dwSignature = VS_FFI_SIGNATURE;
    h.fixed.dwStrucVersion = VS_FFI_STRUCVERSION;
    h.fixed.dwFileVersionMS = res->file_ms;
    h.fixed.dwFileVersionLS = res->file_ls;
    h.fixed.dwProductVersionMS = res->product_ms;
    h.fixed.dwProductVersionLS = res->product_ls;
    h.fixed.dwFileFlagsMask = res->flags_mask;
    h.fixed.dwFileFlags = res->flags;
    h.fixed.dwFileOS = res->os;
    h.fixed.dwFileType = res->type;
    h.fixed.dwFileSubtype = res->subtype;
    memset(lpData, 0, need);
    memcpy(lpData, &h, sizeof(h));
    p = (char *)lpData + sizeof(h);
    memcpy(p, res->translations, res->ntranslations * sizeof(WORD));
    p += res->ntranslations * sizeof(WORD);
    end = (char *)lpData + need;
    for (UINT b = 0; b < res->nblocks; b++) {
        for (UINT v = 0; v < res->blocks[b].nvalues; v++) {
            const char *parts[3] = { res->blocks[b].lang_cp, res->blocks[b].values[v].name,
                                     res->blocks[b].values[v].value };
            for (int k = 0; k < 3; k++) {
                size_t l = strlen(parts[k]) + 1;
                if (p + l > end) {
                    return isw_fail(ERROR_INSUFFICIENT_BUFFER);
                }
                memcpy(p, parts[k], l);
                p += l;
            }
        }
    }
    return TRUE;
}

/* The next \-separated part of a query into out; returns the rest. */
static const char *query_part(const char *q, char *out, size_t outlen)
{
    size_t n = 0;

    while (*q == '\\') {
        q++;
    }
    while (*q && *q != '\\') {
        if (n + 1 < outlen) {
            out[n++] = *q;
        }
        q++;
    }
    out[n] = '\0';
    return q;
}

WINBASEAPI BOOL WINAPI VerQueryValueA(LPCVOID pBlock, LPCSTR lpSubBlock,
                                      LPVOID *lplpBuffer, PUINT puLen)
{
    const vblock *h = pBlock;
    char a[64], b[64], c[256];
    const char *q, *p, *end;

    if (!h || !lpSubBlock || !lplpBuffer || !puLen || h->magic != VBLOCK_MAGIC) {
        return isw_fail(ERROR_INVALID_PARAMETER);
    }
    *lplpBuffer = NULL;
    *puLen = 0;
    q = query_part(lpSubBlock, a, sizeof(a));
    q = query_part(q, b, sizeof(b));
    q = query_part(q, c, sizeof(c));
    if (!a[0]) {
        *lplpBuffer = (LPVOID)&h->fixed;
        *puLen = sizeof(h->fixed);
        return TRUE;
    }
    p = (const char *)(h + 1);
    if (!strcasecmp(a, "VarFileInfo") && !strcasecmp(b, "Translation") && !c[0]) {
        if (!h->ntranslations) {
            return isw_fail(ERROR_RESOURCE_TYPE_NOT_FOUND);
        }
        *lplpBuffer = (LPVOID)p;
        *puLen = h->ntranslations * sizeof(WORD);
        return TRUE;
    }
    if (strcasecmp(a, "StringFileInfo") || !b[0] || !c[0] || *q) {
        return isw_fail(ERROR_RESOURCE_TYPE_NOT_FOUND);
    }
    p += h->ntranslations * sizeof(WORD);
    end = (const char *)h + h->size;
    while (p < end && *p) {
        const char *lang = p, *name = lang + strlen(lang) + 1;
        const char *value = name + strlen(name) + 1;
        if (!strcasecmp(lang, b) && !strcasecmp(name, c)) {
            *lplpBuffer = (LPVOID)value;
            *puLen = (UINT)strlen(value) + 1;    /* characters, with the NUL */
            return TRUE;
        }
        p = value + strlen(value) + 1;
    }
    return isw_fail(ERROR_RESOURCE_TYPE_NOT_FOUND);
}

WINBASEAPI VOID WINAPI isapi_log_exception(const void *caller, const char *entry,
                                           const char *what)
{
    if (what) {
        isw_log(ISW_LOG_ERR, caller, "a C++ exception escaped %s: %s; "
                "treated as a failure", entry ? entry : "the filter", what);
    }
    else {
        isw_log(ISW_LOG_ERR, caller, "a C++ exception (not a std::exception) "
                "escaped %s; treated as a failure", entry ? entry : "the filter");
    }
}
