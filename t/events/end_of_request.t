# END_OF_REQUEST: raised once per request, when the response is complete,
# and WriteClient from it appends raw bytes after the response body, before
# anything of the next response on the connection.  cb_eor.so (site
# isf_cb_eor) writes "[eor:WORD]" when the request says "X-CB-EOR: WORD".
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req note);

plan tests => 12, need_module 'isapi_filter';

my $M = 'isf_cb_eor';
my $page = '<html><body>mod_isapi_filter test server</body></html>';

my $raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'one', close => 1));
ok t_cmp($raw, qr/^HTTP\/1\.1 200 OK\r\n.*\r\n\r\n\Q$page\E\n\[eor:one\]\z/s,
         'WriteClient from END_OF_REQUEST lands right after the body');
my @res = parse_responses($raw);
ok t_cmp($res[0]->{body}, "$page\n",
         'the response itself (Content-Length framing) is unchanged');

$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'p1')
          . http_req('/index.html', 'X-CB-EOR' => 'p2', close => 1));
ok t_cmp($raw, qr/\Q$page\E\n\[eor:p1\]HTTP\/1\.1\ 200\ OK\r\n.*\r\n\r\n
                  \Q$page\E\n\[eor:p2\]\z/sx,
         'pipelined requests: each END_OF_REQUEST write lands after its '
         . 'own response and before the next response');
my $n = () = $raw =~ /\[eor:/g;
ok t_cmp($n, 2, 'END_OF_REQUEST once per request on a kept-alive connection');

$raw = raw_request(module => $M,
    data => http_req('/no-such-file.html', 'X-CB-EOR' => 'nf', close => 1));
ok t_cmp($raw, qr/^HTTP\/1\.1 404 .*<\/html>\n\[eor:nf\]\z/s,
         'END_OF_REQUEST follows an error response too');

# A response of unknown length: mod_bucketeer passes the file on in two
# parts at the ^P byte, so HTTP/1.1 chunks it.
my $file = Apache::Test::vars('t_logs') . '/cb_chunked.txt';
open my $fh, '>', $file or die "$file: $!";
print $fh "first part\x10second part\n";
close $fh;
$raw = raw_request(module => $M,
    data => http_req('/cb-chunked.txt', 'X-CB-EOR' => 'ch', close => 1));
ok t_cmp($raw, qr/^HTTP\/1\.1 200 OK\r\n.*Transfer-Encoding: chunked\r\n/s,
         'control: a response of unknown length is chunked');
ok t_cmp($raw, qr/second part\n\r\n0\r\n\r\n\[eor:ch\]\z/,
         'chunked response: END_OF_REQUEST bytes come after the last chunk');

$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'hd', method => 'HEAD',
                     close => 1));
ok t_cmp($raw, qr/\r\n\r\n\z/,
         'HEAD: no body may follow the head, so END_OF_REQUEST\'s '
         . 'WriteClient bytes are dropped (they would desync keep-alive)');

$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'h10', proto => 'HTTP/1.0'));
ok t_cmp($raw, qr/^HTTP\/1\.1 200 OK\r\n.*\Q$page\E\n\[eor:h10\]\z/s,
         'HTTP/1.0 request: END_OF_REQUEST bytes after the body');

# The filter answered the request itself (FINISHED from PREPROC_HEADERS):
# END_OF_REQUEST is raised at that point, after the filter's own body.
$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'fin',
                     'X-CB-Status' => 'PREPROC_HEADERS FINISHED'));
ok t_cmp($raw, qr/answered by cb_status in PREPROC_HEADERS\n\[eor:fin\]\z/,
         'a request answered by a filter still gets END_OF_REQUEST, after '
         . 'the filter\'s body');
$n = () = $raw =~ /\[eor:/g;
ok t_cmp($n, 1, 'END_OF_REQUEST once for a request a filter answered');

$raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-EOR' => 'url',
                     'X-CB-Status' => 'URL_MAP FINISHED', close => 1));
ok t_cmp($raw, qr/answered by cb_status in URL_MAP\n\[eor:url\]\z/,
         'answered from URL_MAP: END_OF_REQUEST after the filter\'s body');
