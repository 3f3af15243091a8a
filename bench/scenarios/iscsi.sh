#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# iscsi: issue 13's figures in the VM, side by side in one run:
#  - dd of a loaded VBURN_BENCH_MB (default 200) MB ISO through the iSCSI
#    initiator's /dev/srN (open-iscsi to LIO over the loopback), through
#    the local TCMU /dev/srN, and of the image file; O_DIRECT, 1 MiB
#    blocks, best of 3 each;
#  - cdrskin -tao of the same ISO to a blank CD-R through iSCSI and
#    through the local TCMU /dev/srN (a fresh blank before each).
# Writes bench.txt. Not a test: bench/iscsi.sh (make bench-iscsi).
# vburn-e2e-timeout: 1800
. "$VBURN_SRC/tests/vm/lib.sh"

require_root
require_cmd dd cdrskin python3 blockdev
require_build vburnd vburnctl vburn-img
require_tcmu
ini=iqn.2026-12.test.vburn-vm:bench
iscsi_initiator "$ini"

mb=${VBURN_BENCH_MB:-200}
out=$VBURN_WORK/bench.txt
: >"$out"
img=$VBURN_TMP/big.iso
portal=127.0.0.1:3260

now()
{
	date +%s.%N
}

secs()
{
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'
}

# best_of3 CMD...: the shortest of three runs of CMD, in seconds
best_of3()
{
	local best=999999 t0 t1 r
	for r in 1 2 3; do
		t0=$(now)
		"$@" 2>/dev/null || fail "$* failed"
		t1=$(now)
		best=$(awk -v a="$best" -v b="$(secs "$t0" "$t1")" \
			'BEGIN { print (b < a ? b : a) }')
	done
	echo "$best"
}

# An ISO of random data with a primary volume descriptor (ECMA-119 8.4).
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

start_vburnd --frontend tcmu --media none --image-dir "$VBURN_TMP/img" \
	--iscsi "$portal" --iscsi-allow "$ini"
T=$(sed -n 's/.*exported as \(iqn[^ ]*\) on .*/\1/p' "$VBURN_WORK/vburnd.log")
must "discovery" iscsiadm -m discovery -t st -p "$portal" -I default
must "login" iscsiadm -m node -T "$T" -p "$portal" -I default --login
has_sr()
{
	[ -n "$(iscsi_sr)" ]
}
wait_for 20 has_sr || fail "no /dev/srN from the session"
rsr=/dev/$(iscsi_sr)
lsr=$VBURN_DEV

must "load" vburnctl load 0 "$img"
for d in "$lsr" "$rsr"; do
	dd if="$d" of=/dev/null bs=2048 count=1 2>/dev/null # media change
	wait_for 20 test "$(blockdev --getsize64 "$d" 2>/dev/null)" = \
		"$((mb * 1048576))" || fail "$d does not show the loaded size"
done
f=$(best_of3 dd if="$img" of=/dev/null bs=1M)
l=$(best_of3 dd if="$lsr" of=/dev/null bs=1M iflag=direct)
r=$(best_of3 dd if="$rsr" of=/dev/null bs=1M iflag=direct)
awk -v m="$mb" -v f="$f" -v l="$l" -v r="$r" 'BEGIN {
	printf "read %d MB: file %.3f s (%.0f MB/s), local TCMU /dev/srN %.3f s (%.0f MB/s), iSCSI /dev/srN %.3f s (%.0f MB/s); iSCSI/local %.2f\n",
		m, f, m * 1.048576 / f, l, m * 1.048576 / l, r, m * 1.048576 / r, r / l }' |
	tee -a "$out"

# burn_time DEV: cdrskin -tao of the ISO to a fresh blank CD-R on DEV;
# prints the seconds only (what must says goes to stderr)
burn_time()
{
	local t0 t1
	must "blank" vburnctl blank 0 cd-r >&2
	sg_raw "$1" 00 00 00 00 00 00 >/dev/null 2>&1 # the media change
	t0=$(now)
	cdrskin dev="$1" -tao "$img" >"$VBURN_TMP/burn.log" 2>&1 ||
		fail "cdrskin to $1 failed: $(tail -n 3 "$VBURN_TMP/burn.log")"
	t1=$(now)
	cmp -n $((mb * 1048576)) "$(captured_image)" "$img" >&2 ||
		fail "the capture of the burn to $1 differs"
	secs "$t0" "$t1"
}
bl=$(burn_time "$lsr")
br=$(burn_time "$rsr")
awk -v m="$mb" -v l="$bl" -v r="$br" 'BEGIN {
	printf "burn %d MB (cdrskin -tao, CD-R): local TCMU %.3f s (%.1f MB/s), iSCSI %.3f s (%.1f MB/s); iSCSI/local %.2f\n",
		m, l, m * 1.048576 / l, r, m * 1.048576 / r, r / l }' | tee -a "$out"
must "logout" iscsiadm -m node -T "$T" -p "$portal" -I default --logout
stop_vburnd || fail "vburnd did not stop cleanly"
pass "figures in bench.txt"
