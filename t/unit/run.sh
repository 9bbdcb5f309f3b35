#!/bin/sh
# run.sh: build the C unit tests (build.sh) and run them under prove; they
# print TAP and need no httpd.  Arguments go to prove (e.g. -v).
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/t/unit/build.sh"
cd "$top"
exec prove -e '' "$@" t/unit/*.bin
