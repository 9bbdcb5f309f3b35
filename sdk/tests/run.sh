#!/bin/sh
# run.sh: tests of sdk/isapi-cc, the filter compiler driver, in TAP (prove
# sdk/tests/run.sh works too).  Builds the fixture trees under
# sdk/tests/fixtures into a scratch directory and checks what isapi-cc
# promises: mixed-case and backslash includes, MSVC defines, .def and
# __declspec(dllexport) exports (exactly those, checked with nm -D),
# C++ that needs -fpermissive, labelled 64-bit hazards, a clear message
# for a Win32 function the SDK lacks, Visual Studio projects, -c/-E, C++
# static objects built and destroyed by DllMain, and
# that each filter dlopens (with python3's ctypes, or a C loader built
# here when python3 is missing).
# Needs sdk/lib/libisapiwin32.so (make -f Makefile.apxs sdk).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
ISAPI_CC=$top/sdk/isapi-cc
fx=$top/sdk/tests/fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/isapi-cc-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

test -f "$top/sdk/lib/libisapiwin32.so" || {
    echo "1..0 # SKIP sdk/lib/libisapiwin32.so is missing (make -f Makefile.apxs sdk)"
    exit 0
}

n=0
failed=0
ok() {    # ok STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"
    else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
diag() { sed 's/^/# /' "$@" >&2; }
# ok_diag STATUS LOG DESCRIPTION: ok, and LOG shown when it failed.
ok_diag() {
    ok "$1" "$3"
    [ "$1" -eq 0 ] || diag "$2"
}
# contains FILE FIXED-STRING
contains() { grep -F -q -- "$2" "$1"; }

# exports SO: the dynamic symbols SO defines, sorted, one per line.
exports() { nm -D --defined-only "$1" | awk '{ print $3 }' | sort; }

# same_exports SO NAME...: SO exports exactly NAME...
same_exports() {
    so=$1; shift
    printf '%s\n' "$@" | sort > "$work/want"
    exports "$so" > "$work/got"
    if cmp -s "$work/want" "$work/got"; then return 0; fi
    echo "# want:" >&2; diag "$work/want"; echo "# got:" >&2; diag "$work/got"
    return 1
}

# call SO FUNCTION: dlopen SO and print FUNCTION()'s int result.
if command -v python3 >/dev/null 2>&1 &&
   python3 -c 'import ctypes' >/dev/null 2>&1; then
    call() {
        python3 -c 'import ctypes, sys
print(getattr(ctypes.CDLL(sys.argv[1]), sys.argv[2])())' "$1" "$2"
    }
else
    cat > "$work/loader.c" <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    int (*f)(void);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    *(void **)&f = dlsym(h, argv[2]);
    if (!f) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    printf("%d\n", f());
    return 0;
}
EOF
    ${CC:-cc} -o "$work/loader" "$work/loader.c" -ldl || exit 1
    call() { "$work/loader" "$1" "$2"; }
fi

# isapicc LOG ARGS...: run isapi-cc, stdout+stderr in LOG, return its status.
isapicc() {
    log=$1; shift
    "$ISAPI_CC" "$@" > "$log" 2>&1
}

# ---- The basic filter: C and C++, .def, dllexport, includes, hazards ----

cd "$fx/basic" || exit 1
so=$work/basic.so
isapicc "$work/basic.log" -v -o "$so" Filter.c Extra.cpp filter.def
st=$?
ok_diag $st "$work/basic.log" 'basic: Filter.c + Extra.cpp + filter.def build'

# Exactly: the filter entry points (DllMain without a .def line), the
# dllexport function, the .def alias and DATA entry, the PRIVATE one.
same_exports "$so" DllMain GetFilterVersion HttpFilterProc TerminateFilter \
    FilterStats GetFilterStatsEx g_FilterVersion
ok $? 'basic: exports exactly the entry points, .def names and dllexport'

! exports "$so" | grep -q -x -e ExtraCount -e basic_helper
ok $? 'basic: an alias target and a plain function stay hidden'

[ "$(call "$so" GetFilterStatsEx 2>&1)" = 23 ]
ok $? 'basic: dlopens; the .def alias GetFilterStatsEx runs ExtraCount (C++)'

