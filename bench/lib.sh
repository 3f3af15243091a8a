# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the bench/*.sh wrappers: runs one bench/scenarios/ scenario
# through the end-to-end harness (in the VM where the kernel lacks CUSE)
# and prints the bench.txt it wrote. Extra environment for the run, such
# as VBURN_VM_SMP or VBURN_VM_ENV, is passed through.

# bench_scenario BUILD_DIR NAME
bench_scenario()
{
	local build=$1 name=$2 out dir
	local top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	# two vCPUs, as every figure in the README was taken (make check's
	# scenarios run in 1-vCPU VMs, three at once)
	out=$(VBURN_VM_SMP=${VBURN_VM_SMP:-2} VBURN_E2E_KEEP=1 \
		VBURN_E2E_SCENARIO_DIR=$top/scenarios \
		VBURN_E2E_TIMEOUT=1800 \
		"$top/../tests/vm/run-e2e.sh" "$build" "$name" 2>&1) || {
		echo "$out"
		return 1
	}
	dir=$(echo "$out" | sed -n 's/.*logs kept in \(.*\)$/\1/p' | tail -n 1)
	# run-e2e keeps each VM's scenarios in work/vmN/ (natively: work/)
	cat "$(ls "$dir"/vm*/"$name"/bench.txt "$dir/$name/bench.txt" \
		2>/dev/null | head -n 1)"
}
