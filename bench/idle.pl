#!/usr/bin/perl
# idle.pl: do idle keep-alive connections hold a worker thread?  (perl
# core modules only.)
#
#   idle.pl PORT PATH N
#
# Opens N connections to 127.0.0.1:PORT, makes one GET of PATH on each
# (keep-alive) and leaves them idle for a second; then, on a new
# connection, asks /server-status?auto and times the answer; then makes a
# second GET on every idle connection.  Prints one line:
#   "<N> <first 2xx> <BusyWorkers> <IdleWorkers> <status ms> <second 2xx>"
# (a field mod_status did not give is "-"); exits 1 unless every request
# was answered 2xx.
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(IPPROTO_TCP TCP_NODELAY);
use Time::HiRes qw(time sleep);

my ($port, $path, $n) = @ARGV;
die "usage: $0 PORT PATH N\n" unless $port && $path && $n;

sub connect_one {
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                  Proto => 'tcp', Timeout => 30)
        or die "connect 127.0.0.1:$port: $!\n";
    setsockopt($s, IPPROTO_TCP, TCP_NODELAY, 1);
    binmode $s;
    return $s;
}

# get SOCKET PATH CLOSE: one request; (status, body).  The response must
# have a Content-Length, or end with the connection (CLOSE).
sub get {
    my ($s, $p, $close) = @_;
    print {$s} "GET $p HTTP/1.1\r\nHost: 127.0.0.1:$port\r\n"
             . ($close ? "Connection: close\r\n" : '') . "\r\n"
        or die "write: $!\n";
    my $buf = '';
    my $end;
    until (($end = index($buf, "\r\n\r\n")) >= 0) {
        my $r = sysread($s, $buf, 65536, length $buf);
        die "closed before the head\n" unless $r;
    }
    my $head = substr($buf, 0, $end + 4, '');
    my ($status) = $head =~ m{^HTTP/1\.\d (\d{3})} or die "bad head\n";
    my ($len) = $head =~ /\r\nContent-Length:\s*(\d+)/i;
    for (;;) {
        last if defined $len && length $buf >= $len;
        my $r = sysread($s, $buf, 65536, length $buf);
        die "read: $!\n" unless defined $r;
        last if $r == 0;
    }
    return ($status, $buf);
}

my @conns = map { connect_one() } 1 .. $n;
my $first = 0;
for my $s (@conns) {
    my ($st) = get($s, $path, 0);
    $first++ if $st =~ /^2/;
}
sleep 1;
my $t0 = time;
my ($st, $body) = get(connect_one(), '/server-status?auto', 1);
my $ms = sprintf '%.1f', (time - $t0) * 1000;
my %v = map { /^([^:]+):\s*(.*)$/ ? ($1 => $2) : () } split /\r?\n/, $body;
my $second = 0;
for my $s (@conns) {
    my ($st2) = get($s, $path, 0);
    $second++ if $st2 =~ /^2/;
    close $s;
}
print join(' ', $n, $first, map({ defined $v{$_} ? $v{$_} : '-' }
                                qw(BusyWorkers IdleWorkers)),
           $ms, $second), "\n";
exit($first == $n && $second == $n && $st =~ /^2/ ? 0 : 1);
