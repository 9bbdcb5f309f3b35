# The response head is a SEND_RAW_DATA notification of its own, as in IIS,
# whatever makes the response: a small static file, CGI output sent
# chunked, a proxied backend, an error page, a 304, a head a filter sends
# with SF_REQ_SEND_RESPONSE_HEADER, the interim 100 Continue.  Filters rely
# on it: Microsoft's UpCase sample decides per notification whether it
# looks at headers, gzip filters keep "the first notification" as the head.
# Scenario: isf_rawout_head (raw_out.conf.in): rawout_head.so reports
# after each response (RAWHEAD first= head= mixed= heads= windows=).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(gen_file parse_stream exchange);

plan tests => 59, need_module 'isapi_filter', need_module 'cgid';

my $small_url = gen_file('head_small.html',
                         join '', map { "line $_ of a page\n" } 1 .. 40);
my $tiny_url = gen_file('head_tiny.txt', "x\n");
my $empty_url = gen_file('head_empty.txt', '');

sub req {
    my ($method, $url, @h) = @_;
    my $proto = 'HTTP/1.1';
    @h = grep { /^HTTP\// ? (($proto = $_), 0) : 1 } @h;
    return "$method $url $proto\r\nHost: localhost\r\n"
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

# One connection, the requests written at once; the responses, each with
# the report the filter wrote after it.
sub talk {
    my ($requests, %opt) = @_;
    my $sock = raw_connect(module => 'isf_rawout_head');
    my ($raw) = exchange($sock, join('', @$requests), %opt);
    close $sock;
    return grep { !$_->{report_only} } parse_stream($raw, %opt);
}

# The head went alone: the first notification held exactly the head, and
# no notification held the end of a head and anything after it.
sub head_alone {
    my ($res, $what, %want) = @_;
    my $rep = $res->{report} || {};
    my $head = length($want{head} // $res->{head} // '');
    ok t_cmp($rep->{first}, $head,
             "$what: the first SEND_RAW_DATA carried the head and nothing "
             . "else ($head bytes)");
    ok t_cmp($rep->{mixed}, 0,
             "$what: no SEND_RAW_DATA carried head and entity bytes "
             . "together");
    ok t_cmp($rep->{heads}, $want{heads} // 1,
             "$what: the filter saw every head");
}

# Static files, small enough to share a window with their head.
for my $case ([$small_url, 'a small file'], [$tiny_url, 'a two-byte file']) {
    my ($url, $what) = @$case;
    my ($res) = talk([req(GET => $url)]);
    ok t_cmp($res->{status}, 200, "$what: 200");
    head_alone($res, $what);
    ok t_cmp($res->{report}->{windows} >= 2, 1,
             "$what: the entity came in a notification after the head");
}
{
    my ($res) = talk([req(GET => $empty_url)]);
    head_alone($res, 'an empty file');
    ok t_cmp($res->{report}->{windows}, 1,
             'an empty file: one notification, the head');
}

# CGI output goes out chunked: the head still goes alone, and the chunk
# framing belongs to the entity notifications.
{
    my ($res) = talk([req(GET => '/rawhead-cgi/rawout_pieces.pl'
                                  . '?f=head_small.html&cut=50,300')]);
    ok t_cmp($res->{framing}, 'chunked', 'CGI: the response is chunked');
    head_alone($res, 'CGI (chunked)');
}

# A proxied backend's response.
SKIP: {
    skip 'mod_proxy_http not loaded', 3 unless have_module('proxy_http');
    my ($res) = talk([req(GET => "/rawhead-proxy$small_url")]);
    head_alone($res, 'a proxied response');
}

# Apache's own error page, and a 304 with no entity.
{
    my ($res) = talk([req(GET => '/rawout/no-such-file')]);
    ok t_cmp($res->{status}, 404, 'a missing file: 404');
    head_alone($res, 'a 404 error page');
}
# A 304 and an answer to HEAD carry no entity, so the filter holds their
# report and writes it after the next response.
sub bodiless {
    my ($first, $what) = @_;
    my $sock = raw_connect(module => 'isf_rawout_head');
    my ($raw) = exchange($sock, $first . req(GET => $tiny_url));
    close $sock;
    my @reps = map { { map { split /=/, $_, 2 } split / / } }
               $raw =~ /^RAWHEAD ([^\r\n]*)\r\n/mg;
    my @res = grep { !$_->{report_only} }
              parse_stream($raw, methods => [$first =~ /^(\w+)/, 'GET']);
    ok t_cmp(scalar(@reps), 2, "$what: both reports came");
    head_alone({ %{ $res[0] }, report => $reps[0] }, $what);
    ok t_cmp($reps[0]->{windows}, 1, "$what: the head alone, no entity");
    return $res[0];
}
{
    my ($first) = talk([req(GET => $small_url)]);
    my $etag = $first->{headers}->{etag} // '"none"';
    my $res = bodiless(req(GET => $small_url, "If-None-Match: $etag"),
                       'a 304');
    ok t_cmp($res->{status}, 304, 'a conditional GET: 304');
    bodiless(req(HEAD => $small_url), 'HEAD');
}

# A head a filter sends itself (SF_REQ_SEND_RESPONSE_HEADER), then its
# body through WriteClient; and a redirect head with no body.
{
    my ($res) = talk([req(GET => '/x', 'X-CB-Status: PREPROC_HEADERS KEEP')]);
    ok t_cmp($res->{status}, 200, 'a filter-written response: 200');
    head_alone($res, 'a head sent with SF_REQ_SEND_RESPONSE_HEADER');
    ok t_cmp($res->{report}->{windows} >= 2, 1,
             'a filter-written response: its WriteClient body came after');
}
{
    my ($res) = talk([req(GET => '/x',
                          'X-CB-Status: PREPROC_HEADERS REDIRECT 302')]);
    ok t_cmp($res->{status}, 302, 'a filter-written redirect: 302');
    head_alone($res, 'a filter-written redirect');
}

# Expect: 100-continue: the interim 100 belongs to no site (global
# filters alone see it, README "Raw data"); this site filter's first
# notification is the final head, alone.
{
    my @res = talk([req(POST => '/rawhead-cgi/life_echo.pl',
                        'Expect: 100-continue', 'Content-Length: 5')
                    . 'hello']);
    ok t_cmp(scalar(@res), 2, '100-continue: an interim and a final response');
    ok t_cmp($res[0]->{status}, 100, '100-continue: the interim 100 first');
    head_alone($res[1], '100-continue');
}

# HTTP/1.0, and a pipeline of requests on one connection: each response's
# head alone, including heads that follow a body at once.
{
    my ($res) = talk([req(GET => $small_url, 'HTTP/1.0',
                          'Connection: keep-alive')]);
    head_alone($res, 'HTTP/1.0');
}
{
    my @urls = ($tiny_url, $small_url, '/rawout/no-such-file',
                '/rawhead-cgi/rawout_pieces.pl?f=head_tiny.txt', $tiny_url);
    my @res = talk([map { req(GET => $_) } @urls]);
    ok t_cmp(scalar(@res), scalar(@urls), 'pipelined: every response came');
    for my $i (0 .. $#res) {
        my $rep = $res[$i]->{report} || {};
        ok t_cmp("first=$rep->{first} mixed=$rep->{mixed}",
                 'first=' . length($res[$i]->{head}) . ' mixed=0',
                 "pipelined response " . ($i + 1) . ": its head alone");
    }
}
