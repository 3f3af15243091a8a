#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 19c-sao-subchannel: CD+G as cdrdao burns it (issue "record everything",
# docs/clients.md 3.2): a TOC whose audio track carries R-W subchannel, "RW"
# (packed, cue sheet data form C0h) and "RW_RAW" (raw, 40h), each sector
# 2352 bytes of PCM and 96 of R-W in the data file. The drive makes P and
# Q itself and keeps the R-W with each sector:
#  - READ CD with raw P-W (sg_raw) gives every sector's PCM and R-W as
#    burned, under a Q that names track 1 (the drive's, not the file's);
#  - cdrdao read-cd --read-subchan rw_raw, a second client, reads the
#    same R-W;
#  - the capture (CloneCD: its .sub holds every sector's P-W) verifies,
#    and its .sub has the burned R-W, taken apart channel by channel.
# The same again with cdrdao's raw driver (generic-mmc-raw: RAW96 blocks
# whose P-W it makes itself, the R-W from the TOC's data file), where the
# drive follows Q and keeps R-W from the first block that has some.
# vburn-e2e-timeout: 400
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cdrdao sg_raw python3
require_build vburnd vburnctl vburn-img

T=$VBURN_TMP
N=600 # sectors: 8 s, above cdrdao's 4 s minimum track length

# cdg.bin: N sectors of PCM (big-endian samples, as cdrdao's data files
# hold them) each followed by 96 R-W symbols (6 bits; the top two bits
# set, which the drive must ignore: P and Q are its own).
python3 - "$T" "$N" <<'PY'
import random, sys
d, n = sys.argv[1], int(sys.argv[2])
random.seed(193)
with open(f"{d}/cdg.bin", "wb") as f:
    for i in range(n):
        f.write(random.randbytes(2352))
        f.write(bytes(0xc0 | random.randrange(64) for _ in range(96)))
PY

# check_rw WHAT FILE SWAP: FILE holds N sectors of 2352 + 96 bytes as
# read back; its PCM (byte-swapped if SWAP=1: the disc's samples are
# little-endian) and the low 6 bits of its subchannel must equal
# cdg.bin's.
check_rw()
{
	python3 - "$T/cdg.bin" "$2" "$N" "$3" <<'PY' || fail "$1: PCM or R-W differ from what was burned"
import sys
src, got_path, n, swap = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
want, got = open(src, "rb").read(), open(got_path, "rb").read()
assert len(got) == n * 2448, f"{len(got)} bytes read, {n * 2448} expected"
for i in range(n):
    w, g = want[i * 2448:(i + 1) * 2448], got[i * 2448:(i + 1) * 2448]
    pcm = bytearray(g[:2352])
    if swap:
        pcm[0::2], pcm[1::2] = pcm[1::2], pcm[0::2]
    assert bytes(pcm) == w[:2352], f"sector {i}: PCM differs"
    for k in range(96):
        assert g[2352 + k] & 0x3f == w[2352 + k] & 0x3f, f"sector {i}: R-W byte {k}"
print(f"{n} sectors: PCM and R-W equal")
PY
}

# q_of FILE I: track and index of sector I's Q (bit 6 of each P-W byte).
q_of()
{
	python3 - "$1" "$2" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read()
i = int(sys.argv[2])
sub = raw[i * 2448 + 2352:(i + 1) * 2448]
q = bytes(sum(((sub[b * 8 + j] >> 6) & 1) << (7 - j) for j in range(8)) for b in range(12))
print("adr=%d tno=%02x index=%02x" % (q[0] & 15, q[1], q[2]))
PY
}

for run in RW RW_RAW raw96; do
	sub=$run driver=generic-mmc
	[ $run = raw96 ] && sub=RW_RAW driver=generic-mmc-raw
	cat >"$T/cdg-$sub.toc" <<EOF
CD_DA
TRACK AUDIO $sub
DATAFILE "$T/cdg.bin"
EOF
	img=$VBURN_WORK/img-$run
	start_vburnd --media cd-r --image-dir "$img"
	must "cdrdao write --driver $driver (TRACK AUDIO $sub)" cdrdao write \
		--device "$VBURN_DEV" --driver $driver -n "$T/cdg-$sub.toc"
	# READ CD (BEh), CD-DA, user data, raw P-W: 20 sectors a command
	: >"$T/sg.bin"
	for ((lba = 0; lba < N; lba += 20)); do
		sg_raw -r $((20 * 2448)) -o "$T/part.bin" "$VBURN_DEV" \
			be 04 $(printf '%02x %02x %02x %02x' $((lba >> 24)) \
			$((lba >> 16 & 255)) $((lba >> 8 & 255)) $((lba & 255))) \
			00 00 14 10 01 00 >/dev/null 2>&1 ||
			fail "$run: READ CD with raw P-W at LBA $lba failed"
		cat "$T/part.bin" >>"$T/sg.bin"
	done
	check_rw "$run: READ CD (sg_raw)" "$T/sg.bin" 1
	[ "$(q_of "$T/sg.bin" 10)" = "adr=1 tno=01 index=01" ] ||
		fail "$run: Q of LBA 10 is $(q_of "$T/sg.bin" 10), not track 1"
	pass "$run: READ CD gives every sector's PCM and R-W as burned, under the drive's Q"
	rm -f "$T/read.bin" "$T/read.toc"
	must "cdrdao read-cd --read-subchan rw_raw ($run)" cdrdao read-cd \
		--device "$VBURN_DEV" --driver generic-mmc \
		--read-subchan rw_raw --datafile "$T/read.bin" "$T/read.toc"
	grep -q "TRACK AUDIO RW_RAW" "$T/read.toc" ||
		fail "$run: cdrdao read-cd's TOC has no RW_RAW track: $(grep TRACK "$T/read.toc")"
	check_rw "$run: cdrdao read-cd" "$T/read.bin" 0
	pass "$run: cdrdao read-cd reads the same PCM and R-W"
	vburnctl eject 0 >/dev/null # waits for the capture
	cap=$(ls "$img"/*.ccd 2>/dev/null | head -n 1)
	[ -n "$cap" ] || fail "$run: no CloneCD capture in $img: $(ls "$img")"
	must "vburn-img verify ($run)" "$VBURN_BUILD/vburn-img" verify "$cap"
	# CloneCD .sub: 96 bytes a sector, 12 per channel P..W; put the
	# channels back into one byte per symbol to compare the R-W
	python3 - "${cap%.ccd}.img" "${cap%.ccd}.sub" "$T/ccd.bin" <<'PY' ||
import sys
img, sub = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
n = len(sub) // 96
with open(sys.argv[3], "wb") as f:
    for i in range(n):
        lin = sub[i * 96:(i + 1) * 96]
        raw = bytes(sum(((lin[c * 12 + b // 8] >> (7 - b % 8)) & 1) << (7 - c)
                        for c in range(8)) for b in range(96))
        f.write(img[i * 2352:(i + 1) * 2352] + raw)
PY
		fail "$run: cannot read the capture's .img/.sub"
	# the track is the capture's last N sectors (before them, any
	# part of its pregap the host sent)
	tail -c $((N * 2448)) "$T/ccd.bin" >"$T/ccd-prog.bin"
	check_rw "$run: the CloneCD capture" "$T/ccd-prog.bin" 1
	pass "$run: the capture ($(basename "$cap")) verifies and its .sub keeps the R-W"
	stop_vburnd || fail "vburnd did not stop cleanly"
done
