# SEND_RAW_DATA: what filters see (the bytes on the wire, in windows no
# larger than ISAPIFilterWindowSize), what they may do with a window (edit
# it in place, shorten it, grow it within cbInBuffer, swallow it, replace
# it with their own buffer), and where WriteClient bytes from SEND_RAW_DATA
# and END_OF_REQUEST land with keep-alive and pipelining.
# Scenarios: isf_rawout_record, _edit, _swallow, _inject (raw_out.conf.in).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(gen_file gen_big_file parse_stream crc32 raw_sum
                   exchange);

plan tests => 62, need_module 'isapi_filter', need_module 'cgid';

my $WINDOW = 256;   # ISAPIFilterWindowSize of isf_rawout_record

my $fox = "the quick brown fox jumps over the lazy dog\n";
my $fox_url = gen_file('fox.txt', $fox);
my $small = join '', map { "line $_ of a small page\n" } 1 .. 60;
my $small_url = gen_file('small.html', $small);
my $empty_url = gen_file('empty.html', '');
my $one_url = gen_file('one.txt', 'x');
my $cgi = '/rawout-cgi/rawout_pieces.pl?f=small.html&cut=100,700&pause=0.1';

sub req {
    my ($method, $url, @h) = @_;
    return "$method $url HTTP/1.1\r\nHost: localhost\r\n"
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

# One connection, the given requests written at once; the parsed stream.
sub talk {
    my ($module, $requests, %opt) = @_;
    my $sock = raw_connect(module => $module);
    my ($raw, $closed) = exchange($sock, join('', @$requests), %opt);
    close $sock;
    return ($raw, $closed, parse_stream($raw, methods => $opt{methods}));
}

# The report the recorder wrote after a response agrees with what arrived.
sub report_matches {
    my ($res, $what) = @_;
    my $rep = $res->{report} || {};
    ok t_cmp($rep->{bytes}, length $res->{raw},
             "$what: SEND_RAW_DATA saw as many bytes as went on the wire");
    ok t_cmp($rep->{sum}, raw_sum($res->{raw}),
             "$what: SEND_RAW_DATA saw exactly the bytes on the wire "
             . "(status line, headers, framing, body)");
}

sub windows_ok {
    my ($res, $what) = @_;
    my $rep = $res->{report} || {};
    ok t_cmp($rep->{max} <= $WINDOW && $rep->{buffer} == $WINDOW, 1,
             "$what: no window exceeds ISAPIFilterWindowSize "
             . "(max cbInData $rep->{max}, cbInBuffer $rep->{buffer})");
    ok t_cmp($rep->{windows} >= int(($rep->{bytes} + $WINDOW - 1) / $WINDOW),
             1, "$what: $rep->{bytes} bytes took $rep->{windows} windows");
}

# ---- the bytes and the windows ------------------------------------------

{
    my ($raw, $closed, @res) = talk('isf_rawout_record',
        [req(GET => $small_url, 'Connection: close')]);
    my $r = $res[0];
    ok t_cmp($r->{status}, 200, 'static page through the recorder: 200');
    ok t_cmp($r->{body}, $small, 'static page arrives unchanged');
    ok t_cmp(substr($raw, 0, 9), 'HTTP/1.1 ',
             'the raw stream starts with the status line');
    report_matches($r, 'Content-Length response');
    windows_ok($r, 'Content-Length response');
    ok t_cmp(scalar(@res), 1, 'one response, one report, nothing else');
}

{
    my ($raw, $closed, @res) = talk('isf_rawout_record',
        [req(GET => $cgi, 'Connection: close')]);
    my $r = $res[0];
    ok t_cmp($r->{framing}, 'chunked', 'CGI output goes out chunked');
    ok t_cmp($r->{chunks} >= 2, 1, "in several chunks ($r->{chunks})");
    ok t_cmp($r->{body}, $small, 'chunked body arrives unchanged');
    report_matches($r, 'chunked response');
    windows_ok($r, 'chunked response');
}

for my $case (['0-byte', $empty_url, ''], ['1-byte', $one_url, 'x']) {
    my ($name, $url, $body) = @$case;
    my ($raw, $closed, @res) = talk('isf_rawout_record',
        [req(GET => $url, 'Connection: close')]);
    my $r = $res[0];
    ok t_cmp($r->{body}, $body, "$name file arrives whole");
    report_matches($r, "$name response");
}

{
    my ($url, $crc) = gen_big_file('big64.bin', 64 << 20);
    my ($raw, $closed, @res) = talk('isf_rawout_record',
        [req(GET => $url, 'Connection: close')], idle => 5);
    my $r = $res[0];
    ok t_cmp(length $r->{body}, 64 << 20, '64 MiB file: every byte arrives');
    ok t_cmp(crc32($r->{body}), $crc, '64 MiB file: content unchanged');
    report_matches($r, '64 MiB response');
    windows_ok($r, '64 MiB response');
}

# ---- END_OF_REQUEST WriteClient with pipelining -------------------------

{
    my ($raw, $closed, @res) = talk('isf_rawout_record',
        [req(GET => $small_url), req(GET => $cgi),
         req(HEAD => $small_url, 'Connection: close')],
        methods => [qw(GET GET HEAD)]);
    ok t_cmp(scalar(@res), 3,
             'three pipelined requests: three responses, each followed by '
             . 'its END_OF_REQUEST report');
    ok t_cmp(join(',', map { $_->{report}->{req} // '-' } @res), '1,2,-',
             'reports in request order, one per response with a body: '
             . 'nothing may follow a HEAD response\'s head, so the '
             . 'END_OF_REQUEST write after it is dropped');
    ok t_cmp(join(',', map { $_->{framing} // '-' } @res),
             'length,chunked,none', 'Content-Length, chunked, HEAD');
    for my $i (0 .. 1) {
        my $r = $res[$i];
        ok t_cmp($r->{report}->{sum}, raw_sum($r->{raw} // ''),
                 'pipelined response ' . ($i + 1) . ': END_OF_REQUEST bytes '
                 . 'follow its last byte and precede the next response');
    }
    ok t_cmp($res[2]->{raw} // '', qr/\r\n\r\n\z/,
             'the HEAD response is its head alone');
    ok t_cmp($res[1]->{body}, $small, 'pipelined chunked body intact');
    ok t_cmp($closed, 1, 'connection closed after Connection: close');
}

# ---- what a filter may do with a window ---------------------------------

sub edit {
    my $mode = shift;
    my $sock = raw_connect(module => 'isf_rawout_edit');
    my ($raw, $closed) = exchange($sock, req(GET => $fox_url,
        'Connection: close', defined $mode ? "X-Raw-Edit: $mode" : ()));
    close $sock;
    my $at = index($raw, "\r\n\r\n");
    return ($raw, $at < 0 ? undef : substr($raw, $at + 4), $closed);
}

{
    my ($raw, $body) = edit(undef);
    ok t_cmp($body, $fox, 'edit filter without X-Raw-Edit: unchanged');
    my $plain_len = length $raw;

    ($raw, $body) = edit('inplace');
    (my $want = $fox) =~ s/quick/QUICK/;
    ok t_cmp($body, $want, 'bytes changed in place in pvInData go out');

    ($raw, $body) = edit('shorten');
    ($want = $fox) =~ s/brown //;
    ok t_cmp($body, $want, 'a smaller cbInData cuts the window');
    ok t_cmp(length $raw, $plain_len - 6, 'six bytes fewer on the wire');

    ($raw, $body) = edit('grow');
    (my $stripped = $raw) =~ s/!!//g;
    ok t_cmp(substr($raw, -2), '!!',
             'bytes added in place within cbInBuffer go out');
    ok t_cmp(substr($stripped, index($stripped, "\r\n\r\n") + 4), $fox,
             'and nothing else changes');

    my $closed;
    ($raw, $body, $closed) = edit('swallow');
    ok t_cmp($raw, '', 'cbInData = 0 swallows the whole response');
    ok t_cmp($closed, 1, 'and the connection still closes');

    ($raw, $body) = edit('replace');
    ($want = $fox) =~ s/fox/wolf/;
    ok t_cmp($body, $want, 'pvInData pointed at filter memory (longer than '
                           . 'the window) goes out instead');

    ($raw, $body) = edit('overclaim');
    ok t_cmp($raw, qr/^(?:OVERCLAIM)+$/,
             'cbInData past cbInBuffer is cut to cbInBuffer');
}

# A window that holds one whole bucket and nothing else (the head; each
# piece of an HTTP/1.0 CGI body, unchunked) goes down as that bucket when
# the filters left it unchanged, and as the window's bytes when not: an
# edit in place, same pointer and same length, must be seen all the same.
sub edit_pieces {
    my $mode = shift;
    my $sock = raw_connect(module => 'isf_rawout_edit');
    my ($raw) = exchange($sock, "GET /rawout-cgi/rawout_pieces.pl?f=fox.txt"
        . "&cut=4,10&pause=0.2&type=text%2Fplain HTTP/1.0\r\n"
        . "Host: localhost\r\n"
        . (defined $mode ? "X-Raw-Edit: $mode\r\n" : '') . "\r\n");
    close $sock;
    my $at = index($raw, "\r\n\r\n");
    return ($raw, $at < 0 ? undef : substr($raw, $at + 4));
}

{
    my ($raw, $body) = edit_pieces(undef);
    ok t_cmp($body, $fox, 'CGI body in pieces, no edit: unchanged');
    ($raw, $body) = edit_pieces('inplace');
    (my $want = $fox) =~ s/quick/QUICK/;
    ok t_cmp($body, $want, 'a piece edited in place (pointer and length '
                           . 'unchanged) goes out edited');
    ok t_cmp($raw, qr{^HTTP/1\.[01] 200 .*\r\nContent-Type: text/plain\r\n}s,
             'and the unchanged head goes out as it was');
}

# ---- swallow everything, write the response at END_OF_REQUEST -----------

{
    my $sock = raw_connect(module => 'isf_rawout_swallow');
    my ($raw) = exchange($sock, req(GET => $fox_url) . req(GET => $small_url)
                                . req(GET => $one_url), responses => 3);
    my @res = parse_stream($raw);
    ok t_cmp(scalar(@res), 3, 'swallowing filter, three pipelined requests: '
                              . 'three responses written at END_OF_REQUEST');
    my $i = 0;
    for my $url ($fox_url, $small_url, $one_url) {
        my $r = $res[$i++] || {};
        ok t_cmp($r->{body} // '',
                 qr/^swallowed \d+ bytes of response $i for \Q$url\E\n$/,
                 "END_OF_REQUEST response $i answers request $i");
    }
    my ($n) = ($res[1]->{body} // '') =~ /swallowed (\d+)/;
    ok t_cmp($n > length $small, 1,
             'the swallowed bytes were the whole original response');
    # The connection is still usable: keep-alive survived.
    ($raw) = exchange($sock, req(GET => $fox_url, 'Connection: close'));
    close $sock;
    @res = parse_stream($raw);
    ok t_cmp($res[0]->{body} // '', qr/response 4 for/,
             'the same connection carries a fourth request');
}

# ---- WriteClient from SEND_RAW_DATA ---------------------------------------

{
    my $sock = raw_connect(module => 'isf_rawout_inject');
    my ($raw) = exchange($sock, req(GET => $fox_url) . req(GET => $cgi)
                                . req(HEAD => $small_url), responses => 3,
                         methods => [qw(GET GET HEAD)]);
    my @res = parse_stream($raw, methods => [qw(GET GET HEAD)]);
    ok t_cmp(scalar(@res), 3, 'header-adding filter: three pipelined '
                              . 'responses, framing intact');
    ok t_cmp(join(',', map { $_->{headers}->{'x-raw-inject'} // '-' } @res),
             '1,2,3', 'WriteClient from SEND_RAW_DATA lands before the '
                      . 'rest of its window, in each response');
    ok t_cmp($res[0]->{body}, $fox, 'Content-Length body intact');
    ok t_cmp($res[1]->{body}, $small, 'chunked body intact');
    ok t_cmp($res[2]->{headers}->{'content-length'}, length $small,
             'HEAD response head intact');
    ok t_cmp(grep({ $_->{garbage} || $_->{incomplete} } @res), 0,
             'no stray bytes');
    ($raw) = exchange($sock, req(GET => $fox_url, 'Connection: close'));
    close $sock;
    @res = parse_stream($raw);
    ok t_cmp($res[0]->{headers}->{'x-raw-inject'}, 4,
             'keep-alive: the fourth response on the connection');
    ok t_cmp($res[0]->{body}, $fox, 'and its body');
}
