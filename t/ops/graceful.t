# Graceful restarts under load (issue 15, "Restarts"), for prefork, worker
# and event: `apache2 -k graceful` and `-k graceful-stop` issued 1.5 s into
# a 4 s wrk run (2 threads, 16 connections) on a throwaway server.
#
#   generation 1   GenLife.dll copied into gen1/
#   generation 2   GenLife.dll copied into gen2/, then tag_response.so
#
# The configuration is rewritten to generation 2 before the signal.
# t/iis/GenLife (built with isapi-cc) logs "PID EVENT GENERATION" for
# DllMain ATTACH, GetFilterVersion, TerminateFilter and DllMain DETACH to
# $GENLIFE_LOG and answers every request with "X-Gen: GENERATION PID";
# tag_response adds X-ISF-Tag.  A wrk script counts the responses by
# status, X-Gen and the presence of X-ISF-Tag.  Checked per run:
#   - wrk saw no failed request (see below), no non-2xx answer;
#   - each serving process answered with one generation only, generation
#     2 always with X-ISF-Tag and generation 1 never; after graceful both
#     generations answered, after graceful-stop only generation 1;
#   - every process that loaded a generation (probe or child) logged
#     ATTACH GFV TF DETACH for it, once each and in that order, the
#     children that finished after the signal included; the parent none;
#   - no child died of a signal.
# KeepAlive Off: with keep-alive, bare httpd itself (no module loaded)
# resets requests that race the close of an idle keep-alive connection at
# a graceful restart (up to one per wrk connection, README "Restarts");
# with one request per connection it fails none.  At
# graceful-stop the listeners close while wrk keeps connecting: the
# refused connections (wrk counts them as write errors) and the
# connections still in the kernel's accept queue when the last listener
# closes (reset: read errors, at most one per wrk connection) are lost by
# bare httpd too, so that run allows those and nothing else.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Copy ();
use File::Path ();
use File::Spec::Functions qw(catfile catdir);
use Time::HiRes ();
use ISF::Test qw(httpd_start httpd_signal raw_connect read_response_bytes
                 parse_responses);

my @MPMS = qw(prefork worker event);
my @SIGNALS = qw(graceful graceful-stop);
my $CONNS = 16;
my $PER_RUN = 8;

my $wrk = (grep { -x } map { "$_/wrk" } split /:/, $ENV{PATH})[0];
# The test server loads one MPM; the others come from apxs' module
# directory, as httpd's packages install them.
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my %mpm_so = map { $_ => catfile($libexec, "mod_mpm_$_.so") } @MPMS;

plan tests => $PER_RUN * @MPMS * @SIGNALS,
    need_module('isapi_filter'),
    need({ 'wrk is not installed (apt-get install wrk)' => $wrk ? 1 : 0 });

my $vars = Apache::Test::vars();
my $top = $vars->{top_dir};
my $dll = catfile($top, 't', 'iis', 'GenLife', 'GenLife.dll');
my $tag_so = catfile($top, 't', 'filters', 'tag_response.so');
my $work = catdir($vars->{t_logs}, 'graceful');
File::Path::rmtree($work);
File::Path::mkpath([map { catdir($work, $_) } qw(gen1 gen2)]);
File::Copy::copy($dll, catfile($work, $_, 'GenLife.dll')) or die "$dll: $!"
    for qw(gen1 gen2);

# Counts responses by "STATUS GENERATION:PID TAG" in each wrk thread;
# done() prints them as "COUNT key n".
my $lua = catfile($work, 'count.lua');
{
    open my $fh, '>', $lua or die "$lua: $!";
    print $fh <<'LUA';
local threads = {}
function setup(thread) table.insert(threads, thread) end
counts = {}
function response(status, headers, body)
    local gen = (headers["X-Gen"] or "-"):gsub(" ", ":")
    local key = status .. " " .. gen .. " "
                .. (headers["X-ISF-Tag"] and "tag" or "-")
    counts[key] = (counts[key] or 0) + 1
end
function done(summary, latency, requests)
    for _, t in ipairs(threads) do
        for k, v in pairs(t:get("counts")) do
            io.write("COUNT ", k, " ", v, "\n")
        end
    end
end
LUA
}

