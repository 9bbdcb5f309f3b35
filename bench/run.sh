#!/usr/bin/env bash
# bench/run.sh: the mod_isapi_filter benchmark (see bench/README.md).
#
#   bench/run.sh [OPTION...]  full run (make -f Makefile.apxs bench), ~15 min:
#                                   throughput (a)-(f) unpinned under the event MPM
#                                   (the headline), then 256 connections, the other
#                                   two MPMs and a pinned run; system calls; idle
#                                   keep-alive connections; memory (g); callgrind
#                                   (h); writes the report to bench/RESULTS.md
#   bench/run.sh --smoke      a few seconds (make -f Makefile.apxs bench-smoke):
#                                   1 round of 1 s, 1 KiB only, configs a, b, d;
#                                   exits 0 when every response was 2xx
#   bench/run.sh --callgrind  (h) only, ~3 min (make -f Makefile.apxs
#                                   bench-callgrind): instructions per request and
#                                   where they go; the report stays in the run directory
#
# Options (each also an environment variable, named in brackets):
#   --mpm event|worker|prefork  the headline's MPM [MPM] (default event)
#   --threads N      worker threads of the one process (event, worker), or
#                    processes (prefork) [THREADS] (default 64)
#   --conns N        wrk's connections [CONNS] (default 32)
#   --high-conns N   connections of the scaling run and the idle check
#                    [HIGH_CONNS] (default 256)
#   --wrk-threads N  [WRK_THREADS] (default 2; 1 when pinned)
#   --pin            pin the headline too: httpd on CPU 0, wrk on CPU 1 [PIN=1]
#   --configs "a d"  the headline's configurations [CONFIGS] (default all;
#                    (a) is always measured, as the base)
#   --rounds N --duration S  [ROUNDS] (7) x [DURATION] (2 s) per cell
#   --no-extra       the headline only: no scaling, other MPMs or pinned run
# and CG_N (requests per callgrind run), CG_PATH (default /1k.bin),
# CG_CLIENT (keepalive: on one connection, the default; close: each its own),
# CG_CONFIGS (default "a b c c0 c1 d"), BENCH_KEEP=1 (keep the run
# directory), BENCH_TMP, APXS, HTTPD, CC.
#
# Run from anywhere; as root (the servers' workers drop to www-data) or as
# a normal user.  Every server listens on 127.0.0.1 only and lives, with
# its content and logs, in a fresh directory under ${BENCH_TMP:-/tmp}.
set -euo pipefail
export LC_ALL=C

. "$(dirname "${BASH_SOURCE[0]}")/../tools/lib/common.sh" bench 1
. "$here/servers.sh"
. "$here/throughput.sh"
. "$here/syscalls.sh"
. "$here/memory.sh"
. "$here/callgrind.sh"

usage() { sed -n '3,33p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
smoke=0
cgonly=0
EXTRA=${EXTRA:-1}
ARGS="$*"
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke=1 ;;
        --callgrind) cgonly=1 ;;
        --mpm) MPM=$2; shift ;;
        --threads) THREADS=$2; shift ;;
        --conns) CONNS=$2; shift ;;
        --high-conns) HIGH_CONNS=$2; shift ;;
        --wrk-threads) WRK_THREADS=$2; shift ;;
        --pin) PIN=1 ;;
        --configs) CONFIGS=$2; shift ;;
        --rounds) ROUNDS=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --no-extra) EXTRA=0 ;;
        *) usage ;;
    esac
    shift
done

find_httpd
# An explicit CC also builds the module (as with Makefile.apxs itself).
MAKE_CC=()
[ -n "${CC:-}" ] && MAKE_CC=(CC="$CC")
CC=${CC:-cc}
NCPU=$(nproc)

if [ "$smoke" = 1 ]; then
    ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-1}; EXTRA=0
else
    ROUNDS=${ROUNDS:-7}; DURATION=${DURATION:-2}
