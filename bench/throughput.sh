# bench/throughput.sh: wrk runs and their statistics (sourced by run.sh).
#
# A section is one set of cells (configuration|path) measured under one
# MPM, pinning and connection count, the cells in alternation within
# each round.  Its results go into MED, P99, SPREAD, BAD, CPU, SYS and CSW,
# keyed "SECTION|NAME|PATH".

# run_wrk KEY PATH SECONDS CONNS WRK_THREADS PIN OUTFILE: wrk's output,
# then what the server's worker processes used meanwhile ("SRVUSE <ticks>
# <ticks/s> <syscalls> <context switches>").
run_wrk() {
    local key=$1 path=$2 secs=$3 conns=$4 wt=$5 pin=$6 out=$7 c0 c1
    local -a cli=()
    [ "$pin" = 1 ] && cli=(taskset -c 1)
    # shellcheck disable=SC2086
    read -r -a c0 < <(proc_counters ${KIDS_OF[$key]})
    ${cli[@]+"${cli[@]}"} wrk -t"$wt" -c"$conns" -d"$secs"s --timeout 10s --latency \
        "http://127.0.0.1:${PORT_OF[$key]}$path" > "$out" 2>&1 || true
    # shellcheck disable=SC2086
    read -r -a c1 < <(proc_counters ${KIDS_OF[$key]})
    echo "SRVUSE $((c1[0] - c0[0])) $CLK_TCK $((c1[1] - c0[1])) $((c1[2] - c0[2]))" >> "$out"
}

# parse_wrk FILE -> "rps p99ms requests non2xx sockerr cpu_us/req syscalls/req ctxsw/req"
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
        /^SRVUSE/ { cpu = $2 / $3 * 1e6; sc = $4; cs = $5 }
        END { printf "%s %s %s %d %d %.3f %.3f %.3f\n", rps + 0, p99 + 0, req + 0, bad, err,
                     (req > 0 ? cpu / req : 0), (req > 0 ? sc / req : 0), (req > 0 ? cs / req : 0) }
    ' "$1"
}

cell_file() { printf '%s/wrk/%s.%s%s' "$RUN" "$1" "$(safe "$2")" "$(printf '%s' "$3" | tr '/.' '__')"; }

