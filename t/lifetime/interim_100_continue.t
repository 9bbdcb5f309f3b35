# Issue 10 item 1: an interim "100 Continue" must not crash the child.
# Name-based virtual hosts on one address (the default d, then a, then
# b); a global filter that registers only PREPROC_HEADERS; a pass-through
# SEND_RAW_DATA site filter on a; mod_cgid's CGI reading its body.  One
# keep-alive connection: GET / for b, then POST /cgi/echo for a with
# "Expect: 100-continue", a 3000-byte padding header and a 10-byte body
# sent after the 100.  The bridge once kept a pointer to "the request
# being sent" past that request's end, and the interim response reached
# the raw output filter before the new request's head filter ran: the
# child read the client's padding as a filter chain and died (SIGSEGV).
# Second route to the same crash: a global SEND_RAW_DATA filter that reads
# GetServerVariable("URL") in every window and calls WriteClient in LOG,
# then a 100-continue POST on the same connection.  Both under the event,
# worker and prefork MPMs (throwaway servers; filters t/filters/
# life_preproc.c, life_rawpass.c, life_rawvar.c; CGI t/cgi-bin/
# life_echo.pl).
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use IO::Select ();
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start parse_responses raw_connect free_port
                 read_into final_complete);

my @mpms = qw(event worker prefork);
plan tests => 11 * @mpms, need_module qw(isapi_filter cgid alias);

my $vars    = Apache::Test::vars();
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $echo    = catfile($vars->{serverroot}, 'cgi-bin', 'life_echo.pl');
my $page    = do {
    open my $fh, '<', catfile($vars->{documentroot}, 'index.html') or die;
    local $/;
    <$fh>;
};
my $BODY = '0123456789';

sub server_conf {
    my ($mpm, $port, $global, $site_a) = @_;
    return "LoadModule mpm_${mpm}_module $libexec/mod_mpm_$mpm.so\n"
         . "<IfModule mpm_worker_module>\n  StartServers 1\n  ServerLimit 1\n"
         . "  ThreadsPerChild 4\n  MaxRequestWorkers 4\n"
         . "  MinSpareThreads 1\n  MaxSpareThreads 4\n</IfModule>\n"
         . "<IfModule mpm_prefork_module>\n  StartServers 1\n"
         . "  MinSpareServers 1\n  MaxSpareServers 2\n"
         . "  MaxRequestWorkers 4\n</IfModule>\n"
         . "KeepAlive On\nKeepAliveTimeout 10\n"
         . "ISAPIFilter filters/$global\n"
         . "<VirtualHost 127.0.0.1:$port>\n  ServerName d.life.test\n"
         . "</VirtualHost>\n"
         . "<VirtualHost 127.0.0.1:$port>\n  ServerName a.life.test\n"
         . ($site_a ? "  ISAPIFilter filters/$site_a\n" : '')
         . "  ScriptAlias /cgi/echo $echo\n</VirtualHost>\n"
         . "<VirtualHost 127.0.0.1:$port>\n  ServerName b.life.test\n"
         . "</VirtualHost>\n";
}

# One keep-alive connection: GET / for b, then the 100-continue POST for
# a, its body sent once the 100 arrived.  Returns every byte received.
sub exchange {
    my $port = shift;
    my $sock = eval { raw_connect(port => $port) } or return '';
    my $buf = '';
    print $sock "GET / HTTP/1.1\r\nHost: b.life.test\r\n\r\n";
    read_into($sock, \$buf, \&final_complete, 5);
    print $sock "POST /cgi/echo HTTP/1.1\r\nHost: a.life.test\r\n"
        . "Expect: 100-continue\r\nX-Pad: " . ('p' x 3000) . "\r\n"
        . "Content-Type: text/plain\r\nContent-Length: 10\r\n\r\n";
    if (read_into($sock, \$buf, qr{HTTP/1\.1 100 [^\r\n]*\r\n\r\n}, 5)) {
        print $sock $BODY;
        read_into($sock, \$buf, \&final_complete, 5);
    }
    close $sock;
    return $buf;
}

sub crashes {
    my $dir = shift;
    open my $fh, '<', catfile($dir, 'error_log') or return ('no error_log');
    local $/;
    my $log = <$fh> // '';
    return $log =~ /^(.*(?:exit signal|Segmentation fault).*)$/mg;
}

for my $mpm (@mpms) {
    # ---- Route 1: global PREPROC_HEADERS filter, raw site filter on a ----
    my $port = free_port();
    my $s = httpd_start(server_conf($mpm, $port, 'life_preproc.so',
                                    'life_rawpass.so'),
                        port => $port, keep => 1, name => "life_ic1_$mpm",
                        modules => [qw(authz_core mime dir alias cgid)]);
    ok t_cmp($s->{started}, 1, "$mpm: the server with name-based hosts "
             . "d, a, b starts");
    my $raw = $s->{started} ? exchange($port) : '';
    Time::HiRes::sleep(0.3);
    $s->{stop}->();
    my @res = parse_responses($raw, methods => [qw(GET POST)]);
    ok t_cmp(join(' ', map { $_->{status} // 'incomplete' } @res),
             '200 100 200',
             "$mpm: GET for b, then the POST for a on the same connection: "
             . "200, the interim 100 Continue, then the CGI's 200");
    ok t_cmp(@res >= 1 && $res[0]->{body} eq $page ? 1 : 0, 1,
             "$mpm: b's page arrives whole");
    ok t_cmp(@res >= 3 ? $res[2]->{body} : undef,
             "site=a.life.test method=POST body=$BODY",
             "$mpm: the CGI of a read the body sent after the 100 and "
             . "echoed it");
    my @dead = crashes($s->{dir});
    ok t_cmp(scalar(@dead), 0, "$mpm: no child died (the interim response "
             . "never follows a pointer to an ended request)")
        or print map { "# $_\n" } @dead;

    # ---- Route 2: global raw filter with callbacks, WriteClient in LOG ----
    unlink catfile($vars->{t_logs}, 'life_rawvar.log');
    $port = free_port();
    $s = httpd_start(server_conf($mpm, $port, 'life_rawvar.so', undef),
                     port => $port, keep => 1, name => "life_ic2_$mpm",
                     modules => [qw(authz_core mime dir alias cgid)]);
    ok t_cmp($s->{started}, 1, "$mpm: the server with a global raw filter "
             . "that reads URL in every window starts");
    $raw = $s->{started} ? exchange($port) : '';
    Time::HiRes::sleep(0.3);
    $s->{stop}->();
    @res = parse_responses($raw, methods => [qw(GET POST)]);
    ok t_cmp(join(' ', map { $_->{status} // 'incomplete' } @res),
             '200 100 200',
             "$mpm: after a WriteClient from LOG, the 100-continue POST on "
             . "the connection gets its 100 Continue and its 200");
    ok t_cmp(@res >= 1 && $res[0]->{body} eq $page ? 1 : 0, 1,
             "$mpm: route 2: b's page arrives whole");
    ok t_cmp(@res >= 3 ? $res[2]->{body} : undef,
             "site=a.life.test method=POST body=$BODY",
             "$mpm: route 2: the CGI echoes the body");
    ok t_cmp(index($raw, 'LIFE-LOG-WRITE'), -1,
             "$mpm: no byte of the WriteClient made in LOG reaches the "
             . "client (the response was complete)");
    @dead = crashes($s->{dir});
    ok t_cmp(scalar(@dead), 0, "$mpm: route 2: no child died")
        or print map { "# $_\n" } @dead;
}
