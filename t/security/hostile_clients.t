# Hostile clients against a site with ISAPI filters (scenario
# isf_sec_clients: hostile_conn.so with PREPROC_HEADERS, SEND_RAW_DATA in
# 256-byte windows and END_OF_NET_SESSION; LimitRequestFieldSize 1000,
# LimitRequestFields 50, no HTTP/0.9).  Malformed requests get Apache's
# 4xx, exactly as on the same site without a filter (isf_sec_control);
# garbage after a valid request, clients that reset mid-response and
# clients that never send a byte leave the server serving; every
# connection gets END_OF_NET_SESSION exactly once; AllocMem memory goes
# with its connection.  READ_RAW_DATA (global filters) is in
# t/security/hostile_rawin.t.
use strict;
use warnings FATAL => 'all';

use IO::Select ();
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(http_req log_lines error_log_mark error_log_since
               note);
use ISF::Hostile qw(check truncate_log reset_close big_file big_size page
                    crash_lines sanitizer_lines);

my $LIMIT = 1000;       # LimitRequestFieldSize of both sites
my $FIELDS = 50;        # LimitRequestFields
my $BIG = big_size();
my $CONNS_MEM = 1000;   # connections of the memory check

my @BAD = (
    ['GARBAGE', "GARBAGE\r\n\r\n", 400],
    ['no version (HTTP/0.9, refused by Require1.0)',
     "GET /index.html\r\n\r\n", 400],
    ['a fourth word',
     "GET /index.html HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400],
    ['a control character in the method',
     "G\x01T /index.html HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ['a separator in the method',
     "GE(T /index.html HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ['an unknown method', "FOO /index.html HTTP/1.1\r\nHost: x\r\n\r\n", 501],
    ['an absolute URI with a bad scheme',
     "GET ht!tp://localhost/index.html HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ['an absolute URI whose scheme starts with a digit',
     "GET 1http://localhost/index.html HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ['a target that is neither a path nor a URI',
     "GET http//x HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ['a NUL in the target',
     "GET /in\0dex.html HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ['HTTP/1.1 without Host', "GET /index.html HTTP/1.1\r\n\r\n", 400],
    ['a header line without a colon',
     "GET /index.html HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", 400],
    ['a request line past LimitRequestLine',
     'GET /' . ('a' x 9000) . " HTTP/1.1\r\nHost: x\r\n\r\n", 414],
);

plan tests => 2 * @BAD + 1 + 6 + 4 + 4 + 1 + 4 + 3 + 3,
     need_module 'isapi_filter';

my $mark = error_log_mark();
my $nconn = 0;          # connections made to isf_sec_clients
my $maybe = 0;          # ... and ones Apache may not have seen at all
my $page = page();

# One connection to isf_sec_clients (counted) or another site.
sub req {
    my ($module, $data, %opt) = @_;
    $nconn++ if $module eq 'isf_sec_clients';
    return raw_request(module => $module, data => $data, timeout => 3, %opt);
}

sub conn {
    $nconn++;
    return raw_connect(module => 'isf_sec_clients');
}

# Read until $n bytes arrived (or the peer stops sending).
sub read_bytes {
    my ($sock, $n) = @_;
    my ($buf, $sel) = ('', IO::Select->new($sock));
    while (length($buf) < $n and $sel->can_read(5)) {
        my $got = sysread($sock, $buf, 65536, length $buf);
        last unless $got;
    }
    return $buf;
}

sub alive {
    my ($res) = parse_responses(scalar req('isf_sec_clients',
                                http_req('/index.html', close => 1)));
    return $res && $res->{status} == 200 && $res->{body} eq $page;
}

truncate_log('hostile_conn.log');
my $big_body = do {
    open my $fh, '<', big_file() or die "big: $!";
    binmode $fh;
    local $/;
    <$fh>;
};

# ---- Malformed requests: Apache's 4xx, connection closed --------------------
for my $case (@BAD) {
    my ($what, $data, $want) = @$case;
    my ($raw, $info) = req('isf_sec_clients', $data);
    my ($res) = parse_responses($raw);
    ok t_cmp($res && $res->{status}, $want,
             "a request with $what is answered $want through the filters");
    ok t_cmp($info->{closed}, 1, "... and the connection closed ($what)");
}
check(alive(), 'the server serves a good request after the malformed ones');

# ---- Header fields at and past LimitRequestFieldSize ------------------------
# Apache itself decides (the filters see only what it accepted): for field
# lines of LIMIT-1 .. LIMIT+2 bytes the site answers exactly as the same
# site without a filter.  LIMIT passes; Apache 2.4 lets LIMIT+1 through
# too and refuses from LIMIT+2.
{
    my (%with, %without);
    for my $len ($LIMIT - 1 .. $LIMIT + 2) {
        my $data = http_req('/index.html',
                            'X-Long' => 'a' x ($len - length 'X-Long: '),
                            close => 1);
        my ($r) = parse_responses(scalar req('isf_sec_clients', $data));
        my ($c) = parse_responses(scalar req('isf_sec_control', $data));
        $with{$len} = $r ? $r->{status} : 0;
        $without{$len} = $c ? $c->{status} : 0;
    }
    ok t_cmp($with{$LIMIT}, 200,
             "a header line of exactly LimitRequestFieldSize ($LIMIT) bytes "
             . 'is served');
    ok t_cmp($with{$LIMIT + 2}, 400, 'a header line past '
             . 'LimitRequestFieldSize is refused with 400');
    ok t_cmp(join(' ', map { "$_=$with{$_}" } sort { $a <=> $b } keys %with),
             join(' ', map { "$_=$without{$_}" }
                       sort { $a <=> $b } keys %without),
             'at every length around the limit the filtered site answers '
             . 'as the site without a filter');
    note('field line length => status: '
         . join(' ', map { "$_=$with{$_}" } sort { $a <=> $b } keys %with));

    # LimitRequestFields: Host + Connection + n more.
    my @f = map { ("X-F$_" => 'v') } 1 .. $FIELDS - 2;
    my ($r) = parse_responses(scalar req('isf_sec_clients',
                              http_req('/index.html', @f, close => 1)));
    ok t_cmp($r->{status}, 200, "exactly LimitRequestFields ($FIELDS) "
             . 'header fields are served');
    ($r) = parse_responses(scalar req('isf_sec_clients',
        http_req('/index.html', @f, 'X-One-More' => 'v', close => 1)));
    ok t_cmp($r->{status}, 400, 'one field past LimitRequestFields is '
             . 'refused with 400');
    my $t = Time::HiRes::time();
    ($r) = parse_responses(scalar req('isf_sec_clients',
        http_req('/index.html', (map { ("X-F$_" => 'v') } 1 .. 5000),
                 close => 1)));
    ok t_cmp($r->{status}, 400, sprintf('5000 header fields are refused '
             . 'with 400 (in %.2f s)', Time::HiRes::time() - $t));
}

# ---- Garbage pipelined after a valid request --------------------------------
{
    my ($raw, $info) = req('isf_sec_clients',
        http_req('/index.html') . "\x00\x01\x02 junk \xff\r\n\r\n"
        . http_req('/index.html', close => 1));
    my @res = parse_responses($raw);
    ok t_cmp($res[0] && $res[0]->{status}, 200,
             'the valid request before pipelined garbage is answered');
    ok t_cmp($res[0] && $res[0]->{body}, $page, '... with its whole body');
    ok t_cmp(join(',', map { $_->{status} } @res[1 .. $#res]), '400',
             'the garbage gets one 400, and the request after it nothing');
    ok t_cmp($info->{closed}, 1, 'the connection is closed after the 400');
}

# ---- Clients that go away mid-response (2 MiB through 256-byte windows) -----
{
    my $sock = conn();
    print $sock http_req('/sec-big', close => 1);
    my ($raw) = ISF::Test::read_response_bytes($sock, 10);
    close $sock;
    my ($res) = parse_responses($raw);
    ok t_cmp(length($res->{body}), $BIG, 'a 2 MiB response passes '
             . 'SEND_RAW_DATA in 256-byte windows whole');
    check($res->{body} eq $big_body, '... byte for byte');

    for my $cut (16 * 1024, 512 * 1024) {
        $sock = conn();
        print $sock http_req('/sec-big');
        read_bytes($sock, $cut);
        reset_close($sock);
    }
    # Unread: the server blocks on a full socket with a window held.
    $sock = conn();
    print $sock http_req('/sec-big');
    Time::HiRes::sleep(0.5);
    reset_close($sock);
    # A plain close (FIN) mid-response.
    $sock = conn();
    print $sock http_req('/sec-big');
    read_bytes($sock, 65536);
    close $sock;
    check(alive(), 'the server serves after clients reset or closed the '
          . 'connection in the middle of a large raw-filtered response');
    ($res) = parse_responses(scalar req('isf_sec_clients',
                                        http_req('/sec-big', close => 1),
                                        timeout => 10));
    check($res->{body} eq $big_body,
          'and the next large response is whole again');
}

# ---- Clients that never send a byte -----------------------------------------
{
    my $sock = conn();
    close $sock;
    # Reset at once: Apache may never make a connection of it (nothing to
    # end then), or may have made one already.
    $sock = raw_connect(module => 'isf_sec_clients');
    $maybe++;
    reset_close($sock);
    check(alive(), 'the server serves after connections that sent nothing');
}

# ---- END_OF_NET_SESSION: exactly once per connection ------------------------
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
    my @conn = log_lines('hostile_conn.log', qr/^conn /);
    my %seen;
    for (@conn) {
        $seen{"$1 $2"}++ if /^conn (\d+) (\d+) /;
    }
    my %ended;
    for (@eons) {
        $ended{"$1 $2"}++ if /^eons (\d+) (\d+) /;
    }
    my $n = @eons > $nconn && @eons <= $nconn + $maybe ? $nconn : @eons;
    ok t_cmp($n, $nconn, "END_OF_NET_SESSION fired once for each of the "
             . "$nconn connections the test made (malformed, reset, silent "
             . "ones included; got " . scalar(@eons) . ')');
    my @twice = grep { $ended{$_} > 1 } sort keys %ended;
    ok t_cmp(scalar(@twice), 0, 'no connection got END_OF_NET_SESSION twice')
        or note("twice: @twice");
    my @missing = grep { !$ended{$_} } sort keys %seen;
    ok t_cmp(scalar(@missing), 0, 'every connection the filter saw got its '
             . 'END_OF_NET_SESSION') or note("missing: @missing");
    my @unknown = grep { !$seen{$_} } sort keys %ended;
    ok t_cmp(scalar(@unknown), 0, 'END_OF_NET_SESSION carried the '
             . 'pFilterContext of its own connection') or note("@unknown");
}

# ---- AllocMem memory goes with its connection -------------------------------
# Each connection takes 256 KiB from AllocMem and writes all of it; the
# child's resident size after another $CONNS_MEM connections must not
# have grown by anything like $CONNS_MEM * 256 KiB.
{
    my %pids;
    my $failed = 0;
    my $one = sub {
        my ($r) = parse_responses(scalar req('isf_sec_clients',
            http_req('/index.html', 'X-Alloc-Kb' => 256, close => 1)));
        my ($pid) = ($r && $r->{headers}->{'x-conn'} || '') =~ /^(\d+) /;
        $pids{$pid} = 1 if $pid;
        $failed++ if !$pid || $r->{headers}->{'x-alloc'};
    };
    my $rss = sub {
        my $kb = 0;
        for my $pid (keys %pids) {
            open my $fh, '<', "/proc/$pid/status" or next;
            while (<$fh>) {
                $kb += $1 if /^VmRSS:\s+(\d+)/;
            }
        }
        return $kb;
    };
    $one->() for 1 .. 200;
    my $before = $rss->();
    my $t = Time::HiRes::time();
    $one->() for 1 .. $CONNS_MEM;
    my $took = Time::HiRes::time() - $t;
    my $after = $rss->();
    my $grew = $after - $before;
    note(sprintf('%d connections x 256 KiB AllocMem in %.1f s: RSS %d -> '
                 . '%d KiB (%+d KiB), children %s', $CONNS_MEM, $took,
                 $before, $after, $grew, join(',', sort keys %pids)));
    ok t_cmp($failed, 0, 'every connection got its 256 KiB from AllocMem');
    check($before > 0, 'the children\'s resident size can be read');
    check($grew < 64 * 1024, "RSS grew by less than 64 MiB over $CONNS_MEM "
          . 'connections that each took 256 KiB (AllocMem is freed with '
          . 'the connection)');
}

# ---- Nothing crashed --------------------------------------------------------
Time::HiRes::sleep(0.3);
my $log = error_log_since($mark);
my @crash = crash_lines($log);
ok t_cmp(scalar(@crash), 0, 'no child process died (no "exit signal" in '
         . 'error_log)') or note(@crash);
my @san = sanitizer_lines($log);
ok t_cmp(scalar(@san), 0, 'no sanitizer report in error_log') or note(@san);
check(alive(), 'the server still answers at the end');
