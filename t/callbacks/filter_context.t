# pFilterContext: one slot per filter per connection, NULL on a new
# connection, kept across keep-alive and pipelined requests, and private
# to each filter.  Site isf_cb_ctx runs two filters that keep different
# structures in their slots: cb_order.so ("X-CB-Order-Ctx") and cb_ctx.so
# ("X-CB-Ctx"); each reports "new", "kept N" or "foreign".
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(http_req read_until);

plan tests => 12, need_module 'isapi_filter';

my $M = 'isf_cb_ctx';
my @ALL = qw(PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE
             SEND_RESPONSE END_OF_REQUEST LOG);

sub ctx {
    my $r = shift;
    return join ' / ', map { $r->{headers}->{$_} // 'none' }
        qw(x-cb-ctx x-cb-order-ctx);
}

# Keep-alive: one request at a time on one connection.
my $sock = raw_connect(module => $M);
my @res;
for my $i (1 .. 3) {
    print $sock http_req('/index.html', $i == 3 ? (close => 1) : ());
    push @res, parse_responses(read_until($sock, qr/<\/html>\n/));
}
close $sock;
ok t_cmp(ctx($res[0]), 'new / new',
         'pFilterContext is NULL for both filters on a new connection');
ok t_cmp(ctx($res[1]), 'kept 1 / kept 1',
         'keep-alive: each filter finds its own context again');
ok t_cmp(ctx($res[2]), 'kept 2 / kept 2',
         'keep-alive: the context lives as long as the connection');
ok t_cmp($res[1]->{headers}->{'x-cb-ctx-prev'}, join(',', @ALL),
         'the context survives from END_OF_REQUEST and LOG of one request '
         . 'into the next request');

# Pipelining: three requests in one write.
my $raw = raw_request(module => $M,
    data => http_req('/index.html') . http_req('/no-such-file.html')
          . http_req('/index.html', close => 1));
@res = parse_responses($raw);
ok t_cmp(scalar(@res), 3, 'three pipelined requests, three responses');
ok t_cmp(ctx($res[0]), 'new / new',
         'pipelining: NULL context for the first request');
ok t_cmp(ctx($res[1]), 'kept 1 / kept 1',
         'pipelining: the second request finds the contexts');
ok t_cmp(ctx($res[2]), 'kept 2 / kept 2',
         'pipelining: the third request (after a 404) finds them too');

# A new connection starts from NULL again, even right after another one.
$raw = raw_request(module => $M, data => http_req('/index.html', close => 1));
@res = parse_responses($raw);
ok t_cmp(ctx($res[0]), 'new / new',
         'a new connection never inherits another connection\'s context');

# Two connections open at once do not share contexts.
my $c1 = raw_connect(module => $M);
my $c2 = raw_connect(module => $M);
print $c1 http_req('/index.html');
my @ra = parse_responses(read_until($c1, qr/<\/html>\n/));
print $c2 http_req('/index.html');
my @rb = parse_responses(read_until($c2, qr/<\/html>\n/));
print $c1 http_req('/index.html', close => 1);
push @ra, parse_responses(scalar ISF::Test::read_response_bytes($c1));
close $_ for $c1, $c2;
ok t_cmp(ctx($rb[0]), 'new / new',
         'a second concurrent connection gets NULL contexts');
ok t_cmp(ctx($ra[1]), 'kept 1 / kept 1',
         'the first connection\'s contexts are untouched by the second');
ok t_cmp(join(' ', map { ctx($_) } @ra, @rb), qr/^(?!.*foreign)/,
         'no filter ever sees another filter\'s context');
