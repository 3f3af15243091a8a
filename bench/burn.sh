#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/burn.sh BUILD_DIR: issue 2's burn benchmark. Runs
# bench/scenarios/burn-cuse.sh through the end-to-end harness (in the VM
# where the kernel lacks CUSE), once with 2 vCPUs and once with 1, and
# prints its figures: best of 3 for a 200 MB xorriso burn to DVD+R and
# BD-R over CUSE, and for dd of the same bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
for smp in 2 1; do
	out=$(VBURN_VM_SMP=$smp VBURN_E2E_KEEP=1 \
		VBURN_E2E_SCENARIO_DIR=$here/scenarios VBURN_E2E_TIMEOUT=1800 \
		"$here/../tests/vm/run-e2e.sh" "$build" burn-cuse 2>&1) || {
		echo "$out"
		exit 1
	}
	dir=$(echo "$out" | sed -n 's/.*logs kept in \(.*\)$/\1/p' | tail -n 1)
	echo "== $smp vCPU(s), $(uptime | sed 's/.*load/load/')"
	cat "$dir/burn-cuse/bench.txt"
done
