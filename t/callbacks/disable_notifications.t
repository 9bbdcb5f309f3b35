# SF_REQ_DISABLE_NOTIFICATIONS: switches events off for the calling filter
# only, for the rest of the current request only; END_OF_NET_SESSION is
# never switched off.  Site isf_cb_ctx: cb_order.so disables what
# "X-CB-Disable: HEX" asks for; cb_ctx.so is the other filter.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_connect parse_responses);
use ISF::CB qw(tag http_req read_until wait_log note);

plan tests => 10, need_module 'isapi_filter';

my $M = 'isf_cb_ctx';
my @ALL = qw(PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE
             SEND_RESPONSE END_OF_REQUEST LOG);
# URL_MAP | SEND_RESPONSE | END_OF_REQUEST | LOG | END_OF_NET_SESSION
my $bits = sprintf '%x', 0x1000 | 0x40 | 0x80 | 0x200 | 0x100;

my $tag = tag('disable');
my $sock = raw_connect(module => $M);
print $sock http_req('/index.html', 'X-CB-Tag' => $tag,
                     'X-CB-Disable' => $bits);
my ($r1) = parse_responses(read_until($sock, qr/<\/html>\n/));
print $sock http_req('/index.html', 'X-CB-Tag' => $tag);
my ($r2) = parse_responses(read_until($sock, qr/<\/html>\n/));
print $sock http_req('/index.html', 'X-CB-Tag' => $tag,
                     'X-CB-Disable' => '1', close => 1);
my ($r3) = parse_responses(scalar ISF::Test::read_response_bytes($sock));
close $sock;

ok t_cmp($r1->{headers}->{'x-cb-disable-result'}, 'ok',
         'DISABLE_NOTIFICATIONS with event bits succeeds');
ok t_cmp($r1->{headers}->{'x-cb-order'}, undef,
         'the caller no longer receives SEND_RESPONSE in this request');
ok t_cmp($r1->{headers}->{'x-cb-ctx-send'}, 'yes',
         'another filter still receives SEND_RESPONSE (caller only)');
ok t_cmp($r2->{headers}->{'x-cb-ctx-prev'}, join(',', @ALL),
         'the other filter received every event of the request, '
         . 'END_OF_REQUEST and LOG included');
ok t_cmp($r2->{headers}->{'x-cb-order'},
         join(',', @ALL[0 .. 4]),
         'the next request on the same connection notifies the caller of '
         . 'everything again');

my @l = map { /#(\d+ \S+)$/ ? $1 : $_ }
    wait_log('cb_order.log', qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
             qr/^\Q$tag\E#/);
ok t_cmp(join(',', grep { /^1 / } @l),
         '1 PREPROC_HEADERS,1 AUTHENTICATION,1 AUTH_COMPLETE',
         'the caller misses exactly the disabled events for the rest of '
         . 'the request')
    or note("log: @l");
ok t_cmp(join(',', grep { /^2 / } @l), join(',', map { "2 $_" } @ALL),
         'the caller gets every event of the following request');
ok t_cmp($l[-1], '3 END_OF_NET_SESSION',
         'END_OF_NET_SESSION cannot be disabled: the filter needs it to '
         . 'clean up');

ok t_cmp($r3->{headers}->{'x-cb-disable-result'}, 'fail 87',
         'DISABLE_NOTIFICATIONS with no event bit (a port flag only): '
         . 'FALSE, ERROR_INVALID_PARAMETER');
ok t_cmp($r3->{headers}->{'x-cb-order'}, join(',', @ALL[0 .. 4]),
         'a refused DISABLE_NOTIFICATIONS disables nothing');
