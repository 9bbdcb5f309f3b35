# A filter's own answer over HTTP/2, from each event it can answer in
# and in the ways IIS filters answer (h2_answer.so, after the recorder
# cb_order.so), over h2c by prior knowledge and over TLS (h2 by ALPN):
#
# - SF_REQ_SEND_RESPONSE_HEADER + WriteClient from PREPROC_HEADERS,
#   URL_MAP, AUTHENTICATION, AUTH_COMPLETE, SEND_RESPONSE and
#   ACCESS_DENIED (a Basic-protected <Location>): the answer whole.
# - FINISHED with nothing written, and a hand-written head mod_http2
#   cannot parse (bare LF line ends, which HTTP/1.1 clients accept): with
#   no response to pass on, mod_http2 made one up at the request's end, a
#   second request built from the stream's, on which every event was
#   raised again (PREPROC_HEADERS, SEND_RESPONSE, END_OF_REQUEST and LOG
#   twice for one client request) and which answered 500.  Now each
#   event is raised once and the stream is reset, as HTTP/1.1 closes the
#   connection with nothing sent.
# - a head whose Content-Length is shorter than the body written: an
#   HTTP/1.1 client reads the declared bytes (the connection then
#   closes); in HTTP/2 DATA the excess was a protocol error and the
#   client lost the answer.  Now the excess is dropped on HTTP/2.
# - the same answers with SF_STATUS_REQ_NEXT_NOTIFICATION, the request
#   let go on: its EOS, dropped with Apache's response, must still end
#   the stream.
# - a hand-written "HTTP/1.1 302" head with CRLFs, no
#   SF_REQ_SEND_RESPONSE_HEADER: mod_http2 parses it.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir catfile);
use ISF::Test qw(httpd_start free_port run_tool stop_crashes
                 self_signed);
use ISF::CB qw(tag wait_log note);

my $h2so = '/usr/lib/apache2/modules/mod_http2.so';
plan tests => 32, need 'isapi_filter', 'ssl',
    { "$h2so is missing" => -e $h2so };

my $LOG = 'cb_order.log';
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway',
                  'h2_answer_events');
File::Path::mkpath("$docs/sub");
for ('x.html', 'sub/x.html') {
    open my $fh, '>', "$docs/$_" or die;
    print $fh "<p>$_</p>\n";
    close $fh;
}
my ($crt, $key) = self_signed($docs);

my $port = free_port();
my $tls = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule http2_module $h2so
LoadModule authn_core_module $libexec/mod_authn_core.so
LoadModule authn_file_module $libexec/mod_authn_file.so
LoadModule auth_basic_module $libexec/mod_auth_basic.so
LoadModule authz_user_module $libexec/mod_authz_user.so
Protocols h2 h2c http/1.1
SSLSessionCache none
DocumentRoot $docs
<Directory $docs>
    Require all granted
</Directory>
<Location /sub>
    AuthType Basic
    AuthName h2
    AuthUserFile /dev/null
    Require valid-user
</Location>
ISAPIFilter filters/cb_order.so
ISAPIFilter filters/h2_answer.so
Listen 127.0.0.1:$tls
<VirtualHost 127.0.0.1:$tls>
    SSLEngine on
    SSLCertificateFile $crt
    SSLCertificateKeyFile $key
</VirtualHost>
EOF
    modules => [qw(mpm_event authz_core mime dir ssl)]);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});

# "<http code> <http version>" and the body, of one curl run.
sub fetch {
    my ($how, $url, @h) = @_;
    my $h = join ' ', map { "-H '$_'" } @h;
    return run_tool("curl -s -k -m 10 -w ' %{http_code} %{http_version}'"
                    . " $how $h '$url' 2>&1");
}
my $h2c = "http://127.0.0.1:$port";
my $h2 = "https://127.0.0.1:$tls";
my @answer = ('X-H2-Op: ssf', 'X-H2-Head: Content-Length: 5|',
              'X-H2-Body: 5');

for my $ev (qw(preproc url_map authn auth_complete send_response
               access_denied)) {
    my $path = $ev eq 'access_denied' ? '/sub/x.html' : '/x.html';
    ok t_cmp(fetch('--http2-prior-knowledge', "$h2c$path",
                   "X-H2-Event: $ev", @answer),
             'abcde 200 2', "h2c: the answer from $ev, whole");
    ok t_cmp(fetch('--http2', "$h2$path", "X-H2-Event: $ev", @answer),
             'abcde 200 2', "h2 (TLS): the answer from $ev, whole");
}

# The same answers with NEXT_NOTIFICATION: the filter lets the request
# go on, and Apache's own response is dropped.  Its EOS went with it:
# the stream was never ended, and reset (STREAM_CLOSED) from URL_MAP,
# AUTHENTICATION and AUTH_COMPLETE.
for my $ev (qw(preproc url_map authn auth_complete)) {
    ok t_cmp(fetch('--http2-prior-knowledge', "$h2c/x.html",
                   "X-H2-Event: $ev", 'X-H2-Keep: next', @answer),
             'abcde 200 2', "h2c: the answer from $ev, the request let go "
             . 'on: whole');
}

