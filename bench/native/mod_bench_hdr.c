/*
 * mod_bench_hdr.c: configuration (c1) of the benchmark.
 *
 * The work of (c)'s ISAPI filter (bench/filters/hdr_only.c) done by a
 * native Apache module, as cheaply as Apache allows it: post_read_request
 * looks up User-Agent, and a protocol output filter added in
 * create_request (where the bridge adds ISAPI_FILTER_HEAD) adds X-Bench
 * before HTTP_HEADER serializes the head, then steps out of the chain.
 * No ISAPI, no copies, no validation: what (c) costs beyond this is the
 * bridge's own cost.
 */
#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"   /* the post_read_request hook */
#include "http_request.h"
#include "util_filter.h"

module AP_MODULE_DECLARE_DATA bench_hdr_module;

static ap_filter_rec_t *bench_hdr_handle;

static int bench_hdr_create_request(request_rec *r)
{
    if (!r->main && !r->prev) {
        ap_add_output_filter_handle(bench_hdr_handle, NULL, r,
                                    r->connection);
    }
    return DECLINED;
}

static int bench_hdr_post_read(request_rec *r)
{
    const char *ua = apr_table_get(r->headers_in, "User-Agent");

    /* Kept where a filter's GetHeader result would go: read, not used. */
    ap_set_module_config(r->request_config, &bench_hdr_module, (void *)ua);
    return DECLINED;
}

static apr_status_t bench_hdr_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    if (APR_BRIGADE_EMPTY(bb)) {
        return APR_SUCCESS;
    }
    apr_table_addn(f->r->headers_out, "X-Bench", "hdr_only");
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

static void bench_hdr_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_create_request(bench_hdr_create_request, NULL, NULL,
                           APR_HOOK_MIDDLE);
    ap_hook_post_read_request(bench_hdr_post_read, NULL, NULL,
                              APR_HOOK_REALLY_FIRST);
    bench_hdr_handle = ap_register_output_filter("BENCH_HDR",
                                                 bench_hdr_filter, NULL,
                                                 AP_FTYPE_PROTOCOL);
}

AP_DECLARE_MODULE(bench_hdr) = {
    STANDARD20_MODULE_STUFF,
    NULL, NULL, NULL, NULL, NULL,
    bench_hdr_register,
    0
};
