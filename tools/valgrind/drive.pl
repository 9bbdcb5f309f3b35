#!/usr/bin/perl
# tools/valgrind/drive.pl PORT: the requests tools/valgrind/run.sh sends to the server
# it runs under memcheck.  Core Perl only.
#
# Every scenario opens its own connection(s); a request is a raw byte
# string, so malformed, pipelined and cut-off requests are as easy as good
# ones.  Prints one line per scenario ("ok" or what differed).  The
# statuses are checked loosely (the point is to run the code paths, and
# the test filters may evolve); exit status 1 only when the server stopped
# answering at all, which means it crashed or hung.
use strict;
use warnings;
use IO::Socket::INET;
use MIME::Base64 qw(encode_base64);

my $port = shift or die "usage: $0 PORT\n";
my $host = "127.0.0.1:$port";
my $TIMEOUT = 60;      # valgrind makes httpd some 50 times slower
my ($notes, $dead) = (0, 0);

sub conn {
    my $s = IO::Socket::INET->new(PeerAddr => $host, Timeout => $TIMEOUT)
        or die "connect $host: $!\n";
    $s->autoflush(1);
    return $s;
}

# Read exactly $n bytes (or to EOF when $n is undef).
sub read_n {
    my ($s, $buf, $n) = @_;
    while (!defined $n || length($$buf) < $n) {
        my $got;
        my $r = sysread_t($s, \$got, 65536);
        last if !$r;
        $$buf .= $got;
    }
    return defined $n ? length($$buf) >= $n : 1;
}

sub sysread_t {
    my ($s, $ref, $len) = @_;
    my $rin = '';
    vec($rin, fileno($s), 1) = 1;
    return undef unless select(my $rout = $rin, undef, undef, $TIMEOUT);
    return sysread($s, $$ref, $len);
}

