# A careless filter that meddles with signals in its GetFilterVersion
# (t/filters/crash_sigs.c) must not silence crash attribution (README,
# "Crash attribution"):
#   - one that leaves every signal blocked in the thread that loaded it
#     (prefork serves requests on that very thread): the module gives the
#     thread its signal mask back after each call into a filter's entry
#     points, so the filter's later crash is still named (ISF69) and
#     httpd's own handler still runs ("exit signal");
#   - one that replaces the fault handler: its crashes cannot be named, and
#     the child says so as it starts (ISF73), naming the filter and the
#     signal.
# (ISF73 is said once per child and signal: prefork starts one child here.)
# Throwaway prefork servers.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();
use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start raw_request);
use ISF::CB qw(http_req note);

plan tests => 9, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');

sub start {
    my ($mode) = @_;
    local $ENV{CRASH_SIGS_MODE} = $mode;
    return httpd_start(
        "LoadModule mpm_prefork_module $libexec/mod_mpm_prefork.so\n"
        . "StartServers 1\nMinSpareServers 1\nMaxSpareServers 1\n"
        . "ISAPIFilter filters/crash_sigs.so\n",
        modules => [qw(authz_core mime dir)], keep => 1,
        name => "crash_sigs_$mode");
}

sub error_log {
    my ($s, $re) = @_;
    my $deadline = Time::HiRes::time() + 10;
    my $text = '';
    while (Time::HiRes::time() < $deadline) {
        open my $fh, '<', "$s->{dir}/error_log" or last;
        local $/;
        $text = <$fh> // '';
        last if $text =~ $re;
        Time::HiRes::sleep(0.2);
    }
    return $text;
}

# ---- Signals left blocked -------------------------------------------------
my $s = start('block');
ok t_cmp($s->{started} ? 1 : 0, 1, 'block: the server starts')
    or note($s->{output}, $s->{error_log});
raw_request(port => $s->{port},
            data => http_req('/crash/segv', close => 1), timeout => 5);
my $log = error_log($s, qr/exit signal/);
ok t_cmp($log, qr/exit signal Segmentation fault/,
         'block: the crash ends the child through httpd\'s own handler');
ok t_cmp($log, qr/ISF69: crash_sigs\.so: SIGSEGV at 0x0 in SF_NOTIFY_PREPROC_HEADERS, request "GET \/crash\/segv HTTP\/1\.1"/,
         'block: a filter that left every signal blocked in the thread '
         . 'that loaded it: its crash is still named');
my ($st) = raw_request(port => $s->{port},
                       data => http_req('/index.html', close => 1));
ok t_cmp($st, qr{^HTTP/1\.1 200 }, 'block: the server goes on serving');
$s->{stop}->();
unlink glob("$s->{dir}/core*");

# ---- The fault handler replaced -------------------------------------------
$s = start('handler');
ok t_cmp($s->{started} ? 1 : 0, 1, 'handler: the server starts')
    or note($s->{output}, $s->{error_log});
raw_request(port => $s->{port},
            data => http_req('/index.html', close => 1));
$log = error_log($s, qr/ISF73/);
ok t_cmp($log, qr/ISF73: crash_sigs\.so: its GetFilterVersion replaced the handler for SIGSEGV/,
         'handler: the child says which filter replaced the fault handler');
ok t_cmp(scalar(() = $log =~ /ISF73: crash_sigs\.so[^\n]*SIGSEGV/g), 1,
         'handler: said once in the child, for SIGSEGV only (the other '
         . 'handlers are still in place)');
raw_request(port => $s->{port},
            data => http_req('/crash/segv', close => 1), timeout => 5);
$log = error_log($s, qr/exit signal/);
ok t_cmp($log, qr/exit signal Segmentation fault/,
         'handler: the crash still ends the child');
ok t_cmp($log =~ /ISF69:/ ? 1 : 0, 0,
         'handler: and gets no ISF69 line, as ISF73 said');
$s->{stop}->();
unlink glob("$s->{dir}/core*");
