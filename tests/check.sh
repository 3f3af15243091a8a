#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh BUILD_DIR: the steps of "make check" after the build, with the
# VM scenarios (the longest step by far) started first, in the background,
# while the host steps (the unit tests first, plain and under ASan) run
# beside them, niced, so that they take what the guests leave of the
# cores and the scenarios start as soon as the build is done. The
# scenarios' output is shown whole when they end, after the host steps'
# own. Every step runs even when one fails (one run
# shows every failure); the exit status is non-zero if any failed.
set -u
B=$1
make="make --no-print-directory B=$B"

log=$B/e2e.log
rm -f "$log" "$B/e2e.rc"
echo "check: end-to-end scenarios started in the background (output" \
	"below when they end; meanwhile in $log)"
(
	$make e2e >"$log" 2>&1
	echo $? >"$B/e2e.rc"
) &
e2e=$!

# The VMs are the critical path: the host steps run niced, in what the
# guests leave of the CPU, and still end long before them. Starved so,
# a unit test under ASan can take many times its usual time (CI saw a
# 4 s default timeout expire): Check's timeouts, there to catch hangs,
# are stretched for these steps.
CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-10}
export CK_TIMEOUT_MULTIPLIER
failed=""
for step in unit unit-asan formats-check fuzz-check install-check kmod-check; do
	nice -n 15 $make $step || failed="$failed $step"
done

wait $e2e
echo "check: end-to-end scenarios:"
cat "$log"
[ "$(cat "$B/e2e.rc" 2>/dev/null)" = 0 ] || failed="$failed e2e"
if [ -n "$failed" ]; then
	echo "check: FAILED:$failed"
	exit 1
fi
echo "check: every step passed"
