#!/bin/sh
# build.sh: compile each t/unit/*.c with the bridge's core (bridge/core/*.c,
# every file of it, as the module compiles them) into t/unit/<name>.bin.
# Only the APR and APR-util include paths are given, never httpd's, so a
# core file that includes an httpd header fails here.
#
#   CC       compiler (default cc)
#   CFLAGS   extra compile flags, e.g. "-O1 -fsanitize=address,undefined"
#   LDFLAGS  extra link flags, e.g. "-fsanitize=address,undefined"
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

CC=${CC:-cc}
apr_cflags="$(apr-1-config --cflags --cppflags --includes) \
$(apu-1-config --includes)"
apr_libs="$(apr-1-config --link-ld) $(apu-1-config --link-ld)"
core="$(echo bridge/core/*.c) sdk/runtime/lasterror.c"

for src in t/unit/*.c; do
    bin=t/unit/$(basename "$src" .c).bin
    echo "$CC $src -> $bin"
    # Word splitting of the flag variables is intended.
    # shellcheck disable=SC2086
    $CC -g -O2 -Wall -Wextra -Werror $apr_cflags -I bridge \
        -I sdk/include ${CFLAGS:-} -o "$bin" "$src" $core \
        ${LDFLAGS:-} $apr_libs
done
