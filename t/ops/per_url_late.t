# Per-URL control without a post_perdir_config hook (attacks on 2719bf2 and
# a3a528f): a filter without raw-data events (cb_order.so, so
# ISAPI_FILTER_END raises END_OF_REQUEST) disabled in <Location /loc>.
# Internal redirects (ErrorDocument both ways, mod_rewrite [PT] and
# per-directory rewrite), a 401 from mod_auth_basic, HEAD, Expect:
# 100-continue, pipelined keep-alive requests and HTTP/2 (h2c): the late
# events follow the configuration the response goes out with.  Loaded
# alongside other post_read_request hooks (mod_remoteip, mod_setenvif,
# mod_reqtimeout, mod_log_forensic, mod_http2).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir);
use IO::Socket::INET;
use ISF::Test qw(raw_request parse_responses httpd_start free_port run_tool
                 stop_crashes);
use ISF::CB qw(tag http_req read_until wait_log log_lines note);

plan tests => 58, need_module 'isapi_filter';

my $LOG = 'cb_order.log';
my $EARLY = 'PREPROC_HEADERS,URL_MAP';
my $ALL = 'PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE,'
        . 'SEND_RESPONSE,END_OF_REQUEST,LOG';
my $UPTO_AC = 'PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE';
# An internal redirect raises URL_MAP again (an early event: the server's
# setting governs it), then its response's events.
my $REDIR_OFF = "$UPTO_AC,URL_MAP";

sub put {
    my ($file, $text) = @_;
    my ($dir) = $file =~ m{^(.*)/};
    File::Path::mkpath($dir);
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh;
}

my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway',
                  'per_url_late_docs');
File::Path::rmtree($docs);
put("$docs/$_", "<p>$_</p>\n")
    for qw(plain.html e404.html loc/x.html loc/404.html rw/y.html
           locauth/x.html loc/index.html denied/x.html idx/index.html);
put("$docs/nobody.htpasswd", '');

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule rewrite_module $libexec/mod_rewrite.so
LoadModule http2_module $libexec/mod_http2.so
LoadModule remoteip_module $libexec/mod_remoteip.so
LoadModule setenvif_module $libexec/mod_setenvif.so
LoadModule reqtimeout_module $libexec/mod_reqtimeout.so
LoadModule log_forensic_module $libexec/mod_log_forensic.so
Protocols h2c http/1.1
DocumentRoot $docs
<Directory $docs>
    Options FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>
<Directory $docs/rw>
    RewriteEngine On
    RewriteRule ^y\\.html\$ /loc/x.html [L]
</Directory>
RemoteIPHeader X-Forwarded-For
RemoteIPInternalProxy 127.0.0.1
SetEnvIf User-Agent . isf_ua
RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500
ForensicLog $docs/../per_url_late_forensic.log
ErrorDocument 404 /loc/404.html
RewriteEngine On
RewriteRule ^/pt/(.*)\$ /loc/\$1 [PT]
<Location /loc>
    ISAPIFilterDisable cb_order.so
    ErrorDocument 404 /e404.html
</Location>
DirectoryIndex index.html
Redirect /loc/gone /plain.html
<Location /denied>
    Require all denied
    ISAPIFilterDisable cb_order.so
</Location>
<Directory $docs/idx>
    <Files index.html>
        ISAPIFilterDisable cb_order.so
    </Files>
</Directory>
<Location /locauth>
    AuthType Basic
    AuthName per_url_late
    AuthUserFile $docs/nobody.htpasswd
    Require valid-user
    ISAPIFilterDisable cb_order.so
</Location>
ISAPIFilter filters/cb_order.so
ISAPIFilter filters/req_auth_complete.so
EOF
    modules => [qw(mpm_event authz_core authz_user authn_core authn_file
                   auth_basic mime dir alias)]);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});

