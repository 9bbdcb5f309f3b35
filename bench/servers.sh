# bench/servers.sh: the benchmark's servers (sourced by run.sh).
#
# A server is one configuration (a, b, c, ... as in README.md) under one
# MPM, pinned to CPU 0 or not: its key is NAME/MPM/PIN (e.g. "d/event/0").
# start_server KEY starts it in its own ServerRoot under $RUN/srv; its
# worker processes are in KIDS_OF[KEY] (fixed for its life: no process
# starts or stops during a measurement), and proc_counters reads what
# they have used so far.

# server_key NAME MPM PIN
server_key() { printf '%s/%s/%s' "$1" "$2" "$3"; }

# The MPM part of httpd.conf: THREADS workers in one process (event,
# worker), or THREADS processes of one (prefork); none is ever started or
# stopped while a measurement runs.
conf_mpm() {
    case "$1" in
        prefork) cat <<EOF
StartServers $THREADS
ServerLimit $THREADS
MaxRequestWorkers $THREADS
MinSpareServers 1
MaxSpareServers $THREADS
EOF
        ;;
        *) cat <<EOF
# event: up to THREADS x (AsyncRequestWorkerFactor + 1) connections per
# process (idle keep-alive ones beyond that are closed); 8 lets one process
# keep the high-connections run's and the idle check's connections.
<IfModule mpm_event_module>
    AsyncRequestWorkerFactor 8
</IfModule>
StartServers 1
ServerLimit 1
ThreadLimit $THREADS
ThreadsPerChild $THREADS
MaxRequestWorkers $THREADS
MinSpareThreads 1
MaxSpareThreads $THREADS
EOF
        ;;
    esac
}

# write_conf NAME PORT SRVROOT WITH_USER(0/1) [MPM [status]]: httpd.conf
# for configuration NAME; "status" adds mod_status at /server-status.
write_conf() {
    local name=$1 port=$2 sr=$3 with_user=$4 mpm=${5:-event} status=${6:-} sendfile=On extra=
    local so=
    case "$name" in
        "a'") sendfile=Off ;;
        c) so=hdr_only.so ;;
        d|g-d) so=passthru_all.so ;;
        e) so=raw_disable.so ;;
        f-isapi) so=$REWRITER ;;
        f-min) so=replace.so ;;
    esac
    case "$name" in
        b) extra="LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so" ;;
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
    if [ -n "$so" ]; then
        extra="LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so
ISAPIFilter $RUN/lib/$so"
    fi
    mkdir -p "$sr"
    {
        conf_preamble --title "$name" --user "$with_user" "$sr" "$port" "$mpm" authz_core mime \
            ${status:+status}
        conf_mpm "$mpm"
        cat <<EOF
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 30
EnableSendfile $sendfile
EOF
        conf_htdocs "$RUN/htdocs"
        if [ -n "$status" ]; then
            printf '<Location /server-status>\n    SetHandler server-status\n</Location>\n'
        fi
        printf '%s\n' "$extra"
    } > "$sr/httpd.conf"
}

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

CLK_TCK=$(getconf CLK_TCK)

# proc_counters PID...: what the processes (all their threads) have used
# so far: "<cpu ticks> <read+write class syscalls> <context switches>".
# Ticks: user + system (/proc/PID/stat).  System calls: syscr + syscw of
# /proc/PID/io (read, readv, pread, write, writev, sendfile, ...; not
# epoll or futex: the strace table counts those).  Context switches:
# voluntary + involuntary, summed over the threads (/proc/PID/task).
proc_counters() {
    local p files=()
    for p in "$@"; do
        files+=("/proc/$p/stat" "/proc/$p/io")
        files+=(/proc/"$p"/task/*/status)
    done
    awk '
        FILENAME ~ /\/stat$/ { s = $0; sub(/.*\) /, "", s); split(s, f, " "); t += f[12] + f[13]; next }
        $1 == "syscr:" || $1 == "syscw:" { sc += $2; next }
        $1 == "voluntary_ctxt_switches:" || $1 == "nonvoluntary_ctxt_switches:" { cs += $2 }
        END { printf "%d %d %d\n", t, sc, cs }
    ' "${files[@]}" 2>/dev/null || echo "0 0 0"
}

declare -A PORT_OF SR_OF PID_OF KIDS_OF

# start_server KEY [status]: configuration NAME under MPM, on CPU 0 if PIN
# is 1 (KEY = NAME/MPM/PIN).
start_server() {
    local key=$1 status=${2:-} name mpm pin sr i kids want
    IFS=/ read -r name mpm pin <<< "$key"
    sr=$RUN/srv/$(safe "$key${status:+-$status}")
    alloc_port
    write_conf "$name" "$PORT" "$sr" "$AS_ROOT" "$mpm" "$status"
    httpd_configtest "$sr" || die "$key: configuration test failed"
    local -a pin_cmd=()
    [ "$pin" = 1 ] && pin_cmd=(taskset -c 0)
    httpd_start "$sr" "$PORT" "$sr/error_log" ${pin_cmd[@]+"${pin_cmd[@]}"} \
        || die "$key: httpd did not start on 127.0.0.1:$PORT"
    PID_OF[$key]=$SRV_PID
    PORT_OF[$key]=$PORT
    SR_OF[$key]=$sr
    # The worker processes, whose use is measured: one (event, worker), or
    # THREADS (prefork), once all have started.
    want=1
    [ "$mpm" = prefork ] && want=$THREADS
    kids=
    for i in $(seq 100); do
        kids=$(children_of "$SRV_PID")
        [ "$(echo $kids | wc -w)" -ge "$want" ] && break
        sleep 0.1
    done
    [ "$(echo $kids | wc -w)" = "$want" ] \
        || die "$key: expected $want worker processes, found: ${kids:-none}"
    KIDS_OF[$key]=$(echo $kids)
}

stop_server() { stop_pid "${PID_OF[$1]}" || true; }

# one_child KEY: the worker process of a one-process server.
one_child() { echo "${KIDS_OF[$1]}" | awk '{ print $1 }'; }
