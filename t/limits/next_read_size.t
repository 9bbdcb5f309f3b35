# SF_REQ_SET_NEXT_READ_SIZE with (ULONG_PTR)-1 (issue 10, item 9).  The
# size is unsigned: the bridge takes it, returns TRUE and clamps it to
# ISAPIFilterReadLimit, so the request is served normally; it must not
# turn into a negative read size that skips the clamp and fails the read
# with a 413 blamed on READ_NEXT (ISF13).  READ_RAW_DATA filters are
# global, so this runs a throwaway server (ISF::Test::httpd_start) with
# the global filter t/filters/lim_readsize.so, which asks for that size in
# every READ_RAW_DATA and logs the outcome to t/logs/lim_readsize.log.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses httpd_start);
use ISF::CB qw(http_req read_until log_lines);
use ISF::Hostile qw(page truncate_log crash_lines sanitizer_lines);

my $TESTS = 1 + 4 + 4 + 3 + 3;
$SIG{PIPE} = 'IGNORE';   # a server that answers early closes on our writes
plan tests => $TESTS, need_module 'isapi_filter';

my $page = page();
truncate_log('lim_readsize.log');
my $srv = httpd_start("Timeout 5\nISAPIFilterReadLimit 65536\n"
                      . "ISAPIFilter filters/lim_readsize.so\n", keep => 1);
ok $srv->{started}, 'a server with a global READ_RAW_DATA filter starts'
    or diag($srv->{output}, $srv->{error_log});
unless ($srv->{started}) {
    fail('a throwaway server is needed') for 2 .. $TESTS;
    exit;
}
my $port = $srv->{port};
my $error_log = "$srv->{dir}/error_log";
Time::HiRes::sleep(0.2);   # httpd_start's probe connection
truncate_log('lim_readsize.log');
my $mark = -s $error_log || 0;

# ---- A request, then a body that arrives after the size was asked for ----
{
    my $sock = raw_connect(port => $port, timeout => 5);
    syswrite $sock, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
                  . "Content-Length: 10\r\n\r\n";
    Time::HiRes::sleep(0.3);
    syswrite $sock, "0123456789";
    my @res = parse_responses(read_until($sock, qr/<\/html>/, 5));
    ok @res && $res[0]->{status} == 200,
       'a request whose body is read after SET_NEXT_READ_SIZE(-1) is '
       . 'answered 200 (no 413)';
    ok @res && $res[0]->{body} eq $page, '... with its file';
    syswrite $sock, http_req('/index.html', close => 1);
    @res = parse_responses(read_until($sock, qr/<\/html>/, 5));
    ok @res && $res[0]->{status} == 200,
       '... and the next request on the connection is served too';
    close $sock;
    my @set = log_lines('lim_readsize.log', qr/^read /);
    ok @set >= 2 && !grep({ !/ set TRUE$/ } @set),
       'SF_REQ_SET_NEXT_READ_SIZE with (ULONG_PTR)-1 returns TRUE in every '
       . 'READ_RAW_DATA (' . scalar(@set) . ' reads)'
        or diag(@set);
}

# ---- A 200 KiB body, more than ISAPIFilterReadLimit (64 KiB) -------------
# Clamped to the limit, the size bounds each read; the filter holds
# nothing (it never answers READ_NEXT), so no limit is passed.
{
    truncate_log('lim_readsize.log');
    my $body = 'b' x (200 * 1024);
    my $sock = raw_connect(port => $port, timeout => 5);
    syswrite $sock, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
                  . "Content-Length: " . length($body) . "\r\n\r\n";
    Time::HiRes::sleep(0.2);
    my $left = $body;
    while (length $left) {
        my $n = syswrite($sock, $left) or last;
        substr($left, 0, $n, '');
    }
    my @res = parse_responses(read_until($sock, qr/<\/html>/, 5));
    ok @res && $res[0]->{status} == 200,
       'a 200 KiB body read with SET_NEXT_READ_SIZE(-1) in every '
       . 'READ_RAW_DATA: 200';
    ok @res && $res[0]->{body} eq $page, '... with its file';
    syswrite $sock, http_req('/index.html', close => 1);
    @res = parse_responses(read_until($sock, qr/<\/html>/, 5));
    ok @res && $res[0]->{status} == 200, '... and the connection goes on';
    close $sock;
    my @set = log_lines('lim_readsize.log', qr/^read /);
    my ($max) = sort { $b <=> $a } map { /^read (\d+)/ ? $1 : 0 } @set;
    ok @set && !grep({ !/ set TRUE$/ } @set) && ($max // 0) <= 65536,
       'every call returned TRUE, and no read handed the filter more than '
       . 'ISAPIFilterReadLimit (largest ' . ($max // 0) . ' bytes)'
        or diag(@set);
}

# ---- Pipelined requests in one write ----------------------------------------
{
    my ($raw) = raw_request(port => $port, timeout => 3,
        data => http_req('/index.html') x 2 . http_req('/index.html',
                                                       close => 1));
    my @res = parse_responses($raw);
    is scalar(grep { $_->{status} == 200 } @res), 3,
       'three pipelined requests after SET_NEXT_READ_SIZE(-1): three 200s';
    ok !grep({ $_->{incomplete} } @res), '... each complete';
    ok !grep({ $_->{body} ne $page } @res), '... each with its file';
}

# ---- The log -----------------------------------------------------------------
Time::HiRes::sleep(0.3);
my $log = '';
if (open my $fh, '<', $error_log) {
    seek $fh, $mark, 0;
    local $/;
    $log = <$fh> // '';
}
ok $log !~ /ISF13|READ_NEXT/, 'nothing logged about READ_NEXT limits '
   . '(no ISF13): the filter never held bytes' or diag($log);
my @crash = crash_lines($log);
is scalar(@crash), 0, 'no child process died' or diag(@crash);
my @san = sanitizer_lines($log);
is scalar(@san), 0, 'no sanitizer report' or diag(@san);
$srv->{stop}->();
