#!/usr/bin/perl
# t/cgi-bin/raw_echo.pl: reads its request body to the end of its input,
# with or without a Content-Length (a chunked request body reaches a CGI
# de-chunked and without one), and answers "len=N body=<the body>" as
# text/plain, with its parent's pid (mod_cgid's daemon) in X-Echo-PPid
# (t/raw/raw_hostile_client.t).
use strict;
use warnings;

binmode STDIN;
binmode STDOUT;
my $body = do { local $/; <STDIN> } // '';
$| = 1;
print "Content-Type: text/plain\r\nX-Echo-PPid: ", getppid(), "\r\n\r\n";
print "len=", length($body), " body=$body";
