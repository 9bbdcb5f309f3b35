#!/usr/bin/env bash
# tools/valgrind/run.sh: mod_isapi_filter under memcheck (make -f Makefile.apxs valgrind).
#
# Builds the module (without sanitizers) and a set of filters into a fresh
# run directory, starts `apache2 -X` under
#   valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite
#            --suppressions=tools/valgrind/apache2.supp ...
# with every filter loaded as a global filter (all events, raw data in
# both directions included; the IIS-style filters of t/iis, built with
# sdk/isapi-cc, bring the SDK runtime libisapiwin32.so), drives tools/valgrind/drive.pl's requests at it
# (keep-alive, pipelining, POST bodies, 401, 404, filter-answered and
# failing requests, raw rewriting in both directions, callbacks, client
# aborts), stops it with SIGTERM and reads valgrind's XML report.
#
# Fails (exit 1) when memcheck reports an error (invalid read/write, use of
# uninitialised memory, bad free...) or a definite leak with a frame in
# mod_isapi_filter.so, in one of the filters or in libisapiwin32.so, or
# when the server crashed
# or stopped answering.  Errors with no such frame are apache2/APR/libc
# noise: tools/valgrind/apache2.supp suppresses what is known; anything new is
# listed as "unattributed" (VG_STRICT=1 fails on those too).
#
# Knobs: VG_MPM (prefork; worker and event work too), VG_KEEP=1 (keep the
# run directory), VG_STRICT=1, VG_TMP (/tmp), VG_EXTRA_FILTERS (more filter
# sources to load, e.g. a canary that leaks, to see this script fail),
# APXS, HTTPD, CC.
# Runs as root (httpd drops to www-data) or as a normal user.
set -euo pipefail
export LC_ALL=C

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh" tools/valgrind/run.sh 2
find_httpd
CC=${CC:-cc}
VG_MPM=${VG_MPM:-prefork}
SUPP=$here/apache2.supp

need_tools valgrind perl "$HTTPD" "$APXS" "$CC" make
[ -f "$SUPP" ] || die "no suppressions file $SUPP"

new_run_dir valgrind "${VG_TMP:-/tmp}"
mkdir -p "$RUN/htdocs/private" "$RUN/htdocs/new" \
         "$RUN/htdocs/a-much-longer-prefix" "$RUN/htdocs/x" "$RUN/logs"
detect_root

