# SF_NOTIFY_ACCESS_DENIED and SF_REQ_ADD_HEADERS_ON_DENIAL: what a filter
# learns about a 401 before it is sent, and the headers it can add to
# 401s only (filter t/filters/req_access_denied.c, scenario
# isf_req_access_denied: /req/protected needs a valid user, /req-cgi/
# holds a CGI that answers 401 itself).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use MIME::Base64 qw(encode_base64);
use ISF::Test qw(raw_request parse_responses);
use ISF::ReqEvents qw(htpasswd_file have_htpasswd);

plan tests => 31, need need_module('isapi_filter', 'auth_basic',
                                   'authn_file', 'alias'),
                       need_cgi(), have_htpasswd();

htpasswd_file();
Apache::TestRequest::module('isf_req_access_denied');
my $docroot = Apache::Test::vars('documentroot');

sub basic { return 'Basic ' . encode_base64(join(':', @_), '') }

# ---- Denied by Apache's authentication --------------------------------------
my $res = GET '/req/protected/index.html';
ok t_cmp($res->code, 401, 'an anonymous request for a protected page gets 401');
ok t_cmp(scalar $res->header('X-Denied-Url'), '[/req/protected/index.html]',
         'ACCESS_DENIED is raised once for the 401, with pszURL the URL denied');
ok t_cmp(scalar $res->header('X-Denied-Path'),
         "[$docroot/req/protected/index.html]",
         'pszPhysicalPath is the file the denied URL maps to');
ok t_cmp(scalar $res->header('X-Denied-Reason'), '0x00010001',
         'no credentials sent: dwReason is SF_DENIED_LOGON | '
         . 'SF_DENIED_BY_CONFIG');

$res = GET '/req/protected/index.html', Authorization => basic('alice', 'bad');
ok t_cmp($res->code, 401, 'a wrong password gets 401');
ok t_cmp(scalar $res->header('X-Denied-Reason'), '0x00000001',
         'credentials sent but refused: dwReason is SF_DENIED_LOGON');

$res = GET '/req/protected/index.html',
           Authorization => basic('alice', 'secret');
ok t_cmp($res->code, 200, 'control: valid credentials are let in');
ok t_cmp(scalar $res->header('X-Denied-Url'), undef,
         'ACCESS_DENIED is not raised for a request that is not denied');

# ---- Denied by a filter ------------------------------------------------------
$res = GET '/req/index.html', 'X-Test-Op' => 'deny-urlmap';
ok t_cmp($res->code, 401,
         'SF_STATUS_REQ_ERROR with ERROR_ACCESS_DENIED from URL_MAP gives 401');
ok t_cmp(scalar $res->header('X-Denied-Reason'), '0x00000004',
         'a filter\'s denial has dwReason SF_DENIED_FILTER');
ok t_cmp(scalar $res->header('X-Denied-Url'), '[/req/index.html]',
         'pszURL of a filter\'s denial is the URL denied');
ok t_cmp(scalar $res->header('X-Denied-Path'), "[$docroot/req/index.html]",
         'pszPhysicalPath of a denial in URL_MAP is the mapped file');

$res = GET '/req/index.html', 'X-Test-Op' => 'deny-preproc';
ok t_cmp($res->code, 401,
         'SF_STATUS_REQ_ERROR with ERROR_ACCESS_DENIED from PREPROC_HEADERS '
         . 'gives 401');
ok t_cmp(scalar $res->header('X-Denied-Reason'), '0x00000004',
         'a denial from PREPROC_HEADERS has dwReason SF_DENIED_FILTER');
ok t_cmp(scalar $res->header('X-Denied-Url'), '[/req/index.html]',
         'pszURL of a denial from PREPROC_HEADERS is the URL denied');

# ---- Denied by the application ----------------------------------------------
$res = GET '/req-cgi/status401.pl';
ok t_cmp($res->code, 401, 'a CGI that answers 401 gets its 401 sent');
ok t_cmp(scalar $res->header('X-Denied-Reason'), '0x00000008',
         'a 401 from the handler has dwReason SF_DENIED_APPLICATION');
ok t_cmp(scalar $res->header('X-Denied-Url'), '[/req-cgi/status401.pl]',
         'pszURL of the application\'s denial is the script\'s URL');
ok t_cmp(scalar $res->header('X-Denied-Path'), "[$docroot/req/cgi/status401.pl]",
         'pszPhysicalPath of the application\'s denial is the script');

# ---- SF_REQ_ADD_HEADERS_ON_DENIAL --------------------------------------------
my @on = ('X-Test-Op' => 'denial-headers');
$res = GET '/req/protected/index.html', @on;
ok t_cmp(scalar $res->header('X-Denial-Call'), 'TRUE',
         'SF_REQ_ADD_HEADERS_ON_DENIAL succeeds in PREPROC_HEADERS');
ok t_cmp($res->code, 401, 'the request is still denied');
ok t_cmp(scalar $res->header('X-On-Denial'), 'from-filter',
         'SF_REQ_ADD_HEADERS_ON_DENIAL headers appear on the 401');
ok t_cmp(scalar $res->header('X-On-Denial-2'), 'two',
         'every line of the SF_REQ_ADD_HEADERS_ON_DENIAL block is added');
ok t_cmp(scalar $res->header('WWW-Authenticate'), qr/^Basic realm="isf req"/,
         'Apache\'s own 401 headers stay');

$res = GET '/req/index.html', @on;
ok t_cmp(scalar $res->header('X-Denial-Call'), 'TRUE',
         'control: the filter asked for denial headers on a public page');
ok t_cmp($res->code, 200, 'the public page is served');
ok t_cmp(scalar $res->header('X-On-Denial'), undef,
         'SF_REQ_ADD_HEADERS_ON_DENIAL headers do not appear on a 200');

$res = GET '/req/protected/index.html', @on,
           Authorization => basic('alice', 'secret');
ok t_cmp($res->code . ' ' . (scalar $res->header('X-On-Denial') // 'none'),
         '200 none',
         'SF_REQ_ADD_HEADERS_ON_DENIAL headers do not appear when the '
         . 'protected page is let in');

# ---- FINISHED from ACCESS_DENIED ---------------------------------------------
my $raw = raw_request(module => 'isf_req_access_denied',
    data => "GET /req/protected/index.html HTTP/1.0\r\n"
          . "X-Test-Op: replace\r\n\r\n");
my @r = parse_responses($raw);
ok t_cmp(scalar(@r), 1, 'a filter answering in ACCESS_DENIED sends one '
         . 'response');
ok t_cmp("$r[0]->{status} $r[0]->{reason}", '403 Replaced By Filter',
         'the filter\'s own response replaces the 401');
ok t_cmp($r[0]->{body}, "replaced by the filter\n",
         'the body is the filter\'s, with nothing of Apache\'s 401 page');
