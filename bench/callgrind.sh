# bench/callgrind.sh: (h), instructions per request under callgrind
# (sourced by run.sh).
#
# `valgrind --tool=callgrind httpd -X` (event MPM, one process), once with
# no request and once with CG_N keep-alive requests on one connection:
# per request = (second total - first total) / CG_N.

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
    write_conf "$name" "$PORT" "$sr" 0 event
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
        perl "$here/client.pl" "$CG_CLIENT" "$PORT" "$CG_PATH" "$n" > "$sr/client.out" \
            || die "callgrind ($name): client failed: $(cat "$sr/client.out")"
    fi
    kill -TERM "$vpid"
    wait "$vpid" || true
    forget_pid "$vpid"
    CG_TOTAL=$(awk '/^totals:/ { print $2 }' "$out")
    [ -n "$CG_TOTAL" ] || { tail -n 20 "$sr/valgrind.log" >&2; die "callgrind ($name): no totals in $out"; }
}

cg_how() {
    [ "$CG_CLIENT" = close ] && echo "each on its own connection" || echo "keep-alive, on one connection"
}

declare -A IR0 IRN IRPR
# callgrind_run: (h) for (a) and every configuration in CG_CONFIGS.
callgrind_run() {
    local name
    log "(h) callgrind: $CG_N requests for $CG_PATH ($(cg_how)), per config"
    CG=$RUN/callgrind
    mkdir -p "$CG"
    CG_NAMES=(a)
    for name in $CG_CONFIGS; do
        [ "$name" = a ] && continue
        [ -n "${DESC_OF[$name]:-}" ] || die "CG_CONFIGS: no configuration ($name)"
        CG_NAMES+=("$name")
    done
    for name in "${CG_NAMES[@]}"; do
        cg_run "$name" 0
        IR0[$name]=$CG_TOTAL
        cg_run "$name" "$CG_N"
        IRN[$name]=$CG_TOTAL
        IRPR[$name]=$(awk -v t="${IRN[$name]}" -v s="${IR0[$name]}" -v n="$CG_N" 'BEGIN { printf "%.0f", (t - s) / n }')
        log "  ($name) startup ${IR0[$name]}, with $CG_N requests ${IRN[$name]}: ${IRPR[$name]} per request"
    done
}

# callgrind_table: (h)'s report, on stdout.
callgrind_table() {
    local name
    {
        echo
        echo "## (h) Instructions per request (callgrind, \`$(basename "$HTTPD") -X\`, $CG_N requests for $CG_PATH, $(cg_how))"
        echo
        echo "per request = (total with $CG_N requests - total with 0 requests) / $CG_N"
        echo
        echo "| config | startup Ir | Ir with $CG_N requests | Ir / request | vs (a) | overhead vs (a) |"
        echo "|---|---:|---:|---:|---:|---:|"
        for name in "${CG_NAMES[@]}"; do
            echo "| ($name) ${DESC_OF[$name]} | ${IR0[$name]} | ${IRN[$name]} | ${IRPR[$name]} | $(ratio "${IRPR[$name]}" "${IRPR[a]}") | $(awk -v x="${IRPR[$name]}" -v y="${IRPR[a]}" 'BEGIN { printf "%+.2f%%", (x / y - 1) * 100 }') |"
        done
        echo
        echo "Where the extra instructions go (bench/cgdiff.pl $CG a CONFIG: self cost per request"
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
    }
}