# The events a tag heard, END_OF_NET_SESSION left out.
sub events_of {
    my ($tag, $wait) = @_;
    my @l = wait_log($LOG, $wait || qr/^\Q$tag\E#\d+ LOG$/,
                     qr/^\Q$tag\E#\d+ /, 3);
    return join ',', grep { $_ ne 'END_OF_NET_SESSION' }
                     map { (split / /)[1] } @l;
}

sub one {
    my ($path, %o) = @_;
    my $tag = tag('late');
    my $raw = raw_request(port => $port,
        data => http_req($path, 'X-CB-Tag' => $tag, close => 1,
                         @{ $o{h} || [] }));
    my @l = wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
                     qr/^\Q$tag\E#\d+ /);
    my $ev = join ',', grep { $_ ne 'END_OF_NET_SESSION' }
                       map { (split / /)[1] } @l;
    my ($res) = grep { $_->{status} >= 200 }
                parse_responses($raw, methods => [$o{method} || 'GET']);
    return ($res ? $res->{status} : 0, $ev);
}

sub check {
    my ($path, $st, $ev, $what, %o) = @_;
    my ($gst, $gev) = one($path, %o);
    ok t_cmp($gst, $st, "$what: status");
    ok t_cmp($gev, $ev, "$what: events");
}

check('/plain.html', 200, $ALL, 'no section');
check('/loc/x.html', 200, $EARLY, 'GET in the disabled <Location>');
check('/loc/x.html', 200, $EARLY, 'HEAD in the disabled <Location>',
      h => [method => 'HEAD'], method => 'HEAD');
check('/missing.html', 404, $REDIR_OFF,
      'ErrorDocument into the disabled <Location>');
check('/loc/missing.html', 404,
      'PREPROC_HEADERS,URL_MAP,URL_MAP,SEND_RESPONSE,END_OF_REQUEST,LOG',
      'a 404 in the <Location>, its ErrorDocument outside');
check('/pt/x.html', 200, $EARLY, 'mod_rewrite [PT] into the <Location>');
check('/rw/y.html', 200, $REDIR_OFF,
      'per-directory rewrite (internal redirect) into the <Location>');
check('/locauth/x.html', 401, $EARLY,
      'a 401 from mod_auth_basic in a disabling <Location>');
check('/loc/x.html', 200, $EARLY,
      'POST with Expect: 100-continue in the <Location>',
      h => [method => 'POST', 'Expect' => '100-continue',
            body => 'x' x 100]);
check('/plain.html', 200, $REDIR_OFF,
      'an AUTH_COMPLETE url change into the <Location>',
      h => ['X-Test-Op' => 'redirect', 'X-Test-Url' => '/loc/x.html']);
check('/loc/x.html', 200,
      "$EARLY,URL_MAP,SEND_RESPONSE,END_OF_REQUEST,LOG",
      'an AUTH_COMPLETE url change out of the <Location>',
      h => ['X-Test-Op' => 'redirect', 'X-Test-Url' => '/plain.html']);
# mod_dir's sub-request raises URL_MAP again (the server's setting).
check('/loc/', 200, "$EARLY,URL_MAP", 'a DirectoryIndex in the <Location>');
check('/idx/', 200, "$UPTO_AC,URL_MAP", 'a DirectoryIndex file a <Files> section '
      . 'disables: the response (mod_dir\'s fast redirect) follows it');
check('/denied/x.html', 403, $EARLY, 'a 403 (Require all denied) in a '
      . 'disabling <Location>');
# The Redirect answers from translate_name, before URL_MAP; httpd's
# first <Location> walk has already given r the section's setting.
check('/loc/gone', 302, 'PREPROC_HEADERS', 'a mod_alias Redirect in the '
      . '<Location>');
check('/plain.html', 200, $ALL, 'through mod_remoteip',
      h => ['X-Forwarded-For' => '10.9.8.7', 'User-Agent' => 'atk']);

# Pipelined on one keep-alive connection.
{
    my @t = map { tag('pipe') } 1 .. 4;
    my @p = ('/loc/x.html', '/plain.html', '/missing.html', '/plain.html');
    my $data = join '', map { http_req($p[$_], 'X-CB-Tag' => $t[$_],
                                       close => $_ == 3) } 0 .. 3;
    my $raw = raw_request(port => $port, data => $data);
    my @res = parse_responses($raw);
    ok t_cmp(join(' ', map { $_->{status} } @res), '200 200 404 200',
             'pipelined: statuses');
    wait_log($LOG, qr/^\Q$t[3]\E#\d+ END_OF_NET_SESSION$/);
    my @got = map { events_of($t[$_]) } 0 .. 3;
    ok t_cmp("@got", join(' ', $EARLY, $ALL, $REDIR_OFF, $ALL),
             'pipelined: each request\'s events follow its own URL');
}

# HTTP/2 (h2c, prior knowledge).
{
    for my $c (['/loc/x.html', $EARLY, 200], ['/plain.html', $ALL, 200],
               ['/missing.html', $REDIR_OFF, 404]) {
        my $tag = tag('h2');
        my $out = run_tool(qq{curl -s -o /dev/null -w '%{http_code} %{http_version}' --http2-prior-knowledge -H 'X-CB-Tag: $tag' http://127.0.0.1:$port$c->[0] 2>&1});
        ok t_cmp($out, "$c->[2] 2", "h2c $c->[0]: status over HTTP/2");
        ok t_cmp(events_of($tag, qr/^\Q$tag\E#\d+ (LOG|END_OF_NET_SESSION)$/),
                 $c->[1], "h2c $c->[0]: events");
    }
}

ok t_cmp(stop_crashes($s), '', 'no child crashed');

# ---- Virtual hosts on one keep-alive connection, a raw filter among them --

# a.test: cb_order.so (END_OF_REQUEST through ISAPI_FILTER_END until the
# connection gets a raw output filter); b.test: rawout_record.so
# (SEND_RAW_DATA, END_OF_REQUEST: a report line after each response);
# c.test: tag_response.so (SEND_RESPONSE only).  Pipelined in one write.
put("$docs/big/big.bin", 'z' x (4 << 20));
put("$docs/loc/big.bin", 'z' x (4 << 20));
my $cgi = catdir(Apache::Test::vars('t_dir'), 'cgi-bin');
my $vport = free_port();
my $v = httpd_start(<<"EOF", keep => 1, port => $vport,
LoadModule http2_module $libexec/mod_http2.so
Protocols h2c http/1.1
<Directory $docs>
    Require all granted
</Directory>
<VirtualHost *:$vport>
    ServerName a.test
    DocumentRoot $docs
    ScriptAlias /cgi/ $cgi/
    ScriptAlias /loc/cgi/ $cgi/
    ISAPIFilter filters/cb_order.so
    <Location /loc>
        ISAPIFilterDisable cb_order.so
    </Location>
</VirtualHost>
<VirtualHost *:$vport>
    ServerName b.test
    DocumentRoot $docs
    ISAPIFilter filters/rawout_record.so
    <Location /loc>
        ISAPIFilterDisable rawout_record.so
    </Location>
</VirtualHost>
<VirtualHost *:$vport>
    ServerName c.test
    DocumentRoot $docs
    ISAPIFilter filters/tag_response.so
</VirtualHost>
EOF
    modules => [qw(mpm_event authz_core mime dir alias cgid)]);
ok t_cmp($v->{started}, 1, 'the virtual-host server starts')
    or note($v->{output}, $v->{error_log});
{
    my @seq = (['a.test', '/plain.html'], ['c.test', '/plain.html'],
               ['a.test', '/loc/x.html'], ['a.test', '/plain.html'],
               ['b.test', '/plain.html'], ['a.test', '/plain.html'],
               ['a.test', '/loc/x.html'], ['c.test', '/plain.html'],
               ['a.test', '/missing.html'], ['b.test', '/plain.html'],
               ['a.test', '/plain.html']);
    my @t = map { tag('vh') } @seq;
    my $data = join '', map {
        http_req($seq[$_][1], host => $seq[$_][0], 'X-CB-Tag' => $t[$_],
                 close => $_ == $#seq)
    } 0 .. $#seq;
    my $raw = raw_request(port => $vport, data => $data, timeout => 10);
    my @st = $raw =~ m{^HTTP/1\.1 (\d+)}mg;
    ok t_cmp("@st", '200 200 200 200 200 200 200 200 404 200 200',
             'vhost pipeline: every response, in order');
    my @rep = $raw =~ /^RAWREPORT req=(\d+)/mg;
    ok t_cmp(scalar(@rep), 2, 'vhost pipeline: one raw report per '
             . 'b.test response');
    wait_log($LOG, qr/^\Q$t[-1]\E#\d+ END_OF_NET_SESSION$/);
    my @want = map {
        $seq[$_][0] ne 'a.test' ? ''
        : $seq[$_][1] eq '/loc/x.html' ? $EARLY
        : $ALL
    } 0 .. $#seq;
    my @got = map { $seq[$_][0] eq 'a.test' ? events_of($t[$_]) : '' }
              0 .. $#seq;
    ok t_cmp(join(' | ', @got), join(' | ', @want),
             'vhost pipeline: a.test\'s filter hears each of its requests\' '
             . 'events once, before and after the connection got a raw '
             . 'filter');
}

# CGI (mod_cgid), a body behind Expect: 100-continue, in and out of the
# <Location>, pipelined.
{
    my @p = ('/cgi/life_echo.pl', '/loc/cgi/life_echo.pl',
             '/cgi/life_echo.pl');
    my @t = map { tag('cgi') } @p;
    my $data = join '', map {
        http_req($p[$_], host => 'a.test', method => 'POST',
                 'X-CB-Tag' => $t[$_], body => "b$_" x 50,
                 close => $_ == $#p)
    } 0 .. $#p;
    my $raw = raw_request(port => $vport, data => $data, timeout => 10);
    my @b = $raw =~ /site=a\.test method=POST body=(b\d)/g;
    ok t_cmp("@b", 'b0 b1 b2', 'CGI pipeline: each body echoed');
    wait_log($LOG, qr/^\Q$t[-1]\E#\d+ END_OF_NET_SESSION$/);
    ok t_cmp(join(' | ', map { events_of($_) } @t),
             join(' | ', $ALL, $EARLY, $ALL),
             'CGI pipeline: events per URL');
    my $tag = tag('cgi100');
    $raw = raw_request(port => $vport, chunks => [
        http_req('/loc/cgi/life_echo.pl', host => 'a.test', method => 'POST',
                 'X-CB-Tag' => $tag, 'Expect' => '100-continue',
                 'Content-Length' => 5, close => 1),
        'hello'], pause => 0.3);
    ok t_cmp($raw, qr/body=hello/, 'CGI with Expect: 100-continue answers');
    ok t_cmp(events_of($tag, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/),
             $EARLY, 'CGI with Expect: 100-continue in the <Location>: '
             . 'events');
}

# An aborted download: the client reads a little of a 4 MiB response and
# closes.  END_OF_REQUEST and LOG once.
for my $c (['/big/big.bin', $ALL], ['/loc/big.bin', $EARLY]) {
    my $tag = tag('abort');
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                     PeerPort => $vport) or die;
    print $sock http_req($c->[0], host => 'a.test', 'X-CB-Tag' => $tag);
    my $got = read_until($sock, qr/\r\n\r\nzzzz/, 5);
    close $sock;
    my $ev = events_of($tag, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/);
    ok t_cmp($ev, $c->[1], "aborted download of $c->[0]: events once");
}
# The same on b.test (a raw output filter; disabled in /loc), then a
# request after them: the server still answers, the raw report where the
# filter is enabled only.
for my $path ('/big/big.bin', '/loc/big.bin') {
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                     PeerPort => $vport) or die;
    print $sock http_req($path, host => 'b.test');
    read_until($sock, qr/\r\n\r\nzzzz/, 5);
    close $sock;
}
{
    my $raw = raw_request(port => $vport, data =>
        http_req('/loc/x.html', host => 'b.test')
        . http_req('/plain.html', host => 'b.test', close => 1));
    my @st = $raw =~ m{^HTTP/1\.1 (\d+)}mg;
    my @rep = $raw =~ /^RAWREPORT/mg;
    ok t_cmp("@st " . scalar(@rep), '200 200 1', 'after aborted downloads '
             . 'on b.test: both answered, one raw report (not from /loc)');
}
for my $h2 (['/plain.html', $ALL], ['/loc/x.html', $EARLY]) {
    my $tag = tag('vh2');
    my $out = run_tool(qq{curl -s -o /dev/null -w '%{http_code} %{http_version}' --http2-prior-knowledge -H 'Host: a.test' -H 'X-CB-Tag: $tag' http://127.0.0.1:$vport$h2->[0] 2>&1});
    ok t_cmp($out, '200 2', "vhost h2c $h2->[0]: status");
    ok t_cmp(events_of($tag, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/),
             $h2->[1], "vhost h2c $h2->[0]: events");
}
ok t_cmp(stop_crashes($v), '', 'no child of the virtual-host server crashed');
