#!/usr/bin/env perl
# tools/stress/client.pl: the client side of tools/stress/run.sh (see tools/stress/README.md).
#
#   client.pl pages DIR
#       writes the content: DIR/htdocs/{a,b,d}/{index,small,medium,large}.html
#       and DIR/cgi/{a,b,d}/echo; every byte a site serves names the site
#       ("SITE-A" ...), so a byte of one site is recognisable anywhere else.
#   client.pl run PORT[,PORT...] SECONDS CLIENTS [FAILLOG]
#       CLIENTS processes, each opening connection after connection to
#       127.0.0.1:PORT (the first port gets 60% of the connections, the
#       others share the rest) for SECONDS, mixing keep-alive and
#       pipelining, Host changes on one connection, Expect: 100-continue
#       POSTs to the echo CGI (waiting for the 100 or not), HEAD, 404s, and
#       aborted connections (closed mid-request, mid-body, mid-response).
#       Some requests carry X-Stress-Log-Write: 1, which makes
#       stress_global.c call WriteClient in LOG (a later POST with Expect
#       follows on the same connection); that must change nothing the
#       client sees (README, Raw data).  Every response must parse and
#       be its own site's: status, X-Stress-Site, and the exact body.
#       Prints one line per port
#           STATS port=P key=value ...
#       and writes the first failures of each process to FAILLOG.
#
# Counters: conns, requests (sent and answered or due), ok, bad (a response
# that did not parse or was not the one asked for), lost (connection closed
# or timed out while a response was due), xsite (a response that carried
# another site's marker), interim (100 Continue received), aborts_req,
# aborts_body, aborts_resp (deliberate aborts), connfail.
use strict;
use warnings;

use IO::Select;
use IO::Socket::INET;
use POSIX ();
use Socket qw(SOL_SOCKET SO_LINGER IPPROTO_TCP TCP_NODELAY);
use Time::HiRes qw(time sleep);

my @SITES = qw(a b d);
# 64-byte lines, each naming its site: ~320 B, ~19 KB, ~205 KB (more than
# a window of any size run.sh uses, so mapped files are in the mix).
my %LINES = (index => 3, small => 5, medium => 300, large => 3200);
my @PAGES = qw(index small medium large);

sub marker { 'SITE-' . uc $_[0] }

sub page {
    my ($site, $name) = @_;
    my $m = marker($site);
    return join '', map {
        sprintf("%-63s\n", sprintf('%s %s line %05d of %d', $m, $name, $_,
                                   $LINES{$name}))
    } 1 .. $LINES{$name};
}

sub spew {
    my ($file, $data, $mode) = @_;
    open my $fh, '>', $file or die "client.pl: $file: $!\n";
    print $fh $data;
    close $fh or die "client.pl: $file: $!\n";
    chmod $mode, $file if $mode;
}

sub make_pages {
    my $dir = shift or die "usage: client.pl pages DIR\n";
    for my $site (@SITES) {
        for my $sub ("htdocs/$site", "cgi/$site") {
            my $p = $dir;
            for (split m{/}, $sub) { $p .= "/$_"; mkdir $p; chmod 0755, $p; }
        }
        spew("$dir/htdocs/$site/$_.html", page($site, $_), 0644) for @PAGES;
        my $m = marker($site);
        spew("$dir/cgi/$site/echo", <<EOF, 0755);
#!/bin/sh
# The echo CGI of site $site (written by tools/stress/client.pl): reads its body.
printf 'Content-Type: text/plain\\r\\n\\r\\n'
printf '$m cgi len=%s body=' "\${CONTENT_LENGTH:-0}"
head -c "\${CONTENT_LENGTH:-0}"
printf '\\n'
EOF
    }
}

# ---- one client process ----------------------------------------------------

my (@PORTS, $TIMEOUT);
my $CUR = 0;        # which of @PORTS the current connection went to
my %st;             # $st{port index}{counter}
my ($faillog, $fails_logged) = (undef, 0);

sub esc {
    my $s = shift // '';
    $s = substr($s, 0, 160) . '...' if length $s > 160;
    $s =~ s/\r/\\r/g;
    $s =~ s/\n/\\n/g;
    $s =~ s/([^\x20-\x7e])/sprintf('\\x%02x', ord $1)/ge;
    return $s;
}

