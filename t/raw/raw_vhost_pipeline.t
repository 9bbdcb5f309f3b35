# Virtual hosts switching between pipelined requests on one keep-alive
# connection, through the raw filters (issue 16): a response may wait in
# core's buffer while the next request, for another site, is already
# served (the raw output filter flushes only when no request is waiting,
# bridge/raw/out_filter.c).  A site filter must still see its own site's
# bytes and no other site's.  Throwaway event-MPM server: name-based
# hosts d (the default, site recorder life_rec_site.so) and b, both with
# t/cgi-bin/life_echo.pl as /cgi/echo; the global raw in+out filter
# rawin_passthru.so.  Six requests d, b, d, b (POST with a body), d, b in
# one write, then the same again one at a time.  (t/lifetime/
# site_bytes.t covers requests one at a time without the raw input
# filter.)
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start raw_connect free_port);
use ISF::CB qw(log_lines);
use ISF::RawOut qw(parse_stream read_until_idle);

plan tests => 7, need_module qw(isapi_filter cgid alias);

my $vars = Apache::Test::vars();
my $echo = catfile($vars->{serverroot}, 'cgi-bin', 'life_echo.pl');
my $port = free_port();
my $vh = '';
for my $h (qw(d b)) {
    $vh .= "<VirtualHost 127.0.0.1:$port>\n  ServerName $h.life.test\n"
         . "  ScriptAlias /cgi/echo $echo\n"
         . ($h eq 'd' ? "  ISAPIFilter filters/life_rec_site.so\n" : '')
         . "</VirtualHost>\n";
}
my $s = httpd_start("KeepAlive On\nKeepAliveTimeout 10\n"
                    . "ISAPIFilter filters/rawin_passthru.so\n$vh",
                    port => $port, keep => 1, name => 'raw_vhost_pipeline',
                    modules => [qw(mpm_event authz_core mime dir alias
                                   cgid)]);
ok t_cmp($s->{started}, 1, 'a server with hosts d (site recorder) and b '
         . 'and a global raw in+out filter starts');

sub truncate_log {
    my $f = catfile($vars->{t_logs}, shift);
    open my $fh, '>', $f or die "$f: $!\n";
    close $fh;
}

sub seen_bytes {
    return join '', map { /^RAW ([0-9a-f]*)$/ ? pack('H*', $1) : () }
        log_lines('life_rec_site.log', qr/^RAW /);
}

my @hosts = qw(d b d b d b);
my @req = map {
    my ($h, $i) = ($hosts[$_], $_);
    $i == 3 ? "POST /cgi/echo HTTP/1.1\r\nHost: $h.life.test\r\n"
              . "Content-Length: 9\r\n\r\nbody-of-b"
            : "GET /cgi/echo HTTP/1.1\r\nHost: $h.life.test\r\n\r\n"
} 0 .. $#hosts;
my $want = join ',', map { "site=$_.life.test" } @hosts;

for my $mode ('pipelined', 'one at a time') {
    truncate_log('life_rec_site.log');
    my $sock = raw_connect(port => $port);
    my $raw = '';
    if ($mode eq 'pipelined') {
        print $sock join '', @req;
        ($raw) = read_until_idle($sock, responses => scalar(@req), idle => 5);
    }
    else {
        for (@req) {
            print $sock $_;
            my ($one) = read_until_idle($sock, responses => 1, idle => 5);
            $raw .= $one;
        }
    }
    close $sock;
    my @res = parse_stream($raw);
    ok t_cmp(join(',', map { ($_->{body} // '') =~ /^(site=\S+)/ ? $1 : 'x' }
                       @res), $want,
             "$mode: six requests alternating d and b are answered in "
             . "order, each by its own site");
    Time::HiRes::sleep(0.3);
    my $site = seen_bytes();
    my $n_d = () = $site =~ /site=d\.life\.test/g;
    my $n_ok = () = $site =~ m{HTTP/1\.1 200 OK}g;
    ok t_cmp("$n_d $n_ok", '3 3', "$mode: d's site filter sees d's three "
             . 'responses, head and body');
    ok t_cmp(($site =~ /site=b\.life\.test|body-of-b/ ? 'b seen' : 'none'),
             'none', "$mode: and no byte of b's responses");
}
$s->{stop}->();
