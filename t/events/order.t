# The order in which IIS raises notifications within a request, and of
# requests and END_OF_NET_SESSION within a connection.  cb_order.so
# (site isf_cb_order) registers every non-raw event and appends
# "TAG#N EVENT" to t/logs/cb_order.log for each one.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(tag http_req read_until wait_log note);

plan tests => 13, need_module 'isapi_filter';

my $LOG = 'cb_order.log';
my @OK = qw(PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE
            SEND_RESPONSE END_OF_REQUEST LOG);

# Send one request on its own connection (closed after it); return the
# response and the events logged for the tag, END_OF_NET_SESSION included.
sub one {
    my ($path, @hdr) = @_;
    my $tag = tag('order');
    my $raw = raw_request(module => 'isf_cb_order',
        data => http_req($path, 'X-CB-Tag' => $tag, @hdr, close => 1));
    my @ev = map { (split / /)[1] }
        wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
                 qr/^\Q$tag\E#/);
    return ((parse_responses($raw))[0], \@ev);
}

my ($res, $ev) = one('/index.html');
ok t_cmp($res->{status}, 200, 'a plain GET is served');
ok t_cmp(join(',', @$ev), join(',', @OK, 'END_OF_NET_SESSION'),
         'GET of a file: PREPROC_HEADERS, URL_MAP, AUTHENTICATION, '
         . 'AUTH_COMPLETE, SEND_RESPONSE, END_OF_REQUEST, LOG, then '
         . 'END_OF_NET_SESSION when the connection closes')
    or note("events: @$ev");
ok t_cmp($res->{headers}->{'x-cb-order'},
         join(',', @OK[0 .. 4]),
         'the filter saw the same order in-band, up to SEND_RESPONSE');

($res, $ev) = one('/no-such-file.html');
ok t_cmp($res->{status}, 404, 'a missing file is a 404');
ok t_cmp(join(',', @$ev), join(',', @OK, 'END_OF_NET_SESSION'),
         'a 404 raises the same notifications in the same order');

($res, $ev) = one('/cb-auth/index.html');
ok t_cmp($res->{status}, 401, 'a protected file without credentials: 401');
ok t_cmp(join(',', @$ev),
         join(',', qw(PREPROC_HEADERS URL_MAP AUTHENTICATION ACCESS_DENIED
                      SEND_RESPONSE END_OF_REQUEST LOG END_OF_NET_SESSION)),
         'a 401: ACCESS_DENIED after AUTHENTICATION and before '
         . 'SEND_RESPONSE; no AUTH_COMPLETE for a refused request')
    or note("events: @$ev");

($res, $ev) = one('/');
my @maps = grep { $_ eq 'URL_MAP' } @$ev;
ok t_cmp(scalar(@maps), 2,
         'a directory URL: URL_MAP for "/" and again for the index file');
ok t_cmp(join(',', grep { $_ ne 'URL_MAP' } @$ev),
         join(',', grep { $_ ne 'URL_MAP' } @OK, 'END_OF_NET_SESSION'),
         'a directory URL: the other notifications keep their order');

# Two pipelined requests and a third on the same (kept-alive)
# connection: each request's notifications are complete before the next
# request's PREPROC_HEADERS, and END_OF_NET_SESSION comes once, last.
my $tag = tag('order-ka');
my $sock = ISF::Test::raw_connect(module => 'isf_cb_order');
print $sock http_req('/index.html', 'X-CB-Tag' => $tag)
          . http_req('/no-such-file.html', 'X-CB-Tag' => $tag);
my $raw = read_until($sock, qr/404 Not Found.*<\/html>/s);
print $sock http_req('/index.html', 'X-CB-Tag' => $tag, close => 1);
$raw .= ISF::Test::read_response_bytes($sock);
close $sock;
my @res = parse_responses($raw);
ok t_cmp(join(',', map { $_->{status} } @res), '200,404,200',
         'three requests on one connection are answered in order');
my @lines = wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
                     qr/^\Q$tag\E#/);
my $want = join(',', (map { "#1 $_" } @OK), (map { "#2 $_" } @OK),
                (map { "#3 $_" } @OK), '#3 END_OF_NET_SESSION');
my $got = join(',', map { /(#\d+ \S+)$/ ? $1 : $_ } @lines);
ok t_cmp($got, $want,
         'keep-alive and pipelining: a request\'s END_OF_REQUEST and LOG '
         . 'come before the next request\'s PREPROC_HEADERS, '
         . 'END_OF_NET_SESSION once at the end')
    or note("events: $got");
ok t_cmp(scalar(grep { /END_OF_NET_SESSION$/ } @lines), 1,
         'END_OF_NET_SESSION exactly once for a three-request connection');
ok t_cmp(scalar(grep { /#\d+ LOG$/ } @lines), 3,
         'LOG exactly once per request');
