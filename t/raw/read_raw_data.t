# READ_RAW_DATA: global filters see the request bytes (request line,
# headers, body) before Apache parses them, and what they return is what
# Apache reads.  READ_NEXT, ISAPIFilterReadLimit, SF_REQ_SET_NEXT_READ_SIZE,
# pipelining and keep-alive through the raw input filter, and no raw input
# filter where no filter asked for READ_RAW_DATA.
#
# READ_RAW_DATA filters must be global, so each scenario runs in a small
# throwaway server (ISF::RawIn::rawin_start) with only its own filters.
# Apache's input modes through ISAPI_FILTER_RAW_IN: GETLINE (request line,
# headers, chunk-size lines), READBYTES (bodies), SPECULATIVE (the header
# folding look-ahead on every header line and the pipelining check after
# each response).  INIT comes from mod_ssl (t/raw/tls.t).  EXHAUSTIVE and
# EATCRLF are implemented but nothing in httpd 2.4 asks for them, so no
# request can reach them from outside.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect read_response_bytes parse_responses);
use ISF::RawIn qw(rawin_fixture rawin_start);
use Time::HiRes ();

plan tests => 48, need_module 'isapi_filter';

my $fx = rawin_fixture();

sub req {
    my ($method, $uri, %h) = @_;
    my $body = delete $h{body};
    my $s = "$method $uri HTTP/1.1\r\nHost: localhost\r\n";
    $s .= "$_: $h{$_}\r\n" for sort keys %h;
    $s .= "Content-Length: " . length($body) . "\r\n" if defined $body;
    return $s . "\r\n" . ($body // '');
}

# The echo CGI's answer as a hash (body= is the rest of the text).
sub echo {
    my $text = shift // '';
    my %e;
    $e{body} = $1 if $text =~ s/^body=(.*)\z//ms;
    $e{$1} = $2 while $text =~ /^(\w+)=(.*)$/mg;
    return \%e;
}

sub one {
    my %opt = @_;
    my ($raw, $info) = raw_request(%opt);
    my @res = parse_responses($raw);
    return ($res[0] || { status => 0, body => '', headers => {} }, $info,
            scalar @res);
}

# ---- rewriting: rawin_rewrite.so -------------------------------------------
{
    my $s = rawin_start($fx, ['filters/rawin_rewrite.so']);
    ok t_cmp($s->{started}, 1, 'a server with a global READ_RAW_DATA filter '
             . 'starts') or print "# $s->{output}$s->{error_log}\n";
    my $port = $s->{port};
    my ($r, $info, $e);

    ($r) = one(port => $port, data => req(GET => '/old/same',
                                          Connection => 'close'));
    $e = echo($r->{body});
    ok t_cmp($e->{uri}, '/new/same', 'READ_RAW_DATA rewrites the request '
             . 'line in place (same length): Apache serves the new URL');

    ($r) = one(port => $port, data => req(GET => '/grow/g?q=1',
                                          Connection => 'close'));
    $e = echo($r->{body});
    ok t_cmp($e->{uri}, '/a-much-longer-prefix/g?q=1', 'READ_RAW_DATA '
             . 'replaces the buffer with a longer one (AllocMem pvInData)');

    ($r) = one(port => $port, data => req(GET => '/shrink-this-long-prefix/s',
                                          Connection => 'close'));
    $e = echo($r->{body});
    ok t_cmp($e->{uri}, '/x/s', 'READ_RAW_DATA shortens the data in place '
             . '(smaller cbInData)');

    ($r) = one(port => $port, data => req(GET => '/new/h',
                                          'X-Rawin-Old' => 'hello',
                                          Connection => 'close'));
    $e = echo($r->{body});
    ok t_cmp($e->{new}, 'hello', 'READ_RAW_DATA renames a request header: '
             . 'Apache sees the new name');
    ok t_cmp($e->{old}, '', 'the old header name is gone');

    ($r) = one(port => $port, data => req(POST => '/new/b',
                                          body => 'an apple a day',
                                          Connection => 'close'));
    $e = echo($r->{body});
    ok t_cmp($e->{body}, 'an APPLE a day', 'body bytes reach the handler '
             . 'rewritten (READBYTES)');
    ok t_cmp($e->{length}, 14, 'same-length body rewrite keeps '
             . 'Content-Length');

    my $head = req(POST => '/new/b2', Connection => 'close',
                   body => 'apple pie');
    $head =~ s/apple pie\z//;
    ($r) = one(port => $port, chunks => [$head, 'apple pie'], pause => 0.2);
    ok t_cmp(echo($r->{body})->{body}, 'APPLE pie', 'a body arriving in a '
             . 'later read than the head is rewritten too');

    ($r) = one(port => $port, data => req(POST => '/new/r',
                                          'X-Rawin-Body' => 'resize',
                                          Connection => 'close',
                                          body => 'banana split banana'));
    $e = echo($r->{body});
    ok t_cmp($e->{body}, 'kiwi split kiwi', 'a filter shortening the body '
             . 'and fixing Content-Length: the handler gets the new body');
    ok t_cmp($e->{length}, 15, '... and the new Content-Length');

    $head = req(POST => '/new/r2', 'X-Rawin-Body' => 'resize',
                Connection => 'close', body => 'banana bread, banana');
    $head =~ s/banana bread, banana\z//;
    ($r) = one(port => $port, pause => 0.15,
               chunks => [$head, 'banana br', 'ead, banana']);
    $e = echo($r->{body});
    ok t_cmp("$e->{length}:$e->{body}", '16:kiwi bread, kiwi', 'READ_NEXT '
             . 'holds a trickled body until the filter has all of it');

    my $big = join '', map { sprintf "%06d-xyz\n", $_ } 1 .. 10000;
    ($r) = one(port => $port, data => req(POST => '/new/big', body => $big,
                                          Connection => 'close'));
    $e = echo($r->{body});
    ok t_cmp(length($e->{body} // ''), length($big), 'a 110000-byte body '
             . 'passes the raw input filter whole');
    ok t_cmp($e->{body} eq $big ? 1 : 0, 1, '... byte for byte');

    my $chunked = "POST /new/c HTTP/1.1\r\nHost: localhost\r\n"
                . "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                . "6\r\napple \r\n5\r\nsauce\r\n0\r\n\r\n";
    ($r) = one(port => $port, data => $chunked);
    ok t_cmp(echo($r->{body})->{body}, 'APPLE sauce', 'a chunked body '
             . '(chunk-size lines read with GETLINE) is rewritten');

    # Pipelining: three requests in one write, a blank line before the
    # third (Apache's pipeline check eats it with SPECULATIVE + READBYTES).
    my $pipe = req(GET => '/old/p1') . req(GET => '/index.html')
             . "\r\n" . req(GET => '/grow/p3', Connection => 'close');
    my $rawp;
    ($rawp, $info) = raw_request(port => $port, data => $pipe);
    my @res = parse_responses($rawp);
    ok t_cmp(scalar(@res), 3, 'three pipelined requests through a raw-read '
             . 'filter: three responses');
    ok t_cmp(join(',', map { $_->{status} } @res), '200,200,200',
             'all three answered 200');
    ok t_cmp(echo($res[0]->{body})->{uri}, '/new/p1',
             'pipelined response 1 is request 1, rewritten');
    ok t_cmp($res[1]->{body}, qr/rawin index/,
             'pipelined response 2 is request 2 (a static file)');
    ok t_cmp(echo($res[2] ? $res[2]->{body} : '')->{uri},
             '/a-much-longer-prefix/p3',
             'pipelined response 3 is request 3, rewritten');
    ok t_cmp($info->{closed}, 1, 'the connection closes after the last '
             . '(Connection: close)');

    # Keep-alive: a second request after the first answer, same socket.
    my $sock = raw_connect(port => $port);
    print $sock req(GET => '/old/k1');
    my $one = '';
    my $deadline = Time::HiRes::time() + 5;
    while (Time::HiRes::time() < $deadline) {
        my ($part) = read_response_bytes($sock, 0.2);
        $one .= $part;
        my @r = parse_responses($one);
        last if @r and !$r[0]->{incomplete};
    }
    print $sock req(GET => '/old/k2', Connection => 'close');
    my ($two, $kinfo) = read_response_bytes($sock, 5);
    close $sock;
    ok t_cmp(echo((parse_responses($one))[0]->{body})->{uri}, '/new/k1',
             'keep-alive: first request rewritten');
    ok t_cmp(echo(((parse_responses($two))[0] || {})->{body})->{uri},
             '/new/k2', 'keep-alive: the second request on the same '
             . 'connection is rewritten too');

    my ($rawf, $finfo) = raw_request(port => $port,
        data => req(GET => '/new/f', 'X-Rawin-Finish' => 1));
    ok t_cmp(length($rawf), 0, 'READ_RAW_DATA FINISHED: no response');
    ok t_cmp($finfo->{closed}, 1, 'READ_RAW_DATA FINISHED: the connection '
             . 'closes');

    $s->{stop}->();
    my $log = ISF::RawIn::slurp("$s->{dir}/error_log");
    ok t_cmp($log, qr/raw filters added:.*ISAPI_FILTER_RAW_IN/,
             'trace1: the raw input filter is added on connections of a '
             . 'server with a READ_RAW_DATA filter');
}

# ---- no READ_RAW_DATA filter: no raw input filter --------------------------
# Global filters for SEND_RESPONSE and SEND_RAW_DATA, none for READ_RAW_DATA.
{
    my $s = rawin_start($fx, ['filters/tag_response.so',
                              'filters/rawin_mark_out.so']);
    my ($r) = one(port => $s->{port},
                  data => req(GET => '/marker.txt', Connection => 'close'));
    ok t_cmp($r->{headers}->{'x-isf-tag'}, 'tag_response',
             'control: a global SEND_RESPONSE filter runs');
    ok t_cmp($r->{body}, "before RAWIN-MARKER after\n",
             'control: a global SEND_RAW_DATA filter runs');
    $s->{stop}->();
    my $log = ISF::RawIn::slurp("$s->{dir}/error_log");
    ok t_cmp($log =~ /raw filters added: ISAPI_FILTER_RAW_OUT \(/ ? 1 : 0, 1,
             'trace1: the raw output filter alone is added');
    ok t_cmp($log =~ /ISAPI_FILTER_RAW_IN/ ? 1 : 0, 0, 'a connection on '
             . 'which no filter registered READ_RAW_DATA gets no raw input '
             . 'filter');
}

# ---- READ_NEXT until the whole head, ISAPIFilterReadLimit 2048 -------------
{
    my $s = rawin_start($fx, ['filters/rawin_wholehead.so'],
                        extra => 'ISAPIFilterReadLimit 2048');
    my $port = $s->{port};
    my $head = req(GET => '/index.html', 'X-Trickle' => 'a few bytes at a '
                   . 'time', Connection => 'close');
    my @chunks = unpack '(a5)*', $head;
    my ($r) = one(port => $port, chunks => \@chunks, pause => 0.01);
    ok t_cmp($r->{status}, 200, 'a head trickled 5 bytes at a time to a '
             . 'filter answering READ_NEXT until CRLFCRLF: served');
    ok t_cmp($r->{body}, qr/rawin index/, '... with the right document');
    my ($calls, $held) = ($r->{headers}->{'x-rawin-head'} // '')
        =~ /calls=(\d+) held=(\d+)/;
    ok t_cmp($calls && $calls > 1 ? 1 : 0, 1, 'READ_NEXT: the filter was '
             . 'called again as more bytes came (calls=' . ($calls // '?')
             . ')');
    ok t_cmp($held, length($head), 'READ_NEXT: the last call held the '
             . 'whole head, accumulated');

    # Keep-alive: the filter re-arms at END_OF_REQUEST.
    my $sock = raw_connect(port => $port);
    my $h1 = req(GET => '/index.html');
    for my $c (unpack '(a7)*', $h1) {
        print $sock $c;
        Time::HiRes::sleep(0.01);
    }
    my $got = '';
    my $deadline = Time::HiRes::time() + 5;
    while (Time::HiRes::time() < $deadline) {
        my ($part) = read_response_bytes($sock, 0.2);
        $got .= $part;
        my @r = parse_responses($got);
        last if @r and !$r[0]->{incomplete};
    }
    my $h2 = req(GET => '/index.html', Connection => 'close');
    for my $c (unpack '(a7)*', $h2) {
        print $sock $c;
        Time::HiRes::sleep(0.01);
    }
    my ($more) = read_response_bytes($sock, 5);
    close $sock;
    my @res = parse_responses($got . $more);
    ok t_cmp(join(',', map { $_->{status} } @res), '200,200', 'two trickled '
             . 'requests on one keep-alive connection');
    ok t_cmp((($res[1] || {})->{headers}->{'x-rawin-head'} // '')
             =~ /held=(\d+)/ ? $1 : -1, length($h2), 'the second head was '
             . 'also held whole');

    # A body bigger than the limit, sent in one write: no filter holds it
    # (the head ended), so ReadLimit does not apply.
    my $body = 'x' x 6000;
    ($r) = one(port => $port, data => req(POST => '/new/lim', body => $body,
                                          Connection => 'close'));
    ok t_cmp(length(echo($r->{body})->{body} // ''), 6000,
             'ISAPIFilterReadLimit 2048 bounds only bytes held for READ_NEXT:'
             . ' a 6000-byte body passes');

    # A head that never ends within the limit: one write ...
    my $long = "GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Pad: "
             . ('p' x 3000) . "\r\n\r\n";
    my $info;
    ($r, $info) = one(port => $port, data => $long);
    ok t_cmp($r->{status} >= 400 && $r->{status} < 500 ? 1 : 0, 1,
             "a head past ISAPIFilterReadLimit held for READ_NEXT: 4xx "
             . "(got $r->{status})");
    ok t_cmp($info->{closed}, 1, '... and the connection closes');

    # ... or trickled, 500 bytes at a time.
    ($r, $info) = one(port => $port, chunks => [unpack '(a500)*', $long],
                      pause => 0.02);
    ok t_cmp($r->{status} >= 400 && $r->{status} < 500 ? 1 : 0, 1,
             "a trickled head accumulating past the limit: 4xx "
             . "(got $r->{status})");
    ok t_cmp($info->{closed}, 1, '... and the connection closes');

    # The same server still answers.
    ($r) = one(port => $port, data => req(GET => '/index.html',
                                          Connection => 'close'));
    ok t_cmp($r->{status}, 200, 'the server answers after a ReadLimit '
             . 'refusal');
    $s->{stop}->();
    my $log = ISF::RawIn::slurp("$s->{dir}/error_log");
    ok t_cmp($log, qr/ISF13/, 'the refusal is logged (ISF13)');
}

# ---- SF_REQ_SET_NEXT_READ_SIZE ---------------------------------------------
{
    my $s = rawin_start($fx, ['filters/rawin_readsize.so']);
    my $port = $s->{port};
    my @chunks = ("GET /index.html HTTP/1.1\r\n",
                  "Host: localhost\r\nConnection: close\r\n\r\n");
    my ($r) = one(port => $port, chunks => \@chunks, pause => 0.2);
    my @reads = split /,/, $r->{headers}->{'x-rawin-reads'} // '';
    ok t_cmp($reads[0], length($chunks[0]), 'first read: what the client '
             . 'sent first');
    ok t_cmp($reads[1], 5, 'SF_REQ_SET_NEXT_READ_SIZE 5: the next read '
             . 'carries 5 bytes');
    ok t_cmp($reads[2], length($chunks[1]) - 5, 'the read after it is '
             . 'back to the default size (the rest)');
    ok t_cmp($r->{headers}->{'x-rawin-set'}, 'zero=FALSE:87 five=TRUE',
             'SET_NEXT_READ_SIZE 0 is refused (ERROR_INVALID_PARAMETER), '
             . '5 accepted');

    # Default reads are at most 8192 bytes: a 20000-byte body, then a
    # second request reports every read of the connection.
    my $body = 'y' x 20000;
    my $sock = raw_connect(port => $port);
    print $sock req(POST => '/new/rs', body => $body);
    my $got = '';
    my $deadline = Time::HiRes::time() + 5;
    while (Time::HiRes::time() < $deadline) {
        my ($part) = read_response_bytes($sock, 0.2);
        $got .= $part;
        my @r = parse_responses($got);
        last if @r and !$r[0]->{incomplete};
    }
    print $sock req(GET => '/index.html', Connection => 'close');
    my ($more) = read_response_bytes($sock, 5);
    close $sock;
    my @res = parse_responses($got . $more);
    @reads = split /,/, (($res[1] || {})->{headers}->{'x-rawin-reads'} // '');
    my $max = 0;
    $_ > $max and $max = $_ for @reads;
    ok t_cmp(@reads >= 4 && $max <= 8192 ? 1 : 0, 1, 'READ_RAW_DATA is '
             . 'raised per read of at most 8192 bytes (reads: '
             . join(',', @reads) . ')');
    $s->{stop}->();
}
