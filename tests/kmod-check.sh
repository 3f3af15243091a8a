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
fmt_summary
