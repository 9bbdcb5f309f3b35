#!/bin/sh
# fuzz/run.sh: build the libFuzzer targets of the bridge's core and run
# each for FUZZ_SECONDS.  Needs clang with libFuzzer and the sanitizer
# runtimes (Debian: clang libclang-rt-14-dev) and the APR development
# headers; never httpd.
#
#   fuzz/run.sh [target...]       all targets (fuzz/*.c) when none given
#
#   FUZZ_CC        compiler (default clang)
#   FUZZ_SECONDS   seconds per target (default 30); 0 runs the seed corpus
#                  once (a regression check) instead of fuzzing
#   FUZZ_ARGS      extra libFuzzer flags, e.g. "-jobs=2 -workers=2"
#   FUZZ_BUILD_ONLY=1  build and stop
#
# Binaries go to fuzz/build/ (git-ignored).  Each run works on a copy of
# fuzz/corpus/<target>/ in a temporary directory, so the seeds in the
# repository never grow; a crash, leak or UB report is copied to
# fuzz/build/artifacts/ and makes the script exit non-zero after all
# targets ran.  Targets built by one run.sh are not shared with another
# running at the same time unless both build the same targets.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
FUZZ_ARGS=${FUZZ_ARGS:-}
FUZZ_BUILD_ONLY=${FUZZ_BUILD_ONLY:-0}
build=fuzz/build
core="$(echo bridge/core/*.c) sdk/runtime/lasterror.c"  # the core, as the module builds it

# Inputs longer than this say nothing new about each target.
max_len() {
    case $1 in
        hdr_name_value) echo 256 ;;
        hdr_block)      echo 2048 ;;
        basic_auth)     echo 512 ;;
        normalize_url)  echo 1024 ;;
        status_parse)   echo 256 ;;
        copy_out)       echo 512 ;;
        all_http_raw)   echo 2048 ;;
        raw_window)     echo 1024 ;;
        url_map_path)   echo 8192 ;;
        *)              echo 1024 ;;
    esac
}

if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(for f in fuzz/*.c; do basename "$f" .c; done)
fi

apr_cflags="$(apr-1-config --cflags --cppflags --includes) $(apu-1-config --includes)"
apr_libs="$(apr-1-config --link-ld) $(apu-1-config --link-ld)"
cflags="-g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror \
-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"

mkdir -p "$build/artifacts"
for t in $targets; do
    [ -f "fuzz/$t.c" ] || { echo "run.sh: no target fuzz/$t.c" >&2; exit 2; }
    echo "build $build/$t"
    # Word splitting of the flag variables is intended.
    # shellcheck disable=SC2086
    $FUZZ_CC $cflags $apr_cflags -I bridge -I sdk/include \
        -o "$build/$t" "fuzz/$t.c" $core $apr_libs
done
[ "$FUZZ_BUILD_ONLY" = 1 ] && exit 0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/isf-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=""
summary=""
for t in $targets; do
    mkdir -p "$tmp/$t/corpus" "$tmp/$t/artifacts"
    if [ -d "fuzz/corpus/$t" ]; then
        cp -R "fuzz/corpus/$t/." "$tmp/$t/corpus/"
    fi
    if [ "$FUZZ_SECONDS" -gt 0 ]; then
        mode="-max_total_time=$FUZZ_SECONDS"
    else
        mode="-runs=0"
    fi
    log="$build/$t.log"
    echo "run $t ($mode, -max_len=$(max_len "$t")); log in $log"
    start=$(date +%s)
    rc=0
    # shellcheck disable=SC2086
    "$build/$t" $mode -max_len="$(max_len "$t")" -print_final_stats=1 \
        -artifact_prefix="$tmp/$t/artifacts/" $FUZZ_ARGS \
        "$tmp/$t/corpus" > "$log" 2>&1 || rc=$?
    secs=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    corpus=$(find "$tmp/$t/corpus" -type f | wc -l)
    if [ "$rc" -ne 0 ] || grep -q -e 'ERROR: AddressSanitizer' \
            -e 'ERROR: LeakSanitizer' -e 'runtime error:' \
            -e 'contract broken' "$log"; then
        failed="$failed $t"
        status=FAIL
        for a in "$tmp/$t/artifacts"/*; do
            [ -e "$a" ] || continue
            cp "$a" "$build/artifacts/$t-$(basename "$a")"
            echo "  artifact: $build/artifacts/$t-$(basename "$a")"
        done
        grep -m 5 -e 'ERROR:' -e 'runtime error:' -e 'contract broken' \
            "$log" | sed 's/^/  /' || true
    else
        status=ok
    fi
    line=$(printf '%-16s %-4s %12s execs %6ss  corpus %s' \
        "$t" "$status" "${execs:-?}" "$secs" "$corpus")
    echo "$line"
    summary="$summary$line
"
done

echo
echo "fuzz summary (FUZZ_SECONDS=$FUZZ_SECONDS):"
printf '%s' "$summary"
if [ -n "$failed" ]; then
    echo "FAILED:$failed (logs in $build/, reproduce: $build/<target> <artifact>)" >&2
    exit 1
fi
