# A site whose filter failed to load in the serving child answers 500
# from PREPROC_HEADERS' hook, which now runs before every other
# post_read_request hook, mod_http2's included (a3a528f): over HTTP/2
# (h2c, prior knowledge) the 500 must still go out as an HTTP/2 response,
# without a hang or a crash, and the other site is served.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Time::HiRes ();
use ISF::Test qw(httpd_start free_port raw_request parse_responses
                 stop_crashes run_tool);
use ISF::CB qw(http_req note);

plan tests => 6, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $flag = Apache::Test::vars('t_logs') . '/h2_failed_site.flag';
unlink $flag;
local $ENV{ST_FAIL_FILE} = $flag;
my $port = free_port();
my $s = httpd_start(
    "LoadModule mpm_prefork_module $libexec/mod_mpm_prefork.so\n"
    . "LoadModule http2_module $libexec/mod_http2.so\n"
    . "Protocols h2c http/1.1\n"
    . "StartServers 1\nMinSpareServers 1\nMaxSpareServers 2\n"
    . "MaxConnectionsPerChild 1\n"
    . "<VirtualHost 127.0.0.1:$port>\n  ServerName ok.test\n"
    . "  ISAPIFilter filters/tag_response.so\n</VirtualHost>\n"
    . "<VirtualHost 127.0.0.1:$port>\n  ServerName fail.test\n"
    . "  ISAPIFilter filters/st_fail_later.so\n</VirtualHost>\n",
    port => $port, modules => [qw(authz_core mime dir)], keep => 1);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});
open my $fh, '>', $flag or die "$flag: $!";
close $fh;
# Children forked from now on fail the filter: use up the first one.
for (1 .. 2) {
    raw_request(port => $port, data => http_req('/', host => 'ok.test',
                                                close => 1));
}
Time::HiRes::sleep(0.5);

sub h2 {
    my ($host) = @_;
    return run_tool(qq{curl -s -o /dev/null -m 10 -w '%{http_code} %{http_version}' --http2-prior-knowledge -H 'Host: $host' http://127.0.0.1:$port/ 2>&1});
}
my $st = h2('fail.test');
ok t_cmp($st, '500 2', 'HTTP/2 to the site whose filter failed: 500');
$st = h2('fail.test');
ok t_cmp($st, '500 2', 'again');
my ($res) = eval { parse_responses(scalar raw_request(port => $port,
    data => http_req('/', host => 'fail.test', close => 1))) };
note("HTTP/1.1: $@") if $@;
ok t_cmp($res ? $res->{status} : 0, 500, 'HTTP/1.1 too');
$st = h2('ok.test');
ok t_cmp($st, qr/^(200|403|404) 2$/, 'the other site is served over '
         . 'HTTP/2');
ok t_cmp(stop_crashes($s), '', 'no child crashed');
unlink $flag;
