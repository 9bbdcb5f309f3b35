# Hostile clients through READ_RAW_DATA.  READ_RAW_DATA filters must be
# global, so this runs a throwaway server (ISF::Test::httpd_start) with
# two global filters: hostile_trickle.so (READ_RAW_DATA answers READ_NEXT
# until a whole head is held; PREPROC_HEADERS reports) and hostile_conn.so
# (END_OF_NET_SESSION bookkeeping in t/logs/hostile_conn.log), Timeout 2
# and LimitRequestFieldSize 10000 (longer than the 8 KiB lines the raw
# input filter hands out at a time).  A second throwaway server with the
# same limits and no module shows what Apache alone answers.
use strict;
use warnings FATAL => 'all';

use IO::Select ();
use Socket qw(IPPROTO_TCP TCP_NODELAY);
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses httpd_start);
use ISF::CB qw(http_req log_lines note);
use ISF::Hostile qw(check truncate_log reset_close big_file big_size page
                    crash_lines sanitizer_lines);

my $LIMIT = 10000;
my $BIG = big_size();

my @BAD = (
    ['GARBAGE', "GARBAGE\r\n\r\n"],
    ['a fourth word', "GET /index.html HTTP/1.1 x\r\nHost: x\r\n\r\n"],
    ['a separator in the method',
     "GE(T /index.html HTTP/1.1\r\nHost: x\r\n\r\n"],
    ['an absolute URI with a bad scheme',
     "GET ht!tp://x/index.html HTTP/1.1\r\nHost: x\r\n\r\n"],
    ['a header line without a colon',
     "GET /index.html HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"],
);

my $TESTS = 2 + 6 + 3 + 3 + @BAD + 2 + 4 + 4 + 3;
plan tests => $TESTS, need_module 'isapi_filter';

my $page = page();
my $big = big_file();

my $limits = "Timeout 2\nLimitRequestFieldSize $LIMIT\n"
           . "Alias /sec-big $big\n";
my @mods = (modules => [qw(mpm_event authz_core mime dir alias)]);
truncate_log('hostile_conn.log');
my $srv = httpd_start($limits . "ISAPIFilter filters/hostile_trickle.so\n"
                      . "ISAPIFilter filters/hostile_conn.so\n",
                      @mods, keep => 1);
my $ctl = httpd_start($limits, @mods, isapi => 0, keep => 1);
ok t_cmp($srv->{started}, 1, 'a server with global READ_RAW_DATA, '
         . 'SEND_RAW_DATA and END_OF_NET_SESSION filters starts')
    or note($srv->{output}, $srv->{error_log});
ok t_cmp($ctl->{started}, 1, 'the control server (no module) starts');
unless ($srv->{started} and $ctl->{started}) {
    ok t_cmp('not started', 'started', 'a throwaway server is needed')
        for 3 .. $TESTS;
    exit;
}
my ($port, $cport) = ($srv->{port}, $ctl->{port});
my $error_log = "$srv->{dir}/error_log";
my $mark = -s $error_log || 0;

# httpd_start's probe connection ends with an END_OF_NET_SESSION of its
# own; start counting after it.
{
    my $deadline = Time::HiRes::time() + 3;
    Time::HiRes::sleep(0.05) until log_lines('hostile_conn.log', qr/^eons/)
                                   or Time::HiRes::time() > $deadline;
    truncate_log('hostile_conn.log');
}
my $nconn = 0;

sub req {
    my ($data, %opt) = @_;
    $nconn++ unless $opt{control};
    my $p = delete $opt{control} ? $cport : $port;
    return raw_request(port => $p, data => $data, timeout => 4, %opt);
}

sub conn {
    $nconn++;
    my $sock = raw_connect(port => $port);
    setsockopt($sock, IPPROTO_TCP, TCP_NODELAY, 1);
    return $sock;
}

sub alive {
    my ($res) = parse_responses(scalar req(http_req('/index.html',
                                                    close => 1)));
    return $res && $res->{status} == 200 && $res->{body} eq $page;
}

