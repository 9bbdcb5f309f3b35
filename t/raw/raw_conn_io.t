# The raw filters' own socket I/O (issue 16): with READ_RAW_DATA and
# SEND_RAW_DATA on a connection, ISAPI_FILTER_RAW_IN reads the socket
# itself (bridge/raw/in_filter.c, isf_raw_in_recv) and keeps mod_logio's
# count; ISAPI_FILTER_RAW_OUT flushes a small response after its EOR
# unless the next request is already read (out_filter.c).  Checked here:
#   - %I and %O in an access log match the bytes on the wire, for a
#     request with a body read through the filter;
#   - pipelined requests in one write get every response, in order
#     (200, 404, HEAD, 404, 200), and so does a second batch on the same
#     connection;
#   - a keep-alive client that waits for each response before sending the
#     next request is answered each time, with fewer than 3.5 read calls
#     per request in the child (/proc/PID/io syscr): the request, the
#     file's pread, Apache's look for a pipelined request (which finds the
#     next request when the response left in time).  Before, core's probe
#     for more input added an EAGAIN read to each: 4.00 per request with
#     the module of e82db92.
# A throwaway event-MPM server with the global filter rawin_passthru.so.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);
use IO::Socket::INET;
use ISF::Test qw(httpd_start);
use ISF::RawOut qw(parse_stream read_until_idle proc_io send_all);

plan tests => 10, need_module 'isapi_filter';

my $log = catfile(Apache::Test::vars('t_logs'), 'raw_conn_io_access.log');
unlink $log;
my $s = httpd_start(
    "KeepAlive On\nKeepAliveTimeout 20\nMaxKeepAliveRequests 0\n"
    . "LogFormat \"%m %U %I %O\" rawio\nCustomLog $log rawio\n"
    . "ISAPIFilter filters/rawin_passthru.so\n",
    modules => [qw(mpm_event authz_core mime dir)], keep => 1,
    name => 'raw_conn_io');
ok t_cmp($s->{started}, 1, 'a server with a READ_RAW_DATA and SEND_RAW_DATA '
         . 'filter starts');

sub connect_ {
    my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $s->{port}, Timeout => 5);
    die "connect: $!\n" unless $c;
    return $c;
}

# ---- %I / %O through the raw input filter ----------------------------------
my $body = 'b' x 1234;
my $req = "POST /index.html HTTP/1.1\r\nHost: localhost\r\n"
        . "Content-Length: " . length($body) . "\r\nConnection: close\r\n"
        . "\r\n$body";
my $sock = connect_();
send_all($sock, $req);
my ($got) = read_until_idle($sock, idle => 5);
close $sock;
# The log line is written after the response; give it a moment.
my $line = '';
for (1 .. 50) {
    open my $fh, '<', $log or last;
    ($line) = grep { m{^POST /index\.html } } <$fh>;
    last if $line;
    select undef, undef, undef, 0.1;
}
my ($in, $out) = ($line // '') =~ m{^POST /index\.html (\d+) (\d+)} ? ($1, $2)
                                                                    : (-1, -1);
ok t_cmp($in, length($req), '%I counts every byte the client sent, read by '
         . 'the raw input filter itself');
ok t_cmp($out, length($got), '%O counts every byte the client received');

# ---- pipelined requests ------------------------------------------------------
my @batch = (['GET', '/index.html'], ['GET', '/no-such-1'],
             ['HEAD', '/index.html'], ['GET', '/no-such-2'],
             ['GET', '/index.html']);
my $pipe = join '', map { "$_->[0] $_->[1] HTTP/1.1\r\nHost: localhost\r\n\r\n" }
                    @batch;
my @methods = map { $_->[0] } @batch;
$sock = connect_();
for my $round (1 .. 2) {
    send_all($sock, $pipe);
    my ($raw) = read_until_idle($sock, responses => scalar(@batch),
                                methods => \@methods);
    my @res = grep { !$_->{report_only} }
              parse_stream($raw, methods => \@methods);
    ok t_cmp(join(',', map { $_->{status} // 'x' } @res),
             '200,404,200,404,200',
             "round $round: five pipelined requests in one write get five "
             . "responses, in order");
    ok t_cmp(scalar(grep { $_->{incomplete} || $_->{garbage} } @res), 0,
             "round $round: every response is whole");
}
close $sock;

# ---- one request at a time on a keep-alive connection ----------------------
sub slurp {
    open my $fh, '<', $_[0] or return '';
    local $/;
    return scalar(<$fh>) // '';
}
my ($parent) = slurp(catfile($s->{dir}, 'httpd.pid')) =~ /(\d+)/;
my @kids;
for my $dir (glob '/proc/[0-9]*') {
    my ($pid) = $dir =~ m{(\d+)$};
    push @kids, $pid if $parent
        and slurp("$dir/stat") =~ /^\d+ \(.*?\) \S (\d+)/
        and $1 == $parent;
}
my $N = 40;
$sock = connect_();
send_all($sock, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
read_until_idle($sock, responses => 1, idle => 5);
my %before;
for my $k (@kids) {
    $before{$k} = proc_io($k)->{syscr} // 0;
}
my @seen;
for (1 .. $N) {
    send_all($sock, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
    my ($raw) = read_until_idle($sock, responses => 1, idle => 5);
    push @seen, map { $_->{status} // 'x' }
                grep { !$_->{report_only} } parse_stream($raw);
}
my $reads = 0;
for my $k (@kids) {
    $reads += (proc_io($k)->{syscr} // 0) - $before{$k};
}
close $sock;
ok t_cmp(join(',', @seen), join(',', ('200') x $N), 'a client that waits '
         . 'for each response before the next request is answered every '
         . 'time');
my $per = $reads / $N;
ok t_cmp(@kids && $per > 0 && $per < 3.5 ? 1 : 0, 1, sprintf('read calls '
         . 'per keep-alive request through the raw filters: %.2f (< 3.5; '
         . 'children %s)', $per, join(' ', @kids)));
$s->{stop}->();
ok t_cmp(scalar(() = $s->{error_log} =~ /exit signal/g), 0,
         'no child crashed');
