# Raw data filters and HTTP/2 (mod_http2): the documented decision is that
# raw events are not raised on HTTP/2 connections (READ_RAW_DATA and
# SEND_RAW_DATA step aside), while responses stay complete and the server
# keeps answering.  One throwaway server, `Protocols h2 h2c http/1.1`, a
# plain port (h2c by prior knowledge; an Upgrade is declined) and a TLS
# port (h2 by ALPN), with the global filters
#   rawin_rewrite.so   READ_RAW_DATA: /old/ -> /new/
#   rawin_mark_out.so  SEND_RAW_DATA: rawin-marker -> RAWIN-MARKER
#   rawin_passthru.so  raw in+out, records every notification (RAWIN_LOG)
# so a raw filter that ran on an h2 connection would show in the bytes and
# in the record.  Requests are made with curl.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Temp ();
use ISF::Test qw(raw_request parse_responses free_port run_tool
                 self_signed);
use ISF::RawIn qw(rawin_fixture rawin_start slurp);

# curl and openssl run without the sanitizer runtime that SANITIZE=1
# preloads for httpd (curl hangs under it): ISF::Test run_tool.
my $h2so = '/usr/lib/apache2/modules/mod_http2.so';
my $curl_ok = (run_tool('curl --version 2>/dev/null') // '')
    =~ /^Features:.*\bHTTP2\b/m;
plan tests => 18, need 'isapi_filter', 'ssl',
    { "$h2so is missing" => -e $h2so, 'curl lacks HTTP2' => $curl_ok };

my $fx = rawin_fixture(big => 300_000);
my $tmp = File::Temp::tempdir('rawin-h2-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my ($crt, $key) = self_signed($tmp);

my $tls = free_port();
local $ENV{RAWIN_LOG} = $fx->{log};
my $s = rawin_start($fx, [map { "filters/rawin_$_.so" }
                          qw(rewrite mark_out passthru)],
                    modules => ['ssl'], extra => <<"EOC");
LoadModule http2_module $h2so
Protocols h2 h2c http/1.1
SSLSessionCache none
Listen 127.0.0.1:$tls
<VirtualHost 127.0.0.1:$tls>
    Protocols h2 http/1.1
    SSLEngine on
    SSLCertificateFile $crt
    SSLCertificateKeyFile $key
</VirtualHost>
EOC
ok t_cmp($s->{started}, 1, 'a server with mod_http2 and raw filters starts')
    or print map { "# $_\n" } split /\n/, "$s->{output}$s->{error_log}";
my $plain = "http://127.0.0.1:$s->{port}";
my $secure = "https://127.0.0.1:$tls";

# One curl run; each URL's "version code size" and body.
my $nout = 0;
sub fetch {
    my (@args) = @_;
    my @urls = grep { m{^https?://} } @args;
    my @opts = grep { !m{^https?://} } @args;
    my @files = map { "$fx->{dir}/curl-" . ++$nout } @urls;
    my $cmd = join ' ', 'curl -s -k --max-time 10', @opts,
        (map { "-o $_" } @files), "-w '%{http_version} %{http_code} "
        . "%{size_download}\\n'", map { "'$_'" } @urls;
    my @w = split /\n/, run_tool($cmd);
    return map { { w => $w[$_] // 'none', body => slurp($files[$_]) } }
        0 .. $#urls;
}

# The notification record since the last call.
my $seen = 0;
sub new_records {
    my @all = split /\n/, slurp($fx->{log});
    my @new = @all[$seen .. $#all];
    $seen = @all;
    return @new;
}
sub raw_events { grep { /ev=(?:READ|SEND)_RAW_DATA/ } @_ }
sub note { print map { "# $_\n" } @_ }

my $big_w = '2 200 ' . length($fx->{big});
new_records();

# ---- h2c, prior knowledge (one curl per request: curl 7.88 does not
# reuse an h2c prior-knowledge connection for a second URL) ---------------
my ($r) = fetch('--http2-prior-knowledge', "$plain/big.bin");
ok t_cmp("$r->{w} " . ($r->{body} eq $fx->{big} ? 'same' : 'differs'),
         "$big_w same", 'h2c: a 300000-byte response arrives complete and '
         . 'unchanged');
($r) = fetch('--http2-prior-knowledge', "$plain/marker.txt");
ok t_cmp("$r->{w} $r->{body}", "2 200 26 before rawin-marker after\n",
         'h2c: SEND_RAW_DATA is not raised (the marker is left alone)');
($r) = fetch('--http2-prior-knowledge', "$plain/old/x");
ok t_cmp($r->{w}, '2 404 ' . length($r->{body}), 'h2c: READ_RAW_DATA is '
         . 'not raised (/old/ is not rewritten: 404)');
my $post = join '', map { sprintf "%05d-post-body\n", $_ } 1 .. 5000;
open my $pf, '>', "$fx->{dir}/post.bin" or die $!;
print $pf $post;
close $pf;
($r) = fetch('--http2-prior-knowledge', "--data-binary \@$fx->{dir}/post.bin",
             "-H 'Content-Type: application/octet-stream'",
             "$plain/new/post");
my ($echoed) = $r->{body} =~ /^body=(.*)\z/ms;
ok t_cmp(($echoed // '') eq $post ? 1 : 0, 1, 'h2c: a 80000-byte request '
         . 'body reaches the CGI whole through the raw input filter');
my @rec = new_records();
ok t_cmp(scalar(raw_events(@rec)), 0, 'h2c: no READ_RAW_DATA or '
         . 'SEND_RAW_DATA notification at all');
my @h2c = @rec;

# ---- h2 over TLS (ALPN), two streams on one connection --------------------
my ($b, $m) = fetch('--http2', "$secure/big.bin", "$secure/marker.txt");
ok t_cmp("$b->{w} " . ($b->{body} eq $fx->{big} ? 'same' : 'differs'),
         "$big_w same", 'h2 (TLS, ALPN): the large response arrives '
         . 'complete');
ok t_cmp("$m->{w} $m->{body}", "2 200 26 before rawin-marker after\n",
         'h2 (TLS): second stream complete, SEND_RAW_DATA not raised');
@rec = new_records();
ok t_cmp(scalar(raw_events(@rec)), 0, 'h2 (TLS): no raw notification');
push @h2c, @rec;

# ---- "Upgrade: h2c" declined: the request stays HTTP/1.1 -----------------
# (hooks/upgrade.c: a request the filters have heard is not switched, or
# its stream would raise every event again.)  20000 bytes, a range.
($r) = fetch('--http2', '-r 0-19999', "$plain/big.bin");
ok t_cmp("$r->{w} " . ($r->{body} eq substr($fx->{big}, 0, 20000)
                       ? 'same' : 'differs'),
         '1.1 206 20000 same', 'Upgrade: h2c: answered on HTTP/1.1, whole');
@rec = raw_events(new_records());
ok t_cmp(join('|', map { /ev=(\w+) len=\d+ head=(.{12})/ ? "$1 $2" : $_ }
              @rec[0, 1]),
         'READ_RAW_DATA GET /big.bin|SEND_RAW_DATA HTTP/1.1 206',
         'Upgrade: h2c: the raw filters see the request and its 206, no 101');

# ---- HTTP/1.1 on the same server afterwards -------------------------------
my ($raw) = raw_request(port => $s->{port},
    data => "GET /old/h1 HTTP/1.1\r\nHost: localhost\r\n\r\n"
          . "GET /marker.txt HTTP/1.1\r\nHost: localhost\r\n"
          . "Connection: close\r\n\r\n");
my @res = parse_responses($raw);
ok t_cmp(($res[0] || {})->{body} // '', qr{^uri=/new/h1$}m, 'HTTP/1.1 '
         . 'afterwards: READ_RAW_DATA rewrites the request');
ok t_cmp(($res[1] || {})->{body} // '', "before RAWIN-MARKER after\n",
         'HTTP/1.1 afterwards: SEND_RAW_DATA edits the response');
($r) = fetch('--http1.1', "$secure/marker.txt");
ok t_cmp("$r->{w} $r->{body}", "1.1 200 26 before RAWIN-MARKER after\n",
         'HTTP/1.1 over TLS (ALPN http/1.1): raw filters run');
@rec = new_records();
ok t_cmp(scalar(raw_events(@rec)) >= 4 ? 1 : 0, 1, 'HTTP/1.1: raw '
         . 'notifications recorded (control)');
($r) = fetch('--http2-prior-knowledge', "$plain/index.html");
ok t_cmp($r->{w}, qr/^2 200 /, 'h2c still served after all that');

$s->{stop}->();
my $elog = slurp("$s->{dir}/error_log");
ok t_cmp($elog =~ /AH00052|Segmentation|\[(?:core|http2):(?:crit|alert)\]/
         ? 1 : 0, 0, 'no child crashed');

# What structured events did on the HTTP/2 streams (reported, not judged):
my %ev;
$ev{$_}++ for map { /ev=(\w+)/ ? $1 : () } @h2c;
note('HTTP/2 requests (h2c prior knowledge x4, TLS x2), notifications seen: '
     . join(', ', map { "$_ x$ev{$_}" } sort keys %ev));
note(grep { /PREPROC_HEADERS/ } @h2c);
ok t_cmp(scalar(grep { /ev=PREPROC_HEADERS .*version=HTTP\/2\.0/ } @h2c), 6,
         'structured events on h2 streams: PREPROC_HEADERS once per stream, '
         . 'version HTTP/2.0');
