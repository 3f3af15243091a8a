#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/burn-audio.sh BUILD_DIR: issue "record everything"'s burn
# benchmark (bench/scenarios/burn-audio-cuse.sh): a 74-minute cdrdao SAO
# audio burn and a 650 MB wodim TAO burn through CUSE, each split into
# the client's waits and the drive's own time, next to dd of the same
# bytes. The guest gets 6 GiB so source, store and capture fit in tmpfs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$(VBURN_VM_MEM=${VBURN_VM_MEM:-6144} bench_scenario "${1:-build}" \
	burn-audio-cuse) || {
	echo "$out"
	exit 1
}
echo "== $(uptime | sed 's/.*load/load/')"
echo "$out"
