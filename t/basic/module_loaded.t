# The harness itself: the server answers, mod_isapi_filter is loaded from
# the build tree, and a site filter sees its own site's responses only.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);

plan tests => 7, need_module 'isapi_filter';

my $cfg = Apache::Test::config();
ok t_cmp($cfg->{modules}->{'mod_isapi_filter.c'},
         qr{/\.libs/mod_isapi_filter\.so$},
         'the module under test is the freshly built .libs copy');

# The main server carries no filter (extra.conf.in keeps ISAPIFilter out
# of server level).
my $res = GET '/index.html';
ok t_cmp($res->code, 200, 'main server answers');
ok t_cmp($res->header('X-ISF-Tag'), undef,
         'a site filter does not run for requests to other sites');

Apache::TestRequest::module('isf_basic');
$res = GET '/index.html';
ok t_cmp($res->code, 200, 'isf_basic answers with a site filter loaded');
ok t_cmp($res->header('X-ISF-Tag'), 'tag_response',
         'SEND_RESPONSE AddHeader reaches the client');
ok t_cmp($res->content, qr/mod_isapi_filter test server/,
         'the body passes through untouched');

# The same filter behind TLS (t/conf/ssl/ssl.conf.in).  module2url with
# a scheme, not Apache::TestRequest::scheme('https'): see ssl.conf.in.
$res = GET(Apache::TestRequest::module2url('isf_ssl',
               { scheme => 'https', path => '/index.html' }));
ok t_cmp($res->header('X-ISF-Tag'), 'tag_response',
         'SF_NOTIFY_SECURE_PORT filter runs on a TLS connection');
