#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/read.sh BUILD_DIR: issue 8's read benchmark. The drive core's own
# figures (load of a 4 GiB image, READ(10) against pread) come from
# bench/read_bench.c (make bench-read); this runs
# bench/scenarios/read-tcmu.sh in the VM: dd through the TCMU /dev/srN
# against dd of the image file, and cdparanoia's rip rate.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_scenario "${1:-build}" read-tcmu
