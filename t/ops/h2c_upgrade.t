# HTTP/1.1 "Upgrade: h2c" (curl --http2 without prior knowledge) is one
# client request, which httpd would answer as two: the HTTP/1.1 request,
# switched in its handler phase after its early events, and HTTP/2 stream
# 1, made from it as the filters left it.  A recorder (cb_order.so, on
# a.test) heard PREPROC_HEADERS to AUTH_COMPLETE twice, and SEND_RESPONSE,
# END_OF_REQUEST and LOG twice.  On a site with filters the upgrade is now
# declined (hooks/upgrade.c): one request on HTTP/1.1, each event once,
# with curl and with a request pipelined behind it; so is OPTIONS * with
# an Upgrade, which httpd switches from map_to_storage.  The veto is per
# request: c.test, with no filter, on the same port, still upgrades (101,
# then HTTP/2).
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
use ISF::Test qw(httpd_start free_port raw_request parse_responses
                 stop_crashes run_tool);
use ISF::CB qw(tag http_req wait_log note);

plan tests => 14, need_module 'isapi_filter';

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
# Raw requests: the pipelined one behind the upgrade, and OPTIONS *.
my @up = ('Connection' => 'Upgrade, HTTP2-Settings', 'Upgrade' => 'h2c',
          'HTTP2-Settings' => 'AAMAAABkAAQCAAAAAAIAAAAA');
sub events_of {
    my ($tag) = @_;
    wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/, undef, 5);
    return join ' ', grep { $_ ne 'END_OF_NET_SESSION' }
        map { (split / /)[1] } wait_log($LOG, qr/^\Q$tag\E#/, undef, 1);
}

my @t = (tag('upa'), tag('upa'));
my $raw = raw_request(port => $port, data =>
    http_req('/p.html', host => 'a.test', 'X-CB-Tag' => $t[0], @up)
    . http_req('/p.html', host => 'a.test', 'X-CB-Tag' => $t[1],
               close => 1));
my @res = parse_responses($raw);
ok t_cmp(join(' ', map { "$_->{proto} $_->{status} "
                         . length($_->{body}) } @res),
         'HTTP/1.1 200 90 HTTP/1.1 200 90',
         'a.test: the upgrade declined, the pipelined request answered');
ok t_cmp(events_of($t[0]),
         'PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE '
         . 'SEND_RESPONSE END_OF_REQUEST LOG',
         'each event once for the request that asked to upgrade');

$tag = tag('upo');
$raw = raw_request(port => $port, data =>
    http_req('*', method => 'OPTIONS', host => 'a.test',
             'X-CB-Tag' => $tag, @up));
@res = parse_responses($raw);
ok t_cmp(join(' ', map { "$_->{proto} $_->{status}" } @res),
         'HTTP/1.1 200', 'a.test: OPTIONS * with Upgrade: HTTP/1.1');
my $ev = events_of($tag);
ok t_cmp(scalar(() = $ev =~ /PREPROC_HEADERS/g) . ' ' . ($ev =~ /LOG$/ ? 1 : 0),
         '1 1', 'its events raised once') or note($ev);

($raw) = raw_request(port => $port, timeout => 2, data =>
    http_req('/p.html', host => 'c.test', @up));
ok t_cmp($raw, qr{\AHTTP/1\.1 101 Switching Protocols\r\n.*Upgrade: h2c}s,
         'c.test (no filter): the upgrade goes on');
($raw) = raw_request(port => $port, timeout => 2, data =>
    http_req('*', method => 'OPTIONS', host => 'c.test', @up));
ok t_cmp($raw, qr{\AHTTP/1\.1 101 }, 'c.test: OPTIONS * too');
$out = curl('c.test', 'z');
ok t_cmp($out, qr/\A(<p>p<\/p>\n){10}\n200 2\z/,
         'c.test with curl --http2: upgraded, HTTP/2');

ok t_cmp(stop_crashes($s), '', 'no child crashed');
