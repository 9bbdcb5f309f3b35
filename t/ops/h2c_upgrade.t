# HTTP/1.1 "Upgrade: h2c" (curl --http2 without prior knowledge) is one
# client request, which httpd would answer as two: the HTTP/1.1 request,
# switched in its handler phase after its early events, and HTTP/2 stream
# 1, made from it as the filters left it.  A recorder (cb_order.so, on
# a.test) heard PREPROC_HEADERS to AUTH_COMPLETE twice, and SEND_RESPONSE,
# END_OF_REQUEST and LOG twice.  On a site with filters the upgrade is now
# declined (hooks/upgrade.c): one request on HTTP/1.1, each event once; a
# site without (c.test, on the same port) still upgrades.
# b.test's raw output filter (rawout_record.so: SEND_RAW_DATA, and
# END_OF_REQUEST, where it writes a report line with WriteClient) over
# HTTP/2 by prior knowledge: the report line went into the stream's DATA
# past its Content-Length (curl: PROTOCOL_ERROR); WriteClient from a
# stream's END_OF_REQUEST is refused now.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir);
use ISF::Test qw(httpd_start free_port stop_crashes run_tool);
use ISF::CB qw(tag wait_log note);

plan tests => 8, need_module 'isapi_filter';

my $LOG = 'cb_order.log';
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway', 'h2c_upgrade');
File::Path::mkpath($docs);
open my $fh, '>', "$docs/p.html" or die;
print $fh "<p>p</p>\n" x 10;
close $fh;

my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule http2_module $libexec/mod_http2.so
Protocols h2c http/1.1
<Directory $docs>
    Require all granted
</Directory>
<VirtualHost *:$port>
    ServerName a.test
    DocumentRoot $docs
    ISAPIFilter filters/cb_order.so
</VirtualHost>
<VirtualHost *:$port>
    ServerName b.test
    DocumentRoot $docs
    ISAPIFilter filters/rawout_record.so
</VirtualHost>
<VirtualHost *:$port>
    ServerName c.test
    DocumentRoot $docs
</VirtualHost>
EOF
    modules => [qw(mpm_event authz_core mime dir)]);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});

sub curl {
    my ($host, $tag, $how) = @_;
    $how ||= '--http2';
    return run_tool(qq{curl -s -m 10 -w '\\n%{http_code} %{http_version}' $how -H 'Host: $host' -H 'X-CB-Tag: $tag' http://127.0.0.1:$port/p.html 2>&1});
}

# rawout_record's report (WriteClient in END_OF_REQUEST) went into the
# stream's DATA past its Content-Length: curl saw PROTOCOL_ERROR.
my $pk = curl('b.test', 'pk', '--http2-prior-knowledge');
ok t_cmp($pk, qr/\A(<p>p<\/p>\n){10}\n200 2\z/,
         'HTTP/2 (prior knowledge) on a site whose filter writes in '
         . 'END_OF_REQUEST: the body intact, the stream not reset');

my $out = curl('b.test', 'x');
ok t_cmp($out, qr/\A(<p>p<\/p>\n){10}\n200 1\.1\z/,
         'Upgrade: h2c on a site with a raw output filter: declined, the '
         . 'body intact over HTTP/1.1');
$out = curl('b.test', 'y');
ok t_cmp($out, qr/\n200 1\.1\z/, 'and again');

my $tag = tag('up');
$out = curl('a.test', $tag);
ok t_cmp($out, qr/\A(<p>p<\/p>\n){10}\n200 1\.1\z/,
         'Upgrade: h2c on a site with a recorder: answered on HTTP/1.1');
my @ev = map { (split / /)[1] }
    wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/, qr/^\Q$tag\E#/);
ok t_cmp(join(' ', grep { $_ ne 'END_OF_NET_SESSION' } @ev),
         'PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE SEND_RESPONSE '
         . 'END_OF_REQUEST LOG', 'one client request, each event once')
    or note("@ev");
$out = curl('c.test', 'z');
ok t_cmp($out, qr/\A(<p>p<\/p>\n){10}\n200 2\z/,
         'Upgrade: h2c on a site without filters, on the same port: '
         . 'upgraded');

ok t_cmp(stop_crashes($s), '', 'no child crashed');
