#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/kmod-build.sh BUILD_DIR: builds kmod/vburn_hba.ko for the test
# VM's kernel (the one tests/vm/vm.sh boots) into BUILD_DIR/kbuild-vm,
# against that kernel's Debian headers (scripts/deps.sh installs them).
# Run by make e2e; 40-kmod loads the module in the guest. When it cannot
# be built, the reason is the last line of BUILD_DIR/kbuild-vm.log and
# the scenario reports it as a skip: never a silent pass.
B=${1:-build}
log=$B/kbuild-vm.log
mkdir -p "$B"
# prepare, not only info: info answers with the kernel prepared last,
# which VBURN_VM_KERNEL_PKG may since have changed (prepare is cached)
ver=$(VM_QUIET=1 tests/vm/vm.sh prepare >/dev/null 2>&1 &&
	VM_QUIET=1 tests/vm/vm.sh info 2>/dev/null | sed -n 's/^kernel //p')
kdir=/usr/src/linux-headers-$ver
if [ -z "$ver" ]; then
	echo "no VM kernel known (tests/vm/vm.sh info)" >"$log"
elif [ ! -d "$kdir" ]; then
	echo "no headers for the VM's kernel $ver: apt install linux-headers-$ver" >"$log"
elif make --no-print-directory KDIR="$kdir" KBUILD_DIR="$B/kbuild-vm" \
	B="$B" kmod >"$log" 2>&1; then
	echo "built for $ver" >>"$log"
else
	echo "make kmod failed for $ver (see $log)" >>"$log"
	tail -n 20 "$log" >&2
	exit 1
fi
exit 0
