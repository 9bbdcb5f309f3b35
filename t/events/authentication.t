# SF_NOTIFY_AUTHENTICATION: the decoded Basic credentials a filter sees,
# and Apache's own authentication (mod_auth_basic + mod_authn_file) acting
# on what the filter wrote back (filter t/filters/req_authentication.c,
# scenario isf_req_authentication, /req/protected needs a valid user).
# mod_headers reports Apache's view: X-Seen-User (REMOTE_USER) and
# X-Seen-Authz (the Authorization header after the filter).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use MIME::Base64 qw(encode_base64);
use ISF::ReqEvents qw(htpasswd_file have_htpasswd);

plan tests => 22, need need_module('isapi_filter', 'headers', 'auth_basic',
                                   'authn_file'),
                       have_htpasswd();

htpasswd_file();
Apache::TestRequest::module('isf_req_authentication');

sub basic { return 'Basic ' . encode_base64(join(':', @_), '') }

# ---- What the filter receives -----------------------------------------------
my $res = GET '/req/index.html';
ok t_cmp(scalar $res->header('X-Authn-User'), '[]',
         'AUTHENTICATION is raised for an anonymous request, with pszUser ""');
ok t_cmp(scalar $res->header('X-Authn-Pass'), '[]',
         'an anonymous request has pszPassword ""');
my ($ub, $pb) = split ' ', (scalar $res->header('X-Authn-Buffs') // '0 0');
ok t_cmp(($ub >= 257 && $pb >= 257) ? 'both >= 257' : "$ub $pb",
         'both >= 257',
         'cbUserBuff and cbPasswordBuff are at least SF_MAX_USERNAME/'
         . 'SF_MAX_PASSWORD (257)');

$res = GET '/req/index.html', Authorization => basic('alice', 'secret');
ok t_cmp(scalar $res->header('X-Authn-User'), '[alice]',
         'AUTHENTICATION is raised once, with pszUser the decoded Basic user');
ok t_cmp(scalar $res->header('X-Authn-Pass'), '[secret]',
         'pszPassword is the decoded Basic password');

$res = GET '/req/index.html', Authorization => basic('bob', 'pa:ss word');
ok t_cmp(scalar $res->header('X-Authn-Pass'), '[pa:ss word]',
         'a password holding ":" and spaces is delivered whole');

my $long = 'u' x 300;
$res = GET '/req/index.html', Authorization => basic($long, 'pw');
ok t_cmp(scalar $res->header('X-Authn-User'), "[$long]",
         'a user name longer than 256 bytes is delivered whole');
($ub) = split ' ', (scalar $res->header('X-Authn-Buffs') // '0 0');
ok t_cmp($ub >= 301 ? 'fits' : "cbUserBuff $ub", 'fits',
         'cbUserBuff holds a long user name and its NUL');

$res = GET '/req/index.html', Authorization => 'Bearer abc.def';
ok t_cmp(scalar $res->header('X-Authn-User'), undef,
         'AUTHENTICATION is not raised for a non-Basic scheme');

# ---- What Apache makes of the filter's credentials --------------------------
$res = GET '/req/protected/', Authorization => basic('alice', 'secret');
ok t_cmp($res->code, 200, 'control: alice/secret is accepted by Apache');
ok t_cmp(scalar $res->header('X-Seen-User'), 'alice',
         'control: Apache authenticated the user the client sent');
$res = GET '/req/protected/', Authorization => basic('bob', 'wrong');
ok t_cmp($res->code, 401, 'control: unknown credentials are refused');

$res = GET '/req/protected/', Authorization => basic('bob', 'wrong'),
           'X-Test-Op' => 'rewrite', 'X-Test-User' => 'alice',
           'X-Test-Pass' => 'secret';
ok t_cmp($res->code, 200,
         'credentials rewritten by the filter to valid ones are accepted');
ok t_cmp(scalar $res->header('X-Seen-User'), 'alice',
         'Apache authenticates the user the filter wrote');
ok t_cmp(scalar $res->header('X-Seen-Authz'), basic('alice', 'secret'),
         'the filter\'s user and password are re-encoded into Authorization');

$res = GET '/req/protected/', Authorization => basic('alice', 'secret'),
           'X-Test-Op' => 'rewrite', 'X-Test-User' => 'carol',
           'X-Test-Pass' => 'carol-pw';
ok t_cmp(scalar $res->header('X-Seen-User'), 'carol',
         'a filter can log the request on as another valid user');

$res = GET '/req/protected/', Authorization => basic('alice', 'secret'),
           'X-Test-Op' => 'rewrite', 'X-Test-User' => 'alice',
           'X-Test-Pass' => 'not-her-password';
ok t_cmp($res->code, 401,
         'valid credentials rewritten to a wrong password are refused');

$res = GET '/req/protected/', 'X-Test-Op' => 'rewrite',
           'X-Test-User' => 'alice', 'X-Test-Pass' => 'secret';
ok t_cmp($res->code, 200,
         'an anonymous request is logged on with credentials the filter '
         . 'supplies');
ok t_cmp(scalar $res->header('X-Seen-Authz'), basic('alice', 'secret'),
         'credentials supplied for an anonymous request become an '
         . 'Authorization header');

$res = GET '/req/protected/', Authorization => basic('alice', 'secret'),
           'X-Test-Op' => 'clear';
ok t_cmp($res->code, 401,
         'credentials cleared by the filter make the request anonymous, '
         . 'which Apache refuses');
ok t_cmp(scalar $res->header('X-Seen-Authz') // '', '',
         'clearing user and password removes the Authorization header');
ok t_cmp(scalar $res->header('X-Authn-User'), '[alice]',
         'AUTHENTICATION is raised once even when authentication then fails');
