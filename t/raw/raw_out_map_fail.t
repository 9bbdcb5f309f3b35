# When the private mapping of a large file fails, the bridge logs ISF40
# (debug) and sends the file through the read path instead: the client
# gets every byte, the filter still sees every window.  The failure is
# made by t/shims/nommap.so, preloaded into a throwaway server
# running the pass-through t/filters/rawout_map.c as a global filter.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);
use ISF::Test qw(httpd_start raw_connect);
use ISF::RawOut qw(gen_file parse_stream raw_sum exchange);

plan tests => 6, need_module 'isapi_filter';

# 200 KiB + 5 bytes: several windows and not a multiple of one.
my $content = join('', map { sprintf "%07d mapping refused here\n", $_ }
                           0 .. 6399) . "end\n\n";
$content .= 'x' x (200 * 1024 + 5 - length $content);
my $url = gen_file('mapfail.bin', $content);

my $shim = catfile(Apache::Test::vars('serverroot'), 'shims', 'nommap.so');
local $ENV{LD_PRELOAD} = join ' ', grep { defined && length }
                                   $ENV{LD_PRELOAD}, $shim;
my $s = httpd_start("LogLevel info isapi_filter:trace5\n"
                    . "ISAPIFilter filters/rawout_map.so\n",
                    keep => 1, name => 'raw_out_map_fail');
ok t_cmp($s->{started}, 1, 'a server with the shim preloaded starts')
    or t_debug($s->{output}, $s->{error_log});

SKIP: {
    skip 'the server did not start', 5 unless $s->{started};
    my $sock = raw_connect(port => $s->{port});
    my ($raw) = exchange($sock, "GET $url HTTP/1.1\r\nHost: localhost\r\n"
                                . "\r\n", responses => 1, reports => 1);
    close $sock;
    my ($r) = grep { !$_->{report_only} } parse_stream($raw);
    $r ||= {};
    my $rep = $r->{report} || {};
    ok t_cmp(($r->{status} // '') eq '200'
             && ($r->{body} // '') eq $content, 1,
             'the whole file arrives, byte for byte');
    ok t_cmp(($rep->{bytes} // '') . ' ' . ($rep->{sum} // ''),
             length($r->{raw} // '') . ' ' . raw_sum($r->{raw} // ''),
             'the filter saw exactly the bytes on the wire');

    my $log = do {
        open my $fh, '<', "$s->{dir}/error_log" or die $!;
        local $/;
        <$fh>;
    };
    # (the log is not echoed on a match: it holds the whole trace)
    t_debug('the failed mapping is logged as ISF40');
    ok($log =~ /ISF40: SEND_RAW_DATA: mapping \d+ bytes of a file at offset \d+ failed/
       ? 1 : 0);
    t_debug('the file goes through the read path instead');
    ok($log =~ /FILE bucket: \d+ bytes at offset \d+ read into the window \(mmap failed\)/
       ? 1 : 0);
    t_debug('nothing was raised from a mapping');
    ok($log !~ /mapped chunk of/ ? 1 : 0);
}

$s->{stop}->() if $s->{started};
