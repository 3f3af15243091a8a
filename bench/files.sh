#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/files.sh BUILD_DIR: issue "images in users' hands"'s benchmark
# (bench/scenarios/files-read.sh): reading every file of a 520 MB ISO
# through vburn-img mount, fuseiso and the kernel's loop mount, and
# copying it out with vburn-img get, xorriso and 7z, in one guest with
# 4 GiB so the ISO and a copy fit in tmpfs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$(VBURN_VM_MEM=${VBURN_VM_MEM:-4096} bench_scenario "${1:-build}" \
	files-read) || {
	echo "$out"
	exit 1
}
echo "== $(uptime | sed 's/.*load/load/')"
echo "$out"
