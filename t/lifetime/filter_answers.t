# A filter that answers a request with a head of its own
# (SF_REQ_SEND_RESPONSE_HEADER) gets one head per response, any final
# status, and the connection framed as IIS frames it.
# t/filters/life_answer.c, scenario isf_life_answer (its own access log,
# t/logs/life_answer_access_log: "<X-Life-Tag> %m %U%q %>s %B").
#
# 1. SF_REQ_SEND_RESPONSE_HEADER called from the SEND_RESPONSE raised for
#    the filter's own head returns FALSE with ERROR_INVALID_PARAMETER (87):
#    the client gets that head once.  The bridge once sent the second head,
#    which raised SEND_RESPONSE again, without end: the child died.  The
#    first call, from the SEND_RESPONSE of Apache's own response, still
#    works.
# 2. A head with any status sent in PREPROC_HEADERS (302 with Location,
#    403, 204, 304; Content-Length 0 or the WriteClient bytes) and
#    FINISHED_KEEP_CONN: the response goes out with that status, the
#    connection stays open, the pipelined next request is answered,
#    END_OF_REQUEST and LOG are raised once and the access log shows the
#    filter's status.  The bridge once lost such a request (httpd gives up
#    a request whose status is not 200 after post_read_request): the
#    connection closed, the pipelined request was dropped, no
#    END_OF_REQUEST, LOG or access log line.
# 3. Such an answer to a POST that waits for "100 Continue": the client
#    never sends the body, so the connection closes after the filter's
#    response.  The bridge once kept it open, and Apache read the client's
#    next request as the POST's body, then answered the rest with a 400.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect read_response_bytes
                 parse_responses);
use ISF::CB qw(tag http_req read_until log_file wait_log error_log_mark
               error_log_since note);
use ISF::Hostile qw(page crash_lines sanitizer_lines);

my @answers = ([302, 0], [302, 5], [403, 9], [204, 0], [304, 0]);
plan tests => 10 + 5 * @answers + 6, need_module 'isapi_filter';

my $M    = 'isf_life_answer';
my $LOG  = 'life_answer.log';
my $ALOG = 'life_answer_access_log';
my $page = page();
my $mark = error_log_mark();

# How many times $needle occurs in $hay.
sub count {
    my ($hay, $needle) = @_;
    my $n = () = $hay =~ /\Q$needle\E/g;
    return $n;
}

# "<status> <X-Life-Answer> <Content-Length>" of a parsed response.
sub summary {
    my $r = shift or return 'none';
    return join ' ', $r->{status} // 0,
        $r->{headers}->{'x-life-answer'} // '-',
        $r->{headers}->{'content-length'} // '-';
}

# The page, answered by Apache to the pipelined request after the
# filter's answer.
sub served {
    my $r = shift;
    return $r && ($r->{status} // 0) == 200 && !$r->{incomplete}
        && !defined $r->{headers}->{'x-life-answer'}
        && $r->{body} eq $page ? 1 : 0;
}

# Lines of the scenario's access log after byte $from.
sub access_since {
    my $from = shift;
    open my $fh, '<', log_file($ALOG) or return ();
    seek $fh, $from, 0;
    return map { chomp; $_ } <$fh>;
}

# ---- 1. A second head from the SEND_RESPONSE of the first ------------------
# a) The filter answers in PREPROC_HEADERS; in the SEND_RESPONSE its head
#    raises, it asks for another head.
my $t = tag('ans-preproc');
my $raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-Life-Op' => 'head-ssf',
                     'X-Life-Tag' => $t)
          . http_req('/index.html', close => 1));
my @res = parse_responses($raw);
ok t_cmp(summary($res[0]), '200 preproc 0',
         'head from PREPROC_HEADERS: the filter\'s head goes out')
    or note('received: ' . substr($raw, 0, 600));
ok t_cmp(count($raw, 'X-Life-Answer:'), 1,
         'head from PREPROC_HEADERS: the client gets it once (no second '
         . 'head from its SEND_RESPONSE)');
ok t_cmp(served($res[1]) && @res == 2 ? 1 : 0, 1,
         'head from PREPROC_HEADERS: the connection stays open and the '
         . 'next pipelined request is served whole');
