# A filter that writes past an AllocMem block (issue 12).  IIS signed the
# tail of every AllocMem block and reported a filter that wrote past it;
# here the block's slack and 8 bytes after it carry a signature, checked
# when the connection's blocks go, after END_OF_NET_SESSION: one error
# line (ISF50) per damaged block naming the filter, the block's size and
# address and the connection, the response unchanged.  Filter
# t/filters/lim_overrun.c (X-Overrun: SIZE+OVER,... answered with the
# blocks' addresses in X-Overrun-Result), scenario isf_lim_overrun.
use strict;
use warnings FATAL => 'all';
no warnings 'portable';    # 64-bit addresses through hex()

use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses
                 read_response_bytes);
use ISF::CB qw(http_req read_until error_log_mark error_log_since
               wait_error_log wait_log);
use ISF::Hostile qw(check page crash_lines);

plan tests => 22, need_module 'isapi_filter';

my $M = 'isf_lim_overrun';
my $page = page();

# One request on a connection of its own: (response, [block addresses],
# connid).
sub overrun {
    my ($spec, %opt) = @_;
    my ($res) = parse_responses(scalar raw_request(module => $M,
        data => http_req('/index.html', 'X-Overrun' => $spec, close => 1)));
    $res ||= { status => 0, body => '', headers => {} };
    my @addr = split /,/, $res->{headers}->{'x-overrun-result'} // '';
    return ($res, \@addr, $res->{headers}->{'x-overrun-connid'} // 0);
}

# The ISF50 lines of $text, as { name, size, addr (a number), cid,
# client, connid }.
sub isf50 {
    my $text = shift;
    my @l;
    while ($text =~ /ISF50: (\S+): AllocMem block of (\d+) bytes at 0x([0-9a-f]+) written past its end \(connection (\d+) from ([^,]+), SF_REQ_GET_CONNID (\d+)\)/g) {
        push @l, { name => $1, size => $2, addr => hex $3, cid => $4,
                   client => $5, connid => $6 };
    }
    return @l;
}

# What wait_error_log waits for: the ISF50 line of the block at $addr.
sub isf50_re {
    (my $hex = shift // '') =~ s/^0x//;
    return qr/ISF50: .* at 0x\Q$hex\E /;
}

sub lines_for {
    my ($text, $addr) = @_;
    return grep { $_->{addr} == hex $addr } isf50($text);
}

my $mark0 = error_log_mark();

# ---- 1. AllocMem(10), 16 bytes written --------------------------------------
my $mark = error_log_mark();
my ($res, $addr, $connid) = overrun('10+6');
ok t_cmp($res->{status} == 200 && $res->{body} eq $page ? 1 : 0, 1,
         'a filter writing 6 bytes past its AllocMem(10) block: the '
         . 'response is served as usual');
my $text = wait_error_log($mark, isf50_re($addr->[0]));
my @l = lines_for($text, $addr->[0] // '0');
ok t_cmp(scalar(@l), 1, 'when the connection ends, one ISF50 line reports '
         . 'the block written past its end (as IIS reported a changed '
         . 'heap block)');
ok t_cmp(@l ? "$l[0]{name} $l[0]{size}" : '', 'lim_overrun.so 10',
         '... naming the filter and the size it asked for');
ok t_cmp(@l ? "$l[0]{client} $l[0]{connid}" : '', "127.0.0.1 $connid",
         '... and the connection: its client and the SF_REQ_GET_CONNID '
         . 'the filter saw');

# ---- 2. one byte past the end -----------------------------------------------
$mark = error_log_mark();
($res, $addr) = overrun('16+1');
$text = wait_error_log($mark, isf50_re($addr->[0]));
@l = lines_for($text, $addr->[0] // '0');
ok t_cmp(@l ? $l[0]{size} : 'none', 16,
         'one byte written right past a 16-byte block (no slack) is '
         . 'reported');
ok t_cmp($res->{status} == 200 && $res->{body} eq $page ? 1 : 0, 1,
         '... and the response is served as usual');

# ---- 3. well-behaved blocks beside a damaged one ----------------------------
$mark = error_log_mark();
($res, $addr) = overrun('24+0,10+6,100+0');
$text = wait_error_log($mark, isf50_re($addr->[1]));
ok t_cmp(scalar(lines_for($text, $addr->[1] // '0')), 1,
         'of three blocks on a connection, the one written past is '
         . 'reported');
ok t_cmp(scalar(lines_for($text, $addr->[0] // '0'))
         + scalar(lines_for($text, $addr->[2] // '0')), 0,
         '... and the two written only within their size are not');
ok t_cmp(scalar(@$addr), 3, '... all three blocks were given');

# ---- 4. checked when the connection ends, not before ------------------------
$mark = error_log_mark();
my $sock = raw_connect(module => $M);
print $sock http_req('/index.html', 'X-Overrun' => '12+1');
my ($r1) = parse_responses(read_until($sock, qr/<\/html>\n/));
my ($ka) = split /,/, $r1->{headers}->{'x-overrun-result'} // '0';
Time::HiRes::sleep(0.5);
ok t_cmp(scalar(lines_for(error_log_since($mark), $ka)), 0,
         'on a keep-alive connection nothing is reported while the '
         . 'connection lives (the filter may still use its blocks)');
print $sock http_req('/index.html', close => 1);
my ($r2) = parse_responses(scalar read_response_bytes($sock));
close $sock;
ok t_cmp($r2 && $r2->{status} == 200 ? 1 : 0, 1,
         '... its next request is served');
$text = wait_error_log($mark, isf50_re($ka));
ok t_cmp(scalar(lines_for($text, $ka)), 1,
         '... and the block is reported once the connection has ended');

# ---- 5. blocks used in END_OF_NET_SESSION -----------------------------------
$mark = error_log_mark();
($res, $addr, $connid) = overrun('32+0@s,20+4@s');
my @s = wait_log('lim_overrun.log', qr/^$connid END_OF_NET_SESSION /);
ok t_cmp($s[0] // '', "$connid END_OF_NET_SESSION ok",
         'AllocMem blocks are still the filter\'s, unchanged, in '
         . 'END_OF_NET_SESSION');
$text = wait_error_log($mark, isf50_re($addr->[1]));
@l = lines_for($text, $addr->[1] // '0');
ok t_cmp(@l ? "$l[0]{size} $l[0]{connid}" : '', "20 $connid",
         'a block written past its end in END_OF_NET_SESSION is reported: '
         . 'the check runs after it');
ok t_cmp(scalar(lines_for($text, $addr->[0] // '0')), 0,
         '... and the block used within its size there is not');

# ---- 6. a write far past the end, into the next block's record --------------
$mark = error_log_mark();
($res, $addr) = overrun('8+40,8+0');
ok t_cmp($res->{status} == 200 && $res->{body} eq $page ? 1 : 0, 1,
         'a write 40 bytes past an 8-byte block, over the record of the '
         . 'next block: the response is served');
$text = wait_error_log($mark, qr/ISF53: /);
@l = lines_for($text, $addr->[0] // '0');
ok t_cmp(@l ? $l[0]{size} : 'none', 8,
         '... the block written past is reported (the walk meets it '
         . 'before the record it overwrote)');
my ($rec) = $text =~ /ISF53: the record of an AllocMem block at 0x([0-9a-f]+) was overwritten/;
ok t_cmp(defined $rec && defined $addr->[1]
         && hex($rec) + 24 == hex($addr->[1]) ? 1 : 0, 1,
         '... and the overwritten record is reported (ISF53), at the '
         . 'second block\'s record, rather than followed');

# ---- 7. the blocks still count as before ------------------------------------
($res, $addr) = overrun('1048576+0,1+0');
ok t_cmp(join(',', map { /^NULL/ ? $_ : 'ok' } @$addr), 'ok,NULL:8',
         'the signature and record are not counted: one block of the '
         . 'whole ISAPIFilterAllocLimit (1048576) is given, and no more');

# ---- no crash, no lines for well-behaved filters ----------------------------
Time::HiRes::sleep(0.3);
my $all = error_log_since($mark0);
my @crash = crash_lines($all);
ok t_cmp(scalar(@crash), 0, 'no child process died');
my @other = grep { $_->{size} != 10 && $_->{size} != 16 && $_->{size} != 12
                   && $_->{size} != 20 && $_->{size} != 8 } isf50($all);
ok t_cmp(scalar(@other), 0, 'no ISF50 line for blocks written only '
         . 'within their size');
ok t_cmp(scalar(() = $all =~ /ISF53/g), 1, 'ISF53 only for the far write');
