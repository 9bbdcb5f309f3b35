# AddResponseHeaders: lines added before the response head appear on
# whatever response the request gets (200, 404, 401, 500, a filter-made
# head); once the head is being built (SEND_RESPONSE) or sent
# (END_OF_REQUEST) the call is refused with ERROR_NOT_SUPPORTED.  Site
# isf_cb_addhdr: cb_status.so (high priority) and cb_addhdr.so.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req);

plan tests => 20, need_module 'isapi_filter';

my $M = 'isf_cb_addhdr';

sub get {
    my ($path, @hdr) = @_;
    my $raw = raw_request(module => $M,
                          data => http_req($path, @hdr, close => 1));
    return ((parse_responses($raw))[0], $raw);
}

sub count {
    my ($res, $name) = @_;
    return scalar grep { lc $_->[0] eq lc $name } @{ $res->{header_list} };
}

my ($res) = get('/index.html');
ok t_cmp($res->{status}, 200, 'a plain request is served');
ok t_cmp($res->{headers}->{'x-cb-added'}, 'pre',
         'AddResponseHeaders from PREPROC_HEADERS reaches a 200 response');
ok t_cmp($res->{headers}->{'x-cb-added-too'}, 'yes',
         'AddResponseHeaders adds every line of its block');
ok t_cmp($res->{headers}->{'x-cb-added-map'}, 'yes',
         'AddResponseHeaders from URL_MAP reaches the response');
ok t_cmp($res->{headers}->{'x-cb-arh-send'}, 'fail 50',
         'AddResponseHeaders during SEND_RESPONSE: FALSE, '
         . 'ERROR_NOT_SUPPORTED');
ok t_cmp($res->{headers}->{'x-cb-late'}, undef,
         'the refused lines are not sent');
ok t_cmp(count($res, 'X-CB-Added'), 1, 'each line is sent once');

($res) = get('/no-such-file.html');
ok t_cmp($res->{status}, 404, 'a missing file is a 404');
ok t_cmp($res->{headers}->{'x-cb-added'}, 'pre',
         'AddResponseHeaders lines appear on a 404');

($res) = get('/index.html', 'X-CB-Status' => 'URL_MAP ERROR 1');
ok t_cmp($res->{status}, 500, 'a filter error in URL_MAP is a 500');
ok t_cmp($res->{headers}->{'x-cb-added'}, 'pre',
         'AddResponseHeaders lines appear on a 500');
ok t_cmp($res->{headers}->{'x-cb-added-map'}, undef,
         'control: the later filter did not get URL_MAP after the error');

($res) = get('/index.html', 'X-CB-Status' => 'AUTH_COMPLETE ERROR 5');
ok t_cmp($res->{status}, 401, 'ERROR_ACCESS_DENIED from a filter is a 401');
ok t_cmp($res->{headers}->{'x-cb-added'}, 'pre',
         'AddResponseHeaders lines appear on a 401');

($res) = get('/index.html', 'X-CB-Status' => 'URL_MAP KEEP');
ok t_cmp($res->{body}, "answered by cb_status in URL_MAP\n",
         'a filter answers the request from URL_MAP');
ok t_cmp($res->{headers}->{'x-cb-added'}, 'pre',
         'AddResponseHeaders lines are part of a head a filter sends with '
         . 'SF_REQ_SEND_RESPONSE_HEADER');

my $raw;
($res, $raw) = get('/index.html', 'X-CB-ARH-EOR' => '1');
ok t_cmp($raw, qr/\[arh-eor:fail 50\]\z/,
         'AddResponseHeaders from END_OF_REQUEST (head already sent): '
         . 'FALSE, ERROR_NOT_SUPPORTED');

# Two requests on one connection: lines belong to their own request.
$raw = raw_request(module => $M,
    data => http_req('/index.html') . http_req('/index.html', close => 1));
my @res = parse_responses($raw);
ok t_cmp(scalar(@res), 2, 'two pipelined requests answered');
ok t_cmp(count($res[1], 'X-CB-Added'), 1,
         'the second response carries its own request\'s lines only');
ok t_cmp(count($res[0], 'X-CB-Added'), 1,
         'the first response carries its lines once');
