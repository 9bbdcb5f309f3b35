# mod_reqtimeout (Debian enables it by default) under the raw input
# filter: its filter sits below ISAPI_FILTER_RAW_IN (AP_FTYPE_CONNECTION
# + 8 against + 0), so every read the raw filter makes goes through it and
# its limits hold whatever READ_RAW_DATA filters do.  The raw filter then
# reads through Apache's filters (ap_get_brigade), never the socket itself
# (bridge/raw/in_filter.c, isf_raw_in_direct_ok).  Three throwaway
# event-MPM servers with RequestReadTimeout header=2-8,MinRate=500
# body=2: bare (no mod_isapi_filter, the control), rawin_passthru.so
# (READ_RAW_DATA and SEND_RAW_DATA, passes everything at once) and
# rawin_wholehead.so (holds every read with READ_NEXT until the head is
# whole).  On each:
#   - keep-alive requests, one at a time and pipelined, are answered;
#   - a head that stops before its blank line gets 408 (nothing with
#     rawin_wholehead, which never released it) after ~2 s and the
#     connection closes;
#   - a head that trickles a byte every 0.3 s, never ending, is cut off
#     just as soon: the header timeout is one budget for the whole head,
#     not per read;
#   - a head sent steadily at ~1000 bytes/s for 4 s is answered:
#     MinRate=500 extends the header time, counting the bytes read
#     through mod_reqtimeout even while rawin_wholehead holds them;
#   - a body that stops gets 408 from the body timeout (2 s), read by
#     t/cgi-bin/raw_echo.pl.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);
use IO::Select;
use IO::Socket::INET;
use Time::HiRes ();
use ISF::Test qw(httpd_start);
use ISF::RawOut qw(parse_stream read_until_idle);

# The last field: what the client of an unfinished head gets.  Apache
# answers 408 once it has read part of a request; rawin_wholehead never
# released the partial head, so Apache saw no byte of it and closes
# without a word, as for a client that sent nothing.
my @cases = (['bare', 0, '', '408'],
             ['rawin_passthru', 1, "ISAPIFilter filters/rawin_passthru.so\n",
              '408'],
             ['rawin_wholehead', 1,
              "ISAPIFilter filters/rawin_wholehead.so\n", 'nothing']);
plan tests => 8 * @cases, need_module qw(isapi_filter cgid alias);

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $echo = catfile(Apache::Test::vars('serverroot'), 'cgi-bin',
                   'raw_echo.pl');

sub send_all {
    my ($sock, $data) = @_;
    while (length $data) {
        my $n = syswrite($sock, $data);
        return 0 unless defined $n;
        substr($data, 0, $n, '');
    }
    return 1;
}

# Read until the peer closes or $secs pass: (bytes, closed, seconds).
sub read_to_close {
    my ($sock, $secs) = @_;
    my ($buf, $sel, $t0) = ('', IO::Select->new($sock), Time::HiRes::time());
    while ((my $left = $t0 + $secs - Time::HiRes::time()) > 0) {
        last unless $sel->can_read($left);
        my $n = sysread($sock, my $chunk, 65536);
        return ($buf, 1, Time::HiRes::time() - $t0) unless $n;
        $buf .= $chunk;
    }
    return ($buf, 0, Time::HiRes::time() - $t0);
}

