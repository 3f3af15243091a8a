#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-demo.sh: `make demo`. Runs tests/vm/demo/demo.sh through the
# end-to-end harness (in the test VM where this kernel lacks CUSE) and
# prints its narrated log: a burn, its capture, a reload and a read-back.
#
#   tests/vm/run-demo.sh BUILD_DIR
set -uo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
echo "vburn demo: booting the test VM where needed (about 30 s) ..."
out=$(VBURN_E2E_KEEP=1 VBURN_E2E_JOBS=1 VBURN_E2E_SCENARIO_DIR=$here/demo \
	"$here/run-e2e.sh" "$build" demo 2>&1)
rc=$?
dir=$(echo "$out" | sed -n 's/.*logs kept in \(.*\)$/\1/p' | tail -n 1)
log=$(ls "$dir"/vm*/demo/log "$dir/demo/log" 2>/dev/null | head -n 1)
if [ -n "$log" ]; then
	# the harness's own lines (time stamps, "+ command") are for tests
	sed -e 's/^\[[0-9.]*s\] //' -e '/^+ /d' -e '/^note: /d' "$log"
	rm -rf "$dir"
else
	echo "$out"
fi
exit "$rc"
