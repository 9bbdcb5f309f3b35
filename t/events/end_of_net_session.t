# END_OF_NET_SESSION: exactly once per connection, however the connection
# ends (client close after one request, keep-alive, client abort in the
# middle of a request, a connection that never sent a request).
# cb_session.so (site isf_cb_session) appends one line per notification
# to t/logs/cb_session.log:
#   ENS tag=TAG requests=N url=ERR port=ok|ERR write=ok|ERR
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Time::HiRes ();
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(tag http_req read_until wait_log log_lines note);

plan tests => 15, need_module 'isapi_filter';

my $LOG = 'cb_session.log';
my $M = 'isf_cb_session';

sub ens_lines {
    my $tag = shift;
    return wait_log($LOG, qr/^ENS tag=\Q$tag\E /);
}

# One request, connection closed by the server afterwards.
my $tag = tag('ens');
my $raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-Tag' => $tag, close => 1));
my @res = parse_responses($raw);
ok t_cmp($res[0]->{headers}->{'x-cb-session'}, 1,
         'first request of a connection is request 1');
my @l = ens_lines($tag);
ok t_cmp(scalar(@l), 1,
         'one request, then close: END_OF_NET_SESSION exactly once');
ok t_cmp($l[0], qr/ requests=1 /,
         'END_OF_NET_SESSION comes after the connection\'s only request');
ok t_cmp($l[0], qr/ url=232 /,
         'END_OF_NET_SESSION: a request variable (URL) fails with '
         . 'ERROR_NO_DATA: no request exists');
ok t_cmp($l[0], qr/ port=ok /,
         'END_OF_NET_SESSION: a connection variable (SERVER_PORT) works');
ok t_cmp($l[0], qr/ write=64$/,
         'END_OF_NET_SESSION: WriteClient to the closed connection fails '
         . 'with ERROR_NETNAME_DELETED');

# Keep-alive: three requests, the last one closes.
$tag = tag('ens-ka');
my $sock = raw_connect(module => $M);
for my $i (1 .. 2) {
    print $sock http_req('/index.html', 'X-CB-Tag' => $tag);
    read_until($sock, qr/<\/html>/);
}
print $sock http_req('/index.html', 'X-CB-Tag' => $tag, close => 1);
$raw = ISF::Test::read_response_bytes($sock);
close $sock;
@res = parse_responses($raw);
ok t_cmp($res[0]->{headers}->{'x-cb-session'}, 3,
         'keep-alive: the third request on the connection is request 3');
@l = ens_lines($tag);
ok t_cmp(scalar(@l), 1,
         'keep-alive connection with three requests: END_OF_NET_SESSION '
         . 'exactly once');
ok t_cmp($l[0], qr/ requests=3 /,
         'END_OF_NET_SESSION after all three requests; AllocMem context '
         . 'still valid in it');

# Client abort in the middle of a request body.
$tag = tag('ens-abort');
$sock = raw_connect(module => $M);
print $sock "POST /index.html HTTP/1.1\r\nHost: localhost\r\n"
          . "X-CB-Tag: $tag\r\nContent-Length: 1000\r\n\r\npartial";
Time::HiRes::sleep(0.2);
close $sock;
@l = ens_lines($tag);
ok t_cmp(scalar(@l), 1,
         'client abort in the middle of a request body: '
         . 'END_OF_NET_SESSION exactly once');

# Client abort in the middle of the second request's headers.
$tag = tag('ens-abort2');
$sock = raw_connect(module => $M);
print $sock http_req('/index.html', 'X-CB-Tag' => $tag);
read_until($sock, qr/<\/html>/);
print $sock "GET /index.html HTTP/1.1\r\nHost: loc";
Time::HiRes::sleep(0.2);
close $sock;
@l = ens_lines($tag);
ok t_cmp(scalar(@l), 1,
         'client abort in the middle of a second request\'s headers: '
         . 'END_OF_NET_SESSION exactly once');
ok t_cmp($l[0], qr/ requests=1 /,
         'the unfinished request never reached the filter');

# A connection that never sends a request (context still NULL).
my $before = () = log_lines($LOG, qr/^ENS tag=- requests=0 /);
$sock = raw_connect(module => $M);
Time::HiRes::sleep(0.1);
close $sock;
my $deadline = Time::HiRes::time() + 5;
Time::HiRes::sleep(0.05)
    while Time::HiRes::time() < $deadline
          and (() = log_lines($LOG, qr/^ENS tag=- requests=0 /)) <= $before;
# and no second line follows
Time::HiRes::sleep(0.3);
my $after = () = log_lines($LOG, qr/^ENS tag=- requests=0 /);
ok t_cmp($after - $before, 1,
         'a connection closed before any request: END_OF_NET_SESSION '
         . 'exactly once, with a NULL pFilterContext');

# Nothing else produced a second line for the tags above.
my $dups = 0;
my %seen;
$seen{$_}++ for map { /tag=(\S+)/ ? $1 : () }
    log_lines($LOG, qr/^ENS tag=ens[\w-]*-\Q$$\E-\d+-\d+ /);
$dups += $_ > 1 for values %seen;
ok t_cmp(scalar(keys %seen), 4,
         'END_OF_NET_SESSION reached the filter for each of the four '
         . 'connections that sent a request');
ok t_cmp($dups, 0, 'no connection of this test got two END_OF_NET_SESSION');