VG_PID=
cleanup() {
    if [ -n "$VG_PID" ] && kill -0 "$VG_PID" 2>/dev/null; then
        kill -KILL "$VG_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# ---- build ---------------------------------------------------------------------
log "building the module (SANITIZE=0) and the filters; run directory $RUN"
build_module SANITIZE=0

# The filters, all global.  Ours is required; the others are used when the
# tree has them (the test filters are driven by request headers and do
# nothing unless asked, so they can share one server):
#   soak_passthru    every event incl. READ_RAW_DATA/SEND_RAW_DATA, AllocMem
#   replace_text     examples/: SEND_RAW_DATA rewriter (lengths change, re-chunks)
#   add_header       examples/: SEND_RESPONSE AddHeader
#   rawin_rewrite    READ_RAW_DATA rewriting, READ_NEXT, FINISHED
#   cb_status        every return code at every event (X-CB-Status)
#   cb_ssf           ServerSupportFunction, filter-sent heads (X-CB-SSF)
#   cb_vars          GetServerVariable size protocol (X-CB-Vars)
#   cb_alloc         AllocMem up to past the limit (X-CB-Alloc)
#   cb_eor           WriteClient at END_OF_REQUEST (X-CB-EOR)
#   cb_log           LOG rewriting (X-CB-Log)
#   cb_null          every callback with NULL / forged arguments
#   cb_inject        header splitting attempts
#   req_access_denied  ACCESS_DENIED, ADD_HEADERS_ON_DENIAL (X-Test-Op)
FILTERS=(
    "$top/tools/soak/filters/soak_passthru.c"
    "$top/examples/replace_text.c"
    "$top/examples/add_header.c"
    "$top/t/filters/rawin_rewrite.c"
    "$top/t/filters/cb_status.c"
    "$top/t/filters/cb_ssf.c"
    "$top/t/filters/cb_vars.c"
    "$top/t/filters/cb_alloc.c"
    "$top/t/filters/cb_eor.c"
    "$top/t/filters/cb_log.c"
    "$top/t/filters/cb_null.c"
    "$top/t/filters/cb_inject.c"
    "$top/t/filters/req_access_denied.c"
    ${VG_EXTRA_FILTERS:-}
)
FILTER_CFLAGS=(-shared -fPIC -g -O1 -fno-omit-frame-pointer -Wall -Wextra)
LOADED=()
MISSING=()
for src in "${FILTERS[@]}"; do
    name=$(basename "$src" .c)
    if [ ! -f "$src" ]; then
        MISSING+=("${src#$top/}")
        continue
    fi
    build_filter "$name.so" "$src"
    LOADED+=("$name")
done
[ -f "$RUN/lib/soak_passthru.so" ] || die "tools/soak/filters/soak_passthru.c is required"

# IIS-style filters (t/iis/NAME/), built as users build theirs, with
# sdk/isapi-cc from every .c, .cpp and .def of the folder, so that the SDK
# runtime and the module's side of it (DllMain, the host attach,
# WindowsPaths, the filters' threads, the registry and INI files) run
# under memcheck too:
#   AuthIni   Basic credentials against the INI beside the DLL, registry
#             settings from t/iis/AuthIni/AuthIni.reg, a worker thread
#             logging to c:\Temp\AuthIni.log below ISAPIFilterWindowsRoot
#   UpCase    WindowsPaths: drops \UC\ from the mapped path, upper-cases
#             the body (SEND_RAW_DATA)
#   HitCount  C++: per-URL counts in a std::map (PREPROC_HEADERS)
# The runtime (libisapiwin32.so.1) is built without sanitizers and copied
# into $RUN/lib, which the DLLs' RUNPATH names first: what memcheck
# reports in it is attributed to the project like the rest of $RUN/lib.
IIS_FILTERS=(AuthIni UpCase HitCount)
IIS_LOADED=()
log "building the SDK runtime (SANITIZE=0) and the IIS-style filters with sdk/isapi-cc"
make --no-print-directory -C "$top" -f Makefile.apxs SANITIZE=0 sdk \
    >> "$RUN/build.log" 2>&1 || build_failed "SDK runtime build failed"
cp "$top/sdk/lib/libisapiwin32.so.1" "$RUN/lib/"
for name in "${IIS_FILTERS[@]}"; do
    dir=$top/t/iis/$name
    srcs=()
    for f in "$dir"/*.c "$dir"/*.cpp "$dir"/*.def; do
        [ -f "$f" ] && srcs+=("$f")
    done
    if [ ${#srcs[@]} -eq 0 ]; then
        MISSING+=("t/iis/$name")
        continue
    fi
    CC=$CC perl "$top/sdk/isapi-cc" -o "$RUN/lib/$name.dll" \
        "-Wl,-rpath,$RUN/lib" "${srcs[@]}" >> "$RUN/build.log" 2>&1 \
        || build_failed "t/iis/$name did not build with sdk/isapi-cc"
    IIS_LOADED+=("$name")
done
# The Windows root: c:\Temp for AuthIni's log, written by the workers.
mkdir -p "$RUN/winroot/c/temp"
[ "$AS_ROOT" = 1 ] && chown "$RUN_USER" "$RUN/winroot/c/temp"
# AuthIni reads the INI with its own name beside the DLL (found in any
# case): the committed one plus the user drive.pl authenticates as, so
# that AuthIni and mod_auth_basic agree on who gets in.
if [ -f "$RUN/lib/AuthIni.dll" ]; then
    cp "$top/t/iis/AuthIni/authini.INI" "$RUN/lib/authini.INI"
    printf 'vguser=vgpass\r\n' >> "$RUN/lib/authini.INI"
fi
chmod 755 "$RUN/lib" "$RUN/lib"/*.so "$RUN/lib"/*.so.1
[ ${#IIS_LOADED[@]} -eq 0 ] || chmod 755 "$RUN/lib"/*.dll
chmod -R a+rX "$RUN/lib" "$RUN/winroot"

# ---- content -------------------------------------------------------------------------
echo '<html><body><p>index</p></body></html>' > "$RUN/htdocs/index.html"
for d in private new a-much-longer-prefix x; do
    echo "<html><body><p>$d</p></body></html>" > "$RUN/htdocs/$d/index.html"
done
echo '<html><body><p>Served by Microsoft-IIS/10.0</p></body></html>' > "$RUN/htdocs/iis.html"
# For UpCase: /UC/uc-test.txt is served from uc-test.txt, upper-cased.
echo 'upcase me, memcheck' > "$RUN/htdocs/uc-test.txt"
# For HitCount: URLs no other scenario asks for, so their counts are known.
for f in hits hits-a hits-b hits-c; do
    echo "<html><body><p>$f</p></body></html>" > "$RUN/htdocs/$f.html"
done
perl -e 'print "<html><body>\n";
         print "<p>line $_ Microsoft-IIS lorem ipsum dolor sit amet Microsoft-</p>\n" for 1 .. 9000;
         print "</body></html>\n"' > "$RUN/htdocs/big-iis.html"
head -c 100000 /dev/urandom > "$RUN/htdocs/bin.dat"
if command -v htpasswd >/dev/null; then
    htpasswd -cbm "$RUN/htpasswd" vguser vgpass 2>/dev/null
else
    perl -e 'print "vguser:", crypt("vgpass", "vg"), "\n"' > "$RUN/htpasswd"
fi
chmod -R a+rX "$RUN/htdocs" "$RUN/htpasswd"
[ "$AS_ROOT" = 1 ] && chown "$RUN_USER" "$RUN/logs"

# ---- configuration -------------------------------------------------------------------
alloc_port
{
    conf_preamble --logs "$RUN/logs" --log-level "info isapi_filter:trace5" \
        "$RUN" "$PORT" "$VG_MPM" authz_core authz_user authn_core authn_file auth_basic \
        mime dir '?log_config' '?status'
    cat <<EOF
# Hand freed pool memory back to malloc at once, so that memcheck sees a
# use of a cleared or destroyed pool's memory.
MaxMemFree 1
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 5
Timeout 60
LogFormat "%h %u %m %U %q %>s %B" isf
CustomLog "$RUN/logs/access_log" isf
AddType application/octet-stream .dat
DirectoryIndex index.html
EOF
    conf_htdocs "$RUN/htdocs"
    cat <<EOF
<Directory "$RUN/htdocs/private">
    AuthType Basic
    AuthName "valgrind"
    AuthBasicProvider file
    AuthUserFile "$RUN/htpasswd"
    Require valid-user
</Directory>
LoadModule isapi_filter_module $RUN/lib/mod_isapi_filter.so
EOF
    # The Windows root and the registry file come before the filters
    # they serve.
    if [ ${#IIS_LOADED[@]} -gt 0 ]; then
        echo "ISAPIFilterWindowsRoot $RUN/winroot"
        echo "ISAPIFilterRegistry $top/t/iis/AuthIni/AuthIni.reg"
    fi
    for name in "${LOADED[@]}"; do
        echo "ISAPIFilter $RUN/lib/$name.so"
    done
    for name in ${IIS_LOADED[@]+"${IIS_LOADED[@]}"}; do
        case $name in
        UpCase) echo "ISAPIFilter $RUN/lib/$name.dll WindowsPaths" ;;
        *)      echo "ISAPIFilter $RUN/lib/$name.dll" ;;
        esac
    done
    # The status page (its three views, and mod_status's section) and a
    # per-URL setting: what they read and build is checked too.
    cat <<EOF
<Location /isapi-status>
    SetHandler isapi-filter-status
</Location>
<IfModule status_module>
<Location /server-status>
    SetHandler server-status
</Location>
</IfModule>
<If "%{QUERY_STRING} == 'nofilters'">
    ISAPIFilterEngine Off
</If>
EOF
} > "$RUN/httpd.conf"
httpd_configtest "$RUN" || die "configuration test failed"

# ---- run -------------------------------------------------------------------------------
VG_ARGS=(--tool=memcheck --leak-check=full --show-leak-kinds=definite
         --errors-for-leak-kinds=definite --track-origins=yes --num-callers=40
         --keep-debuginfo=yes --vgdb=no --child-silent-after-fork=yes
         --suppressions="$SUPP" --gen-suppressions=all
         --xml=yes --xml-file="$RUN/valgrind.xml" --log-file="$RUN/valgrind.log")
log "valgrind ${VG_ARGS[*]} $HTTPD -X -d $RUN -f $RUN/httpd.conf"
valgrind "${VG_ARGS[@]}" "$HTTPD" -X -d "$RUN" -f "$RUN/httpd.conf" \
    > "$RUN/httpd.stdout" 2>&1 &
VG_PID=$!
wait_listening "$PORT" "$VG_PID" 600 0.2 \
    || { tail -n 30 "$RUN/logs/error_log" "$RUN/valgrind.log" >&2 2>/dev/null; die "httpd did not come up under valgrind"; }
log "httpd (pid $VG_PID) listens on 127.0.0.1:$PORT; driving requests"
drive_rc=0
perl "$here/drive.pl" "$PORT" | tee "$RUN/drive.log" || drive_rc=$?
log "stopping httpd"
stopped=0
# The last connection's lingering close and cleanups finish first: a
# SIGTERM landing in them runs the child's exit inside the signal handler
# (prefork's just_die), where a lock the interrupted code holds can hang.
sleep 2
if stop_pid "$VG_PID" 600; then
    stopped=1
else
    # Once in six CI runs the server outlived its SIGTERM: record where
    # its threads wait, then ask again.
    { echo "not stopped 60 s after SIGTERM; its threads:"
      ps -L -o pid,lwp,stat,wchan:32,comm -p "$VG_PID"
      cat /proc/"$VG_PID"/task/*/stack; } > "$RUN/stop-hang.txt" 2>&1
    log "httpd outlived SIGTERM (see $RUN/stop-hang.txt); sending another"
    stop_pid "$VG_PID" 600 && stopped=1