# One response from $s (buffer in $$buf); HEAD responses have no body.
# Returns (status, \%headers, body) or () at EOF/timeout.
sub response {
    my ($s, $buf, $head_req) = @_;
    until ($$buf =~ /\r\n\r\n/) {
        my $got;
        my $r = sysread_t($s, \$got, 65536);
        return () if !$r;
        $$buf .= $got;
    }
    $$buf =~ s/^(.*?)\r\n\r\n//s;
    my @lines = split /\r\n/, $1;
    my $sl = shift @lines;
    my ($status) = $sl =~ m{^HTTP/\d\.\d (\d{3})} or return (0, {}, $sl);
    my %h;
    for (@lines) {
        my ($k, $v) = /^([^:]+):\s*(.*)$/ or next;
        $h{lc $k} = exists $h{lc $k} ? "$h{lc $k}, $v" : $v;
    }
    my $body = '';
    if ($head_req || $status == 204 || $status == 304 || $status < 200) {
        return ($status, \%h, '');
    }
    if (($h{'transfer-encoding'} // '') =~ /chunked/i) {
        for (;;) {
            until ($$buf =~ /\r\n/) {
                my $got;
                return () if !sysread_t($s, \$got, 65536);
                $$buf .= $got;
            }
            $$buf =~ s/^([0-9a-fA-F]+)[^\r\n]*\r\n// or return ();
            my $n = hex $1;
            if (!$n) {
                until ($$buf =~ /^\r\n/ || $$buf =~ /\r\n\r\n/) {
                    my $got;
                    return () if !sysread_t($s, \$got, 65536);
                    $$buf .= $got;
                }
                $$buf =~ s/^(?:.*?\r\n)??\r\n//s;
                last;
            }
            read_n($s, $buf, $n + 2) or return ();
            $body .= substr($$buf, 0, $n);
            substr($$buf, 0, $n + 2) = '';
        }
    }
    elsif (defined $h{'content-length'}) {
        read_n($s, $buf, $h{'content-length'}) or return ();
        $body = substr($$buf, 0, $h{'content-length'}, '');
    }
    else {
        read_n($s, $buf, undef);
        $body = $$buf;
        $$buf = '';
    }
    return ($status, \%h, $body);
}

sub req {
    my ($method, $path, %o) = @_;
    my $v = $o{version} // '1.1';
    my $r = "$method $path HTTP/$v\r\nHost: $host\r\n";
    $r .= "User-Agent: isf-valgrind\r\n";
    for my $h (@{ $o{headers} // [] }) {
        $r .= "$h\r\n";
    }
    if (defined $o{body}) {
        if ($o{chunked}) {
            $r .= "Transfer-Encoding: chunked\r\n\r\n";
            my $b = $o{body};
            while (length $b) {
                my $piece = substr($b, 0, 3000, '');
                $r .= sprintf("%x\r\n%s\r\n", length $piece, $piece);
            }
            $r .= "0\r\n\r\n";
            return $r;
        }
        $r .= "Content-Length: " . length($o{body}) . "\r\n";
    }
    $r .= "\r\n";
    $r .= $o{body} if defined $o{body};
    return $r;
}

# scenario NAME, [ [request, expected-status-regex, is_head, CHECK...], ... ], %opt
#   CHECK: sub (\%headers, body) returning what differed (nothing when fine)
#   pipeline => 1   write every request at once, then read the answers
#   closes   => 1   the last request is expected to end the connection
sub scenario {
    my ($name, $steps, %o) = @_;
    my $s = eval { conn() };
    if (!$s) {
        print "FAIL $name: $@";
        $dead++;
        return;
    }
    my $buf = '';
    my @bad;
    if ($o{pipeline}) {
        syswrite($s, join('', map { $_->[0] } @$steps));
    }
    for my $i (0 .. $#$steps) {
        my ($raw, $want, $head, @checks) = @{ $steps->[$i] };
        syswrite($s, $raw) unless $o{pipeline};
        if (!defined $want) {        # no answer expected
            next;
        }
        my ($st, $h, $body) = response($s, \$buf, $head);
        if (!defined $st) {
            push @bad, "request $i: no response";
            last;
        }
        push @bad, "request $i: status $st, wanted $want" if $st !~ /^(?:$want)$/;
        push @bad, map { "request $i: $_" } map { $_->($h, $body) } @checks;
    }
    if ($o{closes}) {
        my $more;
        my $r = sysread_t($s, \$more, 1);
        push @bad, "connection not closed" if $r;
    }
    close $s;
    if (@bad) {
        $notes++;
        print "note $name: @bad\n";
    }
    else {
        print "ok   $name\n";
    }
}

# A connection cut off by the client: write, maybe read a little, close.
sub abort_after {
    my ($name, $raw, $read) = @_;
    my $s = eval { conn() } or do { print "FAIL $name: $@"; $dead++; return };
    syswrite($s, $raw);
    if ($read) {
        my $got;
        sysread_t($s, \$got, $read);
    }
    close $s;
    print "ok   $name (client closed)\n";
}

# A step for t/filters/cb_status.c: GET /index.html with "X-CB-Status: SPEC",
# expecting $want.
sub cb_status {
    my ($spec, $want) = @_;
    return [req(GET => '/index.html', headers => ["X-CB-Status: $spec"]), $want];
}

# A scenario of that one step, after which the connection must close.
sub cb_status_closes {
    my ($name, $spec, $want) = @_;
    scenario($name, [cb_status($spec, $want)], closes => 1);
}

sub basic { "Authorization: Basic " . encode_base64("$_[0]:$_[1]", '') }
my $auth_ok  = basic('vguser', 'vgpass');
my $auth_bad = basic('vguser', 'wrong');

# CHECKs: a response header matches, the body is exactly this.
sub header_like {
    my ($name, $re) = @_;
    return sub {
        my $v = $_[0]{lc $name};
        return () if defined $v && $v =~ $re;
        return "$name " . (defined $v ? "'$v'" : 'missing') . ", wanted $re";
    };
}
sub body_is {
    my ($want) = @_;
    return sub {
        return () if $_[1] eq $want;
        (my $got = substr($_[1], 0, 80)) =~ s/([^ -~])/sprintf '\\x%02x', ord $1/ge;
        return "body '$got', wanted '$want'";
    };
}
sub body_like {
    my ($re) = @_;
    return sub {
        return () if $_[1] =~ $re;
        (my $got = substr($_[1], 0, 80)) =~ s/([^ -~])/sprintf '\\x%02x', ord $1/ge;
        return "body '$got', wanted $re";
    };
}
my $big_post = "apple banana " x 25_000;      # ~325 KB
my $ok = '200';
my $any = '\d{3}';

# ---- keep-alive --------------------------------------------------------------
scenario('keep-alive: static, directory index, rewritten, 404, 401, HEAD, big, binary', [
    [req(GET => '/index.html'), $ok],
    [req(GET => '/'), $ok],
    [req(GET => '/iis.html'), $ok],
    [req(GET => '/nope.html'), '404'],
    [req(GET => '/private/'), '401'],
    [req(HEAD => '/iis.html'), $ok, 1],
    [req(GET => '/big-iis.html'), $ok],
    [req(GET => '/bin.dat'), $ok],
    [req(GET => '/index.html', headers => ['Connection: close']), $ok],
]);

# ---- pipelining ----------------------------------------------------------------
scenario('pipelined: 5 requests in one write (GET, HEAD, POST, 404, rewritten)', [
    [req(GET => '/index.html'), $ok],
    [req(HEAD => '/index.html'), $ok, 1],
    [req(POST => '/index.html', body => "x=" . ("y" x 5000)), $any],
    [req(GET => '/nope.html'), '404'],
    [req(GET => '/iis.html'), $ok],
], pipeline => 1);
scenario('pipelined: 20 small GETs', [ map { [req(GET => '/index.html'), $ok] } 1 .. 20 ],
         pipeline => 1);

# ---- request bodies ----------------------------------------------------------------
scenario('POST bodies: Content-Length 10 KB, chunked 40 KB, 325 KB, Expect: 100-continue', [
    [req(POST => '/index.html', body => "a" x 10_000), $any],
    [req(POST => '/index.html', body => "b" x 40_000, chunked => 1), $any],
    [req(POST => '/index.html', body => $big_post), $any],
    [req(POST => '/index.html', body => "c" x 1000,
         headers => ['Expect: 100-continue']), $any],
]);
scenario('READ_RAW_DATA: body held with READ_NEXT and resized (banana -> kiwi)', [
    [req(POST => '/index.html', body => "banana " x 200,
         headers => ['X-Rawin-Body: resize']), $any],
    [req(GET => '/index.html'), $ok],
]);
scenario('READ_RAW_DATA: URL rewritten in the request line (same, longer, shorter)', [
    [req(GET => '/old/index.html'), $any],
    [req(GET => '/grow/index.html'), $any],
    [req(GET => '/shrink-this-long-prefix/index.html'), $any],
    [req(GET => '/index.html', headers => ['X-Rawin-Old: 1']), $ok],
]);
scenario('READ_RAW_DATA: FINISHED closes the connection', [
    [req(GET => '/index.html', headers => ['X-Rawin-Finish: 1']), undef],
], closes => 1);

# ---- authentication ----------------------------------------------------------------
scenario('401: no credentials, wrong password, then the right one', [
    [req(GET => '/private/'), '401'],
    [req(GET => '/private/', headers => [$auth_bad]), '401'],
    [req(GET => '/private/', headers => [$auth_ok]), $ok],
    [req(GET => '/private/index.html', headers => ['Authorization: Bearer abc']), '401'],
]);

# ---- filter-answered and failing requests ----------------------------------------
scenario('filter answers: KEEP, then FINISHED (closes)', [
    cb_status('PREPROC_HEADERS KEEP', $any),
    cb_status('URL_MAP KEEP nocl', $any),
], closes => 1);
cb_status_closes('filter answers: FINISHED from PREPROC_HEADERS',
                 'PREPROC_HEADERS FINISHED', $any);
cb_status_closes('filter answers: a hand-made raw response',
                 'AUTH_COMPLETE RAW', $any);
scenario('filter answers: SEND_RESPONSE_HEADER (+ refused second head), NULL status', [
    [req(GET => '/index.html', headers => ['X-CB-SSF: head']), $any],
    [req(GET => '/index.html', headers => ['X-CB-SSF: nullhead']), $any],
    [req(GET => '/index.html'), $ok],
]);
scenario('filter errors: ERROR 5 -> 401, ERROR 2 -> 404 (keep-alive)', [
    cb_status('URL_MAP ERROR 5', '401'),
    cb_status('PREPROC_HEADERS ERROR 2', '404'),
    [req(GET => '/index.html'), $ok],
]);
# A 500 ends the connection (ap_status_drops_connection).
cb_status_closes('filter errors: ERROR 0 -> 500',
                 'AUTH_COMPLETE ERROR 0', '500');
cb_status_closes('filter errors: an unknown status is an error (500)',
                 'AUTHENTICATION 0x1234 7', '500');
cb_status_closes('filter errors: ERROR from SEND_RESPONSE',
                 'SEND_RESPONSE ERROR 0', $any);
scenario('filter statuses at the late events (SEND_RESPONSE, LOG)', [
    cb_status('SEND_RESPONSE HANDLED', $ok),
    cb_status('LOG HANDLED', $ok),
    cb_status('END_OF_REQUEST NEXT', $ok),
]);
# HANDLED at END_OF_REQUEST keeps it from the filters after cb_status
# (ISAPI semantics), replace_text among them, which then never ends its
# re-chunked body: ask for a response it leaves alone, and close.
scenario('END_OF_REQUEST HANDLED (a binary response, then close)', [
    [req(GET => '/bin.dat', headers => ['X-CB-Status: END_OF_REQUEST HANDLED',
                                        'Connection: close']), $ok],
], closes => 1);
scenario('ACCESS_DENIED: filter denial, denial headers, replaced 401', [
    [req(GET => '/index.html', headers => ['X-Test-Op: deny-preproc']), '401'],
    [req(GET => '/index.html', headers => ['X-Test-Op: deny-urlmap']), '401'],
    [req(GET => '/private/', headers => ['X-Test-Op: denial-headers']), '401'],
    [req(GET => '/private/', headers => ['X-Test-Op: replace']), $any],
]);

# ---- callbacks ------------------------------------------------------------------------
scenario('GetServerVariable: size protocol on many variables, three events', [
    [req(GET => '/index.html?a=1&b=2', headers => [
        'X-CB-Vars: ALL_HTTP ALL_RAW HTTP_HOST HEADER_Host URL QUERY_STRING PATH_INFO '
        . 'PATH_TRANSLATED REMOTE_ADDR SERVER_PORT INSTANCE_ID UNICODE_URL HTTPS NO_SUCH_VAR',
        'X-Long: ' . ('L' x 3000)]), $ok],
    [req(GET => '/index.html', headers => ['X-CB-Vars: ALL_HTTP URL PATH_TRANSLATED',
                                           'X-CB-Var-Event: URL_MAP']), $ok],
    [req(GET => '/index.html', headers => ['X-CB-Vars: ALL_RAW REMOTE_USER',
                                           'X-CB-Var-Event: PREPROC_HEADERS']), $ok],
]);
scenario('ServerSupportFunction: every code, and with a denial', [
    [req(GET => '/index.html', headers => ['X-CB-SSF: codes']), $ok],
    [req(GET => '/index.html', headers => ['X-CB-SSF: codes', 'X-CB-Deny: 1']), '401'],
]);
scenario('AllocMem: sizes up to past the limit; WriteClient at END_OF_REQUEST', [
    [req(GET => '/index.html', headers => ['X-CB-Alloc: 16 1000 4096 65536 2000000']), $ok],
    [req(GET => '/index.html', headers => ['X-CB-EOR: first']), $ok],
]);
scenario('LOG rewritten; header injection attempts refused', [
    [req(GET => '/index.html?q=1', headers => [
        'X-CB-Log: host=vghost;user=vguser;op=VGOP;target=/vg;params=x=1;status=299;bytes=7;echo=1']), $ok],
    [req(GET => '/index.html', headers => ['X-CB-In: 1']), $ok],
    [req(GET => '/index.html', headers => ['X-CB-Inject: head']), $any],
]);

# ---- IIS-style filters (t/iis, built with sdk/isapi-cc) ---------------------------
# AuthIni: Basic credentials against the [Users] of the INI beside its DLL
# (run.sh adds vguser there, so it and mod_auth_basic agree), settings
# from the INI and the .reg file in X-AuthIni, a log line per request
# from its worker thread.
my $authini = qr/^realm=Example Realm; greeting=Hello from the registry; enabled=1; /;
scenario('AuthIni: INI users get in, wrong password and unknown user 401, anonymous passes', [
    [req(GET => '/index.html', headers => [$auth_ok]), $ok, 0,
     header_like('X-AuthIni', qr/${authini}user=vguser; /),
     header_like('X-AuthIni-Module', qr/\\lib\\AuthIni\.dll$/)],
    [req(GET => '/index.html', headers => [$auth_bad]), '401'],
    [req(GET => '/index.html', headers => [basic('mallory', 'x')]), '401'],
    [req(GET => '/index.html', headers => [basic('alice', 'wonderland')]), $ok, 0,
     header_like('X-AuthIni', qr/user=alice; /)],
    [req(GET => '/index.html'), $ok, 0,
     header_like('X-AuthIni', qr/${authini}user=-; requests=\d+; denied=[1-9]\d*$/)],
    [req(GET => '/private/', headers => [$auth_ok]), $ok, 0,
     header_like('X-AuthIni', qr/user=vguser; /)],
    [req(GET => '/private/', headers => [basic('alice', 'rabbit')]), '401'],
]);
# UpCase (WindowsPaths): sees the mapped path with backslashes, drops
# \UC\ from it (mapped back to the Unix path) and upper-cases the body.
my $uc_text = "upcase me, memcheck\n";
scenario('UpCase (WindowsPaths): \\UC\\ dropped from the mapped path, body upper-cased', [
    [req(GET => '/UC/uc-test.txt'), $ok, 0,
     header_like('X-UpCase-Seen', qr/\\htdocs\\UC\\uc-test\.txt$/),
     body_is(uc $uc_text)],
    [req(GET => '/uc-test.txt'), $ok, 0, body_is($uc_text)],
    [req(HEAD => '/uc/uc-test.txt'), $ok, 1],
    [req(GET => '/x/uC/index.html'), $ok, 0, body_is(uc "<html><body><p>x</p></body></html>\n")],
    [req(GET => '/UC/nope.txt'), '404'],
    [req(GET => '/uc-test.txt'), $ok, 0, body_is($uc_text)],
]);
scenario('UpCase: pipelined /UC/ and plain requests', [
    map { ([req(GET => '/UC/uc-test.txt'), $ok, 0, body_is(uc $uc_text)],
           [req(GET => '/uc-test.txt'), $ok, 0, body_is($uc_text)]) } 1 .. 3
], pipeline => 1);
# HitCount (C++, std::map): one count per URL, the query string left out.
# One process (apache2 -X), so the counts are exact.
scenario('HitCount (C++): a URL counted 1, 2, 3 ... whatever its query string', [
    map { [req(GET => "/hits.html?n=$_"), $ok, 0,
           header_like('X-HitCount', qr{^/hits\.html $_ urls=\d+ age-ok=1$})] } 1 .. 4
]);
scenario('HitCount: 12 pipelined requests over 3 URLs', [
    map { my $u = ('/hits-a.html', '/hits-b.html', '/hits-c.html')[$_ % 3];
          [req(GET => $u), $ok, 0,
           header_like('X-HitCount', qr{^\Q$u\E @{[int($_ / 3) + 1]} urls=})] } 0 .. 11
], pipeline => 1);

# ---- operations: the status page, per-URL control ---------------------------------------
scenario('status page: HTML, ?auto, ?json, ?refresh=5&auto; server-status', [
    [req(GET => '/isapi-status'), $ok, 0, body_like(qr/<html/i)],
    [req(GET => '/isapi-status?auto'), $ok, 0, body_like(qr/^Filters: [1-9]\d*$/m)],
    [req(GET => '/isapi-status?json'), $ok, 0, body_like(qr/^\{/)],
    [req(GET => '/isapi-status?refresh=5&auto'), $ok, 0, body_like(qr/^TotalCalls: \d+$/m)],
    [req(GET => '/server-status?auto'), '200|404'],
]);
scenario('per-URL control: every filter off for one request, then on again', [
    [req(GET => '/index.html?nofilters'), $ok],
    [req(GET => '/index.html'), $ok],
]);

# ---- protocol edges --------------------------------------------------------------------
scenario('HTTP/1.0 to the rewriter (Connection: close framing)', [
    [req(GET => '/iis.html', version => '1.0'), $ok],
], closes => 1);
scenario('a request header over the limit (400)', [
    [req(GET => '/index.html', headers => ['X-Huge: ' . ('h' x 10_000)]), '400'],
], closes => 1);
scenario('a malformed request line (400)', [
    ["GARBAGE\r\n\r\n", '400'],
], closes => 1);

# ---- clients that go away --------------------------------------------------------------
abort_after('abort: half a request line', "GET /index.ht");
abort_after('abort: head without its body',
            substr(req(POST => '/index.html', body => 'x' x 100_000), 0, -99_990));
abort_after('abort: big rewritten response, 1 KB read', req(GET => '/big-iis.html'), 1024);
abort_after('abort: pipelined requests, nothing read', join('', map { req(GET => '/iis.html') } 1 .. 5));

# Let the aborted connections end before the server is stopped.
sleep 2;
scenario('still alive', [ [req(GET => '/index.html'), $ok] ]);
printf "%d scenario(s) with notes, %d connection failure(s)\n", $notes, $dead;
exit($dead ? 1 : 0);
