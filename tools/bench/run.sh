#!/usr/bin/env bash
# tools/bench/run.sh: the mod_isapi_filter benchmark (see tools/bench/README.md).
#
#   tools/bench/run.sh              full run (make -f Makefile.apxs bench), ~5 min:
#                                   throughput (a)-(f), memory (g), callgrind (h);
#                                   writes the report to tools/bench/RESULTS.md too
#   tools/bench/run.sh --smoke      a few seconds (make -f Makefile.apxs bench-smoke):
#                                   1 round of 1 s, 1 KiB only, configs a, b, d;
#                                   exits 0 when every response was 2xx
#   tools/bench/run.sh --callgrind  (h) only, ~2 min (make -f Makefile.apxs
#                                   bench-callgrind): instructions per request and
#                                   where they go, for steering optimisation; the
#                                   report stays in the run directory
#
# Run from anywhere; as root (the servers' workers drop to www-data) or as
# a normal user.  Every server listens on 127.0.0.1 only and lives, with
# its content and logs, in a fresh directory under ${BENCH_TMP:-/tmp}.
# Knobs (environment): ROUNDS, DURATION (seconds per wrk run), CONNS,
# WRK_THREADS, PIN (1: httpd on CPU 0, wrk on CPU 1; default when nproc>=2),
# CG_N (requests per callgrind run), CG_PATH (what they ask for, default
# /1k.bin; /1m.bin and /page.html exist too), CG_CONFIGS (default "a b c c0 c1 d"; (a)
# is always measured, as the base), BENCH_KEEP=1 (keep the run directory),
# APXS, HTTPD, CC.
set -euo pipefail
export LC_ALL=C

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh" bench 1

smoke=0
cgonly=0
case "${1:-}" in
    --smoke) smoke=1 ;;
    --callgrind) cgonly=1 ;;
    "") ;;
    *) echo "usage: $0 [--smoke | --callgrind]" >&2; exit 2 ;;
esac

find_httpd
# An explicit CC also builds the module (as with Makefile.apxs itself).
MAKE_CC=()
[ -n "${CC:-}" ] && MAKE_CC=(CC="$CC")
CC=${CC:-cc}
NCPU=$(nproc)

if [ "$smoke" = 1 ]; then
    ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-1}
else
    ROUNDS=${ROUNDS:-7}; DURATION=${DURATION:-2}
fi
CONNS=${CONNS:-32}
CG_N=${CG_N:-2000}
CG_PATH=${CG_PATH:-/1k.bin}
CG_CONFIGS=${CG_CONFIGS:-a b c c0 c1 d}
if [ -z "${PIN:-}" ]; then
    if [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null; then PIN=1; else PIN=0; fi
fi
if [ "$PIN" = 1 ]; then
    WRK_THREADS=${WRK_THREADS:-1}
    SRV_PIN=(taskset -c 0)
    CLI_PIN=(taskset -c 1)
else
    WRK_THREADS=${WRK_THREADS:-2}
    SRV_PIN=()
    CLI_PIN=()
fi

# Strings for (f); the bench replacer is built with them.
PATTERN=ISFNEEDLE42
REPLACEMENT=REPLACED-OK

need_tools --hint "see tools/bench/README.md" wrk perl "$HTTPD" "$APXS" "$CC" make
if [ "$smoke" = 0 ]; then
    need_tools --hint "apt-get install valgrind" valgrind
fi

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
    echo "- command: \`$(invocation "${1:-}")\` (in $top)"
    echo "- nproc: $NCPU ($(cpu_model))"
    echo "- memory: $(meminfo_gib MemTotal) total, $(meminfo_gib MemAvailable) available"
    echo "- kernel: $(uname -r); $(httpd_version); $(wrk_version)"
    tree_line
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)$(awk -v n="$NCPU" '$1 > n / 2 { printf " (busy machine: other work competes with the servers; trust the CPU-per-request columns more than req/s)" }' /proc/loadavg)"
    echo "- user: $(id -un)$([ $AS_ROOT = 1 ] && echo " (workers run as $RUN_USER)")"
    if [ "$PIN" = 1 ]; then
        echo "- load: wrk -t$WRK_THREADS -c$CONNS, ${ROUNDS} rounds x ${DURATION} s per config and file, configs in alternation; httpd pinned to CPU 0, wrk to CPU 1"
    else
        echo "- load: wrk -t$WRK_THREADS -c$CONNS, ${ROUNDS} rounds x ${DURATION} s per config and file, configs in alternation; no CPU pinning"
    fi
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
    || build_failed "tools/bench/native/mod_bench_hdr.c did not build"
cp "$RUN/build/native/.libs/mod_bench_hdr.so" "$RUN/lib/"
REPLACE_DEFS=(-DREPLACE_FROM="\"$PATTERN\"" -DREPLACE_TO="\"$REPLACEMENT\"")
for f in hdr_only passthru_all raw_disable replace alloc_each; do
    build_filter "$f.so" "$here/filters/$f.c" "${REPLACE_DEFS[@]}"