# measure SECTION MPM PIN CONNS WRK_THREADS CELL...: start the cells'
# servers, check each answers, warm up, ROUNDS x DURATION s per cell in
# alternation, stop them; the statistics into MED etc.  A cell is
# NAME|PATH.
measure() {
    local sec=$1 mpm=$2 pin=$3 conns=$4 wt=$5 cell name path key out j idx round
    shift 5
    local -a cells=("$@") names=()
    for cell in "${cells[@]}"; do
        name=${cell%%|*}
        case " ${names[*]} " in *" $name "*) ;; *) names+=("$name") ;; esac
    done
    SECTION_DESC[$sec]="$mpm MPM, wrk -t$wt -c$conns, $([ "$pin" = 1 ] && echo "httpd pinned to CPU 0 and wrk to CPU 1" || echo "no CPU pinning")"
    log "[$sec] ${SECTION_DESC[$sec]}: starting ${#names[@]} servers"
    for name in "${names[@]}"; do
        start_server "$(server_key "$name" "$mpm" "$pin")"
    done
    for name in "${names[@]}"; do
        key=$(server_key "$name" "$mpm" "$pin")
        perl "$here/client.pl" keepalive "${PORT_OF[$key]}" /1k.bin 2 > /dev/null \
            || die "($name) GET /1k.bin was not answered 2xx (see ${SR_OF[$key]}/error_log)"
    done
    [ -n "${MEASURE_HOOK:-}" ] && "$MEASURE_HOOK" "$sec" "$mpm" "$pin"
    if [ "$smoke" = 0 ]; then
        for cell in "${cells[@]}"; do
            run_wrk "$(server_key "${cell%%|*}" "$mpm" "$pin")" "${cell#*|}" 1 "$conns" "$wt" "$pin" \
                "$RUN/wrk/warmup.txt"
        done
    fi
    local n=${#cells[@]}
    log "[$sec] measuring: $n cells x $ROUNDS rounds x $DURATION s = $((n * ROUNDS * DURATION)) s"
    for round in $(seq "$ROUNDS"); do
        # Each round starts at a different cell and every other round runs
        # backwards, so no configuration always follows the same neighbour
        # or sits at the same point of a round.
        for j in $(seq 0 $((n - 1))); do
            idx=$(( (j + (round - 1) * 4) % n ))
            [ $((round % 2)) = 0 ] && idx=$((n - 1 - idx))
            cell=${cells[$idx]}
            name=${cell%%|*}; path=${cell#*|}
            out=$(cell_file "$sec" "$name" "$path").$round.txt
            run_wrk "$(server_key "$name" "$mpm" "$pin")" "$path" "$DURATION" "$conns" "$wt" "$pin" "$out"
            parse_wrk "$out" >> "$(cell_file "$sec" "$name" "$path").dat"
        done
    done
    [ -n "${MEASURE_END_HOOK:-}" ] && "$MEASURE_END_HOOK" "$sec" "$mpm" "$pin"
    for name in "${names[@]}"; do
        stop_server "$(server_key "$name" "$mpm" "$pin")"
    done
    local mr mp lo hi req bad err cpu sc cs
    for cell in "${cells[@]}"; do
        name=${cell%%|*}; path=${cell#*|}
        read -r mr mp lo hi req bad err cpu sc cs < <(stats "$(cell_file "$sec" "$name" "$path").dat")
        key="$sec|$cell"
        MED[$key]=$mr; P99[$key]=$mp; CPU[$key]=$cpu; SYS[$key]=$sc; CSW[$key]=$cs
        SPREAD[$key]=$(awk -v lo="$lo" -v hi="$hi" -v m="$mr" 'BEGIN { printf "%.1f", (m > 0 ? (hi - lo) / m * 100 : 0) }')
        BAD[$key]=$((bad + err))
        # At more connections than workers, the event MPM closes idle
        # keep-alive connections while every worker is busy (bare httpd
        # too): wrk counts those as read errors.  MEASURE_READ_ERRORS_OK=1
        # reports them without calling them a problem.
        if [ "$req" -eq 0 ] || [ "$bad" -ne 0 ] || { [ "$err" -ne 0 ] && [ "${MEASURE_READ_ERRORS_OK:-0}" != 1 ]; }; then
            problems=$((problems + 1))
            log "[$sec] ($name) $path: $req requests, $bad non-2xx, $err socket errors"
        fi
    done
}

# The median of a[1..n] (sorted in place; 0 when n is 0), for the awk
# programs below.
AWK_MEDIAN='
    function median(a, n,    i, j, t, m) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
            if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        m = int((n + 1) / 2)
        return n == 0 ? 0 : (n % 2) ? a[m] : (a[m] + a[m + 1]) / 2
    }'

# stats DATFILE -> "median_rps median_p99 min_rps max_rps total_req bad err
#                   median_cpu_us/req median_syscalls/req median_ctxsw/req"
stats() {
    sort -n -k1,1 "$1" | awk "$AWK_MEDIAN"'
        { rps[NR] = $1; r[NR] = $1; p99[NR] = $2; req += $3; bad += $4; err += $5
          cpu[NR] = $6; sc[NR] = $7; cs[NR] = $8 }
        END {
            n = NR
            printf "%.1f %.3f %.1f %.1f %d %d %d %.2f %.2f %.2f\n", median(r, n), median(p99, n),
                   rps[1], rps[n], req, bad, err, median(cpu, n), median(sc, n), median(cs, n)
        }'
}

fmt_rps() { awk -v x="$1" 'BEGIN { printf "%.0f", x }'; }

# table SECTION BASE_NAME PATH [ALT_BASE] NAME...: one markdown table of
# the section's cells for PATH, with ratios to BASE_NAME's cell (and to
# ALT_BASE's, when it is not "-").
table() {
    local sec=$1 base=$2 path=$3 alt=$4 name k b a
    shift 4
    b="$sec|$base|$path"
    a="$sec|$alt|$path"
    if [ "$alt" = - ]; then
        echo "| config | | req/s | spread | p99 ms | vs ($base) | srv CPU us/req | CPU ratio | syscalls/req | ctx sw/req | errors |"
        echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    else
        echo "| config | | req/s | spread | p99 ms | vs ($base) | vs ($alt) | srv CPU us/req | CPU ratio vs ($base) | vs ($alt) | syscalls/req | ctx sw/req | errors |"
        echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    fi
    for name in "$@"; do
        k="$sec|$name|$path"
        [ -n "${MED[$k]:-}" ] || continue
        if [ "$alt" = - ]; then
            echo "| ($name) | ${DESC_OF[$name]} | $(fmt_rps "${MED[$k]}") | ${SPREAD[$k]}% | ${P99[$k]} | $(ratio "${MED[$k]}" "${MED[$b]}") | ${CPU[$k]} | $(ratio "${CPU[$b]}" "${CPU[$k]}") | ${SYS[$k]} | ${CSW[$k]} | ${BAD[$k]} |"
        else
            echo "| ($name) | ${DESC_OF[$name]} | $(fmt_rps "${MED[$k]}") | ${SPREAD[$k]}% | ${P99[$k]} | $(ratio "${MED[$k]}" "${MED[$b]}") | $(ratio "${MED[$k]}" "${MED[$a]}") | ${CPU[$k]} | $(ratio "${CPU[$b]}" "${CPU[$k]}") | $(ratio "${CPU[$a]}" "${CPU[$k]}") | ${SYS[$k]} | ${CSW[$k]} | ${BAD[$k]} |"
        fi
    done
}

# states_table SECTION BASE PATH NAME...: the section's runs of PATH split
# by scheduler state.  On a small machine an unpinned run falls into one of
# two states whose req/s differ by tens of percent whatever the
# configuration (bench/README.md, "Method"), so a median of a few runs
# picks a state by luck.  All the runs of the cells are pooled and split in
# two groups, where the squared spread inside them is least; when the
# groups' means differ by 15% or more, each configuration's median in each
# state is compared with BASE's median in the same state.  Prints nothing
# when the runs do not split.
states_table() {
    local sec=$1 base=$2 path=$3 name f
    shift 3
    for name in "$base" "$@"; do
        f="$(cell_file "$sec" "$name" "$path").dat"
        [ -s "$f" ] && awk -v n="$name" '{ print n, $1 }' "$f"
    done | awk -v base="$base" -v descs="$(for name in "$base" "$@"; do printf '%s\t%s\n' "$name" "${DESC_OF[$name]:-}"; done)" "$AWK_MEDIAN"'
        { cfg[NR] = $1; v[NR] = $2; all[NR] = $2
          if (!($1 in seen)) { seen[$1] = 1; order[++nc] = $1 } }
        END {
            n = NR
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
                if (all[j] < all[i]) { t = all[i]; all[i] = all[j]; all[j] = t }
            # The split that leaves the least squared spread inside the
            # two groups (exact two-means in one dimension); no split when
            # the groups'"'"' means are within 15% of each other.
            best = -1; cut = 0
            for (i = 1; i < n; i++) {
                s1 = q1 = s2 = q2 = 0
                for (j = 1; j <= i; j++) { s1 += all[j]; q1 += all[j] * all[j] }
                for (j = i + 1; j <= n; j++) { s2 += all[j]; q2 += all[j] * all[j] }
                w = (q1 - s1 * s1 / i) + (q2 - s2 * s2 / (n - i))
                if (best < 0 || w < best) { best = w; cut = (all[i] + all[i + 1]) / 2; m1 = s1 / i; m2 = s2 / (n - i) }
            }
            if (n < 4 || m1 <= 0 || m2 / m1 < 1.15) exit
            split(descs, dl, "\n")
            for (i in dl) { split(dl[i], p, "\t"); desc[p[1]] = p[2] }
            for (k = 1; k <= nc; k++) {
                c = order[k]; nl = nu = 0
                delete lo; delete up
                for (i = 1; i <= n; i++) if (cfg[i] == c) { if (v[i] < cut) lo[++nl] = v[i]; else up[++nu] = v[i] }
                ml[c] = median(lo, nl); mu[c] = median(up, nu); cl[c] = nl; cu[c] = nu
            }
            printf "The runs fall in two scheduler states (means %.0f and %.0f req/s), split at %.0f req/s:\n\n", m1, m2, cut
            print "| config | | lower state: median req/s (runs) | vs (" base ") | upper state: median req/s (runs) | vs (" base ") |"
            print "|---|---|---:|---:|---:|---:|"
            for (k = 1; k <= nc; k++) {
                c = order[k]
                rl = (c == base || !cl[c] || !cl[base]) ? "" : sprintf("%.3f", ml[c] / ml[base])
                ru = (c == base || !cu[c] || !cu[base]) ? "" : sprintf("%.3f", mu[c] / mu[base])
                printf "| (%s) | %s | %s | %s | %s | %s |\n", c, desc[c],
                       cl[c] ? sprintf("%.0f (%d)", ml[c], cl[c]) : "- (0)", rl,
                       cu[c] ? sprintf("%.0f (%d)", mu[c], cu[c]) : "- (0)", ru
            }
        }'
}
