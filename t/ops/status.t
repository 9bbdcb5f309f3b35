# The status page (SetHandler isapi-filter-status): its figures checked
# against a known request mix, summed across prefork children that serve
# connections at the same time, in the three views and in mod_status's
# page.  t/filters/st_mix.c answers FINISHED for /st/x, ERROR for /st/y,
# takes AllocMem(N) for /st/a/N, NEXT otherwise, and sees every raw byte;
# t/filters/st_fail_later.c fails GetFilterVersion in the children forked
# once $ENV{ST_FAIL_FILE} exists.  Throwaway servers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use JSON::PP ();
use Time::HiRes ();
use ISF::Test qw(httpd_start raw_connect read_into final_complete
                 parse_responses free_port);
use ISF::CB qw(http_req note);

plan tests => 35, need_module 'isapi_filter', need_module 'status';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $json = JSON::PP->new;

# Bytes the client sent and received on every connection so far: what the
# filter's READ_RAW_DATA and SEND_RAW_DATA must have been given.
my ($sent, $recvd) = (0, 0);
# Connections the client has closed: httpd_start's own, which saw the
# server answer on its port, is the first.
my $closed = 1;

# One request on an open connection, its whole response read.
sub req_on {
    my ($sock, $path, @h) = @_;
    my $data = http_req($path, @h);
    syswrite($sock, $data) == length $data or die "write: $!";
    $sent += length $data;
    my $buf = '';
    read_into($sock, \$buf, sub { final_complete($_[0]) }, 10);
    $recvd += length $buf;
    my ($r) = parse_responses($buf);
    return $r || { status => 0, body => '' };
}

# A request on a connection of its own (Connection: close), read to the
# server's close.
sub req_once {
    my ($port, $path, @h) = @_;
    my $sock = raw_connect(port => $port);
    my $r = req_on($sock, $path, close => 1, @h);
    my $rest = '';
    read_into($sock, \$rest, sub { 0 }, 2);     # until the server closes
    $recvd += length $rest;
    close $sock;
    $closed++;
    return $r;
}

sub status_json {
    my ($port, @h) = @_;
    my $r = req_once($port, '/isapi-status?json', @h);
    my $doc = eval { $json->decode($r->{body}) };
    note("not JSON: $@", substr($r->{body}, 0, 400)) unless $doc;
    return ($doc || {}, $r);
}

sub ev { my ($doc, $i, $ev) = @_; $doc->{filters}[$i]{events}{$ev} || {} }

# ---- Summing across children ---------------------------------------------
my $port = free_port();
my $s = httpd_start(
    "LoadModule mpm_prefork_module $libexec/mod_mpm_prefork.so\n"
    . "StartServers 6\nMinSpareServers 6\nMaxSpareServers 10\n"
    . "ServerLimit 10\nMaxRequestWorkers 10\n"
    . "KeepAliveTimeout 20\n"
    . "ISAPIFilter filters/st_mix.so\n"
    . "<Location /isapi-status>\n  SetHandler isapi-filter-status\n"
    . "</Location>\n"
    . "<Location /server-status>\n  SetHandler server-status\n</Location>\n",
    port => $port, modules => [qw(authz_core mime dir status)], keep => 1);
ok t_cmp($s->{started}, 1, 'a prefork server with st_mix and both status '
         . 'handlers starts')
    or note($s->{output}, $s->{error_log});

# Three connections open at once: prefork gives each a child of its own.
my @c = map { raw_connect(port => $port) } 1 .. 3;
my ($plain, $errors, $finished, $status_reqs) = (0, 0, 0, 0);
my @codes;
for my $sock (@c) {
    for (1 .. 3) {
        push @codes, req_on($sock, '/index.html')->{status};
        $plain++;
    }
}
push @codes, req_on($c[0], '/st/a/1000')->{status};
$plain++;
ok t_cmp("@codes", '200 ' x 9 . '404',
         'NEXT serves the page; AllocMem then NEXT goes on to a 404');

