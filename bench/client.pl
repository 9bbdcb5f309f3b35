#!/usr/bin/perl
# client.pl: a tiny HTTP/1.1 client for the benchmark (perl core modules
# only, so it runs on a fresh Debian 12 without extra packages).
#
#   client.pl keepalive PORT PATH N   N GETs, one after another, on one
#                                     keep-alive connection to 127.0.0.1
#   client.pl get PORT PATH           one GET (Connection: close), body
#                                     read and thrown away
#   client.pl dump PORT PATH          one GET, body (de-chunked) to stdout
#   client.pl close PORT PATH N       N GETs, each on a new connection
#                                     (Connection: close)
#
# Prints "<requests> <2xx responses> <body bytes>" (except dump); exits 1
# unless every response was 2xx with the whole body read.
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(IPPROTO_TCP TCP_NODELAY);

my ($mode, $port, $path, $n) = @ARGV;
die "usage: $0 keepalive PORT PATH N | get PORT PATH | dump PORT PATH\n"
    unless $mode && $port && $path
           && ($mode eq 'get' || $mode eq 'dump'
               || (($mode eq 'keepalive' || $mode eq 'close') && defined $n));
$n = 1 if $mode ne 'keepalive' && $mode ne 'close';
my $dump = $mode eq 'dump';
binmode STDOUT;
# Body bytes: counted, and printed in dump mode.
my $bytes = 0;
sub body { $bytes += length $_[0]; print $_[0] if $dump; }

my $s;
sub connect_server {
    $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                               Proto => 'tcp', Timeout => 30)
        or die "connect 127.0.0.1:$port: $!\n";
    setsockopt($s, IPPROTO_TCP, TCP_NODELAY, 1);
    binmode $s;
}

my $buf = '';
my $eof = 0;
sub fill {
    my $r = sysread($s, $buf, 262144, length $buf);
    die "read: $!\n" unless defined $r;
    $eof = 1 if $r == 0;
    return $r;
}

my $close = $mode ne 'keepalive' ? "Connection: close\r\n" : '';
my $req = "GET $path HTTP/1.1\r\nHost: 127.0.0.1:$port\r\n"
        . "User-Agent: isf-bench\r\n$close\r\n";
my $ok = 0;
connect_server() unless $mode eq 'close';
for my $i (1 .. $n) {
    if ($mode eq 'close') {
        close $s if $s;
        connect_server();
        $buf = '';
    }
    print {$s} $req or die "write: $!\n";
    my $end;
    until (($end = index($buf, "\r\n\r\n")) >= 0) {
        die "connection closed before response $i head\n" unless fill();
    }
    my $head = substr($buf, 0, $end + 4, '');
    my ($status) = $head =~ m{^HTTP/1\.\d (\d{3})} or die "bad head: $head\n";
    my ($len) = $head =~ /\r\nContent-Length:\s*(\d+)/i;
    if (defined $len) {
        while (length $buf < $len) {
            # Drop what we have so far: no need to keep 1 GiB around.
            $len -= length $buf;
            body($buf);
            $buf = '';
            die "connection closed inside response $i body\n" unless fill();
        }
        body(substr($buf, 0, $len, ''));
    }
    elsif ($head =~ /\r\nTransfer-Encoding:\s*chunked/i) {
        for (;;) {
            my $e;
            until (($e = index($buf, "\r\n")) >= 0) {
                die "closed inside chunk size\n" unless fill();
            }
            my $line = substr($buf, 0, $e + 2, '');
            my ($hex) = $line =~ /^([0-9A-Fa-f]+)/
                or die "bad chunk size line\n";
            my $size = hex($hex);
            while (length $buf < $size + 2) {
                die "closed inside chunk\n" unless fill();
            }
            body(substr($buf, 0, $size, ''));
            substr($buf, 0, 2, '');
            if ($size == 0) { last; }   # no trailers expected
        }
    }
    else {
        # Body delimited by the connection's end.
        body($buf);
        $buf = '';
        while (fill()) { body($buf); $buf = ''; }
    }
    $ok++ if $status =~ /^2/;
}
close $s;
print "$n $ok $bytes\n" unless $dump;
exit($ok == $n ? 0 : 1);
