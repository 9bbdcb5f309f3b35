# The status counters under HTTP/2 (issue 15, attacks on the counters'
# blocks): mod_http2 serves a connection's streams on worker threads of
# its own, more of them here (8) than the event MPM's threads (1) plus
# the spare blocks (3), so some threads count into the block threads
# share, with atomic adds.  Forty h2c requests at once must be counted
# exactly.  A throwaway server.
use strict;
use warnings FATAL => 'all';

use JSON::PP ();
use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start run_tool);
use ISF::CB qw(note);

my $h2so = '/usr/lib/apache2/modules/mod_http2.so';
my $curl = run_tool('curl --version 2>/dev/null') // '';
plan tests => 4, need_module 'isapi_filter',
    need { "$h2so is missing" => -e $h2so,
           'curl lacks HTTP2' => $curl =~ /HTTP2/ };

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $s = httpd_start(
    "LoadModule mpm_event_module $libexec/mod_mpm_event.so\n"
    . "LoadModule http2_module $h2so\n"
    . "Protocols h2c http/1.1\n"
    . "StartServers 1\nServerLimit 1\nThreadsPerChild 1\nThreadLimit 1\n"
    . "MaxRequestWorkers 1\nMinSpareThreads 1\nMaxSpareThreads 1\n"
    . "H2MinWorkers 8\nH2MaxWorkers 8\n"
    . "ISAPIFilter filters/st_mix.so\n"
    . "<Location /isapi-status>\n  SetHandler isapi-filter-status\n"
    . "</Location>\n",
    modules => [qw(authz_core mime dir)], keep => 1, name => 'status_h2');
ok t_cmp($s->{started}, 1, 'an event server with h2c and st_mix starts')
    or note($s->{output}, $s->{error_log});

my $base = "http://127.0.0.1:$s->{port}";
# One request per curl, forty curls at once: curl 7.88 fails to reuse a
# prior-knowledge connection on its own (t/events/framing_vhosts.t).
my $cmd = join ' & ', map { "curl -s -S --http2-prior-knowledge --max-time 20 "
                            . "-o /dev/null -w '%{http_code} %{http_version}\\n' "
                            . "'$base/index.html?$_'" } 1 .. 40;
my $out = run_tool("$cmd & wait");
my @codes = split /\n/, $out;
ok t_cmp(scalar(grep { $_ eq '200 2' } @codes), 40,
         'forty requests over h2c, answered')
    or note($out);
my $body = run_tool("curl -s --http2-prior-knowledge --max-time 10 '$base/isapi-status?json'");
my $doc = eval { JSON::PP->new->decode($body) } || {};
my $ph = $doc->{filters}[0]{events}{PREPROC_HEADERS} || {};
ok t_cmp($ph->{calls}, 41,
         'PREPROC_HEADERS: every request counted exactly once, this one '
         . 'included, whichever block its thread wrote')
    or note($body);
ok t_cmp($ph->{status}{NEXT_NOTIFICATION}, 41,
         'the statuses add up to the calls');
$s->{stop}->();
