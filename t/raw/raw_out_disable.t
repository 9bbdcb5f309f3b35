# SF_REQ_DISABLE_NOTIFICATIONS(SF_NOTIFY_SEND_RAW_DATA) from a pass-through
# filter once the response head has gone by: the body arrives whole, the
# notifications stop, and (EnableSendfile On, EnableMMAP Off) the file
# goes out by sendfile instead of being read(2) through the raw filter.
# rawout_passhead reports after each response: windows=N bytes=N
# disabled=0|1 pid=N; with "keep" in the URL it does not disable (the
# control).  Scenario: isf_rawout_disable (window 256).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(gen_file gen_big_file parse_stream crc32 exchange
                   proc_io);

plan tests => 14, need_module 'isapi_filter';

my $SIZE = 4 << 20;
my ($url, $crc) = gen_big_file('disable4m.bin', $SIZE);
my $small_url = gen_file('small.html',
                         join '', map { "line $_ of a small page\n" } 1 .. 60);

sub req {
    my ($url, @h) = @_;
    return "GET $url HTTP/1.1\r\nHost: localhost\r\n"
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

my $sock = raw_connect(module => 'isf_rawout_disable');

# Warm up, and learn which process serves this connection.
my ($raw) = exchange($sock, req($small_url), responses => 1, reports => 1);
my ($warm) = parse_stream($raw);
my $pid = $warm->{report}->{pid};
ok t_cmp($pid, qr/^\d+$/, 'the serving process is known');

my %syscr;
for my $case (['disabled', $url], ['control', "$url?keep"]) {
    my ($name, $u) = @$case;
    my $io0 = proc_io($pid);
    ($raw) = exchange($sock, req($u), responses => 1, reports => 1);
    my $io1 = proc_io($pid);
    my ($r) = parse_stream($raw);
    my $rep = $r->{report} || {};
    $syscr{$name} = defined $io0->{syscr} && defined $io1->{syscr}
                    ? $io1->{syscr} - $io0->{syscr} : undef;
    ok t_cmp(length $r->{body}, $SIZE, "$name: the whole body arrives");
    ok t_cmp(crc32($r->{body}), $crc, "$name: unchanged");
    if ($name eq 'disabled') {
        ok t_cmp($rep->{disabled}, 1, 'DISABLE_NOTIFICATIONS accepted '
                                      . 'in SEND_RAW_DATA');
        ok t_cmp($rep->{windows} <= 2, 1, 'after the head, no more '
                 . "SEND_RAW_DATA ($rep->{windows} notifications)");
        ok t_cmp($rep->{bytes} < 512, 1,
                 "the filter saw only the head ($rep->{bytes} bytes)");
    }
    else {
        ok t_cmp($rep->{disabled}, 0, 'control: not disabled');
        ok t_cmp($rep->{windows} >= $SIZE / 256, 1, 'control: the filter '
                 . "saw every window ($rep->{windows})");
        ok t_cmp($rep->{bytes} > $SIZE, 1, 'control: and every byte');
    }
}

# sendfile: the disabled response cost the process a handful of read
# system calls, the control one a read(2) per 8000 bytes.
if (defined $syscr{disabled} and defined $syscr{control}) {
    ok t_cmp($syscr{control} >= $SIZE / 8000, 1,
             "control: the file was read through the raw filter "
             . "($syscr{control} read calls)");
    ok t_cmp($syscr{disabled} * 4 < $syscr{control}, 1,
             'disabled: the body bypassed the raw filter, by sendfile '
             . "($syscr{disabled} read/sendfile calls)");
}
else {
    skip "/proc/$pid/io is not readable" for 1 .. 2;
}

# The next response on the connection is raw-filtered again.
($raw) = exchange($sock, req($small_url, 'Connection: close'));
close $sock;
my ($r) = parse_stream($raw);
ok t_cmp($r->{report}->{windows} >= 1 && $r->{report}->{disabled} == 1, 1,
         'DISABLE_NOTIFICATIONS lasts one request: the next one is seen');
