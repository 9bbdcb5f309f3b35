# Memory stays bounded by the window when a raw filter makes callbacks in
# every window (issue 10, item 12).  A SEND_RAW_DATA filter that reads
# ALL_RAW, HTTP_ACCEPT_ENCODING and SERVER_PORT in each window of a
# 128 MiB response (ISAPIFilterWindowSize 4096: 32768 windows), for a
# client that sends an 8 KB Cookie, must not grow the serving child by
# more than a few MiB: the answers made for one window must not live as
# long as the request.  Bound: 16 MiB (answers kept for the request's life
# cost about 270 MB here).
#
# A throwaway server (ISF::Test::httpd_start) with one child, so that the
# child measured is the one serving; the global filter
# t/filters/lim_rawcb.so counts windows and callbacks and logs them to
# t/logs/lim_rawcb.log at END_OF_REQUEST.  The file is sparse, made in a
# temporary directory on tmpfs when there is one (t/logs otherwise) and
# deleted again.  The child's VmRSS (/proc/PID/status) is sampled before,
# every 16 MiB while the response streams, and after; the figures are
# printed.
use strict;
use warnings FATAL => 'all';

use File::Path ();
use File::Spec::Functions qw(catdir catfile);
use File::Temp ();
use IO::Select ();
use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_connect parse_responses httpd_start);
use ISF::CB qw(http_req read_until log_lines wait_log);
use ISF::Hostile qw(truncate_log crash_lines sanitizer_lines);

my $SIZE = 128 << 20;
my $WINDOW = 4096;
my $BOUND_KB = 16 * 1024;
my $TESTS = 1 + 8 + 2;
plan tests => $TESTS, need_module 'isapi_filter';

