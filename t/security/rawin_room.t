# Site isolation on READ_RAW_DATA's buffer (issue 16): the bridge no longer
# zeroes its whole 8 KiB read buffer on every connection; it offers the
# filters the bytes read and some room past them (cbInBuffer), zeroed
# (bridge/core/window.c isf_acc_offer).  The buffer is pool memory that an
# earlier connection's request may have filled, so:
#   - a connection sends a request of ~7 KiB of 'S' and closes;
#   - then one-request connections follow, which the child serves from
#     recycled pools;
#   - on each, the first READ_RAW_DATA must find room past cbInData (at
#     least 1 KiB) and every byte of it zero (rawin_passthru.so reports
#     "room=N dirty=N" for each notification).
# A throwaway event-MPM server, one child, with the global filter
# rawin_passthru.so.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);
use IO::Socket::INET;
use ISF::Test qw(httpd_start);
use ISF::RawOut qw(read_until_idle);

plan tests => 5, need_module 'isapi_filter';

my $N = 12;
my $log = catfile(Apache::Test::vars('t_logs'), 'rawin_room.log');
unlink $log;
local $ENV{RAWIN_LOG} = $log;
my $s = httpd_start(
    "KeepAlive On\nStartServers 1\nServerLimit 1\nThreadsPerChild 4\n"
    . "ISAPIFilter filters/rawin_passthru.so\n",
    modules => [qw(mpm_event authz_core mime dir)], keep => 1,
    name => 'rawin_room');
ok t_cmp($s->{started}, 1, 'a server with a READ_RAW_DATA filter starts');

sub exchange {
    my $req = shift;
    my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $s->{port}, Timeout => 5)
        or die "connect: $!\n";
    my $data = $req;
    while (length $data) {
        my $n = syswrite($c, $data);
        die "write: $!\n" unless defined $n;
        substr($data, 0, $n, '');
    }
    my ($got) = read_until_idle($c, idle => 3);
    close $c;
    return $got // '';
}

my $big = "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
        . 'X-Fill: ' . ('S' x 7000) . "\r\nConnection: close\r\n\r\n";
my $small = "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
          . "Connection: close\r\n\r\n";
my @status;
if ($s->{started}) {
    for my $round (1 .. $N) {
        exchange($big);
        push @status, exchange($small) =~ m{^HTTP/1\.1 (\d+)} ? $1 : '?';
    }
}
ok t_cmp(scalar(grep { $_ eq '200' } @status), $N,
         "$N one-request connections after 'S'-filled ones are answered");

# The first READ_RAW_DATA of each connection.
my (%first, @small, @big);
if (open my $fh, '<', $log) {
    while (<$fh>) {
        next unless /^conn=(\d+) .*ev=READ_RAW_DATA len=(\d+) head=.* room=(\d+) dirty=(\d+)$/;
        next if $first{$1}++;
        my $r = { len => $2, room => $3, dirty => $4 };
        push @{ $r->{len} > 7000 ? \@big : \@small }, $r;
    }
}
ok t_cmp(scalar(@big) >= 1 && scalar(@small) >= $N ? 1 : 0, 1,
         sprintf('control: the filter saw the big requests (%d) and the '
                 . 'small ones (%d)', scalar(@big), scalar(@small)));
ok t_cmp(join(' ', map { $_->{dirty} } grep { $_->{dirty} } @small), '',
         'no byte past cbInData is anything but zero on a new connection: '
         . 'nothing of an earlier connection\'s request');
ok t_cmp(scalar(grep { $_->{room} < 1024 } @small), 0,
         'each offers room past its bytes (cbInBuffer - cbInData >= 1 KiB)');
$s->{stop}->() if $s->{started};