sub failure {
    my ($what, $op, $detail) = @_;
    return unless $faillog and $fails_logged < 40;
    $fails_logged++;
    my $o = $op ? "$op->{method} $op->{path} Host: $op->{site}"
                  . ($op->{expect} ? " expect=$op->{expect}" : '')
                  . ($op->{pad} ? " pad=$op->{pad}" : '') : '-';
    printf $faillog "%s pid=%d port=%d %s [%s] %s\n",
        POSIX::strftime('%H:%M:%S', localtime), $$, $PORTS[$CUR], $what, $o,
        esc($detail);
}

sub rand_body {
    my $n = shift;
    my @c = ('a' .. 'z', '0' .. '9', ' ');
    return join '', map { $c[rand @c] } 1 .. $n;
}

# An operation: what to send and what must come back.
sub make_op {
    my (%o) = @_;
    my $site = $o{site} // $SITES[rand @SITES];
    my $r = rand;
    my $op = { site => $site };
    if ($o{post} or (!$o{nopost} and $r < 0.35)) {
        my $n = $o{len} // (rand() < 0.3 ? 10 : 1 + int rand 3000);
        my $body = rand_body($n);
        my $e = rand 3;
        @$op{qw(method path body status)} = ('POST', '/cgi/echo', $body, 200);
        $op->{expect} = $o{expect} // ($e < 1 ? undef
            : $e < 2 && !$o{nowait} ? 'wait' : 'nowait');
        $op->{pad} = $o{pad} // (rand() < 0.3 ? 3000 : 0);
        $op->{want} = marker($site) . " cgi len=$n body=$body\n";
    }
    elsif (!$o{page} and $r < 0.55) {
        my $p = $PAGES[rand @PAGES];
        @$op{qw(method status)} = ('HEAD', 200);
        $op->{path} = $p eq 'index' && rand() < 0.5 ? '/' : "/$p.html";
        $op->{length} = length page($site, $p);
    }
    elsif (!$o{page} and $r < 0.65) {
        @$op{qw(method status)} = ('GET', 404);
        $op->{path} = '/missing-' . int(rand 1e6) . '.html';
        $op->{want} = marker($site) . ' missing';
    }
    else {
        my $p = $o{page} // $PAGES[rand @PAGES];
        @$op{qw(method status)} = ('GET', 200);
        $op->{path} = $o{root} || ($p eq 'index' && rand() < 0.5)
            ? '/' : "/$p.html";
        $op->{want} = page($site, $p);
    }
    return $op;
}

sub head_of {
    my ($op, $close) = @_;
    my $r = "$op->{method} $op->{path} HTTP/1.1\r\nHost: $op->{site}\r\n"
          . "User-Agent: isf-stress\r\n";
    $r .= 'X-Pad: ' . ('p' x $op->{pad}) . "\r\n" if $op->{pad};
    $r .= "X-Stress-Log-Write: 1\r\n" if $op->{logwrite};
    $r .= "Connection: close\r\n" if $close;
    if (defined $op->{body}) {
        $r .= "Content-Type: application/octet-stream\r\n"
            . 'Content-Length: ' . length($op->{body}) . "\r\n";
        $r .= "Expect: 100-continue\r\n" if $op->{expect};
    }
    return "$r\r\n";
}

# ---- connection I/O ----------------------------------------------------------

# A connection to one of the servers: the first gets 60% of them when there
# are two.
sub conn_open {
    $CUR = @PORTS == 1 || rand() < 0.6 ? 0 : 1 + int rand(@PORTS - 1);
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $PORTS[$CUR],
                                  Proto => 'tcp', Timeout => 5);
    unless ($s) {
        $st{$CUR}{connfail}++;
        return;
    }
    setsockopt($s, IPPROTO_TCP, TCP_NODELAY, 1);
    $st{$CUR}{conns}++;
    return { s => $s, buf => '', sel => IO::Select->new($s), eof => 0 };
}

sub conn_close {
    my ($c, $rst) = @_;
    return unless $c->{s};
    setsockopt($c->{s}, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0)) if $rst;
    close $c->{s};
    $c->{s} = undef;
}

