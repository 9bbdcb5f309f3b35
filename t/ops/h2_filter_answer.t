# A filter that answers in PREPROC_HEADERS (life_answer.so:
# SF_REQ_SEND_RESPONSE_HEADER, WriteClient, FINISHED_KEEP_CONN) on a site
# where another (cb_order.so) is disabled in <Location /loc>, with
# mod_log_forensic's and mod_remoteip's post_read_request hooks after
# PREPROC_HEADERS' (a3a528f).  Pipelined on HTTP/1.1 the answers go out
# whole between the files.  Over HTTP/2 (h2c, prior knowledge) the answer
# never arrives: the filter's head is written as HTTP/1.1 bytes on the
# stream's connection, and curl sees the stream closed without a response
# (STREAM_CLOSED).  Known to fail, on 18aed05 as on a3a528f.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir);
use ISF::Test qw(httpd_start free_port raw_request parse_responses
                 stop_crashes run_tool);
use ISF::CB qw(tag http_req wait_log note);

plan tests => 11, need_module 'isapi_filter';

my $LOG = 'cb_order.log';
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway',
                  'per_url_answer_docs');
File::Path::mkpath("$docs/loc");
for ('x.html', 'loc/x.html') {
    open my $fh, '>', "$docs/$_" or die;
    print $fh "<p>$_</p>\n";
    close $fh;
}
my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule http2_module $libexec/mod_http2.so
LoadModule remoteip_module $libexec/mod_remoteip.so
LoadModule log_forensic_module $libexec/mod_log_forensic.so
Protocols h2c http/1.1
RemoteIPHeader X-Forwarded-For
ForensicLog $docs/forensic.log
DocumentRoot $docs
<Directory $docs>
    Require all granted
</Directory>
<Location /loc>
    ISAPIFilterDisable cb_order.so
</Location>
ISAPIFilter filters/life_answer.so
ISAPIFilter filters/cb_order.so
EOF
    modules => [qw(mpm_event authz_core mime dir)]);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});

sub events_of {
    my ($tag) = @_;
    my @l = wait_log($LOG, qr/^\Q$tag\E#\d+ LOG$/, qr/^\Q$tag\E#\d+ /, 3);
    return join ',', grep { $_ ne 'END_OF_NET_SESSION' }
                     map { (split / /)[1] } @l;
}

my @t = map { tag('ans') } 1 .. 4;
my @p = ('/loc/x.html', '/x.html', '/loc/x.html', '/x.html');
my $data = join '', map {
    http_req($p[$_], 'X-CB-Tag' => $t[$_], 'X-Forwarded-For' => '10.1.2.3',
             ($_ % 2 == 0 ? ('X-Life-Op' => 'answer', 'X-Life-Status' => 200,
                             'X-Life-Body' => 7) : ()),
             close => $_ == 3)
} 0 .. 3;
my @res = parse_responses(scalar raw_request(port => $port, data => $data));
ok t_cmp(join(' ', map { "$_->{status}:" . length($_->{body}) } @res),
         '200:7 200:14 200:7 200:14',
         'pipelined: the answers whole, the files served between them');
my $tag = tag('ansh2');
my $out = run_tool(qq{curl -s -m 10 -w ' %{http_code} %{http_version}' --http2-prior-knowledge -H 'X-CB-Tag: $tag' -H 'X-Life-Op: answer' -H 'X-Life-Status: 200' -H 'X-Life-Body: 7' http://127.0.0.1:$port/loc/x.html 2>&1});
ok t_cmp($out, 'abcdefg 200 2', 'HTTP/2: the answer whole');
$out = run_tool(qq{curl -s -m 10 -w ' %{http_code} %{http_version}' --http2-prior-knowledge http://127.0.0.1:$port/x.html 2>&1});
ok t_cmp($out, "<p>x.html</p>\n 200 2", 'HTTP/2 without the answer: served');

# The other answers a filter makes.
sub h2 {
    my ($hdrs, $path) = @_;
    my $h = join ' ', map { "-H '$_'" } @$hdrs;
    return run_tool(qq{curl -s -m 10 -w ' %{http_code} %{http_version} %{num_connects}\n' --http2-prior-knowledge $h http://127.0.0.1:$port$path 2>&1});
}
$out = h2(['X-Life-Op: answer', 'X-Life-Status: 302', 'X-Life-Body: 0'],
          '/loc/x.html');
ok t_cmp($out, " 302 2 1\n", 'HTTP/2: a 302 with no body');
$out = run_tool(qq{curl -s -m 10 -D - -o /dev/null --http2-prior-knowledge -H 'X-Life-Op: answer' -H 'X-Life-Status: 302' -H 'X-Life-Body: 0' http://127.0.0.1:$port/x.html 2>&1});
ok t_cmp($out, qr/^location: \S+/mi, 'HTTP/2: the 302 carries its Location');
$out = h2(['X-Life-Op: answer', 'X-Life-Status: 304', 'X-Life-Body: 0'],
          '/x.html');
ok t_cmp($out, " 304 2 1\n", 'HTTP/2: a 304');
$out = run_tool(qq{curl -s -m 10 -I -w '%{http_code} %{http_version}' --http2-prior-knowledge -H 'X-Life-Op: answer' -H 'X-Life-Status: 200' -H 'X-Life-Body: 7' http://127.0.0.1:$port/x.html 2>&1});
ok t_cmp($out, qr/content-length: 7\r?\n.*200 2\z/si,
         'HTTP/2 HEAD: the head alone');
$out = h2(['X-Life-Op: sr-ssf'], '/x.html');
ok t_cmp($out, " 200 2 1\n", 'HTTP/2: a head sent from SEND_RESPONSE');
# Twenty streams on one connection, ten at a time (h2load: curl 7.88
# does not reuse an h2c connection), every other one under <Location>.
$out = run_tool(qq{h2load -n 20 -c 1 -m 10 -H 'X-Life-Op: answer' -H 'X-Life-Status: 200' -H 'X-Life-Body: 7' http://127.0.0.1:$port/x.html http://127.0.0.1:$port/loc/x.html 2>&1});
ok t_cmp(join(' | ', $out =~ /^(requests: .*|status codes: .*)$/mg,
              $out =~ /^traffic: .* (\d+B \(\d+\) data)$/m),
         'requests: 20 total, 20 started, 20 done, 20 succeeded, 0 failed, '
         . '0 errored, 0 timeout | status codes: 20 2xx, 0 3xx, 0 4xx, 0 5xx'
         . ' | 140B (140) data',
         'HTTP/2: twenty answers on one connection, 7 bytes each');
ok t_cmp(stop_crashes($s), '', 'no child crashed');
