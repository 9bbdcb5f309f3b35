# READ_RAW_DATA under the prefork and worker MPMs: each keep-alive response
# must reach the client before it sends its next request.  The raw input
# filter once answered Apache's check for pipelined input with an empty
# bucket; Apache then took a pipelined request to be waiting and skipped
# the flush after each response, which the event MPM hides (it flushes
# anyway) and prefork and worker showed as responses held until the next
# request or the keep-alive timeout.  Throwaway servers, one per MPM, with
# the global raw-read filter cb_raw_read.so.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use IO::Select;
use IO::Socket::INET;
use Time::HiRes ();
use ISF::Test qw(httpd_start);

my @mpms = qw(prefork worker);
plan tests => 3 * @mpms, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');

# One response read within $secs while the client sends nothing more.
sub read_response {
    my ($sock, $secs) = @_;
    my ($buf, $sel) = ('', IO::Select->new($sock));
    my $deadline = Time::HiRes::time() + $secs;
    while ((my $left = $deadline - Time::HiRes::time()) > 0) {
        last unless $sel->can_read($left);
        my $n = sysread($sock, my $chunk, 65536);
        last unless $n;
        $buf .= $chunk;
        if ($buf =~ /\r\n\r\n/ && $buf =~ /^Content-Length:\s*(\d+)/mi) {
            my $want = $1 + index($buf, "\r\n\r\n") + 4;
            return $buf if length($buf) >= $want;
        }
    }
    return $buf;
}

for my $mpm (@mpms) {
    my $s = httpd_start(
        "LoadModule mpm_${mpm}_module $libexec/mod_mpm_$mpm.so\n"
        . "KeepAlive On\nKeepAliveTimeout 20\n"
        . "ISAPIFilter filters/cb_raw_read.so\n",
        modules => [qw(authz_core mime dir)], keep => 1,
        name => "keepalive_$mpm");
    ok t_cmp($s->{started}, 1, "$mpm: a server with a READ_RAW_DATA "
             . "filter starts");
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                     PeerPort => $s->{port}, Timeout => 5);
    # A 404 is made in memory: unlike a file, Apache's core output filter
    # keeps such a small response until it is told to flush.
    my $req = "GET /no-such-page HTTP/1.1\r\nHost: localhost\r\n\r\n";
    my @got;
    for (1 .. 2) {
        print $sock $req if $sock;
        push @got, $sock ? read_response($sock, 3) : '';
    }
    close $sock if $sock;
    $s->{stop}->();
    ok t_cmp(scalar($got[0] =~ m{^HTTP/1\.1 404 }), 1,
             "$mpm: the first keep-alive response arrives before the "
             . "client sends again");
    ok t_cmp(scalar($got[1] =~ m{^HTTP/1\.1 404 }), 1,
             "$mpm: so does the second, on the same connection");
}
