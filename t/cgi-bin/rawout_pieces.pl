#!/usr/bin/perl
# t/cgi-bin/rawout_pieces.pl: writes t/htdocs/rawout/F as text/html in
# pieces, for t/raw/*.t.  Query: f=NAME (a file of t/htdocs/rawout/),
# cut=N,N,... (byte offsets where one write ends and, after a pause, the
# next begins), pause=SECONDS (default 0.05), type=MEDIA-TYPE.  No
# Content-Length: to an HTTP/1.1 client the response goes out chunked, and
# each piece normally becomes a chunk of its own.
use strict;
use warnings;
use Time::HiRes ();

my %q = map { my ($k, $v) = split /=/, $_, 2; ($k => $v // '') }
        split /&/, $ENV{QUERY_STRING} // '';
my $name = $q{f} // '';
$name =~ /^[\w.-]+$/ or do { print "Status: 400\r\n\r\n"; exit 0 };
my $file = "$ENV{DOCUMENT_ROOT}/rawout/$name";
open my $fh, '<:raw', $file or do { print "Status: 404\r\n\r\n"; exit 0 };
my $data = do { local $/; <$fh> } // '';
my @cuts = grep { /^\d+$/ && $_ <= length $data } split /,/, $q{cut} // '';
my $pause = defined $q{pause} && $q{pause} =~ /^[\d.]+$/ ? $q{pause} : 0.05;
my $type = $q{type} // 'text/html';
$type =~ s/%2F/\//gi;

# Read any request body first: a CGI that exits with its body unread makes
# the socket to mod_cgid reset, and the response is lost.
if (($ENV{CONTENT_LENGTH} // 0) > 0) {
    binmode STDIN;
    read STDIN, my $body, $ENV{CONTENT_LENGTH};
}

$| = 1;
binmode STDOUT;
syswrite STDOUT, "Content-Type: $type\r\n\r\n";
my $at = 0;
for my $cut (@cuts, length $data) {
    next if $cut < $at;
    syswrite STDOUT, substr($data, $at, $cut - $at) if $cut > $at;
    $at = $cut;
    Time::HiRes::sleep($pause) if $at < length $data;
}
