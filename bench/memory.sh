# bench/memory.sh: (g), the worker's memory while 1 GiB streams
# through (d) (sourced by run.sh).

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1024 }'; }

declare -A G_IDLE G_PEAK G_GROW G_RSS0 G_RSS1 G_SECS G_ANON0 G_ANONP G_FILE0 G_FILEP

# memory_run: (g) for (a) and (d) under the event MPM, into G_*.
memory_run() {
    local g base key child port t0 t1 cpid ra rf okn bytes
    log "(g) streaming 1 GiB through (a) and (d)"
    truncate -s 1G "$RUN/htdocs/big.bin"
    chmod 644 "$RUN/htdocs/big.bin"
    for g in g-a g-d; do
        case "$g" in g-a) base=a ;; g-d) base=d ;; esac
        DESC_OF[$g]=${DESC_OF[$base]}
        # (g-a) is (a)'s configuration under its own name (write_conf has
        # no case for it), (g-d) is (d)'s.
        key=$(server_key "$g" event 0)
        start_server "$key"
        port=${PORT_OF[$key]}
        # Warm the child up (code paged in, pools at their working size).
        perl "$here/client.pl" keepalive "$port" /1k.bin 200 > /dev/null || die "$g: warm-up failed"
        perl "$here/client.pl" keepalive "$port" /1m.bin 5 > /dev/null || die "$g: warm-up failed"
        sleep 0.5
        child=$(one_child "$key")
        G_IDLE[$g]=$(status_kb "$child" VmHWM)
        G_RSS0[$g]=$(status_kb "$child" VmRSS)
        G_ANON0[$g]=$(status_kb "$child" RssAnon)
        G_FILE0[$g]=$(status_kb "$child" RssFile)
        G_ANONP[$g]=${G_ANON0[$g]}
        G_FILEP[$g]=${G_FILE0[$g]}
        t0=$(date +%s.%N)
        perl "$here/client.pl" get "$port" /big.bin > "$RUN/g.$g.out" &
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
        stop_server "$key"
    done
    rm -f "$RUN/htdocs/big.bin"
}

# memory_table: (g)'s report.
memory_table() {
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
    }
}
