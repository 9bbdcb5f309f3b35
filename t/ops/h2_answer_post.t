# A filter that answers a POST (h2_answer.so: SF_REQ_SEND_RESPONSE_HEADER,
# WriteClient, FINISHED_KEEP_CONN, its Content-Length matching) over
# HTTP/2 while the client is still sending a 2 MB body.  The answer kept
# the stream's connection alive, so httpd went on to read the rest of the
# body (ap_discard_request_body) after the stream's EOS, which mod_http2
# no longer feeds: the client's upload stalled at its flow-control window
# and the request hung until Timeout, a worker held all that time.  A
# stream has no keep-alive of its own: its body is left unread, and
# mod_http2 ends the stream with RST_STREAM (NO_ERROR) after the answer,
# as it does after Apache's own answers (a 404 here), or with the answer
# alone when the body was all in by then (a slow server: the sanitizer
# build).  nghttp (nghttp2-client) is the client: curl 7.88 reports that
# RST_STREAM as an error; it is the slow sender (--limit-rate).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir);
use Time::HiRes ();
use ISF::Test qw(httpd_start free_port run_tool stop_crashes);
use ISF::CB qw(note);

my $h2so = '/usr/lib/apache2/modules/mod_http2.so';
my $nghttp = (run_tool('nghttp --version 2>/dev/null') // '') =~ /nghttp/;
plan tests => 7, need 'isapi_filter',
    { "$h2so is missing" => -e $h2so, 'nghttp is missing' => $nghttp };

my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway',
                  'h2_answer_post');
File::Path::mkpath($docs);
open my $fh, '>', "$docs/x.html" or die;
print $fh "<p>x</p>\n";
close $fh;
open $fh, '>', "$docs/body.bin" or die;
print $fh 'b' x (2 * 1024 * 1024);
close $fh;

my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule http2_module $h2so
Protocols h2c http/1.1
Timeout 30
DocumentRoot $docs
<Directory $docs>
    Require all granted
</Directory>
ISAPIFilter filters/h2_answer.so
EOF
    modules => [qw(mpm_event authz_core mime dir)]);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});

# nghttp's frames for one POST, and how long it took.
sub post {
    my ($path, @h) = @_;
    my $h = join ' ', map { "-H '$_'" } @h;
    my $t0 = Time::HiRes::time();
    my $out = run_tool("timeout 20 nghttp -nv -d $docs/body.bin $h "
                       . "http://127.0.0.1:$port$path 2>&1") // '';
    return ($out, Time::HiRes::time() - $t0);
}
# "<status> <DATA bytes> ended|open": ended when END_STREAM or a
# RST_STREAM (NO_ERROR) came.  How the DATA is framed varies with timing.
sub frames {
    my ($out) = @_;
    my ($st) = $out =~ /recv \(stream_id=\d+\) :status: (\d+)/;
    my $len = 0;
    $len += $1 while $out =~ /recv DATA frame <length=(\d+)/g;
    my $end = $out =~ /recv DATA frame <length=\d+, flags=0x01/
              || $out =~ /recv RST_STREAM frame.*\n\s*\(error_code=NO_ERROR/;
    return join ' ', $st // 'none', $len, $end ? 'ended' : 'open';
}

my ($out, $took) = post('/nope.html');
# The body may all be in before the answer (a slow server): then no
# RST_STREAM is needed.
ok t_cmp(frames($out), qr/^404 \d+ ended\z/,
         "Apache's own 404 to a POST: the answer, then RST_STREAM");
($out, $took) = post('/x.html', 'X-H2-Event: preproc', 'X-H2-Op: ssf',
                     'X-H2-Head: Content-Length: 5|', 'X-H2-Body: 5');
ok t_cmp(frames($out), '200 5 ended',
         "a filter's answer to a POST: the same");
ok t_cmp($took < 10 ? 1 : 0, 1,
         'and at once, not when the server gives up on the body')
    or note("took $took s");
# A client that sends its body slowly (curl, 200 KB/s: ten seconds).
$out = run_tool("curl -s -m 15 --http2-prior-knowledge --limit-rate 200k "
                . "--data-binary \@$docs/body.bin -o /dev/null "
                . "-w '%{exitcode} %{time_total}' -H 'X-H2-Event: preproc' "
                . "-H 'X-H2-Op: ssf' -H 'X-H2-Head: Content-Length: 5|' "
                . "-H 'X-H2-Body: 5' http://127.0.0.1:$port/x.html 2>&1");
my ($rc, $t) = split ' ', $out;
ok t_cmp(($rc == 28 ? 'timed out' : 'ended') . ($t < 5 ? ' at once' : ''),
         'ended at once',
         'a slow upload: the stream ends at once, not stalled until '
         . 'curl gives up') or note($out);
($out, $took) = post('/x.html', 'X-H2-Event: send_response',
                     'X-H2-Op: ssf', 'X-H2-Head: Content-Length: 5|',
                     'X-H2-Body: 5');
ok t_cmp(frames($out) . ($took < 10 ? '' : " after $took s"),
         '200 5 ended', 'answered from SEND_RESPONSE: the same');

ok t_cmp(stop_crashes($s), '', 'no child crashed');