my %SIZING = (
    prefork => "StartServers 4\nMinSpareServers 2\nMaxSpareServers 32\n"
             . "ServerLimit 48\nMaxRequestWorkers 48\n",
    worker  => "StartServers 1\nServerLimit 4\nThreadsPerChild 32\n"
             . "MaxRequestWorkers 128\nMinSpareThreads 1\n"
             . "MaxSpareThreads 128\n",
    event   => "StartServers 1\nServerLimit 4\nThreadsPerChild 32\n"
             . "MaxRequestWorkers 128\nMinSpareThreads 1\n"
             . "MaxSpareThreads 128\n",
);

sub filters_of {
    my $gen = shift;
    my $lines = "ISAPIFilter " . catfile($work, "gen$gen", 'GenLife.dll')
              . "\n";
    $lines .= "ISAPIFilter $tag_so\n" if $gen == 2;
    return $lines;
}

sub slurp {
    open my $fh, '<', shift or return '';
    local $/;
    return scalar <$fh>;
}

sub check {
    my ($cond, $name, @diag) = @_;
    t_debug($name);
    t_debug(@diag) if !$cond and @diag;
    ok($cond ? 1 : 0);
}

# Running, not a zombie its parent has yet to reap.
sub alive {
    my $pid = shift;
    return kill(0, $pid) && slurp("/proc/$pid/status") !~ /^State:\s+Z/m;
}

