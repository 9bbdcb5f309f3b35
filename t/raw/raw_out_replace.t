# examples/replace_text.c, the response rewriter (Microsoft-IIS -> Apache
# httpd) over 256-byte SEND_RAW_DATA windows: the text split across window
# boundaries at every offset, in Content-Length responses (static files,
# re-framed as chunked) and chunked ones (CGI output, de-chunked and
# re-chunked, the text also split by chunk framing at every offset), every
# response checked through LWP; plus what it must leave alone, HEAD, 304,
# HTTP/1.0, keep-alive and pipelining.  Scenario: isf_rawout_replace.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest ();
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(gen_file parse_stream exchange);

plan tests => 52, need_module 'isapi_filter', need_module 'cgid';

my $FROM = 'Microsoft-IIS';
my $TO = 'Apache httpd';
my $WINDOW = 256;
my $CGI = '/rawout-cgi/rawout_pieces.pl';

sub expected {
    (my $s = shift) =~ s/\Q$FROM\E/$TO/g;
    return $s;
}

# Filler that cannot run into the text by accident.
sub filler {
    my $n = shift;
    my $s = join '', map { chr(ord('a') + $_ % 26) } 0 .. $n - 1;
    return $s;
}

Apache::TestRequest::module('isf_rawout_replace');
my $ua = Apache::TestRequest::user_agent(reset => 1, keep_alive => 1);
my $base = Apache::TestRequest::resolve_url('/');
$base =~ s{/$}{};

# GET through LWP (keep-alive): (response, failure description or '').
sub lwp_check {
    my ($url, $want, %opt) = @_;
    my $res = $ua->get("$base$url");
    return ($res, 'status ' . $res->code) unless $res->code == 200;
    my $te = $res->header('Client-Transfer-Encoding') // '';
    return ($res, "not chunked ($te)") unless $te =~ /chunked/;
    return ($res, 'Content-Length ' . $res->header('Content-Length'))
        if defined $res->header('Content-Length');
    my $got = $res->content;
    unless ($got eq $want) {
        my $i = 0;
        $i++ while $i < length $got
                   and substr($got, $i, 1) eq substr($want, $i, 1);
        return ($res, "body differs at byte $i: '"
                      . substr($got, $i > 20 ? $i - 20 : 0, 50) . "'");
    }
    return ($res, '');
}

# ---- Content-Length responses: the text at every offset ------------------

# Same-size documents with the text at body offset k: with heads of one
# length, the text meets every window boundary at every split point.
{
    my (@bad, $n);
    for my $k (0 .. $WINDOW + length $FROM) {
        my $doc = filler($k) . $FROM . filler(600 - $k - length $FROM);
        my $url = gen_file(sprintf('at_%03d.html', $k), $doc);
        my (undef, $why) = lwp_check($url, expected($doc));
        push @bad, "offset $k: $why" if $why;
        $n++;
    }
    ok t_cmp("@bad", '', "static: $n documents with the text at offsets "
             . "0..$n across the window boundaries, each rewritten");
}

# One document whose occurrences step through every phase of the window.
my %docs;
for my $stride ($WINDOW + 1, $WINDOW - 1, 2 * $WINDOW + 3) {
    $docs{"stride_$stride"} = join '',
        map { filler($stride - length $FROM) . $FROM } 1 .. $WINDOW + 20;
}
$docs{adjacent} = join '', ($FROM) x 100;
$docs{prefixes} = join '', map { substr($FROM, 0, $_) . $FROM . 'x' }
                           1 .. length $FROM;
$docs{repeats} = ('Micro' x 40) . 'Microsoft-IIMicrosoft-IIS' . ('M' x 300)
               . 'Microsoft-IIS';
$docs{ends_partial} = filler(500) . 'Microsoft-II';
$docs{only} = $FROM;
$docs{one_byte} = 'M';
$docs{empty} = '';
$docs{none} = filler(3000);
$docs{longer_lines} = join "\n", map { "<p>$_ $FROM $_</p>" } 1 .. 400;

