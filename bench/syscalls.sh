# bench/syscalls.sh: system calls and idle connections (sourced by run.sh).
#
# Deterministic where req/s is not: what the worker asks of the kernel per
# request, and whether an idle keep-alive connection holds a thread.

# strace_count PID OUT CMD...: strace -c -f on PID while CMD runs.
strace_count() {
    local pid=$1 out=$2 spid
    shift 2
    strace -c -f -o "$out" -p "$pid" > /dev/null 2>&1 &
    spid=$!
    sleep 1
    "$@" || true
    kill -INT "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
}

# strace_row OUT N LABEL NAME...: one markdown row: LABEL, then for each
# NAME its calls per request (N requests); "read" is followed by how many
# of them failed (EAGAIN: nothing was there).
strace_row() {
    local out=$1 n=$2 label=$3
    shift 3
    awk -v n="$n" -v label="$label" -v names="$*" '
        $NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ { c[$NF] = $4; e[$NF] = (NF == 6 ? $5 : 0) }
        $NF == "total" { t = $4 }
        END {
            k = split(names, nm, " ")
            printf "| %s |", label
            for (i = 1; i <= k; i++) {
                printf " %.2f |", c[nm[i]] / n
                if (nm[i] == "read") printf " %.2f |", e["read"] / n
            }
            printf " %.2f |\n", t / n
        }' "$out"
}

# syscalls_under_load SECTION MPM PIN: strace -c -f on the worker of (a),
# (d) and (e) (those the section has) while wrk -c$CONNS asks for 1 KiB
# files for 2 s.  strace slows every call down, so read the figures as
# the shape of a request, not as what it costs.
syscalls_under_load() {
    local sec=$1 mpm=$2 pin=$3 name key out wout req
    [ "$smoke" = 0 ] && command -v strace >/dev/null || return 0
    [ "$mpm" = prefork ] && return 0
    {
        echo
        echo "### System calls per 1 KiB request under load ($sec: ${SECTION_DESC[$sec]})"
        echo
        echo "strace -c -f on the worker process while wrk -t$WRK_THREADS -c$CONNS runs for 2 s; per request."
        echo "A request served straight from the speculative read after the previous one needs no"
        echo "epoll_ctl and no futex; one that goes back to the event loop needs two and several."
        echo
        echo "| config | read | of which EAGAIN | writev | sendfile | epoll_ctl | epoll_wait | futex | all |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    } >> "$SYSCALL_REPORT"
    for name in a d e; do
        key=$(server_key "$name" "$mpm" "$pin")
        [ -n "${PORT_OF[$key]:-}" ] || continue
        out=$RUN/strace-load.$(safe "$key").txt
        wout=$out.wrk
        strace_count "$(one_child "$key")" "$out" \
            wrk -t"$WRK_THREADS" -c"$CONNS" -d2s "http://127.0.0.1:${PORT_OF[$key]}/1k.bin" > "$wout" 2>&1
        req=$(awk '/ requests in / { print $1 }' "$wout")
        if [ ! -s "$out" ] || [ -z "$req" ] || [ "$req" = 0 ]; then
            echo "| ($name) | strace could not attach | | | | | | | |" >> "$SYSCALL_REPORT"
            continue
        fi
        strace_row "$out" "$req" "($name) $req requests" read writev sendfile epoll_ctl epoll_wait futex \
            >> "$SYSCALL_REPORT"
    done
}

# syscalls_1m SECTION MPM PIN: strace -c -f on the worker while 20
# keep-alive requests for 1m.bin (and page.html for (f)) are served on
# one connection: does the body leave with one sendfile, or copied in
# pieces?
syscalls_1m() {
    local sec=$1 mpm=$2 pin=$3 sc name path key out
    [ "$smoke" = 0 ] && command -v strace >/dev/null || return 0
    [ "$mpm" = prefork ] && return 0
    {
        echo
        echo "### System calls per 1 MiB response"
        echo
        echo "strace -c -f on the worker process while 20 keep-alive requests are served one after another."
        echo
        echo "| config | sendfile | writev | write | mmap | munmap | all |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
    } >> "$SYSCALL_REPORT"
    local -a scs=("a|/1m.bin" "a'|/1m.bin" "b|/1m.bin" "c|/1m.bin" "d|/1m.bin" "e|/1m.bin"
                  "a|/page.html" "f-isapi|/page.html" "f-sub|/page.html" "f-min|/page.html")
    for sc in "${scs[@]}"; do
        name=${sc%%|*}; path=${sc#*|}
        key=$(server_key "$name" "$mpm" "$pin")
        [ -n "${PORT_OF[$key]:-}" ] || continue
        out=$RUN/strace-1m.$(safe "$key").$(safe "$path").txt
        strace_count "$(one_child "$key")" "$out" \
            perl "$here/client.pl" keepalive "${PORT_OF[$key]}" "$path" 20 > /dev/null
        if [ ! -s "$out" ]; then
            echo "| ($name) $path | strace could not attach | | | | | |" >> "$SYSCALL_REPORT"
            continue
        fi
        strace_row "$out" 20 "($name) $path" sendfile writev write mmap munmap >> "$SYSCALL_REPORT"
    done
    echo >> "$SYSCALL_REPORT"
    echo "(the totals include the epoll and futex traffic of an idle worker pool)" >> "$SYSCALL_REPORT"
}

# idle_check N: under the event MPM, N idle keep-alive connections (more
# than THREADS) after one request each, on (a) and (d): do they park in
# the event loop (BusyWorkers stays at about 1, a new connection is
# answered at once), or does each hold a worker?
declare -A PARK
idle_check() {
    local n=$1 name key line
    {
        echo
        echo "## Idle keep-alive connections (event MPM, $THREADS threads, $n connections)"
        echo
        echo "bench/idle.pl: $n connections each make one request for 1k.bin and stay open; a"
        echo "second later a new connection asks /server-status?auto for BusyWorkers (mod_status loaded for this check"
        echo "only); then every idle connection makes a second request.  Parked connections hold no"
        echo "worker: BusyWorkers is about 1 (the one serving the status request) and the status"
        echo "request is answered at once."
        echo
        echo "| config | connections | 1st requests 2xx | BusyWorkers | IdleWorkers | status answered in ms | 2nd requests 2xx |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
    } >> "$SYSCALL_REPORT"
    for name in a d; do
        key=$(server_key "$name" event 0)
        start_server "$key" status
        line=$(perl "$here/idle.pl" "${PORT_OF[$key]}" /1k.bin "$n" 2>&1) \
            || { problems=$((problems + 1)); log "(idle $name) $line"; }
        stop_server "$key"
        PARK[$name]=$line
        echo "| ($name) $(echo "$line" | awk '{ printf "| %s | %s | %s | %s | %s | %s", $1, $2, $3, $4, $5, $6 }') |" \
            >> "$SYSCALL_REPORT"
    done
}
