#!/usr/bin/perl
# t/cgi-bin/fr_status.pl: a CGI response with a chosen head, written in
# two pieces (so nothing can count its length and it goes out chunked to
# HTTP/1.1 clients), for t/events/framing_attack.t.  Query: status=N,
# te=VALUE (a Transfer-Encoding header), body=TEXT (default "cgi body"),
# read=1 (read the request body first; otherwise it is left unread).
use strict;
use warnings;
use Time::HiRes ();

my %q = map { my ($k, $v) = split /=/, $_, 2; ($k => $v // '') }
        split /&/, $ENV{QUERY_STRING} // '';
s/%([0-9a-fA-F]{2})/chr hex $1/ge for values %q;
if ($q{read} and ($ENV{CONTENT_LENGTH} // 0) > 0) {
    binmode STDIN;
    read STDIN, my $in, $ENV{CONTENT_LENGTH};
}
my $body = $q{body} // 'cgi body';
$| = 1;
binmode STDOUT;
my $head = "Content-Type: text/plain\r\n";
$head .= "Status: $q{status}\r\n" if $q{status};
$head .= "Transfer-Encoding: $q{te}\r\n" if defined $q{te};
syswrite STDOUT, "$head\r\n";
my $half = int(length($body) / 2);
syswrite STDOUT, substr($body, 0, $half);
Time::HiRes::sleep(0.1);
syswrite STDOUT, substr($body, $half);