# ---- A head trickled a byte at a time ---------------------------------------
{
    my $head = http_req('/index.html', 'X-Slow' => 'yes', close => 1);
    my $sock = conn();
    my $t0 = Time::HiRes::time();
    for my $byte (split //, $head) {
        syswrite $sock, $byte;
        Time::HiRes::sleep(0.025);
    }
    my $took = Time::HiRes::time() - $t0;
    my ($raw) = ISF::Test::read_response_bytes($sock, 5);
    close $sock;
    my ($res) = parse_responses($raw);
    ok t_cmp($res->{status}, 200, sprintf('a head of %d bytes trickled one '
             . 'byte per write over %.1f s through READ_RAW_DATA is served',
             length $head, $took));
    ok t_cmp($res->{body}, $page, '... with the right body');
    ok t_cmp($res->{headers}->{'x-saw-slow'}, 'yes', 'PREPROC_HEADERS saw '
             . 'the header the trickle carried (READ_NEXT held the pieces in '
             . 'order)');
    my $reads = $res->{headers}->{'x-raw-reads'} || 0;
    check($reads >= 10, "READ_RAW_DATA was raised for the pieces ($reads "
          . 'notifications)');
    check($took > 1.5, 'the trickle took longer than a second and a half');

    # Stalling mid-head past Timeout: the read times out, the bytes
    # READ_NEXT held are dropped with the connection.
    $sock = conn();
    syswrite $sock, "GET /index.html HTTP/1.1\r\nHo";
    $t0 = Time::HiRes::time();
    my ($rest, $info) = ISF::Test::read_response_bytes($sock, 6);
    my $waited = Time::HiRes::time() - $t0;
    close $sock;
    ($res) = parse_responses($rest);
    note(sprintf('stalled head: %s after %.1f s, closed=%d',
                 $res ? "status $res->{status}" : 'no response', $waited,
                 $info->{closed}));
    check($info->{closed} && $waited < 5, sprintf('a client that stalls '
          . 'mid-head (bytes held for READ_NEXT) is dropped after Timeout 2 '
          . '(%.1f s)', $waited));
}

# ---- Field lines at and past LimitRequestFieldSize --------------------------
{
    my (%with, %without);
    for my $len ($LIMIT - 1 .. $LIMIT + 2) {
        my $data = http_req('/index.html',
                            'X-Long' => 'a' x ($len - length 'X-Long: '),
                            close => 1);
        my ($r) = parse_responses(scalar req($data));
        my ($c) = parse_responses(scalar req($data, control => 1));
        $with{$len} = $r ? $r->{status} : 0;
        $without{$len} = $c ? $c->{status} : 0;
    }
    ok t_cmp($with{$LIMIT}, 200, "a header line of LimitRequestFieldSize "
             . "($LIMIT) bytes, longer than one raw read, is served");
    ok t_cmp($with{$LIMIT + 2}, 400,
             'a header line past LimitRequestFieldSize is refused with 400');
    ok t_cmp(join(' ', map { "$_=$with{$_}" } sort { $a <=> $b } keys %with),
             join(' ', map { "$_=$without{$_}" }
                       sort { $a <=> $b } keys %without),
             'at every length around the limit READ_RAW_DATA changes '
             . 'nothing Apache answers');
}

# ---- Thousands of header fields, malformed requests -------------------------
{
    my ($r) = parse_responses(scalar req(http_req('/index.html',
        (map { ("X-F$_" => 'v') } 1 .. 5000), close => 1)));
    ok t_cmp($r && $r->{status}, 400, '5000 header fields (past '
             . 'LimitRequestFields, held whole by READ_NEXT) are refused '
             . 'with 400');
    ($r) = parse_responses(scalar req(http_req('/index.html',
        (map { ("X-F$_" => 'v') } 1 .. 90), close => 1)));
    ok t_cmp($r && $r->{status}, 200, '90 header fields are served');
    my ($raw09) = req("GET /index.html\r\n\r\n");
    ok t_cmp($raw09, $page, 'an HTTP/0.9 request (Apache\'s default '
             . 'Allow0.9) gets the bare body through the raw filters');
    for my $case (@BAD) {
        my ($what, $data) = @$case;
        my ($w) = parse_responses(scalar req($data));
        my ($c) = parse_responses(scalar req($data, control => 1));
        ok t_cmp($w && $w->{status}, $c->{status}, "a request with $what is "
                 . "answered as without the module ($c->{status})");
    }
}

