#!/usr/bin/env bash
# tools/regress/run.sh: Apache's own regression suite (httpd-tests) without and
# with mod_isapi_filter; the module run must add no failure
# (make -f Makefile.apxs regress; tools/regress/README.md).
#
# Runs the suite twice, the way ../shared/HTTPD-TESTS.md records it ran on
# this machine kind, each time from a fresh copy of the suite in a private
# run directory (/tmp/isf-regress.XXXXXX), as the calling user:
#   1. baseline:      the FLAT httpd.conf only;
#   2. isapi_filter:  FLAT plus `LoadModule isapi_filter_module` (in FLAT
#                     itself, so that Apache::Test knows the module), and one
#                     global filter, bench/filters/passthru_all.c (the
#                     benchmark's (d) filter), registered for every event, READ_RAW_DATA and SEND_RAW_DATA included,
#                     that passes everything through (t/conf/isapi.conf.in
#                     in the copy).
# FLAT loads every module in `apxs -q LIBEXECDIR` except the other MPMs,
# mod_perl (crashes in its request cleanup under this suite), mod_heartbeat
# (multicasts off the loopback) and whichever of mod_cgi/mod_cgid does not
# fit the MPM, in the order the `# Depends:` lines of
# /etc/apache2/mods-available/*.load require, and `TypesConfig
# /etc/mime.types` as Debian's mime.conf has it.  Each run is
#   perl Makefile.PL -apxs $APXS -httpd $HTTPD -httpd_conf FLAT
#   t/TEST -conf -port select        (then every generated `Listen 0.0.0.0:`
#                                     becomes 127.0.0.1)
#   t/TEST -verbose                  (one server for the whole run)
# and the two runs' failures (test file and number) are compared from
# Test::Harness's summary report.
#
# Bounds.  Each test file runs under `timeout`: HARNESS_PERL points
# Test::Harness at a wrapper that runs `timeout -k 10 $REGRESS_FILE_TIMEOUT
# perl ...` (default 120 s), so one hung file is killed with its process
# group (forked backends included) and the harness goes on with the next
# file, against the same server.  The killed file shows up as a failure:
# its unrun tests count as failed ("not run"), plus its exit status 124.
# This keeps the recorded procedure (one server, one harness, the files'
# usual order) instead of restarting the server per file.  Each whole
# t/TEST run is also bounded (REGRESS_RUN_TIMEOUT, default 1500 s) in case
# the server itself stops answering: then every file would wait its 120 s.
# A run takes ~7 minutes on an idle 2-core machine (9 with today's hang,
# up to 18 on one shared with other jobs); the worst case for the whole
# script is 2 x 25 minutes plus about 2 minutes of builds and -conf.
#
# Exit status: 0 when both runs ran and the module run added no failure;
# 1 when it added one (listed by test file and number); 2 when a run could
# not run (no suite, a missing package, a build or configuration failure,
# a server that did not start, a run cut by REGRESS_RUN_TIMEOUT).
#
# Knobs: HTTPD_TESTS (the suite; default $top/../shared/httpd-tests),
# REGRESS_MPM (event; worker and prefork work too), REGRESS_FILE_TIMEOUT
# (120), REGRESS_RUN_TIMEOUT (1500), REGRESS_TESTS (test files to run,
# relative to the suite, e.g. "t/modules/proxy_websockets.t t/modules/info.t";
# default all), REGRESS_MIME_TYPES (/etc/mime.types; empty: no TypesConfig),
# REGRESS_KEEP=1 (keep the run directory whole, even on success).  When
# the module run added a failure, the run directory is kept without the
# baseline's copy of the suite and with the module run's error_log (~500 MB
# at the suite's trace levels) gzipped; when a run could not run, whole.
# REGRESS_TMP (/tmp), APXS, HTTPD, CC.
# Must run unprivileged: Apache::Test refuses root (CI runs it as isftest).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh" tools/regress/run.sh 2
find_httpd
MODS_AVAILABLE=${REGRESS_MODS_AVAILABLE:-/etc/apache2/mods-available}
MIME_TYPES=${REGRESS_MIME_TYPES-/etc/mime.types}
CC=${CC:-cc}
MPM=${REGRESS_MPM:-event}
FILE_TIMEOUT=${REGRESS_FILE_TIMEOUT:-120}
RUN_TIMEOUT=${REGRESS_RUN_TIMEOUT:-1500}
SUITE_SRC=${HTTPD_TESTS:-$top/../shared/httpd-tests}
PERL=$(command -v perl || true)
read -r -a TESTS <<< "${REGRESS_TESTS:-}"

