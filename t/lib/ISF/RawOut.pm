package ISF::RawOut;
# t/lib/ISF/RawOut.pm: helpers for the SEND_RAW_DATA tests (t/raw/*.t).
#
#   use ISF::RawOut qw(gen_file parse_stream crc32 ...);
#
# Generated documents live in t/htdocs/rawout/ (git-ignored): gen_file
# writes one there and returns its URL.  The recorder filters
# (t/filters/rawout_record.c, rawout_passhead.c) append a line
# "RAWREPORT k=v ...\r\n" after each response; parse_stream splits a raw
# byte stream into responses, each with the report that followed it.
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use File::Path ();
use File::Spec::Functions qw(catfile catdir);
use Compress::Zlib ();
use IO::Select ();

use Apache::Test ();

our @EXPORT_OK = qw(rawout_dir gen_file gen_big_file parse_stream crc32
                    adler32 raw_sum
                    send_all exchange read_until_idle proc_status proc_io
                    error_log_lines);

# t/htdocs/rawout, made on first use.
sub rawout_dir {
    my $dir = catdir(Apache::Test::vars('documentroot'), 'rawout');
    File::Path::mkpath($dir) unless -d $dir;
    return $dir;
}

sub _slurp {
    my $f = shift;
    open my $fh, '<:raw', $f or return '';
    local $/;
    return scalar <$fh>;
}

# A file written within the second before a request gets a weak ETag
# (W/"...") from Apache, a strong one afterwards: a file just written is
# dated an hour back, so its responses are the same from the first.
sub _backdate {
    my $file = shift;
    my $t = time - 3600;
    utime $t, $t, $file or die "ISF::RawOut: $file: $!\n";
}

# Write t/htdocs/rawout/NAME (unless it already holds exactly $data) and
# return its URL path.
sub gen_file {
    my ($name, $data) = @_;
    my $file = catfile(rawout_dir(), $name);
    unless (-e $file and -s _ == length $data and _slurp($file) eq $data) {
        open my $fh, '>:raw', $file or die "ISF::RawOut: $file: $!\n";
        print $fh $data;
        close $fh or die "ISF::RawOut: $file: $!\n";
        _backdate($file);
    }
    return "/rawout/$name";
}

# A big generated file in t/htdocs/rawout: $size bytes of 64 KiB blocks,
# each starting with its own number (so misplaced bytes show), made once.
# Returns (URL path, CRC-32 of the content).
sub gen_big_file {
    my ($name, $size) = @_;
    my $file = catfile(rawout_dir(), $name);
    my $block = join '', map { sprintf "%07d\n", $_ } 0 .. 8191;   # 64 KiB
    my $have = -s $file;
    my ($crc, $fh) = (0);
    unless (defined $have and $have == $size) {
        open $fh, '>:raw', $file or die "ISF::RawOut: $file: $!\n";
    }
    for (my ($off, $i) = (0, 0); $off < $size; $off += length($block), $i++) {
        my $b = substr(sprintf("%08x", $i) . substr($block, 8), 0,
                       $size - $off);
        $crc = Compress::Zlib::crc32($b, $crc);
        print $fh $b if $fh;
    }
    if ($fh) {
        close $fh or die "ISF::RawOut: $file: $!\n";
        _backdate($file);
    }
    return ("/rawout/$name", $crc);
}

