#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# read-tcmu: issue 8's read figures in the VM, side by side in one run:
#  - dd of a loaded VBURN_BENCH_MB (default 256) MB ISO through the TCMU
#    /dev/srN (O_DIRECT, 1 MiB blocks, so the page cache of the block
#    device does not answer for the drive) against dd of the image file
#    itself (O_DIRECT too, on the same tmpfs-free work disk as possible:
#    the image sits on the guest's tmpfs, read with 1 MiB blocks);
#  - cdparanoia ripping every track of a loaded 5-track audio CUE/BIN
#    (VBURN_BENCH_AUDIO_MIN minutes, default 5) over CUSE, in MB/s and
#    in times real time.
# Best of 3 for each dd. Writes bench.txt. Not a test: bench/read.sh.
# vburn-e2e-timeout: 1800
. "$VBURN_SRC/tests/vm/lib.sh"

require_root
require_cmd dd cdparanoia python3
require_build vburnd vburnctl vburn-img
require_tcmu

mb=${VBURN_BENCH_MB:-256}
amin=${VBURN_BENCH_AUDIO_MIN:-5}
out=$VBURN_WORK/bench.txt
: >"$out"
img=$VBURN_TMP/big.iso

now()
{
	date +%s.%N
}

secs()
{
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'
}

# An ISO of random data with a primary volume descriptor (ECMA-119 8.4)
# saying how large it is, so the formats library loads it as an ISO.
head -c $((mb * 1048576)) /dev/urandom >"$img"
python3 - "$img" "$((mb * 512))" <<'PY'
import struct, sys
with open(sys.argv[1], "r+b") as f:
    n = int(sys.argv[2])
    pvd = bytearray(2048); pvd[0:7] = b"\x01CD001\x01"
    pvd[80:88] = struct.pack("<I", n) + struct.pack(">I", n)
    term = bytearray(2048); term[0:7] = b"\xffCD001\x01"
    f.seek(16 * 2048); f.write(pvd); f.write(term)
PY

start_vburnd --frontend tcmu --media none --image-dir "$VBURN_TMP/img"
dev=$VBURN_DEV
must "load" vburnctl load 0 "$img"
dd if="$dev" of=/dev/null bs=2048 count=1 2>/dev/null # media change
wait_for 10 test "$(blockdev --getsize64 "$dev" 2>/dev/null)" = \
	"$((mb * 1048576))" || fail "$dev does not show the loaded size"
best_dev=999999
best_file=999999
for r in 1 2 3; do
	t0=$(now)
	dd if="$img" of=/dev/null bs=1M 2>/dev/null
	t1=$(now)
	best_file=$(awk -v a="$best_file" -v b="$(secs "$t0" "$t1")" 'BEGIN { print (b < a ? b : a) }')
	t0=$(now)
	dd if="$dev" of=/dev/null bs=1M iflag=direct 2>/dev/null ||
		fail "dd of $dev failed"
	t1=$(now)
	best_dev=$(awk -v a="$best_dev" -v b="$(secs "$t0" "$t1")" 'BEGIN { print (b < a ? b : a) }')
done
awk -v m="$mb" -v f="$best_file" -v d="$best_dev" 'BEGIN {
	printf "dd %d MB: image file %.3f s (%.0f MB/s), TCMU /dev/srN %.3f s (%.0f MB/s), ratio %.2f\n",
		m, f, m * 1.048576 / f, d, m * 1.048576 / d, f / d }' | tee -a "$out"
stop_vburnd || fail "vburnd did not stop cleanly"

# Audio: 5 tracks of noise as a CUE/BIN.
adir=$VBURN_TMP/audio
mkdir -p "$adir"
sectors=$((amin * 60 * 75))
head -c $((sectors * 2352)) /dev/urandom >"$adir/a.bin"
{
	echo 'FILE "a.bin" BINARY'
	for t in 1 2 3 4 5; do
		off=$(((t - 1) * sectors / 5))
		printf '  TRACK %02d AUDIO\n    INDEX 01 %02d:%02d:%02d\n' "$t" \
			$((off / 4500)) $((off / 75 % 60)) $((off % 75))
	done
} >"$adir/a.cue"
start_vburnd --media none --image-dir "$VBURN_TMP/img"
must "load audio" vburnctl load 0 "$adir/a.cue"
cdparanoia -d "$VBURN_DEV" -Q >/dev/null 2>&1 # media change
t0=$(now)
(cd "$adir" && cdparanoia -d "$VBURN_DEV" -B -q >/dev/null 2>&1) ||
	fail "cdparanoia failed"
t1=$(now)
s=$(secs "$t0" "$t1")
awk -v s="$s" -v n="$sectors" 'BEGIN {
	printf "cdparanoia -B, %d sectors (%.1f MB, %.0f s of audio): %.2f s, %.1f MB/s, %.1fx real time\n",
		n, n * 2352 / 1e6, n / 75, s, n * 2352 / 1e6 / s, n / 75 / s }' | tee -a "$out"
stop_vburnd || fail "vburnd did not stop cleanly"