# Progress goes to stdout here, with the run's own output.
log() { printf '# %s\n' "$*"; }

# The suite's own make runs must not inherit ours.
unset MAKEFLAGS MFLAGS MAKELEVEL

# ---- prerequisites -----------------------------------------------------------
[ "$(id -u)" != 0 ] || die "run as an unprivileged user: Apache::Test refuses root (CI uses isftest)"
[ -d "$SUITE_SRC/t" ] && [ -f "$SUITE_SRC/Makefile.PL" ] \
    || die "no httpd-tests suite at $SUITE_SRC (set HTTPD_TESTS to its directory)"
SUITE_SRC=$(cd "$SUITE_SRC" && pwd)
need_tools "${PERL:-perl}" "$HTTPD" "$APXS" "$CC" make timeout
case $MPM in event|worker|prefork) ;; *) die "REGRESS_MPM must be event, worker or prefork";; esac
need_mpms "$MPM"
[ -d "$MODS_AVAILABLE" ] || die "no $MODS_AVAILABLE (the # Depends: lines order FLAT)"
[ -z "$MIME_TYPES" ] || [ -r "$MIME_TYPES" ] \
    || die "no $MIME_TYPES (package media-types; REGRESS_MIME_TYPES= to do without)"
# Without these the suite skips the tests that matter here (the WebSocket
# client is what catches a tunnel that loses bytes) and include.t dies.
missing=()
for pm in Apache::TestRun=libapache2-mod-perl2 DateTime=libdatetime-perl \
          HTTP::DAV=libhttp-dav-perl FCGI=libfcgi-perl \
          AnyEvent::WebSocket::Client=libanyevent-websocket-client-perl; do
    "$PERL" -M"${pm%%=*}" -e 1 2>/dev/null || missing+=("${pm#*=}")
