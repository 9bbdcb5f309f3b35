#!/usr/bin/perl
# A handler that denies access itself (t/events/access_denied.t:
# SF_DENIED_APPLICATION).
print "Status: 401 Unauthorized\r\n";
print "WWW-Authenticate: Basic realm=\"req cgi\"\r\n";
print "Content-Type: text/plain\r\n\r\n";
print "denied by the application\n";