my @l = wait_log($LOG, qr/^HEAD tag=\Q$t\E(?: |$)/,
                 qr/^(?:HEAD|SR) tag=\Q$t\E(?: |$)/);
ok t_cmp(join(', ', @l),
         "SR tag=$t op=head-ssf depth=1 ssf=FALSE/87, "
         . "HEAD tag=$t op=head-ssf head=TRUE wc=-",
         'SF_REQ_SEND_RESPONSE_HEADER from the SEND_RESPONSE of the '
         . 'filter\'s own head: FALSE, ERROR_INVALID_PARAMETER; the head '
         . 'itself: TRUE');

# b) Apache's own response: the filter sends its head from the
#    SEND_RESPONSE of that response (allowed), and again from the
#    SEND_RESPONSE its head raises (refused).
$t = tag('ans-sr');
$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-Life-Op' => 'sr-ssf',
                     'X-Life-Tag' => $t)
          . http_req('/index.html', close => 1));
@res = parse_responses($raw);
ok t_cmp(summary($res[0]), '200 sr 0',
         'head from Apache\'s SEND_RESPONSE: the filter\'s head goes out '
         . 'instead of Apache\'s response')
    or note('received: ' . substr($raw, 0, 600));
ok t_cmp(count($raw, 'X-Life-Answer:'), 1,
         'head from Apache\'s SEND_RESPONSE: the client gets it once');
ok t_cmp(index($raw, $page) == rindex($raw, $page) ? 1 : 0, 1,
         'head from Apache\'s SEND_RESPONSE: none of Apache\'s own '
         . 'response goes out with it');
ok t_cmp(served($res[1]) && @res == 2 ? 1 : 0, 1,
         'head from Apache\'s SEND_RESPONSE, FINISHED_KEEP_CONN: the next '
         . 'pipelined request is served whole');
@l = wait_log($LOG, qr/^SR tag=\Q$t\E .*depth=1 /, qr/^SR tag=\Q$t\E(?: |$)/);
ok t_cmp(join(', ', @l),
         "SR tag=$t op=sr-ssf depth=2 ssf=FALSE/87, "
         . "SR tag=$t op=sr-ssf depth=1 ssf=TRUE",
         'SF_REQ_SEND_RESPONSE_HEADER: TRUE from the SEND_RESPONSE of '
         . 'Apache\'s response, FALSE with ERROR_INVALID_PARAMETER from the '
         . 'one its own head raises');
@l = wait_log($LOG, qr/^LOG tag=\Q$t\E(?: |$)/,
              qr/^(?:EOR|LOG) tag=\Q$t\E(?: |$)/);
ok t_cmp(join(', ', @l), "EOR tag=$t, LOG tag=$t status=200",
         'head from Apache\'s SEND_RESPONSE: END_OF_REQUEST and LOG are '
         . 'raised once');

