# SEND_RESPONSE shows the body's framing as it will go on the wire:
# GetHeader("Transfer-Encoding:") is "chunked" when Apache will chunk the
# body (CGI output of unknown length to an HTTP/1.1 client), and
# Content-Length is the one that will be sent.  What the filter leaves is
# what goes out: a filter that removes both (it changes the body's length)
# gets a body ended by closing the connection, never chunk framing it was
# not shown.  Scenario: isf_req_framing (req_events.conf.in).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(gen_file parse_stream exchange);

plan tests => 41, need_module 'isapi_filter', need_module 'cgid';

my $page = join '', map { "line $_ of a page\n" } 1 .. 30;
my $url = gen_file('framing.html', $page);
my $cgi = '/framing-cgi/rawout_pieces.pl?f=framing.html&cut=40,200&pause=0.1';

# The requests written at once on one connection: the parsed responses,
# and whether the server closed the connection.
sub talk {
    my ($requests, %opt) = @_;
    my $sock = raw_connect(module => 'isf_req_framing');
    my ($raw, $closed) = exchange($sock, join('', @$requests), %opt);
    close $sock;
    return ($closed, parse_stream($raw, %opt));
}

sub req {
    my ($method, $target, $proto, $ops, @h) = @_;
    return "$method $target $proto\r\nHost: localhost\r\n"
         . "X-Test-Op: $ops\r\n" . join('', map { "$_\r\n" } @h) . "\r\n";
}

# A static file: Content-Length, shown and sent.
{
    my (undef, $res) = talk([req(GET => $url, 'HTTP/1.1', 'framing')]);
    my $len = length $page;
    ok t_cmp($res->{headers}->{'x-sr-cl'}, "[$len]",
             'static file: SEND_RESPONSE sees the Content-Length');
    ok t_cmp($res->{headers}->{'x-sr-te'}, 'FALSE 1413',
             'static file: no Transfer-Encoding (ERROR_INVALID_INDEX)');
    ok t_cmp($res->{headers}->{'content-length'}, $len,
             'static file: the wire carries that Content-Length');
    ok t_cmp($res->{body}, $page, 'static file: the body');
}

# CGI output of unknown length to HTTP/1.1: chunked, shown and sent.
{
    my ($closed, $res, $next) =
        talk([req(GET => $cgi, 'HTTP/1.1', 'framing'),
              req(GET => $url, 'HTTP/1.1', '')]);
    ok t_cmp($res->{headers}->{'x-sr-te'}, '[chunked]',
             'CGI, HTTP/1.1: SEND_RESPONSE sees Transfer-Encoding: chunked');
    ok t_cmp($res->{headers}->{'x-sr-cl'}, 'FALSE 1413',
             'CGI, HTTP/1.1: no Content-Length');
    ok t_cmp($res->{framing}, 'chunked', 'CGI, HTTP/1.1: sent chunked');
    ok t_cmp($res->{headers}->{'transfer-encoding'}, 'chunked',
             'CGI, HTTP/1.1: one Transfer-Encoding: chunked on the wire');
    ok t_cmp($res->{body}, $page, 'CGI, HTTP/1.1: the body, de-chunked');
    ok t_cmp($next && $next->{status}, 200,
             'CGI, HTTP/1.1: the connection stays open for the next request');
}

# The framing is shown lazily (hooks/framing.c, isf_frame_reveal): a
# filter that adds other headers and never looks at the framing leaves
# HTTP_HEADER to chunk the body, with one Transfer-Encoding.
{
    my ($closed, $res, $next) =
        talk([req(GET => $cgi, 'HTTP/1.1', 'add'),
              req(GET => $url, 'HTTP/1.1', '')]);
    ok t_cmp($res->{headers}->{'x-new'}, 'new',
             'CGI, HTTP/1.1, framing not looked at: the added header');
    ok t_cmp($res->{framing}, 'chunked',
             'CGI, HTTP/1.1, framing not looked at: sent chunked');
    ok t_cmp($res->{headers}->{'transfer-encoding'}, 'chunked',
             'CGI, HTTP/1.1, framing not looked at: one Transfer-Encoding');
    ok t_cmp($res->{body}, $page,
             'CGI, HTTP/1.1, framing not looked at: the body, de-chunked');
    ok t_cmp($next && $next->{status}, 200,
             'CGI, HTTP/1.1, framing not looked at: the connection stays');
}

