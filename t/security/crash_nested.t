# Crash attribution for a crash in a nested call (issue 15, attacks): the
# filter's PREPROC_HEADERS calls WriteClient, whose bytes raise
# SEND_RAW_DATA inside that call, and the filter crashes there
# (t/filters/crash_nested.c).  The ISF69 line names the innermost
# notification (SEND_RAW_DATA, not PREPROC_HEADERS), the request and the
# connection, and the server goes on.  Then two threads of one event
# child crash at the same moment (t/filters/crash_pair.c): each writes a
# whole line of its own, neither hangs, the child is replaced.
# Throwaway servers, event and prefork MPMs.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();
use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start raw_request raw_connect read_response_bytes);
use ISF::CB qw(http_req note);

my @mpms = qw(event prefork);
plan tests => 4 * @mpms + 4, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');

for my $mpm (@mpms) {
    my $s = httpd_start(
        "LoadModule mpm_${mpm}_module $libexec/mod_mpm_$mpm.so\n"
        . "ISAPIFilter filters/crash_nested.so\n",
        modules => [qw(authz_core mime dir)], keep => 1,
        name => "crash_nested_$mpm");
    ok t_cmp($s->{started} ? 1 : 0, 1, "$mpm: the server starts")
        or note($s->{output}, $s->{error_log});
    raw_request(port => $s->{port},
                data => http_req('/nested/x?a="b"', close => 1),
                timeout => 5);
    my $log = '';
    my $deadline = Time::HiRes::time() + 10;
    while (Time::HiRes::time() < $deadline) {
        open my $fh, '<', "$s->{dir}/error_log" or last;
        local $/;
        $log = <$fh> // '';
        last if $log =~ /exit signal/;
        Time::HiRes::sleep(0.2);
    }
    ok t_cmp($log, qr/ISF69: crash_nested\.so: SIGSEGV at 0x0 in SF_NOTIFY_SEND_RAW_DATA, request "GET \/nested\/x\?a=\\"b\\" HTTP\/1\.1" \(connection \d+ from 127\.0\.0\.1:\d+ to 127\.0\.0\.1:\d+, SF_REQ_GET_CONNID \d+\): the process ends/,
             "$mpm: the line names the nested notification and the request");
    ok t_cmp(scalar(() = $log =~ /ISF69/g), 1, "$mpm: one line");
    my $ok = raw_request(port => $s->{port},
                         data => http_req('/index.html', close => 1));
    ok t_cmp($ok, qr{^HTTP/1\.1 200 }, "$mpm: the server goes on");
    $s->{stop}->();
    unlink glob("$s->{dir}/core*");
}

# ---- Two threads at once ------------------------------------------------
my $s = httpd_start(
    "LoadModule mpm_event_module $libexec/mod_mpm_event.so\n"
    . "StartServers 1\nServerLimit 1\nThreadsPerChild 4\nThreadLimit 4\n"
    . "MinSpareThreads 1\nMaxSpareThreads 4\nMaxRequestWorkers 4\n"
    . "ISAPIFilter filters/crash_pair.so\n",
    modules => [qw(authz_core mime dir)], keep => 1,
    name => 'crash_pair');
ok t_cmp($s->{started} ? 1 : 0, 1, 'pair: the server starts')
    or note($s->{output}, $s->{error_log});
my @socks = map { raw_connect(port => $s->{port}) } 1 .. 2;
for my $i (0, 1) {
    syswrite($socks[$i], http_req("/pair/$i", close => 1));
}
read_response_bytes($_, 8) for @socks;
my $log = '';
my $deadline = Time::HiRes::time() + 15;
while (Time::HiRes::time() < $deadline) {
    open my $fh, '<', "$s->{dir}/error_log" or last;
    local $/;
    $log = <$fh> // '';
    last if $log =~ /exit signal/;
    Time::HiRes::sleep(0.2);
}
my @lines = grep { /ISF69/ } split /\n/, $log;
note(@lines);
ok t_cmp(scalar(@lines) >= 1 ? 1 : 0, 1,
         'pair: the crash is named');
ok t_cmp(join("\n", grep { !/^\[[^\]]+\] \[isapi_filter:crit\] \[pid \d+\] ISF69: crash_pair\.so: SIGSEGV at 0x0 in SF_NOTIFY_PREPROC_HEADERS, request "GET \/pair\/[01] HTTP\/1\.1" \(connection \d+ from [^)]*\): the process ends$/ } @lines), '',
         'pair: every line whole, none mixed with the other thread\'s');
my $ok = '';
$deadline = Time::HiRes::time() + 15;
until ($ok =~ m{^HTTP/1\.1 200 } or Time::HiRes::time() > $deadline) {
    $ok = raw_request(port => $s->{port},
                      data => http_req('/index.html', close => 1)) // '';
    Time::HiRes::sleep(0.2) unless $ok;
}
ok t_cmp($ok, qr{^HTTP/1\.1 200 }, 'pair: a new child serves');
$s->{stop}->();
unlink glob("$s->{dir}/core*");
