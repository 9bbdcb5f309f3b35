# ISAPIFilterAllocGuard On (issue 12): what IIS users needed page heap
# and a debugger for.  Each AllocMem block ends against an inaccessible
# page, so a filter writing past it faults at the write: the error log
# names the filter, the notification it was in and the block's size
# (ISF51), and the child dies as any crashed child does (httpd logs the
# signal; the client's connection is cut with no response); the server
# goes on with a new child.  Writes into the slack before the guard page
# (blocks are 16-byte aligned) are reported at connection end as in the
# default mode (ISF50).  Well-behaved filters see no difference, the
# AllocMem limit included.
#
# A throwaway server (ISF::Test::httpd_start), as its children die:
# ISAPIFilterAllocGuard On and ISAPIFilterAllocLimit 4096 in the main
# server, global filters t/filters/lim_overrun.so and lim_alloc.so, and a
# <VirtualHost> on a second port with ISAPIFilterAllocGuard Off.  It runs
# under ASan as well: httpd's parent replaces ASan's SEGV handler with its
# own before the children start, so ASan does not see the fault.
use strict;
use warnings FATAL => 'all';
no warnings 'portable';    # 64-bit addresses through hex()

use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses httpd_start free_port);
use ISF::CB qw(http_req);
use ISF::Hostile qw(page crash_lines sanitizer_lines);

my $TESTS = 24;
plan tests => $TESTS, need_module 'isapi_filter';

my $page = page();
my $vport = free_port();

my $srv = httpd_start(<<"EOC", keep => 1);
ISAPIFilterAllocGuard On
ISAPIFilterAllocLimit 4096
ISAPIFilter filters/lim_overrun.so
ISAPIFilter filters/lim_alloc.so
Listen 127.0.0.1:$vport
<VirtualHost 127.0.0.1:$vport>
    ISAPIFilterAllocGuard Off
</VirtualHost>
EOC
ok t_cmp($srv->{started} ? 1 : 0, 1,
         'a server with ISAPIFilterAllocGuard On starts')
    or print map { "# $_\n" } split /\n/, $srv->{output} . $srv->{error_log};
unless ($srv->{started}) {
    ok(0) for 2 .. $TESTS;
    exit;
}
my $error_log = "$srv->{dir}/error_log";

sub log_since {
    my $mark = shift;
    open my $fh, '<', $error_log or return '';
    seek $fh, $mark, 0;
    local $/;
    return scalar(<$fh>) // '';
}

sub wait_log_since {
    my ($mark, $re, $secs) = @_;
    my $deadline = Time::HiRes::time() + ($secs || 5);
    my $text = '';
    while (Time::HiRes::time() < $deadline) {
        $text = log_since($mark);
        return $text if $text =~ $re;
        Time::HiRes::sleep(0.05);
    }
    return $text;
}

# One request on a connection of its own: (response or undef, raw bytes,
# read info).
sub req {
    my ($port, @h) = @_;
    my ($raw, $info) = raw_request(port => $port, timeout => 5,
        data => http_req('/index.html', @h, close => 1));
    my ($res) = parse_responses($raw);
    return ($res, $raw, $info);
}

sub served {
    my $res = shift;
    return $res && $res->{status} == 200 && $res->{body} eq $page ? 1 : 0;
}

# Wait until the server answers again (a new child after a crash).
sub answers_again {
    my $deadline = Time::HiRes::time() + 15;
    while (Time::HiRes::time() < $deadline) {
        my ($res) = eval { req($srv->{port}, 'X-Lim-Alloc' => '8x1') };
        return $res if served($res);
        Time::HiRes::sleep(0.2);
    }
    return;
}

my $mark0 = -s $error_log || 0;

# ---- well-behaved filters ---------------------------------------------------
my ($res) = req($srv->{port}, 'X-Lim-Alloc' => '1x600');
ok t_cmp($res ? $res->{headers}->{'x-lim-alloc-result'} : '', '512/8',
         'guard pages on: 512 one-byte blocks, each written, under '
         . 'ISAPIFilterAllocLimit 4096, then NULL with '
         . 'ERROR_NOT_ENOUGH_MEMORY: the limit counts as without the guard');
ok t_cmp(served($res), 1, '... and the request is served');
($res) = req($srv->{port}, 'X-Lim-Alloc' => '4096x1,1x1');
ok t_cmp($res ? $res->{headers}->{'x-lim-alloc-result'} : '', '1/0,0/8',
         'a block of a whole page (4096), written end to end');
($res) = req($srv->{port}, 'X-Lim-Alloc' => '9x600');
ok t_cmp($res ? $res->{headers}->{'x-lim-alloc-result'} : '', '256/8',
         '9-byte blocks: 256, as without the guard');

# A block written only within its size, and one written into the slack
# before its guard page (10 bytes, rounded to 16: no fault).
my $mark = -s $error_log || 0;
($res) = req($srv->{port}, 'X-Overrun' => '24+0,10+6');
ok t_cmp(served($res), 1, 'a write into the slack before the guard page '
         . 'does not fault: the response is served');
