#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 19d-tao-xa: CD-ROM XA burned Track At Once by wodim (issue "record
# everything", page 05 data block types): one session of four XA tracks,
# -xa (Form 1 user data, block type 10), -xa1 (Form 1 with its
# subheader, 11), -xa2 (Form 2 user data, 12) and -xamix (either form
# with its subheader, 13). READ CD of every sector, raw (sg_raw), must
# give a valid Mode 2 sector whose subheader and data are what was sent
# (the drive adds EDC/ECC); cd-info lists four Mode 2 data tracks; the
# capture verifies (EDC/ECC of every raw sector). Then, on a new blank,
# an audio track written TAO with page 05 block type 2 (2448 bytes: PCM
# and packed P-W) through sg_raw: READ CD with raw P-W gives the PCM and
# the R-W sent back under the drive's own P and Q.
# vburn-e2e-timeout: 400
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd wodim sg_raw cd-info python3
require_build vburnd vburnctl vburn-img

T=$VBURN_TMP
N=300 # sectors per track: cdrecord's 4 s minimum
# the tracks' files and, in want-K.bin, each sector's bytes 16 on as the
# drive must record them (subheader + data; Form 1 user data gets a data
# subheader, Form 2 one with the Form 2 bit)
python3 - "$T" "$N" <<'PY'
import random, sys
d, n = sys.argv[1], int(sys.argv[2])
random.seed(194)
sub1, sub2 = bytes([0, 0, 8, 0]) * 2, bytes([0, 0, 0x20, 0]) * 2
tracks = {"xa": b"", "xa1": b"", "xa2": b"", "xamix": b""}
want = {k: [] for k in tracks}
for i in range(n):
    u = random.randbytes(2048)
    tracks["xa"] += u
    want["xa"].append((None, u))
    u = random.randbytes(2048)
    tracks["xa1"] += sub1 + u
    want["xa1"].append((sub1, u))
    u = random.randbytes(2324)
    tracks["xa2"] += u
    want["xa2"].append((None, u))
    if i % 3 == 1:
        u = random.randbytes(2324)
        tracks["xamix"] += sub2 + u
    else:
        u = random.randbytes(2048)
        tracks["xamix"] += sub1 + u + bytes(2324 - 2048)
    want["xamix"].append((sub2 if i % 3 == 1 else sub1, u))
for k, v in tracks.items():
    open(f"{d}/{k}.bin", "wb").write(v)
    with open(f"{d}/want-{k}.txt", "w") as f:
        for s, u in want[k]:
            f.write(("-" if s is None else s.hex()) + " " + u.hex() + "\n")
PY

start_vburnd --media cd-r --image-dir "$VBURN_WORK/img"
must "wodim -tao -xa -xa1 -xa2 -xamix" wodim -v gracetime=0 dev="$VBURN_DEV" -tao \
	-xa "$T/xa.bin" -xa1 "$T/xa1.bin" -xa2 "$T/xa2.bin" \
	-xamix "$T/xamix.bin"
cd-info --no-device-info --no-cddb -q -C "$VBURN_DEV" >"$T/cdinfo.txt" 2>&1
starts=$(cdinfo_tracks <"$T/cdinfo.txt" |
	sed -n 's/^ *[1-4]: [0-9:]* *\([0-9]*\) data .*/\1/p')
