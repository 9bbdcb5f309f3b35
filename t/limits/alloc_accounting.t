# AllocMem counts what the pool hands out (issue 10, item 10).  Each
# block costs its size rounded up to 8 bytes (APR's alignment), so with
# ISAPIFilterAllocLimit 4096 a connection gets at most 512 one-byte
# blocks, then NULL with ERROR_NOT_ENOUGH_MEMORY (8): counting the bytes
# asked for let 1-byte calls hold 8 times the limit.  Filter
# t/filters/lim_alloc.c (X-Lim-Alloc: SIZExCOUNT,... answered as
# X-Lim-Alloc-Result: got/error,...), scenario isf_lim_alloc.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req error_log_mark error_log_since);
use ISF::Hostile qw(page crash_lines);

my @CASES = (
    ['1x600', '512/8', '1-byte AllocMem calls: 512 succeed (8 bytes each '
     . 'of the 4096), then NULL with ERROR_NOT_ENOUGH_MEMORY'],
    ['9x600', '256/8', '9-byte AllocMem calls: 256 succeed (16 bytes '
     . 'each), then NULL with ERROR_NOT_ENOUGH_MEMORY'],
    ['8x600', '512/8', '8-byte AllocMem calls: 512 succeed, then NULL '
     . 'with ERROR_NOT_ENOUGH_MEMORY'],
    ['1x100,3296x1,1x1', '100/0,1/0,0/8', '100 one-byte blocks (800 '
     . 'bytes) and one of 3296 fill the 4096 exactly: one more byte gets '
     . 'NULL with ERROR_NOT_ENOUGH_MEMORY'],
    ['3x1,4088x1', '1/0,1/0', 'a 3-byte block (8) leaves room for 4088 '
     . 'bytes'],
);

plan tests => 2 * @CASES + 1, need_module 'isapi_filter';

my $mark = error_log_mark();
my $page = page();

for my $case (@CASES) {
    my ($spec, $want, $what) = @$case;
    my ($res) = parse_responses(scalar raw_request(module => 'isf_lim_alloc',
        timeout => 5, data => http_req('/index.html', 'X-Lim-Alloc' => $spec,
                                       close => 1)));
    $res ||= { status => 0, body => '', headers => {} };
    is $res->{headers}->{'x-lim-alloc-result'}, $want,
       "ISAPIFilterAllocLimit 4096, on a new connection: $what";
    ok $res->{status} == 200 && $res->{body} eq $page,
       "... and the request is served ($spec)";
}

Time::HiRes::sleep(0.3);
my @crash = crash_lines(error_log_since($mark));
is scalar(@crash), 0, 'no child process died (no "exit signal" in '
   . 'error_log)' or diag(@crash);
