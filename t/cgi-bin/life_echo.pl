#!/usr/bin/perl
# t/cgi-bin/life_echo.pl: reads its request body and answers
#
#   site=<SERVER_NAME> method=<REQUEST_METHOD> body=<the body>
#
# as text/plain without a Content-Length (an HTTP/1.1 client gets it
# chunked).  For t/lifetime/*.t: the site name tells which virtual host's
# response a raw filter saw.
use strict;
use warnings;

my $body = '';
if (($ENV{CONTENT_LENGTH} // 0) > 0) {
    binmode STDIN;
    read STDIN, $body, $ENV{CONTENT_LENGTH};
}
$| = 1;
binmode STDOUT;
print "Content-Type: text/plain\r\n\r\n";
print "site=", $ENV{SERVER_NAME} // '', " method=",
      $ENV{REQUEST_METHOD} // '', " body=$body";