[ "$(echo "$starts" | wc -w)" = 4 ] &&
	grep -q "Disc mode is listed as: .*Mode 2" "$T/cdinfo.txt" || {
	cat "$T/cdinfo.txt"
	fail "cd-info does not list four Mode 2 data tracks"
}
k=0
for name in xa xa1 xa2 xamix; do
	k=$((k + 1))
	lba=$((10#$(echo "$starts" | sed -n "${k}p"))) # cd-info: 000450
	: >"$T/read-$name.bin"
	for ((i = 0; i < N; i += 20)); do
		a=$((lba + i))
		sg_raw -r $((20 * 2352)) -o "$T/part.bin" "$VBURN_DEV" \
			be 00 $(printf '%02x %02x %02x %02x' $((a >> 24)) \
			$((a >> 16 & 255)) $((a >> 8 & 255)) $((a & 255))) \
			00 00 14 f8 00 00 >/dev/null 2>&1 ||
			fail "$name: READ CD raw at LBA $a failed"
		cat "$T/part.bin" >>"$T/read-$name.bin"
	done
	python3 - "$T/read-$name.bin" "$T/want-$name.txt" "$lba" <<'PY' ||
import sys
raw = open(sys.argv[1], "rb").read()
lba0 = int(sys.argv[3])
for i, line in enumerate(open(sys.argv[2])):
    sub, user = line.split()
    s = raw[i * 2352:(i + 1) * 2352]
    assert s[:12] == b"\0" + b"\xff" * 10 + b"\0", f"sector {i}: no sync"
    assert s[15] == 2, f"sector {i}: mode {s[15]}"
    form2 = s[18] & 0x20
    if sub != "-":
        assert s[16:24] == bytes.fromhex(sub), f"sector {i}: subheader"
    u = bytes.fromhex(user)
    assert s[24:24 + len(u)] == u, \
        f"sector {i}: data differs: read {s[16:40].hex()}, sent {sub} {u[:16].hex()}"
    assert bool(form2) == (len(u) == 2324), f"sector {i}: wrong form"
print(f"{i + 1} sectors equal")
PY
		fail "$name: a sector read raw differs from what was sent"
	pass "$name: $N sectors read raw carry the subheader and data sent"
done
vburnctl eject 0 >/dev/null # waits for the capture
cap=$(ls "$VBURN_WORK"/img/*.c* 2>/dev/null | grep -E '\.(cue|ccd)$' | head -n 1)
[ -n "$cap" ] || fail "no CUE or CCD capture: $(ls "$VBURN_WORK/img")"
must "vburn-img verify $(basename "$cap")" "$VBURN_BUILD/vburn-img" verify "$cap"
pass "the capture ($(basename "$cap")) verifies, EDC/ECC of every sector"

# TAO audio with R-W (block type 2), as no client here writes it
must "insert a blank CD-R" vburnctl blank 0 cd-r
# until TEST UNIT READY is good: the media change reported, the medium in
tur() { sg_raw "$VBURN_DEV" 00 00 00 00 00 00 >/dev/null 2>&1; }
wait_for 10 tur ||
	fail "the new blank does not become ready"
python3 - "$T" "$N" <<'PY'
import random, sys
d, n = sys.argv[1], int(sys.argv[2])
random.seed(195)
page = bytearray(8 + 52)
page[8:10] = b"\x05\x32"
page[10], page[11], page[12] = 0x01, 0x00, 2  # TAO, audio, block type 2
page[22:24] = (150).to_bytes(2, "big")  # audio pause length
open(f"{d}/p05.bin", "wb").write(page)
with open(f"{d}/rw.bin", "wb") as f:
    for i in range(n):
        f.write(random.randbytes(2352))
        f.write(bytes(0xc0 | ((k * 5 + i * 3) & 0x3f) for k in range(96)))
PY
sg_raw -s 60 -i "$T/p05.bin" "$VBURN_DEV" 55 10 00 00 00 00 00 00 3c 00 \
	>"$T/sg.out" 2>&1 ||
	fail "MODE SELECT of page 05 (block type 2): $(tr '\n' ' ' <"$T/sg.out")"
for ((i = 0; i < N; i += 20)); do
	dd if="$T/rw.bin" of="$T/part.bin" bs=2448 skip=$i count=20 \
		status=none
	sg_raw -s $((20 * 2448)) -i "$T/part.bin" "$VBURN_DEV" 2a 00 00 00 \
		$(printf '%02x %02x' $((i >> 8)) $((i & 255))) 00 00 14 00 \
		>"$T/sg.out" 2>&1 ||
		fail "WRITE of 2448-byte blocks at $i: $(tr '\n' ' ' <"$T/sg.out")"
done
sg_raw "$VBURN_DEV" 35 00 00 00 00 00 00 00 00 00 >/dev/null 2>&1 &&
	sg_raw "$VBURN_DEV" 5b 00 02 00 00 00 00 00 00 00 >/dev/null 2>&1 ||
	fail "SYNCHRONIZE CACHE or CLOSE SESSION after the R-W track"
: >"$T/rw-read.bin"
for ((i = 0; i < N; i += 20)); do
	sg_raw -r $((20 * 2448)) -o "$T/part.bin" "$VBURN_DEV" be 04 00 00 \
		$(printf '%02x %02x' $((i >> 8)) $((i & 255))) 00 00 14 10 01 \
		00 >/dev/null 2>&1 || fail "READ CD with raw P-W at $i failed"
	cat "$T/part.bin" >>"$T/rw-read.bin"
done
python3 - "$T/rw.bin" "$T/rw-read.bin" <<'PY' ||
import sys
sent, got = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
assert len(sent) == len(got), f"{len(got)} bytes read, {len(sent)} sent"
for i in range(len(sent) // 2448):
    a, b = sent[i * 2448:(i + 1) * 2448], got[i * 2448:(i + 1) * 2448]
    assert a[:2352] == b[:2352], f"block {i}: PCM differs"
    rw = all((x & 0x3f) == (y & 0x3f) for x, y in zip(a[2352:], b[2352:]))
    assert rw, f"block {i}: R-W differs"
PY
	fail "the TAO R-W track does not read back as sent"
pass "TAO block type 2: $N blocks of PCM and R-W read back as sent"
stop_vburnd || fail "vburnd did not stop cleanly"
