# AllocMem with no bridge limit when the system refuses the memory (issue
# 10, item 11).  Under ISAPIFilterAllocLimit 0 the bridge sets no limit of
# its own, but AllocMem must still fail the IIS way when there is no
# memory: NULL with ERROR_NOT_ENOUGH_MEMORY, and the child goes on serving.
# Apache's pools abort the process when an allocation fails ("Memory
# allocation failed, aborting process"), so a filter could kill a child
# with AllocMem(0xFFFFFFFF).
#
# A throwaway server (ISF::Test::httpd_start) runs under an address-space
# limit (ulimit -v, through a wrapper script in t/logs) so that the system
# refuses the memory whatever the machine has; the filter is
# t/filters/lim_alloc.so.  Skipped under ASan, whose shadow memory needs
# the address space the limit takes away.
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_connect parse_responses httpd_start);
use ISF::CB qw(http_req read_until);
use ISF::Hostile qw(page crash_lines sanitizer_lines);

my $AS_KB = 2 * 1024 * 1024;     # 2 GiB of address space per process
my $TESTS = 2 + 5 + 3;
my $asan = ($ENV{LD_PRELOAD} // '') =~ /asan/;
plan tests => $TESTS, need need_module('isapi_filter'),
     { 'address-space limits cannot be used under ASan' => !$asan };

my $page = page();

# The server under a limit: the same apache2, started by a wrapper.
my $vars = Apache::Test::vars();
my $wrapper = catfile($vars->{t_logs}, 'lim_ulimit_httpd.sh');
open my $wfh, '>', $wrapper or die "$wrapper: $!";
print $wfh "#!/bin/sh\nulimit -v $AS_KB || exit 111\n"
         . "exec '$vars->{httpd}' \"\$\@\"\n";
close $wfh;
chmod 0755, $wrapper;

my $srv;
{
    local $vars->{httpd} = $wrapper;
    $srv = httpd_start(<<'EOC', keep => 1);
StartServers 1
ServerLimit 1
ThreadLimit 4
ThreadsPerChild 4
MaxRequestWorkers 4
MinSpareThreads 1
MaxSpareThreads 8
ISAPIFilterAllocLimit 0
ISAPIFilter filters/lim_alloc.so
EOC
}
ok $srv->{started}, 'a server with ISAPIFilterAllocLimit 0 starts under '
   . "an address-space limit of $AS_KB kB"
    or diag($srv->{output}, $srv->{error_log});
unless ($srv->{started}) {
    fail('a throwaway server is needed') for 2 .. $TESTS;
    exit;
}
my $error_log = "$srv->{dir}/error_log";
my $mark = -s $error_log || 0;

sub as_limit {
    my $pid = shift;
    open my $fh, '<', "/proc/$pid/limits" or return;
    while (<$fh>) {
        return $1 if /^Max address space\s+(\d+|unlimited)/;
    }
    return;
}

my ($ppid) = do { local (@ARGV, $/) = ("$srv->{dir}/httpd.pid"); <> }
             =~ /(\d+)/;
is as_limit($ppid // 0), $AS_KB * 1024, "the server ($ppid) runs under the "
   . 'address-space limit (its children inherit it)';

my $sock = raw_connect(port => $srv->{port}, timeout => 5);
print $sock http_req('/index.html',
                     'X-Lim-Alloc' => '4294967295,3221225472,4096');
my ($r1) = parse_responses(read_until($sock, qr/<\/html>/, 5));
$r1 ||= { status => 0, body => '', headers => {} };
my $pid = $r1->{headers}->{'x-lim-pid'} // 'none';
is $r1->{headers}->{'x-lim-alloc-result'}, '0/8,0/8,1/0',
   'AllocMem(0xFFFFFFFF) and AllocMem(3 GiB) the system cannot give: NULL '
   . 'with ERROR_NOT_ENOUGH_MEMORY (no abort); a 4 KiB block after them '
   . 'is given';
ok $r1->{status} == 200 && $r1->{body} eq $page,
   '... and the request whose AllocMem failed is served';
print $sock http_req('/index.html', 'X-Lim-Alloc' => '4294967295,1x10');
my ($r2) = parse_responses(read_until($sock, qr/<\/html>/, 5));
$r2 ||= { status => 0, body => '', headers => {} };
ok $r2->{status} == 200 && $r2->{body} eq $page,
   '... the keep-alive connection serves its next request';
is $r2->{headers}->{'x-lim-pid'}, $pid, '... from the same child';
is $r2->{headers}->{'x-lim-alloc-result'}, '0/8,10/0',
   '... where AllocMem refuses the huge block again and gives small ones';
close $sock;

$sock = raw_connect(port => $srv->{port}, timeout => 5);
print $sock http_req('/index.html', close => 1);
my ($r3) = parse_responses(read_until($sock, qr/<\/html>/, 5));
ok $r3 && $r3->{status} == 200, 'a new connection is served afterwards';
close $sock;

Time::HiRes::sleep(0.3);   # the parent logs a dead child on its next tick
my $log = '';
if (open my $fh, '<', $error_log) {
    seek $fh, $mark, 0;
    local $/;
    $log = <$fh> // '';
}
my @crash = (crash_lines($log), $log =~ /^(.*Memory allocation failed.*)$/mg);
is scalar(@crash), 0, 'no child aborted or died (no "Memory allocation '
   . 'failed", no "exit signal" in error_log)' or diag(@crash);
my @san = sanitizer_lines($log);
is scalar(@san), 0, 'no sanitizer report' or diag(@san);
$srv->{stop}->();