[ "$(call "$so" FilterStats 2>&1)" = 1239 ]
ok $? 'basic: dllexport FilterStats uses "Sub\Util.H" (sub/Util.h) and GetLastError'

contains "$work/basic.log" 'include map: "Sub\Util.H" -> '"$fx/basic/sub/Util.h"
ok $? 'include map: "Sub\Util.H" (backslash and case) is sub/Util.h'
contains "$work/basic.log" 'include map: "stdafx.h" -> '"$fx/basic/StdAfx.h"
ok $? 'include map: "stdafx.h" is StdAfx.h'
contains "$work/basic.log" 'include map: "Windows.h" -> '"$top/sdk/include/windows.h"
ok $? 'include map: <Windows.h> is the SDK windows.h'
contains "$work/basic.log" 'include map: "..\StdAfx.h" -> '"$fx/basic/StdAfx.h"
ok $? 'include map: "..\StdAfx.h" from sub/ is StdAfx.h'
! grep -q 'include map: "string' "$work/basic.log"
ok $? 'include map: system headers are not wrapped'

grep -A4 'Wpointer-to-int-cast\]' "$work/basic.log" |
    grep -q '^isapi-cc: 64-bit hazard: pointer truncated to 32 bits'
ok $? 'hazard: (DWORD)pointer is labelled "pointer truncated to 32 bits"'
grep -A4 'Wsizeof-pointer-memaccess' "$work/basic.log" |
    grep -q '^isapi-cc: 64-bit hazard: sizeof of a pointer used as a buffer size'
ok $? 'hazard: memset(p, 0, sizeof(p)) is labelled "sizeof of a pointer"'
# g++: a -fpermissive warning; clang++: a -Wmicrosoft-extra-qualification one.
grep -q "warning: extra qualification .*\[-f*permissive\]" "$work/basic.log" ||
    grep -q "warning: extra qualification .*\[-Wmicrosoft-extra-qualification\]" "$work/basic.log"
ok $? 'C++: the MSVC extra qualification is only a warning'

# Without isapi-cc's -fpermissive, g++ rejects Extra.cpp: the fixture does
# test what it claims to.
! LC_ALL=C ${CXX:-c++} -fshort-wchar -I "$top/sdk/include" -fsyntax-only \
    "$fx/basic/Extra.cpp" > "$work/plain.log" 2>&1 &&
    grep -q "error: extra qualification" "$work/plain.log"
ok $? 'C++: plain g++ rejects Extra.cpp for the extra qualification'

# ---- The Visual Studio DLL template: a C++ DllMain, LEGACY.C, x86 .def ----

cd "$fx/vstemplate" || exit 1
isapicc "$work/tmpl.log" -v -o "$work/tmpl.so" dllmain.cpp LEGACY.C Template.def
st=$?
ok_diag $st "$work/tmpl.log" 'template: dllmain.cpp + LEGACY.C + Template.def build'
same_exports "$work/tmpl.so" DllMain LegacyValue TemplateReason
ok $? 'template: C++ DllMain exported as DllMain; _LegacyValue@0 as LegacyValue'
[ "$(call "$work/tmpl.so" LegacyValue 2>&1)" = 7 ]
ok $? 'template: LEGACY.C is compiled as C (an int named "new")'
if ! command -v python3 >/dev/null 2>&1; then
    ok 0 'template: dlsym("DllMain") runs the C++ DllMain # SKIP no python3'
else
python3 -c 'import ctypes, sys
l = ctypes.CDLL(sys.argv[1])
before = l.TemplateReason()
sys.exit(not (before == -1 and l.DllMain(None, 1, None) == 1 and l.TemplateReason() == 1))' \
    "$work/tmpl.so" 2>/dev/null
ok $? 'template: dlsym("DllMain") runs the C++ DllMain'
fi
contains "$work/tmpl.log" 'include map: "Stdio.h" -> ' &&
    contains "$work/tmpl.log" 'include map: "SDKDDKVer.h" -> '"$fx/vstemplate/sdkddkver.h" &&
    contains "$work/tmpl.log" 'include map: "targetver.h" -> '"$fx/vstemplate/TargetVer.h"