# Looked at after other writes and a status change, it is still shown as
# it will go out, and goes out so.
{
    my ($closed, $res, $next) =
        talk([req(GET => $cgi, 'HTTP/1.1', 'report,framing,statusline'),
              req(GET => $url, 'HTTP/1.1', '')]);
    ok t_cmp($res->{headers}->{'x-sr-te'}, '[chunked]',
             'CGI, HTTP/1.1, framing read after AddHeader: chunked shown');
    ok t_cmp($res->{status}, 202, 'CGI, HTTP/1.1: the status the filter set');
    ok t_cmp($res->{framing}, 'chunked',
             'CGI, HTTP/1.1, framing read after AddHeader: sent chunked');
    ok t_cmp($res->{headers}->{'transfer-encoding'}, 'chunked',
             'CGI, HTTP/1.1, framing read after AddHeader: one '
             . 'Transfer-Encoding');
    ok t_cmp($res->{body}, $page,
             'CGI, HTTP/1.1, framing read after AddHeader: the body');
    ok t_cmp($next && $next->{status}, 200,
             'CGI, HTTP/1.1, framing read after AddHeader: the connection '
             . 'stays');
}

# HTTP/1.0: neither; the body ends with the connection.
{
    my ($closed, $res) = talk([req(GET => $cgi, 'HTTP/1.0', 'framing')]);
    ok t_cmp($res->{headers}->{'x-sr-te'}, 'FALSE 1413',
             'CGI, HTTP/1.0: no Transfer-Encoding');
    ok t_cmp($res->{headers}->{'x-sr-cl'}, 'FALSE 1413',
             'CGI, HTTP/1.0: no Content-Length');
    ok t_cmp(!exists $res->{headers}->{'transfer-encoding'}, 1,
             'CGI, HTTP/1.0: not chunked');
    ok t_cmp($closed, 1, 'CGI, HTTP/1.0: ended by closing the connection');
}

# A filter that removes the framing it was shown: no length, no chunking;
# the connection closes after the body.
for my $case ([$cgi, 'CGI'], [$url, 'static file']) {
    my ($target, $what) = @$case;
    my ($closed, $res, @rest) =
        talk([req(GET => $target, 'HTTP/1.1', 'unframe'),
              req(GET => $url, 'HTTP/1.1', '')]);
    ok t_cmp(!exists $res->{headers}->{'transfer-encoding'}, 1,
             "$what, framing removed: no Transfer-Encoding on the wire");
    ok t_cmp(!exists $res->{headers}->{'content-length'}, 1,
             "$what, framing removed: no Content-Length on the wire");
    ok t_cmp($res->{body}, $page,
             "$what, framing removed: the body as is, unchunked");
    ok t_cmp($closed && !@rest, 1,
             "$what, framing removed: the connection closes after it");
}

# A Content-Length that is not one number, or a second one, could make
# the bytes after it read as another response: refused, nothing changed.
{
    my (undef, $res) = talk([req(GET => $url, 'HTTP/1.1', 'badlength')]);
    ok t_cmp($res->{headers}->{'x-sr-bad-cl'}, 'FALSE 87',
             'SetHeader Content-Length "12, 13": FALSE, '
             . 'ERROR_INVALID_PARAMETER');
    ok t_cmp($res->{headers}->{'x-sr-dup-cl'}, 'FALSE 87',
             'AddHeader of a second Content-Length: FALSE, '
             . 'ERROR_INVALID_PARAMETER');
    ok t_cmp($res->{headers}->{'content-length'}, length $page,
             'the response keeps its one Content-Length');
    ok t_cmp($res->{body}, $page, 'and its body');
}

# Header-only responses: nothing to frame.
{
    my (undef, $res) = talk([req(HEAD => $cgi, 'HTTP/1.1', 'framing')],
                            methods => ['HEAD']);
    ok t_cmp($res->{headers}->{'x-sr-te'}, 'FALSE 1413',
             'HEAD: no Transfer-Encoding shown');
    ok t_cmp(!exists $res->{headers}->{'transfer-encoding'}, 1,
             'HEAD: none sent');
    my (undef, $first) = talk([req(GET => $url, 'HTTP/1.1', '')]);
    my $etag = $first->{headers}->{etag} // '"none"';
    my (undef, $nm) = talk([req(GET => $url, 'HTTP/1.1', 'framing',
                                "If-None-Match: $etag")]);
    ok t_cmp($nm->{status}, 304, '304');
    ok t_cmp($nm->{headers}->{'x-sr-te'}, 'FALSE 1413',
             '304: no Transfer-Encoding shown');
}
