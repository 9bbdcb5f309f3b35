# SF_NOTIFY_PREPROC_HEADERS: GetHeader/SetHeader/AddHeader on the request
# before Apache interprets it (filter t/filters/req_preproc.c, scenario
# isf_req_preproc).  The filter reports as X-Pre-* response headers;
# mod_headers reports what Apache made of the request (X-Seen-*, and
# "Header echo ^X-Echo-" for the request headers Apache ended up with).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use ISF::Test qw(raw_request parse_responses);

plan tests => 40, need_module('isapi_filter', 'headers');

Apache::TestRequest::module('isf_req_preproc');

# ---- GetHeader ---------------------------------------------------------------
my $res = GET '/req/index.html', 'X-Test-Op' => 'get',
                                 'X-Test-Value' => 'hello-isapi';
ok t_cmp($res->code, 200, 'a request seen by a PREPROC_HEADERS filter is served');
ok t_cmp(scalar $res->header('X-Pre-Raised'), 'get',
         'PREPROC_HEADERS is raised and GetHeader("X-Test-Op:") reads a header');
ok t_cmp(scalar $res->header('X-Pre-Value'), 'TRUE [hello-isapi]',
         'GetHeader("Name:") returns the request header value');
ok t_cmp(scalar $res->header('X-Pre-Lower'), 'TRUE [hello-isapi]',
         'GetHeader matches header names case-insensitively');