done
# (f): the rewriter from examples/ when there is one, replace_text.c
# (built here with PATTERN and REPLACEMENT); else only
# tools/bench/filters/replace.c.  When examples/ has one, replace.c is
# measured beside it as (f-min), a minimal same-length replacer.
REWRITER=replace.so
REWRITER_NOTE="tools/bench/filters/replace.c, a minimal same-length replacer (examples/ has no rewriter)"
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

# ---- Servers -----------------------------------------------------------------
# name|description
CONFIGS_FULL=(
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
if [ "$HAVE_FMIN" = 1 ]; then
    CONFIGS_FULL+=("f-min|minimal ISAPI replacer (replace.so)")
fi
CONFIGS_SMOKE=("a|bare httpd, module not loaded" "b|module loaded, no filters"
               "d|passthru_all: every event, raw data included (global)")
if [ "$smoke" = 1 ]; then CONFIGS=("${CONFIGS_SMOKE[@]}"); else CONFIGS=("${CONFIGS_FULL[@]}"); fi

children_of() {
    local p
    for p in /proc/[0-9]*; do
        [ -r "$p/stat" ] || continue
        awk -v pp="$1" -v pid="${p#/proc/}" '{
            # comm may hold spaces: take the fields after the last ")"
            s = $0; sub(/.*\) /, "", s); split(s, f, " ");
            if (f[2] == pp) print pid }' "$p/stat" 2>/dev/null || true
    done
}

# CPU time (user + system, all threads) a process has used, in clock ticks.
cpu_ticks() {
    awk '{ s = $0; sub(/.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' \
        "/proc/$1/stat" 2>/dev/null || echo 0
}
CLK_TCK=$(getconf CLK_TCK)

safe() { printf '%s' "$1" | tr -c 'A-Za-z0-9_-' '_'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.3f", x / y; else print "n/a" }'; }

# write_conf NAME PORT SRVROOT WITH_USER(0/1)
write_conf() {
    local name=$1 port=$2 sr=$3 with_user=$4 sendfile=On extra=
    case "$name" in
        "a'") sendfile=Off ;;
        b) extra="LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so" ;;
        c|d|e|f-isapi|f-min|g-d)
            local so
            case "$name" in
                c) so=hdr_only.so ;;
                d|g-d) so=passthru_all.so ;;
                e) so=raw_disable.so ;;
                f-isapi) so=$REWRITER ;;
                f-min) so=replace.so ;;
            esac
            extra="LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so
ISAPIFilter $RUN/lib/$so" ;;
        c1)
            extra="LoadModule bench_hdr_module $RUN/lib/mod_bench_hdr.so" ;;
        alloc)
            # 16 AllocMem calls per request on one keep-alive connection:
            # no limit, or the default would refuse them before the end.
            extra="LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so
ISAPIFilterAllocLimit 0
ISAPIFilter $RUN/lib/alloc_each.so" ;;
        c0)
            # Half of what (c)'s filter does (it adds X-Bench but reads no
            # request header), done by Apache's own module: what Apache
            # asks of any module for that much work.
            extra="LoadModule headers_module $MODDIR/mod_headers.so
Header add X-Bench hdr_only" ;;
        f-sub)
            extra="LoadModule filter_module $MODDIR/mod_filter.so
LoadModule substitute_module $MODDIR/mod_substitute.so
<Directory \"$RUN/htdocs\">
    AddOutputFilterByType SUBSTITUTE text/html
    Substitute \"s/$PATTERN/$REPLACEMENT/n\"
</Directory>" ;;
    esac
    mkdir -p "$sr"
    {
        conf_preamble --title "$name" --user "$with_user" "$sr" "$port" event authz_core mime
        cat <<EOF
# One process of 64 threads: no process is ever started or stopped
# during a measurement.
StartServers 1
ServerLimit 1
ThreadLimit 64
ThreadsPerChild 64
MaxRequestWorkers 64
MinSpareThreads 1
MaxSpareThreads 64
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 30
EnableSendfile $sendfile
EOF
        conf_htdocs "$RUN/htdocs"
        printf '%s\n' "$extra"
    } > "$sr/httpd.conf"
}

