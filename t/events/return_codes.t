# HttpFilterProc's return values, as IIS gives them meaning.  Site
# isf_cb_status: cb_status.so (high priority) returns what X-CB-Status
# asks for; cb_order.so (default priority) comes after it and records
# what it still received (X-CB-Order header, t/logs/cb_order.log).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(tag http_req wait_log error_log_mark error_log_since
               wait_error_log note);

plan tests => 48, need_module 'isapi_filter';

my $M = 'isf_cb_status';
my $body = "answered by cb_status in PREPROC_HEADERS\n";

# The error_log line of dispatch.c for filter cb_status.so.
sub isf5 {
    my ($event, $err) = @_;
    my $line = 'ISF5: SF_STATUS_REQ_ERROR from filter cb_status.so in '
             . "$event (status 0x08000004, GetLastError $err)";
    return qr/\Q$line\E/;
}

# One request (Connection: close); returns the parsed response and the
# events cb_order.so logged for it, up to END_OF_NET_SESSION (excluded).
# cb_order.so learns the tag in PREPROC_HEADERS: when it cannot get that
# notification, pass nolog => 1.
sub one {
    my ($status, %opt) = @_;
    my $tag = tag('rc');
    my $raw = raw_request(module => $M,
        data => http_req('/index.html', 'X-CB-Tag' => $tag,
                         'X-CB-Status' => $status, close => 1));
    my @ev = $opt{nolog} ? () : map { (split / /)[1] }
        wait_log('cb_order.log', qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
                 qr/^\Q$tag\E#\d+ (?!END_OF_NET_SESSION)/);
    return ((parse_responses($raw))[0], join(',', @ev));
}

my ($res, $ev) = one('PREPROC_HEADERS NEXT');
ok t_cmp($res->{status}, 200, 'NEXT: the request is served');
ok t_cmp($res->{headers}->{'x-cb-order'},
         'PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE,SEND_RESPONSE',
         'NEXT: the next filter receives the notification');

# HANDLED: later filters skip this event only.
($res, $ev) = one('URL_MAP HANDLED');
ok t_cmp($res->{status}, 200, 'HANDLED: Apache goes on serving');
ok t_cmp($res->{headers}->{'x-cb-order'},
         'PREPROC_HEADERS,AUTHENTICATION,AUTH_COMPLETE,SEND_RESPONSE',
         'HANDLED in URL_MAP: the later filter misses URL_MAP and still '
         . 'gets the events after it');
($res, $ev) = one('SEND_RESPONSE HANDLED');
ok t_cmp($res->{headers}->{'x-cb-order'}, undef,
         'HANDLED in SEND_RESPONSE: the later filter misses SEND_RESPONSE');
ok t_cmp($ev, 'PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE,'
              . 'END_OF_REQUEST,LOG',
         'HANDLED in SEND_RESPONSE: END_OF_REQUEST and LOG still reach the '
         . 'later filter');

# READ_NEXT outside READ_RAW_DATA means NEXT.
($res, $ev) = one('URL_MAP 0x8000005');
ok t_cmp($res->{status}, 200, 'READ_NEXT outside READ_RAW_DATA: served');
ok t_cmp($res->{headers}->{'x-cb-order'},
         'PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE,SEND_RESPONSE',
         'READ_NEXT outside READ_RAW_DATA acts as NEXT');

# FINISHED: the filter answered; the connection closes.
my ($raw, $info) = raw_request(module => $M,
    data => http_req('/index.html',
                     'X-CB-Status' => 'PREPROC_HEADERS FINISHED')
          . http_req('/index.html'));
my @res = parse_responses($raw);
ok t_cmp(scalar(@res), 1,
         'FINISHED: no further request is read from the connection');
ok t_cmp($res[0]->{body}, $body, 'FINISHED: the filter\'s response is sent');
ok t_cmp($info->{closed}, 1, 'FINISHED closes the connection');

# FINISHED_KEEP_CONN: kept when the head had a matching Content-Length.
($raw, $info) = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-Status' => 'PREPROC_HEADERS KEEP')
          . http_req('/index.html', close => 1));
@res = parse_responses($raw);
ok t_cmp(join(',', map { $_->{status} } @res), '200,200',
         'FINISHED_KEEP_CONN with Content-Length: the next request on the '
         . 'connection is answered');
ok t_cmp($res[0]->{body}, $body,
         'FINISHED_KEEP_CONN: the first answer is the filter\'s');
ok t_cmp($res[1]->{body}, qr/mod_isapi_filter test server/,
         'FINISHED_KEEP_CONN: the second answer is Apache\'s');

# A redirect filter's FINISHED_KEEP_CONN: a head with Content-Length: 0
# and no body frames itself whatever its status, so the connection stays
# and a pipelined request is answered.
for my $st (302, 200, 404) {
    ($raw, $info) = raw_request(module => $M,
        data => http_req('/index.html',
                         'X-CB-Status' => "PREPROC_HEADERS REDIRECT $st")
              . http_req('/index.html', close => 1));
    @res = parse_responses($raw);
    ok t_cmp(join(',', map { $_->{status} } @res), "$st,200",
             "FINISHED_KEEP_CONN after a $st head with Content-Length: 0: "
             . 'the pipelined request is answered');
    ok t_cmp($res[0]->{headers}->{location}, '/x',
             "FINISHED_KEEP_CONN after a $st head: it is the filter's");
}