done
[ ${#missing[@]} -eq 0 ] || die "missing Perl modules; install: ${missing[*]}"

new_run_dir regress "${REGRESS_TMP:-/tmp}" 700
CURRENT=       # the suite copy whose server may be running
outcome=2
cleanup() {
    local pid
    if [ -n "$CURRENT" ] && [ -f "$CURRENT/t/logs/httpd.pid" ]; then
        (cd "$CURRENT" && timeout 60 "$PERL" t/TEST -stop-httpd >/dev/null 2>&1) || true
        pid=$(cat "$CURRENT/t/logs/httpd.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            sleep 2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    if [ "${REGRESS_KEEP:-0}" = 1 ]; then
        echo "tools/regress/run.sh: run directory kept: $RUN" >&2
    elif [ "$outcome" = 0 ]; then
        rm -rf "$RUN"
    else
        if [ "$outcome" = 1 ]; then
            # Keep what explains the added failures, not 1 GB of trace logs.
            rm -rf "$RUN/baseline/httpd-tests"
            if [ -f "$RUN/isapi_filter/httpd-tests/t/logs/error_log" ]; then
                gzip -1 "$RUN/isapi_filter/httpd-tests/t/logs/error_log" || true
            fi
        fi
        echo "tools/regress/run.sh: run directory kept: $RUN" >&2
    fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# ---- build ---------------------------------------------------------------------
log "building the module and bench/filters/passthru_all.c; run directory $RUN"
# It stays $RUN/lib/mod_isapi_filter.so: Apache::Test names a module after its file.
BUILD_LOG_TAIL=40
build_module SANITIZE=0
build_filter all_events.so "$top/bench/filters/passthru_all.c"

# The per-file bound (see the header).  Test::Harness runs
# "$HARNESS_PERL [switches] t/x.t"; timeout puts the test in its own process
# group and signals the whole group.
cat > "$RUN/lib/perl-timeout" <<EOF
#!/bin/sh
# generated by tools/regress/run.sh: run one test file for at most $FILE_TIMEOUT s
timeout -k 10 $FILE_TIMEOUT "$PERL" "\$@"
rc=\$?
case \$rc in
124|137) eval "f=\\\${\$#}"
         echo "# tools/regress/run.sh: killed \$f after $FILE_TIMEOUT s (exit \$rc)" >&2 ;;
esac
exit \$rc
EOF
chmod 755 "$RUN/lib/perl-timeout"

# ---- FLAT ----------------------------------------------------------------------
# write_flat FILE [EXTRA-LINE...]: every module, dependencies first.
write_flat() {
    local out=$1; shift
    "$PERL" - "$MODDIR" "$MODS_AVAILABLE" "$MPM" > "$out" <<'PERL'
use strict;
use warnings;
my ($moddir, $avail, $mpm) = @ARGV;
my $wrong_cgi = $mpm eq 'prefork' ? 'cgid' : 'cgi';
my (%sym, %deps, @mods);
for my $so (sort glob "$moddir/mod_*.so") {
    my ($n) = $so =~ m{/mod_([^/]+)\.so$} or next;
    next if $n =~ /^mpm_/ && $n ne "mpm_$mpm";
    next if $n eq 'perl' || $n eq 'heartbeat' || $n eq $wrong_cgi;
    my ($sym, @d) = ("${n}_module");
    if (open my $fh, '<', "$avail/$n.load") {
        while (<$fh>) {
            @d = split ' ', $1 if /^\s*#\s*Depends:\s*(.*)/;
            $sym = $1 if /^\s*LoadModule\s+(\S+)\s+\S*\/mod_\Q$n\E\.so\s*$/;
        }
    }
    $sym{$n} = $sym;
    $deps{$n} = \@d;
    push @mods, $n;
}
my (%seen, @order);
my $visit;
$visit = sub {
    my $n = shift;
    return if $seen{$n}++;
    $visit->($_) for grep { exists $sym{$_} } @{ $deps{$n} };
    push @order, $n;
};
$visit->("mpm_$mpm");
$visit->($_) for @mods;
print "# FLAT, generated by tools/regress/run.sh: every module, dependencies first\n";
print "LoadModule $sym{$_} $moddir/mod_$_.so\n" for @order;
PERL
    # The system's MIME types, as Debian's mime.conf has them.  Without a
    # TypesConfig in FLAT, Apache::Test writes a mime.types of five types,
    # and t/modules/filter.t 3 (a filter by type on .xml) fails in both runs.
    if [ -n "$MIME_TYPES" ]; then
        printf 'TypesConfig %s\n' "$MIME_TYPES" >> "$out"
    fi
    local line
    for line in "$@"; do printf '%s\n' "$line" >> "$out"; done
}

# ---- one run -------------------------------------------------------------------
# run_suite NAME WITH_MODULE(0|1): fresh copy, configure, run; leaves
# $RUN/NAME/{test.log,result,seconds}.  Returns non-zero if it could not run.
run_suite() {
    local name=$1 with_module=$2
    local dir=$RUN/$name suite=$RUN/$name/httpd-tests
    local t0 rc n
    # (set -e does not reach in here: run_suite is called in a condition.)
    mkdir -p "$dir" && cp -R "$SUITE_SRC" "$suite" && chmod -R u+w "$suite" \
        || { echo "$name: could not copy $SUITE_SRC to $suite" >&2; return 1; }
    if [ "$with_module" = 1 ]; then
        write_flat "$dir/FLAT" "LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so"
        cat > "$suite/t/conf/isapi.conf.in" <<EOF
# added by tools/regress/run.sh: one global filter, every event, raw data included
ISAPIFilter "$RUN/lib/all_events.so"
EOF
    else
        write_flat "$dir/FLAT"
    fi
    log "$name: $(grep -c '^LoadModule' "$dir/FLAT") modules in FLAT ($MPM MPM)"

    cd "$suite"
    if ! timeout 300 "$PERL" Makefile.PL -apxs "$APXS" -httpd "$HTTPD" \
            -httpd_conf "$dir/FLAT" > "$dir/configure.log" 2>&1; then
        tail -n 30 "$dir/configure.log" >&2
        echo "$name: perl Makefile.PL failed" >&2; return 1
    fi
    if ! timeout 600 t/TEST -conf -port select >> "$dir/configure.log" 2>&1; then
        tail -n 30 "$dir/configure.log" >&2
        echo "$name: t/TEST -conf failed" >&2; return 1
    fi
    find t/conf -name '*.conf' -exec sed -i -E \
        's/^([[:space:]]*Listen[[:space:]]+)0\.0\.0\.0:/\1127.0.0.1:/' {} +
    if grep -rqE '^[[:space:]]*Listen[[:space:]]+0\.0\.0\.0' --include='*.conf' t/conf; then
        echo "$name: a Listen 0.0.0.0 line is left in t/conf" >&2; return 1
    fi
    if [ "$with_module" = 1 ]; then
        # The module must really be in: loaded, and the filter's line included.
        if ! "$HTTPD" -d "$suite/t" -f "$suite/t/conf/httpd.conf" -D APACHE2 -D APACHE2_4 \
                -t -D DUMP_MODULES > "$dir/modules.txt" 2>&1 \
           || ! grep -q 'isapi_filter_module' "$dir/modules.txt" \
           || ! grep -rq 'all_events.so' t/conf/isapi.conf \
           || ! grep -q 'isapi.conf' t/conf/httpd.conf; then
            cat "$dir/modules.txt" >&2
            echo "$name: the generated configuration does not load the module and its filter" >&2
            return 1
        fi
    fi

    log "$name: t/TEST -verbose ${TESTS[*]:-(all files)}; each file at most ${FILE_TIMEOUT} s, the run at most ${RUN_TIMEOUT} s"
    CURRENT=$suite
    t0=$SECONDS
    : > "$dir/test.log"
    # The console gets one line per test file; $dir/test.log has everything.
    { HARNESS_PERL="$RUN/lib/perl-timeout" HARNESS_TIMER=1 \
          timeout -k 30 "$RUN_TIMEOUT" t/TEST -verbose ${TESTS[@]+"${TESTS[@]}"}
      echo $? > "$dir/rc"; } > "$dir/test.log" 2>&1 &
    local runner=$!
    tail -n +1 --pid="$runner" -f "$dir/test.log" 2>/dev/null | awk -v run="$name" '
        /^\[[0-9:]+\] t\/[^ ]+\.t \.+/ {
            file = $2; rest = $0; sub(/^\[[0-9:]+\] t\/[^ ]+\.t \.+ ?/, "", rest)
            if (rest != "") { printf "  %-12s %-44s %s\n", run, file, rest; file = "" }
            next }
        file != "" && /^(ok +[0-9]+ ms|Failed [0-9]+\/[0-9]+ subtests|Dubious|All [0-9]+ subtests passed|No subtests run)/ {
            r = $0; sub(/ *\(.*$/, "", r); printf "  %-12s %-44s %s\n", run, file, r
            if (r !~ /^Dubious/) file = ""
            fflush(); next }
        /^# tools\/regress\/run\.sh: killed/ { print "  " run ": " substr($0, 3); fflush(); next }
        /^(Files=|Result:|Test run interrupted)/ { print "  " run ": " $0; fflush() }'
    wait "$runner" || true
    rc=$(cat "$dir/rc" 2>/dev/null || echo 2)
    echo $(( SECONDS - t0 )) > "$dir/seconds"
    (timeout 60 "$PERL" t/TEST -stop-httpd >/dev/null 2>&1) || true
    CURRENT=
    cd "$RUN"
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        echo "$name: the run exceeded REGRESS_RUN_TIMEOUT=${RUN_TIMEOUT} s and was killed" >&2
        return 1
    fi
    parse_log "$dir/test.log" > "$dir/result"
    n=$(sed -n 's/^files //p' "$dir/result")
    if [ -z "$n" ] || [ "$n" = 0 ]; then
        grep -E '\[ *(error|crit|emerg)\]|failed to start|server .* (failed|dumped)' "$dir/test.log" \
            | tail -n 20 >&2 || true
        tail -n 20 "$suite/t/logs/error_log" >&2 2>/dev/null || true
        echo "$name: no test ran (t/TEST exit $rc); see $dir/test.log" >&2
        return 1
    fi
    log "$name: $(( SECONDS - t0 )) s, t/TEST exit $rc"
    return 0
}

# parse_log LOG: Test::Harness's summary report as lines
#   files N / tests N / seconds N
#   fail FILE NUMBER failed|notrun
#   file FILE exit|parse DESCRIPTION     (a failure of the file as a whole)
parse_log() {
    "$PERL" - "$1" "$FILE_TIMEOUT" <<'PERL'
use strict;
use warnings;
my ($log, $limit) = @ARGV;
open my $fh, '<', $log or die "$log: $!";
my (%killed, $in, $cur, $last, %plan, %ran, @out, $files, $tests);
my $expand = sub {
    map { /^(\d+)-(\d+)$/ ? ($1 .. $2) : /^(\d+)$/ ? ($1) : () } split /\s*,\s*/, shift;
};
while (my $l = <$fh>) {
    chomp $l;
    if ($l =~ /^# tools\/regress\/run\.sh: killed (\S+) after/) { $killed{$1} = 1; next }
    if ($l =~ /^Test Summary Report/) { $in = 1; next }
    if ($l =~ /^Files=(\d+), Tests=(\d+),/) { ($files, $tests) = ($1, $2); $in = 0; next }
    next unless $in;
    if ($l =~ /^(\S+\.t)\s+\(Wstat: \d+.*Tests: (\d+) Failed: \d+\)$/) {
        ($cur, $last) = ($1, '');
        $ran{$cur} = $2;
        next;
    }
    next unless defined $cur;
    if ($l =~ /^  Failed tests?:\s+(.*)$/) {
        push @out, "fail $cur $_ failed" for $expand->($1);
        $last = 'failed';
    } elsif ($l =~ /^ {16}(\S.*)$/ && $last eq 'failed') {
        push @out, "fail $cur $_ failed" for $expand->($1);
    } elsif ($l =~ /^  Non-zero (exit|wait) status: (\d+)/) {
        my $how = "$1 status $2";
        $how .= " (killed after $limit s: it hung)"
            if $killed{$cur} || ($1 eq 'exit' && ($2 == 124 || $2 == 137));
        push @out, "file $cur exit $how";
        $last = 'exit';
    } elsif ($l =~ /^  Parse errors:\s*(\S.*)$/ || ($last eq 'parse' && $l =~ /^ {16}(\S.*)$/)) {
        my $e = $1;
        if ($e =~ /^Bad plan\.\s+You planned (\d+) tests? but ran (\d+)\./ && $2 < $1) {
            push @out, "fail $cur $_ notrun" for $2 + 1 .. $1;
        } else {
            push @out, "file $cur parse $e";
        }
        $last = 'parse';
    } elsif ($l =~ /^  TODO passed:/) {
        $last = 'todo';
    }
}
print "files ", $files // 0, "\ntests ", $tests // 0, "\n";
print "$_\n" for @out;
PERL
}

# ---- the two runs ----------------------------------------------------------------
T0=$SECONDS
couldnt=()
if run_suite baseline 0; then
    run_suite isapi_filter 1 || couldnt+=(isapi_filter)
else
    couldnt+=(baseline)
fi

# ---- comparison and summary ----------------------------------------------------------
echo
echo "==== httpd-tests: baseline vs. mod_isapi_filter + all_events (global, every event) ===="
if [ ${#couldnt[@]} -gt 0 ]; then
    echo "RESULT: could not run: ${couldnt[*]} (see the messages above; logs in $RUN)"
    outcome=2
    exit 2
fi
set +e
"$PERL" - "$RUN/baseline" "$RUN/isapi_filter" "$RUN/added-files" "${#TESTS[@]}" <<'PERL'
use strict;
use warnings;
my ($bdir, $mdir, $added_files, $subset) = @ARGV;
# The baseline recorded on Debian 12, apache2 2.4.x, event MPM (HTTPD-TESTS.md).
my %known = ('t/apache/expr.t' => '88, 202-204', 't/apache/pr64339.t' => '2-3, 5-6',
             't/filter/case.t' => '2', 't/modules/autoindex.t' => '1-84',
             't/modules/include.t' => '2, 5, 47');
sub load {
    my $dir = shift;
    my %r = (fail => {}, kind => {}, file => {});
    open my $fh, '<', "$dir/result" or die "$dir/result: $!";
    while (<$fh>) {
        chomp;
        if (/^(files|tests) (\d+)$/) { $r{$1} = $2 }
        elsif (/^fail (\S+) (\d+) (\S+)$/) { $r{fail}{$1}{$2} = 1; $r{kind}{"$1 $2"} = $3 }
        elsif (/^file (\S+) (\S+) (.*)$/) {
            $r{file}{$1}{$2} = defined $r{file}{$1}{$2} ? "$r{file}{$1}{$2}; $3" : $3;
        }
    }
    open $fh, '<', "$dir/seconds" and $r{seconds} = <$fh>;
    chomp $r{seconds} if defined $r{seconds};
    return \%r;
}
# Failures: numbered tests, plus a file's exit/parse failure when it has
# no numbered one.
sub count {
    my $r = shift;
    my $n = 0;
    $n += keys %{ $r->{fail}{$_} } for keys %{ $r->{fail} };
    $n += 1 for grep { !$r->{fail}{$_} || !%{ $r->{fail}{$_} } } keys %{ $r->{file} };
    return $n;
}
sub ranges {
    my @n = sort { $a <=> $b } @_;
    my @r;
    while (@n) {
        my ($s, $e) = (shift @n) x 2;
        $e = shift @n while @n && $n[0] == $e + 1;
        push @r, $s == $e ? $s : "$s-$e";
    }
    return join ', ', @r;
}
# describe(R, FILE, NUMBERS, KINDS): "1-2 (not run), 5; exit status 124 (...)"
sub describe {
    my ($r, $f, $nums, $fk) = @_;
    my (@failed, @notrun);
    for (@$nums) { ($r->{kind}{"$f $_"} // '') eq 'notrun' ? push @notrun, $_ : push @failed, $_ }
    my @p;
    push @p, ranges(@failed) if @failed;
    push @p, ranges(@notrun) . " (not run)" if @notrun;
    push @p, map { $r->{file}{$f}{$_} } @$fk;
    return join '; ', @p;
}
my ($b, $m) = (load($bdir), load($mdir));
printf "%-14s %6s %7s %9s %8s\n", 'run', 'files', 'tests', 'failures', 'time';
for (['baseline', $b], ['isapi_filter', $m]) {
    my ($n, $r) = @$_;
    printf "%-14s %6d %7d %9d %6s s\n", $n, $r->{files}, $r->{tests}, count($r), $r->{seconds} // '?';
}
for (['baseline', $b], ['isapi_filter', $m]) {
    my ($n, $r) = @$_;
    my %files = map { $_ => 1 } keys %{ $r->{fail} }, keys %{ $r->{file} };
    print "$n failures:", (%files ? "\n" : " none\n");
    for my $f (sort keys %files) {
        printf "  %-36s %s\n", $f,
            describe($r, $f, [keys %{ $r->{fail}{$f} || {} }], [sort keys %{ $r->{file}{$f} || {} }]);
    }
}
my $base_str = join '; ', map { "$_ " . ranges(keys %{ $b->{fail}{$_} }) }
    grep { %{ $b->{fail}{$_} } } sort keys %{ $b->{fail} };
my $known_str = join '; ', map { "$_ $known{$_}" } sort keys %known;
print "note: the baseline differs from the one recorded for Debian 12 + apache2 2.4.x",
      " (tools/regress/README.md):\n  recorded: $known_str\n"
    if !$subset && ($base_str ne $known_str || %{ $b->{file} });
# What the module run added.
my ($added, @lines, @afiles) = (0);
my %mfiles = map { $_ => 1 } keys %{ $m->{fail} }, keys %{ $m->{file} };
for my $f (sort keys %mfiles) {
    my @nums = grep { !$b->{fail}{$f}{$_} } keys %{ $m->{fail}{$f} || {} };
    my @fk = grep { !exists $b->{file}{$f}{$_} } sort keys %{ $m->{file}{$f} || {} };
    next unless @nums || @fk;
    $added += @nums + (@nums ? 0 : scalar @fk);
    push @lines, sprintf "  %-36s %s", $f, describe($m, $f, \@nums, \@fk);
    push @afiles, $f;
}
open my $afh, '>', $added_files or die "$added_files: $!";
print $afh "$_\n" for @afiles;
close $afh;
my @gone;
for my $f (sort keys %{ $b->{fail} }) {
    my @nums = grep { !$m->{fail}{$f}{$_} } keys %{ $b->{fail}{$f} || {} };
    push @gone, "$f " . ranges(@nums) if @nums;
}
print "failures the module run added:", ($added ? " $added\n" : " none\n");
print "$_\n" for @lines;
print "baseline failures absent from the module run: ", (@gone ? join('; ', @gone) : 'none'), "\n";
if ($added) {
    print "RESULT: FAIL: loading mod_isapi_filter with an all-events pass-through filter",
          " added $added failure(s)\n";
    exit 1;
}
print "RESULT: PASS: the module run added no failure\n";
exit 0;
PERL
outcome=$?
set -e
echo "total: $(( SECONDS - T0 )) s"
if [ "$outcome" = 1 ]; then
    # What the added files said (their TAP and diagnostics, from the module run).
    while read -r f; do
        echo "---- $f in the module run (last 25 lines of its output) ----"
        awk -v f="$f" '
            /^\[[0-9:]+\] t\/[^ ]+\.t \.+/ { on = ($2 == f) }
            / in t\/[^ ]+\.t at line / && index($0, " in " f " ") == 0 { next }
            on' "$RUN/isapi_filter/test.log" | tail -n 25
    done < "$RUN/added-files"
    echo "logs: $RUN/isapi_filter/test.log, $RUN/isapi_filter/httpd-tests/t/logs/error_log(.gz)"
fi
exit "$outcome"
