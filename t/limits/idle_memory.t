# A connection without a response in flight holds no window (issue 10,
# item 13).  With ISAPIFilterWindowSize 4194304 and a SEND_RAW_DATA
# filter, 100 connections that each sent one byte must grow the server by
# far less than 100 windows (400 MiB): they should cost what they cost
# without the module, or close to it.  Bound: 40 MiB.
#
# Two throwaway servers (ISF::Test::httpd_start), one after the other,
# each with one child of 128 threads so that every connection is taken
# by a worker: one with the global filter t/filters/lim_rawcb.so, and the
# same without the module, as the reference.  The growth is the sum of the
# children's VmRSS (/proc/PID/status) once the 100 connections are
# open, less what it was before; both figures are printed.  Then each
# connection finishes its request, to show they were all being served.
use strict;
use warnings FATAL => 'all';

use IO::Select ();
use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses httpd_start);
use ISF::Hostile qw(page crash_lines sanitizer_lines);

my $N = 100;
my $WINDOW = 4194304;
my $BOUND_KB = 40 * 1024;
my $TESTS = 2 * 4 + 2 + 2;
plan tests => $TESTS, need_module 'isapi_filter';

# Under ASan (make test-sanitize) memory the server frees waits in ASan's
# quarantine (256 MB by default) and would be measured as growth too.
$ENV{ASAN_OPTIONS} = join ':', grep({ length } $ENV{ASAN_OPTIONS} // ''),
                              'quarantine_size_mb=1'
    if ($ENV{LD_PRELOAD} // '') =~ /asan/;

my $page = page();
my $MPM = <<'EOC';
StartServers 1
ServerLimit 1
ThreadLimit 128
ThreadsPerChild 128
MaxRequestWorkers 128
MinSpareThreads 1
MaxSpareThreads 256
Timeout 20
EOC

sub children {
    my $ppid = shift;
    my @kids;
    opendir my $dh, '/proc' or return;
    for my $p (grep { /^\d+$/ } readdir $dh) {
        open my $fh, '<', "/proc/$p/stat" or next;
        my $stat = <$fh> // '';
        push @kids, $p if $stat =~ /\) \S+ (\d+) / and $1 == $ppid;
    }
    return @kids;
}

sub vmrss {
    my $pid = shift;
    open my $fh, '<', "/proc/$pid/status" or return 0;
    while (<$fh>) {
        return $1 if /^VmRSS:\s+(\d+)/;
    }
    return 0;
}

# Sum of the children's VmRSS (kB) and how many there are.
sub server_rss {
    my $srv = shift;
    my ($ppid) = do { local (@ARGV, $/) = ("$srv->{dir}/httpd.pid"); <> }
                 =~ /(\d+)/;
    my @kids = children($ppid // 0);
    my $sum = 0;
    $sum += vmrss($_) for @kids;
    return ($sum, scalar @kids);
}

# Start a server, open $N connections that send one byte each, measure,
# finish the requests.  Returns { started, before, after, children, served,
# log, error }.
sub measure {
    my ($label, $body, %opt) = @_;
    my %m = (label => $label);
    my $srv = httpd_start($MPM . $body, keep => 1, %opt);
    $m{started} = $srv->{started};
    unless ($srv->{started}) {
        $m{error} = join "\n", $srv->{output}, $srv->{error_log};
        return \%m;
    }
    my $mark = -s "$srv->{dir}/error_log" || 0;
    # Warm the child up (its first request), let it settle.
    for (1 .. 3) {
        raw_request(port => $srv->{port}, timeout => 5,
                    data => "GET /index.html HTTP/1.0\r\n\r\n");
    }
    Time::HiRes::sleep(0.5);
    ($m{before}) = server_rss($srv);
    my @socks;
    for (1 .. $N) {
        my $s = eval { raw_connect(port => $srv->{port}, timeout => 5) }
            or last;
        syswrite $s, 'G';
        push @socks, $s;
    }
    # Every connection is taken by a worker at once; sample for a while
    # and keep the largest figure.
    my $peak = 0;
    for (1 .. 10) {
        Time::HiRes::sleep(0.2);
        my ($rss, $kids) = server_rss($srv);
        $peak = $rss if $rss > $peak;
        $m{children} = $kids;
    }
    $m{after} = $peak;
    $m{open} = @socks;
    # Now finish every request: each connection is being served.
    my $served = 0;
    for my $s (@socks) {
        syswrite $s, "ET /index.html HTTP/1.0\r\n\r\n";
    }
    for my $s (@socks) {
        my ($raw) = ISF::Test::read_response_bytes($s, 5);
        my ($res) = parse_responses($raw);
        $served++ if $res and $res->{status} == 200
                     and $res->{body} eq $page;
        close $s;
    }
    $m{served} = $served;
    Time::HiRes::sleep(0.3);
    $srv->{stop}->();
    if (open my $fh, '<', "$srv->{dir}/error_log") {
        seek $fh, $mark, 0;
        local $/;
        $m{log} = <$fh> // '';
    }
    return \%m;
}

my $with = measure('with', "ISAPIFilterWindowSize $WINDOW\n"
                           . "ISAPIFilter filters/lim_rawcb.so\n");
my $without = measure('without', '', isapi => 0);

for my $m ($with, $without) {
    my $what = $m->{label} eq 'with'
        ? "with a SEND_RAW_DATA filter and a $WINDOW-byte window"
        : 'without the module';
    ok $m->{started}, "a one-child server $what starts"
        or diag($m->{error} // '');
    is $m->{open} // 0, $N, "... $N connections open, each sent one byte "
       . "($m->{label})";
    is $m->{children} // 0, 1, "... one child serves them ($m->{label})";
    is $m->{served} // 0, $N, "... and each then finishes its request and "
       . "gets the file ($m->{label})";
}
my $g_with = ($with->{after} // 0) - ($with->{before} // 0);
my $g_without = ($without->{after} // 0) - ($without->{before} // 0);
diag(sprintf 'idle_memory: %d connections that sent one byte: with the '
     . 'module (SEND_RAW_DATA filter, window %d) child VmRSS %d -> %d kB '
     . '(+%d kB, %.1f kB a connection); without the module %d -> %d kB '
     . '(+%d kB, %.1f kB a connection)', $N, $WINDOW,
     $with->{before} // 0, $with->{after} // 0, $g_with, $g_with / $N,
     $without->{before} // 0, $without->{after} // 0, $g_without,
     $g_without / $N);
ok $with->{started} && $g_with < $BOUND_KB,
   "$N idle connections grew the server by $g_with kB with a $WINDOW-byte "
   . 'window (bound 40 MiB, 100 windows would be 400 MiB): no window is '
   . 'held without a response in flight';
ok $without->{started} && $g_without < $BOUND_KB,
   "... and by $g_without kB without the module (the reference)";

my $log = ($with->{log} // '') . ($without->{log} // '');
my @crash = crash_lines($log);
is scalar(@crash), 0, 'no child process died' or diag(@crash);
my @san = sanitizer_lines($log);
is scalar(@san), 0, 'no sanitizer report' or diag(@san);
