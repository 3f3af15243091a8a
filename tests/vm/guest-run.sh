#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# guest-run.sh: runs the end-to-end scenarios one after another, inside the
# test VM or natively, each in its own process group with its own time
# limit, its own directory on the work share and its own log, and appends
# one result line per scenario to $VBURN_E2E_WORK/results as soon as it is
# known, so a VM that dies half-way still leaves the earlier results.
#
# Input: $VBURN_E2E_WORK/scenarios.list, lines "TIMEOUT PATH".
# Output: results lines "PASS name", "FAIL name: why", "SKIP name: why";
# per scenario $VBURN_E2E_WORK/<name>/log.
# A scenario passes with exit 0 and skips with exit 77 (lib.sh skip).
set -u

work=${VBURN_E2E_WORK:?}
list=$work/scenarios.list
results=$work/results
: >"$results"

# Scenarios need root-owned device nodes and modules; say so once.
echo "guest-run: kernel $(uname -r), $(nproc) CPUs, in VM: ${VBURN_IN_VM:-0}"

while read -r tmo path; do
	[ -n "$path" ] || continue
	name=${path##*/}
	name=${name%.sh}
	dir=$work/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	scratch=$(mktemp -d "/tmp/vburn-$name.XXXXXX")
	klines=$(dmesg 2>/dev/null | wc -l)
	start=${EPOCHREALTIME/[.,]/}
	echo "guest-run: === $name (limit ${tmo}s)"
	# timeout makes its own process group (its pid) and signals all of
	# it on expiry; whatever the scenario left running in that group is
	# killed afterwards, so it cannot disturb the next scenario.
	(
		cd "$dir" || exit 125
		export VBURN_WORK=$dir VBURN_TMP=$scratch VBURN_SCENARIO=$name
		exec timeout -k 10 "$tmo" bash "$path"
	) >"$dir/log" 2>&1 </dev/null &
	pid=$!
	wait "$pid"
	rc=$?
	kill -KILL -- "-$pid" 2>/dev/null
	ms=$(((${EPOCHREALTIME/[.,]/} - start) / 1000))
	secs=$((ms / 1000)).$((ms % 1000 / 100))
	case $rc in
	0)
		line="PASS $name"
		;;
	77)
		why=$(sed -n 's/^SKIP: //p' "$dir/log" | tail -n 1)
		line="SKIP $name: ${why:-no reason given}"
		;;
	124 | 137)
		line="FAIL $name: timed out after ${tmo}s"
		;;
	*)
		why=$(sed -n 's/^FAIL: //p' "$dir/log" | tail -n 1)
		line="FAIL $name: ${why:-exit status $rc}"
		;;
	esac
	# A kernel splat (CUSE and TCMU run our replies through kernel code)
	# fails the scenario even if the client was happy.
	dmesg 2>/dev/null | tail -n +"$((klines + 1))" >"$dir/dmesg"
	# ("traps: PROG[PID] general protection fault" is a user program
	# crashing, e.g. cdrskin when 17-crash kills vburnd under it: the
	# kernel's own faults come with Oops and a Call Trace)
	if [ "${line%% *}" != FAIL ] &&
		grep -vE '^\[ *[0-9.]+\] traps: ' "$dir/dmesg" |
		grep -qE 'BUG:|Oops|WARNING:|Call Trace:|general protection'; then
		line="FAIL $name: kernel warning or oops (see $name/dmesg)"
		sed "s/^/  $name| kernel: /" "$dir/dmesg" | head -n 40
	fi
	echo "$line" >>"$results"
	echo "$secs" >"$dir/seconds"
	echo "guest-run: $line (${secs}s)"
	if [ "${VBURN_VM_VERBOSE:-0}" = 1 ] || [ "${line%% *}" = FAIL ]; then
		sed "s/^/  $name| /" "$dir/log" | tail -n 40
	fi
	rm -rf "$scratch"
done <"$list"
sync
exit 0