my ($ok24, $slack10) = split /,/,
    ($res ? $res->{headers}->{'x-overrun-result'} // '' : '');
$slack10 //= '0x0';
(my $hex10 = $slack10) =~ s/^0x//;
my $text = wait_log_since($mark, qr/ISF50: .* at 0x\Q$hex10\E /);
ok t_cmp(scalar(() = $text =~ /ISF50: lim_overrun\.so: AllocMem block of 10 bytes at 0x\Q$hex10\E written past its end/g),
         1, '... and is reported when the connection ends (ISF50), as in '
         . 'the default mode');
ok t_cmp(hex($slack10) % 16, 0, 'guarded blocks start 16-byte aligned');
(my $hex24 = $ok24 // '') =~ s/^0x//;
ok t_cmp(length($hex24) && $text !~ /at 0x\Q$hex24\E / ? 1 : 0, 1,
         '... the block written within its size is not reported');

# ---- a write past the end faults at the write -------------------------------
$mark = -s $error_log || 0;
my ($bad, $raw, $info) = req($srv->{port}, 'X-Overrun' => '16+1');
ok t_cmp(length($raw) == 0 && $info->{closed} ? 1 : 0, 1,
         'one byte written past a 16-byte block: the child dies at the '
         . 'write, the client\'s connection is cut with no response');
$text = wait_log_since($mark, qr/exit signal/, 10);
my ($name, $size, $blk, $how, $at, $ev) = $text =~
    /ISF51: (\S+): AllocMem block of (\d+) bytes at 0x([0-9a-f]+) (\w+) past its end, at 0x([0-9a-f]+), in (\S+) \(connection \d+ from 127\.0\.0\.1/;
ok t_cmp(defined $name ? "$name $size" : 'no ISF51 line', 'lim_overrun.so 16',
         'the error log names the filter and the block\'s size (ISF51)');
ok t_cmp($ev // '', 'SF_NOTIFY_PREPROC_HEADERS',
         '... and the notification it was in');
ok t_cmp(defined $at ? hex($at) - hex($blk) : -1, 16,
         '... the fault is at the first byte past the block');
ok t_cmp($how // '', 'written', '... by a write');
ok t_cmp(scalar(crash_lines($text)) >= 1 && $text =~ /Segmentation fault/
         ? 1 : 0, 1, 'httpd reports the child\'s death by SIGSEGV, as for '
         . 'any crash (its own handler still ran: core dumps as usual)');
my ($dead) = $text =~ /\[pid (\d+)\] ISF51: /;
$res = answers_again();
ok t_cmp(served($res), 1, 'the server serves other requests afterwards');
ok t_cmp($res && $dead && ($res->{headers}->{'x-lim-pid'} // '') ne $dead
         ? 1 : 0, 1, '... from a child other than the one that died');

# ---- the notification is the one running ------------------------------------
$mark = -s $error_log || 0;
($res) = req($srv->{port}, 'X-Overrun' => '32+1@s');
ok t_cmp(served($res), 1, 'a block written past its end only in '
         . 'END_OF_NET_SESSION: the response is served first');
$text = wait_log_since($mark, qr/exit signal/, 10);
($name, $size, $ev) = $text =~
    /ISF51: (\S+): AllocMem block of (\d+) bytes at 0x[0-9a-f]+ \w+ past its end, at 0x[0-9a-f]+, in (\S+) /;
ok t_cmp(defined $name ? "$name $size $ev" : 'no ISF51 line',
         'lim_overrun.so 32 SF_NOTIFY_END_OF_NET_SESSION',
         '... then the child dies at the write, and the error log names '
         . 'END_OF_NET_SESSION');
ok t_cmp(served(answers_again()), 1, 'the server serves again');

# ---- the server that accepted the connection decides ------------------------
$mark = -s $error_log || 0;
($res) = req($vport, 'X-Overrun' => '16+1');
ok t_cmp(served($res), 1, 'a <VirtualHost> with ISAPIFilterAllocGuard Off: '
         . 'the same write does not fault');
(my $vhex = ($res ? $res->{headers}->{'x-overrun-result'} // '' : ''))
    =~ s/^0x//;
$text = wait_log_since($mark, qr/ISF50: .* at 0x\Q$vhex\E /);
ok t_cmp($vhex ne '' && $text =~ /ISF50: lim_overrun\.so: AllocMem block of 16 bytes at 0x\Q$vhex\E written past its end/ ? 1 : 0,
         1, '... and is reported at connection end (the tail signature)');

# ---- the run as a whole -----------------------------------------------------
Time::HiRes::sleep(0.3);
my $all = log_since($mark0);
ok t_cmp(scalar(() = $all =~ /ISF51: /g), 2,
         'one ISF51 line per fault, none for well-behaved blocks');
my @san = sanitizer_lines($all);
ok t_cmp(scalar(@san), 0, 'no sanitizer report')
    or print map { "# $_\n" } @san;
$srv->{stop}->();
# The children killed on purpose above left their cores in the server's
# directory (CoreDumpDirectory): expected, so not for Apache::Test to
# report after every later test.
unlink glob("$srv->{dir}/core*");
