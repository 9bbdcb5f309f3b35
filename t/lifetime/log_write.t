# Issue 10 item 14: WriteClient from LOG comes after the response is
# complete, when there is nothing left to write into: it returns FALSE
# with ERROR_NOT_SUPPORTED (50) and writes nothing, so a later POST on the
# same keep-alive connection gets its normal response, and no child keeps
# spinning after the client left.  The bridge once wrote the bytes between
# responses; under worker and prefork the next POST then got an endless
# stream of "2\r\n" and the child spun a whole CPU until shutdown.
# WriteClient from END_OF_REQUEST (before the response is committed) still
# works.  Throwaway servers under the event, worker and prefork MPMs with
# the global filter t/filters/life_logwrite.c (t/logs/life_logwrite.log)
# and the CGI t/cgi-bin/life_echo.pl, with the global SEND_RAW_DATA
# pass-through filter life_rawpass.c ("raw": the set-up of the endless
# stream), and under event also alone ("plain").
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use IO::Select ();
use POSIX ();
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start parse_responses raw_connect);
use ISF::CB qw(tag wait_log note);
use ISF::Hostile qw(page);

my $RAW = "ISAPIFilter filters/life_rawpass.so\n";
my @runs = ([event => plain => ''], [event => raw => $RAW],
            [worker => raw => $RAW], [prefork => raw => $RAW]);
plan tests => 8 * @runs, need_module qw(isapi_filter cgid alias);

my $vars    = Apache::Test::vars();
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $echo    = catfile($vars->{serverroot}, 'cgi-bin', 'life_echo.pl');
my $page    = page();
my $BODY    = '0123456789';
my $TICKS   = POSIX::sysconf(POSIX::_SC_CLK_TCK()) || 100;

# Read $n responses (or until the peer closes), within $secs in all and
# at most 1 MiB: a broken stream may never end.
sub read_responses {
    my ($sock, $buf, $n, $secs) = @_;
    my $sel = IO::Select->new($sock);
    my $deadline = Time::HiRes::time() + $secs;
    while (length $$buf < 1 << 20) {
        my @r = parse_responses($$buf);
        last if @r >= $n && !$r[-1]->{incomplete}
                && ($r[-1]->{status} || 0) >= 200;
        my $left = $deadline - Time::HiRes::time();
        last if $left <= 0 or !$sel->can_read($left);
        my $got = sysread($sock, my $chunk, 65536);
        last unless $got;
        $$buf .= $chunk;
    }
}

# CPU seconds used so far by the children of $ppid (utime + stime).
sub children_cpu {
    my $ppid = shift;
    my $ticks = 0;
    for my $stat (glob '/proc/[0-9]*/stat') {
        open my $fh, '<', $stat or next;
        my $line = <$fh> // next;
        my @f = split ' ', substr($line, rindex($line, ')') + 2);
        # after "pid (comm) ": state ppid ... utime is field 14 of the
        # line, so index 11 here, stime 12
        $ticks += $f[11] + $f[12] if @f > 12 and $f[1] == $ppid;
    }
    return $ticks / $TICKS;
}

