# SEND_RESPONSE framing across name-based hosts on one keep-alive
# connection, and over HTTP/2 (mod_http2, h2c).  One throwaway server:
# a.test runs fr_attack.so (t/filters/fr_attack.c), b.test rawout_edit.so
# (a SEND_RAW_DATA filter), c.test no filter.  Over HTTP/2 no response
# may carry Transfer-Encoding (RFC 9113 8.2.2), and a filter's changes to
# the framing must not break the connection's other streams.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_connect httpd_start run_tool);
use ISF::RawOut qw(gen_file parse_stream exchange);

my $h2so = '/usr/lib/apache2/modules/mod_http2.so';

my $curl_ok = (run_tool('curl --version 2>/dev/null') // '')
    =~ /^Features:.*\bHTTP2\b/m;

plan tests => 18, need 'isapi_filter', 'cgid',
    { "$h2so is missing" => -e $h2so, 'curl lacks HTTP2' => $curl_ok };

my $page = join '', map { "line $_: the quick brown fox\n" } 1 .. 20;
my $url = gen_file('frv_page.html', $page);
my $body = 'cgi-body-' x 40;
my $cgi = "/fr-cgi/fr_status.pl?body=$body";
my $vars = Apache::Test::vars();

my $s = httpd_start(<<"EOC",
LoadModule http2_module $h2so
Protocols h2c http/1.1
ScriptAlias /fr-cgi/ $vars->{serverroot}/cgi-bin/
KeepAlive On
<VirtualHost *>
    ServerName a.test
    ISAPIFilter filters/fr_attack.so
</VirtualHost>
<VirtualHost *>
    ServerName b.test
    ISAPIFilter filters/rawout_edit.so
</VirtualHost>
<VirtualHost *>
    ServerName c.test
</VirtualHost>
EOC
    modules => [qw(mpm_event authz_core mime dir alias cgid)], keep => 1);
ok t_cmp($s->{started}, 1, 'a server with name-based hosts and h2c starts')
    or print map { "# $_\n" } split /\n/, "$s->{output}$s->{error_log}";

sub req {
    my ($host, $target, $fr, @h) = @_;
    return "GET $target HTTP/1.1\r\nHost: $host\r\n"
         . (defined $fr ? "X-Fr: $fr\r\n" : '')
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

# ---- name-based hosts, one connection -----------------------------------
{
    my @reqs = (req('a.test', $cgi, 'saw'), req('b.test', $cgi, undef),
                req('c.test', $cgi, undef), req('a.test', $url, 'saw'),
                req('b.test', $url, undef, 'X-Raw-Edit: inplace'),
                req('a.test', $cgi, 'saw'),
                req('c.test', $url, undef, 'Connection: close'));
    my $sock = raw_connect(port => $s->{port}, timeout => 10);
    my ($raw, $closed) = exchange($sock, join('', @reqs), idle => 3);
    close $sock;
    my @res = parse_stream($raw);
    ok t_cmp(scalar(grep { !$_->{incomplete} && !exists $_->{garbage} }
                    @res), 7, 'seven hosts-mixed requests: seven responses');
    ok t_cmp(join(',', map { $_->{framing} // 'garbage' } @res),
             'chunked,chunked,chunked,length,length,chunked,length',
             'each framed as Apache frames it');
    ok t_cmp(join(',', map { $_->{headers}->{'x-fr-te'} // '-' } @res),
             '[chunked],-,-,FALSE 1413,-,[chunked],-',
             'only a.test\'s filter saw the framing, and what it saw went out');
    ok t_cmp(join('', map { $_->{body} } @res[0 .. 2]), $body x 3,
             'the CGI bodies intact on every host');
    ok t_cmp($res[4] && $res[4]->{body}, $page =~ s/quick/QUICK/gr,
             'b.test\'s raw filter edited its response only');
    ok t_cmp($res[3] && $res[3]->{body}, $page, 'a.test\'s file untouched');

    # A host whose filter removes the framing, then another host.
    $sock = raw_connect(port => $s->{port}, timeout => 10);
    ($raw, $closed) = exchange($sock, req('a.test', $cgi,
        'del:Transfer-Encoding') . req('c.test', $url, undef), idle => 3);
    close $sock;
    @res = parse_stream($raw);
    ok t_cmp(scalar(@res) == 1 && $res[0]->{framing} eq 'close'
             && $res[0]->{body} eq $body && $closed, 1,
             'a.test unframed: body to the close, c.test not answered on it');
}

# ---- HTTP/2 -------------------------------------------------------------
# One request per curl: curl 7.88's prior-knowledge connection reuse
# fails on its own (against Apache without this module too).
sub h2 {
    my ($fr, $target) = @_;
    my $cmd = "curl -s -S --http2-prior-knowledge --max-time 10 "
            . "-H 'Host: a.test' -H 'X-Fr: $fr' -D - "
            . "'http://127.0.0.1:$s->{port}$target' 2>&1";
    my $out = run_tool($cmd) // '';
    my ($head, $b) = split /\r?\n\r?\n/, $out, 2;
    return { out => $out, head => $head // '', body => $b // '' };
}

for my $case (['saw', 'looking'],
              ['del:Transfer-Encoding;del:Content-Length', 'framing removed'],
              ['set:Transfer-Encoding=chunked', 'Transfer-Encoding: chunked set'],
              ['set:Content-Length=%d', 'the right Content-Length'])
{
    my ($fr, $what) = @$case;
    my $c = h2($fr =~ s/%d/length $body/er, $cgi);
    my $f = h2($fr =~ s/%d/length $page/er, $url);
    ok t_cmp("$c->{head}\n$f->{head}" =~ /^transfer-encoding:/mi ? 1 : 0, 0,
             "h2, filter $what: no Transfer-Encoding");
    ok t_cmp($c->{body} eq $body && $f->{body} eq $page
             && $c->{out} !~ /curl: \(\d+\)/, 1,
             "h2, filter $what: both bodies, no error")
        or print "# $c->{out}\n# $f->{out}\n";
    next unless $fr eq 'saw';
    ok t_cmp($c->{head}, qr/^x-fr-te: FALSE 1413/mi,
             'h2: SEND_RESPONSE shows no chunking an HTTP/2 response '
             . 'does not have');
}

my $log = do { local $/; open my $fh, '<', "$s->{dir}/error_log"; <$fh> };
$s->{stop}->();
ok t_cmp(scalar(() = $log =~ /exit signal|segfault/gi), 0,
         'no child crashed') or print map { "# $_\n" } split /\n/, $log;