# ---- 2. Any status from PREPROC_HEADERS, keep-alive ------------------------
for my $ans (@answers) {
    my ($code, $n) = @$ans;
    my $what = "$code with " . ($n ? "$n bytes" : 'no body');
    my $body = join '', map { chr(ord('a') + $_ % 26) } 0 .. $n - 1;
    $body = '' if $code == 204 or $code == 304;
    $t = tag("ans-$code-$n");
    $raw = raw_request(module => $M,
        data => http_req('/index.html', 'X-Life-Op' => 'answer',
                         'X-Life-Status' => $code, 'X-Life-Body' => $n,
                         'X-Life-Tag' => $t)
              . http_req('/index.html', 'X-Life-Tag' => "$t-next",
                         close => 1));
    @res = parse_responses($raw);
    ok t_cmp(summary($res[0]) . ' ' . ($res[0]->{body} // '') . ' '
             . ($res[0]->{headers}->{location} // '-'),
             "$code $code $n $body "
             . ($code == 302 ? 'http://localhost/elsewhere.html' : '-'),
             "$what: the response goes out with the filter's status, "
             . 'headers and body')
        or note('received: ' . substr($raw, 0, 600));
    ok t_cmp(served($res[1]) && @res == 2 ? 1 : 0, 1,
             "$what, FINISHED_KEEP_CONN: the connection stays open and the "
             . 'next pipelined request is answered')
        or note('received: ' . substr($raw, 0, 600));
    @l = wait_log($LOG, qr/^LOG tag=\Q$t\E(?: |$)/,
                  qr/^(?:HEAD|EOR|LOG) tag=\Q$t\E(?: |$)/);
    ok t_cmp(join(', ', @l),
             "HEAD tag=$t op=answer head=TRUE wc=" . ($n ? 'TRUE' : '-')
             . ", EOR tag=$t, LOG tag=$t status=$code",
             "$what: END_OF_REQUEST and LOG are raised once, LOG with the "
             . "filter's status");
    my @acc = wait_log($ALOG, qr/^\Q$t\E /);
    ok t_cmp(join(', ', map { /^(\S+ \S+ \S+ \d+)/ ? $1 : $_ } @acc),
             "$t GET /index.html $code",
             "$what: one access log line, with the filter's status");
    @acc = wait_log($ALOG, qr/^\Q$t\E-next /);
    ok t_cmp(join(', ', map { /^(\S+ \S+ \S+ \d+)/ ? $1 : $_ } @acc),
             "$t-next GET /index.html 200",
             "$what: the pipelined request is logged too");
}

# ---- 3. An answer to a POST waiting for 100 Continue -----------------------
{
    local $SIG{PIPE} = 'IGNORE';
    $t = tag('ans-expect');
    my $from = -s log_file($ALOG) || 0;
    my $sock = raw_connect(module => $M);
    print $sock "POST /index.html HTTP/1.1\r\nHost: localhost\r\n"
        . "X-Life-Op: answer\r\nX-Life-Status: 200\r\nX-Life-Body: 2\r\n"
        . "X-Life-Tag: $t\r\nContent-Type: text/plain\r\n"
        . "Content-Length: 10\r\nExpect: 100-continue\r\n\r\n";
    # The filter's whole response (Content-Length: 2)
    $raw = read_until($sock, qr/\r\n\r\nab/, 5);
    my @first = grep { ($_->{status} // 0) >= 200 } parse_responses($raw);
    ok t_cmp(summary($first[0]) . ' ' . ($first[0] ? $first[0]->{body} : ''),
             '200 200 2 ab',
             'POST waiting for 100 Continue: the filter\'s answer goes out')
        or note('received: ' . substr($raw, 0, 600));
    # The client, never asked for its body, goes on with its next request.
    print $sock "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
        . "X-Life-Tag: $t-next\r\n\r\n";
    my ($rest, $info) = read_response_bytes($sock, 3);
    close $sock;
    ok t_cmp(($info->{closed} ? 'closed' : 'open') . ' ' . length($rest),
             'closed 0',
             'POST waiting for 100 Continue: the connection closes after '
             . 'the filter\'s answer (the body never came), nothing more is '
             . 'sent')
        or note('after the answer: ' . substr($rest, 0, 300));
    @l = wait_log($LOG, qr/^LOG tag=\Q$t\E(?: |$)/,
                  qr/^(?:EOR|LOG) tag=\Q$t\E(?: |$)/);
    ok t_cmp(join(', ', @l), "EOR tag=$t, LOG tag=$t status=200",
             'POST waiting for 100 Continue: END_OF_REQUEST and LOG are '
             . 'raised once');
    wait_log($ALOG, qr/^\Q$t\E /);
    Time::HiRes::sleep(0.5);    # a garbage request would be logged late
    my @acc = access_since($from);
    ok t_cmp(join(', ', map { /^(\S+ \S+ \S+ \d+)/ ? $1 : $_ } @acc),
             "$t POST /index.html 200",
             'POST waiting for 100 Continue: the access log holds the POST '
             . 'alone: the next request was not read as its body, and no '
             . '400 for what was left of it');
    ok t_cmp(scalar(grep { / 400 / } @acc), 0,
             'POST waiting for 100 Continue: no 400 is logged');
}

my $errors = error_log_since($mark);
my @dead = (crash_lines($errors), sanitizer_lines($errors));
ok t_cmp(scalar(@dead), 0, 'no child died') or note(@dead);
