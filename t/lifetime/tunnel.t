# Producers that write without a FLUSH work through a raw output filter
# (issue 10, item 15).  mod_proxy's CONNECT tunnel hands the origin's bytes
# to the client connection with no FLUSH, relying on every call being
# written; a raw output filter that kept a partly filled window until a
# FLUSH made the client wait for the origin's keep-alive timeout and then
# lost the bytes.  Throwaway server with a global filter registered for
# every event: the proxy on its main port, the origin on a second one.
# (WebSocket tunnels are covered by Apache's own proxy_websockets.t, which
# `make -f Makefile.apxs regress` runs with such a filter loaded.)
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use IO::Select;
use IO::Socket::INET;
use Time::HiRes ();
use ISF::Test qw(httpd_start free_port);

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
plan tests => 4, need need_module('isapi_filter'),
    { 'mod_proxy_connect.so is installed'
          => -e "$libexec/mod_proxy_connect.so" };
my $origin = free_port();
my $docs = Apache::Test::vars('t_logs') . '/tunnel_docs';
mkdir $docs;
open my $fh, '>', "$docs/page.txt" or die "$docs/page.txt: $!";
print $fh "through the tunnel\n";
close $fh;

my $s = httpd_start(<<"EOF", modules => [qw(authz_core mime dir)],
LoadModule mpm_event_module $libexec/mod_mpm_event.so
LoadModule proxy_module $libexec/mod_proxy.so
LoadModule proxy_connect_module $libexec/mod_proxy_connect.so
KeepAliveTimeout 15
ISAPIFilter filters/life_rawpass.so
Listen 127.0.0.1:$origin
<VirtualHost 127.0.0.1:$origin>
    DocumentRoot $docs
    <Directory $docs>
        Require all granted
    </Directory>
</VirtualHost>
ProxyRequests On
AllowCONNECT $origin
<Proxy "*">
    Require all granted
</Proxy>
EOF
    keep => 1, name => 'tunnel');
ok t_cmp($s->{started}, 1,
         'a proxy with a global all-events raw filter starts');

my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                 PeerPort => $s->{port}, Timeout => 5);
my $sel = IO::Select->new($sock);

# Everything that arrives within $secs, or until $done matches.
sub read_for {
    my ($secs, $done) = @_;
    my $buf = '';
    my $end = Time::HiRes::time() + $secs;
    while ((my $left = $end - Time::HiRes::time()) > 0) {
        last unless $sel->can_read($left);
        my $n = sysread($sock, my $chunk, 65536);
        last unless $n;
        $buf .= $chunk;
        last if $buf =~ $done;
    }
    return $buf;
}

print $sock "CONNECT 127.0.0.1:$origin HTTP/1.1\r\n"
          . "Host: 127.0.0.1:$origin\r\n\r\n";
my $t0 = Time::HiRes::time();
my $est = read_for(5, qr/\r\n\r\n/);
ok t_cmp($est, qr/^HTTP\/1\.[01] 200 /,
         'CONNECT: the tunnel is established (200)');
print $sock "GET /page.txt HTTP/1.1\r\nHost: 127.0.0.1:$origin\r\n\r\n";
my $got = read_for(5, qr/through the tunnel\n/);
my $secs = Time::HiRes::time() - $t0;
ok t_cmp($got, qr/^HTTP\/1\.1 200 OK\r\n.*\r\n\r\nthrough the tunnel\n\z/s,
         'the origin\'s response comes through the tunnel whole');
ok t_cmp($secs < 3 ? 'at once' : sprintf('after %.1f s', $secs), 'at once',
         'at once: no byte waits in a raw window for a FLUSH the tunnel '
         . 'never sends (the origin keeps its connection for 15 s)');
close $sock;
$s->{stop}->();
