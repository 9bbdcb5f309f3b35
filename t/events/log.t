# LOG: what a filter changes in HTTP_FILTER_LOG is what the access log
# records.  Site isf_cb_log runs cb_log.so and writes
#   CustomLog logs/cb_access_log "%h %u %m %U %q %>s %B"
# Each request carries a unique query string, so its line can be found.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(tag http_req wait_log note);

plan tests => 16, need_module 'isapi_filter';

my $LOG = 'cb_access_log';
my $size = -s Apache::Test::vars('documentroot') . '/index.html';

# Request $path with X-CB-Log: $spec (if defined); return the response and
# the access-log line found through $find (a regex).
sub logged {
    my ($path, $spec, $find) = @_;
    my $raw = raw_request(module => 'isf_cb_log',
        data => http_req($path, (defined $spec ? ('X-CB-Log' => $spec) : ()),
                         close => 1));
    my @l = wait_log($LOG, $find);
    note("log lines: @l") if @l != 1;
    return ((parse_responses($raw))[0], $l[-1] // '');
}

# Control: no change requested, the line is what Apache would write.
my $t = tag('log');
my ($res, $line) = logged("/index.html?$t", undef, qr/ \?\Q$t\E /);
ok t_cmp($res->{status}, 200, 'control request served');
ok t_cmp($line, qr{^127\.0\.0\.1 - GET /index\.html \?\Q$t\E 200 \Q$size\E$},
         'LOG with nothing changed: the access log shows the request as is');

# Every string field re-pointed at the filter's own memory.
$t = tag('log');
($res, $line) = logged("/index.html?$t",
    "host=client.cb.test;user=alice;op=FETCH;target=/rewritten/path;"
    . "params=$t-new", qr/ \?\Q$t\E-new /);
my @f = split / /, $line;
ok t_cmp($res->{status}, 200, 'request with LOG changes served normally');
ok t_cmp($f[0], 'client.cb.test',
         'LOG pszClientHostName re-pointed: %h logs the new host');
ok t_cmp($f[1], 'alice', 'LOG pszClientUserName re-pointed: %u logs it');
ok t_cmp($f[2], 'FETCH', 'LOG pszOperation re-pointed: %m logs it');
ok t_cmp($f[3], '/rewritten/path', 'LOG pszTarget re-pointed: %U logs it');
ok t_cmp($f[4], "?$t-new", 'LOG pszParameters re-pointed: %q logs it');
ok t_cmp("$f[5] $f[6]", "200 $size",
         'unchanged LOG numbers keep the real status and byte count');

# Numbers.
$t = tag('log');
($res, $line) = logged("/index.html?$t", 'status=299;bytes=12345',
                       qr/ \?\Q$t\E /);
ok t_cmp($res->{status}, 200,
         'LOG dwHttpStatus changes the log, not the response already sent');
ok t_cmp($line, qr/ 299 12345$/,
         'LOG dwHttpStatus and dwBytesSent changed: %>s and %B log them');

# What the filter is given: the echo option re-points pszParameters at
# "st=STATUS&b=BYTES&op=METHOD&t=TARGET&q=QUERY&u=USER".
$t = tag('log');
($res, $line) = logged("/index.html?$t", 'echo=1', qr/q=\Q$t\E/);
ok t_cmp($line, qr/ \?st=200&b=\Q$size\E&op=GET&t=\/index\.html&q=\Q$t\E&u= /,
         'LOG hands the filter the status, bytes sent, method, target, '
         . 'query and (empty) user of the request');

$t = tag('log');
($res, $line) = logged("/missing-$t.html", 'echo=1', qr/missing-\Q$t\E/);
ok t_cmp($res->{status}, 404, 'a missing file is a 404');
ok t_cmp($line, qr/ \?st=404&b=\d+&op=GET&t=\/missing-\Q$t\E\.html&q=&u= /,
         'LOG is raised for error responses too, with their status');

# Once per request on a kept-alive connection.
$t = tag('log-ka');
raw_request(module => 'isf_cb_log',
            data => http_req("/index.html?$t-1", 'X-CB-Log' => 'echo=1')
                  . http_req("/index.html?$t-2", 'X-CB-Log' => 'echo=1',
                             close => 1));
my @l = wait_log($LOG, qr/q=\Q$t\E-2/, qr/q=\Q$t\E-[12]&/);
ok t_cmp(scalar(@l), 2,
         'LOG once per request for two requests on one connection');
ok t_cmp(join(' ', map { /q=(\Q$t\E-\d)/ ? $1 : '?' } @l), "$t-1 $t-2",
         'LOG of pipelined requests in request order');