sub crc32 {
    my ($data, $crc) = @_;
    return Compress::Zlib::crc32($data, $crc // 0);
}

# Adler-32 as the recorder reports it (sum=xxxxxxxx), continued from $sum.
sub adler32 {
    my ($data, $sum) = @_;
    return Compress::Zlib::adler32($data, $sum // 1);
}

# The recorder's checksum of $data, formatted as in its report.
sub raw_sum {
    return sprintf '%08x', adler32(@_);
}

# Split a raw byte stream into responses.  Each: { status, proto, headers
# (lc name => value, repeats joined with ", "), header_list, head (bytes),
# body (de-chunked), raw (the response's exact bytes), framing
# ('length'|'chunked'|'close'|'none'), chunks (count), incomplete,
# report => { k => v } when a report line followed: RAWREPORT from
# rawout_record.so, RAWHEAD from rawout_head.so }.  %opt: methods =>
# [...] request methods in order (HEAD: no body).  Bytes that are neither
# a response nor a report end the list as { garbage => bytes }.
sub parse_stream {
    my ($raw, %opt) = @_;
    my @methods = @{ $opt{methods} || [] };
    my @out;
    while (length $raw) {
        if ($raw =~ s/^RAW(?:REPORT|HEAD) ([^\r\n]*)\r\n//) {
            my %rep = map { split /=/, $_, 2 } split / /, $1;
            if (@out and !$out[-1]->{report}) {
                $out[-1]->{report} = \%rep;
            }
            else {
                push @out, { report_only => 1, report => \%rep };
            }
            next;
        }
        unless ($raw =~ m{^HTTP/\d\.\d \d{3}}) {
            push @out, { garbage => $raw };
            last;
        }
        my $end = index($raw, "\r\n\r\n");
        if ($end < 0) {
            push @out, { incomplete => 1, raw => $raw, head => $raw };
            last;
        }
        my $head = substr($raw, 0, $end + 4, '');
        my ($line, @lines) = split /\r\n/, substr($head, 0, $end);
        my %res = (head => $head, headers => {}, header_list => [],
                   body => '', chunks => 0);
        @res{qw(proto status)} = $line =~ m{^(HTTP/\d\.\d) (\d{3})};
        for (@lines) {
            my ($n, $v) = /^([^:]+):\s*(.*?)\s*$/ or next;
            push @{ $res{header_list} }, [$n, $v];
            my $k = lc $n;
            $res{headers}->{$k} = exists $res{headers}->{$k}
                ? "$res{headers}->{$k}, $v" : $v;
        }
        my $method = uc(shift(@methods) || 'GET');
        my $st = $res{status};
        my $te = $res{headers}->{'transfer-encoding'};
        my $cl = $res{headers}->{'content-length'};
        my $body_raw = '';
        if ($method eq 'HEAD' or $st < 200 or $st == 204 or $st == 304) {
            $res{framing} = 'none';
        }
        elsif (defined $te and $te =~ /chunked\s*$/i) {
            $res{framing} = 'chunked';
            while (1) {
                unless ($raw =~ s/^(([0-9a-fA-F]+)[^\r\n]*\r\n)//) {
                    $res{incomplete} = 1;
                    last;
                }
                $body_raw .= $1;
                my $len = hex $2;
                if ($len == 0) {
                    if ($raw =~ s/^((?:[^\r\n]+\r\n)*\r\n)//) {
                        $body_raw .= $1;
                    }
                    else {
                        $res{incomplete} = 1;
                    }
                    last;
                }
                $res{chunks}++;
                if (length($raw) < $len + 2
                    or substr($raw, $len, 2) ne "\r\n") {
                    $res{incomplete} = 1;
                    $res{body} .= $raw;
                    $body_raw .= $raw;
                    $raw = '';
                    last;
                }
                $res{body} .= substr($raw, 0, $len);
                $body_raw .= substr($raw, 0, $len + 2, '');
            }
        }
        elsif (defined $cl) {
            $res{framing} = 'length';
            $res{incomplete} = 1 if length($raw) < $cl;
            $body_raw = $res{body} = substr($raw, 0, $cl, '');
        }
        else {
            # Until the connection closed.
            $res{framing} = 'close';
            $body_raw = $res{body} = $raw;
            $raw = '';
        }
        $res{raw} = $head . $body_raw;
        push @out, \%res;
    }
    return @out;
}

# Read from $sock until the peer closes, stays quiet for $opt{idle}
# seconds (default 2), or, with $opt{responses} = N, until the stream
# holds N complete responses (each followed by its RAWREPORT line when
# $opt{reports} is true).  Returns (bytes, closed).
sub read_until_idle {
    my ($sock, %opt) = @_;
    my ($buf, $closed) = ('', 0);
    my $sel = IO::Select->new($sock);
    my $want = $opt{responses};
    while ($sel->can_read($opt{idle} // ($want ? 10 : 2))) {
        my $n = sysread($sock, my $chunk, 1 << 20);
        if (!$n) {
            $closed = 1;
            last;
        }
        $buf .= $chunk;
        if ($want) {
            my @res = grep { !$_->{report_only} }
                      parse_stream($buf, methods => $opt{methods});
            last if @res == $want
                    and !grep({ $_->{incomplete} || $_->{garbage}
                                || ($opt{reports} && !$_->{report}) } @res);
        }
    }
    return ($buf, $closed);
}

# Send $data on $sock (a raw socket), then read_until_idle (%opt as
# there); returns (bytes, closed).
# Write all of $data to $sock (a raw socket), however many writes it takes.
sub send_all {
    my ($sock, $data) = @_;
    while (length $data) {
        my $n = syswrite($sock, $data);
        die "ISF::RawOut: write: $!\n" unless defined $n;
        substr($data, 0, $n, '');
    }
}

sub exchange {
    my ($sock, $data, %opt) = @_;
    send_all($sock, $data);
    return read_until_idle($sock, %opt);
}

# /proc/PID/status fields with numbers (VmRSS, VmHWM in kB, ...).
sub proc_status {
    my $pid = shift;
    open my $fh, '<', "/proc/$pid/status" or return {};
    my %s;
    while (<$fh>) {
        $s{$1} = $2 if /^(\w+):\s+(\d+)/;
    }
    return \%s;
}

# /proc/PID/io counters (syscr, rchar, ...), or {} if not readable.
sub proc_io {
    my $pid = shift;
    open my $fh, '<', "/proc/$pid/io" or return {};
    my %s;
    while (<$fh>) {
        $s{$1} = $2 if /^(\w+):\s+(\d+)/;
    }
    return \%s;
}

# Lines of t/logs/error_log matching $re from byte offset $from (default
# 0): (arrayref of lines, offset of the end of the log).
sub error_log_lines {
    my ($re, $from) = @_;
    my $file = catfile(Apache::Test::vars('t_logs'), 'error_log');
    open my $fh, '<', $file or return ([], 0);
    seek $fh, $from // 0, 0;
    my @hits = grep { $_ =~ $re } <$fh>;
    return (\@hits, tell $fh);
}

1;
