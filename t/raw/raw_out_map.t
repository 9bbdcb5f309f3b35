# SEND_RAW_DATA over large static files.  A FILE bucket of at least one
# window, with EnableMMAP On, is raised in place in a private mapping of
# the file: the head first, in a window of its own, then windows at
# multiples of ISAPIFilterWindowSize in the file, each with cbInBuffer =
# cbInData, 16 windows per mapping; what the filters leave in place goes
# down once per mapping.  In-place edits reach the client, never the
# file; filters that write to most pages, or replace most windows with
# their own memory, send the rest of the file, and the connection's later
# files, through the read path; WriteClient from a
# body window lands right after the windows before it; once the filter
# disables SEND_RAW_DATA the rest passes untouched.  EnableMMAP Off and
# files smaller than a window are read into the window instead.  The
# trace5 log says which path each FILE bucket took.  Filter: t/filters/rawout_map.c; scenarios isf_rawout_map
# (64 KiB windows), isf_rawout_map_4k, isf_rawout_map_read (EnableMMAP
# Off).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(rawout_dir gen_file parse_stream raw_sum exchange
                   error_log_lines);

plan tests => 38, need_module 'isapi_filter';

# 300 KiB + 17 bytes: 9600 numbered lines of 32 bytes and a short one.
my $SIZE = 300 * 1024 + 17;
my $content = join('', map { sprintf "%06d the quick brown fox ran.\n", $_ }
                           0 .. 9599) . "the quick end!!!\n";
die "map300k.bin: wrong size" unless length $content == $SIZE;
my $url = gen_file('map300k.bin', $content);
my $file = catfile(rawout_dir(), 'map300k.bin');
(my $edited = $content) =~ tr/q/Q/;
my $fox = "the quick brown fox jumps over the lazy dog\n";
my $fox_url = gen_file('fox.txt', $fox);