ok $? 'template: <Stdio.h>, <SDKDDKVer.h> and "targetver.h" found in another case'
contains "$work/tmpl.log" 'does not define GetFilterVersion and HttpFilterProc'
ok $? 'template: warns that a library without GetFilterVersion is not a filter'

# ---- MSVC C __inline: one copy per DLL, inlined or not ----

cd "$fx/inline" || exit 1
isapicc "$work/inline.log" -O0 -o "$work/inline.so" One.c Two.c
st=$?
ok_diag $st "$work/inline.log" '__inline: a header'"'"'s non-static __inline in two objects links at -O0'
[ "$(call "$work/inline.so" InlineOne 2>&1)" = 24 ] &&
    [ "$(call "$work/inline.so" InlineTwo 2>&1)" = 42 ]
ok $? '__inline: and the functions work'
same_exports "$work/inline.so" InlineOne InlineTwo
ok $? '__inline: the inline functions are not exported'

# ---- Every kind of 64-bit hazard, each labelled after its warning ----

isapicc "$work/hz.log" -o "$work/hz.so" "$fx/hazards/Hazards.c"
ok $? 'hazards: only warnings, the build succeeds'
bad=0
for pair in 'Wsizeof-array-argument:sizeof of an array parameter' \
            'Wint-conversion:pointer truncated to 32 bits' \
            'Wint-to-(void-)?pointer-cast:a 32-bit integer becomes a pointer' \
            'Wsizeof-pointer-div:sizeof of a pointer divided'; do
    grep -E -A4 "${pair%%:*}\\]" "$work/hz.log" |
        grep -q "^isapi-cc: 64-bit hazard: ${pair#*:}" ||
        { echo "# no label after -${pair%%:*}" >&2; bad=1; }
done
ok $bad 'hazards: array parameter, implicit conversion, int-to-pointer, sizeof division'

# ---- C++ in a pointer-to-DWORD cast: the -fpermissive "loses precision" ----

cat > "$work/Cast.cpp" <<'EOF'
#include <windows.h>
extern "C" __declspec(dllexport) DWORD WINAPI Cookie(void *p)
{
    return (DWORD)p;
}
EOF
isapicc "$work/cast.log" -o "$work/cast.so" "$work/Cast.cpp"
st=$?
ok $st 'C++ hazard: builds despite the truncating cast'
grep -A4 -e 'loses precision' -e 'Wvoid-pointer-to-int-cast' "$work/cast.log" |
    grep -q '^isapi-cc: 64-bit hazard: pointer truncated to 32 bits'
ok $? 'C++ hazard: "loses precision" is labelled "pointer truncated"'
same_exports "$work/cast.so" Cookie DllMain
ok $? 'C++ hazard: extern "C" __declspec(dllexport) is exported'

# ---- The MSVC defines, and the C++ standard headers with them ----

printf 'int msc = _MSC_VER, win64 = _WIN64;\n#include <Windows.h>\n' > "$work/Pre.c"
isapicc "$work/defines.log" -E "$work/Pre.c" -o "$work/Pre.i"
ok $? '-E: preprocesses (to -o)'
contains "$work/Pre.i" 'int msc = 1600, win64 = 1;' &&
    contains "$work/Pre.i" "$top/sdk/include/windows.h"
ok $? '-E: the MSVC defines are expanded, <Windows.h> found'
"$ISAPI_CC" -E "$work/Pre.c" 2>/dev/null | grep -q 'int msc = 1600'
ok $? '-E: without -o, to stdout'

cat > "$work/Defs.c" <<'EOF'
#if defined(_WIN32) && defined(WIN32) && defined(_WIN64) && defined(_WINDOWS) \
    && defined(_WINDLL) && defined(_USRDLL) && _MSC_VER == 1600 \
    && _MSC_FULL_VER == 160040219 && defined(_M_X64) && defined(_M_AMD64) \
    && __ISAPI_CC__ == 1
