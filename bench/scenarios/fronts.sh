#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fronts: issue 12's front-end figures, side by side in one boot, for
# CUSE, TCMU and our kernel module (kmod):
#  - a sleepless burn: bench/sgio_bench writes VBURN_BENCH_MB (default
#    200) MiB to a blank DVD+R as WRITE(10)s of 64 KiB back to back, then
#    SYNCHRONIZE CACHE: the transport and the daemon, without libburn's
#    own sleeps (bench/scenarios/burn-cuse.sh measures those);
#  - reading a loaded ISO of that size with READ(10)s of 64 KiB through
#    SG_IO, and, where the front end gives a block device (TCMU, kmod),
#    dd of /dev/srN with O_DIRECT and 1 MiB blocks, as the kernel's sr
#    splits them.
#  - the same with the image file directly, as the baseline every front
#    end is measured against: dd writing the size in 64 KiB blocks to a
#    file beside the captures, then fsync (what a capture ends with), and
#    dd reading the ISO in 64 KiB and in 1 MiB blocks (from the page
#    cache, where the drive reads it from too).
# Best of 3 each; ratios against the file and against CUSE. Writes
# bench.txt. Not a test:
# bench/fronts.sh (make bench-fronts).
# vburn-e2e-timeout: 1800
. "$VBURN_SRC/tests/vm/lib.sh"

require_root
require_cmd dd python3 blockdev
require_build vburnd vburnctl sgio_bench
require_tcmu

mb=${VBURN_BENCH_MB:-200}
ko=$VBURN_BUILD/kbuild-vm/kmod/vburn_hba.ko
[ -f "$ko" ] || skip "$ko absent (make bench-fronts builds it)"
must "insmod" insmod "$ko"
on_exit "rmmod vburn_hba 2>/dev/null"
out=$VBURN_WORK/bench.txt
: >"$out"

# An ISO of random data whose primary volume descriptor (ECMA-119 8.4)
# gives its size, so that it loads as an ISO.
iso=$VBURN_TMP/load.iso
head -c $((mb * 1048576)) /dev/urandom >"$iso"
python3 - "$iso" "$((mb * 512))" <<'PY'
import struct, sys
with open(sys.argv[1], "r+b") as f:
    n = int(sys.argv[2])
    pvd = bytearray(2048); pvd[0:7] = b"\x01CD001\x01"
    pvd[80:88] = struct.pack("<I", n) + struct.pack(">I", n)
    term = bytearray(2048); term[0:7] = b"\xffCD001\x01"
    f.seek(16 * 2048); f.write(pvd); f.write(term)
PY

# secs_of "... in S s: ...": S
secs_of()
{
	sed -n 's/.* in \([0-9.]*\) s:.*/\1/p'
}

min()
{
	awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'
}

now()
{
	date +%s.%N
}

declare -A W R D
# elapsed CMD...: seconds CMD took, or nothing if it failed
elapsed()
{
	local t0
	t0=$(now)
	"$@" 2>/dev/null || return 0
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}
w= r= d=
file=$VBURN_TMP/direct.bin
for round in 1 2 3; do
	rm -f "$file"
	w=$(min "$w" "$(elapsed dd if=/dev/zero of="$file" bs=64K \
		count=$((mb * 16)) conv=fsync)")
	r=$(min "$r" "$(elapsed dd if="$iso" of=/dev/null bs=64K)")
	d=$(min "$d" "$(elapsed dd if="$iso" of=/dev/null bs=1M)")
done
rm -f "$file"
[ -n "$w" ] && [ -n "$r" ] && [ -n "$d" ] || fail "dd of the file failed"
W[file]=$w R[file]=$r D[file]=$d
awk -v m="$mb" -v w="$w" -v r="$r" -v d="$d" 'BEGIN {
	printf "file  write %d MiB %.3f s (%.0f MB/s), read 64 KiB %.3f s (%.0f MB/s), dd 1 MiB %.3f s (%.0f MB/s)\n",
		m, w, m * 1.048576 / w, r, m * 1.048576 / r, d, m * 1.048576 / d }' |
	tee -a "$out"