for my $name (sort keys %docs) {
    my $url = gen_file("$name.html", $docs{$name});
    my (undef, $why) = lwp_check($url, expected($docs{$name}));
    ok t_cmp($why, '', "static $name.html (" . length($docs{$name})
                       . " bytes): rewritten, chunked, no Content-Length");
}

# ---- chunked responses (CGI) -----------------------------------------------

for my $name (qw(stride_257 stride_255 prefixes repeats ends_partial empty)) {
    my (undef, $why) = lwp_check("$CGI?f=$name.html&pause=0",
                                 expected($docs{$name}));
    ok t_cmp($why, '', "CGI $name.html: de-chunked, rewritten, re-chunked");
}

# The text split by chunk framing at every offset (each piece of the CGI's
# output becomes a chunk: "5\r\nMicro\r\n8\r\nsoft-IIS\r\n").
{
    my $doc = filler(100) . $FROM . filler(100) . $FROM . filler(50);
    gen_file('split.html', $doc);
    my @bad;
    for my $j (0 .. length $FROM) {
        my $cut = 100 + $j;
        my $cut2 = 213 + length($FROM) - $j;
        my (undef, $why) = lwp_check("$CGI?f=split.html&cut=$cut,"
                                     . ($cut + 1) . ",$cut2&pause=0.02",
                                     expected($doc));
        push @bad, "split at $j: $why" if $why;
    }
    ok t_cmp("@bad", '', 'CGI: the text split between chunks at every '
                         . 'offset, and a 1-byte chunk inside it');
}

# ---- what it leaves alone --------------------------------------------------