ok t_cmp(scalar $res->header('X-Pre-Nocolon'), 'FALSE 87',
         'GetHeader of a name without its trailing colon fails with '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp(scalar $res->header('X-Pre-Missing'), 'FALSE 1413',
         'GetHeader of a header the client did not send fails with '
         . 'ERROR_INVALID_INDEX');
ok t_cmp(scalar $res->header('X-Pre-Small'), 'FALSE 122 need=12',
         'GetHeader into a too small buffer fails with '
         . 'ERROR_INSUFFICIENT_BUFFER and sets *lpdwSize to the size needed '
         . 'including the NUL');
ok t_cmp(scalar $res->header('X-Pre-Null'), 'FALSE 122 need=12',
         'GetHeader with a NULL buffer and size 0 asks for the size the same way');
ok t_cmp(scalar $res->header('X-Pre-Exact'), 'TRUE size=12 [hello-isapi]',
         'GetHeader into a buffer of exactly the size asked for succeeds and '
         . 'sets *lpdwSize to the bytes written including the NUL');

# ---- Pseudo headers ----------------------------------------------------------
# GetHeader reads headers_in without copying the name (headers.c): a
# longer name that starts with it, or one that differs in more than case,
# is another header; the lines of the name, in any case, are read as
# httpd merged them.
my $raw = raw_request(module => 'isf_req_preproc',
    data => "GET /req/index.html HTTP/1.0\r\nX-Test-Op: get\r\n"
          . "X-Test-Value-Longer: wrong-longer\r\n"
          . "X-Test-Valu: wrong-shorter\r\n"
          . "X-Test_Value: wrong-underscore\r\n"
          . "x-TEST-value: first-one\r\n"
          . "X-Test-Value: second-one\r\n\r\n");
my ($rl) = parse_responses($raw);
ok t_cmp($rl->{headers}->{'x-pre-value'}, 'TRUE [first-one, second-one]',
         'GetHeader reads the header of that name, in any case, and no '
         . 'header whose name only starts with it or differs in a byte');
ok t_cmp($rl->{headers}->{'x-pre-lower'}, 'TRUE [first-one, second-one]',
         'the same for the name asked in lower case');

$raw = raw_request(module => 'isf_req_preproc',
    data => "GET /req/index.html?a=1&b=two HTTP/1.0\r\n"
          . "X-Test-Op: pseudo\r\n\r\n");
my ($r10) = parse_responses($raw);
ok t_cmp($r10->{headers}->{'x-pre-method'}, 'TRUE [GET]',
         'GetHeader("method") returns the request method');
ok t_cmp($r10->{headers}->{'x-pre-url'}, 'TRUE [/req/index.html?a=1&b=two]',
         'GetHeader("url") returns the URL as sent, query string included');
ok t_cmp($r10->{headers}->{'x-pre-url-upper'},
         'TRUE [/req/index.html?a=1&b=two]',
         'pseudo header names are case-insensitive ("URL")');
ok t_cmp($r10->{headers}->{'x-pre-version'}, 'TRUE [HTTP/1.0]',
         'GetHeader("version") returns "HTTP/1.0" for an HTTP/1.0 request');
$res = GET '/req/index.html', 'X-Test-Op' => 'pseudo';
ok t_cmp(scalar $res->header('X-Pre-Version'), 'TRUE [HTTP/1.1]',
         'GetHeader("version") returns "HTTP/1.1" for an HTTP/1.1 request');

# ---- SetHeader("url") --------------------------------------------------------
$res = GET '/req/no-such-page.html?orig=1';
ok t_cmp($res->code, 404,
         'control: the original URL does not exist without a url change');
$res = GET '/req/no-such-page.html?orig=1', 'X-Test-Op' => 'seturl',
           'X-Test-Url' => '/req/target.html?from=filter';
ok t_cmp(scalar $res->header('X-Pre-Seturl'), 'TRUE',
         'SetHeader("url", "/path?query") succeeds in PREPROC_HEADERS');
ok t_cmp($res->code, 200, 'a url change in PREPROC_HEADERS serves the new URL');
ok t_cmp($res->content, qr/target page, served only through a url change/,
         'the file served is the one the new URL names');
ok t_cmp(scalar $res->header('X-Pre-Url-After'), 'TRUE [/req/target.html?from=filter]',
         'GetHeader("url") after SetHeader("url") returns the new URL');
ok t_cmp(scalar $res->header('X-Pre-Later-Url'), '[/req/target.html]',
         'later events see the new URL (GetServerVariable URL in SEND_RESPONSE)');
ok t_cmp(scalar $res->header('X-Pre-Later-Query'), '[from=filter]',
         'a url change re-parses the query string (QUERY_STRING in SEND_RESPONSE)');
ok t_cmp(scalar $res->header('X-Seen-Query'), 'from=filter',
         'Apache itself sees the query string of the new URL');
$res = GET '/req/no-such-page.html?orig=1', 'X-Test-Op' => 'seturl',
           'X-Test-Url' => '/req/target.html';
ok t_cmp(scalar $res->header('X-Pre-Later-Query'), '[]',
         'a new URL without a query string drops the original one');

# ---- SetHeader(name, "" / NULL) deletes -------------------------------------
my @echo = ('X-Echo-Del1' => 'one', 'X-Echo-Del2' => 'two',
            'X-Echo-Keep' => 'kept');
$res = GET '/req/index.html', 'X-Test-Op' => 'none', @echo;
ok t_cmp(scalar $res->header('X-Echo-Del1'), 'one',
         'control: Apache echoes the request headers the filter may delete');
$res = GET '/req/index.html', 'X-Test-Op' => 'delete', @echo;
ok t_cmp(scalar $res->header('X-Pre-Del-Empty'), 'TRUE',
         'SetHeader(name, "") succeeds');
ok t_cmp(scalar $res->header('X-Pre-Del-Null'), 'TRUE',
         'SetHeader(name, NULL) succeeds');
ok t_cmp(scalar $res->header('X-Pre-Del1-After'), 'FALSE 1413',
         'after SetHeader(name, "") GetHeader no longer finds the header');
ok t_cmp(scalar $res->header('X-Echo-Del1'), undef,
         'SetHeader(name, "") deletes the request header Apache sees');
ok t_cmp(scalar $res->header('X-Echo-Del2'), undef,
         'SetHeader(name, NULL) deletes the request header Apache sees');
ok t_cmp(scalar $res->header('X-Echo-Keep'), 'kept',
         'deleting headers leaves the other request headers alone');

# ---- AddHeader / SetHeader on existing headers ------------------------------
$res = GET '/req/index.html', 'X-Test-Op' => 'add',
           'X-Echo-Keep' => 'client', 'X-Echo-Set' => 'original';
ok t_cmp(scalar $res->header('X-Echo-Added'), 'by-filter',
         'AddHeader adds a new request header that Apache sees');
ok t_cmp(scalar $res->header('X-Echo-Keep'), 'client, second',
         'AddHeader to an existing header adds a value, keeping the client\'s');
ok t_cmp(scalar $res->header('X-Echo-Set'), 'replaced',
         'SetHeader replaces the value of an existing header');

# ---- SetHeader("method") -----------------------------------------------------
my $get = "GET /req/index.html HTTP/1.0\r\nX-Test-Op: method\r\n";
$raw = raw_request(module => 'isf_req_preproc', data => "$get\r\n");
($r10) = parse_responses($raw);
ok t_cmp($r10->{body}, qr/public page/,
         'control: the GET request without a method change has a body');
$raw = raw_request(module => 'isf_req_preproc',
                   data => "${get}X-Test-Method: HEAD\r\n\r\n");
($r10) = parse_responses($raw, methods => ['HEAD']);
ok t_cmp($r10->{headers}->{'x-pre-setmethod'}, 'TRUE',
         'SetHeader("method", "HEAD") succeeds');
ok t_cmp($r10->{headers}->{'x-seen-method'}, 'HEAD',
         'Apache handles the request with the method the filter set');
ok t_cmp(substr($raw, index($raw, "\r\n\r\n") + 4), '',
         'a GET turned into HEAD by the filter gets a response without a body');
$res = GET '/req/index.html', 'X-Test-Op' => 'method',
           'X-Test-Method' => 'OPTIONS';
ok t_cmp(scalar $res->header('X-Seen-Method'), 'OPTIONS',
         'SetHeader("method") to another method is what Apache sees');