sub send_all {
    my ($c, $data) = @_;
    return 0 unless $c->{s};
    while (length $data) {
        my $n = syswrite($c->{s}, $data);
        return 0 unless $n;
        substr($data, 0, $n, '');
    }
    return 1;
}

# Read more into the buffer: 1 got bytes, 0 EOF/error, -1 timeout.
sub fill {
    my ($c, $deadline) = @_;
    return 0 if $c->{eof} or !$c->{s};
    my $left = $deadline - time;
    return -1 if $left <= 0 or !$c->{sel}->can_read($left);
    my $n = sysread($c->{s}, my $chunk, 65536);
    unless ($n) {
        $c->{eof} = 1;
        return 0;
    }
    $c->{buf} .= $chunk;
    return 1;
}

# Bytes until the buffer holds n; returns '' on success or the reason.
sub need {
    my ($c, $n, $deadline) = @_;
    while (length $c->{buf} < $n) {
        my $r = fill($c, $deadline);
        return $r ? 'timeout' : 'eof' if $r <= 0;
    }
    return '';
}

# One response head: { status, h => {lc name => value}, head } or
# { err => 'eof'|'timeout'|'parse', detail }.
sub read_head {
    my ($c, $deadline) = @_;
    my $i;
    while (($i = index $c->{buf}, "\r\n\r\n") < 0) {
        if (length $c->{buf} > 65536) {
            return { err => 'parse', detail => $c->{buf} };
        }
        my $r = fill($c, $deadline);
        next if $r > 0;
        return { err => $r ? 'timeout' : 'eof', detail => $c->{buf} };
    }
    my $head = substr($c->{buf}, 0, $i + 4, '');
    my ($line, @lines) = split /\r\n/, $head;
    unless ($line =~ m{^HTTP/1\.[01] (\d{3}) [^\r\n]*$}) {
        return { err => 'parse', detail => $head };
    }
    my %h;
    for (@lines) {
        return { err => 'parse', detail => $head }
            unless /^([!#-'*+.0-9A-Z^-z|~-]+):[ \t]*(.*?)[ \t]*$/;
        my $k = lc $1;
        $h{$k} = exists $h{$k} ? "$h{$k}, $2" : $2;
    }
    return { status => $1 + 0, h => \%h, head => $head };
}

# The final response to $op (1xx interims before it are counted):
# { status, h, head, body, interim } or { err, detail }.
sub read_response {
    my ($c, $op, $deadline) = @_;
    my $interim = 0;
    my $r;
    while (1) {
        $r = read_head($c, $deadline);
        return $r if $r->{err};
        last if $r->{status} >= 200;
        $interim++;
        $st{$CUR}{interim}++;
        return { err => 'parse', detail => "a second interim: $r->{head}" }
            if $r->{status} != 100 or $interim > 1;
    }
    $r->{interim} = $interim;
    my $h = $r->{h};
    my $body = '';
    if ($op->{method} eq 'HEAD' or $r->{status} == 204 or $r->{status} == 304) {
        # no body, whatever the head says
    }
    elsif (($h->{'transfer-encoding'} // '') =~ /chunked/i) {
        while (1) {
            my $i;
            while (($i = index $c->{buf}, "\r\n") < 0) {
                my $f = fill($c, $deadline);
                return { err => $f ? 'timeout' : 'eof',
                         detail => "in chunked body: $r->{head}" } if $f <= 0;
            }
            my $line = substr($c->{buf}, 0, $i + 2, '');
            return { err => 'parse', detail => "chunk size line: $line" }
                unless $line =~ /^([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r\n]*)?\r\n$/;
            my $n = hex $1;
            if (!$n) {
                # trailers, then the empty line
                while (1) {
                    while (($i = index $c->{buf}, "\r\n") < 0) {
                        my $f = fill($c, $deadline);
                        return { err => $f ? 'timeout' : 'eof',
                                 detail => 'in trailers' } if $f <= 0;
                    }
                    my $t = substr($c->{buf}, 0, $i + 2, '');
                    last if $t eq "\r\n";
                }
                last;
            }
            my $e = need($c, $n + 2, $deadline);
            return { err => $e, detail => "in a chunk: $r->{head}" } if $e;
            $body .= substr($c->{buf}, 0, $n, '');
            return { err => 'parse', detail => 'chunk not ended by CRLF' }
                unless substr($c->{buf}, 0, 2, '') eq "\r\n";
        }
    }
    elsif (defined $h->{'content-length'}) {
        return { err => 'parse', detail => $r->{head} }
            unless $h->{'content-length'} =~ /^\d+$/;
        my $e = need($c, $h->{'content-length'}, $deadline);
        return { err => $e, detail => "in the body: $r->{head}" } if $e;
        $body = substr($c->{buf}, 0, $h->{'content-length'}, '');
    }
    else {
        # delimited by the close
        1 while fill($c, $deadline) > 0;
        return { err => 'timeout', detail => "close-delimited body: $r->{head}" }
            unless $c->{eof};
        $body = $c->{buf};
        $c->{buf} = '';
    }
    $r->{body} = $body;
    return $r;
}

# Is $r the response to $op?  '' when it is, else why not.
sub check {
    my ($op, $r) = @_;
    my $m = marker($op->{site});
    for my $other (grep { $_ ne $op->{site} } @SITES) {
        my $om = marker($other);
        if (index($r->{head}, $om) >= 0 or index($r->{body}, $om) >= 0) {
            $st{$CUR}{xsite}++;
            return "carries $om";
        }
    }
    return "status $r->{status}, wanted $op->{status}"
        if $r->{status} != $op->{status};
    return 'X-Stress-Site is ' . ($r->{h}->{'x-stress-site'} // 'missing')
        if ($r->{h}->{'x-stress-site'} // '') ne $m;
    return "$r->{interim} interim response(s) to a request without Expect"
        if $r->{interim} and !$op->{expect};
    if ($op->{method} eq 'HEAD') {
        return 'HEAD: Content-Length ' . ($r->{h}->{'content-length'} // 'none')
            . ", wanted $op->{length}"
            if ($r->{h}->{'content-length'} // -1) != $op->{length};
    }
    elsif ($r->{body} ne $op->{want}) {
        return 'body differs: ' . length($r->{body}) . ' bytes, wanted '
            . length($op->{want}) . ": '" . substr($r->{body}, 0, 80) . "'";
    }
    return '';
}

# Reads and checks the responses to @ops in order; false once the
# connection is unusable.
sub collect {
    my ($c, @ops) = @_;
    for my $op (@ops) {
        my $r = read_response($c, $op, time + $TIMEOUT);
        if ($r->{err}) {
            if ($r->{err} eq 'parse') {
                $st{$CUR}{bad}++;
                failure('bad', $op, "unparsable response: $r->{detail}");
            }
            else {
                $st{$CUR}{lost}++;
                failure("lost ($r->{err})", $op, $r->{detail});
            }
            return 0;
        }
        my $why = check($op, $r);
        if ($why) {
            $st{$CUR}{bad}++;
            failure('bad', $op, $why);
            return 0;   # the stream may be out of step now
        }
        $st{$CUR}{ok}++;
        return 0 if ($r->{h}->{connection} // '') =~ /close/i;
    }
    return 1;
}

# Sends one request and reads its response, waiting for the 100 first
# when the op says so.
sub one {
    my ($c, $op, $close) = @_;
    $st{$CUR}{requests}++;
    my $head = head_of($op, $close);
    if (($op->{expect} // '') eq 'wait') {
        send_all($c, $head) or return lost($op, 'write');
        my $r = read_head($c, time + $TIMEOUT);
        if ($r->{err}) {
            return $r->{err} eq 'parse' ? bad($op, "before the 100: $r->{detail}")
                                        : lost($op, "$r->{err} waiting for the 100");
        }
        if ($r->{status} != 100) {
            return bad($op, "a $r->{status} instead of 100 Continue: $r->{head}");
        }
        $st{$CUR}{interim}++;
        send_all($c, $op->{body}) or return lost($op, 'write');
        local $op->{expect} = 'sent';   # no second 100
        return collect($c, $op);
    }
    send_all($c, $head . ($op->{body} // '')) or return lost($op, 'write');
    return collect($c, $op);
}

sub lost { $st{$CUR}{lost}++; failure('lost', $_[0], $_[1]); 0 }
sub bad  { $st{$CUR}{bad}++;  failure('bad', $_[0], $_[1]); 0 }

# ---- scenarios -------------------------------------------------------------------

# Keep-alive: requests one at a time, Host changing at random.
sub sc_keepalive {
    my $c = conn_open() or return;
    my $n = 1 + int rand 8;
    my $last_close = rand() < 0.5;
    for my $i (1 .. $n) {
        last unless one($c, make_op(), $i == $n && $last_close);
    }
    conn_close($c);
}

# Pipelining: a batch in one write, then the responses in order.
sub sc_pipeline {
    my $c = conn_open() or return;
    my $turns = 1 + int rand 3;
    for my $t (1 .. $turns) {
        my @ops = map { make_op(nowait => 1) } 1 .. 2 + int rand 6;
        my $close = $t == $turns && rand() < 0.5;
        my $data = '';
        for my $i (0 .. $#ops) {
            $data .= head_of($ops[$i], $close && $i == $#ops)
                   . ($ops[$i]->{body} // '');
        }
        $st{$CUR}{requests} += @ops;
        unless (send_all($c, $data)) {
            lost($ops[0], 'write');
            last;
        }
        last unless collect($c, @ops);
    }
    conn_close($c);
}

# Issue 10, item 1: GET on one site, then a 100-continue POST with a
# 3000-byte header to another, on one connection.
sub sc_item1 {
    my $c = conn_open() or return;
    my ($s1, $s2) = (rand() < 0.5 ? ('b', 'a') : ($SITES[rand @SITES], $SITES[rand @SITES]));
    one($c, make_op(site => $s1, page => 'index', root => 1))
        and one($c, make_op(site => $s2, post => 1, pad => 3000, len => 10,
                             expect => rand() < 0.7 ? 'wait' : 'nowait'));
    conn_close($c);
}

# WriteClient in LOG (stress_global.c, asked by a request header), then
# a 100-continue POST and maybe more on the same connection: issue 10's
# second route to the item 1 crash, and item 14.
sub sc_logwrite {
    my $c = conn_open() or return;
    my $op = make_op(nopost => rand() < 0.5);
    $op->{logwrite} = 1;
    one($c, $op)
        and one($c, make_op(post => 1, expect => rand() < 0.7 ? 'wait' : 'nowait'))
        and (rand() < 0.5 or one($c, make_op()));
    conn_close($c);
}

# A few good keep-alive requests first (or none).
sub prefix {
    my $c = shift;
    for (1 .. int rand 3) {
        return 0 unless one($c, make_op());
    }
    return 1;
}

# Close in the middle of a request head.
sub sc_abort_request {
    my $c = conn_open() or return;
    if (prefix($c)) {
        my $op = make_op();
        my $head = head_of($op);
        send_all($c, substr($head, 0, 1 + int rand(length($head) - 2)));
        sleep(rand 0.05) if rand() < 0.5;
        $st{$CUR}{aborts_req}++;
    }
    conn_close($c, rand() < 0.3);
}

# Close in the middle of a POST body (after the 100, or without waiting).
sub sc_abort_body {
    my $c = conn_open() or return;
    if (prefix($c)) {
        my $op = make_op(post => 1);
        $op->{body} .= rand_body(2000);   # announce more than is sent
        my $head = head_of($op);
        send_all($c, $head);
        if (($op->{expect} // '') eq 'wait') {
            my $r = read_head($c, time + $TIMEOUT);
            $st{$CUR}{interim}++ if !$r->{err} and $r->{status} == 100;
        }
        send_all($c, substr($op->{body}, 0, int rand(length($op->{body}) / 2)))
            if rand() < 0.8;
        sleep(rand 0.05) if rand() < 0.5;
        $st{$CUR}{aborts_body}++;
    }
    conn_close($c, rand() < 0.3);
}

# Close in the middle of a response (a big page, or a pipelined batch).
sub sc_abort_response {
    my $c = conn_open() or return;
    if (prefix($c)) {
        my @ops = (make_op(page => 'large'));
        push @ops, map { make_op(nowait => 1) } 1 .. int rand 4;
        my $data = join '', map { head_of($_) . ($_->{body} // '') } @ops;
        send_all($c, $data);
        # Up to 100 KB of the responses, for at most a second (the batch
        # may be shorter than that: the connection then idles open).
        my $want = int rand 100_000;
        my $deadline = time + 1;
        while (length $c->{buf} < $want) {
            last if fill($c, $deadline) <= 0;
        }
        $st{$CUR}{aborts_resp}++;
    }
    conn_close($c, rand() < 0.5);
}

my @SCENARIOS = (
    [\&sc_keepalive, 30], [\&sc_pipeline, 25], [\&sc_item1, 10],
    [\&sc_logwrite, 5],
    [\&sc_abort_request, 10], [\&sc_abort_body, 10], [\&sc_abort_response, 15],
);

sub pick {
    my $total = 0;
    $total += $_->[1] for @SCENARIOS;
    my $r = rand $total;
    for (@SCENARIOS) {
        return $_->[0] if ($r -= $_->[1]) < 0;
    }
    return $SCENARIOS[0][0];
}

sub client_main {
    my ($deadline) = @_;
    srand(time * 1000 ^ $$);
    for my $i (0 .. $#PORTS) {
        $st{$i}{$_} = 0 for qw(conns requests ok bad lost xsite interim
                               aborts_req aborts_body aborts_resp connfail);
    }
    while (time < $deadline) {
        pick()->();
    }
    return join ' ', map {
        my $i = $_;
        map { "$i.$_=$st{$i}{$_}" } sort keys %{ $st{$i} }
    } 0 .. $#PORTS;
}

sub run_clients {
    my ($ports, $secs, $n, $flog) = @_;
    die "usage: client.pl run PORT[,PORT...] SECONDS CLIENTS [FAILLOG]\n"
        unless $ports and $secs and $n;
    @PORTS = split /,/, $ports;
    $TIMEOUT = $ENV{STRESS_TIMEOUT} || 10;
    $SIG{PIPE} = 'IGNORE';
    my $deadline = time + $secs;
    my (%kids, %sum);
    for (1 .. $n) {
        pipe(my $rd, my $wr) or die "client.pl: pipe: $!\n";
        my $pid = fork // die "client.pl: fork: $!\n";
        if (!$pid) {
            close $rd;
            if ($flog) {
                open $faillog, '>>', $flog or die "client.pl: $flog: $!\n";
                $faillog->autoflush(1);
            }
            my $line = client_main($deadline);
            print $wr "$line\n";
            close $wr;
            POSIX::_exit(0);
        }
        close $wr;
        $kids{$pid} = $rd;
    }
    # Every client stops starting work at the deadline; one that is still
    # stuck well after it (all its reads time out) is stopped.
    my $hard = $deadline + 4 * $TIMEOUT + 10;
    my $stuck = 0;
    for my $pid (keys %kids) {
        my $rd = $kids{$pid};
        my $sel = IO::Select->new($rd);
        my $line = '';
        if ($sel->can_read(POSIX::ceil($hard - time) > 0 ? $hard - time : 0.1)) {
            $line = <$rd> // '';
        }
        if ($line eq '') {
            kill 'KILL', $pid;
            $stuck++;
        }
        waitpid $pid, 0;
        for (split ' ', $line) {
            my ($k, $v) = split /=/;
            $sum{$k} += $v;
        }
    }
    # One line per server: STATS port=P key=value ...
    for my $i (0 .. $#PORTS) {
        print "STATS port=$PORTS[$i] stuck_clients=$stuck ", join(' ', map {
            (my $k = $_) =~ s/^\d+\.//;
            "$k=$sum{$_}"
        } sort grep { /^\Q$i.\E/ } keys %sum), "\n";
    }
    return 0;
}

my $cmd = shift // '';
if ($cmd eq 'pages') {
    make_pages(@ARGV);
}
elsif ($cmd eq 'run') {
    exit run_clients(@ARGV);
}
elsif ($cmd eq 'page') {   # client.pl page SITE NAME: one page, for checks
    print page(@ARGV);
}
else {
    die "usage: client.pl pages DIR | run PORT[,PORT...] SECONDS CLIENTS [FAILLOG]\n";
}
