# SEND_RESPONSE framing against a hostile client and a careless filter.
# Whatever a filter does to the head in SEND_RESPONSE, the bytes on the
# wire stay valid HTTP/1.1 framing: no response carries both
# Content-Length and Transfer-Encoding, a chunked body is well-formed,
# and the next pipelined response starts where the client expects it (or
# the connection closes).  What SEND_RESPONSE shows of the framing is what
# goes out.  Scenarios isf_fr_attack, isf_fr_raw, isf_fr_max, isf_fr_kaoff
# (framing_attack.conf.in); the filter is t/filters/fr_attack.c.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use IO::Select ();
use Time::HiRes ();
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(gen_file parse_stream exchange error_log_lines);

plan tests => 126, need_module 'isapi_filter', need_module 'cgid',
    need_module 'bucketeer';

my (undef, $log_from) = error_log_lines(qr/^$/);

my $page = join '', map { "line $_: the quick brown fox\n" } 1 .. 20;
my $url = gen_file('fr_page.html', $page);
my $tail_body = "the tail of the pipeline\n";
my $tail_url = gen_file('fr_tail.html', $tail_body);
gen_file('fr_err.html', "local error document\n");
gen_file('fr_bucket.html', $page);
gen_file('index.html', "rawout index\n");
my $cgi = '/fr-cgi/fr_status.pl?body=' . ('cgi-body-' x 40);
my $cgi_len = length('cgi-body-' x 40);
my $tail = "GET $tail_url HTTP/1.1\r\nHost: localhost\r\n"
         . "Connection: close\r\n\r\n";