fi
vg_rc=0
if [ "$stopped" = 1 ]; then
    wait "$VG_PID" || vg_rc=$?
    VG_PID=
fi

# ---- report --------------------------------------------------------------------------------
# Errors and definite leaks from valgrind.xml: attributable when a frame's
# object is one of ours: what $RUN/lib holds (the module, the filters, the
# IIS-style DLLs and the SDK runtime libisapiwin32.so).
perl -e '
    my ($xml, $lib, $out) = @ARGV;
    # Ours: the module, the filters and the SDK runtime in $RUN/lib, and
    # the runtime by name should a DLL have found another copy.
    my $ours = qr{^\Q$lib\E/|/libisapiwin32\.so(?:\.\d+)*$};
    local $/; open my $fh, "<", $xml or die "no $xml\n"; my $x = <$fh>;
    my (@ours, @other);
    while ($x =~ m{<error>(.*?)</error>}sg) {
        my $e = $1;
        my ($kind) = $e =~ m{<kind>(.*?)</kind>};
        my ($what) = $e =~ m{<what>(.*?)</what>}s;
        ($what) = $e =~ m{<xwhat>\s*<text>(.*?)</text>}s unless defined $what;
        my ($stack) = $e =~ m{<stack>(.*?)</stack>}s;
        my (@frames, $mine);
        while (($stack // "") =~ m{<frame>(.*?)</frame>}sg) {
            my $f = $1;
            my %f = map { my ($v) = $f =~ m{<$_>(.*?)</$_>}s; ($_ => $v) } qw(ip obj fn dir file line);
            $mine = 1 if ($f{obj} // "") =~ $ours;
            my $where = $f{file} ? "$f{file}:$f{line}" : ($f{obj} // "?");
            $where = "$f{dir}/$where" if $f{file} && $f{dir} && $f{dir} =~ m{/(bridge|filters|examples|soak|sdk|iis)\b};
            push @frames, sprintf "    %s (%s)", $f{fn} // "???", $where;
        }
        my ($aux) = $e =~ m{<auxwhat>(.*?)</auxwhat>}s;
        my $txt = "$kind: $what\n" . join("\n", @frames[0 .. ($#frames < 15 ? $#frames : 15)]) . "\n";
        if ($e =~ m{<stack>.*?</stack>.*?<auxwhat>}s) {
            my @st = $e =~ m{<stack>(.*?)</stack>}sg;
            if (@st > 1) {
                my @f2;
                while ($st[1] =~ m{<frame>(.*?)</frame>}sg) {
                    my $f = $1;
                    my %f = map { my ($v) = $f =~ m{<$_>(.*?)</$_>}s; ($_ => $v) } qw(obj fn file line);
                    $mine = 1 if ($f{obj} // "") =~ $ours;
                    push @f2, sprintf "    %s (%s)", $f{fn} // "???", $f{file} ? "$f{file}:$f{line}" : ($f{obj} // "?");
                }
                $txt .= "  $aux\n" . join("\n", @f2[0 .. ($#f2 < 10 ? $#f2 : 10)]) . "\n";
            }
        }
        if ($mine) { push @ours, $txt } else { push @other, $txt }
    }
    my @supp = $x =~ m{<pair>\s*<count>(\d+)</count>\s*<name>(.*?)</name>\s*</pair>}sg;
    open my $o, ">", $out or die;
    printf $o "ATTRIBUTABLE %d\nUNATTRIBUTED %d\n", scalar @ours, scalar @other;
    print $o "---- errors and definite leaks in mod_isapi_filter.so, a filter or libisapiwin32.so ----\n", @ours if @ours;
    print $o "---- unsuppressed errors outside them (apache2/APR/libc; add to tools/valgrind/apache2.supp if noise) ----\n", @other if @other;
    if (@supp) {
        print $o "---- suppressed (count name) ----\n";
        while (@supp) { my ($c, $n) = splice @supp, 0, 2; print $o "    $c $n\n" }
    }
' "$RUN/valgrind.xml" "$RUN/lib" "$RUN/findings.txt" || die "could not read $RUN/valgrind.xml"

ours=$(sed -n 's/^ATTRIBUTABLE //p' "$RUN/findings.txt")
other=$(sed -n 's/^UNATTRIBUTED //p' "$RUN/findings.txt")
crashes=$(grep -cE 'exit signal|AH00052|Segmentation' "$RUN/logs/error_log" 2>/dev/null || true)
echo
echo "==== valgrind memcheck: mod_isapi_filter ($VG_MPM MPM, apache2 -X) ===="
echo "filters loaded: ${LOADED[*]} ${IIS_LOADED[*]+${IIS_LOADED[*]/%/.dll}}"
[ ${#MISSING[@]} -eq 0 ] || echo "filters not in the tree (skipped): ${MISSING[*]}"
echo "requests: $(grep -c '^ok ' "$RUN/drive.log" || true) scenarios ok, $(grep -c '^note ' "$RUN/drive.log" || true) with notes (see drive.log), driver exit $drive_rc"
echo "server: $([ "$stopped" = 1 ] && echo "stopped, exit $vg_rc" || echo 'DID NOT STOP (killed)'); crash lines in error_log: ${crashes:-0}"
[ -f "$RUN/stop-hang.txt" ] && echo "server: outlived its first SIGTERM; where it waited: $RUN/stop-hang.txt"
if [ ${#IIS_LOADED[@]} -gt 0 ]; then
    # AuthIni's worker thread appends a line per request to c:\Temp\AuthIni.log.
    authini_log=$(find "$RUN/winroot/c" -iname authini.log 2>/dev/null | head -1)
    echo "AuthIni worker thread: $( [ -n "$authini_log" ] && wc -l < "$authini_log" || echo 0) line(s) in c:\Temp\AuthIni.log"
fi
echo "errors / definite leaks in the module, filters or SDK runtime: $ours; unattributed unsuppressed: $other"
sed -n '3,$p' "$RUN/findings.txt"
fail=0
[ "$ours" -eq 0 ] || fail=1
[ "$drive_rc" -eq 0 ] || fail=1
[ "$stopped" = 1 ] || fail=1
[ "${crashes:-0}" -eq 0 ] || fail=1
[ "${VG_STRICT:-0}" != 1 ] || [ "$other" -eq 0 ] || fail=1
if [ "$fail" = 0 ] && [ "${VG_KEEP:-0}" != 1 ]; then
    rm -rf "$RUN"
    echo "PASS"
else
    echo "$([ "$fail" = 0 ] && echo PASS || echo FAIL); run directory kept: $RUN (valgrind.xml, logs/error_log, drive.log)"
fi
exit $fail
