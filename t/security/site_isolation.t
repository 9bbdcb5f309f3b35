# A site filter sees its own site's requests only.  Site isf_cb_iso is
# two name-based virtual hosts on one port: a.cb.test runs cb_order.so,
# b.cb.test runs nothing.  Requests for both may share a connection.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(tag http_req read_until wait_log log_lines note);

plan tests => 10, need_module 'isapi_filter';

my $M = 'isf_cb_iso';
my @ALL = qw(PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE
             SEND_RESPONSE END_OF_REQUEST LOG);

sub seen {
    my $res = shift;
    return join ',', grep { defined $res->{headers}->{$_} }
        qw(x-cb-order x-cb-order-ctx);
}

my $tag = tag('iso');
my $raw = raw_request(module => $M,
    data => http_req('/index.html', host => 'b.cb.test', 'X-CB-Tag' => $tag,
                     close => 1));
my ($res) = parse_responses($raw);
ok t_cmp($res->{status}, 200, 'the filterless site answers');
ok t_cmp(seen($res), '', 'the other site\'s filter does not touch it');

$raw = raw_request(module => $M,
    data => http_req('/index.html', host => 'a.cb.test', close => 1));
($res) = parse_responses($raw);
ok t_cmp(seen($res), 'x-cb-order,x-cb-order-ctx',
         'control: the filter runs for its own site');

# One connection: site A, then site B, then close.
my $sock = raw_connect(module => $M);
print $sock http_req('/index.html', host => 'a.cb.test', 'X-CB-Tag' => $tag);
my ($ra) = parse_responses(read_until($sock, qr/<\/html>\n/));
print $sock http_req('/index.html', host => 'b.cb.test', 'X-CB-Tag' => $tag,
                     close => 1);
my ($rb) = parse_responses(scalar ISF::Test::read_response_bytes($sock));
close $sock;
ok t_cmp(seen($ra), 'x-cb-order,x-cb-order-ctx',
         'first request (site A) is filtered');
ok t_cmp(seen($rb), '',
         'second request on the same connection (site B) is not');
my @l = map { /#(\d+ \S+)$/ ? $1 : $_ }
    wait_log('cb_order.log', qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
             qr/^\Q$tag\E#/);
ok t_cmp(join(',', @l),
         join(',', (map { "1 $_" } @ALL), '1 END_OF_NET_SESSION'),
         'the filter received site A\'s request and nothing of site B\'s, '
         . 'not even its END_OF_REQUEST or LOG')
    or note("events: @l");

# One connection: site B, then site A.
$tag = tag('iso');
$sock = raw_connect(module => $M);
print $sock http_req('/index.html', host => 'b.cb.test', 'X-CB-Tag' => $tag);
($rb) = parse_responses(read_until($sock, qr/<\/html>\n/));
print $sock http_req('/index.html', host => 'a.cb.test', 'X-CB-Tag' => $tag,
                     close => 1);
($ra) = parse_responses(scalar ISF::Test::read_response_bytes($sock));
close $sock;
ok t_cmp(seen($rb), '', 'site B first: not filtered');
ok t_cmp($ra->{headers}->{'x-cb-order-ctx'}, 'new',
         'site A after site B on one connection: the filter\'s context is '
         . 'new, it saw nothing before');
@l = map { /#(\d+ \S+)$/ ? $1 : $_ }
    wait_log('cb_order.log', qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
             qr/^\Q$tag\E#/);
ok t_cmp(join(',', grep { !/END_OF_NET_SESSION/ } @l),
         join(',', map { "1 $_" } @ALL),
         'the filter saw exactly one request: site A\'s');

# A different (IP-based) site without filters.
$raw = raw_request(module => 'isf_plain',
    data => http_req('/index.html', 'X-CB-Tag' => $tag, close => 1));
($res) = parse_responses($raw);
ok t_cmp(seen($res), '', 'a site on another port never runs the filter');