sub req {
    my ($method, $target, $fr, @h) = @_;
    my $proto = $target =~ s{ (HTTP/1\.\d)$}{} ? $1 : 'HTTP/1.1';
    return "$method $target $proto\r\nHost: localhost\r\n"
         . (defined $fr ? "X-Fr: $fr\r\n" : '')
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

# Requests written at once on one connection; (closed, responses).
sub talk {
    my ($module, $requests, %opt) = @_;
    my $sock = raw_connect(module => $module, timeout => 10);
    my ($raw, $closed) = exchange($sock, join('', @$requests),
                                  idle => $opt{idle} // 3, %opt);
    close $sock;
    return ($closed, $raw, parse_stream($raw, %opt));
}

# Keep a failed exchange's bytes in t/logs for the reader.
sub dump_raw {
    my ($name, $raw) = @_;
    my $file = Apache::Test::vars('t_logs') . "/$name";
    open my $fh, '>:raw', $file or return;
    print $fh $raw;
    close $fh;
    print "# the bytes received are in $file\n";
}

# The wire's framing is sound: no garbage, nothing incomplete, never both
# Content-Length and Transfer-Encoding.
sub framing_sound {
    my @res = @_;
    for my $r (@res) {
        return "garbage after a response: "
             . substr($r->{garbage}, 0, 60) if exists $r->{garbage};
        next if $r->{report_only};
        return "incomplete $r->{status}" if $r->{incomplete};
        return "$r->{status} has Content-Length and Transfer-Encoding"
            if exists $r->{headers}->{'content-length'}
               and exists $r->{headers}->{'transfer-encoding'};
        return "$r->{status}: Transfer-Encoding "
             . "'$r->{headers}->{'transfer-encoding'}' but body not chunked"
            if exists $r->{headers}->{'transfer-encoding'}
               and $r->{framing} ne 'chunked' and $r->{framing} ne 'none';
    }
    return 'sound';
}

# What SEND_RESPONSE showed agrees with the wire.
sub shown_matches {
    my $r = shift;
    return 1 unless exists $r->{headers}->{'x-fr-te'};
    my $te = $r->{headers}->{'x-fr-te'};
    my $cl = $r->{headers}->{'x-fr-cl'} // '';
    if ($r->{framing} eq 'chunked') {
        # The same codings, chunked among them (GetHeader joins a value
        # kept in both of Apache's tables in its own order).
        my $wire = $r->{headers}->{'transfer-encoding'};
        my $set = sub { join ',', sort map { lc } split /\s*,\s*/, shift };
        return ($te =~ /^\[(.*)\]$/ && $set->($1) eq $set->($wire))
            ? 1 : "wire TE $wire, shown TE $te";
    }
    return "wire $r->{framing}, shown TE $te" if $te =~ /chunked\]$/;
    if ($r->{framing} eq 'length') {
        return $cl eq "[$r->{headers}->{'content-length'}]"
            ? 1 : "wire C-L $r->{headers}->{'content-length'}, shown $cl";
    }
    return 1;
}

# ---- A: a pipeline of every kind of framing, the filter only looking ----
{
    my $sock0 = raw_connect(module => 'isf_fr_attack');
    my ($raw0) = exchange($sock0, req(GET => $url, undef, 'Connection: close'));
    my ($etag) = $raw0 =~ /^ETag: (\S+)/mi;
    close $sock0;
    my @cases = (
        ['chunked CGI', 200, req(GET => $cgi, 'saw')],
        ['static file', 200, req(GET => $url, 'saw')],
        ['304', 304, req(GET => $url, 'saw', "If-None-Match: $etag")],
        ['HEAD of a CGI', 200, req(HEAD => $cgi, 'saw'), 'HEAD'],
        ['HEAD of a file', 200, req(HEAD => $url, 'saw'), 'HEAD'],
        ['CGI Status: 204', 204,
         req(GET => '/fr-cgi/fr_status.pl?status=204&body=ignored', 'saw')],
        ['ErrorDocument to a CGI', 404,
         req(GET => '/no-such-file', 'saw')],
        ['ErrorDocument to a file', 404,
         req(GET => '/fr-local-err/missing', 'saw')],
        ["Apache's error page", 404,
         req(GET => '/fr-plain-err/missing', 'saw')],
        ['one range', 206, req(GET => $url, 'saw', 'Range: bytes=2-9')],
        ['two ranges (multipart)', 206,
         req(GET => $url, 'saw', 'Range: bytes=0-4,10-14')],
        ['mod_dir index sub-request', 200, req(GET => '/rawout/', 'saw')],
        ['BUCKETEER', 200, req(GET => '/rawout/fr_bucket.html', 'saw')],
        ['proxied file', 200, req(GET => "/fr-proxy$url", 'saw')],
        ['POST to a CGI that reads it', 200,
         req(POST => '/fr-cgi/fr_status.pl?read=1&body=posted', 'saw',
             'Content-Length: 5') . 'hello'],
        ['tail', 200, $tail],
    );
    my ($closed, $raw, @res) =
        talk('isf_fr_attack', [map { $_->[2] } @cases],
             methods => [map { $_->[3] // 'GET' } @cases]);
    ok t_cmp(framing_sound(@res), 'sound',
             'mixed pipeline: every response framed soundly');
    ok t_cmp(scalar(grep { !$_->{report_only} } @res), scalar @cases,
             'mixed pipeline: one response per request');
    for my $i (0 .. $#cases) {
        my ($what, $status) = @{ $cases[$i] };
        my $r = $res[$i] || { status => 'none', headers => {},
                              framing => 'none' };
        ok t_cmp($r->{status}, $status, "mixed pipeline, $what: status");
        ok t_cmp(shown_matches($r), 1,
                 "mixed pipeline, $what: SEND_RESPONSE showed the framing "
                 . "that went out");
    }
    ok t_cmp($res[-1] && $res[-1]->{body}, $tail_body,
             'mixed pipeline: the tail request answered last, intact');
}

# ---- B: filters that change the framing --------------------------------
# Each: one request with X-Fr, then the tail on the same connection.
sub attack {
    my ($what, $first, %o) = @_;
    my ($closed, $raw, @res) = talk($o{module} // 'isf_fr_attack',
                                    [$first, $tail],
                                    methods => [$o{method} // 'GET', 'GET']);
    my $sound = framing_sound(@res);
    my $r = $res[0] // { headers => {}, status => 0, body => '' };
    my $next = $res[1];
    my $tail_ok = ($next && !$next->{report_only} && !exists $next->{garbage}
                   && ($next->{body} // '') eq $tail_body) ? 'tail' : '';
    my $closed_after = ($closed && @res == 1 && !$r->{incomplete})
                       ? 'closed' : '';
    return ($r, $sound, $tail_ok || $closed_after
                        || 'desync: ' . substr($raw, 0, 300), $raw);
}

{
    my ($r, $sound, $next) = attack('CGI, right C-L',
        req(GET => $cgi, "set:Content-Length=$cgi_len"));
    ok t_cmp($sound, 'sound', 'CGI, filter sets the right Content-Length: '
                              . 'sound framing');
    ok t_cmp($r->{framing}, 'length', '... sent with that length');
    ok t_cmp($next, 'tail', '... the next response follows');
}
{
    # A careless filter: the length it sets is wrong.  IIS sends it as
    # is; the client must not read the rest as another response.
    my ($r, $sound, $next, $raw) = attack('CGI, short C-L',
        req(GET => $cgi, 'set:Content-Length=10'));
    ok t_cmp($next, qr/^(?:tail|closed)$/,
             'CGI, filter sets a too short Content-Length: the body\'s rest '
             . 'is not read as the next response');
}
{
    my ($r, $sound, $next) = attack('static, TE chunked',
        req(GET => $url, 'set:Transfer-Encoding=chunked'));
    ok t_cmp($sound, 'sound', 'file, filter sets Transfer-Encoding: chunked '
                              . 'on a Content-Length response: sound framing');
    ok t_cmp($next, qr/^(?:tail|closed)$/, '... and the next response');
}
{
    my ($r, $sound, $next) = attack('CGI, TE chunked set again',
        req(GET => $cgi, 'set:Transfer-Encoding=chunked'));
    ok t_cmp($sound, 'sound', 'CGI, filter sets the chunked it was shown '
                              . 'again: sound framing');
    ok t_cmp($r->{body}, 'cgi-body-' x 40, '... the body');
    ok t_cmp($next, 'tail', '... the next response follows');
}
{
    my ($r, $sound, $next) = attack('CGI, TE chunked added',
        req(GET => $cgi, 'add:Transfer-Encoding=chunked'));
    ok t_cmp($sound, 'sound', 'CGI, filter adds a second chunked: sound');
    ok t_cmp($next, 'tail', '... the next response follows');
}
{
    my ($r, $sound, $next) = attack('CGI, TE gzip added',
        req(GET => $cgi, 'add:Transfer-Encoding=gzip'));
    ok t_cmp($sound, 'sound', 'CGI, filter adds Transfer-Encoding: gzip: '
                              . 'sound framing');
    ok t_cmp($next, qr/^(?:tail|closed)$/, '... and the next response');
}
{
    my ($r, $sound, $next) = attack('CGI, TE "gzip, chunked"',
        req(GET => $cgi, 'set:Transfer-Encoding=gzip,%20chunked'));
    ok t_cmp($sound, 'sound', 'CGI, filter sets Transfer-Encoding: '
                              . '"gzip, chunked": sound framing');
    ok t_cmp($next, qr/^(?:tail|closed)$/, '... and the next response');
}
{
    # A CGI that names a transfer coding (no filter step at all).
    my ($r, $sound, $next) = attack('CGI says TE gzip',
        req(GET => '/fr-cgi/fr_status.pl?te=gzip&body=' . ('z' x 50),
            'saw'));
    ok t_cmp($sound, 'sound', 'CGI that sends Transfer-Encoding: gzip: '
                              . 'sound framing');
    ok t_cmp($next, qr/^(?:tail|closed)$/, '... and the next response');
    ok t_cmp(shown_matches($r), 1,
             '... SEND_RESPONSE showed what went out');
}
{
    # A Transfer-Encoding that is not chunked, from the configuration
    # (mod_headers); the filter only looks.  Apache alone chunks the body
    # and says "gzip, chunked".
    my $target = '/fr-hdr-te/fr_status.pl?body=' . ('z' x 50);
    my ($r0, $sound0, $next0) = attack('Header set TE gzip, no filter',
        req(GET => $target, undef), module => 'isf_fr_plain');
    ok t_cmp("$sound0 $next0", 'sound tail',
             'Header set Transfer-Encoding gzip, Apache alone: sound');
    my ($r, $sound, $next) = attack('Header set TE gzip',
        req(GET => $target, 'saw'));
    ok t_cmp($sound, 'sound', 'Header set Transfer-Encoding gzip, a filter '
                              . 'that only looks: sound framing');
    ok t_cmp($next, 'tail', '... the next response follows');
    ok t_cmp(shown_matches($r), 1, '... SEND_RESPONSE showed what went out');
    # The same in err_headers_out (Header always).
    ($r, $sound, $next) = attack('Header always set TE gzip',
        req(GET => $target =~ s/fr-hdr-te/fr-hdr-always/r, 'saw'));
    ok t_cmp("$sound $next", 'sound tail',
             'Header always set Transfer-Encoding gzip: sound, the next '
             . 'follows');
    ok t_cmp(shown_matches($r), 1, '... SEND_RESPONSE showed what went out');
}
for my $st (304, 204) {
    my ($r, $sound, $next) = attack("CGI -> $st",
        req(GET => $cgi, "saw;status:$st"));
    ok t_cmp($r->{status}, $st, "CGI shown chunked, filter makes it $st");
    ok t_cmp($sound, 'sound', "... $st: sound framing");
    ok t_cmp(!exists $r->{headers}->{'transfer-encoding'}
             && !exists $r->{headers}->{'content-length'}, 1,
             "... $st: no framing headers");
    ok t_cmp($next, 'tail', "... $st: no body, the next response follows");
}
{
    my ($r, $sound, $next) = attack('file -> 204',
        req(GET => $url, 'status:204'));
    ok t_cmp($r->{status}, 204, 'file made 204 by the filter');
    ok t_cmp($next, 'tail', '... no body, the next response follows');
}
{
    my ($r, $sound, $next) = attack('HEAD + C-L',
        req(HEAD => $cgi, 'set:Content-Length=12345'), method => 'HEAD');
    ok t_cmp($r->{headers}->{'content-length'}, 12345,
             'HEAD, filter sets Content-Length: sent');
    ok t_cmp($next, 'tail', '... no body, the next response follows');
}
# SetHeader Content-Length values (on HEAD: no body to frame).
for my $v (['0', 'T'], ['00', 'T'], ['%205', 'F87'], ['%2B5', 'F87'],
           ['-1', 'F87'], ['99999999999999999999', 'F87'], ['5%20', 'F87'],
           ['0x10', 'F87'], ['5%0D%0AX-Injected:%201', 'F87'],
           ['', 'T']) {
    my ($val, $want) = @$v;
    my ($r, $sound, $next) = attack("C-L '$val'",
        req(HEAD => $url, "set:Content-Length=$val"), method => 'HEAD');
    ok t_cmp($r->{headers}->{'x-fr-res'}, "$want,",
             "SetHeader Content-Length '$val': $want");
    ok t_cmp(!exists $r->{headers}->{'x-injected'} && $next eq 'tail', 1,
             "... nothing injected, the next response follows");
}
{
    # AddHeader of a Content-Length beside the chunked it was shown.
    my ($r, $sound, $next) = attack('CGI, add C-L',
        req(GET => $cgi, "add:Content-Length=$cgi_len;saw"));
    ok t_cmp($sound, 'sound', 'CGI, AddHeader Content-Length: sound');
    ok t_cmp($next, 'tail', '... the next response follows');
}

# ---- C: with a SEND_RAW_DATA filter that rewrites the body --------------
{
    # fox -> wolf grows the body; without framing the connection ends it.
    for my $case ([$cgi =~ s/cgi-body-/fox-/gr, 'CGI'], [$url, 'file']) {
        my ($target, $what) = @$case;
        my ($r, $sound, $next) = attack("raw $what",
            req(GET => $target,
                'del:Transfer-Encoding;del:Content-Length',
                'X-Raw-Edit: replace'), module => 'isf_fr_raw');
        ok t_cmp($sound, 'sound',
                 "raw rewrite of a $what, framing removed: sound");
        ok t_cmp(($r->{body} // '') =~ /wolf/ && ($r->{body} // '') !~ /fox/,
                 1, "... the body rewritten");
        ok t_cmp($next, 'closed', '... ended by closing the connection');
    }
    my ($r, $sound, $next) = attack('raw, kept',
        req(GET => $url, 'saw'), module => 'isf_fr_raw');
    ok t_cmp($next, 'tail',
             'raw filter present, nothing rewritten: the next follows');
}

# ---- D: the connection's last request, HTTP/1.0, KeepAlive Off ---------
{
    my @reqs = ((req(GET => $cgi, 'saw')) x 4, req(GET => $url, 'saw'));
    my ($closed, $raw, @res) = talk('isf_fr_max', \@reqs);
    ok t_cmp(framing_sound(@res), 'sound',
             'MaxKeepAliveRequests 3: sound framing');
    ok t_cmp(scalar @res, 4, '... four responses (the first is not a '
                             . 'keep-alive one), then the close');
    ok t_cmp($closed, 1, '... closed');
    ok t_cmp(join(',', map { shown_matches($_) } @res), '1,1,1,1',
             '... SEND_RESPONSE showed what went out, the last one too');
}
{
    my ($closed, $raw, @res) = talk('isf_fr_kaoff',
        [req(GET => $cgi, 'saw'), req(GET => $url, 'saw')]);
    ok t_cmp(framing_sound(@res), 'sound', 'KeepAlive Off: sound framing');
    ok t_cmp(scalar @res, 1, '... one response');
    ok t_cmp(shown_matches($res[0] // {framing => 'none', headers => {}}),
             1, '... SEND_RESPONSE showed what went out');
}
for my $case (['cgi', $cgi], ['file', $url]) {
    my ($what, $target) = @$case;
    my ($closed, $raw, @res) = talk('isf_fr_attack',
        [req(GET => "$target HTTP/1.0", 'saw', 'Connection: keep-alive'),
         req(GET => "$tail_url HTTP/1.0", undef)]);
    ok t_cmp(framing_sound(@res), 'sound',
             "HTTP/1.0 keep-alive, $what: sound framing");
    ok t_cmp(shown_matches($res[0] // {framing => 'none', headers => {}}),
             1, "HTTP/1.0 keep-alive, $what: shown = sent");
    ok t_cmp(scalar(@res), $what eq 'cgi' ? 1 : 2,
             "HTTP/1.0 keep-alive, $what: "
             . ($what eq 'cgi' ? 'closed after it' : 'kept'));
}
{
    my ($closed, $raw, @res) = talk('isf_fr_attack',
        [req(GET => $cgi, 'saw', 'Connection: close'), $tail]);
    ok t_cmp(framing_sound(@res), 'sound', 'Connection: close: sound');
    ok t_cmp(scalar(@res) == 1 && shown_matches($res[0]), 1,
             'Connection: close: one response, shown = sent');
}

# ---- E: Expect: 100-continue --------------------------------------------
{
    # Headers and body at once, as clients with a short 100 timeout do.
    my ($closed, $raw, @res) = talk('isf_fr_attack',
        [req(POST => '/fr-cgi/fr_status.pl?read=1&body=' . ('u' x 30), 'saw',
             'Content-Length: 5', 'Expect: 100-continue') . "hello", $tail]);
    @res = grep { $_->{status} != 100 } @res;
    ok t_cmp(framing_sound(@res), 'sound',
             '100-continue, body sent at once: sound framing');
    ok t_cmp($res[0] && $res[0]->{status}, 200, '... 200');
    ok t_cmp(scalar(@res) == 2 && shown_matches($res[0]), 1,
             '... shown = sent, and the tail answered');

    my $sock;
    # The CGI reads it: 100, then a chunked response, then the tail.
    $sock = raw_connect(module => 'isf_fr_attack', timeout => 10);
    syswrite $sock, req(POST => '/fr-cgi/fr_status.pl?read=1&body='
                        . ('r' x 30), 'saw', 'Content-Length: 5',
                        'Expect: 100-continue');
    my $buf = '';
    ISF::Test::read_into($sock, \$buf, qr/100 Continue\r\n\r\n/, 5);
    ok t_cmp($buf, qr/^HTTP\/1\.1 100 Continue/, '100-continue read: 100');
    ($raw, $closed) = exchange($sock, "hello$tail", idle => 3);
    close $sock;
    @res = parse_stream($raw);
    ok t_cmp(framing_sound(@res), 'sound', '... sound framing');
    ok t_cmp(scalar(@res) == 2 && shown_matches($res[0]), 1,
             '... shown = sent, and the tail answered');
}

# ---- F: aborted connections, a long connection --------------------------
{
    my $big = '/fr-cgi/rawout_pieces.pl?f=fr_page.html&cut=10,100,300'
            . '&pause=0.2';
    for my $i (1 .. 20) {
        my $sock = raw_connect(module => 'isf_fr_attack');
        syswrite $sock, req(GET => $big, $i % 2 ? 'saw' : 'del:Transfer-Encoding');
        if ($i % 3) {
            my $buf = '';
            ISF::Test::read_into($sock, \$buf, qr/\r\n\r\n/, 3);
        }
        close $sock;
    }
    my @reqs = map { ($_ % 4 == 0) ? req(GET => $cgi, 'saw')
                   : ($_ % 4 == 1) ? req(GET => $url, 'saw')
                   : ($_ % 4 == 2) ? req(HEAD => $url, 'saw')
                   : req(GET => '/nope', 'saw') } 1 .. 80;
    my @methods = map { $_ % 4 == 2 ? 'HEAD' : 'GET' } 1 .. 80;
    my @left = (@reqs, $tail);
    my @left_methods = (@methods, 'GET');
    my ($raw, @res) = ('');
    for my $try (1 .. 4) {
        my ($closed, $got, @part) = talk('isf_fr_attack', \@left,
            methods => \@left_methods, responses => scalar @left,
            idle => 10);
        $raw .= $got;
        push @res, @part;
        last if @part >= @left or !@part;
        # httpd may end a keep-alive connection on purpose, with
        # "Connection: close" on a sound response (under load the event
        # MPM stops a child it no longer needs, and that child serves no
        # further request): the rest goes on a new connection, as a
        # client sends it.
        last unless ($part[-1]->{headers}->{connection} // '') =~ /close/i;
        splice @left, 0, scalar @part;
        splice @left_methods, 0, scalar @part;
    }
    ok t_cmp(framing_sound(@res), 'sound', '81 requests: sound framing');
    ok t_cmp(scalar @res, 81, '81 requests: 81 responses')
        or dump_raw('framing_attack_pipeline.raw', $raw);
    ok t_cmp($res[-1] && $res[-1]->{body}, $tail_body, '... the tail last');
}

# Nothing crashed, nothing logged an error.
Time::HiRes::sleep(0.5);
my ($bad) = error_log_lines(
    qr/exit signal|segfault|Segmentation|AddressSanitizer|double free/i,
    $log_from);
ok t_cmp(scalar(@$bad), 0, 'no child crashed')
    or print map { "# $_" } @$bad;
my ($errs) = error_log_lines(qr/\[(?:\w+:)?(?:error|crit|alert|emerg)\]/,
                             $log_from);
my @ours = grep { !/File does not exist|script not found|AH01215|AH01264|ISF5[56]:/ }
           @$errs;
ok t_cmp(scalar(@ours), 0, 'no unexpected errors in the error log')
    or print map { "# $_" } @ours[0 .. ($#ours > 9 ? 9 : $#ours)];
