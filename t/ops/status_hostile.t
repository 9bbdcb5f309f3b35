# The status page against a careless filter author and an odd client
# (issue 15, attacks on the status handler):
#   - t/filters/st_weird.c fills its description with CR LF and a forged
#     "Filter0.Name:" key, a tab, quotes, <script>, a backslash, control
#     bytes and bytes that are not UTF-8, up to the buffer's end: ?auto
#     keeps one "Key: value" line per key and forges none, ?json parses,
#     HTML escapes the tag;
#   - the query is read word by word, as scripts written for mod_status
#     send it: ?auto=1,
#     ?refresh=5&auto and ?AUTO give the plain-text view, ?json&auto the
#     first one named, ?autox or ?x=auto the HTML page;
#   - under the event MPM (two children of four threads), six keep-alive
#     connections served at once and a request aborted with its body
#     unsent: the counts add up exactly and AllocMem in use goes back to 0
#     (t/filters/st_mix.c);
#   - the module loaded with no filter at all: each view answers, empty.
# Throwaway servers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use JSON::PP ();
use Time::HiRes ();
use ISF::Test qw(httpd_start raw_connect read_into final_complete
                 parse_responses free_port);
use ISF::CB qw(http_req note);

plan tests => 24, need_module 'isapi_filter';

local $SIG{PIPE} = 'IGNORE';
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $json = JSON::PP->new;

# One request on an open connection, its whole response read.
sub req_on {
    my ($sock, $path, @h) = @_;
    my $data = http_req($path, @h);
    syswrite($sock, $data) == length $data or die "write: $!";
    my $buf = '';
    read_into($sock, \$buf, sub { final_complete($_[0]) }, 10);
    my ($r) = parse_responses($buf);
    return $r || { status => 0, body => '', headers => {} };
}

# One request on a connection of its own, read to the server's close.
sub req_once {
    my ($port, $path) = @_;
    my $sock = raw_connect(port => $port);
    my $r = req_on($sock, $path, close => 1);
    my $rest = '';
    read_into($sock, \$rest, sub { 0 }, 2);
    close $sock;
    return $r;
}

my $port = free_port();
my $s = httpd_start(
    "LoadModule mpm_event_module $libexec/mod_mpm_event.so\n"
    . "StartServers 2\nServerLimit 2\nThreadsPerChild 4\nThreadLimit 4\n"
    . "MaxRequestWorkers 8\nMinSpareThreads 1\nMaxSpareThreads 8\n"
    . "KeepAliveTimeout 20\n"
    . "ISAPIFilter filters/st_mix.so\n"
    . "ISAPIFilter filters/st_weird.so\n"
    . "<Location /isapi-status>\n  SetHandler isapi-filter-status\n"
    . "</Location>\n",
    port => $port, modules => [qw(authz_core mime dir)], keep => 1);
ok t_cmp($s->{started}, 1, 'an event server with st_mix and st_weird starts')
    or note($s->{output}, $s->{error_log});

# ---- Counts under concurrency ---------------------------------------------
my @c = map { raw_connect(port => $port) } 1 .. 6;
my ($requests, @codes) = (0);
for my $round (1 .. 4) {
    push @codes, req_on($_, '/index.html')->{status} for @c;
    $requests += @c;
}
push @codes, req_on($c[3], '/st/a/1000')->{status};
$requests++;
ok t_cmp(scalar(grep { $_ == 200 } @codes), 24,
         'six connections at once, four requests each: all served');
# AllocMem(500) in PREPROC_HEADERS, then the client goes before the body.
my $ab = raw_connect(port => $port);
syswrite($ab, "POST /st/a/500 HTTP/1.1\r\nHost: x\r\n"
              . "Content-Length: 100000\r\n\r\nabc");