int all_defined = 1;
#else
#error "a define is missing"
#endif
#ifndef ISAPI_WIN_CRT_H
#error "isapi/win_crt.h is not force-included"
#endif
int wchar_is_16_bits[sizeof(L"ab") == 6 ? 1 : -1];
EOF
isapicc "$work/defs.log" -c -o "$work/Defs.o" "$work/Defs.c"
st=$?
ok_diag $st "$work/defs.log" '-c: the MSVC defines, win_crt.h and 16-bit L"" are there'
test -f "$work/Defs.o"
ok $? '-c: writes the object'

cat > "$work/Std.cpp" <<'EOF'
#include <string>
#include <vector>
#include <map>
#include <iostream>
#include <fstream>
#include <sstream>
#include <algorithm>
#include <cstdio>
#include <windows.h>
extern "C" __declspec(dllexport) int StdCheck(void)
{
    std::map<std::string, std::vector<int> > m;
    m["a"].push_back(3);
    m["a"].push_back(1);
    std::sort(m["a"].begin(), m["a"].end());
    std::ostringstream o;
    o << m["a"][0] << m["a"][1];
    std::ifstream f("/nonexistent");
    return std::atoi(o.str().c_str()) + (f ? 1000 : 0);
}
EOF
isapicc "$work/std.log" -o "$work/std.so" "$work/Std.cpp"
st=$?
ok_diag $st "$work/std.log" 'C++: libstdc++ headers compile with the MSVC defines'
[ "$(call "$work/std.so" StdCheck 2>&1)" = 13 ]
ok $? 'C++: and work (loaded with libstdc++)'

# Objects compiled with -c link like sources; the .def still applies.
isapicc "$work/c.log" -c -o "$work/Filter.o" "$fx/basic/Filter.c" &&
    isapicc "$work/c2.log" -c -o "$work/Extra.o" "$fx/basic/Extra.cpp" &&
    isapicc "$work/objs.log" -o "$work/objs.so" "$work/Filter.o" "$work/Extra.o" \
        "$fx/basic/filter.def"
ok $? '-c then link: objects and a .def build a filter'
same_exports "$work/objs.so" DllMain GetFilterVersion HttpFilterProc \
    TerminateFilter FilterStats GetFilterStatsEx g_FilterVersion
ok $? '-c then link: same exports as from the sources'

# ---- Failures ----

! isapicc "$work/missing.log" -o "$work/missing.so" "$fx/missing/Missing.c"
ok $? 'missing Win32 function: non-zero exit'
contains "$work/missing.log" "isapi-cc: $work/missing.so: GetSystemMetrics is not provided by the mod_isapi_filter SDK (README, \"Porting a filter from IIS\")"
ok $? 'missing Win32 function: GetSystemMetrics named in one clear line'
[ "$(grep -c 'is not provided by' "$work/missing.log")" -eq 1 ]
ok $? 'missing Win32 function: only GetSystemMetrics is named'
test ! -e "$work/missing.so"
ok $? 'missing Win32 function: no output left behind'

! isapicc "$work/undef.log" -o "$work/undef.so" "$fx/basic/Filter.c" \
    "$fx/basic/undefined.def" && contains "$work/undef.log" 'NoSuchFunction is in the .def file but no source defines it'
ok $? '.def: a name no object defines is an error naming it'

isapicc "$work/nothing.log" -o "$work/nothing.so" "$fx/missing/Nothing.c"
st=$?
[ $st -eq 0 ] && contains "$work/nothing.log" 'exports nothing: it is not a filter'
ok $? 'nothing exported: builds with a warning that it is not a filter'
[ -z "$(exports "$work/nothing.so")" ]
ok $? 'nothing exported: really nothing'

printf 'int broken(void) { return }\n' > "$work/Broken.c"
! isapicc "$work/broken.log" -o "$work/broken.so" "$work/Broken.c" && contains "$work/broken.log" 'error: expected expression'
ok $? 'compile error: non-zero exit, the compiler message shown'

# ---- Visual Studio projects ----

