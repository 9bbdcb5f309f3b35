# Issue 10 item 6: a filter that answers a request itself sends no body
# where HTTP allows none.  t/filters/life_head.c (scenario isf_life_head)
# sends a head with "Content-Length: 5" through SF_REQ_SEND_RESPONSE_HEADER,
# WriteClient's 5 bytes and returns FINISHED_KEEP_CONN.  To a HEAD request
# the response is the head alone and the connection stays open: the next
# pipelined response starts right after the head.  The same for 204 and
# 304 heads on GET: no body bytes go out.  The bridge once sent the 5
# bytes and kept the connection, so the client took them for the start of
# the next response.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req note);
use ISF::Hostile qw(page);

plan tests => 10, need_module 'isapi_filter';

my $M = 'isf_life_head';
my $page = page();

# The first response's head, and what follows it on the wire.
sub split_head {
    my $raw = shift;
    my $end = index($raw, "\r\n\r\n");
    return ('', $raw) if $end < 0;
    return (substr($raw, 0, $end + 4), substr($raw, $end + 4));
}

# ---- HEAD answered by the filter, then a pipelined GET --------------------
my $raw = raw_request(module => $M,
    data => http_req('/index.html', method => 'HEAD', 'X-Life-Head' => 200)
          . http_req('/index.html', close => 1));
my ($head, $rest) = split_head($raw);
my ($r1) = parse_responses($head, methods => ['HEAD']);
ok t_cmp($r1->{status} . ' ' . ($r1->{headers}->{'x-life-head'} // '-')
         . ' ' . ($r1->{headers}->{'content-length'} // '-'),
         '200 answered 5',
         'HEAD: the filter\'s head goes out, with its Content-Length: 5');
ok t_cmp(substr($rest, 0, 9), 'HTTP/1.1 ',
         'HEAD: the next pipelined response starts right after the head '
         . '(no body bytes between)')
    or note('after the head: ' . substr($rest, 0, 80));
ok t_cmp(index($raw, 'HELLO'), -1,
         'HEAD: none of the 5 bytes the filter wrote goes out');
my @res = parse_responses($rest);
ok t_cmp(@res == 1 && $res[0]->{status} == 200 && $res[0]->{body} eq $page
         ? 1 : 0, 1,
         'HEAD: the connection stays open and the next request is served '
         . 'whole');

# ---- 204 and 304 heads on GET ---------------------------------------------
for my $code (204, 304) {
    $raw = raw_request(module => $M,
        data => http_req('/index.html', 'X-Life-Head' => $code)
              . http_req('/index.html', close => 1));
    ($head, $rest) = split_head($raw);
    ($r1) = parse_responses($head);
    ok t_cmp($r1->{status} . ' ' . ($r1->{headers}->{'x-life-head'} // '-'),
             "$code answered", "$code: the filter's head goes out");
    ok t_cmp(index($raw, 'HELLO'), -1,
             "$code: none of the 5 bytes the filter wrote goes out");
    ok t_cmp($rest eq '' || substr($rest, 0, 9) eq 'HTTP/1.1 ' ? 1 : 0, 1,
             "$code: after the head comes the next response or the end of "
             . 'the connection, never body bytes')
        or note('after the head: ' . substr($rest, 0, 80));
}
