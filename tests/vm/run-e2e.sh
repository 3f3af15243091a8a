#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-e2e.sh: entry point of "make e2e". Runs tests/vm/scenarios/*.sh
# against real clients and a real kernel: natively when this kernel has
# CUSE and we are root, otherwise all of them in one boot of the test VM
# (vm.sh), the scenarios shared out over VBURN_E2E_JOBS VMs booted side
# by side (default 3, of one vCPU each; the groups are balanced by
# tests/vm/durations). A guest waits for much of a scenario (clients'
# sleeps, polls), so more guests than host cores overlap those waits:
# on the 2-core machine two scenarios took 170-180 s in two 2-vCPU VMs
# side by side, 190 s in three 1-vCPU VMs and 240 s in four, so three
# do a third more work in a given time than two; one vCPU a guest
# took no longer than two (docs/testing.md). Prints "PASS name" /
# "FAIL name: why" / "SKIP name: why" per
# scenario and a closing "N passed, N failed, N skipped" line; exits
# non-zero if any failed, or if the tests could not run at all (unless
# VBURN_E2E_ALLOW_SKIP=1): never a silent skip (docs/architecture.md, Testing).
#
#   run-e2e.sh BUILD_DIR [PATTERN...]   PATTERN selects scenarios whose
#                                       name contains it (e.g. 00-kernel)
# Environment: VBURN_E2E_MODE=auto|native|vm, VBURN_E2E_TIMEOUT (default
# per-scenario limit, 300 s; a scenario may set its own with a line
# "# vburn-e2e-timeout: N"), VBURN_E2E_KEEP=1 (keep the work dir even when
# all passed), VBURN_TESTDATA, VBURN_VM_VERBOSE=1 (show the guest console),
# VBURN_E2E_ALLOW_SKIP=1, VBURN_E2E_SCENARIO_DIR (scenarios elsewhere),
# VBURN_E2E_JOBS (VMs at once, default 3), VBURN_VM_SMP (vCPUs each,
# default 1 here).
set -uo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
SRC=$(cd "$VM_DIR/../.." && pwd -P)

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [PATTERN...]" >&2
	exit 2