# ---- Garbage pipelined after a valid request --------------------------------
{
    my ($raw, $info) = req(http_req('/index.html')
                           . "\x00\x01\x02 junk \xff\r\n\r\n"
                           . http_req('/index.html', close => 1));
    my @res = parse_responses($raw);
    ok t_cmp(join(',', map { $_->{status} } @res), '200,400',
             'a valid request, then pipelined garbage: 200, then one 400');
    ok t_cmp($info->{closed}, 1, 'and the connection is closed');
}

# ---- Going away mid-response ------------------------------------------------
{
    my $sock = conn();
    print $sock http_req('/sec-big');
    my $got = '';
    my $sel = IO::Select->new($sock);
    while (length($got) < 65536 and $sel->can_read(5)) {
        last unless sysread($sock, $got, 65536, length $got);
    }
    reset_close($sock);
    check(length($got) >= 65536, 'a large response through the raw filters '
          . 'starts arriving');
    $sock = conn();
    print $sock http_req('/sec-big');
    Time::HiRes::sleep(0.3);
    reset_close($sock);
    check(alive(), 'the server serves after clients reset mid-response');
    my ($res) = parse_responses(scalar req(http_req('/sec-big', close => 1),
                                           timeout => 10));
    ok t_cmp(length($res->{body}), $BIG, 'a whole 2 MiB response still '
             . 'passes the raw filters');
    $sock = conn();
    close $sock;
    check(alive(), 'the server serves after a connection that sent nothing');
}

# ---- END_OF_NET_SESSION exactly once per connection -------------------------
{
    my $deadline = Time::HiRes::time() + 10;
    my @eons;
    while (Time::HiRes::time() < $deadline) {
        @eons = log_lines('hostile_conn.log', qr/^eons/);
        last if @eons >= $nconn;
        Time::HiRes::sleep(0.1);
    }
    Time::HiRes::sleep(0.3);
    @eons = log_lines('hostile_conn.log', qr/^eons/);
    my (%seen, %ended);
    for (log_lines('hostile_conn.log', qr/^conn /)) {
        $seen{"$1 $2"}++ if /^conn (\d+) (\d+) /;
    }
    for (@eons) {
        $ended{"$1 $2"}++ if /^eons (\d+) (\d+) /;
    }
    ok t_cmp(scalar(@eons), $nconn, "END_OF_NET_SESSION fired once for each "
             . "of the $nconn connections (global filter: malformed, stalled, "
             . 'reset and silent ones included)');
    ok t_cmp(scalar(grep { $ended{$_} > 1 } keys %ended), 0,
             'no connection got END_OF_NET_SESSION twice');
    ok t_cmp(scalar(grep { !$ended{$_} } keys %seen), 0,
             'every connection the filter saw got its END_OF_NET_SESSION');
    ok t_cmp(scalar(grep { !$seen{$_} } keys %ended), 0,
             'END_OF_NET_SESSION carried its own connection\'s context');
}

# ---- Nothing crashed --------------------------------------------------------
{
    check(alive(), 'the server still answers at the end');
    $srv->{stop}->();
    $ctl->{stop}->();
    open my $fh, '<', $error_log or die "$error_log: $!";
    seek $fh, $mark, 0;
    local $/;
    my $log = <$fh> // '';
    my @crash = crash_lines($log);
    ok t_cmp(scalar(@crash), 0, 'no child process died') or note(@crash);
    my @san = sanitizer_lines($log);
    ok t_cmp(scalar(@san), 0, 'no sanitizer report in the error_log')
        or note(@san);
}