sub run_one {
    my ($mpm, $signal) = @_;
    my $name = "graceful_${mpm}_$signal";
    my $life = catfile($work, "$name.life");
    open my $clear, '>', $life or die "$life: $!";
    close $clear;
    local $ENV{GENLIFE_LOG} = $life;

    my $s = httpd_start("LoadModule mpm_${mpm}_module $mpm_so{$mpm}\n"
                        . "$SIZING{$mpm}KeepAlive Off\n# filters\n"
                        . filters_of(1), keep => 1, name => $name,
                        modules => [qw(authz_core mime dir)]);
    check($s->{started}, "$mpm $signal: the server starts",
          $s->{output}, $s->{error_log});
    unless ($s->{started}) {
        skip("$mpm $signal: no server", 0) for 2 .. $PER_RUN;
        return;
    }
    my $daemon = slurp("$s->{dir}/httpd.pid") =~ /(\d+)/ ? $1 : 0;

    my $pid = open(my $wrk_out, '-|') // die "fork: $!";
    if (!$pid) {
        open STDERR, '>&', \*STDOUT;
        exec $wrk, '-t2', "-c$CONNS", '-d4s', '-s', $lua,
             "http://127.0.0.1:$s->{port}/" or POSIX::_exit(127);
    }
    # A connection an old child accepted, whose request is completed only
    # after the signal: the old child answers it, with the old filters.
    Time::HiRes::sleep(1.2);
    my $late = raw_connect(port => $s->{port});
    syswrite($late, "GET /index.html HTTP/1.0\r\n");
    Time::HiRes::sleep(0.3);
    my $conf = slurp($s->{conf});
    $conf =~ s/# filters\n.*\z/# filters\n${\ filters_of(2)}/s
        or die "no filter lines in $s->{conf}";
    open my $out, '>', $s->{conf} or die "$s->{conf}: $!";
    print $out $conf;
    close $out;
    my ($st, $said) = httpd_signal($s, $signal);
    t_debug("-k $signal: $st $said") if $st;
    Time::HiRes::sleep(0.5);
    syswrite($late, "Host: localhost\r\n\r\n");
    my ($late_res) = parse_responses(scalar read_response_bytes($late, 5));
    close $late;
    $late_res ||= { status => 0, headers => {} };
    my $report = do { local $/; <$wrk_out> } // '';
    close $wrk_out;
    $s->{stop}->();

    # Wait for every process that logged to end: the old children of a
    # graceful restart or graceful-stop finish after the signal.
    my %pids = map { /^(\d+) / ? ($1 => 1) : () } split /\n/, slurp($life);
    my $deadline = Time::HiRes::time() + 15;
    Time::HiRes::sleep(0.1)
        while grep({ alive($_) } keys %pids, $daemon)
              and Time::HiRes::time() < $deadline;

    # wrk's verdict.
    my ($done) = $report =~ /(\d+) requests in/;
    my %err = (connect => 0, read => 0, write => 0, timeout => 0);
    if ($report =~ /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/) {
        @err{qw(connect read write timeout)} = ($1, $2, $3, $4);
    }
    my ($non2xx) = $report =~ /Non-2xx or 3xx responses: (\d+)/;
    $non2xx ||= 0;
    my $errs = join ', ', map { "$_ $err{$_}" } qw(connect read write timeout);
    t_debug("$mpm $signal: $done requests; $errs; non-2xx $non2xx")
        if defined $done;
    if ($signal eq 'graceful') {
        check(defined $done && $done > 0
              && !grep({ $err{$_} } keys %err) && !$non2xx,
              "$mpm graceful: no request failed ($errs, non-2xx $non2xx)",
              $report);
    }
    else {
        check(defined $done && $done > 0 && !$err{connect}
              && $err{read} <= $CONNS && !$err{timeout} && !$non2xx,
              "$mpm graceful-stop: no request failed but the refused and "
              . "the accept-queue ones ($errs, non-2xx $non2xx)", $report);
    }

    # Who answered with what.
    my (%gen_of, %n, $bad);
    for ($report =~ /^COUNT (.*)$/mg) {
        my ($status, $gen, $tag, $count) = split / /;
        my ($g, $p) = $gen =~ /^gen(\d):(\d+)$/ or do {
            $bad .= "no X-Gen: $_\n";
            next;
        };
        $gen_of{$p}{$g} = 1;
        $n{$g} += $count;
        $bad .= "generation $g with tag '$tag': $_\n"
            if ($g == 2) != ($tag eq 'tag');
    }
    my @mixed = grep { keys %{ $gen_of{$_} } > 1 } keys %gen_of;
    check(!$bad && !@mixed, "$mpm $signal: each process answered with one "
          . "generation, generation 2 (only) with the filter it added",
          $bad // '', "mixed: @mixed");
    if ($signal eq 'graceful') {
        check(($n{1} || 0) > 0 && ($n{2} || 0) > 0,
              "$mpm graceful: old children answered with generation 1, new "
              . "ones with generation 2", $report);
    }
    else {
        check(($n{1} || 0) > 0 && !$n{2},
              "$mpm graceful-stop: only generation 1 answered", $report);
    }

    my $lg = $late_res->{headers}->{'x-gen'} // '';
    check($late_res->{status} == 200 && $lg =~ /^gen1 (\d+)$/
          && !defined $late_res->{headers}->{'x-isf-tag'},
          "$mpm $signal: a request completed after the signal on a "
          . "connection accepted before it is answered by the old child "
          . "with the old filters (status $late_res->{status}, X-Gen '$lg')",
          $late_res->{raw} // '');

    # Lifetimes: "ATTACH GFV TF DETACH" once per process and generation.
    my %seq;
    for (split /\n/, slurp($life)) {
        my ($p, $ev, $gen) = split / / or next;
        push @{ $seq{"$p $gen"} }, $ev;
    }
    my @wrong = grep { "@{ $seq{$_} }" ne 'ATTACH GFV TF DETACH' }
                sort keys %seq;
    my @served = grep { $gen_of{$_}{1} || $gen_of{$_}{2} } keys %gen_of;
    my @unlogged = grep { !$seq{"$_ gen1"} && !$seq{"$_ gen2"} } @served;
    check(!@wrong && !@unlogged && scalar(keys %seq),
          "$mpm $signal: every process called DllMain ATTACH, "
          . "GetFilterVersion, TerminateFilter and DllMain DETACH once per "
          . "generation it loaded, in that order (" . keys(%seq)
          . " process-generations, " . @served . " serving)",
          map({ "$_: @{ $seq{$_} }" } @wrong), "unlogged: @unlogged");
    my @gens = grep { / gen2$/ } keys %seq;
    check(!grep({ /^$daemon / } keys %seq)
          && ($signal eq 'graceful-stop' || scalar(@gens)),
          "$mpm $signal: the parent ran no filter code; generation 2 was "
          . "loaded (by the probe at least)" , join ' ', sort keys %seq);

    my $log = slurp("$s->{dir}/error_log");
    check($log !~ /\b(?:segfault|Segmentation|exit signal|core dump)/i,
          "$mpm $signal: no child crashed",
          grep { /signal|segfault|core/i } split /\n/, $log);
}

for my $mpm (@MPMS) {
    for my $signal (@SIGNALS) {
        unless (-f $mpm_so{$mpm}) {
            skip("$mpm_so{$mpm} is not installed", 0) for 1 .. $PER_RUN;
            next;
        }
        run_one($mpm, $signal);
    }
}
