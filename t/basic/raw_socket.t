# ISF::Test's raw-socket helpers against the filterless control site:
# pipelined requests on one connection, split writes, a malformed request.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);

plan tests => 8, need_module 'isapi_filter';

my $req = "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n";
my ($raw, $info) = raw_request(module => 'isf_plain',
    data => $req . "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\n"
          . "Connection: close\r\n\r\n");
my @res = parse_responses($raw, methods => [qw(GET HEAD)]);
ok t_cmp(scalar(@res), 2, 'two pipelined requests, two responses');
ok t_cmp($res[0]->{status}, 200, 'first pipelined response is 200');
ok t_cmp($res[0]->{body}, qr/mod_isapi_filter test server/,
         'first response carries the page');
ok t_cmp($res[1]->{body}, '', 'HEAD response has no body');
ok t_cmp($info->{closed}, 1, 'server closed after Connection: close');

$raw = raw_request(module => 'isf_plain', pause => 0.05,
                   chunks => ["GE", "T /index.html HTTP/1.0\r\n", "\r\n"]);
@res = parse_responses($raw);
ok t_cmp($res[0]->{status}, 200, 'a request split over three writes');

$raw = raw_request(module => 'isf_plain', data => "GARBAGE\r\n\r\n");
@res = parse_responses($raw);
ok t_cmp($res[0]->{status}, 400, 'a malformed request line gets a 400');

# Apache::TestRequest::vhost_socket compatibility: same port.
ok t_cmp(ISF::Test::module_port('isf_plain'),
         Apache::Test::config()->{vhosts}->{isf_plain}->{port},
         'module_port agrees with Apache::Test');
