# Hostile clients against the raw path (issue 16): the raw output filter
# flushes a small response after its EOR unless the next request is
# already read, and the raw input filter reads the socket itself
# (bridge/raw/out_filter.c, in_filter.c).  A throwaway server per MPM
# (event, worker, prefork: the flush after a response differs) with the
# global filter rawin_passthru.so (READ_RAW_DATA, SEND_RAW_DATA
# and the request events) and t/cgi-bin/raw_echo.pl as /cgi/echo, which
# echoes the request body.  Checked:
#   - 120 requests in one write (GETs of 40 small files that name
#     themselves, GETs of missing pages, HEADs) are answered in order,
#     none lost, duplicated or mixed; twice;
#   - Expect: 100-continue: the body sent after the 100 is echoed; sent
#     at once without waiting, it is echoed too; a GET without a body gets
#     no 100, and the connection closes after its response (Apache's rule
#     when a 100 was expected and not sent: the client may still send the
#     body), the request pipelined after it unanswered;
#   - a body arriving in 15 pieces (some splitting the head) and a
#     chunked body with an extension and a trailer, in pieces, are echoed
#     whole;
#   - a slow reader of a 1 MiB response gets every byte; one that reads
#     nothing for 2 s of a 16 MiB response, then reads slowly, gets every
#     byte while the child grows by less than 8 MiB (no unbounded
#     buffering);
#   - a client that resets the connection mid-response leaves the child
#     alive and serving;
#   - a client that half-closes after a keep-alive exchange (the filter
#     then reads the socket itself) is answered as bare httpd answers:
#     200 for a whole request, nothing for half a request line, 400 for
#     half a head or a body cut short;
#   - no child crashed.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);
use IO::Select;
use IO::Socket::INET;
use Socket qw(SOL_SOCKET SO_LINGER SO_RCVBUF);
use Time::HiRes ();
use ISF::Test qw(httpd_start);
use ISF::RawOut qw(parse_stream read_until_idle gen_file gen_big_file
                   crc32 proc_status send_all);

my @mpms = qw(event worker prefork);
plan tests => 18 * @mpms, need_module qw(isapi_filter cgid alias);

my $vars = Apache::Test::vars();
my $echo = catfile($vars->{serverroot}, 'cgi-bin', 'raw_echo.pl');
my ($url1m, $crc1m) = gen_big_file('hostile_1m.bin', 1 << 20);
my ($url16m, $crc16m) = gen_big_file('hostile_16m.bin', 16 << 20);

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my ($s, $mpm, $cgid_pid);