my ($doc) = status_json($port);
$status_reqs++;
my @busy = grep { $_->{live} && $_->{calls} } @{ $doc->{children} || [] };
ok t_cmp(scalar(@busy) >= 4 ? 1 : 0, 1,
         'at least four live children (three connections and the status '
         . 'request) have counts of their own')
    or note($json->encode($doc->{children} || []));
ok t_cmp($doc->{filters}[0]{alloc_mem_in_use}, 1000,
         'AllocMem bytes in use: the open connection\'s block, summed from '
         . 'the child that holds it');
ok t_cmp(ev($doc, 0, 'PREPROC_HEADERS')->{calls}, $plain + $status_reqs,
         'PREPROC_HEADERS calls summed across the children');
for my $sock (@c) {
    close $sock;
    $closed++;
}

# ERROR (a 500, the connection closed) and FINISHED (the filter's own
# response, the connection closed), each on a connection of its own.
@codes = ();
for (1 .. 2) {
    push @codes, req_once($port, '/st/y')->{status};
    $errors++;
}
for (1 .. 3) {
    push @codes, req_once($port, '/st/x')->{status};
    $finished++;
}
ok t_cmp("@codes", '500 500 200 200 200',
         'ERROR gives 500, FINISHED the filter\'s own response');

# The connections' ends are seen by their children a moment later: ask
# until END_OF_NET_SESSION has them all (each ask is a connection more).
my $deadline = Time::HiRes::time() + 10;
my $r;
while (1) {
    ($doc, $r) = status_json($port);
    $status_reqs++;
    # the ask's own connection is not over while it is answered
    last if (ev($doc, 0, 'END_OF_NET_SESSION')->{calls} // -1) == $closed - 1
            or Time::HiRes::time() > $deadline;
    Time::HiRes::sleep(0.2);
}
my $sent_now = $sent;       # this request is in; its answer not
my $recvd_before = $recvd - length($r->{raw} // '');
my $f = $doc->{filters}[0] || {};
my $ph = ev($doc, 0, 'PREPROC_HEADERS');
ok t_cmp(join(' ', map { $ph->{status}{$_} // '-' }
                  qw(NEXT_NOTIFICATION ERROR FINISHED HANDLED_NOTIFICATION
                     FINISHED_KEEP_CONN READ_NEXT OTHER)),
         join(' ', $plain + $status_reqs, $errors, $finished, 0, 0, 0, 0),
         'PREPROC_HEADERS: every status counted exactly, summed over the '
         . 'children (NEXT, ERROR, FINISHED, the rest 0)');
ok t_cmp($ph->{calls}, $plain + $status_reqs + $errors + $finished,
         'PREPROC_HEADERS calls: the requests made');
ok t_cmp(ev($doc, 0, 'END_OF_NET_SESSION')->{calls}, $closed - 1,
         'END_OF_NET_SESSION: one per connection closed');
ok t_cmp(ev($doc, 0, 'READ_RAW_DATA')->{bytes}, $sent_now,
         'READ_RAW_DATA bytes: every byte the client sent');
ok t_cmp(ev($doc, 0, 'READ_RAW_DATA')->{status}{NEXT_NOTIFICATION},
         ev($doc, 0, 'READ_RAW_DATA')->{calls},
         'READ_RAW_DATA: every call answered NEXT');
ok t_cmp(ev($doc, 0, 'SEND_RAW_DATA')->{bytes}, $recvd_before,
         'SEND_RAW_DATA bytes: every byte the client received before this '
         . 'response');
ok t_cmp($f->{alloc_mem_in_use}, 0,
         'AllocMem bytes in use: 0 once the connection ended');

# Times: sane for every event counted.
my @bad;
for my $name (sort keys %{ $f->{events} || {} }) {
    my $e = $f->{events}{$name};
    next unless $e->{calls};
    push @bad, "$name: p50 $e->{time_p50_ns} p99 $e->{time_p99_ns} max "
               . "$e->{time_max_ns} total $e->{time_total_ns}"
        unless $e->{time_p50_ns} > 0
           and $e->{time_p50_ns} <= $e->{time_p99_ns}
           and $e->{time_p99_ns} <= $e->{time_max_ns}
           and $e->{time_max_ns} <= $e->{time_total_ns};
}
ok t_cmp("@bad", '', 'times: 0 < p50 <= p99 <= max <= total for every '
         . 'event');

ok t_cmp(join(' ', $f->{name} // '', $f->{scope} // '', $f->{priority} // '',
              $f->{ports} // '', $f->{version} // ''),
         'st_mix.so global Medium nonsecure ' . 0x00060000,
         'description: name, scope, priority, ports, version');
ok t_cmp($f->{description}, 'st_mix: a known mix <for> "the" status page',
         'JSON: the description with quotes survives escaping');
ok t_cmp(join(',', @{ $f->{flag_names} || [] }),
         'SF_NOTIFY_NONSECURE_PORT,SF_NOTIFY_READ_RAW_DATA,'
         . 'SF_NOTIFY_PREPROC_HEADERS,SF_NOTIFY_SEND_RAW_DATA,'
         . 'SF_NOTIFY_END_OF_NET_SESSION,SF_NOTIFY_ORDER_MEDIUM',
         'flags decoded by name');
ok t_cmp($doc->{total_load_failures}, 0, 'no load failure');

# ?auto: the same figures, "Key: value".
$r = req_once($port, '/isapi-status?auto');
$status_reqs++;
my %auto = map { /^([^:]+): ?(.*)$/ ? ($1, $2) : () } split /\n/, $r->{body};
ok t_cmp($r->{headers}{'content-type'}, qr{^text/plain},
         '?auto is plain text');
ok t_cmp(join(' ', map { $auto{$_} // '-' }
                  'Filters', 'Filter0.Name', 'Filter0.Scope',
                  'Filter0.PREPROC_HEADERS.ERROR',
                  'Filter0.PREPROC_HEADERS.FINISHED',
                  'Filter0.AllocMemInUse'),
         "1 st_mix.so global $errors $finished 0",
         '?auto: the counts as key: value lines');
ok t_cmp($auto{'Filter0.PREPROC_HEADERS.NEXT_NOTIFICATION'},
         $plain + $status_reqs, '?auto: this request\'s own NEXT included');

# HTML.
$r = req_once($port, '/isapi-status');
$status_reqs++;
ok t_cmp($r->{headers}{'content-type'}, qr{^text/html}, 'the page is HTML');
ok t_cmp($r->{body}, qr{a known mix &lt;for&gt; &quot;the&quot; status page},
         'HTML: the description escaped');
ok t_cmp($r->{body}, qr{<td>PREPROC_HEADERS</td><td>\d+</td>},
         'HTML: a row per notification');

# mod_status's page.
$r = req_once($port, '/server-status');
ok t_cmp($r->{body}, qr{<h2>ISAPI filters</h2>.*st_mix\.so}s,
         'server-status has a section naming the filter');
$r = req_once($port, '/server-status?auto');
ok t_cmp($r->{body}, qr{^ISAPIFilters: 1\nISAPIFilterCalls: \d+\n}m,
         'server-status?auto: short key: value lines');
# A graceful restart: the new generation counts from 0 (old children
# finish on the old generation's counters).
my $gen0 = $doc->{generation} // -1;
ISF::Test::_run(ISF::Test::_httpd_cmd($s->{conf}, '-k', 'graceful'));
$deadline = Time::HiRes::time() + 15;
my $new;
do {
    Time::HiRes::sleep(0.2);
    ($new) = status_json($port);
} while (($new->{generation} // $gen0) == $gen0
         and Time::HiRes::time() < $deadline);
ok t_cmp(($new->{generation} // -1) > $gen0 ? 1 : 0, 1,
         'after `-k graceful` a child of the new generation answers');
ok t_cmp(ev($new, 0, 'PREPROC_HEADERS')->{calls}, 1,
         'its figures are the new generation\'s: this request alone');
$s->{stop}->();

# ---- Threads of one child ---------------------------------------------------
# The event MPM, one child of four threads: each thread counts in a block
# of its own, and the page adds them up.
($sent, $recvd, $closed) = (0, 0, 1);
$port = free_port();
$s = httpd_start(
    "ISAPIFilter filters/st_mix.so\n"
    . "<Location /isapi-status>\n  SetHandler isapi-filter-status\n"
    . "</Location>\n",
    port => $port, modules => [qw(mpm_event authz_core mime dir)],
    keep => 1);
ok t_cmp($s->{started}, 1, 'an event MPM server with st_mix starts')
    or note($s->{output}, $s->{error_log});
@c = map { raw_connect(port => $port) } 1 .. 4;
my $n = 0;
for my $round (1 .. 5) {
    for my $sock (@c) {
        req_on($sock, $round == 5 ? '/st/y' : '/index.html');
        $n++;
    }
}
close $_ for @c;
$closed += 4;
$deadline = Time::HiRes::time() + 10;
my $polls = 0;
while (1) {
    ($doc) = status_json($port);
    $polls++;
    last if (ev($doc, 0, 'END_OF_NET_SESSION')->{calls} // -1) == $closed - 1
            or Time::HiRes::time() > $deadline;
    Time::HiRes::sleep(0.2);
}
$ph = ev($doc, 0, 'PREPROC_HEADERS');
ok t_cmp(join(' ', $ph->{calls} // '-', $ph->{status}{ERROR} // '-',
              scalar(@{ $doc->{children} || [] })),
         join(' ', $n + $polls, 4, 1),
         'event MPM: every request counted once, from the threads\' blocks '
         . 'of its one child');
ok t_cmp(ev($doc, 0, 'READ_RAW_DATA')->{bytes}, $sent,
         'event MPM: READ_RAW_DATA bytes, every byte sent');
$s->{stop}->();

# ---- Load failures per child ----------------------------------------------
# prefork, one connection per child; a site filter that fails in every
# child forked once the flag file exists (its site's requests get 500,
# the other site's are served).
my $flag = Apache::Test::vars('t_logs') . '/st_fail_later.flag';
unlink $flag;
local $ENV{ST_FAIL_FILE} = $flag;
$port = free_port();
$s = httpd_start(
    "LoadModule mpm_prefork_module $libexec/mod_mpm_prefork.so\n"
    . "StartServers 1\nMinSpareServers 1\nMaxSpareServers 2\n"
    . "MaxConnectionsPerChild 1\n"
    . "ISAPIFilter filters/st_mix.so\n"
    . "<Location /isapi-status>\n  SetHandler isapi-filter-status\n"
    . "</Location>\n"
    . "<VirtualHost 127.0.0.1:$port>\n  ServerName ok.test\n"
    . "</VirtualHost>\n"
    . "<VirtualHost 127.0.0.1:$port>\n  ServerName fail.test\n"
    . "  ISAPIFilter filters/st_fail_later.so\n</VirtualHost>\n",
    port => $port, modules => [qw(authz_core mime dir)], keep => 1);
ok t_cmp($s->{started}, 1, 'a server with a site filter that loads at '
         . 'start-up starts')
    or note($s->{output}, $s->{error_log});
open my $fh, '>', $flag or die "$flag: $!";
close $fh;
my @docs;
for (1 .. 5) {
    my ($d) = status_json($port, host => 'ok.test');
    push @docs, $d;
}
my $last = $docs[-1];
my $fail = (grep { ($_->{name} // '') eq 'st_fail_later.so' }
            @{ $last->{filters} || [] })[0] || {};
my @live_failed = grep { $_->{live} and @{ $_->{failed_filters} } }
                  @{ $last->{children} || [] };
ok t_cmp(join(' ', $fail->{scope} // '', $fail->{server} // ''),
         'site fail.test', 'the failing filter: a site filter of fail.test');
ok t_cmp(($fail->{load_failures} // 0) >= 3 ? 1 : 0, 1,
         'load failures counted in each child forked since, dead ones '
         . 'included (cumulative)')
    or note("load_failures: " . ($fail->{load_failures} // 'none'));
ok t_cmp(scalar(grep { $_ == $last->{pid} } @{ $fail->{failed_in} || [] }),
         1, 'the child that served the page is listed as one the filter '
         . 'failed in')
    or note($json->encode($last->{children} || []));
unlink $flag;
$s->{stop}->();
