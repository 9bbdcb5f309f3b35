# Crash attribution for a crash in a nested call (issue 15, attacks): the
# filter's PREPROC_HEADERS calls WriteClient, whose bytes raise
# SEND_RAW_DATA inside that call, and the filter crashes there
# (t/filters/crash_nested.c).  The ISF69 line names the innermost
# notification (SEND_RAW_DATA, not PREPROC_HEADERS), the request and the
# connection, and the server goes on.  Throwaway servers, event and
# prefork MPMs.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();
use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start raw_request);
use ISF::CB qw(http_req note);

my @mpms = qw(event prefork);
plan tests => 4 * @mpms, need_module 'isapi_filter';

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
