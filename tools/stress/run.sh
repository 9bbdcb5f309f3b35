#!/usr/bin/env bash
# tools/stress/run.sh: mixed-traffic stress test of mod_isapi_filter (see
# tools/stress/README.md).  Counts crashes and cross-site bytes; there must be
# none of either.
#
#   tools/stress/run.sh                     prefork, worker, event; 60 s each
#   STRESS_SECONDS=10 tools/stress/run.sh   shorter
#   make -f Makefile.apxs stress            the same (variables pass through)
#
# Per MPM, two private httpds on 127.0.0.1 (each its own ServerRoot under a
# fresh run directory), each with name-based virtual hosts on its one
# address: d (the default), a, b.  Every site serves static pages, a 404
# ErrorDocument and an echo CGI (mod_cgid, reads its body) that all name
# their site ("SITE-A" ...).
#   main  stress_global.so, global: every event, raw data included, passes
#         everything (GetServerVariable in every window; WriteClient in LOG
#         when a request asks); stress_site.so, a SEND_RAW_DATA site filter
#         that counts bytes not its own, on d and on a.
#   late  issue 10 item 1's setup: a global filter registering only
#         PREPROC_HEADERS, stress_site.so on a only, so the raw output
#         filter joins a connection in the middle, at a's first request.
# tools/stress/client.pl runs STRESS_CLIENTS processes against both for
# STRESS_SECONDS (60% of the connections to main): keep-alive,
# pipelining, Host changes on a connection, Expect: 100-continue with and
# without waiting, HEAD, aborted connections, WriteClient in LOG followed
# by a 100-continue POST.  Counted per MPM and server:
#   crashes     error_log lines "exit signal", "Segmentation fault",
#               "AddressSanitizer" (and "runtime error:" under SANITIZE=1)
#   cross-site  SEND_RAW_DATA windows in which a site filter saw another
#               site's bytes, a "100 Continue" (bytes of no request: global
#               filters only), or SERVER_NAME naming another site; and
#               responses a client got carrying another site's marker
#   stray EONS  END_OF_NET_SESSION at a site filter on a connection that
#               brought its site nothing
#   bad / lost  responses that did not parse or were not the ones asked
#               for / connections closed or timed out with a response due
# Prints a table and exits 1 if any of those is non-zero (or no request
# succeeded), 2 if the setup failed.
#
# Knobs (environment): STRESS_SECONDS (60), STRESS_MPMS ("prefork worker
# event"), STRESS_PROFILES ("main late"), STRESS_CLIENTS (6 client
# processes), STRESS_TIMEOUT (10 s per response), STRESS_WINDOW
# (ISAPIFilterWindowSize, 16384), STRESS_GLOBAL (1; 0 leaves main's global
# filter out), STRESS_TMP (/tmp), STRESS_KEEP=1 (keep the run directory
# even when everything passed), SANITIZE=1 (module and filters with
# ASan+UBSan; CC=clang advised), APXS, HTTPD, CC.
# Runs as root (workers drop to www-data) or as a normal user.
set -euo pipefail
export LC_ALL=C

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh" stress 2

STRESS_SECONDS=${STRESS_SECONDS:-60}
STRESS_MPMS=${STRESS_MPMS:-prefork worker event}
STRESS_PROFILES=${STRESS_PROFILES:-main late}
STRESS_CLIENTS=${STRESS_CLIENTS:-6}
STRESS_TIMEOUT=${STRESS_TIMEOUT:-10}
STRESS_WINDOW=${STRESS_WINDOW:-16384}
STRESS_GLOBAL=${STRESS_GLOBAL:-1}
SANITIZE=${SANITIZE:-0}
find_httpd
CC=${CC:-cc}
export STRESS_TIMEOUT

for v in STRESS_SECONDS STRESS_CLIENTS STRESS_TIMEOUT STRESS_WINDOW; do
    case "${!v}" in ''|*[!0-9]*) die "$v must be a positive number" ;; esac
    [ "${!v}" -gt 0 ] || die "$v must be a positive number"
done
need_tools perl "$HTTPD" "$APXS" "$CC" make
need_mpms $STRESS_MPMS
for p in $STRESS_PROFILES; do
    case "$p" in main|late) ;; *) die "unknown profile $p (main, late)" ;; esac
done
[ -n "$STRESS_PROFILES" ] || die "STRESS_PROFILES is empty"

# ---- run directory -------------------------------------------------------------
new_run_dir stress "${STRESS_TMP:-/tmp}"
detect_root

# SIGTERM to an httpd this script started (httpd -k stop); after 30 s,
# SIGKILL to it and to its children, by pid.
stop_server() {
    local pid=$1 kids
    if ! stop_pid "$pid" 300; then
        log "httpd $pid did not stop in 30 s; killing it and its children"
        kids=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
        kill -KILL "$pid" $kids 2>/dev/null || true
        forget_pid "$pid"
    fi
}
cleanup() {
    local p
    for p in ${started_pids[@]+"${started_pids[@]}"}; do stop_server "$p"; done
}
trap cleanup EXIT