for front in cuse tcmu kmod; do
	img=$VBURN_TMP/img-$front
	w= r= d=
	for round in 1 2 3; do
		rm -rf "$img"
		start_vburnd --frontend "$front" --media dvd+r --image-dir "$img"
		s=$("$VBURN_BUILD/sgio_bench" write "$VBURN_DEV" "$mb" | secs_of)
		[ -n "$s" ] || fail "$front: sgio_bench write failed"
		w=$(min "$w" "$s")
		must "stop" stop_vburnd
	done
	rm -rf "$img"
	start_vburnd --frontend "$front" --media none --image-dir "$img"
	must "load" vburnctl load 0 "$iso"
	# the first command after a load reports the media change
	"$VBURN_BUILD/sgio_bench" read "$VBURN_DEV" 1 >/dev/null 2>&1
	for round in 1 2 3; do
		s=$("$VBURN_BUILD/sgio_bench" read "$VBURN_DEV" "$mb" | secs_of)
		[ -n "$s" ] || fail "$front: sgio_bench read failed"
		r=$(min "$r" "$s")
		if [ -b "$VBURN_DEV" ]; then
			wait_for 10 test "$(blockdev --getsize64 "$VBURN_DEV" \
				2>/dev/null)" = $((mb * 1048576)) ||
				fail "$VBURN_DEV does not show the loaded size"
			t0=$(now)
			dd if="$VBURN_DEV" of=/dev/null bs=1M iflag=direct \
				2>/dev/null || fail "$front: dd failed"
			d=$(min "$d" "$(awk -v a="$t0" -v b="$(now)" \
				'BEGIN { printf "%.3f", b - a }')")
		fi
	done
	must "stop" stop_vburnd
	W[$front]=$w R[$front]=$r D[$front]=${d:-}
	awk -v f="$front" -v m="$mb" -v w="$w" -v r="$r" -v d="${d:-}" 'BEGIN {
		printf "%-5s write %d MiB %.3f s (%.0f MB/s), READ(10) %.3f s (%.0f MB/s)",
			f, m, w, m * 1.048576 / w, r, m * 1.048576 / r
		if (d != "") printf ", dd /dev/srN %.3f s (%.0f MB/s)", d, m * 1.048576 / d
		printf "\n" }' | tee -a "$out"
done
awk -v fw="${W[file]}" -v fr="${R[file]}" -v fd="${D[file]}" \
	-v cw="${W[cuse]}" -v tw="${W[tcmu]}" -v kw="${W[kmod]}" \
	-v cr="${R[cuse]}" -v tr="${R[tcmu]}" -v kr="${R[kmod]}" \
	-v td="${D[tcmu]}" -v kd="${D[kmod]}" 'BEGIN {
	printf "time ratios, write: tcmu/cuse %.2f, kmod/cuse %.2f, kmod/tcmu %.2f\n",
		tw / cw, kw / cw, kw / tw
	printf "time ratios, READ(10): tcmu/cuse %.2f, kmod/cuse %.2f, kmod/tcmu %.2f\n",
		tr / cr, kr / cr, kr / tr
	printf "time ratio, dd: kmod/tcmu %.2f\n", kd / td
	printf "time against the file, write: cuse %.2f, tcmu %.2f, kmod %.2f\n",
		cw / fw, tw / fw, kw / fw
	printf "time against the file, read 64 KiB: cuse %.2f, tcmu %.2f, kmod %.2f\n",
		cr / fr, tr / fr, kr / fr
	printf "time against the file, dd 1 MiB: tcmu %.2f, kmod %.2f\n",
		td / fd, kd / fd }' | tee -a "$out"
pass "front-end figures in $out"