# Under ASan (make test-sanitize) memory the server frees waits in ASan's
# quarantine (256 MB by default) and would be measured as growth too.
$ENV{ASAN_OPTIONS} = join ':', grep({ length } $ENV{ASAN_OPTIONS} // ''),
                              'quarantine_size_mb=1'
    if ($ENV{LD_PRELOAD} // '') =~ /asan/;

# ---- The file ------------------------------------------------------------
my $t_logs = Apache::Test::vars('t_logs');
my $dir;
if (-d '/dev/shm' and -w _) {
    $dir = File::Temp::tempdir('isf-lim-XXXXXX', DIR => '/dev/shm');
}
else {
    File::Path::mkpath($dir = catdir($t_logs, 'lim_big'));
}
my $file = catfile($dir, 'big.bin');
END {
    unlink $file if $file;
    rmdir $dir if $dir;
}
{
    open my $fh, '>', $file or die "$file: $!";
    truncate $fh, $SIZE or die "truncate $file: $!";
    close $fh;
}

# ---- The server ------------------------------------------------------------
truncate_log('lim_rawcb.log');
my $srv = httpd_start(<<"EOC", keep => 1,
StartServers 1
ServerLimit 1
ThreadLimit 4
ThreadsPerChild 4
MaxRequestWorkers 4
MinSpareThreads 1
MaxSpareThreads 8
Timeout 20
ISAPIFilterWindowSize $WINDOW
ISAPIFilter filters/lim_rawcb.so
Alias /lim-big/ $dir/
EOC
    modules => [qw(mpm_event authz_core mime dir alias)]);
ok $srv->{started}, 'a server with a global SEND_RAW_DATA filter and '
   . "a $WINDOW-byte window starts" or diag($srv->{output}, $srv->{error_log});
unless ($srv->{started}) {
    fail('a throwaway server is needed') for 2 .. $TESTS;
    exit;
}
my $error_log = "$srv->{dir}/error_log";
my $mark = -s $error_log || 0;

sub vmrss {
    my $pid = shift;
    open my $fh, '<', "/proc/$pid/status" or return 0;
    while (<$fh>) {
        return $1 if /^VmRSS:\s+(\d+)/;
    }
    return 0;
}

my @hdr = ('Cookie' => 'session=' . ('c' x 8000),
           'Accept-Encoding' => 'gzip, deflate');

# A small response first, on the same connection: it warms the child up
# (the window, the filter's context) and names it.
wait_log('lim_rawcb.log', qr/^eor /, undef, 2);   # httpd_start's probe
truncate_log('lim_rawcb.log');
my $sock = raw_connect(port => $srv->{port}, timeout => 20);
print $sock http_req('/index.html', @hdr);
my ($warm) = parse_responses(read_until($sock, qr/<\/html>/, 5));
my ($line) = wait_log('lim_rawcb.log', qr/^eor /);
my ($pid) = ($line // '') =~ / pid=(\d+) /;
$pid //= 0;
my $rss0 = vmrss($pid);
truncate_log('lim_rawcb.log');

print $sock http_req('/lim-big/big.bin', @hdr, close => 1);
my ($head, $buf, $got, $max, $next) = ('', '', 0, $rss0, 16 << 20);
my $sel = IO::Select->new($sock);
my $t0 = Time::HiRes::time();
while ($sel->can_read(10)) {
    my $n = sysread($sock, my $chunk, 1 << 20) or last;
    if (!length $head) {
        $buf .= $chunk;
        my $at = index($buf, "\r\n\r\n");
        next if $at < 0;
        $head = substr($buf, 0, $at + 4, '');
        $chunk = $buf;
        $buf = '';
    }
    $got += length $chunk;
    if ($got >= $next) {
        $next += 16 << 20;
        my $rss = vmrss($pid);
        $max = $rss if $rss > $max;
    }
    last if $got >= $SIZE;
    last if Time::HiRes::time() - $t0 > 45;
}
my $secs = sprintf '%.1f', Time::HiRes::time() - $t0;
close $sock;
($line) = wait_log('lim_rawcb.log', qr/^eor /);
my $rss1 = vmrss($pid);
$max = $rss1 if $rss1 > $max;
my %eor = ($line // '') =~ /(\w+)=(\d+)/g;

ok $warm && $warm->{status} == 200 && $rss0 > 0,
   "the warm-up request is served; the serving child ($pid) has VmRSS "
   . "$rss0 kB";
like $head, qr{^HTTP/1\.1 200 .*\r\nContent-Length: $SIZE\r\n}s,
     'the 128 MiB response head';
is $got, $SIZE, "every byte of 128 MiB arrived (${secs} s)";
cmp_ok $eor{windows} // 0, '>=', $SIZE / $WINDOW,
       'the filter was raised for every window (' . ($eor{windows} // 0)
       . ' windows)';
is $eor{failed} // -1, 0, '... and each of its GetServerVariable calls '
   . 'succeeded';
is $eor{ok} // 0, 3 * ($eor{windows} // 0),
   '... three per window (ALL_RAW, HTTP_ACCEPT_ENCODING, SERVER_PORT)';
cmp_ok $eor{allraw} // 0, '>', 8000, '... ALL_RAW carrying the 8 KB Cookie '
   . '(' . ($eor{allraw} // 0) . ' bytes)';
my ($grow_max, $grow_end) = ($max - $rss0, $rss1 - $rss0);
diag("window_memory: 128 MiB in ${WINDOW}-byte windows, 3 callbacks per "
     . "window, 8 KB Cookie: child VmRSS $rss0 kB before, peak sampled "
     . "$max kB (+$grow_max kB), $rss1 kB after (+$grow_end kB)");
ok $grow_max < $BOUND_KB && $grow_end < $BOUND_KB,
   "streaming it grew the child by $grow_max kB at most and $grow_end kB "
   . 'at the end (bound 16 MiB): memory is bounded by the window, '
   . 'callbacks in every window included';

Time::HiRes::sleep(0.3);
my $log = '';
if (open my $fh, '<', $error_log) {
    seek $fh, $mark, 0;
    local $/;
    $log = <$fh> // '';
}
my @crash = crash_lines($log);
is scalar(@crash), 0, 'no child process died' or diag(@crash);
my @san = sanitizer_lines($log);
is scalar(@san), 0, 'no sanitizer report' or diag(@san);
$srv->{stop}->();
