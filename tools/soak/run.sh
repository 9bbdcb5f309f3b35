#!/usr/bin/env bash
# tools/soak/run.sh: the mod_isapi_filter soak test (see tools/soak/README.md).
#
#   tools/soak/run.sh                  every MPM x filter setup, 60 s of wrk each
#   SOAK_SECONDS=5 tools/soak/run.sh   the quick mode CI runs
#   make -f Makefile.apxs soak         the same (SOAK_SECONDS=... passes through)
#
# For each MPM (prefork, worker, event) and each filter setup (the all-events
# pass-through filter, and examples/replace_text.c, the sliding-window
# SEND_RAW_DATA rewriter) a private httpd is started on 127.0.0.1 in its
# own ServerRoot, loaded with
# `wrk -c 256 -t 2` for SOAK_SECONDS while the RSS of every child is read
# once a second, and then given 100,000 keep-alive requests on a few
# connections (soaktool ka) to show that AllocMem and RSS do not grow per
# request.  Prints a markdown report (also written to tools/soak/RESULTS.md) and
# exits non-zero if any criterion failed.
#
# Runs as root (workers drop to www-data) or as a normal user.
# Knobs (environment): SOAK_SECONDS (60), SOAK_CONNS (256), SOAK_THREADS (2),
# SOAK_WARMUP (2 s of wrk before the measured run), SOAK_KA_REQUESTS
# (100000), SOAK_KA_CONNS (4), SOAK_KA_DEPTH (8 pipelined per turn),
# SOAK_TOLERANCE (5, per cent), SOAK_MPMS ("prefork worker event"),
# SOAK_SETUPS ("passthru rewriter"), SOAK_TMP (/tmp), SOAK_KEEP=1 (keep the
# run directory even when everything passed), SOAK_RESULTS (report path,
# tools/soak/RESULTS.md; empty: do not write), APXS, HTTPD, CC.
set -euo pipefail
export LC_ALL=C

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh" soak 2

SOAK_SECONDS=${SOAK_SECONDS:-60}
SOAK_CONNS=${SOAK_CONNS:-256}
SOAK_THREADS=${SOAK_THREADS:-2}
SOAK_WARMUP=${SOAK_WARMUP:-2}
SOAK_KA_REQUESTS=${SOAK_KA_REQUESTS:-100000}
SOAK_KA_CONNS=${SOAK_KA_CONNS:-4}
SOAK_KA_DEPTH=${SOAK_KA_DEPTH:-8}
SOAK_TOLERANCE=${SOAK_TOLERANCE:-5}
SOAK_MPMS=${SOAK_MPMS:-prefork worker event}
SOAK_SETUPS=${SOAK_SETUPS:-passthru rewriter}
SOAK_RESULTS=${SOAK_RESULTS-$here/RESULTS.md}
find_httpd
CC=${CC:-cc}

PATTERN=ISFNEEDLE42
REPLACEMENT=REPLACED-OK

case "$SOAK_SECONDS" in ''|*[!0-9]*) die "SOAK_SECONDS must be a number of seconds" ;; esac
[ "$SOAK_SECONDS" -ge 5 ] || die "SOAK_SECONDS must be at least 5"
need_tools wrk perl "$HTTPD" "$APXS" "$CC" make

# ---- Run directory ------------------------------------------------------------
new_run_dir soak "${SOAK_TMP:-/tmp}"
mkdir -p "$RUN/htdocs"
detect_root

bg_pids=()
cleanup() {
    local p
    for p in ${bg_pids[@]+"${bg_pids[@]}"}; do kill -TERM "$p" 2>/dev/null || true; done
    stop_started 100
}
trap cleanup EXIT

# ---- Build: the module from the tree, the filters and soaktool into $RUN ---------
log "building the module and the soak filters (log: $RUN/build.log)"
build_module SANITIZE=0
build_filter soak_passthru.so "$here/filters/soak_passthru.c"
"$CC" -O2 -Wall -Wextra -o "$RUN/soaktool" "$here/soaktool.c" >> "$RUN/build.log" 2>&1 \
    || build_failed "soaktool.c did not build"

