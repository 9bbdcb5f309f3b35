# SF_NOTIFY_SEND_RESPONSE: the response head as a filter sees and edits it
# before it is sent (filter t/filters/req_send_response.c, scenario
# isf_req_send_response).  mod_headers puts X-Normal in headers_out,
# X-Always in err_headers_out ("Header always") and X-Both in both; to a
# filter they are one set of response headers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);

plan tests => 37, need_module('isapi_filter', 'headers');

Apache::TestRequest::module('isf_req_send_response');

sub both { join ',', sort split /,\s*/, ($_[0] // '') }

# ---- What the filter sees ----------------------------------------------------
my $res = GET '/req/index.html', 'X-Test-Op' => 'report';
ok t_cmp(scalar $res->header('X-SR-Status'), '200',
         'HttpStatus in SEND_RESPONSE is the response status');
ok t_cmp(scalar $res->header('X-SR-Statusline'), '[200 OK]',
         'GetHeader("status") returns "200 OK"');
ok t_cmp(scalar $res->header('X-SR-CT'), '[text/html]',
         'GetHeader("Content-Type:") returns the content type Apache chose');
ok t_cmp(scalar $res->header('X-SR-Always'), '[orig]',
         'GetHeader finds a header Apache keeps in err_headers_out');
ok t_cmp(scalar $res->header('X-SR-Both'), qr/^\[(out, err|err, out)\]$/,
         'GetHeader joins the values of a header set twice with ", "');
ok t_cmp(scalar $res->header('X-SR-Missing'), 'FALSE 1413',
         'GetHeader of a header the response lacks fails with '
         . 'ERROR_INVALID_INDEX');
ok t_cmp(both(scalar $res->header('X-Both')), 'err,out',
         'control: without changes both X-Both values are sent');

$res = GET '/req/no-such-page.html', 'X-Test-Op' => 'report';
ok t_cmp($res->code, 404, 'a missing page is still a 404');
ok t_cmp(scalar $res->header('X-SR-Status'), '404',
         'SEND_RESPONSE is raised for error responses, HttpStatus 404');
ok t_cmp(scalar $res->header('X-SR-Statusline'), '[404 Not Found]',
         'GetHeader("status") returns "404 Not Found" for a 404');

# ---- Status ------------------------------------------------------------------
$res = GET '/req/index.html', 'X-Test-Op' => 'httpstatus';
ok t_cmp($res->code, 203, 'a changed HttpStatus is the status sent');
ok t_cmp($res->content, qr/public page/,
         'changing the status keeps the body');

$res = GET '/req/index.html', 'X-Test-Op' => 'statusline';
ok t_cmp(scalar $res->header('X-SR-Set-Status'), 'TRUE',
         'SetHeader("status", "202 Filter Accepted") succeeds');
ok t_cmp($res->code, 202, 'SetHeader("status") sets the status code sent');
ok t_cmp($res->message, 'Filter Accepted',
         'SetHeader("status") sets the reason phrase sent');

# ---- SetHeader / AddHeader / delete on response headers ---------------------
$res = GET '/req/index.html', 'X-Test-Op' => 'set';
ok t_cmp(scalar $res->header('X-Normal'), 'replaced',
         'SetHeader replaces a header from headers_out');
ok t_cmp(scalar $res->header('X-Always'), 'replaced',
         'SetHeader replaces a header from err_headers_out, leaving one value');

$res = GET '/req/index.html', 'X-Test-Op' => 'add';
ok t_cmp(both(scalar $res->header('X-Normal')), 'added,orig',
         'AddHeader adds a value to an existing response header');
ok t_cmp(scalar $res->header('X-New'), 'new', 'AddHeader adds a new response header');

$res = GET '/req/index.html', 'X-Test-Op' => 'delete';
ok t_cmp(scalar $res->header('X-SR-Del-Both'), 'TRUE',
         'SetHeader(name, "") on a response header succeeds');
ok t_cmp(scalar $res->header('X-Normal'), undef,
         'SetHeader(name, NULL) deletes a header from headers_out');
ok t_cmp(scalar $res->header('X-Always'), undef,
         'SetHeader(name, "") deletes a header from err_headers_out');
ok t_cmp(scalar $res->header('X-Both'), undef,
         'deleting a header removes it from headers_out and err_headers_out');
ok t_cmp($res->code, 200, 'deleting headers leaves the response intact');

$res = GET '/req/index.html', 'X-Test-Op' => 'ctype';
ok t_cmp(scalar $res->header('X-SR-Set-CT'), 'TRUE',
         'SetHeader("Content-Type:") succeeds');
ok t_cmp(scalar $res->header('Content-Type'), 'text/x-filter; charset=utf-8',
         'SetHeader("Content-Type:") changes the Content-Type sent');

# ---- The SEND_RESPONSE raised for a filter's own head -----------------------
$res = GET '/req/index.html', 'X-Test-Op' => 'ownhead';
ok t_cmp($res->code, 200, 'a filter answering from PREPROC_HEADERS is heard');
ok t_cmp($res->content, "body written by the filter\n",
         'the body is what the filter wrote with WriteClient');
ok t_cmp(scalar $res->header('X-SR-Saw-Head'), '[filter]',
         'SEND_RESPONSE is raised for a head sent with '
         . 'SF_REQ_SEND_RESPONSE_HEADER and GetHeader reads that head');
ok t_cmp(scalar $res->header('X-SR-Head-Status'), '200',
         'HttpStatus of the filter\'s head is its status');
ok t_cmp(scalar $res->header('X-Head-Orig'), 'edited',
         'SetHeader in that SEND_RESPONSE edits the filter\'s head');
ok t_cmp(scalar $res->header('X-SR-Head-Del'), 'TRUE',
         'SetHeader(name, "") on the filter\'s head succeeds');
ok t_cmp(scalar $res->header('X-Head-Del'), undef,
         'SetHeader(name, "") deletes a header from the filter\'s head');
ok t_cmp(scalar $res->header('Content-Length'), length("body written by the filter\n"),
         'the filter\'s own head keeps its Content-Length');

$res = GET '/req/index.html', 'X-Test-Op' => 'ownhead,httpstatus';
ok t_cmp($res->code, 203,
         'a changed HttpStatus changes the status of the filter\'s head');
$res = GET '/req/index.html', 'X-Test-Op' => 'ownhead,statusline';
ok t_cmp($res->code, 202,
         'SetHeader("status") changes the status of the filter\'s head');
ok t_cmp($res->message, 'Filter Accepted',
         'SetHeader("status") sets the reason phrase of the filter\'s head');
