#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/read.sh BUILD_DIR: issue 8's read benchmark. The drive core's own
# figures (load of a 4 GiB image, READ(10) against pread) come from
# bench/read_bench.c (make bench-read); this runs
# bench/scenarios/read-tcmu.sh in the VM: dd through the TCMU /dev/srN
# against dd of the image file, and cdparanoia's rip rate.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
out=$(VBURN_E2E_KEEP=1 VBURN_E2E_SCENARIO_DIR=$here/scenarios \
	VBURN_E2E_TIMEOUT=1800 \
	"$here/../tests/vm/run-e2e.sh" "$build" read-tcmu 2>&1) || {
	echo "$out"
	exit 1
}
dir=$(echo "$out" | sed -n 's/.*logs kept in \(.*\)$/\1/p' | tail -n 1)
cat "$dir/read-tcmu/bench.txt"
