#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# files-read: issue "images in users' hands"'s benchmark, in one guest,
# side by side. A 520 MB ISO (Rock Ridge + Joliet: 100 files of 5 MB and
# 2000 of 4 KB in 20 directories) is read file by file (`find -type f
# -exec cat`) through `vburn-img mount`, through fuseiso, and through
# the kernel's loop mount of the same ISO; and copied out whole by
# `vburn-img get`, `xorriso -osirrox on -extract` and `7z x`. Page
# caches are dropped before each run (the ISO itself lives in tmpfs);
# best of 3. Every copy is checked against the source tree. Writes
# "bench.txt" into the work dir; run by bench/files.sh.
# vburn-e2e-timeout: 3600
. "$VBURN_SRC/tests/vm/lib.sh"

require_root
require_cmd xorriso mount python3
require_build vburn-img

T=$VBURN_TMP
IMG=$VBURN_BUILD/vburn-img
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
cold() { sync && echo 3 >/proc/sys/vm/drop_caches; }

mkdir -p "$T/src"
for d in $(seq 1 20); do
	mkdir -p "$T/src/d$d"
	for f in $(seq 1 5); do
		head -c 5000000 /dev/urandom >"$T/src/d$d/big$f.bin"
	done
	for f in $(seq 1 100); do
		head -c 4096 /dev/urandom >"$T/src/d$d/small$f.bin"
	done
done
(cd "$T/src" && find . -type f -exec sha256sum {} + | sort -k2) >"$T/sums"
must "make the ISO" xorriso -as mkisofs -quiet -R -J -o "$T/big.iso" "$T/src"
rm -rf "$T/src"
size_mb=$(($(file_size "$T/big.iso") / 1000000))

# best3 CMD...: the best of 3 runs of CMD (after dropping caches), in s
best3()
{
	local best="" t0 t
	for _ in 1 2 3; do
		cold
		t0=$(now)
		"$@" || return 1
		t=$(elapsed "$t0" "$(now)")
		best=$(awk -v a="$best" -v b="$t" \
			'BEGIN { print (a == "" || b < a) ? b : a }')
	done
	echo "$best"
}

read_all() { find "$1" -type f -exec cat {} + >/dev/null; }
check_tree() { (cd "$1" && sha256sum -c --quiet "$T/sums"); }

mnt=$T/mnt
mkdir -p "$mnt"
on_exit "umount '$mnt' 2>/dev/null; fusermount3 -u '$mnt' 2>/dev/null"
{
	echo "iso_mb=$size_mb files=2100 kernel=$(uname -r) cpus=$(nproc)"
	# the kernel's loop mount
	mount -o loop,ro "$T/big.iso" "$mnt" || fail "loop mount"
	check_tree "$mnt" || fail "loop mount: files differ"
	echo "read_loop_seconds=$(best3 read_all "$mnt")"
	umount "$mnt"
	# vburn-img mount
	"$IMG" mount "$T/big.iso" "$mnt" || fail "vburn-img mount"
	check_tree "$mnt" || fail "vburn-img mount: files differ"
	echo "read_vburn_seconds=$(best3 read_all "$mnt")"
	fusermount3 -u "$mnt"
	# fuseiso, where it is installed
	if command -v fuseiso >/dev/null; then
		fuseiso "$T/big.iso" "$mnt" || fail "fuseiso"
		check_tree "$mnt" || fail "fuseiso: files differ"
		echo "read_fuseiso_seconds=$(best3 read_all "$mnt")"
		fusermount3 -u "$mnt"
	else
		echo "read_fuseiso_seconds=skipped (not installed)"
	fi
	# copying the whole tree out
	get_vburn() { rm -rf "$T/out" && "$IMG" get "$T/big.iso" / "$T/out"; }
	get_xorriso() {
		rm -rf "$T/out" && xorriso -osirrox on -indev "$T/big.iso" \
			-extract / "$T/out" >/dev/null 2>&1
	}
	get_7z() { rm -rf "$T/out" && 7z x -o"$T/out" "$T/big.iso" >/dev/null; }
	echo "get_vburn_seconds=$(best3 get_vburn)"
	check_tree "$T/out" || fail "vburn-img get: files differ"
	echo "get_xorriso_seconds=$(best3 get_xorriso)"
	check_tree "$T/out" || fail "xorriso -extract: files differ"
	if command -v 7z >/dev/null; then
		echo "get_7z_seconds=$(best3 get_7z)"
		check_tree "$T/out" || fail "7z x: files differ"
	else
		echo "get_7z_seconds=skipped (not installed)"
	fi
	rm -rf "$T/out"
} >"$VBURN_WORK/bench.txt" # not a pipe: fail must end the scenario
cat "$VBURN_WORK/bench.txt"
pass "benchmark done"
