# Issue 12: a filter lives in the process that serves its requests, as in
# an IIS worker process.  A thread its GetFilterVersion starts (a
# configuration-file watcher, a log flusher) runs where requests are
# served; TerminateFilter runs in each child as it exits; `apache2 -t`
# runs no filter code in its own process and leaves no filter thread
# running; a graceful restart gives new children the new generation's
# GetFilterVersion.  A child whose own GetFilterVersion fails (FALSE, or
# other flags than at start-up) fails the filter there, as IIS 7+ does a
# filter that did not load: its site's requests (every site's, for a
# global filter) get 500 with no filter notified, one error line per child,
# and no TerminateFilter.  t/filters/cb_worker.c; throwaway servers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use IO::Socket::INET ();
use POSIX ();
use Time::HiRes ();
use ISF::Test qw(httpd_configtest httpd_start raw_request parse_responses
                 free_port);
use ISF::CB qw(http_req log_file log_lines wait_log note);

plan tests => 37, need_module 'isapi_filter';

my $LOG = 'cb_worker.log';
my $MODE = log_file('cb_worker.mode');
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');

sub reset_log {
    open my $fh, '>', log_file($LOG) or die "$LOG: $!";
    unlink $MODE;
}

sub set_mode {
    open my $fh, '>', $MODE or die "$MODE: $!";
    print $fh shift, "\n";
}

sub slurp {
    open my $fh, '<', shift or return '';
    local $/;
    return scalar <$fh>;
}

sub daemon_pid {
    my $s = shift;
    return (slurp("$s->{dir}/httpd.pid") =~ /(\d+)/)[0] || 0;
}