{
    my $bin = filler(100) . $FROM . filler(100);
    my $url = gen_file('data.bin', $bin);
    my $res = $ua->get("$base$url");
    ok t_cmp($res->content, $bin, 'not text/*: the body is untouched');
    ok t_cmp($res->header('Content-Length'), length $bin,
             'and keeps its Content-Length');

    $res = $ua->get("$base$CGI?f=data.bin&type=application%2Foctet-stream");
    ok t_cmp($res->content, $bin, 'not text/*, chunked: untouched');

    $res = $ua->get("$base/rawout/no-such-page.html");
    ok t_cmp($res->code, 404, 'a 404 passes');
    ok t_cmp(defined $res->header('Content-Length'), 1,
             'untouched, with its Content-Length');

    # Range: the filter removes it, so the response is whole and rewritten.
    my $doc = $docs{stride_257};
    $res = $ua->get("$base/rawout/stride_257.html", Range => 'bytes=0-99');
    ok t_cmp($res->code, 200, 'Range dropped: a 200, not a 206');
    ok t_cmp($res->content eq expected($doc), 1, 'whole and rewritten');
    ok t_cmp($res->header('Accept-Ranges'), undef,
             'rewritten responses do not offer ranges');
    my $etag = $res->header('ETag') // '';
    ok t_cmp($etag, qr{^W/"}, 'and carry a weak ETag');

    $res = $ua->get("$base/rawout/stride_257.html", 'If-None-Match' => $etag);
    ok t_cmp($res->code, 304, 'If-None-Match with that ETag: 304');
    ok t_cmp($res->content, '', 'without a body');
}

# ---- HEAD, 304, keep-alive and pipelining on one connection --------------

sub req {
    my ($method, $url, @h) = @_;
    return "$method $url HTTP/1.1\r\nHost: localhost\r\n"
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

{
    my $doc = $docs{stride_257};
    my $etag_res = $ua->get("$base/rawout/stride_257.html");
    my $etag = $etag_res->header('ETag');
    my @methods = qw(GET HEAD GET GET GET GET);
    my $sock = raw_connect(module => 'isf_rawout_replace');
    my ($raw) = exchange($sock,
        req(GET => '/rawout/prefixes.html')
        . req(HEAD => '/rawout/stride_257.html')
        . req(GET => "$CGI?f=repeats.html&cut=5,17&pause=0.02")
        . req(GET => '/rawout/stride_257.html', "If-None-Match: $etag")
        . req(GET => '/rawout/data.bin')
        . req(GET => '/rawout/ends_partial.html', 'Connection: close'),
        responses => 6, methods => \@methods);
    close $sock;
    my @res = parse_stream($raw, methods => \@methods);
    ok t_cmp(scalar(@res), 6, 'six pipelined requests: six responses');
    ok t_cmp(join(',', map { $_->{status} // '-' } @res),
             '200,200,200,304,200,200', 'statuses in order');
    ok t_cmp(join(',', map { $_->{framing} // '-' } @res),
             'chunked,none,chunked,none,length,chunked',
             'framing: rewritten ones chunked, HEAD and 304 without a '
             . 'body, the untouched one with Content-Length');
    ok t_cmp($res[0]->{body}, expected($docs{prefixes}),
             'pipelined static page rewritten');
    ok t_cmp($res[1]->{headers}->{'transfer-encoding'}, 'chunked',
             'HEAD: the head says what GET would (chunked)');
    ok t_cmp($res[1]->{headers}->{'content-length'}, undef,
             'HEAD: no Content-Length');
    ok t_cmp($res[2]->{body}, expected($docs{repeats}),
             'pipelined CGI output rewritten');
    ok t_cmp($res[4]->{body}, filler(100) . $FROM . filler(100),
             'pipelined binary file untouched');
    ok t_cmp($res[5]->{body}, expected($docs{ends_partial}),
             'a partial text at the very end goes out at END_OF_REQUEST');
    ok t_cmp(grep({ $_->{incomplete} || $_->{garbage} } @res), 0,
             'every response complete, no stray bytes');
}

# ---- HTTP/1.0: Content-Length dropped, the connection closes ---------------

for my $conn ('', 'Connection: keep-alive') {
    my $what = $conn ? 'HTTP/1.0 keep-alive' : 'HTTP/1.0';
    my $sock = raw_connect(module => 'isf_rawout_replace');
    my $t0 = time;
    my ($raw, $closed) = exchange($sock,
        "GET /rawout/repeats.html HTTP/1.0\r\n"
        . ($conn ? "$conn\r\n" : '') . "\r\n", idle => 4);
    my $secs = time - $t0;
    close $sock;
    my ($r) = parse_stream($raw);
    ok t_cmp($r->{headers}->{connection}, 'close',
             "$what: the rewritten head says Connection: close");
    ok t_cmp($r->{framing}, 'close', "$what: no Content-Length, not chunked");
    ok t_cmp($r->{body}, expected($docs{repeats}),
             "$what: the body, rewritten, ends with the connection");
    ok t_cmp($closed && $secs < 3, 1, "$what: the server closed it at once");
}

# ---- 100 Continue: an interim head passes, the final one is rewritten -------

{
    my $sock = raw_connect(module => 'isf_rawout_replace');
    my ($raw) = exchange($sock, "POST $CGI?f=repeats.html HTTP/1.1\r\n"
        . "Host: localhost\r\nContent-Type: text/plain\r\n"
        . "Content-Length: 3\r\nExpect: 100-continue\r\n"
        . "Connection: close\r\n\r\n", responses => 1);
    my ($rest) = exchange($sock, 'a=1', responses => 1);
    close $sock;
    ok t_cmp($raw, "HTTP/1.1 100 Continue\r\n\r\n",
             '100 Continue passes the rewriter unchanged');
    my ($r) = parse_stream($rest);
    ok t_cmp($r->{framing}, 'chunked', 'the final response: chunked');
    ok t_cmp($r->{body}, expected($docs{repeats}), 'and rewritten');
}
