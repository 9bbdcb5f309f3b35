# Keep-alive connections through the raw filters park in the event loop
# (issue 16): under the event MPM an idle keep-alive connection holds no
# worker thread, with READ_RAW_DATA and SEND_RAW_DATA filters on it as
# without.  Two throwaway event-MPM servers with 4 worker threads each,
# one bare (no mod_isapi_filter) as the control, one with the global
# filter rawin_passthru.so (every raw event); on each:
#   - 24 keep-alive connections (6 per thread) make one request each and
#     stay idle;
#   - a new connection is then answered at once (< 2 s, with a 30 s
#     KeepAliveTimeout: a thread held per idle connection would leave it
#     waiting for one to time out);
#   - server-status?auto counts the idle connections as ConnsAsyncKeepAlive
#     and one busy worker (its own request);
#   - every idle connection then makes a second request and is answered.
# The listener counts connections for server-status only when one of its
# timeout queues expires: a canary connection to a virtual host with a 1 s
# KeepAliveTimeout makes it count.  AsyncRequestWorkerFactor is raised so
# that the MPM's own connection limit (ThreadsPerChild + idle threads x
# factor) leaves room for 26.  A raw input filter that blocked in Apache's
# look for a pipelined request (ap_check_pipeline) fails all but the
# first two checks of the filter's server.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);
use IO::Socket::INET;
use Time::HiRes ();
use ISF::Test qw(httpd_start free_port);
use ISF::RawOut qw(parse_stream read_until_idle send_all);

my $IDLE = 24;
my @cases = (['bare', 0, ''],
             ['raw filter', 1, "ISAPIFilter filters/rawin_passthru.so\n"]);
plan tests => 6 * @cases + 1, need_module 'isapi_filter';

sub get {
    my ($sock, $url, $hdr) = @_;
    $hdr //= '';
    $hdr = "Host: localhost\r\n$hdr" unless $hdr =~ /^Host:/mi;
    send_all($sock, "GET $url HTTP/1.1\r\n$hdr\r\n");
    my ($raw) = read_until_idle($sock, responses => 1, idle => 10);
    my ($res) = grep { !$_->{report_only} } parse_stream($raw);
    return $res || {};
}

# rawin_passthru.so writes a line per notification here: proof that the
# raw filters were on the connections.
my $rawlog = catfile(Apache::Test::vars('t_logs'), 'keepalive_park_raw.log');
unlink $rawlog;
local $ENV{RAWIN_LOG} = $rawlog;

for my $case (@cases) {
    my ($name, $isapi, $conf) = @$case;
    (my $tag = $name) =~ s/\W+/_/g;
    my $port = free_port();
    my $s = httpd_start(
        "KeepAlive On\nKeepAliveTimeout 30\nMaxKeepAliveRequests 0\n"
        . "AsyncRequestWorkerFactor 16\n"
        . "<VirtualHost 127.0.0.1:$port>\n  ServerName localhost\n"
        . "</VirtualHost>\n"
        . "<VirtualHost 127.0.0.1:$port>\n  ServerName canary\n"
        . "  KeepAliveTimeout 1\n</VirtualHost>\n"
        . "<Location /server-status>\n  SetHandler server-status\n"
        . "</Location>\n$conf",
        modules => [qw(mpm_event authz_core mime dir status)],
        isapi => $isapi, port => $port, keep => 1, name => "keepalive_park_$tag");
    ok t_cmp($s->{started}, 1, "$name: the server starts");

    my (@idle, @first);
    for (1 .. $IDLE) {
        my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                      PeerPort => $s->{port}, Timeout => 5);
        last unless $c;
        push @first, get($c, '/index.html')->{status} // 'x';
        push @idle, $c;
    }
    ok t_cmp(join(',', @first), join(',', ('200') x $IDLE),
             "$name: $IDLE keep-alive connections get their first response");

    # The listener refreshes the scoreboard's connection counts only when
    # an entry of its timeout queues expires.  A canary connection to a
    # virtual host with a 1 s KeepAliveTimeout expires first and makes it
    # count the others, which wait 30 s.  Then a new connection asks for
    # the counts, timed.
    my $canary = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                       PeerPort => $s->{port}, Timeout => 5);
    get($canary, '/index.html', "Host: canary\r\n") if $canary;
    Time::HiRes::sleep(1.6);
    my $t0 = Time::HiRes::time();
    my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $s->{port}, Timeout => 5);
    my $st = $c ? get($c, '/server-status?auto', "Connection: close\r\n")
                : {};
    my $took = Time::HiRes::time() - $t0;
    close $c if $c;
    close $canary if $canary;
    my $ok = ($st->{status} // 0) == 200;
    my %v = ($st->{body} // '') =~ /^(\w+):\s*(\S+)/mg;
    t_debug(join ' ', map { "$_=" . ($v{$_} // '-') }
                      qw(ConnsTotal ConnsAsyncKeepAlive BusyWorkers
                         IdleWorkers Scoreboard));
    ok t_cmp($ok && $took < 2 ? 1 : 0, 1,
             sprintf("$name: with $IDLE idle keep-alive connections on 4 "
                     . "threads a new connection is answered at once "
                     . "(at most %.3f s)", $took));
    ok t_cmp(($v{ConnsAsyncKeepAlive} // -1) >= $IDLE - 1 ? 1 : 0, 1,
             "$name: server-status counts the idle connections as parked "
             . "in the event loop (ConnsAsyncKeepAlive "
             . ($v{ConnsAsyncKeepAlive} // 'absent') . " of "
             . ($v{ConnsTotal} // 'absent') . ")");
    ok t_cmp(($v{BusyWorkers} // -1) >= 1 && ($v{BusyWorkers} // 9) <= 2
             ? 1 : 0, 1,
             "$name: no worker is held by an idle connection (BusyWorkers "
             . ($v{BusyWorkers} // 'absent') . ")");

    my @second = map { get($_, '/index.html')->{status} // 'x' } @idle;
    close $_ for @idle;
    ok t_cmp(join(',', @second), join(',', ('200') x $IDLE),
             "$name: every idle connection is answered on its second "
             . "request");
    $s->{stop}->();
}

my %ev;
if (open my $fh, '<', $rawlog) {
    /ev=(READ_RAW_DATA|SEND_RAW_DATA)/ and $ev{$1}++ while <$fh>;
}
ok t_cmp(($ev{READ_RAW_DATA} // 0) >= 2 * $IDLE
         && ($ev{SEND_RAW_DATA} // 0) >= 2 * $IDLE ? 1 : 0, 1,
         'the raw filter saw every request and response (READ_RAW_DATA '
         . ($ev{READ_RAW_DATA} // 0) . ', SEND_RAW_DATA '
         . ($ev{SEND_RAW_DATA} // 0) . ')');
