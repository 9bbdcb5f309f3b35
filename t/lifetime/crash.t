# Issue 15, crash attribution: a filter that faults or aborts inside
# HttpFilterProc (or TerminateFilter) takes its child down as before
# (httpd's own handler runs: "exit signal" in the error log, a core in
# CoreDumpDirectory), and first the error log gets one line (ISF69) naming
# the filter, the signal, the notification, the request line (escaped as
# the access log escapes it) and the connection (c->id, client and local
# address, SF_REQ_GET_CONNID).  The parent replaces the child; other
# connections go on being served.
#
# Throwaway servers under the event and prefork MPMs with the global
# filter t/filters/crash_on_request.c, which crashes in the notification
# the query names ("in=URL_MAP").  Under prefork a keep-alive connection
# held open by another child is served after the crash.
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start parse_responses raw_connect
                 read_response_bytes);
use ISF::Hostile qw(page crash_lines);

my @mpms = qw(event prefork);
my %per = (event => 36, prefork => 39);
my $tests = 0;
$tests += $per{$_} for @mpms;
plan tests => $tests, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $page = page();

for my $mpm (@mpms) {
    # The filter's GetFilterVersion crashes while this file exists.
    $ENV{CRASH_ON_REQUEST_GFV} = catfile(Apache::Test::vars('t_logs'),
                                         "crash_gfv_$mpm");
    unlink $ENV{CRASH_ON_REQUEST_GFV};
    my $srv = httpd_start(
        "LoadModule mpm_${mpm}_module $libexec/mod_mpm_$mpm.so\n"
        . "<IfModule mpm_prefork_module>\n  StartServers 3\n"
        . "  MinSpareServers 3\n  MaxSpareServers 4\n"
        . "  MaxRequestWorkers 6\n</IfModule>\n"
        . "KeepAlive On\nKeepAliveTimeout 30\n"
        . "ISAPIFilter filters/crash_on_request.so\n",
        modules => [qw(authz_core mime dir)], keep => 1,
        name => "crash_$mpm");
    my $n = $per{$mpm};
    ok t_cmp($srv->{started} ? 1 : 0, 1, "$mpm: the server starts")
        or print map { "# $_\n" } split /\n/,
                     $srv->{output} . $srv->{error_log};
    unless ($srv->{started}) {
        ok(0) for 2 .. $n;
        next;
    }
    run_mpm($mpm, $srv);
    $srv->{stop}->();
    # The cores of the children killed on purpose: not for Apache::Test.
    unlink glob("$srv->{dir}/core*");
}

sub log_size {
    my $srv = shift;
    return -s "$srv->{dir}/error_log" || 0;
}

sub log_since {
    my ($srv, $mark) = @_;
    open my $fh, '<', "$srv->{dir}/error_log" or return '';
    seek $fh, $mark, 0;
    local $/;
    return scalar(<$fh>) // '';
}

sub wait_log {
    my ($srv, $mark, $re, $secs) = @_;
    my $deadline = Time::HiRes::time() + ($secs || 10);
    my $text = '';
    while (Time::HiRes::time() < $deadline) {
        $text = log_since($srv, $mark);
        return $text if $text =~ $re;
        Time::HiRes::sleep(0.05);
    }
    return $text;
}

# One request on a connection of its own: (response or undef, raw bytes,
# read info, the client's port).
sub req {
    my ($srv, $line, %h) = @_;
    my $sock = raw_connect(port => $srv->{port});
    my $cport = $sock->sockport;
    print $sock "$line\r\nHost: localhost\r\n"
        . join('', map { "$_: $h{$_}\r\n" } sort keys %h)
        . "Connection: close\r\n\r\n";
    my ($raw, $info) = read_response_bytes($sock, 10);
    close $sock;
    my ($res) = parse_responses($raw);
    return ($res, $raw, $info, $cport);
}

sub served {
    my $res = shift;
    return $res && $res->{status} == 200 && $res->{body} eq $page ? 1 : 0;
}

# The server answers again (a new child after a crash).
sub answers_again {
    my $srv = shift;
    my $deadline = Time::HiRes::time() + 15;
    while (Time::HiRes::time() < $deadline) {
        my ($res) = eval { req($srv, 'GET /index.html HTTP/1.1') };
        return $res if served($res);
        Time::HiRes::sleep(0.2);
    }
    return;
}

