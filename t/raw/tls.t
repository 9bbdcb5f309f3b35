# Raw data and port flags under TLS (mod_ssl).  One throwaway server
# listens on a plain and a TLS port (self-signed certificate made now with
# openssl) and runs global filters:
#   rawin_rewrite.so      READ_RAW_DATA: /old/ -> /new/ in the request line
#   rawin_mark_out.so     SEND_RAW_DATA: rawin-marker -> RAWIN-MARKER
#   rawin_port_plain.so   SF_NOTIFY_NONSECURE_PORT only (response header)
#   rawin_port_secure.so  SF_NOTIFY_SECURE_PORT only (response header)
#   rawin_passthru.so     records every notification (RAWIN_LOG)
# Raw filters sit above mod_ssl, so they see and edit plaintext; the same
# requests behave the same on both ports.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Temp ();
use ISF::Test qw(raw_request parse_responses free_port self_signed);
use ISF::RawIn qw(rawin_fixture rawin_start slurp);

plan tests => 24, need_module qw(isapi_filter ssl);

my $fx = rawin_fixture();
my $tmp = File::Temp::tempdir('rawin-tls-XXXXXX', TMPDIR => 1,
                              CLEANUP => 1);
my ($crt, $key, $out) = self_signed($tmp);
ok t_cmp(-s $crt && -s $key ? 1 : 0, 1, 'a self-signed certificate for '
         . 'the TLS port') or print map { "# $_\n" } split /\n/, $out;

my $tls = free_port();
local $ENV{RAWIN_LOG} = $fx->{log};
my $s = rawin_start($fx, [map { "filters/rawin_$_.so" }
                          qw(rewrite mark_out port_plain port_secure
                             passthru)],
                    modules => ['ssl'], extra => <<"EOC");
SSLSessionCache none
Listen 127.0.0.1:$tls
<VirtualHost 127.0.0.1:$tls>
    SSLEngine on
    SSLCertificateFile $crt
    SSLCertificateKeyFile $key
</VirtualHost>
EOC
ok t_cmp($s->{started}, 1, 'a server with a plain and a TLS port starts')
    or print map { "# $_\n" } split /\n/, "$s->{output}$s->{error_log}";

# raw_request speaks TLS when "module" contains "ssl"; the port wins.
my %where = (plain => [port => $s->{port}],
             tls   => [port => $tls, module => 'rawin_ssl']);
my %res;
for my $kind (qw(plain tls)) {
    my $raw = raw_request(@{ $where{$kind} },
        data => "GET /old/$kind HTTP/1.1\r\nHost: localhost\r\n\r\n"
              . "GET /marker.txt HTTP/1.1\r\nHost: localhost\r\n"
              . "Connection: close\r\n\r\n");
    $res{$kind} = [parse_responses($raw)];
}
$s->{stop}->();

for my $kind (qw(plain tls)) {
    my ($cgi, $mark) = @{ $res{$kind} };
    $cgi  ||= { status => 0, body => '', headers => {} };
    $mark ||= { status => 0, body => '', headers => {} };
    ok t_cmp($cgi->{body}, qr{^uri=/new/$kind$}m, "$kind: READ_RAW_DATA "
             . 'rewrote the request line (pipelined request 1)');
    ok t_cmp($mark->{status}, 200, "$kind: pipelined request 2 answered");
    ok t_cmp($mark->{body}, "before RAWIN-MARKER after\n", "$kind: "
             . 'SEND_RAW_DATA edited the response body');
}

my ($p, $t) = map { $res{$_}->[0] || { headers => {} } } qw(plain tls);
ok t_cmp($p->{headers}->{'x-rawin-plain-only'},
         qr/^raw=[1-9]\d* fIsSecurePort=0 HTTPS=off SERVER_PORT_SECURE=0$/,
         'NONSECURE_PORT-only filter: raised on plain HTTP (raw and '
         . 'structured events), fIsSecurePort FALSE, HTTPS=off');
ok t_cmp($p->{headers}->{'x-rawin-secure-only'}, undef,
         'SECURE_PORT-only filter: not raised on plain HTTP');
ok t_cmp($t->{headers}->{'x-rawin-secure-only'},
         qr/^raw=[1-9]\d* fIsSecurePort=1 HTTPS=on SERVER_PORT_SECURE=1$/,
         'SECURE_PORT-only filter: raised on TLS (raw and structured '
         . 'events), fIsSecurePort TRUE, HTTPS=on, SERVER_PORT_SECURE=1');
ok t_cmp($t->{headers}->{'x-rawin-plain-only'}, undef,
         'NONSECURE_PORT-only filter: not raised on TLS');

# What the pass-through filter recorded, per port kind.
my @log = split /\n/, slurp($fx->{log});
for my $kind (qw(plain tls)) {
    my $sec = $kind eq 'tls' ? 1 : 0;
    my @mine = grep { /secure=$sec / } @log;
    my @in  = grep { /ev=READ_RAW_DATA / } @mine;
    my @out = grep { /ev=SEND_RAW_DATA / } @mine;
    my @pre = grep { /ev=PREPROC_HEADERS / } @mine;
    # rawin_passthru comes after rawin_rewrite in the chain (same
    # priority, configuration order): it sees the rewritten bytes.
    ok t_cmp(scalar(@in) ? $in[0] : 'none',
             qr{len=\d+ head=GET /new/$kind HTTP/1\.1},
             "$kind: READ_RAW_DATA sees the plaintext request bytes, as the "
             . 'filter before it left them');
    ok t_cmp(scalar(@out) ? $out[0] : 'none', qr{head=HTTP/1\.1 200 OK},
             "$kind: SEND_RAW_DATA sees the plaintext response bytes");
    ok t_cmp(scalar(@pre), 2, "$kind: PREPROC_HEADERS for each request");
    ok t_cmp($pre[0] // '', $sec ? qr/https=on sps=1$/ : qr/https=off sps=0$/,
             "$kind: HTTPS / SERVER_PORT_SECURE in PREPROC_HEADERS");
    my ($last_log, $last_end) = (-1, -1);
    for my $i (0 .. $#mine) {
        $last_log = $i if $mine[$i] =~ /ev=LOG/;
        $last_end = $i if $mine[$i] =~ /ev=END_OF_NET_SESSION/;
    }
    ok t_cmp($last_log >= 0 && $last_end > $last_log ? 1 : 0, 1,
             "$kind: END_OF_NET_SESSION after the last request's LOG");
}
# Connection ids are not compared: under mpm_event c->id (what
# SF_REQ_GET_CONNID returns) follows the worker thread, so it can change
# between the requests of one keep-alive connection.

my $elog = slurp("$s->{dir}/error_log");
my $added = () = $elog
    =~ /raw filters added: ISAPI_FILTER_RAW_OUT ISAPI_FILTER_RAW_IN/g;
ok t_cmp($added >= 2 ? 1 : 0, 1, 'both raw connection filters were added '
         . "to every connection ($added, the start-up probe included)");
ok t_cmp($elog =~ /\] \[(?:core|ssl):(?:error|crit|alert|emerg)\]|AH00052/
         ? 1 : 0, 0, 'no errors or crashes in the error_log');
