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

# An older kernel than this Debian release's: bullseye's 5.10, the last
# series before the SCSI host API changes the module bridges (5.16) and
# before kbuild moved from C89 to C11 (5.18; docs/kernel-and-libs.md
# A). Its headers cannot be installed beside bookworm's (they want
# gcc-10), so the three packages are fetched once from Debian's archive,
# checked against the SHA-256s below and unpacked into the VM cache, the
# headers' one absolute path pointed there. Cannot fetch: a counted skip.
old_ver=5.10.0-32-amd64
old_debs="linux-headers-5.10.0-32-amd64_5.10.223-1_amd64.deb:a54a4d7b711d444fcfbab8d615b528d37bd66b03018b940662e6dfe83dcb1c46
linux-headers-5.10.0-32-common_5.10.223-1_all.deb:b5ae0213861bd47260ee0193d4e074db35cb78444f54e4f5aafcb03bd9ff5ed8
linux-kbuild-5.10_5.10.223-1_amd64.deb:52b1969fed149f0a69c127b19902971773c9dc9cdb11085d84a25e35d6ad8b1c"
old_root=${VBURN_VM_CACHE:-${HOME:-/root}/.cache/vburn-vm}/kernel-$old_ver
old_kdir=$old_root/usr/src/linux-headers-$old_ver

# fetch_old: 0 with the headers in $old_kdir, else 1 with the reason.
fetch_old()
{
	[ -f "$old_root/.done" ] && return 0
	command -v curl >/dev/null || { echo "no curl"; return 1; }
	rm -rf "$old_root.tmp" && mkdir -p "$old_root.tmp/debs" || return 1
	for e in $old_debs; do
		deb=${e%%:*} sum=${e#*:}
		f=$old_root.tmp/debs/$deb
		curl -fsS --retry 2 -m 300 -o "$f" \
			"http://deb.debian.org/debian/pool/main/l/linux/$deb" ||
			{ echo "cannot fetch $deb"; return 1; }
		[ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$sum" ] ||
			{ echo "$deb: SHA-256 differs"; return 1; }
		dpkg-deb -x "$f" "$old_root.tmp" || return 1
	done
	rm -rf "$old_root.tmp/debs" "$old_root"
	mv "$old_root.tmp" "$old_root" &&
		sed -i "s|/usr/src/|$old_root/usr/src/|" "$old_kdir/Makefile" &&
		touch "$old_root/.done"
}

t=kmod-kernel-old
if why=$(fetch_old 2>&1); then
	kdirs=$old_kdir
else
	skip $t "$old_ver headers: $why"
	kdirs=""
fi

# The module builds unchanged, without a warning, for every kernel whose
# Debian headers are here (scripts/deps.sh installs the VM's kernel's
# and the newest other series'; the old one above), each into its own
# scratch directory. A kernel whose compiler is not installed (5.10's
# gcc-10) is built with gcc.
t=kmod-kernels
built=""
for kdir in $kdirs /usr/src/linux-headers-*-amd64; do
	[ -f "$kdir/Makefile" ] || continue
	case "$kdir" in *-cloud-amd64 | *-rt-amd64) continue ;; esac
	ver=${kdir##*/linux-headers-}
	kcc=$(sed -n 's/^CC = .*)\(gcc[-0-9]*\)$/\1/p' \
		"$kdir/.kernelvariables" 2>/dev/null)
	cc=""
	command -v "${kcc:-gcc}" >/dev/null || cc=CC=gcc
	kb=$(mktemp -d "${TMPDIR:-/tmp}/vburn-kb.XXXXXX")
	if ! out=$(make --no-print-directory KDIR="$kdir" KBUILD_DIR="$kb" \
		$cc kmod 2>&1) || echo "$out" | grep -q "warning:"; then
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