declare -A PORT_OF SR_OF PID_OF DESC_OF CHILD_OF
start_server() {
    local name=$1 sr i
    sr=$RUN/srv/$(safe "$name")
    alloc_port
    write_conf "$name" "$PORT" "$sr" "$AS_ROOT"
    httpd_configtest "$sr" || die "$name: configuration test failed"
    httpd_start "$sr" "$PORT" "$sr/error_log" ${SRV_PIN[@]+"${SRV_PIN[@]}"} \
        || die "$name: httpd did not start on 127.0.0.1:$PORT"
    PID_OF[$name]=$SRV_PID
    PORT_OF[$name]=$PORT
    SR_OF[$name]=$sr
    # The one worker process (ServerLimit 1), whose CPU time is measured.
    CHILD_OF[$name]=
    for i in $(seq 100); do
        CHILD_OF[$name]=$(children_of "${PID_OF[$name]}")
        [ -n "${CHILD_OF[$name]}" ] && break
        sleep 0.1
    done
    [ "$(echo "${CHILD_OF[$name]}" | wc -w)" = 1 ] \
        || die "$name: expected one worker process, found: ${CHILD_OF[$name]:-none}"
}

stop_server() { stop_pid "${PID_OF[$1]}" || true; }

NAMES=()
for entry in "${CONFIGS[@]}"; do
    name=${entry%%|*}
    DESC_OF[$name]=${entry#*|}
    NAMES+=("$name")
done
# Measured by (h) only: instructions tell it from (c), req/s could not.
DESC_OF[c1]="(c)'s work done by a native Apache module (tools/bench/native/mod_bench_hdr.c), no ISAPI"
DESC_OF[alloc]="alloc_each: 16 AllocMem(24) per request in PREPROC_HEADERS; ((alloc) - (b)) / 16 is one call"

# Everything from here to (h) measures running servers; --callgrind
# skips it.
if [ "$cgonly" = 0 ]; then

log "starting ${#CONFIGS[@]} servers"
for name in "${NAMES[@]}"; do
    start_server "$name"
    log "  ($name) ${DESC_OF[$name]}: 127.0.0.1:${PORT_OF[$name]} pid ${PID_OF[$name]}"
done

# ---- Correctness checks before measuring -------------------------------------
check_get() {   # NAME PATH: one keep-alive request must be 2xx
    perl "$here/client.pl" keepalive "${PORT_OF[$1]}" "$2" 2 > /dev/null \
        || die "($1) GET $2 was not answered 2xx (see ${SR_OF[$1]}/error_log)"
}
for name in "${NAMES[@]}"; do
    check_get "$name" /1k.bin
done
if [ "$smoke" = 0 ]; then
    FNAMES=(a f-isapi f-sub)
    [ "$HAVE_FMIN" = 1 ] && FNAMES+=(f-min)
    for name in "${FNAMES[@]}"; do
        perl "$here/client.pl" dump "${PORT_OF[$name]}" /page.html > "$RUN/page.$name" \
            || die "($name) GET /page.html failed"
    done
    cmp -s "$RUN/page.a" "$RUN/htdocs/page.html" || die "(a) served page.html wrongly"
    cmp -s "$RUN/page.f-isapi" "$RUN/page.expected" \
        || die "(f-isapi) $REWRITER did not replace $PATTERN as expected (diff $RUN/page.f-isapi $RUN/page.expected)"
    cmp -s "$RUN/page.f-sub" "$RUN/page.expected" \
        || die "(f-sub) mod_substitute did not replace $PATTERN as expected"
    if [ "$HAVE_FMIN" = 1 ]; then
        cmp -s "$RUN/page.f-min" "$RUN/page.expected" \
            || die "(f-min) replace.so did not replace $PATTERN as expected"
    fi
    log "(f) both rewriters turn the $PAGE_HITS occurrences of $PATTERN into $REPLACEMENT"
fi

# ---- Throughput ----------------------------------------------------------------
# run_wrk NAME PATH SECONDS OUTFILE: wrk's output, then the CPU time the
# server's worker process used meanwhile ("SRVCPU <ticks> <ticks/s>").
run_wrk() {
    local t0 t1
    t0=$(cpu_ticks "${CHILD_OF[$1]}")
    "${CLI_PIN[@]}" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$3"s --timeout 10s --latency \
        "http://127.0.0.1:${PORT_OF[$1]}$2" > "$4" 2>&1 || true
    t1=$(cpu_ticks "${CHILD_OF[$1]}")
    echo "SRVCPU $((t1 - t0)) $CLK_TCK" >> "$4"
}
# parse_wrk FILE -> "rps p99ms requests non2xx sockerr server_cpu_us_per_request"
parse_wrk() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000;
            if (v ~ /ms$/) return v + 0;
            if (v ~ /m$/)  return v * 60000;
            if (v ~ /s$/)  return v * 1000;
            return v + 0;
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "99%" { p99 = ms($2) }
        / requests in / { req = $1 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { gsub(",", ""); err = $4 + $6 + $8 + $10 }
        /^SRVCPU/ { cpu = $2 / $3 * 1e6 }
        END { printf "%s %s %s %d %d %.3f\n", rps + 0, p99 + 0, req + 0, bad, err,
                     (req > 0 ? cpu / req : 0) }
    ' "$1"
}

# The cells: NAME|PATH
CELLS=()
for name in "${NAMES[@]}"; do
    case "$name" in
        f-*) ;;
        *) CELLS+=("$name|/1k.bin")
           [ "$smoke" = 0 ] && CELLS+=("$name|/1m.bin") ;;
    esac