fi
build=$1
shift
case "$build" in
/*) ;;
*) build=$PWD/$build ;;
esac
[ -d "$build" ] && build=$(cd "$build" && pwd -P)

scenarios=()
sdir=${VBURN_E2E_SCENARIO_DIR:-$VM_DIR/scenarios}
for f in "$sdir"/*.sh; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .sh)
	if [ $# -gt 0 ]; then
		hit=0
		for p in "$@"; do
			case "$name" in *"${p%.sh}"*) hit=1 ;; esac
		done
		[ $hit = 1 ] || continue
	fi
	scenarios+=("$f")
done
if [ ${#scenarios[@]} -eq 0 ]; then
	echo "run-e2e: no scenario in $sdir matches: $*" >&2
	exit 2
fi

# Never silent: every scenario is named as skipped, with the reason, and
# the run fails unless skipping was explicitly allowed.
skip_all()
{
	local f
	echo "run-e2e: ************************************************" >&2
	echo "run-e2e: SKIPPING ALL END-TO-END TESTS: $*" >&2
	echo "run-e2e: ************************************************" >&2
	for f in "${scenarios[@]}"; do
		echo "SKIP $(basename "$f" .sh): $*"
	done
	echo "0 passed, 0 failed, ${#scenarios[@]} skipped"
	if [ "${VBURN_E2E_ALLOW_SKIP:-0}" = 1 ]; then
		exit 0
	fi
	echo "run-e2e: failing because of the skip (set VBURN_E2E_ALLOW_SKIP=1 to allow it)" >&2
	exit 1
}

have_cuse()
{
	[ -c /dev/cuse ] && return 0
	modprobe -q cuse 2>/dev/null && [ -c /dev/cuse ]
}

mode=${VBURN_E2E_MODE:-auto}
if [ "$mode" = auto ]; then
	if [ "$(id -u)" -eq 0 ] && have_cuse; then
		mode=native
	else
		mode=vm
	fi
fi
case "$mode" in
native)
	[ "$(id -u)" -eq 0 ] || skip_all "native run needs root"
	have_cuse || skip_all "native run needs /dev/cuse"
	;;
vm)
	[ "$(id -u)" -eq 0 ] ||
		skip_all "the test VM needs root (kernel has no CUSE; run as root)"
	command -v qemu-system-x86_64 >/dev/null ||
		skip_all "qemu-system-x86_64 not installed (scripts/deps.sh check)"
	;;
*)
	echo "run-e2e: VBURN_E2E_MODE must be auto, native or vm" >&2
	exit 2
	;;
esac

if [ -z "${VBURN_TESTDATA:-}" ] && [ -d "$SRC/../shared/testdata" ]; then
	VBURN_TESTDATA=$SRC/../shared/testdata
fi
# resolved: the guest sees host paths through binds, and a symbolic link
# on the way (a ../shared that links elsewhere) would not lead there
if [ -n "${VBURN_TESTDATA:-}" ] && [ -d "$VBURN_TESTDATA" ]; then
	VBURN_TESTDATA=$(cd "$VBURN_TESTDATA" && pwd -P)
fi
work=${VBURN_E2E_WORKDIR:-$(mktemp -d /tmp/vburn-e2e.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd -P)

# header FILE: a scenario's leading comment block, where its
# "# vburn-e2e-...:" lines are (a fixed line count missed 36-img-burn's
# timeout once its description grew past it)
header()
{
	awk 'NR > 1 && !/^#/ { exit } { print }' "$1"
}

# the scenarios' time limits, and their usual durations for balancing
declare -A tmo_of est_of
while read -r n secs; do
	est_of[$n]=${secs%%.*}
done < <(grep -v '^#' "$VM_DIR/durations" 2>/dev/null)
for f in "${scenarios[@]}"; do
	tmo=$(header "$f" |
		sed -n 's/^# vburn-e2e-timeout: *\([0-9][0-9]*\).*$/\1/p' |
		head -n 1)
	tmo_of[$f]=${tmo:-${VBURN_E2E_TIMEOUT:-300}}
done

# Scenarios that need systemd as the guest's init ("# vburn-e2e-boot:
# systemd" in their header) run in a VM of their own, beside the
# others (init.sh); natively they run with the rest.
sysd=()
if [ "$mode" = vm ]; then
	rest=()
	for f in "${scenarios[@]}"; do
		if header "$f" | grep -q '^# vburn-e2e-boot: *systemd'; then
			sysd+=("$f")
		else
			rest+=("$f")
		fi
	done
fi

# write_lists DIR...: shares the scenarios out over the work dirs given,
# longest first to the group with the least so far; each gets its own
# scenarios.list (run in name order) and prints its total time limit.
write_lists()
{
	local dirs=("$@") f k best n
	local -a list=("${scenarios[@]}")
	[ -z "${LISTED+x}" ] || list=("${LISTED[@]}")
	local -a load=() limit=()
	for ((k = 0; k < ${#dirs[@]}; k++)); do
		load[k]=0
		limit[k]=120
		mkdir -p "${dirs[k]}"
		: >"${dirs[k]}/scenarios.list.tmp"
	done
	while read -r n f; do
		best=0
		for ((k = 1; k < ${#dirs[@]}; k++)); do
			[ "${load[k]}" -lt "${load[best]}" ] && best=$k
		done
		load[best]=$((load[best] + n))
		limit[best]=$((limit[best] + tmo_of[$f] + 15))
		echo "${tmo_of[$f]} $f" >>"${dirs[best]}/scenarios.list.tmp"
	done < <(for f in "${list[@]}"; do
		n=$(basename "$f" .sh)
		echo "${est_of[$n]:-60} $f"
	done | sort -rn)
	for ((k = 0; k < ${#dirs[@]}; k++)); do
		sort -k2 "${dirs[k]}/scenarios.list.tmp" >"${dirs[k]}/scenarios.list"
		rm -f "${dirs[k]}/scenarios.list.tmp"
		echo "${limit[k]}"
	done
}

export VBURN_BUILD=$build VBURN_SRC=$SRC VBURN_TESTDATA=${VBURN_TESTDATA:-}
export VBURN_E2E_WORK=$work

t0=$(date +%s)
if [ "$mode" = native ]; then
	echo "run-e2e: running ${#scenarios[@]} scenario(s) natively on $(uname -r)" >&2
	write_lists "$work" >/dev/null
	VBURN_IN_VM=0 bash "$VM_DIR/guest-run.sh" >"$work/console.log" 2>&1
	[ "${VBURN_VM_VERBOSE:-0}" != 1 ] || cat "$work/console.log"
else
	if ! prep=$("$VM_DIR/vm.sh" prepare 2>&1); then
		skip_all "cannot prepare the test VM: $(echo "$prep" | tail -n 1)"
	fi
	[ -z "$prep" ] || echo "$prep" >&2
	kver=$("$VM_DIR/vm.sh" info | sed -n 's/^kernel //p')
	jobs=${VBURN_E2E_JOBS:-3}
	export VBURN_VM_SMP=${VBURN_VM_SMP:-1}
	[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
	[ "$jobs" -le ${#rest[@]} ] || jobs=${#rest[@]}
	dirs=() boots=()
	for ((k = 1; k <= jobs; k++)); do
		dirs+=("$work/vm$k")
		boots+=("")
	done
	LISTED=("${rest[@]}")
	limits=()
	[ "$jobs" -eq 0 ] || mapfile -t limits < <(write_lists "${dirs[@]}")
	if [ ${#sysd[@]} -gt 0 ]; then
		LISTED=("${sysd[@]}")
		dirs+=("$work/vm-systemd")
		boots+=(systemd)
		limits+=("$(write_lists "$work/vm-systemd")")
	fi
	echo "run-e2e: running ${#scenarios[@]} scenario(s) in ${#dirs[@]} VM(s) with Debian's $kver" >&2
	export VBURN_IN_VM=1
	pids=()
	for ((k = 0; k < ${#dirs[@]}; k++)); do
		VBURN_E2E_WORK=${dirs[k]} VBURN_VM_BOOT=${boots[k]} \
			VBURN_VM_BIND="$SRC $build $sdir ${VBURN_TESTDATA:-}" \
			"$VM_DIR/vm.sh" run "${dirs[k]}" "$VM_DIR/guest-run.sh" \
			"${limits[k]}" &
		pids+=($!)
	done
	for ((k = 0; k < ${#dirs[@]}; k++)); do
		wait "${pids[k]}"
		vrc=$?
		[ $vrc -eq 0 ] || echo "run-e2e: VM $((k + 1)) ended with status $vrc (console: ${dirs[k]}/console.log)" >&2
	done
fi
t1=$(date +%s)

passed=0
failed=0
skipped=0
for f in "${scenarios[@]}"; do
	name=$(basename "$f" .sh)
	# the work dir of the VM that ran it (or of the native run)
	sw=$(dirname "$(grep -l " $f\$" "$work"/scenarios.list \
		"$work"/vm*/scenarios.list 2>/dev/null | head -n 1)")
	line=$(grep -E "^(PASS|FAIL|SKIP) $name(:|\$)" "$sw/results" \
		2>/dev/null | tail -n 1)
	[ -n "$line" ] ||
		line="FAIL $name: no result (VM or runner ended early; see $sw/console.log)"
	echo "$line"
	case "$line" in
	PASS*) passed=$((passed + 1)) ;;
	SKIP*) skipped=$((skipped + 1)) ;;
	*)
		failed=$((failed + 1))
		if [ -f "$sw/$name/log" ]; then
			tail -n 40 "$sw/$name/log" | sed "s/^/  $name| /"
		fi
		if [ -s "$sw/$name/dmesg" ]; then
			tail -n 20 "$sw/$name/dmesg" |
				sed "s/^/  $name| kernel: /"
		fi
		;;
	esac
	[ ! -f "$sw/$name/seconds" ] || secs="${secs:-}$name $(cat "$sw/$name/seconds")
"
done
# how long each took, for balancing the next run (see tests/vm/durations)
printf '%s' "${secs:-}" >"$work/durations"
if [ $failed -eq 0 ] && [ "${VBURN_E2E_KEEP:-0}" != 1 ] &&
	[ -z "${VBURN_E2E_WORKDIR:-}" ]; then
	rm -rf "$work"
	echo "run-e2e: $mode run took $((t1 - t0)) s" >&2
else
	echo "run-e2e: $mode run took $((t1 - t0)) s; logs kept in $work" >&2
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