($raw, $info) = raw_request(module => $M,
    data => http_req('/index.html',
                     'X-CB-Status' => 'PREPROC_HEADERS KEEP nocl')
          . http_req('/index.html', close => 1));
ok t_cmp(scalar(() = $raw =~ /^HTTP\/1\.1 /mg), 1,
         'FINISHED_KEEP_CONN without Content-Length: connection closed, '
         . 'the next request is not answered');
ok t_cmp($info->{closed}, 1,
         'FINISHED_KEEP_CONN without Content-Length: server closed');

($raw) = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-Status' => 'PREPROC_HEADERS KEEP',
                     close => 1)
          . http_req('/index.html'));
ok t_cmp(scalar(() = $raw =~ /^HTTP\/1\.1 /mg), 1,
         'FINISHED_KEEP_CONN when the client sent Connection: close: closed');

($raw) = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-Status' => 'PREPROC_HEADERS KEEP',
                     proto => 'HTTP/1.0')
          . http_req('/index.html', proto => 'HTTP/1.0'));
ok t_cmp(scalar(() = $raw =~ /^HTTP\/1\.\d /mg), 1,
         'FINISHED_KEEP_CONN on an HTTP/1.0 request: closed');

# ERROR: 500, and an error_log line naming the filter, the event and the
# filter's SetLastError code.
my $mark = error_log_mark();
($res) = one('PREPROC_HEADERS ERROR 1234', nolog => 1);
ok t_cmp($res->{status}, 500, 'ERROR from PREPROC_HEADERS: 500');
my $log = wait_error_log($mark, qr/ISF5: /);
ok t_cmp($log, isf5('PREPROC_HEADERS', 1234),
         'ERROR: error_log names the filter, the event and its '
         . 'GetLastError code');
ok t_cmp($res->{headers}->{'x-cb-order'}, 'SEND_RESPONSE',
         'ERROR in PREPROC_HEADERS: the later filter does not receive it; '
         . 'the 500 response is raised as SEND_RESPONSE');

$mark = error_log_mark();
($res, $ev) = one('URL_MAP ERROR 2');
ok t_cmp($res->{status}, 404,
         'ERROR with ERROR_FILE_NOT_FOUND from URL_MAP: 404');
ok t_cmp(wait_error_log($mark, qr/ISF5: /),
         isf5('URL_MAP', 2),
         'ERROR from URL_MAP is logged naming URL_MAP');
ok t_cmp($res->{headers}->{'x-cb-order'},
         'PREPROC_HEADERS,SEND_RESPONSE',
         'ERROR in URL_MAP: the request stops there; the error response '
         . 'still gets SEND_RESPONSE');

($res) = one('AUTH_COMPLETE ERROR 3');
ok t_cmp($res->{status}, 404,
         'ERROR with ERROR_PATH_NOT_FOUND from AUTH_COMPLETE: 404');

# Anything that is not an SF_STATUS_TYPE: logged, then treated as ERROR.
$mark = error_log_mark();
($res) = one('AUTH_COMPLETE 0x12345 7');
ok t_cmp($res->{status}, 500, 'unknown status from AUTH_COMPLETE: 500');
ok t_cmp(wait_error_log($mark, qr/ISF6: /),
         qr/\QISF6: unknown status, treated as SF_STATUS_REQ_ERROR, from \E
            \Qfilter cb_status.so in AUTH_COMPLETE \E
            \Q(status 0x00012345, GetLastError 7)\E/x,
         'unknown status: error_log names the value, the filter and event');

# After the response: ERROR from LOG cannot change it, but is logged.
$mark = error_log_mark();
($res, $ev) = one('LOG ERROR 99');
ok t_cmp($res->{status}, 200,
         'ERROR from LOG: the response (already sent) was a 200');
ok t_cmp(wait_error_log($mark, qr/ISF5: /),
         isf5('LOG', 99),
         'ERROR from LOG is logged naming LOG');
ok t_cmp($ev, qr/END_OF_REQUEST$/,
         'ERROR from LOG: the later filter does not receive LOG');

# END_OF_NET_SESSION: the connection has gone, so nothing a filter
# answers changes anything.  cb_status.so (first) answers with the status
# named; cb_order.so, after it, still hears of the connection's end, and
# nothing is logged as an error.
for my $code ('ERROR 1234', 'HANDLED', 'FINISHED', '0x12345 7') {
    my $tag = tag('rcs');
    $mark = error_log_mark();
    my $raw = raw_request(module => $M,
        data => http_req('/index.html', 'X-CB-Tag' => $tag,
                         'X-CB-Status' => "END_OF_NET_SESSION $code",
                         close => 1));
    ok t_cmp((parse_responses($raw))[0]->{status}, 200,
             "END_OF_NET_SESSION $code asked for: the request is served");
    my @end = wait_log('cb_order.log',
                       qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/);
    ok t_cmp(scalar @end, 1,
             "END_OF_NET_SESSION answered with $code by the first filter: "
             . 'the next filter still receives it');
    ok t_cmp(error_log_since($mark),
             qr/\A(?!.*ISF[56]: [^\n]*END_OF_NET_SESSION)/s,
             "END_OF_NET_SESSION answered with $code: no error is logged");
}