done
if [ "$smoke" = 0 ]; then
    CELLS+=("a|/page.html" "f-isapi|/page.html" "f-sub|/page.html")
    [ "$HAVE_FMIN" = 1 ] && CELLS+=("f-min|/page.html")
fi

cell_file() { printf '%s/wrk/%s%s' "$RUN" "$(safe "$1")" "$(printf '%s' "$2" | tr '/.' '__')"; }

if [ "$smoke" = 0 ]; then
    log "warm-up: 1 s per cell"
    for cell in "${CELLS[@]}"; do
        run_wrk "${cell%%|*}" "${cell#*|}" 1 "$RUN/wrk/warmup.txt"
    done
fi
total=$(( ${#CELLS[@]} * ROUNDS * DURATION ))
log "measuring: ${#CELLS[@]} cells x $ROUNDS rounds x $DURATION s = ${total} s"
ncells=${#CELLS[@]}
for round in $(seq "$ROUNDS"); do
    # Each round starts at a different cell and every other round runs
    # backwards, so no configuration always follows the same neighbour or
    # sits at the same point of a round.
    for j in $(seq 0 $((ncells - 1))); do
        idx=$(( (j + (round - 1) * 4) % ncells ))
        [ $((round % 2)) = 0 ] && idx=$((ncells - 1 - idx))
        cell=${CELLS[$idx]}
        name=${cell%%|*}; path=${cell#*|}
        out=$(cell_file "$name" "$path").$round.txt
        run_wrk "$name" "$path" "$DURATION" "$out"
        parse_wrk "$out" >> "$(cell_file "$name" "$path").dat"
    done
    log "  round $round/$ROUNDS done"
done

# stats NAME PATH -> "median_rps median_p99 min_rps max_rps total_req bad err
#                     median_cpu_us_per_request"
stats() {
    sort -n -k1,1 "$(cell_file "$1" "$2").dat" | awk '
        function median(a, n,    i, j, t, m) {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
                if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
            m = int((n + 1) / 2)
            return (n % 2) ? a[m] : (a[m] + a[m + 1]) / 2
        }
        { rps[NR] = $1; r[NR] = $1; p99[NR] = $2; req += $3; bad += $4; err += $5
          cpu[NR] = $6 }
        END {
            n = NR
            printf "%.1f %.3f %.1f %.1f %d %d %d %.2f\n", median(r, n), median(p99, n),
                   rps[1], rps[n], req, bad, err, median(cpu, n)
        }'
}

declare -A MED P99 SPREAD BAD CPU
problems=0
for cell in "${CELLS[@]}"; do
    name=${cell%%|*}; path=${cell#*|}
    read -r mr mp lo hi req bad err cpu < <(stats "$name" "$path")
    MED[$cell]=$mr
    CPU[$cell]=$cpu
    P99[$cell]=$mp
    SPREAD[$cell]=$(awk -v lo="$lo" -v hi="$hi" -v m="$mr" 'BEGIN { printf "%.1f", (m > 0 ? (hi - lo) / m * 100 : 0) }')
    BAD[$cell]=$((bad + err))
    if [ "$req" -eq 0 ] || [ "$bad" -ne 0 ] || [ "$err" -ne 0 ]; then
        problems=$((problems + 1))
        log "($name) $path: $req requests, $bad non-2xx, $err socket errors"
    fi
done

fmt_rps() { awk -v x="$1" 'BEGIN { printf "%.0f", x }'; }

{
    echo
    echo "## Throughput"
    echo
    echo "req/s: median of $ROUNDS wrk runs of ${DURATION} s; spread = (max - min) / median of those runs;"
    echo "p99 ms: median of the runs' p99 latency.  srv CPU: user + system CPU time of the worker"
    echo "process per request (median); CPU ratio = the baseline's srv CPU / this one's, i.e. the"
    echo "throughput ratio if CPU were the server's only limit; much less disturbed than req/s by"
    echo "whatever else the machine is running."
    for size in 1k 1m; do
        [ "$smoke" = 1 ] && [ "$size" = 1m ] && continue
        echo
        if [ "$size" = 1k ]; then
            echo "### 1 KiB file"
            echo
            echo "| config | | req/s | spread | p99 ms | vs (a) | srv CPU us/req | CPU ratio vs (a) | errors |"
            echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
        else
            echo "### 1 MiB file"
            echo
            echo "| config | | req/s | spread | p99 ms | vs (a) | vs (a') | srv CPU us/req | CPU ratio vs (a) | vs (a') | errors |"
            echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        fi
        for name in "${NAMES[@]}"; do
            case "$name" in f-*) continue ;; esac
            k="$name|/$size.bin"
            row="| ($name) | ${DESC_OF[$name]} | $(fmt_rps "${MED[$k]}") | ${SPREAD[$k]}% | ${P99[$k]} | $(ratio "${MED[$k]}" "${MED[a|/$size.bin]}")"
            if [ "$size" = 1m ]; then
                row="$row | $(ratio "${MED[$k]}" "${MED[a\'|/$size.bin]}")"
            fi
            row="$row | ${CPU[$k]} | $(ratio "${CPU[a|/$size.bin]}" "${CPU[$k]}")"
            if [ "$size" = 1m ]; then
                row="$row | $(ratio "${CPU[a\'|/$size.bin]}" "${CPU[$k]}")"
            fi
            echo "$row | ${BAD[$k]} |"
        done
    done
    if [ "$smoke" = 0 ]; then
        echo
        echo "## (f) Text replacement on a 1 MiB HTML page ($PAGE_HITS x $PATTERN -> $REPLACEMENT)"
        echo
        echo "ISAPI rewriter: $REWRITER_NOTE."
        echo
        echo "| config | req/s | spread | p99 ms | vs (a) same page | srv CPU us/req | CPU ratio vs (a) |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
        for name in "${FNAMES[@]}"; do
            k="$name|/page.html"
            case "$name" in
                a) d="(a) no rewriting" ;;
                f-isapi) d="ISAPI rewriter ($REWRITER)" ;;
                f-sub) d="mod_substitute (Substitute s/.../.../n)" ;;
                f-min) d="minimal ISAPI replacer (tools/bench/filters/replace.c)" ;;
            esac
            echo "| $d | $(fmt_rps "${MED[$k]}") | ${SPREAD[$k]}% | ${P99[$k]} | $(ratio "${MED[$k]}" "${MED[a|/page.html]}") | ${CPU[$k]} | $(ratio "${CPU[a|/page.html]}" "${CPU[$k]}") |"
        done
        echo
        echo "ISAPI rewriter / mod_substitute: **$(ratio "${MED[f-isapi|/page.html]}" "${MED[f-sub|/page.html]}")x** in req/s, $(ratio "${CPU[f-sub|/page.html]}" "${CPU[f-isapi|/page.html]}")x in server CPU per request"
        if [ "$HAVE_FMIN" = 1 ]; then
            echo
            echo "minimal replacer / mod_substitute: $(ratio "${MED[f-min|/page.html]}" "${MED[f-sub|/page.html]}")x in req/s, $(ratio "${CPU[f-sub|/page.html]}" "${CPU[f-min|/page.html]}")x in server CPU per request"
        fi
    fi
} | tee -a "$REPORT"

# ---- System calls per 1 MiB response (strace, when it is there) ----------------
# Deterministic where req/s is not: does the body go out with one
# sendfile, or copied in pieces?
if [ "$smoke" = 0 ]; then
    {
        echo
        echo "## System calls per 1 MiB response"
        echo
        if ! command -v strace >/dev/null; then
            echo "(strace is not installed: apt-get install strace)"
        else
            echo "strace -c -f on the worker process while 20 keep-alive requests are served."
            echo
            echo "| config | file | sendfile | writev | write | mmap | munmap | all syscalls |"
            echo "|---|---|---:|---:|---:|---:|---:|---:|"
            SC=("a|/1m.bin" "a'|/1m.bin" "b|/1m.bin" "c|/1m.bin" "d|/1m.bin" "e|/1m.bin"
                "a|/page.html" "f-isapi|/page.html" "f-sub|/page.html")
            [ "$HAVE_FMIN" = 1 ] && SC+=("f-min|/page.html")
            for sc in "${SC[@]}"; do
                name=${sc%%|*}; path=${sc#*|}
                out=$RUN/strace.$(safe "$name").$(safe "$path").txt
                strace -c -f -o "$out" -p "${CHILD_OF[$name]}" > /dev/null 2>&1 &
                spid=$!
                sleep 1
                perl "$here/client.pl" keepalive "${PORT_OF[$name]}" "$path" 20 > /dev/null || true
                kill -INT "$spid" 2>/dev/null || true
                wait "$spid" 2>/dev/null || true
                if [ ! -s "$out" ]; then
                    echo "| ($name) | $path | strace could not attach | | | | | |"
                    continue
                fi
                awk -v n=20 -v nm="($name) | $path" '
                    $NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ { c[$NF] = $4 }
                    $NF == "total" { t = $4 }
                    END { printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", nm,
                          c["sendfile"] / n, c["writev"] / n, c["write"] / n,
                          c["mmap"] / n, c["munmap"] / n, t / n }' "$out"
            done
            echo
            echo "(per request; the totals include the epoll and futex traffic of an idle worker pool)"
        fi
    } | tee -a "$REPORT"
fi

for name in "${NAMES[@]}"; do
    stop_server "$name"
done

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

# ---- (g) Memory while a 1 GiB file streams through (d) --------------------------
log "(g) streaming 1 GiB through (a) and (d)"
truncate -s 1G "$RUN/htdocs/big.bin"
chmod 644 "$RUN/htdocs/big.bin"

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

declare -A G_IDLE G_PEAK G_GROW G_RSS0 G_RSS1 G_SECS G_ANON0 G_ANONP G_FILE0 G_FILEP
for g in g-a g-d; do
    case "$g" in g-a) base=a ;; g-d) base=d ;; esac
    DESC_OF[$g]=${DESC_OF[$base]}
    # (g-a) is (a)'s configuration under its own name (write_conf has no
    # case for it), (g-d) is (d)'s.
    start_server "$g"
    PORT=${PORT_OF[$g]}
    # Warm the child up (code paged in, pools at their working size).
    perl "$here/client.pl" keepalive "$PORT" /1k.bin 200 > /dev/null || die "$g: warm-up failed"
    perl "$here/client.pl" keepalive "$PORT" /1m.bin 5 > /dev/null || die "$g: warm-up failed"
    sleep 0.5
    kids=$(children_of "${PID_OF[$g]}")
    [ "$(echo "$kids" | wc -w)" = 1 ] || die "$g: expected one child, found: $kids"
    child=$kids
    G_IDLE[$g]=$(status_kb "$child" VmHWM)
    G_RSS0[$g]=$(status_kb "$child" VmRSS)
    G_ANON0[$g]=$(status_kb "$child" RssAnon)
    G_FILE0[$g]=$(status_kb "$child" RssFile)
    G_ANONP[$g]=${G_ANON0[$g]}
    G_FILEP[$g]=${G_FILE0[$g]}
    t0=$(date +%s.%N)
    perl "$here/client.pl" get "$PORT" /big.bin > "$RUN/g.$g.out" &
    cpid=$!
    # Sampled: which kind of memory the peak is (heap or mapped file).
    while kill -0 "$cpid" 2>/dev/null; do
        read -r ra rf < <(awk '$1 == "RssAnon:" { a = $2 } $1 == "RssFile:" { f = $2 }
                              END { print a + 0, f + 0 }' "/proc/$child/status")
        [ "$ra" -gt "${G_ANONP[$g]}" ] && G_ANONP[$g]=$ra
        [ "$rf" -gt "${G_FILEP[$g]}" ] && G_FILEP[$g]=$rf
        sleep 0.02
    done
    wait "$cpid" || die "$g: streaming 1 GiB failed: $(cat "$RUN/g.$g.out")"
    t1=$(date +%s.%N)
    read -r _ okn bytes < "$RUN/g.$g.out"
    [ "$bytes" = 1073741824 ] || die "$g: got $bytes bytes of 1 GiB"
    G_PEAK[$g]=$(status_kb "$child" VmHWM)
    G_RSS1[$g]=$(status_kb "$child" VmRSS)
    G_GROW[$g]=$(( G_PEAK[$g] - G_IDLE[$g] ))
    G_SECS[$g]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    stop_server "$g"
done
rm -f "$RUN/htdocs/big.bin"
mib() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1024 }'; }
{
    echo
    echo "## (g) Child memory while one client streams a 1 GiB file"
    echo
    echo "One child (ServerLimit 1), warmed up with 200 x 1 KiB + 5 x 1 MiB requests first."
    echo "growth = VmHWM after the download - VmHWM before it.  RssAnon (heap, stacks) and"
    echo "RssFile (mapped files: httpd reads a FILE bucket it cannot sendfile through mmap, 4 MiB"
    echo "at a time) were sampled every 20 ms during the download: idle -> highest sample."
    echo
    echo "| config | VmHWM before MiB | VmHWM after MiB | growth MiB | RssAnon MiB | RssFile MiB | VmRSS before -> after MiB | time s | MB/s |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for g in g-a g-d; do
        echo "| (${g#g-}) ${DESC_OF[$g]} | $(mib "${G_IDLE[$g]}") | $(mib "${G_PEAK[$g]}") | **$(mib "${G_GROW[$g]}")** | $(mib "${G_ANON0[$g]}") -> $(mib "${G_ANONP[$g]}") | $(mib "${G_FILE0[$g]}") -> $(mib "${G_FILEP[$g]}") | $(mib "${G_RSS0[$g]}") -> $(mib "${G_RSS1[$g]}") | ${G_SECS[$g]} | $(awk -v s="${G_SECS[$g]}" 'BEGIN { printf "%.0f", 1073.741824 / s }') |"
    done
} | tee -a "$REPORT"

fi  # cgonly = 0: the end of the throughput and memory part

# ---- (h) Instructions per request (callgrind) ------------------------------------
log "(h) callgrind: $CG_N keep-alive requests for $CG_PATH on one connection, per config"
CG=$RUN/callgrind
mkdir -p "$CG"
# As root the runs are made as $RUN_USER (httpd -X would drop to it and
# could not write callgrind's output), so no User line then.  exec: the
# background job's pid is valgrind's (and httpd's) own.
exec_as_run_user() {
    if [ "$AS_ROOT" = 1 ]; then
        exec setpriv --reuid="$RUN_USER" --regid="$(id -g "$RUN_USER")" --clear-groups -- "$@"
    else
        exec "$@"
    fi
}
# cg_run NAME N: total instructions into CG_TOTAL
cg_run() {
    local name=$1 n=$2 sr=$CG/$(safe "$1").$2 vpid i out
    alloc_port
    write_conf "$name" "$PORT" "$sr" 0
    [ "$AS_ROOT" = 1 ] && chown -R "$RUN_USER": "$sr"
    out=$sr/callgrind.out
    # --vgdb=no: no vgdb FIFO in /tmp, where one left by another user's
    # process of the same pid would stop valgrind (seen once).
    ( exec_as_run_user valgrind --tool=callgrind --vgdb=no --callgrind-out-file="$out" \
        "$HTTPD" -X -d "$sr" -f "$sr/httpd.conf" ) > "$sr/valgrind.log" 2>&1 &
    vpid=$!
    started_pids+=("$vpid")
    wait_listening "$PORT" "$vpid" 600 0.1 || { tail -n 20 "$sr/valgrind.log" "$sr/error_log" >&2 || true; die "callgrind ($name) did not come up"; }
    # The MPM starts its worker threads after it listens: wait until their
    # number has settled, so that the run without requests has started
    # (and will stop) exactly the threads the run with requests has.
    local last=-1 same=0 cnt
    for i in $(seq 300); do
        cnt=$(ls "/proc/$vpid/task" 2>/dev/null | wc -l)
        if [ "$cnt" = "$last" ]; then
            same=$((same + 1))
            [ $same -ge 5 ] && break
        else
            same=0
            last=$cnt
        fi
        sleep 0.2
    done
    if [ "$n" -gt 0 ]; then
        perl "$here/client.pl" keepalive "$PORT" "$CG_PATH" "$n" > "$sr/client.out" \
            || die "callgrind ($name): client failed: $(cat "$sr/client.out")"
    fi
    kill -TERM "$vpid"
    wait "$vpid" || true
    forget_pid "$vpid"
    CG_TOTAL=$(awk '/^totals:/ { print $2 }' "$out")
    [ -n "$CG_TOTAL" ] || { tail -n 20 "$sr/valgrind.log" >&2; die "callgrind ($name): no totals in $out"; }
}
CG_NAMES=(a)
for name in $CG_CONFIGS; do
    [ "$name" = a ] && continue
    [ -n "${DESC_OF[$name]:-}" ] || die "CG_CONFIGS: no configuration ($name)"
    CG_NAMES+=("$name")
done
declare -A IR0 IRN IRPR
for name in "${CG_NAMES[@]}"; do
    cg_run "$name" 0
    IR0[$name]=$CG_TOTAL
    cg_run "$name" "$CG_N"
    IRN[$name]=$CG_TOTAL
    IRPR[$name]=$(awk -v t="${IRN[$name]}" -v s="${IR0[$name]}" -v n="$CG_N" 'BEGIN { printf "%.0f", (t - s) / n }')
    log "  ($name) startup ${IR0[$name]}, with $CG_N requests ${IRN[$name]}: ${IRPR[$name]} per request"
done
{
    echo
    echo "## (h) Instructions per request (callgrind, \`$(basename "$HTTPD") -X\`, $CG_N keep-alive requests for $CG_PATH on one connection)"
    echo
    echo "per request = (total with $CG_N requests - total with 0 requests) / $CG_N"
    echo
    echo "| config | startup Ir | Ir with $CG_N requests | Ir / request | vs (a) | overhead vs (a) |"
    echo "|---|---:|---:|---:|---:|---:|"
    for name in "${CG_NAMES[@]}"; do
        echo "| ($name) ${DESC_OF[$name]} | ${IR0[$name]} | ${IRN[$name]} | ${IRPR[$name]} | $(ratio "${IRPR[$name]}" "${IRPR[a]}") | $(awk -v x="${IRPR[$name]}" -v y="${IRPR[a]}" 'BEGIN { printf "%+.2f%%", (x / y - 1) * 100 }') |"
    done
    echo
    echo "Where the extra instructions go (tools/bench/cgdiff.pl $CG a CONFIG: self cost per request"
    echo "beyond (a), by function; callgrind_annotate on $CG/CONFIG.$CG_N/callgrind.out for more):"
    for name in "${CG_NAMES[@]}"; do
        [ "$name" = a ] && continue
        echo
        echo "<details><summary>($name) - (a)</summary>"
        echo
        echo '```'
        perl "$here/cgdiff.pl" "$CG" a "$name" 25 2>&1 || true
        echo '```'
        echo
        echo "</details>"
    done
} | tee -a "$REPORT"

# ---- Targets -----------------------------------------------------------------------
verdict() {   # VALUE OP LIMIT
    awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
        if (v == "n/a" || v == "") { print "n/a"; exit }
        ok = (op == ">=") ? (v >= l) : (v <= l); print ok ? "met" : "**missed**" }'
}
# check_rps LABEL OP LIMIT CELL BASECELL: req/s ratio, with the CPU-based
# ratio and the runs' spread beside it.
check_rps() {
    local label=$1 op=$2 limit=$3 k=$4 base=$5 r c sp
    r=$(ratio "${MED[$k]}" "${MED[$base]}")
    c=$(ratio "${CPU[$base]}" "${CPU[$k]}")
    sp=$(awk -v x="${SPREAD[$k]}" -v y="${SPREAD[$base]}" 'BEGIN { printf "%.0f", (x > y ? x : y) }')
    echo "| $label | $r | $(verdict "$r" "$op" "$limit") | $c | $(verdict "$c" "$op" "$limit") | $op $limit | ${sp}% |"
}
check_one() {   # LABEL VALUE OP LIMIT
    echo "| $1 | $2 | $(verdict "$2" "$3" "$4") | | | $3 $4 | |"
}
# The (h) rows: (c)'s target, and (c0) and (c1) beside it for reference.
h_rows() {
    check_one "(h) instructions/request, (c) over (a), %" "$(awk -v x="${IRPR[c]}" -v y="${IRPR[a]}" 'BEGIN { printf "%.2f", (x / y - 1) * 100 }')" "<=" 3
    if [ -n "${IRPR[c0]:-}" ]; then
        echo "| (h) for reference: (c0) mod_headers over (a), % | $(awk -v x="${IRPR[c0]}" -v y="${IRPR[a]}" 'BEGIN { printf "%.2f", (x / y - 1) * 100 }') | | | | | |"
    fi
    if [ -n "${IRPR[c1]:-}" ]; then
        echo "| (h) for reference: (c1) native module over (a), % | $(awk -v x="${IRPR[c1]}" -v y="${IRPR[a]}" 'BEGIN { printf "%.2f", (x / y - 1) * 100 }') | | | | | |"
        echo "| (h) the bridge alone: (c) over (c1), instructions/request | $((IRPR[c] - IRPR[c1])) | | | | | |"
    fi
}
if [ "$cgonly" = 1 ]; then
    if [ -n "${IRPR[c]:-}" ]; then
        printf '\n| target | value | | | | wanted | |\n|---|---:|---|---|---|---:|---|\n' | tee -a "$REPORT"
        h_rows | tee -a "$REPORT"
    fi
    log "report: $REPORT (tools/bench/RESULTS.md is left as it was); run directory kept: $RUN"
    exit 0
fi
{
    echo
    echo "## Targets"
    echo
    echo "Ratios to the baseline of the same run: by median req/s, and by server CPU per request"
    echo "(baseline / this).  spread: the larger of the two cells' (max - min) / median req/s; a"
    echo "verdict on req/s with a spread far above the margin says little."
    echo
    echo "| target | req/s ratio | | CPU ratio | | wanted | spread |"
    echo "|---|---:|---|---:|---|---:|---:|"
    check_rps "(b) 1 KiB vs (a)" ">=" 0.99 "b|/1k.bin" "a|/1k.bin"
    check_rps "(b) 1 MiB vs (a)" ">=" 0.99 "b|/1m.bin" "a|/1m.bin"
    check_rps "(c) 1 KiB vs (a)" ">=" 0.97 "c|/1k.bin" "a|/1k.bin"
    check_rps "(c) 1 MiB vs (a)" ">=" 0.97 "c|/1m.bin" "a|/1m.bin"
    h_rows
    check_rps "(d) 1 KiB vs (a)" ">=" 0.93 "d|/1k.bin" "a|/1k.bin"
    check_rps "(d) 1 MiB vs (a')" ">=" 0.90 "d|/1m.bin" "a'|/1m.bin"
    check_rps "(e) 1 MiB vs (a)" ">=" 0.95 "e|/1m.bin" "a|/1m.bin"
    check_rps "(f) ISAPI rewriter vs mod_substitute" ">=" 4 "f-isapi|/page.html" "f-sub|/page.html"
    check_one "(g) RSS growth streaming 1 GiB through (d), MiB" "$(mib "${G_GROW[g-d]}")" "<=" 4
    if [ "$problems" -ne 0 ]; then
        echo
        echo "**$problems cells had errors or non-2xx responses: see the log above and $RUN/wrk.**"
    fi
} | tee -a "$REPORT"

echo | tee -a "$REPORT"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." | tee -a "$REPORT"
cp "$REPORT" "$here/RESULTS.md"
log "report saved to tools/bench/RESULTS.md; run directory kept: $RUN"