sub connect_ {
    my %o = @_;
    my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $s->{port}, Timeout => 5)
        or die "connect: $!\n";
    setsockopt($c, SOL_SOCKET, SO_RCVBUF, $o{rcvbuf}) if $o{rcvbuf};
    return $c;
}
# Wait until $sock's stream matches $re (true) or $secs pass (false).
sub wait_for {
    my ($sock, $bufref, $re, $secs) = @_;
    my $sel = IO::Select->new($sock);
    my $deadline = Time::HiRes::time() + $secs;
    until ($$bufref =~ $re) {
        my $left = $deadline - Time::HiRes::time();
        return 0 if $left <= 0 or !$sel->can_read($left);
        my $n = sysread($sock, my $chunk, 65536);
        return 0 unless $n;
        $$bufref .= $chunk;
    }
    return 1;
}
sub statuses {
    my ($raw, @methods) = @_;
    return join ',', map { $_->{garbage} ? 'garbage'
                           : $_->{incomplete} ? 'incomplete'
                           : $_->{status} // 'x' }
                     parse_stream($raw, methods => \@methods);
}
sub child_pids {
    open my $fh, '<', catfile($s->{dir}, 'httpd.pid') or return ();
    my ($parent) = <$fh> =~ /(\d+)/;
    my @kids;
    for my $dir (glob '/proc/[0-9]*') {
        open my $st, '<', "$dir/stat" or next;
        my ($pid, $ppid) = (<$st> // '') =~ /^(\d+) \(.*?\) \S (\d+)/
            or next;
        # the MPM's child, not mod_cgid's daemon
        push @kids, $pid if $ppid == $parent and $pid != ($cgid_pid // 0);
    }
    return @kids;
}
# The body a /cgi/echo response echoes, or undef.
sub echoed {
    my ($r) = @_;
    my ($len, $body) = ($r->{body} // '') =~ /^len=(\d+) body=(.*)$/s
        or return undef;
    return $len == length $body ? $body : undef;
}
# Read until $n final (non-1xx) responses are whole; returns them all.
sub read_final {
    my ($sock, $n, @methods) = @_;
    my ($buf, $sel) = ('', IO::Select->new($sock));
    my $deadline = Time::HiRes::time() + 10;
    my @res;
    while ((my $left = $deadline - Time::HiRes::time()) > 0) {
        last unless $sel->can_read($left);
        my $got = sysread($sock, my $chunk, 1 << 20);
        last unless $got;
        $buf .= $chunk;
        @res = parse_stream($buf, methods => \@methods);
        my @final = grep { ($_->{status} // 0) >= 200 } @res;
        last if @final >= $n && !grep { $_->{incomplete} } @res;
    }
    return @res;
}
# ---- slow readers ------------------------------------------------------------
# GET $url reading $o{piece} bytes at a time, $o{gap} s apart, after
# $o{stall} s of reading nothing; the child's peak VmRSS is sampled as it
# goes.  Returns (response, socket, peak kB).
sub slow_get {
    my ($url, %o) = @_;
    # (No small SO_RCVBUF here: set after the handshake, it shrinks the
    # TCP window to a trickle of tiny segments.)
    my $c = connect_();
    send_all($c, "GET $url HTTP/1.1\r\nHost: localhost\r\n\r\n");
    Time::HiRes::sleep($o{stall}) if $o{stall};
    my ($buf, $sel, $peak, $want) = ("", IO::Select->new($c), 0);
    my ($kid) = child_pids();
    my $deadline = Time::HiRes::time() + 60;
    my $n = 0;
    while (Time::HiRes::time() < $deadline) {
        unless ($sel->can_read(10)) {
            t_debug("slow_get $url: nothing for 10 s");
            last;
        }
        my $got = sysread($c, my $chunk, $o{piece});
        unless ($got) {
            t_debug("slow_get $url: " . ($got // "error $!") . " after "
                    . length($buf) . " bytes");
            last;
        }
        $buf .= $chunk;
        if ($kid and ++$n % 8 == 0) {
            my $rss = proc_status($kid)->{VmRSS} // 0;
            $peak = $rss if $rss > $peak;
        }
        if (!defined $want and (my $end = index($buf, "\r\n\r\n")) >= 0) {
            $want = $end + 4
                + ((substr($buf, 0, $end) =~ /^Content-Length:\s*(\d+)/mi)
                   ? $1 : 0);
        }
        last if defined $want and length($buf) >= $want;
        Time::HiRes::sleep($o{gap}) if $o{gap};
    }
    my ($r) = parse_stream($buf);
    return ($r || {}, $c, $peak);
}

for $mpm (@mpms) {
    # Every check's name starts with the MPM's.
    no warnings 'redefine';
    local *t_cmp = sub {
        Apache::TestUtil::t_cmp($_[0], $_[1], "$mpm: $_[2]");
    };
    $s = httpd_start(
        "LoadModule mpm_${mpm}_module $libexec/mod_mpm_$mpm.so\n"
        . "<IfModule mpm_worker_module>\n  StartServers 1\n  ServerLimit 1\n"
        . "  ThreadsPerChild 4\n  MaxRequestWorkers 4\n  MinSpareThreads 1\n"
        . "  MaxSpareThreads 4\n</IfModule>\n"
        . "<IfModule mpm_prefork_module>\n  StartServers 1\n"
        . "  MinSpareServers 1\n  MaxSpareServers 1\n  MaxRequestWorkers 1\n"
        . "</IfModule>\n"
        . "KeepAlive On\nKeepAliveTimeout 20\nMaxKeepAliveRequests 0\n"
        . "ScriptAlias /cgi/echo $echo\n"
        . "ISAPIFilter filters/rawin_passthru.so\n",
        modules => [qw(authz_core mime dir alias cgid)], keep => 1,
        name => "raw_hostile_client_$mpm");
    ok t_cmp($s->{started}, 1, 'a server with a raw in+out filter starts');
    # mod_cgid's daemon is a child of the parent too; its pid is the
    # CGI's parent.
    {
        my $c = connect_();
        send_all($c, "POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
                     . "Content-Length: 0\r\nConnection: close\r\n\r\n");
        my ($r) = read_final($c, 1);
        close $c;
        $cgid_pid = ($r || {})->{headers}{'x-echo-ppid'};
    }








    # ---- 120 pipelined requests in one write -----------------------------------
    {
        # 40 small files, each naming itself, so that order shows.
        my @files = map { gen_file("hostile_$_.txt", "file $_\n" x ($_ % 7 + 1)) }
                    1 .. 40;
        my (@req, @methods, @want);
        for my $i (1 .. 120) {
            my $f = $files[$i % 40];
            my ($m, $u, $st) = $i % 4 == 0 ? ('HEAD', $f, 200)
                             : $i % 4 == 1 ? ('GET', "/no-such-$i", 404)
                             :               ('GET', $f, 200);
            push @req, "$m $u HTTP/1.1\r\nHost: localhost\r\n\r\n";
            push @methods, $m;
            my $n = $i % 40 + 1;
            push @want, $st == 404 ? '404'
                      : $m eq 'HEAD' ? '200:'
                      : '200:' . ("file $n\n" x ($n % 7 + 1));
        }
        my $c = connect_();
        my @ok;
        for my $round (1 .. 2) {
            send_all($c, join '', @req);
            my ($raw) = read_until_idle($c, responses => 120,
                                        methods => \@methods, idle => 10);
            my @res = parse_stream($raw, methods => \@methods);
            my @got = map { $_->{garbage} ? 'garbage'
                            : $_->{incomplete} ? 'incomplete'
                            : ($_->{status} // 'x') == 404 ? '404'
                            : ($_->{status} // 'x') . ':' . ($_->{body} // '') }
                      @res;
            my $bad = grep { ($got[$_] // 'missing') ne $want[$_] } 0 .. 119;
            $bad += @got > 120 ? @got - 120 : 0;
            t_debug("round $round: $bad wrong of " . scalar(@got)) if $bad;
            push @ok, $bad;
        }
        close $c;
        ok t_cmp("@ok", '0 0', '120 requests in one write, twice on one '
                 . 'connection: every response, in order, none lost or '
                 . 'duplicated, each GET with its own file, HEAD without a '
                 . 'body');
    }

    # ---- Expect: 100-continue ---------------------------------------------------
    {
        my $c = connect_();
        my $buf = '';
        my $body = 'x' x 5000;
        send_all($c, "POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
                     . "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
        my $got100 = wait_for($c, \$buf, qr{^HTTP/1\.1 100 [^\r\n]*\r\n\r\n}, 5);
        send_all($c, $body) if $got100;
        my ($raw) = read_until_idle($c, responses => 2, idle => 5);
        $buf .= $raw;
        my @res = parse_stream($buf);
        ok t_cmp(join(',', map { $_->{status} // 'x' } @res), '100,200',
                 '100-continue: the 100 comes before the body is sent, then '
                 . 'the response');
        ok t_cmp(echoed($res[1] || {}) // 'none', $body,
                 '100-continue: the body sent after the 100 is echoed whole');

        # The body at once, with the head, as impatient clients do.
        send_all($c, "POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
                     . "Expect: 100-continue\r\nContent-Length: 11\r\n\r\n"
                     . "hello world");
        @res = grep { ($_->{status} // 0) != 100 } read_final($c, 1);
        ok t_cmp(@res == 1 ? echoed($res[0]) // 'none' : scalar(@res) . ' responses',
                 'hello world', '100-continue with the body sent at once: '
                 . 'echoed');

        # A GET expecting 100 but sending no body: no 100 (the body is never
        # read), just the response; then one more request.
        send_all($c, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
                     . "Expect: 100-continue\r\n\r\n"
                     . "GET /no-such-after HTTP/1.1\r\nHost: localhost\r\n\r\n");
        @res = read_final($c, 2);
        my $closed = !sysread($c, my $more, 1);
        ok t_cmp(join(',', map { $_->{status} // 'x' } @res) . ($closed
                 ? ',closed' : ',open'), '200,closed',
                 'a GET with Expect: 100-continue and no body gets its '
                 . 'response and no 100, and the connection closes, as Apache '
                 . 'does when the client may still send a body');
        close $c;
    }

    # ---- a body in pieces, a chunked body -------------------------------------
    {
        my $c = connect_();
        my $body = join '', map { chr(65 + $_ % 26) x 200 } 0 .. 14;
        my $msg = "POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
                . "Content-Length: " . length($body) . "\r\n\r\n$body";
        # 15 pieces of irregular size, the first ones inside the head.
        my @cut = (7, 30, 61, 62, 100, 400, 401, 900, 1500, 1777, 2200, 2600,
                   2900, 3000);
        my $prev = 0;
        for my $at (@cut, length $msg) {
            send_all($c, substr($msg, $prev, $at - $prev));
            $prev = $at;
            Time::HiRes::sleep(0.03);
        }
        my ($r) = read_final($c, 1);
        ok t_cmp(echoed($r || {}) // 'none', $body,
                 'a body arriving in 15 pieces, some inside the head, is '
                 . 'echoed whole');

        my $chunks = "5;ext=1\r\nhello\r\n1\r\n \r\n"
                   . sprintf("%x\r\n%s\r\n", 3000, 'c' x 3000)
                   . "0\r\nX-Trailer: t\r\n\r\n";
        my $head = "POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
                 . "Transfer-Encoding: chunked\r\n\r\n";
        send_all($c, $head . substr($chunks, 0, 3));
        for (my $i = 3; $i < length $chunks; $i += 700) {
            Time::HiRes::sleep(0.03);
            send_all($c, substr($chunks, $i, 700));
        }
        ($r) = read_final($c, 1);
        ok t_cmp(echoed($r || {}) // 'none', 'hello ' . ('c' x 3000),
                 'a chunked body with an extension and a trailer, in pieces, '
                 . 'is echoed whole');
        send_all($c, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
        ($r) = read_final($c, 1);
        ok t_cmp(($r || {})->{status} // 'x', '200', '... and the connection '
                 . 'serves the next request');
        close $c;
    }


    {
        my ($r, $c) = slow_get($url1m, piece => 4096, gap => 0.001);
        close $c;
        ok t_cmp(sprintf('%s %d %08x', $r->{status} // 'x',
                         length($r->{body} // ''), crc32($r->{body} // '')),
                 sprintf('200 %d %08x', 1 << 20, $crc1m),
                 'a slow reader of a 1 MiB response gets every byte');

        my ($kid) = child_pids();
        my $before = $kid ? proc_status($kid)->{VmRSS} // 0 : 0;
        ($r, $c, my $peak) = slow_get($url16m, stall => 2, piece => 65536,
                                      gap => 0.002);
        close $c;
        ok t_cmp(sprintf('%s %d %08x', $r->{status} // 'x',
                         length($r->{body} // ''), crc32($r->{body} // '')),
                 sprintf('200 %d %08x', 16 << 20, $crc16m),
                 'a reader that stalls 2 s on a 16 MiB response, then reads '
                 . 'slowly, gets every byte');
        ok t_cmp($kid && $peak && $peak - $before < 8 * 1024 ? 1 : 0, 1,
                 sprintf('... while the child grows by less than 8 MiB '
                         . '(%d kB -> peak %d kB)', $before, $peak));
    }

    # ---- a client that resets mid-response -------------------------------------
    {
        my @before = child_pids();
        for my $url ($url16m, $url1m) {
            my $c = connect_(rcvbuf => 8192);
            send_all($c, "GET $url HTTP/1.1\r\nHost: localhost\r\n\r\n");
            my $buf = '';
            wait_for($c, \$buf, qr/\r\n\r\n.{20000}/s, 5);
            # SO_LINGER 0: close sends a reset, the server's next write fails.
            setsockopt($c, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0));
            close $c;
        }
        Time::HiRes::sleep(0.5);
        my $c = connect_();
        send_all($c, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
                     . "GET /no-such-x HTTP/1.1\r\nHost: localhost\r\n\r\n");
        my ($raw) = read_until_idle($c, responses => 2, idle => 5);
        close $c;
        ok t_cmp(statuses($raw), '200,404', 'after two clients reset their '
                 . 'connections mid-response, a new connection is answered');
        ok t_cmp(join(' ', child_pids()), join(' ', @before),
                 '... by the same child');
    }

    # ---- the client's end of input, on a connection the filter reads itself ----
    {
        # Each case after a first keep-alive exchange, so that the raw input
        # filter reads the socket itself (in_filter.c, isf_raw_in_recv) when
        # the client half-closes.  Bare httpd answers the same.
        my $get = "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n";
        my @cases = (
            [$get, '200', 'a request, then the end of input'],
            ["\r\n\r\n$get\r\n$get", '200,200',
             'two requests with blank lines around them'],
            [substr($get, 0, 20), 'nothing',
             'half a request line, then the end of input'],
            [substr($get, 0, 40), '400', 'half a head, then the end of input'],
            ["POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
             . "Content-Length: 100\r\n\r\nabc", '400',
             'a body cut short by the end of input'],
        );
        my @got;
        for my $case (@cases) {
            my $c = connect_();
            send_all($c, $get);
            read_until_idle($c, responses => 1, idle => 5);
            send_all($c, $case->[0]);
            shutdown($c, 1);
            my ($raw, $closed) = read_until_idle($c, idle => 5);
            close $c;
            my $st = (length $raw ? statuses($raw) : 'nothing')
                     . ($closed ? '' : ' (left open)');
            push @got, $st;
            t_debug("$case->[2]: $st");
        }
        ok t_cmp(join(' | ', @got), join(' | ', map { $_->[1] } @cases),
                 'half-closed after a keep-alive exchange: ' . join('; ',
                 map { "$_->[2]: $_->[1]" } @cases));
    }

    # ---- HEAD and keep-alive ----------------------------------------------------
    {
        my $c = connect_();
        my @m = qw(HEAD GET HEAD HEAD GET);
        my @ok;
        for my $m (@m) {
            send_all($c, "$m $url1m HTTP/1.1\r\nHost: localhost\r\n\r\n");
            my ($raw) = read_until_idle($c, responses => 1, methods => [$m],
                                        idle => 5);
            my ($r) = parse_stream($raw, methods => [$m]);
            push @ok, ($r->{status} // 'x') . ':'
                      . length($r->{body} // '') . ':'
                      . ($r->{headers}{'content-length'} // '-');
        }
        close $c;
        my $len = 1 << 20;
        ok t_cmp("@ok", join(' ', map { $_ eq 'HEAD' ? "200:0:$len"
                                                     : "200:$len:$len" } @m),
                 'HEAD and GET of a 1 MiB file alternate on one connection: '
                 . 'HEAD gets the length and no body');
    }

    $s->{stop}->();
    my $log = do {
        open my $fh, '<', catfile($s->{dir}, 'error_log') or die;
        local $/;
        <$fh>;
    };
    ok t_cmp(scalar(() = $log =~ /exit signal|Segmentation fault/g), 0,
             'no child crashed');
    ok t_cmp(scalar(() = $log =~ /AH00052|AH00051/g), 0,
             'no child exited abnormally');
}
