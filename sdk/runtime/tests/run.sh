#!/bin/sh
# run.sh: build each sdk/runtime/tests/*.c against sdk/lib/libisapiwin32.so
# and run them under prove.  They print TAP (t/unit/tap.h) and need no
# httpd: GetLastError/SetLastError come from the runtime itself.
# Like isapi-cc, every test is compiled with isapi/win_crt.h forced in
# first, which proves that header safe in that place.
# *.cc tests are C++ (built with $CXX), for what the SDK headers promise
# C++ filters.  CC, CXX, CFLAGS and LDFLAGS are honoured; arguments go to
# prove.
set -eu

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
lib=$top/sdk/lib
test -f "$lib/libisapiwin32.so" || {
    echo "sdk/runtime/tests/run.sh: $lib/libisapiwin32.so is missing (make -f Makefile.apxs sdk)" >&2
    exit 1
}
CC=${CC:-cc}
# The C++ compiler of the C compiler's family, so a sanitizer build links
# one sanitizer runtime.
case $CC in
*clang*) CXX=${CXX:-clang++} ;;
*)       CXX=${CXX:-c++} ;;
esac
for src in sdk/runtime/tests/*.c sdk/runtime/tests/*.cc; do
    test -f "$src" || continue
    case $src in
    # C++ tests get the MFC subset's sources (sdk/mfc) too.
    *.cc) bin=sdk/runtime/tests/$(basename "$src" .cc).bin; cc=$CXX
          mfc=$(ls sdk/mfc/*.cpp 2>/dev/null || :) ;;
    *)    bin=sdk/runtime/tests/$(basename "$src" .c).bin; cc=$CC; mfc= ;;
    esac
    # Word splitting of the flag variables is intended.
    # shellcheck disable=SC2086
    $cc -g -O0 -Wall -Wextra -Werror -fshort-wchar -I sdk/include -I t/unit \
        -D_GNU_SOURCE -include isapi/win_crt.h \
        ${CFLAGS:-} -o "$bin" "$src" $mfc -L "$lib" -lisapiwin32 \
        -Wl,-rpath,"$lib" -lpthread ${LDFLAGS:-}
done
exec prove -e '' "$@" sdk/runtime/tests/*.bin