cd "$fx/vcx" || exit 1
isapicc "$work/vcx.log" --vcxproj IsapiVcx.vcxproj -o "$work/vcx.so"
st=$?
ok_diag $st "$work/vcx.log" 'vcxproj: builds Release|x64 (Src\Main.cpp, .\EXPORTS.DEF, excluded file skipped)'
same_exports "$work/vcx.so" DllMain GetFilterVersion HttpFilterProc VcxValue
ok $? 'vcxproj: exports what its ModuleDefinitionFile lists'
[ "$(call "$work/vcx.so" VcxValue 2>&1)" = 142 ]
ok $? 'vcxproj: Release defines (VCX_VALUE=42) and include dir (..\VCX-Inc) used'
# shellcheck disable=SC2016
contains "$work/vcx.log" '$(SolutionDir)include dropped'
ok $? 'vcxproj: an include dir with a macro is dropped with a note'

isapicc "$work/vcxd.log" --vcxproj IsapiVcx.vcxproj --config Debug -o "$work/vcxd.so"
st=$?
[ $st -eq 0 ] && [ "$(call "$work/vcxd.so" VcxValue 2>&1)" = 102 ]
ok $? 'vcxproj: --config Debug picks Debug|x64 over Debug|Win32'

# Visual Studio may save a project as UTF-16 with a byte-order mark.
mkdir -p "$work/u16" && cp -R "$fx/vcx" "$fx/vcx-inc" "$work/u16/" &&
    { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE IsapiVcx.vcxproj; } \
        > "$work/u16/vcx/IsapiVcx.vcxproj" &&
    isapicc "$work/utf16.log" "$work/u16/vcx/IsapiVcx.vcxproj" -o "$work/utf16.so" &&
    [ "$(call "$work/utf16.so" VcxValue 2>&1)" = 142 ]
ok $? 'vcxproj: a UTF-16LE project file'

isapicc "$work/vcproj.log" IsapiVcx.vcproj -o "$work/vcproj.so"
st=$?
[ $st -eq 0 ] && [ "$(call "$work/vcproj.so" VcxValue 2>&1)" = 107 ]
ok $? 'vcproj (VS2008): sources, defines, include dirs and .def of Release|Win32'
[ $st -eq 0 ] || diag "$work/vcproj.log"

# ---- Resources (.rc) and C++ exceptions ----

# loader FIXTURE: build FIXTURE's loader.c against the runtime, once,
# with CFLAGS and LDFLAGS: a sanitizer build's runtime needs the
# sanitizer's own runtime in the program that loads it.
build_loader() {
    # shellcheck disable=SC2086
    ${CC:-cc} -g -fshort-wchar -I "$top/sdk/include" -include isapi/win_crt.h \
        ${CFLAGS:-} -o "$work/$1-loader" "$fx/$1/loader.c" \
        -L "$top/sdk/lib" -lisapiwin32 -Wl,-rpath,"$top/sdk/lib" -ldl \
        ${LDFLAGS:-} > "$work/$1-loader.log" 2>&1
}

cd "$fx/resources" || exit 1
isapicc "$work/res.log" -o "$work/res.so" Filter.c Filter.rc
ok_diag $? "$work/res.log" 'rc: Filter.c + Filter.rc (STRINGTABLE, VERSIONINFO, resource.h, afxres.h) build'
contains "$work/res.log" 'resources of types DIALOG in Filter.rc are not compiled'
ok $? 'rc: a DIALOG is left out with a one-line note (TEXTINCLUDE silently)'
build_loader resources
ok_diag $? "$work/resources-loader.log" 'rc: the resources loader builds'
"$work/resources-loader" "$work/res.so" > "$work/res.out" 2>&1 && contains "$work/res.out" ok
ok_diag $? "$work/res.out" 'rc: LoadString (escapes, "" and truncation), RT_STRING, GetFileVersionInfo/VerQueryValue'
isapicc "$work/resp.log" --vcxproj Resources.vcxproj -o "$work/resp.so" &&
    "$work/resources-loader" "$work/resp.so" > "$work/resp.out" 2>&1 && contains "$work/resp.out" ok
ok_diag $? "$work/resp.log" 'rc: a project ResourceCompile item is compiled in as well'
printf 'STRINGTABLE\nBEGIN\n  IDS_NOWHERE "x"\nEND\n' > "$work/Undefined.rc"
! isapicc "$work/undef.log" -o "$work/undef.so" Filter.c "$work/Undefined.rc" &&
    contains "$work/undef.log" 'IDS_NOWHERE` is not an ID and a string'