sub req {
    my ($u, @h) = @_;
    return "GET $u HTTP/1.1\r\nHost: localhost\r\n"
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

# The requests one after another on one keep-alive connection: (the
# isapi_filter trace lines about FILE buckets the connection logged,
# the responses, each with the filter's report).
sub talk {
    my ($module, @reqs) = @_;
    my (undef, $at) = error_log_lines(qr/^$/);
    my $sock = raw_connect(module => $module);
    my $port = $sock->sockport;
    my @res;
    for my $r (@reqs) {
        my ($raw) = exchange($sock, $r, responses => 1, reports => 1);
        push @res, grep { !$_->{report_only} } parse_stream($raw);
    }
    close $sock;
    my ($lines) = error_log_lines(
        qr/\[client 127\.0\.0\.1:$port\] SEND_RAW_DATA: FILE bucket/, $at);
    return ($lines, @res);
}

sub mapped {
    my $lines = shift;
    return [map { /mapped chunk of (\d+) bytes at offset (\d+)/ ? "$1\@$2"
                                                                 : () }
            @$lines];
}

sub read_path {
    my $lines = shift;
    return [map { /read into the window \((.*)\)/ ? $1 : () } @$lines];
}

# Each FILE bucket's path in order: SIZE@OFFSET for a mapped piece,
# "read (REASON)" for the read path.
sub paths {
    my $lines = shift;
    return join ' ', map {
        /mapped chunk of (\d+) bytes at offset (\d+)/ ? "$1\@$2"
        : /read into the window \((.*)\)/ ? "read ($1)" : ()
    } @$lines;
}

# Status and body of a response, '' for what did not arrive.
sub st { return $_[0]->{status} // '' }
sub body { return $_[0]->{body} // '' }

sub body_windows {
    my $r = shift;
    my $b = ($r->{report} || {})->{body} // '-';
    return $b eq '-' ? () : split /,/, $b;
}

# "<cbInData>/<cbInBuffer>" of the head's window: its cbInData when
# cbInBuffer is no less and no more than a 64 KiB window, else the pair.
sub head_window {
    my $h = shift // '';
    my ($len, $cap) = $h =~ m{^(\d+)/(\d+)$} or return $h;
    return $cap >= $len && $cap <= 65536 ? $len : $h;
}

# The file with a 16-byte marker in place of the 16 bytes at $off.
sub injected {
    my ($k, $off) = @_;
    my $want = $content;
    substr($want, $off, 16) = sprintf "<<INJECT-%04d>>\n", $k;
    return $want;
}

# ---- mapped, 64 KiB windows ---------------------------------------------

{
    my ($lines, $r) = talk('isf_rawout_map', req($url));
    my $rep = $r->{report} || {};
    ok t_cmp(st($r) eq '200' && body($r) eq $content, 1,
             '300 KiB + 17 through a pass-through raw filter: '
             . 'byte-identical');
    ok t_cmp(($rep->{bytes} // '') . ' ' . ($rep->{sum} // ''),
             length($r->{raw} // '') . ' ' . raw_sum($r->{raw} // ''),
             'the filter saw exactly the bytes on the wire');
    # The head arrives as a heap bucket and is raised in its own memory:
    # cbInBuffer is its length and some room, within the window size.
    ok t_cmp(head_window($rep->{head}), length($r->{head} // ''),
             'the head is raised in a window of its own');
    ok t_cmp(join(',', body_windows($r)),
             join(',', ('65536/65536') x 4, '45073/45073'),
             'body windows start at multiples of the window in the file; '
             . 'cbInBuffer is each window\'s own length');
    ok t_cmp(join(' ', @{ mapped($lines) }), "$SIZE\@0",
             'the file was mapped, in one piece (trace log)');
    ok t_cmp(scalar @{ read_path($lines) }, 0,
             'and not read into the window');
}

{
    my ($lines, @r) = talk('isf_rawout_map',
                           req($url, 'X-Raw-Map: inplace'),
                           req($url, 'X-Raw-Map: inplace'), req($url));
    ok t_cmp(body($r[0]) eq $edited, 1,
             'edits in place in the mapped windows reach the client');
    ok t_cmp(body($r[1]) eq $edited, 1,
             'a second request: the same edited bytes');
    ok t_cmp(body($r[2]) eq $content, 1,
             'an unedited request after them: the original bytes');
    open my $fh, '<:raw', $file or die "$file: $!";
    my $disk = do { local $/; <$fh> };
    close $fh;
    ok t_cmp($disk eq $content, 1,
             'the file on disk is unchanged (the mapping is private)');
    my $w = 'read (the filters write in place)';
    ok t_cmp(paths($lines), "$SIZE\@0 $w $w $w",
             'a filter that writes to every page: after the first window '
             . 'the file is read into the window instead, and so are the '
             . 'later ones on the connection');
}

{
    my ($lines, @r) = talk('isf_rawout_map',
                           req($url, 'X-Raw-Map: copy'),
                           req($url, 'X-Raw-Map: copy'));
    ok t_cmp(body($r[0]) eq $edited && body($r[1]) eq $edited, 1,
             'windows replaced by a buffer the filter reuses: the edited '
             . 'bytes, twice');
    my $w = 'read (the filters replace the windows)';
    ok t_cmp(paths($lines), "$SIZE\@0 $w $w",
             'after the first window (which saves nothing) the file is '
             . 'read into the window instead, and so is the next one');
}

{
    my ($lines, $r) = talk('isf_rawout_map_4k',
                           req($url, 'X-Raw-Map: inplace'));
    ok t_cmp(body($r) eq $edited, 1,
             '4 KiB windows: edits in place reach the client');
    ok t_cmp(paths($lines), '65536@0 read (the filters write in place)',
             'the first 16 windows were edited in the mapping, the rest '
             . 'read into the window');
}

{
    my ($lines, @r) = talk('isf_rawout_map',
                           req($url, 'X-Raw-Map: inject=3'),
                           req($url, 'X-Raw-Map: inject=1'));
    ok t_cmp(st($r[0]) eq '200'
             && body($r[0]) eq injected(3, 2 * 65536), 1,
             'WriteClient from body window 3 lands after windows 1 and 2, '
             . 'which were raised before it');
    ok t_cmp(st($r[1]) eq '200' && body($r[1]) eq injected(1, 0), 1,
             'WriteClient from body window 1 lands after the head');
}

{
    my ($lines, $r) = talk('isf_rawout_map', req($url, 'X-Raw-Map: disable=1'));
    ok t_cmp(body($r) eq $content, 1,
             'SEND_RAW_DATA disabled after body window 1: the rest arrives '
             . 'intact');
    ok t_cmp(($r->{report} || {})->{windows} // '', 2,
             'the filter saw the head and one body window');
}

{
    my ($lines, $r) = talk('isf_rawout_map', req($fox_url));
    ok t_cmp(body($r), $fox, 'a file smaller than a window arrives whole');
    ok t_cmp(join(' ', @{ read_path($lines) }), 'smaller than a window',
             'and was read into the window (trace log)');
}

# ---- mapped, 4 KiB windows: several mappings per file -------------------

{
    my ($lines, $r) = talk('isf_rawout_map_4k', req($url));
    my @w = body_windows($r);
    ok t_cmp(body($r) eq $content, 1,
             '4 KiB windows: byte-identical');
    ok t_cmp(join(' ', @{ mapped($lines) }),
             '65536@0 65536@65536 65536@131072 65536@196608 45073@262144',
             'mapped 16 windows at a time, the short last window with the '
             . 'windows before it');
    ok t_cmp(scalar(@w) . ' ' . scalar(grep { m{^(\d+)/\1$} } @w)
             . ' ' . ($w[-1] // ''), '76 76 17/17',
             '76 body windows, each with cbInBuffer = cbInData, the last '
             . 'one 17 bytes');
    ok t_cmp(($r->{report} || {})->{sum}, raw_sum($r->{raw} // ''),
             'the filter saw exactly the bytes on the wire');
}

{
    my ($lines, @r) = talk('isf_rawout_map_4k',
                           req($url, 'X-Raw-Map: inject=17'),
                           req($url, 'X-Raw-Map: inject=20'));
    ok t_cmp(body($r[0]) eq injected(17, 16 * 4096), 1,
             'WriteClient from the first window of the second mapping');
    ok t_cmp(body($r[1]) eq injected(20, 19 * 4096), 1,
             'WriteClient from the fourth window of the second mapping: '
             . 'after the three before it');
}

{
    my ($lines, $r) = talk('isf_rawout_map_4k',
                           req($url, 'X-Raw-Map: disable=1'));
    ok t_cmp(body($r) eq $content, 1,
             '4 KiB windows, disabled after body window 1: intact');
    ok t_cmp(($r->{report} || {})->{windows} // '', 2,
             'the filter saw the head and one body window');
    ok t_cmp(join(' ', @{ mapped($lines) }), "65536\@0",
             'the rest of the file was not mapped again: it passed '
             . 'untouched');
}

{
    my $sock = raw_connect(module => 'isf_rawout_map_4k');
    my ($raw, $closed) = exchange($sock, req($url, 'X-Raw-Map: finish=20'));
    close $sock;
    my ($r) = parse_stream($raw);
    ok t_cmp(st($r) eq '200' && body($r) eq substr($content, 0, 20 * 4096)
             && $closed, 1,
             'FINISHED from body window 20: windows 1-20 arrive, then the '
             . 'connection closes');
}

{
    my ($lines, $r) = talk('isf_rawout_map_4k',
                           req($url, 'Range: bytes=1000-200000'));
    ok t_cmp(st($r) eq '206'
             && body($r) eq substr($content, 1000, 199001), 1,
             'a byte range (a FILE bucket starting inside a page): the '
             . 'right bytes');
    ok t_cmp(join(' ', @{ mapped($lines) }),
             '65536@1000 65536@66536 67929@132072',
             'mapped from the range\'s offset');
    ok t_cmp(($r->{report} || {})->{sum}, raw_sum($r->{raw} // ''),
             'the filter saw exactly the bytes on the wire');
}

# ---- EnableMMAP Off: read into the window -------------------------------

{
    my ($lines, $r) = talk('isf_rawout_map_read', req($url));
    ok t_cmp(body($r) eq $content, 1, 'EnableMMAP Off: byte-identical');
    ok t_cmp(join(' ', @{ read_path($lines) }) . ' / '
             . scalar @{ mapped($lines) }, 'EnableMMAP Off / 0',
             'the file was read into the window, not mapped (trace log)');
    # Every call's bytes are raised before it returns, and Apache passes
    # the head in a call of its own: the head comes alone, as IIS raises it.
    my $head_len = index($r->{raw} // '', "\r\n\r\n") + 4;
    ok t_cmp(head_window(($r->{report} || {})->{head}), $head_len,
             'the head is a window of its own, the body follows');
    ok t_cmp(($r->{report} || {})->{sum}, raw_sum($r->{raw} // ''),
             'the filter saw exactly the bytes on the wire');
}
