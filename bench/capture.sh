#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/capture.sh BUILD_DIR: issue 8's capture benchmark. Runs
# bench/scenarios/capture-cuse.sh through the end-to-end harness (in the
# VM where the kernel lacks CUSE) and prints its figures. VBURN_BENCH_MB
# and VBURN_BENCH_FORMAT choose the session size and the capture format.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
out=$(VBURN_E2E_KEEP=1 VBURN_VM_ENV="VBURN_BENCH_MB VBURN_BENCH_FORMAT" \
	VBURN_E2E_SCENARIO_DIR=$here/scenarios VBURN_E2E_TIMEOUT=1800 \
	"$here/../tests/vm/run-e2e.sh" "$build" capture-cuse 2>&1) || {
	echo "$out"
	exit 1
}
dir=$(echo "$out" | sed -n 's/.*logs kept in \(.*\)$/\1/p' | tail -n 1)
cat "$dir/capture-cuse/bench.txt"