# ---- build ----------------------------------------------------------------------
SAN_ENV=()
if [ "$SANITIZE" = 1 ]; then
    # As Makefile.apxs does: clang's runtime is shared and preloaded.
    case "$CC" in
        *clang*) FILTER_CFLAGS+=(-fsanitize=address,undefined -fno-omit-frame-pointer -shared-libasan)
                 rt=libclang_rt.asan-x86_64.so ;;
        *)       FILTER_CFLAGS+=(-fsanitize=address,undefined -fno-omit-frame-pointer)
                 rt=libasan.so ;;
    esac
    SAN_ENV=(LD_PRELOAD="$("$CC" -print-file-name="$rt")"
             ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1)
fi
log "building the module (SANITIZE=$SANITIZE) and the stress filters; run directory $RUN"
make_cc=()
[ "$CC" != cc ] && make_cc=(CC="$CC")
build_module SANITIZE="$SANITIZE" ${make_cc[@]+"${make_cc[@]}"}
build_filter stress_global.so "$here/filters/stress_global.c"
build_filter stress_global_preproc.so "$here/filters/stress_global.c" -DSTRESS_PREPROC_ONLY
build_filter stress_site_d.so "$here/filters/stress_site.c" -DSTRESS_SITE='"d"'
build_filter stress_site_a.so "$here/filters/stress_site.c" -DSTRESS_SITE='"a"'
chmod 755 "$RUN/lib" "$RUN/lib"/*.so
perl "$here/client.pl" pages "$RUN" || die "client.pl pages failed"

# ---- servers ----------------------------------------------------------------------
mpm_conf() {
    case "$1" in
        prefork) printf '%s\n' 'StartServers 8' 'MinSpareServers 4' 'MaxSpareServers 32' \
                     'ServerLimit 64' 'MaxRequestWorkers 64' ;;
        *)       printf '%s\n' 'StartServers 2' 'ServerLimit 4' 'ThreadLimit 32' \
                     'ThreadsPerChild 32' 'MaxRequestWorkers 128' 'MinSpareThreads 32' \
                     'MaxSpareThreads 128' ;;
    esac
}

# vhost NAME [FILTER]: a name-based host whose every answer names it.
vhost() {
    local s=$1 f=${2:-} M
    M=SITE-$(printf '%s' "$1" | tr a-z A-Z)
    cat <<EOF
<VirtualHost 127.0.0.1:$PORT>
    ServerName $s
    DocumentRoot "$RUN/htdocs/$s"
    Header always set X-Stress-Site $M
    ErrorDocument 404 "$M missing"
    ScriptAlias /cgi/ "$RUN/cgi/$s/"
${f:+    ISAPIFilter $RUN/lib/$f}
</VirtualHost>
EOF
}

# The filters of each profile (see the top of this file).
profile_filters() {
    case "$1" in
        main) [ "$STRESS_GLOBAL" = 1 ] && echo "ISAPIFilter $RUN/lib/stress_global.so"
              echo "# Name-based hosts on one address; d is the default."
              vhost d stress_site_d.so; vhost a stress_site_a.so; vhost b ;;
        late) echo "ISAPIFilter $RUN/lib/stress_global_preproc.so"
              echo "# Name-based hosts on one address; d is the default."
              vhost d; vhost a stress_site_a.so; vhost b ;;
    esac
}

write_conf() {   # MPM PROFILE SRVROOT
    local mpm=$1 prof=$2 sr=$3
    {
        conf_preamble --title "$mpm / $prof" --error-log "$sr/logs/error_log" --log-level notice \
            "$sr" "$PORT" "$mpm" authz_core mime dir alias headers cgid
        mpm_conf "$mpm"
        cat <<EOF
ScriptSock "$sr/cgisock"
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 5
Timeout 20
DirectoryIndex index.html
EOF
        conf_htdocs "$RUN/htdocs"
        cat <<EOF
<Directory "$RUN/cgi">
    Require all granted
</Directory>
LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so
ISAPIFilterWindowSize $STRESS_WINDOW
$(profile_filters "$prof")
EOF
    } > "$sr/httpd.conf"
}

start_server() {   # MPM PROFILE SRVROOT; sets PORT, SRV_PID
    local mpm=$1 prof=$2 sr=$3
    local -a run_env=(env STRESS_LOG_DIR="$sr/logs" ${SAN_ENV[@]+"${SAN_ENV[@]}"})
    alloc_port
    mkdir -p "$sr/logs"
    chmod 755 "$sr"
    [ "$AS_ROOT" = 1 ] && chown "$RUN_USER" "$sr/logs"
    write_conf "$mpm" "$prof" "$sr"
    httpd_configtest "$sr" "${run_env[@]}" || return 1
    rm -f "$sr/logs"/*.log
    # The filters open their logs in GetFilterVersion, which runs in each
    # child, as $RUN_USER under root, after the start-up check ran it as
    # root: made now and given to that user, the files suit both.
    if [ "$AS_ROOT" = 1 ]; then
        for f in global site-d site-a; do
            : > "$sr/logs/$f.log"
            chown "$RUN_USER" "$sr/logs/$f.log"
        done
    fi
    httpd_start "$sr" "$PORT" "$sr/logs/error_log" "${run_env[@]}"
}

# sum_field FILE FIELD LINE-PREFIX: the sum of FIELD=N over matching lines.
sum_field() {
    [ -f "$1" ] || { echo 0; return; }
    awk -v f="$2" -v p="$3" 'index($0, p) == 1 {
        for (i = 1; i <= NF; i++) if (index($i, f "=") == 1) s += substr($i, length(f) + 2)
    } END { print s + 0 }' "$1"
}
count_lines() {   # FILE REGEX
    [ -f "$1" ] || { echo 0; return; }
    grep -cE "$2" "$1" || true
}
stat_of() {   # STATS-LINE NAME
    local v
    v=$(printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1)
    echo "${v:-0}"
}

ROWS=()
DETAIL=()
FAILS=()
CRASH_RE='exit signal|Segmentation fault|AddressSanitizer'
[ "$SANITIZE" = 1 ] && CRASH_RE="$CRASH_RE|runtime error:"

# report_server MPM PROFILE SRVROOT STATS-LINE: one row of each table, and
# the failures.
report_server() {
    local mpm=$1 prof=$2 sr=$3 st=$4 el=$3/logs/error_log s f cfail=0 result
    local crashes stuck gctx lw_ok lw_no requests ok bad lost cx conns aborts
    local -A xw xb xf xi xs stray ctx eons
    fail() { FAILS+=("$mpm/$prof: $1"); cfail=1; }
    crashes=$(count_lines "$el" "$CRASH_RE")
    stuck=$(count_lines "$el" 'still did not exit')
    for s in d a; do
        f=$sr/logs/site-$s.log
        if ! grep -q "stress_site_$s.so" "$sr/httpd.conf"; then
            xw[$s]=-; xb[$s]=-; xf[$s]=-; xi[$s]=-; xs[$s]=-; stray[$s]=-; ctx[$s]=0; eons[$s]=-
            continue
        fi
        xw[$s]=$(count_lines "$f" '^X ')
        xb[$s]=$(sum_field "$f" win 'X ')
        xf[$s]=$(sum_field "$f" foreign 'X ')
        xi[$s]=$(sum_field "$f" interim 'X ')
        xs[$s]=$(count_lines "$f" '^X .* sname=[^-]')
        stray[$s]=$(count_lines "$f" '^V .*kind=stray')
        ctx[$s]=$(count_lines "$f" '^V .*kind=context')
        eons[$s]=$(count_lines "$f" '^E ')
        [ "${xw[$s]}" -eq 0 ] || fail "site $s's filter saw ${xw[$s]} windows (${xb[$s]} bytes) of bytes not its own: ${xf[$s]} other sites' markers, ${xi[$s]} '100 Continue', ${xs[$s]} windows filed under another SERVER_NAME"
        [ "${stray[$s]}" -eq 0 ] || fail "site $s's filter got END_OF_NET_SESSION on ${stray[$s]} connections that brought it nothing"
        [ "${ctx[$s]}" -eq 0 ] || fail "site $s's filter found its pFilterContext overwritten ${ctx[$s]} times"
        # Without its reports the counts above prove nothing.
        [ "${eons[$s]}" -gt 0 ] || fail "site $s's filter reported no END_OF_NET_SESSION: it could not write $f"
    done
    gctx=$(count_lines "$sr/logs/global.log" 'kind=context')
    lw_ok=$(count_lines "$sr/logs/global.log" '^L .* ret=1')
    lw_no=$(count_lines "$sr/logs/global.log" '^L .* ret=0')
    requests=$(stat_of "$st" requests); ok=$(stat_of "$st" ok)
    bad=$(stat_of "$st" bad); lost=$(stat_of "$st" lost); cx=$(stat_of "$st" xsite)
    conns=$(stat_of "$st" conns)
    aborts=$(( $(stat_of "$st" aborts_req) + $(stat_of "$st" aborts_body) + $(stat_of "$st" aborts_resp) ))

    [ -n "$st" ] || fail "the client printed no STATS for this server (see $RUN/srv/$mpm-client.err)"
    [ "$crashes" -eq 0 ] || fail "$crashes crash lines in $el"
    [ "$gctx" -eq 0 ] || fail "the global filter found its pFilterContext overwritten $gctx times"
    [ "$cx" -eq 0 ] || fail "$cx responses carried another site's marker"
    [ "$bad" -eq 0 ] || fail "$bad malformed or unexpected responses"
    [ "$lost" -eq 0 ] || fail "$lost responses lost (connection closed or timed out)"
    [ "$(stat_of "$st" stuck_clients)" -eq 0 ] || fail "$(stat_of "$st" stuck_clients) client processes had to be killed"
    [ "$ok" -gt 0 ] || fail "no request succeeded"
    result=PASS; [ "$cfail" = 0 ] || result="**FAIL**"
    ROWS+=("| $mpm | $prof | $requests | $ok | $bad | $lost | $crashes | ${xw[d]} / ${xb[d]} | ${stray[d]} | ${xw[a]} / ${xb[a]} | ${stray[a]} | $cx | $result |")
    DETAIL+=("| $mpm | $prof | $conns | $aborts | ${xf[d]} / ${xi[d]} / ${xs[d]} | ${xf[a]} / ${xi[a]} / ${xs[a]} | ${eons[d]} / ${eons[a]} | $((ctx[d] + ctx[a] + gctx)) | $lw_ok / $lw_no | $stuck |")
    log "($mpm/$prof) $requests requests: $ok ok, $bad bad, $lost lost; $crashes crashes; cross-site windows d ${xw[d]}, a ${xw[a]}: $result"
}

log "run directory $RUN; $STRESS_SECONDS s per MPM, $STRESS_CLIENTS client processes, profiles: $STRESS_PROFILES, window $STRESS_WINDOW"
for mpm in $STRESS_MPMS; do
    profs=() ports=() roots=()
    for prof in $STRESS_PROFILES; do
        sr=$RUN/srv/$mpm-$prof
        mkdir -p "$sr"
        if ! start_server "$mpm" "$prof" "$sr"; then
            FAILS+=("$mpm/$prof: httpd did not start")
            ROWS+=("| $mpm | $prof | - | - | - | - | - | - | - | - | - | - | **FAIL** (no start) |")
            continue
        fi
        log "($mpm/$prof) httpd on port $PORT, pid $SRV_PID"
        profs+=("$prof"); ports+=("$PORT"); roots+=("$sr")
    done
    [ ${#ports[@]} -gt 0 ] || continue
    log "($mpm) $STRESS_SECONDS s of mixed traffic"
    portlist=$(IFS=,; echo "${ports[*]}")
    perl "$here/client.pl" run "$portlist" "$STRESS_SECONDS" "$STRESS_CLIENTS" \
        "$RUN/srv/$mpm-client-failures.log" > "$RUN/srv/$mpm-client.out" \
        2> "$RUN/srv/$mpm-client.err" || true
    sleep 2   # the last connections end: END_OF_NET_SESSION
    for p in ${started_pids[@]+"${started_pids[@]}"}; do stop_server "$p"; done
    for i in "${!ports[@]}"; do
        st=$(grep "^STATS port=${ports[$i]} " "$RUN/srv/$mpm-client.out" || true)
        report_server "$mpm" "${profs[$i]}" "${roots[$i]}" "$st"
    done
done

# ---- report ------------------------------------------------------------------------
echo
echo "# mod_isapi_filter stress test"
echo
echo "$STRESS_SECONDS s per MPM, $STRESS_CLIENTS client processes over both servers, ISAPIFilterWindowSize $STRESS_WINDOW, main's global all-events filter $([ "$STRESS_GLOBAL" = 1 ] && echo loaded || echo 'not loaded'), SANITIZE=$SANITIZE; $("$HTTPD" -v | head -1 | sed 's/^Server version: //')"
echo
echo "| MPM | server | requests | ok | bad | lost | crashes | d filter: cross-site windows / bytes | d: stray EONS | a filter: cross-site windows / bytes | a: stray EONS | client-side cross-site | result |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "| MPM | server | connections | deliberate aborts | d: other sites' markers / 100 Continue / SERVER_NAME | a: same | END_OF_NET_SESSION d / a | context overwritten | WriteClient in LOG accepted / refused | children killed at stop |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' ${DETAIL[@]+"${DETAIL[@]}"}
echo
if [ ${#FAILS[@]} -eq 0 ]; then
    echo "**PASS**: no crash, no cross-site byte, every response its own site's."
else
    echo "**FAILED:**"
    printf -- '- %s\n' "${FAILS[@]}"
fi
finish_run ${#FAILS[@]} "${STRESS_KEEP:-0}" \
    "srv/<mpm>-<server>/logs: error_log, site-d.log, site-a.log, global.log; srv/<mpm>-client-failures.log"
[ ${#FAILS[@]} -eq 0 ]