# The ISF69 line of $text: its pid and what follows the tag.
sub isf69 {
    my $text = shift;
    my ($pid, $msg) = $text =~ /\[isapi_filter:crit\] \[pid (\d+)\] ISF69: (.*)$/m;
    return ($pid // 0, $msg // 'no ISF69 line');
}

# A request the filter crashes in; returns the error log since, once
# httpd has reported the child's death, and the client's port.
sub crash {
    my ($srv, $line, $what) = @_;
    my $mark = log_size($srv);
    my ($res, $raw, $info, $cport) = req($srv, $line);
    ok t_cmp(length($raw) == 0 && $info->{closed} ? 1 : 0, 1,
             "$what: the connection is cut with no response");
    return (wait_log($srv, $mark, qr/exit signal/), $cport);
}

sub run_mpm {
    my ($mpm, $srv) = @_;
    my $port = $srv->{port};
    my $conn = qr/\(connection \d+ from 127\.0\.0\.1:(\d+) to 127\.0\.0\.1:(\d+), SF_REQ_GET_CONNID \d+\): the process ends$/;

    my ($res) = req($srv, 'GET /index.html HTTP/1.1');
    ok t_cmp(served($res), 1, "$mpm: a request is served");

    # Prefork: a keep-alive connection held by a child of its own.
    my ($ka, $ka_pid);
    if ($mpm eq 'prefork') {
        $ka = raw_connect(port => $port);
        print $ka "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n";
        my $buf = '';
        ISF::Test::read_into($ka, \$buf, sub { ISF::Test::final_complete($_[0]) }, 10);
        my ($r1) = parse_responses($buf);
        $ka_pid = $r1 ? $r1->{headers}->{'x-crash-pid'} : undef;
        ok t_cmp(served($r1), 1, "$mpm: a keep-alive connection is served");
    }

    # ---- SIGSEGV in URL_MAP ---------------------------------------------
    my ($text, $cport) = crash($srv, 'GET /crash/segv?in=URL_MAP HTTP/1.1',
                               "$mpm, SIGSEGV in URL_MAP");
    my ($pid, $msg) = isf69($text);
    ok t_cmp($msg, qr/^crash_on_request\.so: SIGSEGV at 0x0 in SF_NOTIFY_URL_MAP, /,
             '... ISF69 names the filter, the signal and the notification');
    ok t_cmp($msg, qr/, request "GET \/crash\/segv\?in=URL_MAP HTTP\/1\.1" \(/,
             '... and the request line');
    my ($from, $to) = $msg =~ $conn;
    ok t_cmp(defined $from ? "$from $to" : 'no connection part',
             "$cport $port",
             '... and the connection: client and local address and port');
    my @dead = crash_lines($text);
    ok t_cmp(scalar(grep { /child pid $pid exit signal Segmentation fault \(11\)/ } @dead),
             1, '... httpd reports the same child\'s death by SIGSEGV '
             . '(its own handler ran after ours)');
    ok t_cmp(scalar(() = $text =~ /ISF69: /g), 1, '... one line');

    if ($ka) {
        print $ka "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
            . "Connection: close\r\n\r\n";
        my ($buf) = read_response_bytes($ka, 10);
        close $ka;
        my ($r2) = parse_responses($buf);
        ok t_cmp(served($r2), 1, "$mpm: the keep-alive connection another "
                 . 'child holds is served after the crash');
        ok t_cmp($r2 && $ka_pid && ($r2->{headers}->{'x-crash-pid'} // '')
                 eq $ka_pid && $ka_pid ne $pid ? 1 : 0, 1,
                 '... by that child, which is not the one that died');
    }
    $res = answers_again($srv);
    ok t_cmp(served($res), 1, "$mpm: new requests are served after the crash");
    ok t_cmp($res && ($res->{headers}->{'x-crash-pid'} // '') ne $pid
             ? 1 : 0, 1, '... by another child');

    # ---- abort() in SEND_RESPONSE, odd bytes in the request line --------
    # httpd answers a request line with a control byte 400 before any
    # request notification, whatever HttpProtocolOptions says; '"', '\'
    # and 8-bit bytes get through.
    my $odd = "/crash/abort/\"q\\\xe9%41";
    ($text, $cport) = crash($srv, "GET $odd?in=SEND_RESPONSE HTTP/1.1",
                            "$mpm, abort() in SEND_RESPONSE");
    ($pid, $msg) = isf69($text);
    ok t_cmp($msg, qr/^crash_on_request\.so: SIGABRT in SF_NOTIFY_SEND_RESPONSE, /,
             '... ISF69 names SIGABRT and SEND_RESPONSE');
    ok t_cmp(index($msg, 'request "GET /crash/abort/\"q\\\\\xe9%41'
                   . '?in=SEND_RESPONSE HTTP/1.1" (') >= 0 ? 1 : 0, 1,
             '... the request line escaped as httpd escapes log items: '
             . 'bytes above 0x7e (and control bytes) as \xhh, " and \\ '
             . 'with a backslash')
        or print "# $msg\n";
    ok t_cmp($msg =~ /[\x00-\x1f\x7f-\xff]/ ? 1 : 0, 0,
             '... no raw control or 8-bit byte in the line');
    ($from) = $msg =~ $conn;
    ok t_cmp($from // 0, $cport, '... the client port');
    ok t_cmp(scalar(grep { /child pid $pid exit signal \w+ \(6\)/ }
                    crash_lines($text)), 1,
             '... httpd reports the child\'s death by SIGABRT');
    ok t_cmp(served(answers_again($srv)), 1, '... and serves again');

    # ---- SIGFPE in SEND_RAW_DATA: the request of the response ------------
    ($text) = crash($srv, 'GET /crash/fpe?in=SEND_RAW_DATA HTTP/1.1',
                    "$mpm, SIGFPE in SEND_RAW_DATA");
    ($pid, $msg) = isf69($text);
    ok t_cmp($msg, qr/^crash_on_request\.so: SIGFPE at 0x[0-9a-f]+ in SF_NOTIFY_SEND_RAW_DATA, request "GET \/crash\/fpe\?in=SEND_RAW_DATA HTTP\/1\.1" \(/,
             '... ISF69 names SIGFPE, SEND_RAW_DATA and the request whose '
             . 'response was going out');
    ok t_cmp(scalar(grep { /child pid $pid exit signal [\w ]+ \(8\)/ }
                    crash_lines($text)), 1,
             '... httpd reports the child\'s death by SIGFPE');
    ok t_cmp(served(answers_again($srv)), 1, '... and serves again');

    # ---- SIGILL in END_OF_NET_SESSION: after the response ---------------
    my $mark = log_size($srv);
    ($res) = req($srv, 'GET /crash/ill?in=END_OF_NET_SESSION HTTP/1.1');
    ok t_cmp($res && $res->{status} == 404 ? 1 : 0, 1,
             "$mpm, SIGILL in END_OF_NET_SESSION: the response goes out "
             . 'first (404: no such file)');
    $text = wait_log($srv, $mark, qr/exit signal/);
    ($pid, $msg) = isf69($text);
    ok t_cmp($msg, qr/^crash_on_request\.so: SIGILL at 0x[0-9a-f]+ in SF_NOTIFY_END_OF_NET_SESSION, no request \(/,
             '... then ISF69 names SIGILL and END_OF_NET_SESSION, no request');
    ok t_cmp(scalar(grep { /child pid $pid exit signal Illegal instruction \(4\)/ }
                    crash_lines($text)), 1,
             '... httpd reports the child\'s death by SIGILL');
    ok t_cmp(served(answers_again($srv)), 1, '... and serves again');

    # ---- the bridge's state broken by the filter --------------------------
    ($text) = crash($srv, 'GET /crash/segv?in=URL_MAP&break=slot HTTP/1.1',
                    "$mpm, SIGSEGV after the filter broke its slot");
    ($pid, $msg) = isf69($text);
    ok t_cmp($msg, 'crash_on_request.so: SIGSEGV at 0x0 in ?, request ? '
             . '(connection ?): the process ends',
             '... the parts that fault in the handler are given up ("?"), '
             . 'the line still goes out');
    ok t_cmp(scalar(grep { /child pid $pid exit signal Segmentation fault \(11\)/ }
                    crash_lines($text)), 1,
             '... and httpd\'s handler still runs');
    ok t_cmp(served(answers_again($srv)), 1, '... and the server serves again');

    # ---- a signal another process sends is not a filter's crash ----------
    $res = answers_again($srv);
    my $victim = $res ? $res->{headers}->{'x-crash-pid'} : 0;
    $mark = log_size($srv);
    kill 'SEGV', $victim if $victim;
    $text = wait_log($srv, $mark, qr/exit signal/);
    ok t_cmp(scalar(grep { /child pid $victim exit signal Segmentation fault/ }
                    crash_lines($text)), 1,
             "$mpm: a child sent SIGSEGV by kill(1) dies as before");
    ok t_cmp($text =~ /ISF69/ ? 1 : 0, 0, '... and no ISF69 line blames a '
             . 'filter');
    ok t_cmp(served(answers_again($srv)), 1, '... and the server serves again');

    # ---- GetFilterVersion in a new child ----------------------------------
    $res = answers_again($srv);
    $victim = $res ? $res->{headers}->{'x-crash-pid'} : 0;
    open my $flag, '>', $ENV{CRASH_ON_REQUEST_GFV} or die "flag: $!";
    close $flag;
    $mark = log_size($srv);
    kill 'KILL', $victim if $victim;
    $text = wait_log($srv, $mark, qr/ISF69: .* in GetFilterVersion.*\n.*exit signal/);
    unlink $ENV{CRASH_ON_REQUEST_GFV};
    ($pid, $msg) = isf69($text);
    ok t_cmp($msg, 'crash_on_request.so: SIGSEGV at 0x0 in GetFilterVersion, '
             . 'no request (no connection): the process ends',
             "$mpm: a crash in GetFilterVersion in a new child is named");
    ok t_cmp(scalar(grep { /child pid $pid exit signal Segmentation fault \(11\)/ }
                    crash_lines($text)), 1,
             '... and httpd reports that child\'s death');
    ok t_cmp(served(answers_again($srv)), 1, '... and the server serves again');

    # ---- TerminateFilter ------------------------------------------------
    ($res) = req($srv, 'GET /crash/at-exit HTTP/1.1');
    my $exiting = $res ? $res->{headers}->{'x-crash-pid'} // 0 : 0;
    $mark = log_size($srv);
    $srv->{stop}->();
    $text = log_since($srv, $mark);
    ($pid, $msg) = isf69($text);
    ok t_cmp("$pid $msg", "$exiting crash_on_request.so: SIGSEGV at 0x0 in "
             . 'TerminateFilter, no request (no connection): the process ends',
             "$mpm: a crash in TerminateFilter as the child exits is named "
             . 'too');
}
