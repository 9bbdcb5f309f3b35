# SF_NOTIFY_AUTH_COMPLETE: after authentication, before the handler
# (filter t/filters/req_auth_complete.c, scenario isf_req_auth_complete,
# /req/protected needs a valid user).  The filter lists every URL_MAP,
# AUTHENTICATION and AUTH_COMPLETE it sees in X-AC-Event, in order.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use MIME::Base64 qw(encode_base64);
use ISF::ReqEvents qw(htpasswd_file have_htpasswd);

plan tests => 16, need need_module('isapi_filter', 'auth_basic',
                                   'authn_file'),
                       have_htpasswd();

htpasswd_file();
Apache::TestRequest::module('isf_req_auth_complete');

my $res = GET '/req/index.html', 'X-Test-Value' => 'v1';
ok t_cmp(scalar $res->header('X-AC-Event'),
         'URL_MAP /req/index.html, AUTHENTICATION /req/index.html, '
         . 'AUTH_COMPLETE /req/index.html',
         'AUTH_COMPLETE is raised once, after URL_MAP and AUTHENTICATION');
ok t_cmp(scalar $res->header('X-AC-Remote-User'), 'TRUE []',
         'REMOTE_USER in AUTH_COMPLETE is "" for an anonymous request');
ok t_cmp(scalar $res->header('X-AC-Token'), 'FALSE 50 NULL',
         'GetUserToken is not supported: FALSE, ERROR_NOT_SUPPORTED, '
         . 'token NULL');
ok t_cmp(scalar $res->header('X-AC-Value'), 'TRUE [v1]',
         'GetHeader in AUTH_COMPLETE reads the request headers');
ok t_cmp(scalar $res->header('X-AC-Method'), 'TRUE [GET]',
         'GetHeader("method") works in AUTH_COMPLETE');
ok t_cmp(scalar $res->header('X-AC-Status'), '200',
         'HttpStatus in AUTH_COMPLETE is 200 for a request about to be served');

$res = GET '/req/protected/',
           Authorization => 'Basic ' . encode_base64('alice:secret', '');
ok t_cmp($res->code, 200, 'control: alice is let in');
ok t_cmp(scalar $res->header('X-AC-Remote-User'), 'TRUE [alice]',
         'REMOTE_USER in AUTH_COMPLETE is the user Apache authenticated');
ok t_cmp(scalar $res->header('X-AC-Auth-User'), 'TRUE [alice]',
         'AUTH_USER in AUTH_COMPLETE is the user Apache authenticated');

# ---- url change: an internal redirect ----------------------------------------
$res = GET '/req/original.html';
ok t_cmp($res->content, qr/original page/,
         'control: without a url change the original page is served');
$res = GET '/req/original.html', 'X-Test-Op' => 'redirect',
           'X-Test-Url' => '/req/target.html';
ok t_cmp(scalar $res->header('X-AC-Seturl'), 'TRUE',
         'SetHeader("url") succeeds in AUTH_COMPLETE');
ok t_cmp(scalar $res->header('X-AC-Url-After'), 'TRUE [/req/target.html]',
         'GetHeader("url") after the change returns the new URL');
ok t_cmp($res->code, 200, 'the redirected request succeeds');
ok t_cmp($res->content, qr/target page/,
         'a url change in AUTH_COMPLETE serves the new URL\'s resource');
ok t_cmp(scalar $res->header('X-AC-Event'),
         'URL_MAP /req/original.html, AUTHENTICATION /req/original.html, '
         . 'AUTH_COMPLETE /req/original.html, URL_MAP /req/target.html',
         'the new URL is mapped (URL_MAP), but AUTHENTICATION and '
         . 'AUTH_COMPLETE are not raised again');
ok t_cmp(defined $res->previous ? 'client redirected' : 'one response',
         'one response',
         'the redirect is internal: the client gets no 3xx to follow');