for my $run (@runs) {
    my ($mpm, $setup, $extra) = @$run;
    my $what = "$mpm, $setup";
    unlink catfile($vars->{t_logs}, 'life_logwrite.log');
    my $s = httpd_start(
        "LoadModule mpm_${mpm}_module $libexec/mod_mpm_$mpm.so\n"
        . "<IfModule mpm_worker_module>\n  StartServers 1\n  ServerLimit 1\n"
        . "  ThreadsPerChild 4\n  MaxRequestWorkers 4\n"
        . "  MinSpareThreads 1\n  MaxSpareThreads 4\n</IfModule>\n"
        . "<IfModule mpm_prefork_module>\n  StartServers 1\n"
        . "  MinSpareServers 1\n  MaxSpareServers 2\n"
        . "  MaxRequestWorkers 4\n</IfModule>\n"
        . "KeepAlive On\nKeepAliveTimeout 10\n"
        . "ScriptAlias /cgi/echo $echo\n"
        . "ISAPIFilter filters/life_logwrite.so\n" . $extra,
        modules => [qw(authz_core mime dir alias cgid)], keep => 1,
        name => "life_logwrite_${mpm}_$setup");
    ok t_cmp($s->{started}, 1, "$what: a server with a global filter that "
             . "writes from LOG starts");
    my $ppid = do {
        open my $fh, '<', catfile($s->{dir}, 'httpd.pid') or die;
        scalar(<$fh>) =~ /(\d+)/ ? $1 : 0;
    };

    # GET, WriteClient in its LOG, then a POST on the same connection.
    my $tag = tag("lw-$mpm-$setup");
    my $sock = raw_connect(port => $s->{port});
    my $wire = '';
    print $sock "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
        . "X-Life-Op: log\r\nX-Life-Tag: $tag-get\r\n\r\n";
    read_responses($sock, \$wire, 1, 2);
    print $sock "POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
        . "X-Life-Op: log\r\nX-Life-Tag: $tag-post\r\n"
        . "Content-Type: text/plain\r\nContent-Length: 10\r\n\r\n$BODY";
    read_responses($sock, \$wire, 2, 2);
    close $sock;
    my @res = parse_responses($wire, methods => [qw(GET POST)]);
    ok t_cmp(join(' | ', map { ($_->{status} // 0) . ' ' . $_->{body} }
                  @res),
             "200 $page | 200 site=localhost method=POST body=$BODY",
             "$what: after a WriteClient from LOG, the POST on the same "
             . "connection gets its normal response, and nothing else "
             . "comes")
        or note('received: ' . substr($wire, 0, 600));
    ok t_cmp(index($wire, 'LIFE-LOG-BYTES'), -1,
             "$what: no byte written from LOG reaches the client");
    my @lw = wait_log('life_logwrite.log', qr/^LOG tag=\Q$tag\E-post /,
                      qr/^LOG tag=\Q$tag\E-/, 2);
    ok t_cmp(join(', ', @lw), "LOG tag=$tag-get wc=FALSE/50, "
             . "LOG tag=$tag-post wc=FALSE/50",
             "$what: WriteClient from LOG returns FALSE with "
             . "ERROR_NOT_SUPPORTED");

    # The client has left: no child may keep working.
    Time::HiRes::sleep(0.3);
    my $cpu0 = children_cpu($ppid);
    Time::HiRes::sleep(1);
    my $used = children_cpu($ppid) - $cpu0;
    ok t_cmp($used < 0.25 ? 1 : 0, 1, "$what: the children stay idle once "
             . "the client has left (used ${used}s of CPU in 1 s)");

    # WriteClient from END_OF_REQUEST still lands, after the body.
    $sock = raw_connect(port => $s->{port});
    $wire = '';
    print $sock "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
        . "X-Life-Op: eor\r\nX-Life-Tag: $tag-eor\r\n"
        . "Connection: close\r\n\r\n";
    read_responses($sock, \$wire, 99, 3);
    close $sock;
    my @eor = wait_log('life_logwrite.log', qr/^EOR tag=\Q$tag\E-eor /);
    ok t_cmp(join(', ', @eor), "EOR tag=$tag-eor wc=TRUE",
             "$what: WriteClient from END_OF_REQUEST returns TRUE");
    my $want = $page . "LIFE-EOR-BYTES\r\n";
    ok t_cmp(substr($wire, -length $want), $want,
             "$what: its bytes follow the body of the response");
    $s->{stop}->();
    my @dead = do {
        open my $fh, '<', catfile($s->{dir}, 'error_log') or die;
        local $/;
        (<$fh> // '') =~ /^(.*exit signal.*)$/mg;
    };
    ok t_cmp(scalar(@dead), 0, "$what: no child died") or note(@dead);
}