Time::HiRes::sleep(0.3);
close $ab;
$requests++;
close $_ for @c;
# httpd_start's own probe, the six, the aborted one.
my $closed = 1 + 6 + 1;
my $deadline = Time::HiRes::time() + 10;
my ($doc, $r);
while (1) {
    $r = req_once($port, '/isapi-status?json');
    $requests++;
    $doc = eval { $json->decode($r->{body}) } || {};
    my $eons = $doc->{filters}[0]{events}{END_OF_NET_SESSION}{calls} // -1;
    last if $eons >= $closed or Time::HiRes::time() > $deadline;
    $closed++;      # this ask's connection, over before the next
    Time::HiRes::sleep(0.2);
}
ok t_cmp(ref $doc->{filters}, 'ARRAY', '?json parses with st_weird loaded')
    or note($@, substr($r->{body}, 0, 400));
my $f = $doc->{filters}[0] || {};
ok t_cmp($f->{events}{PREPROC_HEADERS}{calls}, $requests,
         'PREPROC_HEADERS calls: exactly the requests made, summed over '
         . 'two children and their threads');
ok t_cmp($doc->{filters}[1]{events}{PREPROC_HEADERS}{calls}, $requests,
         'the second filter\'s count too');
ok t_cmp($f->{events}{END_OF_NET_SESSION}{calls}, $closed,
         'END_OF_NET_SESSION: one per connection ended, the aborted one '
         . 'included');
ok t_cmp($f->{alloc_mem_in_use}, 0,
         'AllocMem in use: 0 once the connections ended, the one aborted '
         . 'mid-request included');

# ---- A description of any bytes -------------------------------------------
my $desc = $doc->{filters}[1]{description} // '';
ok t_cmp($desc, qr/^weird\r\nFilter0\.Name: forged\n\t"q" <script>/,
         '?json: the description\'s bytes come back as they were');
ok t_cmp(length($desc), 256,
         '?json: a description without its NUL ends at the buffer');

$r = req_once($port, '/isapi-status?auto');
my @lines = split /\n/, $r->{body};
ok t_cmp(join("\n", grep { !/^[A-Za-z0-9._]+: / } @lines), '',
         '?auto: every line is one "Key: value"');
ok t_cmp(scalar(grep { /^Filter0\.Name: / } @lines), 1,
         '?auto: the description forges no key');
ok t_cmp((grep { /^Filter1\.Description: / } @lines)[0] // '',
         qr/^Filter1\.Description: weird\?\?Filter0\.Name: forged\?\?"q"/,
         '?auto: control bytes in a description are ?');

$r = req_once($port, '/isapi-status');
ok t_cmp($r->{body}, qr/&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
         'HTML: the description\'s tag escaped');
ok t_cmp($r->{body} =~ /<script>/ ? 1 : 0, 0, 'HTML: no live tag');

# ---- The query, word by word -------------------------------------------
my %want = ('auto=1' => 'text/plain', 'refresh=5&auto' => 'text/plain',
            'AUTO' => 'text/plain', 'json&auto' => 'application/json',
            'autox' => 'text/html', 'x=auto' => 'text/html');
for my $q (sort keys %want) {
    $r = req_once($port, "/isapi-status?$q");
    ok t_cmp($r->{headers}{'content-type'} // '', qr/^\Q$want{$q}\E/,
             "?$q: $want{$q}");
}
$s->{stop}->();

# ---- No filter loaded ------------------------------------------------------
$port = free_port();
$s = httpd_start("LoadModule mpm_event_module $libexec/mod_mpm_event.so\n"
                 . "<Location /isapi-status>\n"
                 . "  SetHandler isapi-filter-status\n</Location>\n",
                 port => $port, modules => [qw(authz_core mime dir)],
                 keep => 1);
ok t_cmp($s->{started}, 1, 'a server with the module and no filter starts')
    or note($s->{output}, $s->{error_log});
$r = req_once($port, '/isapi-status?json');
$doc = eval { $json->decode($r->{body}) } || {};
ok t_cmp(ref($doc->{filters}) && !@{ $doc->{filters} } ? 1 : 0, 1,
         'no filter: ?json is valid, with no filter')
    or note($r->{status}, $r->{body});
$r = req_once($port, '/isapi-status?auto');
ok t_cmp($r->{body}, qr/^Filters: 0$/m, 'no filter: ?auto says 0');
$r = req_once($port, '/isapi-status');
ok t_cmp($r->{status}, 200, 'no filter: the HTML page');
$s->{stop}->();