# The events a request's tag was recorded with, in order.
sub events_of {
    my ($tag) = @_;
    wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/, undef, 5);
    # What a made-up second request would add comes right after.
    select undef, undef, undef, 0.5;
    return join ' ', grep { $_ ne 'END_OF_NET_SESSION' }
        map { (split / /)[1] } wait_log($LOG, qr/^\Q$tag\E#/, undef, 1);
}

my $tag = tag('h2none');
my $out = fetch('--http2-prior-knowledge', "$h2c/x.html", "X-CB-Tag: $tag",
                'X-H2-Event: preproc', 'X-H2-Op: none');
ok t_cmp($out, qr/ 000 0\z/,
         'h2c, FINISHED with nothing written: the stream reset, no 500');
ok t_cmp(events_of($tag), 'PREPROC_HEADERS END_OF_REQUEST LOG',
         'and each event raised once');

$tag = tag('h2lf');
$out = fetch('--http2-prior-knowledge', "$h2c/x.html", "X-CB-Tag: $tag",
             'X-H2-Event: preproc', 'X-H2-Op: raw',
             'X-H2-Head: HTTP/1.1 302 Found~Location: /x.html~~');
ok t_cmp($out, qr/ 000 0\z/,
         'h2c, a head mod_http2 cannot parse: the stream reset, no 500');
ok t_cmp(events_of($tag), 'PREPROC_HEADERS END_OF_REQUEST LOG',
         'and each event raised once');

# A head from SF_REQ_SEND_RESPONSE_HEADER with a line mod_http2 cannot
# read (over 8 KiB; HTTP/1.1 clients take it), the request let go on:
# the stream is reset, and the request mod_http2 makes up is refused.
$tag = tag('h2pad');
fetch('--http2-prior-knowledge', "$h2c/x.html", "X-CB-Tag: $tag",
      'X-H2-Event: url_map', 'X-H2-Op: ssf', 'X-H2-Keep: next',
      'X-H2-Pad: 9000', 'X-H2-Body: 5');
my $ev = events_of($tag);
ok t_cmp(join(' ', scalar(() = $ev =~ /PREPROC_HEADERS/g),
              scalar(() = $ev =~ /\bLOG\b/g)), '1 1',
         'an unreadable head from SF_REQ_SEND_RESPONSE_HEADER: '
         . 'PREPROC_HEADERS and LOG once') or note($ev);

my @short = ('X-H2-Event: preproc', 'X-H2-Op: ssf',
             'X-H2-Head: Content-Length: 3|', 'X-H2-Body: 5');
ok t_cmp(fetch('', "$h2c/x.html", @short), 'abc 200 1.1',
         'HTTP/1.1: a body longer than its Content-Length: the declared '
         . 'bytes');
ok t_cmp(fetch('--http2-prior-knowledge', "$h2c/x.html", @short),
         'abc 200 2', 'h2c: the same, the excess dropped');
ok t_cmp(fetch('--http2', "$h2/x.html", @short), 'abc 200 2',
         'h2 (TLS): the same');

# SF_REQ_SEND_RESPONSE_HEADER's Content-Length frames (and on a stream
# clips) the body: two of them, a list, a sign or a word are refused
# (FALSE, 87), as SetHeader refuses them; one number is taken.
my $alog = catfile(Apache::Test::vars('t_logs'), 'h2_answer.log');
sub head_result {
    my ($cl) = @_;
    my $before = -s $alog || 0;
    fetch('', "$h2c/x.html", 'X-H2-Event: preproc', 'X-H2-Op: ssf',
          'X-H2-Keep: 0', "X-H2-Head: Content-Length: $cl|");
    open my $fh, '<', $alog or return '';
    seek $fh, $before, 0;
    local $/;
    my $new = <$fh> // '';
    return $new =~ /^ANSWER ev=preproc op=ssf head=(\S+)/m ? $1 : $new;
}
ok t_cmp(head_result('0'), 'TRUE', 'Content-Length: 0: the head sent');
ok t_cmp(head_result('3|Content-Length: 5'), 'FALSE/87',
         'two Content-Lengths: refused');
ok t_cmp(head_result('3, 3'), 'FALSE/87', 'a list: refused');
ok t_cmp(head_result('+3'), 'FALSE/87', 'a sign: refused');
ok t_cmp(head_result('three'), 'FALSE/87', 'a word: refused');

$out = run_tool("curl -s -m 10 -D - -o /dev/null --http2-prior-knowledge "
                . "-H 'X-H2-Event: url_map' -H 'X-H2-Op: raw' "
                . "-H 'X-H2-Head: HTTP/1.1 302 Found|Location: /x.html||' "
                . "$h2c/x.html 2>&1");
ok t_cmp($out, qr{\AHTTP/2 302 \r\nlocation: /x\.html\r\n}i,
         'h2c: a 302 head written with WriteClient alone');

ok t_cmp(stop_crashes($s), '', 'no child crashed');