for my $case (@cases) {
    my ($name, $isapi, $conf, $unfinished) = @$case;
    my $s = httpd_start(
        "LoadModule reqtimeout_module $libexec/mod_reqtimeout.so\n"
        . "RequestReadTimeout handshake=0 header=2-8,MinRate=500 body=2\n"
        . "KeepAlive On\nKeepAliveTimeout 10\n"
        . "ScriptAlias /cgi/echo $echo\n$conf",
        modules => [qw(mpm_event authz_core mime dir alias cgid)],
        isapi => $isapi, keep => 1, name => "raw_reqtimeout_$name");
    ok t_cmp($s->{started}, 1, "$name: a server with mod_reqtimeout starts");
    my %peer = (PeerAddr => '127.0.0.1', PeerPort => $s->{port},
                Timeout => 5);

    # ---- requests that complete ----------------------------------------
    my $get = "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n";
    my $c = IO::Socket::INET->new(%peer);
    my @st;
    for (1 .. 3) {
        send_all($c, $get);
        my ($raw) = read_until_idle($c, responses => 1, idle => 5);
        push @st, map { $_->{status} // 'x' } parse_stream($raw);
    }
    send_all($c, $get x 4);
    my ($raw) = read_until_idle($c, responses => 4, idle => 5);
    push @st, map { $_->{status} // 'x' } parse_stream($raw);
    close $c;
    ok t_cmp(join(',', @st), join(',', ('200') x 7),
             "$name: keep-alive requests, one at a time then four "
             . "pipelined, are answered");

    # ---- a head that never ends ----------------------------------------
    $c = IO::Socket::INET->new(%peer);
    send_all($c, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n");
    my ($got, $closed, $took) = read_to_close($c, 8);
    close $c;
    ok t_cmp($got =~ m{^HTTP/1\.1 (\d+) } ? $1 : $got eq '' ? 'nothing'
                                                  : 'garbage',
             $unfinished, "$name: a head that stops before its end gets "
             . $unfinished);
    ok t_cmp($closed && $took > 1.5 && $took < 5 ? 1 : 0, 1,
             sprintf("$name: ... after the 2 s header timeout, and the "
                     . "connection closes (%.2f s)", $took));

    # ---- a head that trickles, never ending -----------------------------
    $c = IO::Socket::INET->new(%peer);
    send_all($c, "GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    my $sel = IO::Select->new($c);
    my $t0 = Time::HiRes::time();
    my ($sent, $buf) = (0, '');
    while (Time::HiRes::time() - $t0 < 8) {
        if ($sel->can_read(0.3)) {
            my $n = sysread($c, my $chunk, 65536);
            last unless $n;
            $buf .= $chunk;
            next;
        }
        last unless send_all($c, 'a');
        $sent++;
    }
    $took = Time::HiRes::time() - $t0;
    close $c;
    ok t_cmp($took < 5 ? 1 : 0, 1,
             sprintf("$name: a head trickling a byte every 0.3 s is cut "
                     . "off by the header timeout (%.2f s, %d bytes)",
                     $took, $sent));
    ok t_cmp(scalar($buf =~ m{^HTTP/1\.1 408 }) || $buf eq '' ? 1 : 0, 1,
             "$name: ... with a 408 or nothing, never a response");

    # ---- a head sent steadily, faster than MinRate -----------------------
    # 100 bytes every 0.1 s for 4 s: past the 2 s base, within what 1000
    # bytes a second earns at MinRate=500.
    $c = IO::Socket::INET->new(%peer);
    send_all($c, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n");
    $t0 = Time::HiRes::time();
    my $i = 0;
    while (Time::HiRes::time() - $t0 < 4) {
        last unless send_all($c, sprintf "X-Steady-%02d: %s\r\n", $i++,
                                          'v' x 84);
        Time::HiRes::sleep(0.1);
    }
    send_all($c, "Connection: close\r\n\r\n");
    ($got) = read_to_close($c, 8);
    close $c;
    ok t_cmp($got =~ m{^HTTP/1\.1 (\d+) } ? $1 : 'nothing', 200,
             "$name: a head sent at ~1000 bytes/s for 4 s is answered: "
             . "MinRate extends the header time past its 2 s base");

    # ---- a body that stops ------------------------------------------------
    $c = IO::Socket::INET->new(%peer);
    send_all($c, "POST /cgi/echo HTTP/1.1\r\nHost: localhost\r\n"
                 . "Content-Length: 100\r\n\r\n" . ('b' x 10));
    ($got, $closed, $took) = read_to_close($c, 8);
    close $c;
    ok t_cmp(($got =~ m{^HTTP/1\.1 (\d+) } ? $1 : 'nothing')
             . ($closed && $took < 5 ? ' closed' : sprintf(' after %.1f s',
                                                            $took)),
             '408 closed', "$name: a body that stops after 10 of 100 bytes "
             . "gets 408 from the 2 s body timeout, and the connection "
             . "closes");
    $s->{stop}->();
}
