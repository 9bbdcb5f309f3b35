# A status below 200 is refused as a final status (issue 10, item 8).  A
# 1xx is an interim response: sent as the final one, with the body after
# it on a kept-alive connection, the client reads the body as the next
# response.  SetHeader("status", "100 Continue" | "101 Switching
# Protocols") in SEND_RESPONSE returns FALSE with ERROR_INVALID_PARAMETER
# and the response keeps its status; HttpStatus set to 100 or 101 has no
# effect; SF_REQ_SEND_RESPONSE_HEADER with a 1xx status returns FALSE with
# ERROR_INVALID_PARAMETER.  Each case is followed by a pipelined request
# on the same connection, which must get its own response.  Filter
# t/filters/lim_status.c, scenario isf_lim_status.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req error_log_mark error_log_since);
use ISF::Hostile qw(page crash_lines);

my %LINE = (100 => '100 Continue', 101 => '101 Switching Protocols');
my @CASES = (
    # op, what the filter did, response header => what it must say
    ['set-100', 'SetHeader("status", "100 Continue") in SEND_RESPONSE',
     'x-lim-status-set' => 'FALSE 87'],
    ['set-101', 'SetHeader("status", "101 Switching Protocols") in '
     . 'SEND_RESPONSE', 'x-lim-status-set' => 'FALSE 87'],
    ['http-100', 'HttpStatus = 100 in SEND_RESPONSE',
     'x-lim-status-given' => '200'],
    ['http-101', 'HttpStatus = 101 in SEND_RESPONSE',
     'x-lim-status-given' => '200'],
    ['head-100', 'SF_REQ_SEND_RESPONSE_HEADER with "100 Continue"',
     'x-lim-head' => 'FALSE 87'],
    ['head-101', 'SF_REQ_SEND_RESPONSE_HEADER with "101 Switching '
     . 'Protocols"', 'x-lim-head' => 'FALSE 87'],
);

plan tests => 5 * @CASES + 2 + 1, need_module 'isapi_filter';

my $mark = error_log_mark();
my $page = page();

for my $case (@CASES) {
    my ($op, $what, $hdr, $want) = @$case;
    my ($raw) = raw_request(module => 'isf_lim_status', timeout => 3,
        data => http_req('/index.html', 'X-Lim-Status' => $op)
              . http_req('/index.html', close => 1));
    my @res = parse_responses($raw);
    my $res = $res[0] || { status => 0, body => '', headers => {} };
    my $refused = $hdr eq 'x-lim-status-given'
        ? 'the filter was given HttpStatus 200'
        : 'it returns FALSE with ERROR_INVALID_PARAMETER';
    is $res->{headers}->{$hdr}, $want, "$what: $refused";
    is $res->{status}, 200, "... the response keeps its status (200)";
    ok $res->{body} eq $page, '... and its body, whole';
    my @interim = $raw =~ m{^(HTTP/1\.\d 1\d\d [^\r\n]*)}mg;
    is scalar(@interim), 0, "... no 1xx status line went out ($op)"
        or diag(@interim);
    ok @res == 2 && !$res[1]->{incomplete} && $res[1]->{status} == 200
       && $res[1]->{body} eq $page,
       "... and the pipelined next request gets its own 200 ($op)";
}

# After a refused SetHeader the status is still the response's own.
{
    my ($res) = parse_responses(scalar raw_request(module => 'isf_lim_status',
        timeout => 3, data => http_req('/index.html', 'X-Lim-Status' => 'set-100',
                                       close => 1)));
    is $res && $res->{headers}->{'x-lim-status-after'}, '200 OK',
       'GetHeader("status") after the refused SetHeader gives "200 OK"';
    ($res) = parse_responses(scalar raw_request(module => 'isf_lim_status',
        timeout => 3, data => http_req('/missing-lim.html',
                                       'X-Lim-Status' => 'set-101',
                                       close => 1)));
    ok $res && $res->{status} == 404
       && $res->{headers}->{'x-lim-status-set'} eq 'FALSE 87',
       'a 404 offered "101 Switching Protocols" stays a 404';
}

Time::HiRes::sleep(0.3);
my @crash = crash_lines(error_log_since($mark));
is scalar(@crash), 0, 'no child process died (no "exit signal" in '
   . 'error_log)' or diag(@crash);
