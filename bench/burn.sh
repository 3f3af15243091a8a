#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/burn.sh BUILD_DIR: issue 2's burn benchmark. Runs
# bench/scenarios/burn-cuse.sh through the end-to-end harness (in the VM
# where the kernel lacks CUSE), once with 2 vCPUs and once with 1, and
# prints its figures: best of 3 for a 200 MB xorriso burn to DVD+R and
# BD-R over CUSE, and for dd of the same bytes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
for smp in 2 1; do
	out=$(VBURN_VM_SMP=$smp bench_scenario "${1:-build}" burn-cuse) || {
		echo "$out"
		exit 1
	}
	echo "== $smp vCPU(s), $(uptime | sed 's/.*load/load/')"
	echo "$out"
done
