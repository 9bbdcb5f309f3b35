# WriteClient: raw bytes to the client.  From PREPROC_HEADERS (or URL_MAP)
# with SF_STATUS_REQ_FINISHED the filter's bytes are the whole answer;
# from END_OF_REQUEST they follow the body.  Site isf_cb_eor: cb_status.so
# (answers as asked by X-CB-Status) and cb_eor.so (END_OF_REQUEST).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req);

plan tests => 12, need_module 'isapi_filter';

my $M = 'isf_cb_eor';
my $body = "answered by cb_status in PREPROC_HEADERS\n";

# Head (SF_REQ_SEND_RESPONSE_HEADER) + body (WriteClient) + FINISHED, with
# a second request pipelined behind it.
my ($raw, $info) = raw_request(module => $M,
    data => http_req('/index.html',
                     'X-CB-Status' => 'PREPROC_HEADERS FINISHED')
          . http_req('/index.html'));
my @res = parse_responses($raw);
ok t_cmp($res[0]->{status}, 200, 'the filter\'s status line is sent');
ok t_cmp($res[0]->{body}, $body,
         'WriteClient from PREPROC_HEADERS is the response body');
ok t_cmp($res[0]->{headers}->{'content-length'}, length($body),
         'the filter\'s own header lines are sent');
ok t_cmp(join(',', grep { defined $res[0]->{headers}->{$_} }
                  qw(last-modified etag accept-ranges)), '',
         'Apache adds nothing of its own response for the file');
ok t_cmp(scalar(@res), 1,
         'FINISHED closes the connection: the pipelined request is not '
         . 'answered');
ok t_cmp($info->{closed}, 1, 'FINISHED: the server closed the connection');

# WriteClient alone, a complete hand-made response.
$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-Status' => 'PREPROC_HEADERS RAW'));
my $exp = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        . "Content-Length: " . length($body) . "\r\nX-CB-Raw: yes\r\n\r\n"
        . $body;
ok t_cmp($raw, $exp,
         'WriteClient without SEND_RESPONSE_HEADER: the client gets exactly '
         . 'the filter\'s bytes and nothing else');

# From URL_MAP.
$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-Status' => 'URL_MAP FINISHED'));
@res = parse_responses($raw);
ok t_cmp($res[0]->{body}, "answered by cb_status in URL_MAP\n",
         'a filter can answer from URL_MAP with WriteClient + FINISHED');

# From END_OF_REQUEST, after Apache's own response.
$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'tail', close => 1));
@res = parse_responses($raw);
ok t_cmp($res[0]->{status}, 200, 'Apache answers the request');
ok t_cmp($res[0]->{body},
         "<html><body>mod_isapi_filter test server</body></html>\n",
         'Apache\'s body is intact');
ok t_cmp(substr($raw, -10), '[eor:tail]',
         'WriteClient from END_OF_REQUEST appends after the body');

# Both: the filter answers and also writes at END_OF_REQUEST.
$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'both',
                     'X-CB-Status' => 'PREPROC_HEADERS KEEP', close => 1));
ok t_cmp($raw, qr/\r\n\r\n\Q$body\E\[eor:both\]\z/,
         'END_OF_REQUEST WriteClient follows a filter-made response');