# The rewriter: the example's sliding-window rewriter (examples/replace_text.c:
# Microsoft-IIS -> Apache httpd in text/* bodies, lengths change, so its
# responses are re-chunked), else the benchmark's same-length streaming
# replacer (bench/filters/replace.c).
if [ -f "$top/examples/replace_text.c" ]; then
    PATTERN=Microsoft-IIS
    REPLACEMENT="Apache httpd"
    build_filter rewriter.so "$top/examples/replace_text.c"
    REWRITER_NOTE="examples/replace_text.c, the sliding-window SEND_RAW_DATA rewriter (KMP match across windows, head rewritten, body re-chunked)"
elif [ -f "$top/bench/filters/replace.c" ]; then
    build_filter rewriter.so "$top/bench/filters/replace.c" \
        -DREPLACE_FROM="\"$PATTERN\"" -DREPLACE_TO="\"$REPLACEMENT\""
    REWRITER_NOTE="bench/filters/replace.c, a same-length streaming SEND_RAW_DATA replacer (examples/replace_text.c is not in the tree)"
else
    die "no rewriter: neither examples/replace_text.c nor bench/filters/replace.c"
fi
chmod 755 "$RUN/lib" "$RUN/lib"/*.so "$RUN/soaktool"

# ---- Content: a small page with the pattern in it ---------------------------------
{
    echo '<!DOCTYPE html>'
    echo '<html><head><title>soak</title></head><body>'
    for i in $(seq 1 12); do
        echo "<p>line $i: lorem ipsum dolor sit amet $PATTERN consectetur adipiscing elit sed do eiusmod tempor.</p>"
    done
    echo '</body></html>'
} > "$RUN/htdocs/soak.html"
sed "s/$PATTERN/$REPLACEMENT/g" "$RUN/htdocs/soak.html" > "$RUN/soak.expected"
chmod 755 "$RUN/htdocs"; chmod 644 "$RUN/htdocs"/*
PAGE_BYTES=$(wc -c < "$RUN/htdocs/soak.html")

# ---- Servers ------------------------------------------------------------------------
children_count() { "$RUN/soaktool" children "$1"; }

# mpm_conf MPM: directives that give each of the 256 concurrent keep-alive
# connections a worker, with every process started up front and none ever
# stopped.  event gets 2 processes of 256 threads, not 5 of 64: its
# listener closes every idle keep-alive connection of a process whose
# workers are all busy ("kill'em all" in event.c), and as a process may
# accept more connections than it has threads, 5 x 64 makes wrk see
# connections closed under it (read errors) even on a bare httpd without
# this module.  With as many threads per process as connections, no
# process runs out of workers.
mpm_conf() {
    case "$1" in
        prefork) cat <<EOF
StartServers 300
ServerLimit 300
MaxRequestWorkers 300
MinSpareServers 10
MaxSpareServers 300
EOF
            ;;
        worker) cat <<EOF
StartServers 5
ServerLimit 5
ThreadLimit 64
ThreadsPerChild 64
MaxRequestWorkers 320
MinSpareThreads 64
MaxSpareThreads 320
EOF
            ;;
        event) cat <<EOF
StartServers 2
ServerLimit 2
ThreadLimit 256
ThreadsPerChild 256
MaxRequestWorkers 512
MinSpareThreads 64
MaxSpareThreads 512
EOF
            ;;
    esac
}
expected_children() { case "$1" in prefork) echo 300 ;; worker) echo 5 ;; *) echo 2 ;; esac; }

# write_conf MPM SETUP PORT SRVROOT
write_conf() {
    local mpm=$1 setup=$2 port=$3 sr=$4 filters
    case "$setup" in
        passthru) filters="ISAPIFilter $RUN/lib/soak_passthru.so" ;;
        rewriter) filters="ISAPIFilter $RUN/lib/rewriter.so" ;;
    esac
    mkdir -p "$sr"
    {
        conf_preamble --title "$mpm / $setup" "$sr" "$port" "$mpm" authz_core mime
        mpm_conf "$mpm"
        cat <<EOF
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 30
Timeout 60
ListenBacklog 511
EOF
        conf_htdocs "$RUN/htdocs"
        cat <<EOF
# ISAPIFilterAllocLimit, ISAPIFilterWindowSize, ISAPIFilterReadLimit: defaults
LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so
$filters
EOF
    } > "$sr/httpd.conf"
}

start_server() {   # MPM SETUP SRVROOT; sets PORT, SRV_PID
    local mpm=$1 setup=$2 sr=$3 i want
    alloc_port
    write_conf "$mpm" "$setup" "$PORT" "$sr"
    httpd_configtest "$sr" || return 1
    httpd_start "$sr" "$PORT" "$sr/error_log" || return 1
    want=$(expected_children "$mpm")
    for i in $(seq 200); do
        [ "$(children_count "$SRV_PID")" -ge "$want" ] && break
        sleep 0.1
    done
    [ "$(children_count "$SRV_PID")" -ge "$want" ] \
        || log "  only $(children_count "$SRV_PID") of $want children came up"
    return 0
}
stop_server() { stop_pid "$1" 150 || true; }

# One GET (Connection: close) with perl; prints the body, de-chunked.
fetch_body() {   # PORT PATH
    perl -MIO::Socket::INET -e '
        my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$ARGV[0]", Timeout => 10) or exit 1;
        print $s "GET $ARGV[1] HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        local $/; my $r = <$s>; defined $r or exit 1;
        my ($h, $b) = split /\r\n\r\n/, $r, 2;
        $h =~ m{^HTTP/1\.1 200 } or exit 1;
        if ($h =~ /^Transfer-Encoding:\s*chunked/mi) {
            my $out = "";
            while ($b =~ s/^([0-9a-fA-F]+)[^\r\n]*\r\n//) {
                my $n = hex $1;
                last if !$n;
                $out .= substr($b, 0, $n, "");
                $b =~ s/^\r\n// or exit 1;
            }
            $b = $out;
        }
        print $b;' "$1" "$2"
}

# ---- Measurements ----------------------------------------------------------------------
D=$SOAK_SECONDS
# Windows (seconds since wrk started), those of a 60 s run scaled: 10-15, 55-60.
E0=$(( (D * 10 + 30) / 60 )); E1=$(( (D * 15 + 30) / 60 ))
[ "$E0" -ge 1 ] || E0=1
[ "$E1" -ge "$E0" ] || E1=$E0
L1=$D; L0=$(( D - (D * 5 + 30) / 60 ))
[ "$L0" -lt "$L1" ] || L0=$((L1 - 1))
[ "$L0" -gt "$E1" ] || L0=$((E1 + 1))

# rss_stats FILE: "early_kb late_kb pct worst_child_pct worst_child_pid
#                  children_t0 children_end gone new"
rss_stats() {
    awk -v e0="$E0" -v e1="$E1" -v l0="$L0" -v l1="$L1" '
        { sum[$1] += $3; seen[$1] = 1
          if ($1 >= e0 && $1 <= e1) { ce[$2] += $3; ne[$2]++ }
          if ($1 >= l0 && $1 <= l1) { cl[$2] += $3; nl[$2]++ }
          if ($1 == 0) n0++
          if ($1 > tmax) tmax = $1
          last[$1]++ }
        END {
            for (t in seen) {
                if (t + 0 >= e0 && t + 0 <= e1) { se += sum[t]; te++ }
                if (t + 0 >= l0 && t + 0 <= l1) { sl += sum[t]; tl++ }
            }
            me = te ? se / te : 0; ml = tl ? sl / tl : 0
            pct = me ? (ml - me) / me * 100 : 0
            worst = -1e9; wpid = 0; gone = 0; new = 0
            for (p in ce) {
                if (!(p in cl)) { gone++; continue }
                a = ce[p] / ne[p]; b = cl[p] / nl[p]
                c = a ? (b - a) / a * 100 : 0
                if (c > worst) { worst = c; wpid = p }
            }
            for (p in cl) if (!(p in ce)) new++
            if (worst == -1e9) worst = 0
            printf "%.0f %.0f %.2f %.2f %s %d %d %d %d\n", me, ml, pct, worst, wpid,
                   n0, last[tmax], gone, new
        }' "$1"
}

# parse_wrk FILE: "requests rps connect read write timeout non2xx"
parse_wrk() {
    awk '
        / requests in / { req = $1 }
        /^Requests\/sec:/ { rps = $2 }
        /Socket errors:/ { gsub(",", ""); c = $4; r = $6; w = $8; t = $10 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        END { printf "%d %.0f %d %d %d %d %d\n", req, rps, c, r, w, t, bad }' "$1"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
le_tol() { awk -v v="$1" -v t="$SOAK_TOLERANCE" 'BEGIN { exit !(v <= t) }'; }

ROWS=()
KA_ROWS=()
FAILS=()
fail() { FAILS+=("$1"); log "FAIL: $1"; }

log "run directory $RUN; $D s of wrk -c$SOAK_CONNS -t$SOAK_THREADS per cell, RSS windows s$E0-$E1 vs s$L0-$L1"
for mpm in $SOAK_MPMS; do
    need_mpms "$mpm"
    for setup in $SOAK_SETUPS; do
        cell="$mpm/$setup"
        sr=$RUN/srv/$mpm-$setup
        log "($cell) starting"
        if ! start_server "$mpm" "$setup" "$sr"; then
            fail "$cell: httpd did not start"
            ROWS+=("| $mpm | $setup | - | - | - | - | - | - | - | - | **FAIL** (no start) |")
            continue
        fi
        pid=$SRV_PID port=$PORT cfail=0
        # The content must come back (rewritten, for the rewriter).
        if ! fetch_body "$port" /soak.html > "$sr/body"; then
            fail "$cell: GET /soak.html failed"; cfail=1
        elif [ "$setup" = rewriter ] && ! cmp -s "$sr/body" "$RUN/soak.expected"; then
            fail "$cell: the rewriter did not turn $PATTERN into $REPLACEMENT"; cfail=1
        elif [ "$setup" = passthru ] && ! cmp -s "$sr/body" "$RUN/htdocs/soak.html"; then
            fail "$cell: the pass-through filter changed the body"; cfail=1
        fi
        # Warm-up, then the measured run with the RSS sampler alongside.
        wrk -c"$SOAK_CONNS" -t"$SOAK_THREADS" -d"${SOAK_WARMUP}s" --timeout 10s \
            "http://127.0.0.1:$port/soak.html" > "$sr/wrk-warmup.txt" 2>&1 || true
        sleep 1
        "$RUN/soaktool" rss "$pid" "$D" "$sr/rss.txt" &
        sampler=$!
        bg_pids=("$sampler")
        wrk -c"$SOAK_CONNS" -t"$SOAK_THREADS" -d"${D}s" --timeout 10s \
            "http://127.0.0.1:$port/soak.html" > "$sr/wrk.txt" 2>&1 || true
        wait "$sampler" || true
        bg_pids=()
        read -r req rps ce re we te bad < <(parse_wrk "$sr/wrk.txt")
        read -r rse rsl rpct wpct wpid c0 cend gone new < <(rss_stats "$sr/rss.txt")
        serr=$((ce + re + we + te))
        [ "$req" -gt 0 ] || { fail "$cell: wrk completed no request (see $sr/wrk.txt)"; cfail=1; }
        [ "$serr" -eq 0 ] || { fail "$cell: $serr socket errors (connect $ce, read $re, write $we, timeout $te)"; cfail=1; }
        [ "$bad" -eq 0 ] || { fail "$cell: $bad non-2xx responses"; cfail=1; }
        le_tol "$rpct" || { fail "$cell: child RSS sum grew $rpct% (s$E0-$E1 -> s$L0-$L1)"; cfail=1; }
        le_tol "$wpct" || { fail "$cell: child $wpid RSS grew $wpct%"; cfail=1; }
        [ "$gone" -eq 0 ] && [ "$new" -eq 0 ] \
            || { fail "$cell: children changed during the run ($gone gone, $new new)"; cfail=1; }

        # 100,000 keep-alive requests on a few connections.
        sleep 2   # let wrk's connections end (END_OF_NET_SESSION) first
        ka_opts=()
        if [ "$setup" = passthru ]; then
            ka_opts=(--ctx --has "$PATTERN")
        else
            ka_opts=(--has "$REPLACEMENT" --lacks "$PATTERN")
        fi
        ka_rc=0
        "$RUN/soaktool" ka "$port" /soak.html "$SOAK_KA_CONNS" "$SOAK_KA_REQUESTS" \
            "$SOAK_KA_DEPTH" "$pid" "${ka_opts[@]}" > "$sr/ka.txt" 2> "$sr/ka.err" || ka_rc=$?
        ka=$(grep '^KA ' "$sr/ka.txt" || true)
        kv() { printf '%s\n' "$ka" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
        ka_req=$(kv requests); ka_req=${ka_req:-0}
        ka_first=$(kv rss_first_kb); ka_last=$(kv rss_last_kb)
        ka_pct=$(awk -v a="${ka_first:-0}" -v b="${ka_last:-0}" 'BEGIN { printf "%.2f", a ? (b - a) / a * 100 : 0 }')
        ka_wpct=$(kv worst_child_pct); ka_wkb=$(kv worst_child_kb); ka_live=$(kv max_live)
        ka_secs=$(kv seconds)
        ka_check="-"
        if [ "$ka_rc" -ne 0 ] || [ "$ka_req" -ne "$SOAK_KA_REQUESTS" ]; then
            fail "$cell: keep-alive run failed: $(tr '\n' ' ' < "$sr/ka.err") $ka"; cfail=1
        fi
        le_tol "$ka_pct" || { fail "$cell: RSS sum grew $ka_pct% over the keep-alive run"; cfail=1; }
        le_tol "${ka_wpct:-0}" || { fail "$cell: a child's RSS grew ${ka_wpct}% over the keep-alive run"; cfail=1; }
        if [ "$setup" = passthru ]; then
            if [ "$ka_rc" -eq 0 ] && [ "${ka_live:-999}" -le "$SOAK_KA_CONNS" ]; then
                ka_check="1 block/conn, count 1..$((SOAK_KA_REQUESTS / SOAK_KA_CONNS)), live <= ${ka_live}"
            else
                ka_check="**bad** (live ${ka_live:-?})"
                [ "$ka_rc" -ne 0 ] || { fail "$cell: $ka_live AllocMem blocks live with $SOAK_KA_CONNS connections open"; cfail=1; }
            fi
        else
            [ "$ka_rc" -eq 0 ] && ka_check="every body rewritten" || ka_check="**bad**"
        fi

        # The error log: no crash, no error.
        crashes=$(grep -cE 'exit signal|AH00052|AH00060|Segmentation|AddressSanitizer' "$sr/error_log" 2>/dev/null || true)
        errors=$(grep -cE '\[([a-z_]+:)?(emerg|alert|crit|error)\]' "$sr/error_log" 2>/dev/null || true)
        [ "${crashes:-0}" -eq 0 ] || { fail "$cell: $crashes crash lines in $sr/error_log"; cfail=1; }
        [ "${errors:-0}" -eq 0 ] || { fail "$cell: $errors error lines in $sr/error_log"; cfail=1; }

        stop_server "$pid"
        result=PASS; [ "$cfail" = 0 ] || result="**FAIL**"
        ROWS+=("| $mpm | $setup | $req | $rps | $ce/$re/$we/$te | $bad | $(mib "$rse") → $(mib "$rsl") | $rpct% | $wpct% | $c0/$cend | $result |")
        KA_ROWS+=("| $mpm | $setup | $ka_req | ${ka_secs:-?} s | $(mib "${ka_first:-0}") → $(mib "${ka_last:-0}") | $ka_pct% | ${ka_wpct:-?}% (${ka_wkb:-?} KiB) | $ka_check |")
        log "($cell) $req requests, $rps req/s, socket errors $serr, non-2xx $bad, RSS $rpct% (worst child $wpct%); keep-alive $ka_req requests, RSS $ka_pct%: $result"
    done
done

# ---- Report ------------------------------------------------------------------------------
REPORT=$RUN/report.md
{
    echo "# mod_isapi_filter soak test"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- command: \`SOAK_SECONDS=$D $(invocation)\` (in $top)"
    echo "- machine: $(nproc) CPUs ($(cpu_model)), $(meminfo_gib MemTotal); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $(httpd_version); $(wrk_version); user $(id -un)$([ "$AS_ROOT" = 1 ] && echo " (workers run as $RUN_USER)")"
    tree_line
    echo "- load: \`wrk -c $SOAK_CONNS -t $SOAK_THREADS -d ${D}s --timeout 10s\` on a ${PAGE_BYTES}-byte static page, after ${SOAK_WARMUP} s of warm-up; KeepAlive On, MaxKeepAliveRequests 0; prefork 300 processes, worker 5 x 64 threads, event 2 x 256 threads (see tools/soak/README.md), all started up front; ISAPIFilter* directives at their defaults (AllocLimit 1 MiB)"
    echo "- passthru: tools/soak/filters/soak_passthru.c, global, every event incl. READ_RAW_DATA and SEND_RAW_DATA, AllocMem(64) once per connection into pFilterContext"
    echo "- rewriter: $REWRITER_NOTE; \"$PATTERN\" -> \"$REPLACEMENT\""
    echo "- RSS: every child's VmRSS (/proc/PID/statm) once a second; mean of seconds $E0-$E1 vs $L0-$L1; pass when neither the sum nor any child grows more than ${SOAK_TOLERANCE}%"
    echo
    echo "| MPM | filters | requests | req/s | socket errors c/r/w/t | non-2xx | child RSS sum, MiB (s$E0-$E1 → s$L0-$L1) | sum Δ | worst child Δ | children start/end | result |"
    echo "|---|---|---:|---:|---|---:|---|---:|---:|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Keep-alive: $SOAK_KA_REQUESTS requests on $SOAK_KA_CONNS connections ($SOAK_KA_DEPTH pipelined per turn), right after the wrk run; RSS after the first tenth vs at the end (sum over children, and the child that grew most); every response must be 200 and keep the connection.  The AllocMem check reads \`X-Soak-Ctx: <n> <live>\`: <n> must count 1, 2, 3, ... on each connection (one block, reused by every request), <live> (blocks held by the process) must never exceed the connections open."
    echo
    echo "| MPM | filters | requests | time | child RSS sum, MiB | sum Δ | worst child Δ | AllocMem / body check |"
    echo "|---|---|---:|---:|---|---:|---:|---|"
    printf '%s\n' "${KA_ROWS[@]}"
    echo
    if [ ${#FAILS[@]} -eq 0 ]; then
        echo "**All criteria passed.**"
    else
        echo "**FAILED:**"
        echo
        printf -- '- %s\n' "${FAILS[@]}"
    fi
    echo
    echo "Note: wrk's \"Non-2xx or 3xx\" count is of statuses >= 400 (a static page never redirects); the keep-alive client checks every status is 200."
} > "$REPORT"
echo
cat "$REPORT"
if [ -n "$SOAK_RESULTS" ]; then
    cp "$REPORT" "$SOAK_RESULTS" 2>/dev/null || log "could not write $SOAK_RESULTS"
fi
finish_run ${#FAILS[@]} "${SOAK_KEEP:-0}"
[ ${#FAILS[@]} -eq 0 ]