ok $? 'rc: a STRINGTABLE ID nobody #defines fails the build, naming it'

cd "$fx/cxxthrow" || exit 1
build_loader cxxthrow
ok_diag $? "$work/cxxthrow-loader.log" 'C++: the exception loader builds'
for kind in std int; do
    flag=; [ $kind = std ] && flag=-DTHROW_STD
    isapicc "$work/throw$kind.log" -v -o "$work/throw$kind.so" $flag Throw.cpp Throw.def
    ok_diag $? "$work/throw$kind.log" "C++ ($kind): Throw.cpp + Throw.def build"
    same_exports "$work/throw$kind.so" DllMain GetFilterVersion HttpFilterProc
    ok $? "C++ ($kind): exports only the entry points (the wrapped originals stay hidden)"
    "$work/cxxthrow-loader" "$work/throw$kind.so" > "$work/throw$kind.out" 2>&1 &&
        contains "$work/throw$kind.out" ok
    ok_diag $? "$work/throw$kind.out" "C++ ($kind): SF_STATUS_REQ_ERROR + 1359 from HttpFilterProc, FALSE from GetFilterVersion, process lives"
done
contains "$work/throwstd.out" 'escaped HttpFilterProc: thrown by the fixture' &&
    contains "$work/throwint.out" '(not a std::exception) escaped HttpFilterProc' &&
    contains "$work/throwstd.out" 'escaped GetFilterVersion: refusing version 666' &&
    contains "$work/throwstd.out" 'throwstd.so'
ok $? 'C++: each escape is logged naming the filter, the entry point and what()'

# Static objects: built by DllMain(ATTACH) (not at dlopen, where httpd's
# parent would run them), destroyed after DllMain(DETACH), once each.
cd "$fx/statics" || exit 1
build_loader statics
ok_diag $? "$work/statics-loader.log" 'C++ statics: the loader builds'
isapicc "$work/statics.log" -o "$work/statics.so" Statics.cpp
ok_diag $? "$work/statics.log" 'C++ statics: Statics.cpp (its own C++ DllMain) builds'
"$work/statics-loader" "$work/statics.so" > "$work/statics.out" 2>&1 &&
    contains "$work/statics.out" ok && [ "$(grep -c destroyed "$work/statics.out")" = 1 ]
ok_diag $? "$work/statics.out" 'C++ statics: constructed on DllMain(ATTACH) before its DllMain, once; destroyed after DETACH, not again at exit'

cd "$fx/resources" || exit 1
isapicc "$work/cfil.log" -v -o "$work/cfil.so" Filter.c &&
    ! contains "$work/cfil.log" 'C++ exceptions are caught around'
ok $? 'C: a filter without C++ is not wrapped'

# ---- libisapimfc.a: entry points from the archive ----
# A scratch SDK tree whose lib/ has a libisapimfc.a (a stand-in built
# here): a C++ filter links it, exports (and accepts in its .def) the
# entry points it defines, and does not wrap them.

fsdk=$work/fsdk
mkdir -p "$fsdk/lib" && cp "$ISAPI_CC" "$fsdk/isapi-cc" && ln -s "$top/sdk/include" "$fsdk/include" &&
    ln -s "$top/sdk/lib/libisapiwin32.so" "$fsdk/lib/libisapiwin32.so" &&
    ln -s "$top/sdk/lib/libisapiwin32.so.1" "$fsdk/lib/libisapiwin32.so.1" &&
    ${CXX:-c++} -c -fPIC -fshort-wchar -I "$top/sdk/include" -o "$work/glue.o" \
        "$fx/mfcarchive/Glue.cpp" > "$work/glue.log" 2>&1 &&
    ar rcs "$fsdk/lib/libisapimfc.a" "$work/glue.o"
