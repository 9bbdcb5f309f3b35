# A SEND_RAW_DATA filter that points pvInData past cbInBuffer of a
# response head raised in its own heap bucket memory (isf_raw_send_heap)
# takes that memory for its own: the bridge sends those bytes as the
# filter's, the body after them, and the server survives.  The head's
# bucket (whose allocation they are in) is freed only after they have
# gone down (isf_raw_send_heap).  Before that order was fixed the bytes
# were read from the freed bucket, yet this test passed, even under
# test-sanitize with MaxMemFree 1: APR's allocator kept the freed node,
# so nothing changed or was reported.  Filter: t/filters/rawout_abuse.c
# (X-Raw-Abuse: beyond), in a throwaway event-MPM server.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use IO::Socket::INET;
use ISF::Test qw(httpd_start);
use ISF::RawOut qw(read_until_idle);

plan tests => 4, need_module 'isapi_filter';

my $s = httpd_start(
    "KeepAlive On\nStartServers 1\nServerLimit 1\nThreadsPerChild 4\n"
    . "MaxMemFree 1\nISAPIFilter filters/rawout_abuse.so\n",
    modules => [qw(mpm_event authz_core mime dir)], keep => 1,
    name => 'rawout_heap_beyond');
ok t_cmp($s->{started}, 1, 'a server with the filter starts');

sub exchange {
    my $req = shift;
    my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $s->{port}, Timeout => 5)
        or die "connect: $!\n";
    syswrite($c, $req);
    my ($got) = read_until_idle($c, idle => 3);
    close $c;
    return $got // '';
}

my (@got, $plain);
if ($s->{started}) {
    $plain = exchange("GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
                      . "Connection: close\r\n\r\n");
    for (1 .. 6) {
        push @got, exchange("GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
                            . "X-Raw-Abuse: beyond\r\n"
                            . "Connection: close\r\n\r\n");
    }
}
my ($body) = ($plain // '') =~ /\r\n\r\n(.*)\z/s;
ok t_cmp(defined $body && length $body ? 1 : 0, 1,
         'control: a response without the abuse');
# The head is replaced by the 8 bytes the filter pointed at; the body
# follows as it was.
ok t_cmp(scalar(grep { defined $body && length($_) == 8 + length $body
                       && substr($_, 8) eq $body } @got), 6,
         'each response: the 8 bytes the filter claimed, then the body');
$s->{stop}->();
my $log = do { local $/; open my $fh, '<', "$s->{dir}/error_log"; <$fh> }
          // '';
ok t_cmp(scalar(() = $log =~ /AddressSanitizer|Segmentation fault|exit signal/g),
         0, 'no sanitizer report or crash in the error log');