fi
MPM=${MPM:-event}
THREADS=${THREADS:-64}
CONNS=${CONNS:-32}
HIGH_CONNS=${HIGH_CONNS:-256}
PIN=${PIN:-0}
CG_N=${CG_N:-2000}
CG_PATH=${CG_PATH:-/1k.bin}
# keepalive: CG_N requests on one connection; close: each on its own.
CG_CLIENT=${CG_CLIENT:-keepalive}
case "$CG_CLIENT" in keepalive|close) ;; *) die "CG_CLIENT: keepalive or close" ;; esac
CG_CONFIGS=${CG_CONFIGS:-a b c c0 c1 d}
case "$MPM" in event|worker|prefork) ;; *) die "--mpm: event, worker or prefork" ;; esac
if [ "$PIN" = 1 ]; then
    [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null || die "--pin needs 2 CPUs and taskset"
    WRK_THREADS=${WRK_THREADS:-1}
else
    WRK_THREADS=${WRK_THREADS:-2}
fi
# The secondary runs: wrk's threads there.
PIN_WRK_THREADS=1
if [ "$NCPU" -lt 2 ] || ! command -v taskset >/dev/null; then PIN_OK=0; else PIN_OK=1; fi

# Strings for (f); the bench replacer is built with them.
PATTERN=ISFNEEDLE42
REPLACEMENT=REPLACED-OK

need_tools --hint "see bench/README.md" wrk perl "$HTTPD" "$APXS" "$CC" make
need_mpms event worker prefork
if [ "$smoke" = 0 ]; then
    need_tools --hint "apt-get install valgrind" valgrind
fi

safe() { printf '%s' "$1" | tr -c 'A-Za-z0-9_-' '_'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.3f", x / y; else print "n/a" }'; }

# ---- Run directory ---------------------------------------------------------
new_run_dir bench "${BENCH_TMP:-/tmp}"
mkdir -p "$RUN/htdocs" "$RUN/wrk"
detect_root

cleanup() {
    stop_started 50
    rm -f "$RUN/htdocs/big.bin"
    if [ "${BENCH_KEEP:-0}" != 1 ] && [ "$smoke" = 1 ]; then
        rm -rf "$RUN"
    fi
}
trap cleanup EXIT

# ---- Header ------------------------------------------------------------------
REPORT=$RUN/report.md
{
    echo "# mod_isapi_filter benchmark"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- command: \`$(invocation "$ARGS")\` (in $top)"
    echo "- nproc: $NCPU ($(cpu_model))"
    echo "- memory: $(meminfo_gib MemTotal) total, $(meminfo_gib MemAvailable) available"
    echo "- kernel: $(uname -r); $(httpd_version); $(wrk_version)"
    tree_line
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)$(awk -v n="$NCPU" '$1 > n / 2 { printf " (busy machine: other work competes with the servers; trust the CPU-per-request columns more than req/s)" }' /proc/loadavg)"
    echo "- user: $(id -un)$([ $AS_ROOT = 1 ] && echo " (workers run as $RUN_USER)")"
    echo "- headline: $MPM MPM, $THREADS $([ "$MPM" = prefork ] && echo processes || echo "threads in one process"), wrk -t$WRK_THREADS -c$CONNS, $([ "$PIN" = 1 ] && echo "httpd pinned to CPU 0, wrk to CPU 1" || echo "no CPU pinning"); ${ROUNDS} rounds x ${DURATION} s per config and file, configs in alternation"
    echo "- run directory: $RUN"
} > "$REPORT"
cat "$REPORT"
echo

# ---- Build -------------------------------------------------------------------
# The module is built by the tree's Makefile.apxs, but in a copy of the
# sources in the run directory (build_module --copy).
log "building the module (a copy of the sources in $RUN/build)"
build_module --copy APXS="$APXS" ${MAKE_CC[@]+"${MAKE_CC[@]}"}
# (c1): (c)'s work as a native Apache module, the floor under (c).
mkdir -p "$RUN/build/native"
cp "$here/native/mod_bench_hdr.c" "$RUN/build/native/"
(cd "$RUN/build/native" && "$APXS" -c ${MAKE_CC[@]+-S CC="$CC"} mod_bench_hdr.c) >> "$RUN/build.log" 2>&1 \
    || build_failed "bench/native/mod_bench_hdr.c did not build"
cp "$RUN/build/native/.libs/mod_bench_hdr.so" "$RUN/lib/"
REPLACE_DEFS=(-DREPLACE_FROM="\"$PATTERN\"" -DREPLACE_TO="\"$REPLACEMENT\"")
for f in hdr_only passthru_all raw_disable replace alloc_each; do
    build_filter "$f.so" "$here/filters/$f.c" "${REPLACE_DEFS[@]}"
done
# (f): the rewriter from examples/ when there is one, replace_text.c
# (built here with PATTERN and REPLACEMENT); else only
# bench/filters/replace.c.  When examples/ has one, replace.c is
# measured beside it as (f-min), a minimal same-length replacer.
REWRITER=replace.so
REWRITER_NOTE="bench/filters/replace.c, a minimal same-length replacer (examples/ has no rewriter)"
HAVE_FMIN=0
if [ "$smoke" = 0 ] && [ -f "$top/examples/replace_text.c" ]; then
    if compile_filter replace_text.so "$top/examples/replace_text.c" "${REPLACE_DEFS[@]}"; then
        REWRITER=replace_text.so
        REWRITER_NOTE="examples/replace_text.c built with -DREPLACE_FROM='\"$PATTERN\"' -DREPLACE_TO='\"$REPLACEMENT\"' (it re-frames what it rewrites: Content-Length goes, the body is sent chunked, as mod_substitute does)"
    else
        log "examples/replace_text.c did not build (see $RUN/build.log)"
    fi
fi
[ "$REWRITER" != replace.so ] && HAVE_FMIN=1
chmod 755 "$RUN/lib" "$RUN/lib"/*.so

# ---- Content -----------------------------------------------------------------
log "generating content in $RUN/htdocs"
head -c 1024 /dev/urandom > "$RUN/htdocs/1k.bin"
head -c 1048576 /dev/urandom > "$RUN/htdocs/1m.bin"
# A 1 MiB HTML page with PATTERN every few lines.
perl -e '
    my ($pat, $size) = @ARGV;
    my @w = qw(lorem ipsum dolor sit amet consectetur adipiscing elit sed do
               eiusmod tempor incididunt ut labore et dolore magna aliqua);
    my $out = "<!DOCTYPE html>\n<html><head><title>bench</title></head><body>\n";
    my $tail = "</body></html>\n";
    my ($i, $n) = (0, 0);
    while (length($out) < $size - length($tail) - 200) {
        my $line = "<p>";
        $line .= $w[($i * 7 + $_) % @w] . " " for 0 .. 12;
        if ($i % 4 == 0) { $line .= "$pat "; $n++ }
        $line .= $w[$i % @w] . ".</p>\n";
        $out .= $line;
        $i++;
    }
    $out .= "<!--" . ("." x ($size - length($out) - length($tail) - 8)) . "-->\n";
    $out .= $tail;
    print $out;
' "$PATTERN" 1048576 > "$RUN/htdocs/page.html"
PAGE_HITS=$(grep -o "$PATTERN" "$RUN/htdocs/page.html" | wc -l)
sed "s/$PATTERN/$REPLACEMENT/g" "$RUN/htdocs/page.html" > "$RUN/page.expected"
chmod 755 "$RUN/htdocs"
chmod 644 "$RUN/htdocs"/*


# ---- Configurations ------------------------------------------------------------
# name|description
CONFIGS_ALL=(
    "a|bare httpd, module not loaded"
    "a'|(a) with EnableSendfile Off"
    "b|module loaded, no filters"
    "c|hdr_only: PREPROC_HEADERS + SEND_RESPONSE"
    "c0|mod_headers adding (c)'s response header (Header add), no ISAPI"
    "d|passthru_all: every event, raw data included (global)"
    "e|raw_disable: SEND_RAW_DATA off after the head"
    "f-isapi|ISAPI rewriter ($REWRITER)"
    "f-sub|mod_substitute"
)
[ "$HAVE_FMIN" = 1 ] && CONFIGS_ALL+=("f-min|minimal ISAPI replacer (replace.so)")
declare -A DESC_OF
ALL_NAMES=()
for entry in "${CONFIGS_ALL[@]}"; do
    DESC_OF[${entry%%|*}]=${entry#*|}
    ALL_NAMES+=("${entry%%|*}")
done
# Measured by (h) only: instructions tell it from (c), req/s could not.
DESC_OF[c1]="(c)'s work done by a native Apache module (bench/native/mod_bench_hdr.c), no ISAPI"
DESC_OF[alloc]="alloc_each: 16 AllocMem(24) per request in PREPROC_HEADERS; ((alloc) - (b)) / 16 is one call"

if [ "$smoke" = 1 ]; then
    NAMES=(a b d)
elif [ -n "${CONFIGS:-}" ]; then
    NAMES=(a)
    for name in $CONFIGS; do
        [ -n "${DESC_OF[$name]:-}" ] || die "--configs: no configuration ($name)"
        [ "$name" = a ] || NAMES+=("$name")
    done
else
    NAMES=("${ALL_NAMES[@]}")
fi
has_name() { case " ${NAMES[*]} " in *" $1 "*) return 0 ;; esac; return 1; }
# (a') is the base of the 1 MiB comparisons of the raw path.
[ "$smoke" = 0 ] && ! has_name "a'" && NAMES+=("a'")

# The headline's cells: NAME|PATH.
CELLS=()
for name in "${NAMES[@]}"; do
    case "$name" in
        f-*) ;;
        *) CELLS+=("$name|/1k.bin")
           [ "$smoke" = 0 ] && CELLS+=("$name|/1m.bin") ;;
    esac
done
FNAMES=()
if [ "$smoke" = 0 ] && has_name f-isapi && has_name f-sub; then
    FNAMES=(a f-isapi f-sub)
    [ "$HAVE_FMIN" = 1 ] && has_name f-min && FNAMES+=(f-min)
    for name in "${FNAMES[@]}"; do CELLS+=("$name|/page.html"); done
fi
# The secondary runs' configurations (1 KiB): those of the issue's targets.
SEC_NAMES=()
for name in a c d e; do has_name "$name" && SEC_NAMES+=("$name"); done
SEC_CELLS=()
for name in "${SEC_NAMES[@]}"; do SEC_CELLS+=("$name|/1k.bin"); done

declare -A MED P99 SPREAD BAD CPU SYS CSW SECTION_DESC
problems=0
SYSCALL_REPORT=$RUN/syscalls.md
: > "$SYSCALL_REPORT"

# While the headline's servers run: the rewriters' output is checked
# byte for byte, and the system calls are counted.
headline_hook() {
    local sec=$1 mpm=$2 pin=$3 name key
    if [ ${#FNAMES[@]} -gt 0 ]; then
        for name in "${FNAMES[@]}"; do
            key=$(server_key "$name" "$mpm" "$pin")
            perl "$here/client.pl" dump "${PORT_OF[$key]}" /page.html > "$RUN/page.$name" \
                || die "($name) GET /page.html failed"
        done
        cmp -s "$RUN/page.a" "$RUN/htdocs/page.html" || die "(a) served page.html wrongly"
        cmp -s "$RUN/page.f-isapi" "$RUN/page.expected" \
            || die "(f-isapi) $REWRITER did not replace $PATTERN as expected (diff $RUN/page.f-isapi $RUN/page.expected)"
        cmp -s "$RUN/page.f-sub" "$RUN/page.expected" \
            || die "(f-sub) mod_substitute did not replace $PATTERN as expected"
        if [ "$HAVE_FMIN" = 1 ] && [ -f "$RUN/page.f-min" ]; then
            cmp -s "$RUN/page.f-min" "$RUN/page.expected" \
                || die "(f-min) replace.so did not replace $PATTERN as expected"
        fi
        log "(f) both rewriters turn the $PAGE_HITS occurrences of $PATTERN into $REPLACEMENT"
    fi
    syscalls_under_load "$@"
    syscalls_1m "$@"
}

if [ "$cgonly" = 0 ]; then
    HEAD=headline
    MEASURE_HOOK=headline_hook
    measure "$HEAD" "$MPM" "$PIN" "$CONNS" "$WRK_THREADS" "${CELLS[@]}"
    MEASURE_HOOK=
    SECTIONS=()
    if [ "$EXTRA" = 1 ] && [ ${#SEC_CELLS[@]} -gt 1 ]; then
        if [ "$MPM" = event ]; then
            MEASURE_READ_ERRORS_OK=1 measure high "$MPM" 0 "$HIGH_CONNS" 2 "${SEC_CELLS[@]}"
            SECTIONS+=(high)
        fi
        for m in event worker prefork; do
            [ "$m" = "$MPM" ] && continue
            measure "$m" "$m" 0 "$CONNS" 2 "${SEC_CELLS[@]}"
            SECTIONS+=("$m")
        done
        if [ "$PIN" = 0 ] && [ "$PIN_OK" = 1 ]; then
            measure pinned "$MPM" 1 "$CONNS" "$PIN_WRK_THREADS" "${SEC_CELLS[@]}"
            SECTIONS+=(pinned)
        fi
    fi
    if [ "$smoke" = 0 ] && [ "$EXTRA" = 1 ]; then
        idle_check "$HIGH_CONNS"
    fi

    {
        echo
        echo "## Throughput: the headline ($(echo "${SECTION_DESC[$HEAD]}"))"
        echo
        echo "req/s: median of $ROUNDS wrk runs of ${DURATION} s; spread = (max - min) / median of those runs;"
        echo "p99 ms: median of the runs' p99 latency.  srv CPU: user + system CPU time of the worker"
        echo "process(es) per request (median); CPU ratio = the baseline's srv CPU / this one's.  syscalls:"
        echo "read- and write-class system calls per request (/proc/PID/io syscr + syscw: read, readv,"
        echo "writev, sendfile, ...; epoll and futex are in the strace table below).  ctx sw: voluntary +"
        echo "involuntary context switches of the worker's threads per request."
        echo
        echo "### 1 KiB file"
        echo
        table "$HEAD" a /1k.bin - "${NAMES[@]}"
        if [ "$smoke" = 0 ]; then
            # Unpinned runs on a small machine fall in two scheduler states
            # (README.md, "Method"): the same runs, compared state by state.
            snames=()
            for name in "${NAMES[@]}"; do
                case "$name" in a|"a'"|f-*) ;; *) snames+=("$name") ;; esac
            done
            states=$(states_table "$HEAD" a /1k.bin "${snames[@]}")
            if [ -n "$states" ]; then
                echo
                echo "$states"
                echo
                echo 'With few rounds a state may hold only a few runs of a configuration; `--rounds 21` gives each enough.'
            fi
            echo
            echo "### 1 MiB file"
            echo
            table "$HEAD" a /1m.bin "a'" "${NAMES[@]}"
        fi
        if [ ${#FNAMES[@]} -gt 0 ]; then
            echo
            echo "### (f) Text replacement on a 1 MiB HTML page ($PAGE_HITS x $PATTERN -> $REPLACEMENT)"
            echo
            echo "ISAPI rewriter: $REWRITER_NOTE."
            echo
            table "$HEAD" a /page.html - "${FNAMES[@]}"
            echo
            echo "ISAPI rewriter / mod_substitute: **$(ratio "${MED[$HEAD|f-isapi|/page.html]}" "${MED[$HEAD|f-sub|/page.html]}")x** in req/s, $(ratio "${CPU[$HEAD|f-sub|/page.html]}" "${CPU[$HEAD|f-isapi|/page.html]}")x in server CPU per request"
        fi
        for sec in ${SECTIONS[@]+"${SECTIONS[@]}"}; do
            echo
            case "$sec" in
                high) echo "## Scaling: $HIGH_CONNS connections (${SECTION_DESC[$sec]}), 1 KiB"
                      echo
                      echo "More connections than workers: while every worker is busy the event MPM closes idle"
                      echo "keep-alive connections (bare httpd too), which wrk counts as read errors." ;;
                pinned) echo "## Pinned, the lower-noise view (${SECTION_DESC[$sec]}), 1 KiB" ;;
                *) echo "## The $sec MPM (${SECTION_DESC[$sec]}), 1 KiB" ;;
            esac
            echo
            table "$sec" a /1k.bin - "${SEC_NAMES[@]}"
        done
        if [ -s "$SYSCALL_REPORT" ]; then
            echo
            echo "## System calls"
            cat "$SYSCALL_REPORT"
        fi
    } | tee -a "$REPORT"

    if [ "$smoke" = 1 ]; then
        if [ "$problems" -ne 0 ]; then
            echo
            echo "bench-smoke: FAILED ($problems cells had errors or non-2xx responses)"
            BENCH_KEEP=1
            exit 1
        fi
        echo
        echo "bench-smoke: OK (every response 2xx)"
        exit 0
    fi
    memory_run
    memory_table | tee -a "$REPORT"
fi

callgrind_run
callgrind_table | tee -a "$REPORT"

# ---- Targets -----------------------------------------------------------------------
verdict() {   # VALUE OP LIMIT
    awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
        if (v == "n/a" || v == "") { print "n/a"; exit }
        ok = (op == ">=") ? (v >= l) : (v <= l); print ok ? "met" : "**missed**" }'
}
# check_rps LABEL OP LIMIT CELL BASECELL: req/s ratio, with the CPU-based
# ratio and the runs' spread beside it (cells: SECTION|NAME|PATH).
check_rps() {
    local label=$1 op=$2 limit=$3 k=$4 base=$5 r c sp
    [ -n "${MED[$k]:-}" ] && [ -n "${MED[$base]:-}" ] || return 0
    r=$(ratio "${MED[$k]}" "${MED[$base]}")
    c=$(ratio "${CPU[$base]}" "${CPU[$k]}")
    sp=$(awk -v x="${SPREAD[$k]}" -v y="${SPREAD[$base]}" 'BEGIN { printf "%.0f", (x > y ? x : y) }')
    echo "| $label | $r | $(verdict "$r" "$op" "$limit") | $c | $(verdict "$c" "$op" "$limit") | $op $limit | ${sp}% |"
}
check_one() {   # LABEL VALUE OP LIMIT
    echo "| $1 | $2 | $(verdict "$2" "$3" "$4") | | | $3 $4 | |"
}
pct_over() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", (x / y - 1) * 100 }'; }
# The (h) rows.
h_rows() {
    if [ -n "${IRPR[c]:-}" ] && [ -n "${IRPR[c1]:-}" ]; then
        check_one "(h) header-only filter: (c) - (c1) native module, instructions/request" "$((IRPR[c] - IRPR[c1]))" "<=" 400
    fi
    if [ -n "${IRPR[d]:-}" ]; then
        check_one "(h) all events: (d) over (a), % instructions" "$(pct_over "${IRPR[d]}" "${IRPR[a]}")" "<=" 12
    fi
    if [ -n "${IRPR[c]:-}" ]; then
        echo "| (h) for reference: (c) over (a), % | $(pct_over "${IRPR[c]}" "${IRPR[a]}") | | | | | |"
    fi
    if [ -n "${IRPR[c0]:-}" ]; then
        echo "| (h) for reference: (c0) mod_headers over (a), % | $(pct_over "${IRPR[c0]}" "${IRPR[a]}") | | | | | |"
    fi
    if [ -n "${IRPR[c1]:-}" ]; then
        echo "| (h) for reference: (c1) native module over (a), % | $(pct_over "${IRPR[c1]}" "${IRPR[a]}") | | | | | |"
    fi
}
if [ "$cgonly" = 1 ]; then
    printf '\n| target | value | | | | wanted | |\n|---|---:|---|---|---|---:|---|\n' | tee -a "$REPORT"
    h_rows | tee -a "$REPORT"
    log "report: $REPORT (bench/RESULTS.md is left as it was); run directory kept: $RUN"
    exit 0
fi
{
    echo
    echo "## Targets"
    echo
    echo "Judged on the headline ($(echo "${SECTION_DESC[$HEAD]}")), ratios to the baseline of the same"
    echo "run: by median req/s, and by server CPU per request (baseline / this).  spread: the larger"
    echo "of the two cells' (max - min) / median req/s; a verdict on req/s with a spread far above"
    echo "the margin says little."
    echo
    echo "| target | req/s ratio | | CPU ratio | | wanted | spread |"
    echo "|---|---:|---|---:|---|---:|---:|"
    H=$HEAD
    check_rps "(b) 1 KiB vs (a)" ">=" 0.99 "$H|b|/1k.bin" "$H|a|/1k.bin"
    check_rps "(b) 1 MiB vs (a)" ">=" 0.99 "$H|b|/1m.bin" "$H|a|/1m.bin"
    check_rps "(c) 1 KiB vs (a)" ">=" 0.97 "$H|c|/1k.bin" "$H|a|/1k.bin"
    check_rps "(c) 1 MiB vs (a)" ">=" 0.97 "$H|c|/1m.bin" "$H|a|/1m.bin"
    check_rps "(d) all events, 1 KiB vs (a)" ">=" 0.93 "$H|d|/1k.bin" "$H|a|/1k.bin"
    check_rps "(d) all events, 1 MiB vs (a') sendfile off" ">=" 0.95 "$H|d|/1m.bin" "$H|a'|/1m.bin"
    check_rps "(e) steps aside after the head, 1 KiB vs (a)" ">=" 0.97 "$H|e|/1k.bin" "$H|a|/1k.bin"
    check_rps "(e) steps aside after the head, 1 MiB vs (a)" ">=" 0.97 "$H|e|/1m.bin" "$H|a|/1m.bin"
    check_rps "(f) ISAPI rewriter vs mod_substitute" ">=" 5 "$H|f-isapi|/page.html" "$H|f-sub|/page.html"
    h_rows
    check_one "(g) RSS growth streaming 1 GiB through (d), MiB" "$(mib "${G_GROW[g-d]}")" "<" 4
    if [ -n "${PARK[d]:-}" ]; then
        check_one "idle keep-alive: BusyWorkers with $HIGH_CONNS idle (d) connections" "$(echo "${PARK[d]}" | awk '{ print $3 }')" "<=" 2
    fi
    for sec in ${SECTIONS[@]+"${SECTIONS[@]}"}; do
        check_rps "[$sec] (d) 1 KiB vs (a) (reported, not judged)" ">=" 0.93 "$sec|d|/1k.bin" "$sec|a|/1k.bin"
    done
    if [ "$problems" -ne 0 ]; then
        echo
        echo "**$problems cells or checks had errors or non-2xx responses: see the log above and $RUN/wrk.**"
    fi
} | tee -a "$REPORT"

echo | tee -a "$REPORT"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." | tee -a "$REPORT"
if [ "$EXTRA" = 1 ] && [ -z "${CONFIGS:-}" ]; then
    cp "$REPORT" "$here/RESULTS.md"
    log "report saved to bench/RESULTS.md; run directory kept: $RUN"
else
    log "report: $REPORT (a partial run: bench/RESULTS.md is left as it was); run directory kept: $RUN"
fi