ok_diag $? "$work/glue.log" 'mfc archive: a stand-in libisapimfc.a'
cd "$fx/mfcarchive" || exit 1
"$fsdk/isapi-cc" -v -o "$work/mfca.so" Filter.cpp Filter.def > "$work/mfca.log" 2>&1
ok_diag $? "$work/mfca.log" 'mfc archive: links, its .def naming the archive'"'"'s entry points'
same_exports "$work/mfca.so" DllMain FilterValue GetFilterVersion HttpFilterProc
ok $? 'mfc archive: the archive'"'"'s GetFilterVersion and HttpFilterProc are exported'
! contains "$work/mfca.log" 'C++ exceptions are caught around' &&
    [ "$(call "$work/mfca.so" FilterValue 2>&1)" = 42 ]
ok $? 'mfc archive: entry points from the archive are not wrapped; the filter runs'

# ---- --keep-temps ----

cd "$fx/basic" || exit 1
isapicc "$work/keep.log" --keep-temps -o "$work/keep.so" Filter.c Extra.cpp filter.def
kept=$(sed -n 's/^isapi-cc: temporary files kept in //p' "$work/keep.log")
[ -n "$kept" ] && test -f "$kept/exports.map" &&
    test -f "$kept/include-map/d/Sub\\Util.H" &&
    grep -q '"GetFilterVersion";' "$kept/exports.map"
ok $? '--keep-temps: keeps the version script and include map, and says where'
[ -n "$kept" ] && rm -rf "$kept"
isapicc "$work/nokeep.log" -v -o "$work/nokeep.so" Filter.c filter.def
tmpdir=$(sed -n 's/.*-I \([^ ]*\)\/include-map.*/\1/p' "$work/nokeep.log" | head -n 1)
[ -n "$tmpdir" ] && test ! -e "$tmpdir"
ok $? 'without --keep-temps the temporary directory is removed'

# ---- make install / uninstall ----

# The module and the SDK (`install` = install-module + install-sdk), into
# a scratch PREFIX and module directory; then the installed isapi-cc must
# build filters with the installed headers and library alone.
pfx=$work/prefix
(cd "$top" && ${MAKE:-make} -s -f Makefile.apxs install PREFIX="$pfx" \
    LIBEXECDIR="$pfx/modules") > "$work/install.log" 2>&1
st=$?
ok_diag $st "$work/install.log" 'install: PREFIX and LIBEXECDIR=scratch dirs'
test -x "$pfx/bin/isapi-cc" && test -f "$pfx/include/isapi-sdk/windows.h" &&
    test -f "$pfx/include/isapi-sdk/isapi/win_types.h" &&
    test -f "$pfx/lib/libisapiwin32.so.1" &&
    [ "$(readlink "$pfx/lib/libisapiwin32.so")" = libisapiwin32.so.1 ] &&
    test -f "$pfx/lib/libisapimfc.a" &&
    test -f "$pfx/lib/pkgconfig/isapi-sdk.pc"
ok $? 'install: isapi-cc, the include tree, the library + symlink, libisapimfc.a, isapi-sdk.pc'
# The module: the one httpd loads, with its module record.
cmp -s "$top/.libs/mod_isapi_filter.so" "$pfx/modules/mod_isapi_filter.so" &&
    nm -D --defined-only "$pfx/modules/mod_isapi_filter.so" | grep -q ' isapi_filter_module$'
ok $? 'install: mod_isapi_filter.so in LIBEXECDIR, exporting isapi_filter_module'
cd "$fx/basic" &&
    "$pfx/bin/isapi-cc" -o "$work/inst.so" Filter.c Extra.cpp filter.def > "$work/inst.log" 2>&1 &&
    readelf -dW "$work/inst.so" | grep -q "RUNPATH.*\[$pfx/lib\]" &&
    [ "$(call "$work/inst.so" FilterStats 2>&1)" = 1239 ] &&
    ! grep -F -q "$top/sdk" "$work/inst.log"
ok $? 'install: the installed isapi-cc uses the installed headers and library'
# What a user does first: build the README's example with the installed
# isapi-cc (no -I, no -L) into a filter that exports its entry points.
(cd "$work" && "$pfx/bin/isapi-cc" -o "$work/add_header.dll" \
    "$top/examples/add_header.c") > "$work/example.log" 2>&1 &&
    same_exports "$work/add_header.dll" GetFilterVersion HttpFilterProc