# One request: the response, its X-Worker fields in ->{w}.
sub get {
    my ($port, $host) = @_;
    my ($res) = parse_responses(scalar raw_request(port => $port,
        data => http_req('/index.html', close => 1,
                         host => $host || 'localhost')));
    $res ||= { status => 0, headers => {} };
    $res->{w} = { ($res->{headers}->{'x-worker'} // '') =~ /(\w+)=(\d+)/g };
    return $res;
}

# The pids of the log lines "$what pid=N ...".
sub pids {
    my $what = shift;
    return map { /pid=(\d+)/ ? $1 : () } log_lines($LOG, qr/^$what pid=/);
}

sub alive { my $pid = shift; return $pid && kill(0, $pid) ? 1 : 0 }

# ---- The serving child: GetFilterVersion, its thread, TerminateFilter -----
reset_log();
my $s = httpd_start('ISAPIFilter filters/cb_worker.so', keep => 1);
ok t_cmp($s->{started}, 1, 'a server with the worker-thread filter starts')
    or note($s->{output}, $s->{error_log});
my $daemon = daemon_pid($s);
my $res = get($s->{port});
note("X-Worker: " . ($res->{headers}->{'x-worker'} // 'none'));
my $child = $res->{w}->{serve} // 0;
ok t_cmp($res->{w}->{gfv} // 'none', $child,
         'GetFilterVersion ran in the process that serves the request (IIS: '
         . 'in the worker process)');
ok t_cmp($res->{w}->{thread} // 'none', $child,
         'the thread GetFilterVersion started runs in that process');
ok t_cmp($res->{w}->{alive} // 'none', 1,
         'it ticked there while the request was served');
ok t_cmp(join(' ', grep { $_ == $daemon } pids('gfv'), pids('tick')), '',
         'the parent process runs neither GetFilterVersion nor the thread');
$s->{stop}->();
my @term = wait_log($LOG, qr/^terminate pid=\Q$child\E /);
ok t_cmp(scalar(@term), 1,
         'TerminateFilter ran once in the serving child, as it exited');
my %gfv = map { $_ => 1 } pids('gfv');
my %n_term;
$n_term{$_}++ for pids('terminate');
ok t_cmp(join(' ', map { $n_term{$_} // 0 } sort keys %gfv),
         join(' ', map { 1 } sort keys %gfv),
         'every process that ran GetFilterVersion ran TerminateFilter once');
my $size = -s log_file($LOG);
Time::HiRes::sleep(0.5);
ok t_cmp(-s log_file($LOG), $size,
         'no thread of the filter ticks after the server stopped');

# ---- One process (apache2 -X) ------------------------------------------------
# Under prefork: Apache 2.4.71's event MPM in one-process mode dumps core
# now and then as it exits on SIGTERM, with no module loaded at all (2 of
# 40 bare runs; in its atexit pool destruction or its listener), which
# Apache::Test would report after this test.  prefork: 0 of 80.
reset_log();
my ($conf, undef, $xport) = ISF::Test::_write_conf(
    "LoadModule mpm_prefork_module $libexec/mod_mpm_prefork.so\n"
    . 'ISAPIFilter filters/cb_worker.so', modules => [qw(authz_core mime dir)]);
my $x = fork() // die "fork: $!";
if (!$x) {
    open STDOUT, '>', '/dev/null';
    open STDERR, '>', '/dev/null';
    exec ISF::Test::_httpd_cmd($conf, '-X') or POSIX::_exit(127);
}
my $up = 0;
for (1 .. 100) {
    last if ($up = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                         PeerPort => $xport, Timeout => 1));
    Time::HiRes::sleep(0.1);
}
$res = $up ? get($xport) : { w => {} };
kill 'TERM', $x;
waitpid $x, 0;
ok t_cmp(join(' ', map { $_ // '-' } @{ $res->{w} }{qw(serve gfv alive)}),
         "$x $x 1", 'apache2 -X: GetFilterVersion ran in the one process, '
         . 'and its thread runs there');
ok t_cmp(join(' ', scalar(grep { $_ == $x } pids('gfv')),
              scalar(grep { $_ == $x } pids('terminate'))), '1 1',
         'apache2 -X: that process calls GetFilterVersion once and '
         . 'TerminateFilter once as it stops (the configuration\'s calls '
         . 'run in processes it forks)');

# ---- apache2 -t -------------------------------------------------------------
reset_log();
my $r = httpd_configtest('ISAPIFilter filters/cb_worker.so');
ok t_cmp($r->{status}, 0, 'apache2 -t accepts the filter')
    or note($r->{output});
my @g = log_lines($LOG, qr/^gfv /);
note(@g);
my @probe = map { /pid=(\d+)/ } @g;
ok t_cmp(scalar(@probe) >= 1 ? 1 : 0, 1, 'apache2 -t called GetFilterVersion '
         . '(a FALSE would fail the check)');
ok t_cmp(join(' ', grep { $_ == $r->{pid} } @probe), '',
         'apache2 -t runs no GetFilterVersion in its own process');
ok t_cmp(join(' ', map { /ppid=(\d+)/ ? $1 : 0 } @g),
         join(' ', map { $r->{pid} } @g),
         'but in a process it forked for it');
ok t_cmp(join(' ', map { alive($_) } @probe, $r->{pid}),
         join(' ', map { 0 } @probe, $r->{pid}),
         'that process is gone when apache2 -t has returned');
my %probe = map { $_ => 1 } @probe;
ok t_cmp(join(' ', grep { !$probe{$_} } pids('tick')), '',
         'the thread ran only in that process');
$size = -s log_file($LOG);
Time::HiRes::sleep(0.5);
ok t_cmp(-s log_file($LOG), $size,
         'no thread of the filter ticks after apache2 -t returned');

# ---- Graceful restart -------------------------------------------------------
reset_log();
$s = httpd_start('ISAPIFilter filters/cb_worker.so', keep => 1);
$daemon = daemon_pid($s);
my $old = get($s->{port})->{w}->{serve} // 0;
ISF::Test::_run(ISF::Test::_httpd_cmd($s->{conf}, '-k', 'graceful'));
my $deadline = Time::HiRes::time() + 15;
do {
    Time::HiRes::sleep(0.1);
    $res = get($s->{port});
} while (($res->{w}->{serve} // $old) == $old
         && Time::HiRes::time() < $deadline);
my $new = $res->{w}->{serve} // 0;
ok t_cmp($new != $old && $new ? 1 : 0, 1,
         'after `-k graceful` a new child serves');
ok t_cmp(($res->{w}->{gfv} // 0) . ' ' . ($res->{w}->{alive} // 0),
         "$new 1", 'the new child ran GetFilterVersion itself, and its '
         . 'thread runs there');
@term = wait_log($LOG, qr/^terminate pid=\Q$old\E /);
ok t_cmp(scalar(@term), 1,
         'the old child ran TerminateFilter as it exited');
ok t_cmp(join(' ', grep { $_ == $daemon } pids('gfv'), pids('terminate')),
         '', 'the parent ran neither GetFilterVersion nor TerminateFilter '
         . 'across the restart');
$s->{stop}->();

# ---- A child's GetFilterVersion fails --------------------------------------
# prefork, one connection per child: children forked after the test
# writes cb_worker.mode call GetFilterVersion with it.  The access log
# names the process that served each request.
sub failing_server {
    my ($filters_main, $filters_fail) = @_;
    my $port = free_port();
    my $alog = log_file('cb_worker_access.log');
    unlink $alog;
    my $s = httpd_start(
        "LoadModule mpm_prefork_module $libexec/mod_mpm_prefork.so\n"
        . "StartServers 1\nMinSpareServers 1\nMaxSpareServers 2\n"
        . "MaxConnectionsPerChild 1\n"
        . "LogFormat \"%P %v %>s\" isfpid\nCustomLog $alog isfpid\n"
        . $filters_main
        . "<VirtualHost 127.0.0.1:$port>\n  ServerName fail.test\n"
        . $filters_fail . "</VirtualHost>\n"
        . "<VirtualHost 127.0.0.1:$port>\n  ServerName ok.test\n"
        . "</VirtualHost>\n",
        port => $port, modules => [qw(authz_core mime dir)], keep => 1);
    $s->{alog} = $alog;
    return $s;
}

# Requests to fail.test until one gets a 500 (up to 15 s): that response.
sub until_500 {
    my $s = shift;
    my $deadline = Time::HiRes::time() + 15;
    my $res;
    do {
        $res = get($s->{port}, 'fail.test');
    } while ($res->{status} != 500 && Time::HiRes::time() < $deadline);
    return $res;
}

# { pid => [vhost status, ...] } from the access log
sub served {
    my $s = shift;
    my %p;
    for (split /\n/, slurp($s->{alog})) {
        my ($pid, $vh, $st) = split ' ' or next;
        push @{ $p{$pid} }, "$vh $st";
    }
    return \%p;
}

# A site filter says FALSE.
reset_log();
$s = failing_server('', "  ISAPIFilter filters/cb_worker.so\n");
ok t_cmp($s->{started}, 1, 'prefork server with a site filter starts')
    or note($s->{output}, $s->{error_log});
$res = get($s->{port}, 'fail.test');
ok t_cmp($res->{status} . ' ' . (defined $res->{w}->{serve} ? 1 : 0), '200 1',
         'control: the site\'s filter answers before the failure');
set_mode('false');
$res = until_500($s);
ok t_cmp($res->{status}, 500, 'a child whose GetFilterVersion returned FALSE '
         . 'answers its site\'s requests with 500 (IIS: the filter did not '
         . 'load, the site fails)');
my $elog = slurp("$s->{dir}/error_log");
my $re = 'ISF46: \S*cb_worker\.so: GetFilterVersion returned FALSE '
       . '\(error 2\) in child (\d+)';
my @failed = $elog =~ /$re/g;
note(grep { /ISF46/ } split /\n/, $elog);
ok t_cmp(scalar(@failed) >= 1 ? 1 : 0, 1, 'the error log names the file, '
         . 'FALSE, the filter\'s error code and the child');
my %once;
$once{$_}++ for @failed;
ok t_cmp(join(' ', grep { $once{$_} != 1 } keys %once), '',
         'once per child');
my (%failed, $served, $ok);
for (1 .. 6) {
    $ok = get($s->{port}, 'ok.test');
    # The access log line and the next child's ISF46 may come after the
    # response.
    Time::HiRes::sleep(0.2);
    %failed = map { $_ => 1 } slurp("$s->{dir}/error_log") =~ /$re/g;
    $served = served($s);
    last if grep { $failed{$_} && grep { /^ok\.test/ } @{ $served->{$_} } }
            keys %$served;
}
note(map { "$_: @{ $served->{$_} }" } sort keys %$served);
ok t_cmp(join(' ', map { @{ $served->{$_} } } grep { $failed{$_} }
                  keys %$served),
         qr/^(?:(?:fail\.test 500|ok\.test 200)(?: |$))*$/,
         'in such a child every request of the site gets 500, and another '
         . 'site\'s are served as usual');
ok t_cmp(scalar(grep { $failed{$_} && grep { /^ok\.test 200/ }
                       @{ $served->{$_} } } keys %$served) ? 1 : 0, 1,
         'a site without the filter is served (200) by a child where the '
         . 'filter failed');
ok t_cmp(join(' ', grep { $failed{$_} } pids('proc')), '',
         'no filter is notified for the failed site\'s requests');
# `-k stop` reads the configuration too, but loads no filter: a filter
# that would now refuse to load does not keep the server from stopping.
my $failing_daemon = daemon_pid($s);
$s->{stop}->();
# The pid file goes first; the parent then reaps its children.
for (1 .. 100) {
    last unless $failing_daemon and kill 0, $failing_daemon;
    Time::HiRes::sleep(0.1);
}
ok t_cmp($failing_daemon && !kill(0, $failing_daemon) ? 1 : 0, 1,
         '`-k stop` stops the server although GetFilterVersion would now '
         . 'return FALSE (it runs no filter code)');
unlink $MODE;
%failed = map { $_ => 1 } slurp("$s->{dir}/error_log") =~ /$re/g;
my @terminated = pids('terminate');
ok t_cmp(join(' ', grep { $failed{$_} } @terminated), '',
         'TerminateFilter is not called where GetFilterVersion failed');
ok t_cmp(scalar(@terminated) >= 1 ? 1 : 0, 1,
         'control: it is called where GetFilterVersion succeeded');

# A global filter returns other flags than at start-up.
reset_log();
$s = failing_server("ISAPIFilter filters/cb_worker.so\n", '');
ok t_cmp($s->{started}, 1, 'prefork server with a global filter starts')
    or note($s->{output}, $s->{error_log});
set_mode('flags');
$res = until_500($s);
ok t_cmp($res->{status}, 500, 'a child whose GetFilterVersion returned other '
         . 'flags than at start-up answers 500');
$elog = slurp("$s->{dir}/error_log");
note(grep { /ISF47/ } split /\n/, $elog);
$re = 'ISF47: \S*cb_worker\.so: GetFilterVersion returned flags '
    . '0x([0-9a-f]{8}) in child (\d+), 0x([0-9a-f]{8}) at start-up';
my ($now, $pid, $then) = $elog =~ /$re/;
ok t_cmp(defined $now && hex($now) == (hex($then) | 0x200) ? 1 : 0, 1,
         'the error log names the file, the child and both flag values');
for (1 .. 6) {
    $ok = get($s->{port}, 'ok.test');
    last if $ok->{status} == 500;
}
ok t_cmp($ok->{status}, 500,
         'a global filter that failed fails every site\'s requests');
# Its GetFilterVersion said TRUE (and started the thread): it is unloaded
# in that child at once, and hears TerminateFilter, which stops the thread.
my $term_at = Time::HiRes::time();
Time::HiRes::sleep(0.1)
    while $pid and !grep({ $_ == $pid } pids('terminate'))
          and Time::HiRes::time() < $term_at + 2;
ok t_cmp(scalar(grep { $_ == ($pid // 0) } pids('terminate')), 1,
         'TerminateFilter is called once, at once, in the child where '
         . 'GetFilterVersion returned TRUE with other flags');
unlink $MODE;
$s->{stop}->();
