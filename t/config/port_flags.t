# Port flags: a filter that asks for SF_NOTIFY_SECURE_PORT only is called
# for TLS connections only; fIsSecurePort, HTTPS and SERVER_PORT_SECURE
# tell the two kinds apart.  Sites isf_cb_port (plain) and isf_cb_ssl
# (TLS, mod_ssl with Apache::Test's generated certificate) both run
# cb_port.so (secure port only) and cb_vars.so (both ports).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req);

plan tests => 14, need_module 'isapi_filter', need_module 'ssl';

my @VARS = qw(HTTPS SERVER_PORT_SECURE SERVER_PORT CERT_KEYSIZE
              HTTPS_SERVER_SUBJECT CERT_FLAGS);

sub get {
    my $m = shift;
    my ($res) = parse_responses(scalar raw_request(module => $m,
        data => http_req('/index.html', 'X-CB-Vars' => "@VARS",
                         close => 1)));
    my %v;
    for my $i (0 .. $#VARS) {
        my $h = $res->{headers}->{"x-cb-var-$i"} // '';
        $v{$VARS[$i]} = $h =~ / value=(.*?)\\x00\z/ ? $1 : undef;
    }
    return ($res, \%v);
}

my ($res, $v) = get('isf_cb_port');
ok t_cmp($res->{status}, 200, 'plain site answers');
ok t_cmp($res->{headers}->{'x-cb-port'}, undef,
         'a SECURE_PORT-only filter is not called on a plain connection');
ok t_cmp($res->{headers}->{'x-cb-secure'}, 0,
         'fIsSecurePort is FALSE on a plain connection');
ok t_cmp($v->{HTTPS}, 'off', 'HTTPS is "off" on a plain connection');
ok t_cmp($v->{SERVER_PORT_SECURE}, '0',
         'SERVER_PORT_SECURE is 0 on a plain connection');

($res, $v) = get('isf_cb_ssl');
ok t_cmp($res->{status}, 200, 'TLS site answers');
ok t_cmp($res->{headers}->{'x-cb-port'}, 'secure-only fIsSecurePort=1',
         'a SECURE_PORT-only filter is called on a TLS connection, with '
         . 'fIsSecurePort TRUE');
ok t_cmp($res->{headers}->{'x-cb-secure'}, 1,
         'fIsSecurePort is TRUE for a both-ports filter on TLS too');
ok t_cmp($v->{HTTPS}, 'on', 'HTTPS is "on" on a TLS connection');
ok t_cmp($v->{SERVER_PORT_SECURE}, '1',
         'SERVER_PORT_SECURE is 1 on a TLS connection');
ok t_cmp($v->{SERVER_PORT}, ISF::Test::module_port('isf_cb_ssl'),
         'SERVER_PORT is the TLS port');
ok t_cmp($v->{CERT_KEYSIZE}, qr/^(?:128|256)$/,
         'CERT_KEYSIZE is the session cipher\'s key size');
ok t_cmp($v->{HTTPS_SERVER_SUBJECT}, qr/CN=localhost/,
         'HTTPS_SERVER_SUBJECT is the server certificate\'s subject');
ok t_cmp($v->{CERT_FLAGS}, '0',
         'CERT_FLAGS is 0 when the client sent no certificate');