ok_diag $? "$work/example.log" 'install: the installed isapi-cc builds examples/add_header.c'
if command -v pkg-config >/dev/null 2>&1; then
    # shellcheck disable=SC2046,SC2005
    [ "$(echo $(PKG_CONFIG_PATH=$pfx/lib/pkgconfig pkg-config --cflags isapi-sdk))" = \
      "-I$pfx/include/isapi-sdk -fshort-wchar -fPIC" ]
    ok $? 'install: pkg-config --cflags isapi-sdk'
fi
(cd "$top" && ${MAKE:-make} -s -f Makefile.apxs uninstall PREFIX="$pfx" \
    LIBEXECDIR="$pfx/modules") > "$work/uninstall.log" 2>&1 &&
    [ -z "$(find "$pfx" -type f -o -type l)" ]
ok $? 'uninstall: removes every installed file, the module too'

# DESTDIR: everything lands below it, the module in apxs' own LIBEXECDIR,
# and the PREFIX paths (not DESTDIR's) are written into isapi-cc and the
# .pc file; uninstall with the same DESTDIR leaves no file.
libexec=$(${APXS:-apxs} -q LIBEXECDIR 2>/dev/null)
stage=$work/stage
(cd "$top" && ${MAKE:-make} -s -f Makefile.apxs install DESTDIR="$stage" PREFIX=/opt/isf) > "$work/stage.log" 2>&1 &&
    grep -q 'q{/opt/isf/include/isapi-sdk}, q{/opt/isf/lib}' "$stage/opt/isf/bin/isapi-cc" &&
    grep -q '^prefix=/opt/isf$' "$stage/opt/isf/lib/pkgconfig/isapi-sdk.pc" &&
    grep -q '^libdir=/opt/isf/lib$' "$stage/opt/isf/lib/pkgconfig/isapi-sdk.pc"
ok_diag $? "$work/stage.log" 'install: DESTDIR stages, with PREFIX paths written in'
[ -n "$libexec" ] && test -f "$stage$libexec/mod_isapi_filter.so"
ok $? "install: DESTDIR stages the module in \$DESTDIR$libexec"
(cd "$top" && ${MAKE:-make} -s -f Makefile.apxs uninstall DESTDIR="$stage" PREFIX=/opt/isf) > "$work/unstage.log" 2>&1 &&
    [ -z "$(find "$stage" -type f -o -type l)" ]
ok $? 'uninstall: with DESTDIR, removes every staged file'

# A distribution's layout (debian/rules): the runtime in a private
# directory, the .pc file where pkg-config looks, both written into it.
(cd "$top" && ${MAKE:-make} -s -f Makefile.apxs install-sdk DESTDIR="$stage" PREFIX=/usr \
    SDK_LIB_DIR=/usr/lib/isf-private PKGCONFIG_DIR=/usr/share/pkgconfig) > "$work/distro.log" 2>&1 &&
    test -f "$stage/usr/lib/isf-private/libisapiwin32.so.1" &&
    grep -q '^libdir=/usr/lib/isf-private$' "$stage/usr/share/pkgconfig/isapi-sdk.pc" &&
    grep -q 'q{/usr/include/isapi-sdk}, q{/usr/lib/isf-private}' "$stage/usr/bin/isapi-cc"
ok_diag $? "$work/distro.log" 'install-sdk: SDK_LIB_DIR and PKGCONFIG_DIR are honoured'

# ---- --help ----

"$ISAPI_CC" --help > "$work/help" 2>&1
ok $? '--help succeeds'
bad=0
for d in _WIN32 WIN32 _WIN64 _WINDOWS _WINDLL _USRDLL _MSC_VER=1600 \
         _MSC_FULL_VER _M_X64 _M_AMD64 __ISAPI_CC__=1 --vcxproj --config \
         --keep-temps .def -fpermissive -fshort-wchar '64-bit hazard'; do
    contains "$work/help" "$d" || { echo "# --help lacks $d" >&2; bad=1; }
done
ok $bad '--help documents the defines and options'

echo "1..$n"
[ $failed -eq 0 ]
