#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/capture.sh BUILD_DIR: issue 8's capture benchmark. Runs
# bench/scenarios/capture-cuse.sh through the end-to-end harness (in the
# VM where the kernel lacks CUSE) and prints its figures. VBURN_BENCH_MB
# and VBURN_BENCH_FORMAT choose the session size and the capture format.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
VBURN_VM_ENV="VBURN_BENCH_MB VBURN_BENCH_FORMAT ${VBURN_VM_ENV:-}" \
	bench_scenario "${1:-build}" capture-cuse
