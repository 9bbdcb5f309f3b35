# Memory bound of the raw output filter: a 1 GiB file (sparse, made here
# in a temporary directory and deleted again) streamed through a
# pass-through SEND_RAW_DATA filter (the recorder, default window) must
# not grow the serving process by more than 16 MiB.  The response is read
# from a raw socket and discarded; the process's VmRSS is sampled before,
# every 64 MiB while it streams, and after.  Scenario: isf_rawout_big.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Temp ();
use File::Spec::Functions qw(catdir catfile);
use IO::Select ();
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(gen_file parse_stream adler32 exchange proc_status);

plan tests => 7, need_module 'isapi_filter';

my $SIZE = 1 << 30;
my $BOUND_KB = 16 * 1024;

# /rawout-big/ is t/logs/rawout_big: a link to a temporary directory on
# tmpfs when there is one (reading a hole there costs no memory and no
# zeroing), else a plain directory.
my $link = catdir(Apache::Test::vars('t_logs'), 'rawout_big');
my ($dir, $file);
unlink $link if -l $link;
File::Path::rmtree($link) if -d $link;
if (-d '/dev/shm' and -w _) {
    $dir = File::Temp::tempdir('isf-rawout-XXXXXX', DIR => '/dev/shm');
    symlink $dir, $link or die "symlink $link: $!";
}
else {
    File::Path::mkpath($dir = $link);
}
$file = catfile($dir, 'big.bin');
END {
    unlink $file if $file;
    rmdir $dir if $dir;
    unlink $link if $link and -l $link;
}
{
    open my $fh, '>', $file or die "$file: $!";
    truncate $fh, $SIZE or die "truncate $file: $!";
    close $fh;
}

my $small_url = gen_file('small.html',
                         join '', map { "line $_ of a small page\n" } 1 .. 60);
my $sock = raw_connect(module => 'isf_rawout_big', timeout => 30);
my ($raw) = exchange($sock,
                     "GET $small_url HTTP/1.1\r\nHost: localhost\r\n\r\n",
                     responses => 1, reports => 1);
my ($warm) = parse_stream($raw);
my $pid = $warm->{report}->{pid} // 0;
my $rss0 = proc_status($pid)->{VmRSS};
ok t_cmp($rss0, qr/^\d+$/, "VmRSS of the serving process ($pid) is known");

syswrite $sock, "GET /rawout-big/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n";
my ($head, $buf, $got, $sum, $max, $next) = ('', '', 0, 1, $rss0, 64 << 20);
my $sel = IO::Select->new($sock);
my $t0 = time;
while ($sel->can_read(10)) {
    my $n = sysread($sock, my $chunk, 1 << 20) or last;
    if (!length $head) {
        $buf .= $chunk;
        my $at = index($buf, "\r\n\r\n");
        next if $at < 0;
        $head = substr($buf, 0, $at + 4, '');
        $sum = adler32($head);
        $chunk = $buf;
        $buf = '';
    }
    my $body = $SIZE - $got;
    if (length $chunk > $body) {
        $buf .= substr($chunk, $body, length($chunk) - $body, '');
    }
    $got += length $chunk;
    $sum = adler32($chunk, $sum);
    if ($got >= $next) {
        $next += 64 << 20;
        my $rss = proc_status($pid)->{VmRSS} // 0;
        $max = $rss if $rss > $max;
    }
    last if $got == $SIZE and $buf =~ /\r\n\z/;
}
my $secs = time - $t0;
my $rss1 = proc_status($pid)->{VmRSS} // 0;
$max = $rss1 if $rss1 > $max;

ok t_cmp($head, qr{^HTTP/1\.1 200 .*\r\nContent-Length: $SIZE\r\n}s,
         '1 GiB response head');
ok t_cmp($got, $SIZE, "every byte of 1 GiB arrived (${secs}s)");
my ($rep) = parse_stream($buf);
ok t_cmp($rep->{report}->{bytes}, length($head) + $SIZE,
         'the raw filter saw every byte');
ok t_cmp($rep->{report}->{sum}, sprintf('%08x', $sum),
         'and exactly the bytes that went out');
t_debug("VmRSS before $rss0 kB, peak sampled $max kB, after $rss1 kB");
ok t_cmp($max - $rss0 < $BOUND_KB, 1, 'streaming 1 GiB through '
         . 'SEND_RAW_DATA grew the process by ' . ($max - $rss0)
         . ' kB at most (bound 16 MiB)');
ok t_cmp($rss1 - $rss0 < $BOUND_KB, 1,
         'and by ' . ($rss1 - $rss0) . ' kB once the response was done');
close $sock;
