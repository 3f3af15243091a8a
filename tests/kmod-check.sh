#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/kmod-check.sh: checkpatch.pl --strict on the kernel module
# (issue 12), from the kernel source Debian ships (linux-source-X.Y, which
# scripts/deps.sh installs; its three scripts are unpacked once into the
# VM cache). The warnings kmod/vburn_hba.c explains at its top are the
# only ones ignored; anything else fails. A missing source is a counted
# skip.
. "$(dirname "$0")/formats/lib.sh"

t=kmod-checkpatch
cache=${VBURN_VM_CACHE:-${HOME:-/root}/.cache/vburn-vm}/checkpatch
cp=$cache/linux-source/scripts/checkpatch.pl
if [ ! -f "$cp" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | tail -n 1)
	if [ -n "$tarball" ]; then
		top=$(basename "$tarball" .tar.xz)
		rm -rf "$cache.tmp" && mkdir -p "$cache.tmp" &&
			tar -xJf "$tarball" -C "$cache.tmp" \
				"$top/scripts/checkpatch.pl" \
				"$top/scripts/spelling.txt" \
				"$top/scripts/const_structs.checkpatch" &&
			rm -rf "$cache" && mkdir -p "$cache" &&
			mv "$cache.tmp/$top" "$cache/linux-source" &&
			rm -rf "$cache.tmp"
	fi
fi
if [ ! -f "$cp" ]; then
	skip $t "no kernel source for checkpatch.pl (apt install linux-source-6.1)"
elif out=$(perl "$cp" --strict --no-tree --terse --show-types \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,CAMELCASE \
	-f kmod/vburn_hba.c 2>&1); then
	pass "$t (--strict, 3 explained warning types ignored)"
else
	fail $t "$out"
fi

# The module builds unchanged, without a warning, for every kernel whose
# Debian headers are here (scripts/deps.sh installs the VM's kernel's
# and the newest other series'), each into its own scratch directory.
t=kmod-kernels
built=""
for kdir in /usr/src/linux-headers-*-amd64; do
	[ -f "$kdir/Makefile" ] || continue
	case "$kdir" in *-cloud-amd64 | *-rt-amd64) continue ;; esac
	ver=${kdir#/usr/src/linux-headers-}
	kb=$(mktemp -d "${TMPDIR:-/tmp}/vburn-kb.XXXXXX")
	if ! out=$(make --no-print-directory KDIR="$kdir" KBUILD_DIR="$kb" \
		kmod 2>&1) || echo "$out" | grep -q "warning:"; then
		fail $t "$ver: $(echo "$out" | grep -E "warning:|error" |
			head -n 5)"
		built=failed
	elif [ "$built" != failed ]; then
		built="$built $ver"
	fi
	rm -rf "$kb"
done
if [ -z "$built" ]; then
	skip $t "no kernel headers in /usr/src (scripts/deps.sh check)"
elif [ "$built" != failed ]; then
	pass "$t (no warnings against$built)"
fi
fmt_summary
