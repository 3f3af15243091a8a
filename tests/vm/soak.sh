#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soak.sh: `make soak`. Runs the 38-soak scenario (four drives busy at
# once: xorriso, wodim, cdparanoia, load/eject cycles, status every
# 100 ms) for VBURN_SOAK_SECONDS (default 600; make check runs it for
# 60) and prints its figures: rounds passed per loop, vburnd's resident
# memory and open descriptors at the start, after warm-up and at the end.
#
#   tests/vm/soak.sh BUILD_DIR
set -uo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
export VBURN_SOAK_SECONDS=${VBURN_SOAK_SECONDS:-600}
out=$(VBURN_E2E_KEEP=1 VBURN_E2E_JOBS=1 \
	VBURN_E2E_TIMEOUT=$((VBURN_SOAK_SECONDS + 600)) \
	"$here/run-e2e.sh" "$build" 38-soak 2>&1)
rc=$?
echo "$out" | grep -E '^(PASS|FAIL|SKIP)|passed'
dir=$(echo "$out" | sed -n 's/.*logs kept in \(.*\)$/\1/p' | tail -n 1)
fig=$(ls "$dir"/vm*/38-soak/soak.txt "$dir/38-soak/soak.txt" 2>/dev/null |
	head -n 1)
if [ -n "$fig" ]; then
	cat "$fig"
else
	echo "soak.sh: no figures; logs in $dir" >&2
	rc=1
fi
exit "$rc"
