#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cross-validation of the MDS/MDF writer (formats/mds_write.c) against
# independent readers (docs/formats.md section 7): mdf2iso (raw 2352 Mode 1
# only) and iat (also 2448-byte sectors) extract our .mdf; cd-info and
# bchunk read it through a cue sheet made from our .mds by a Python
# script (not by our reader), which also checks the descriptor's layout
# (signature, version 1.x, the 0x16 field, offsets, session start -150,
# extra-block lengths adding up to the .mdf size); xorriso reads both
# sessions of a multi-session MDS converted back to an ISO. Everything
# extracted is byte-compared with the source.
#
# usage: tests/formats/mds.sh BUILD_DIR
# Output as tests/formats/run.sh: PASS/FAIL/SKIP lines, "N passed, N
# failed, N skipped", exit status 1 if anything failed.

. "$(dirname "$0")/lib.sh"
fmt_setup mds "$1"

# mds_cue X: checks X.mds and writes X.cue for its first session (tracks
# at their .mdf offsets); prints "ok" or what is wrong.
mds_cue() {
	python3 - "$1" <<'EOF' 2>&1
import os, struct, sys

base = sys.argv[1]
m = open(base + '.mds', 'rb').read()
mdf = os.path.getsize(base + '.mdf')
u16 = lambda o: struct.unpack_from('<H', m, o)[0]
u32 = lambda o: struct.unpack_from('<I', m, o)[0]
s32 = lambda o: struct.unpack_from('<i', m, o)[0]
assert m[:16] == b'MEDIA DESCRIPTOR' and m[16] == 1, 'signature/version'
assert u32(0x16) == 2 and u32(0x50) == 0x58 and u32(0x54) == 0, 'header'
total, cue = 0, ['FILE "%s.mdf" BINARY' % os.path.basename(base)]
for s in range(u16(0x14)):
    sb = 0x58 + 24 * s
    assert u16(sb + 8) == s + 1, 'session number'
    blocks, tb = m[sb + 10], u32(sb + 20)
    firstpoint = True
    for k in range(blocks):
        b = tb + 80 * k
        point, size = m[b + 4], u16(b + 0x10)
        if not 1 <= point <= 99:
            continue
        pregap, length = struct.unpack_from('<II', m, u32(b + 0x0c))
        start, off = u32(b + 0x24), struct.unpack_from('<Q', m, b + 0x28)[0]
        assert off == total, ('offset', point, off, total)
        total += length * size
        if firstpoint:
            assert s32(sb) == start - pregap, 'session start'
            assert s > 0 or s32(sb) == -150, 'session 1 start'
        firstpoint = False
        if s or size != 2352:
            continue
        mode = m[b] & 7
        ty = 'AUDIO' if mode == 1 else 'MODE1/2352' if mode == 2 \
            else 'MODE2/2352'
        f = off // size
        cue += ['  TRACK %02d %s' % (point, ty),
                '    INDEX 01 %02d:%02d:%02d' % (f // 4500, f // 75 % 60,
                                                 f % 75)]
name_off = u32(u32(0x58 + 20) + 80 * 3 + 0x34)
assert m[u32(name_off):u32(name_off) + 6] == b'*.mdf\0', 'file name'
assert total == mdf, ('mdf size', total, mdf)
open(base + '.cue', 'w').write('\n'.join(cue) + '\n')
print('ok')
EOF
}

# 1. ISO -> MDS: mdf2iso and iat give back the ISO byte for byte.
t=mds-mdf2iso-iat
if have "$t" mdf2iso iat && data "$t" "$LD/copying.iso"; then
	rm -f m2i.iso iat.iso
	"$IMG" convert "$LD/copying.iso" c.mds 2>err
	mdf2iso c.mdf m2i.iso >/dev/null 2>&1
	iat c.mdf iat.iso >/dev/null 2>&1
	if [ ! -f c.mds ]; then
		fail "$t" "convert: $(cat err)"
	elif ! cmp -s m2i.iso "$LD/copying.iso"; then
		fail "$t" "mdf2iso's ISO differs from the source"
	elif ! cmp -s iat.iso "$LD/copying.iso"; then
		fail "$t" "iat's ISO differs from the source"
	else
		pass "$t"
	fi
fi

# 2. Raw Mode 1 BIN made by another tool -> MDS: our .mdf is that BIN;
#    cd-info finds the ISO 9660 volume through a cue made from our .mds.
t=mds-raw-cdinfo
if have "$t" cd-info python3 && data "$t" "$LD/isofs-m1.cue"; then
	"$IMG" convert "$LD/isofs-m1.cue" i.mds 2>err
	res=$(mds_cue i)
	ln -sf i.mdf i.bin # libcdio takes the BIN name from the cue's
	out=$(cd-info --no-header --no-device-info --no-cddb -c i.cue 2>&1)
	if [ "$res" != ok ]; then
		fail "$t" "descriptor: $res"
	elif ! cmp -s i.mdf "$LD/isofs-m1.bin"; then
		fail "$t" "the .mdf differs from isofs-m1.bin"
	elif ! echo "$out" | grep -q "1: 00:02:00  000000 data" ||
	    ! echo "$out" | grep -q "170: 00:06:02  000302 leadout" ||
	    ! echo "$out" | grep -q "ISO 9660: .* blocks, label .CDROM"; then
		fail "$t" "cd-info: $(echo "$out" | grep -E 'ISO|[0-9]: ')"
	else
		pass "$t"
	fi
fi

# 3. Data + audio CUE (2048-byte data, mixed sizes in one BIN) -> MDS:
#    cd-info lists the tracks and lead-out, bchunk's ISO and WAVs equal the
#    source BIN's bytes.
t=mds-mixed-cdinfo-bchunk
if have "$t" cd-info bchunk python3 && data "$t" "$UD/mixed.cue"; then
	"$IMG" convert "$UD/mixed.cue" m.mds 2>err
	res=$(mds_cue m)
	ln -sf m.mdf m.bin
	out=$(cd-info --no-header --no-device-info --no-cddb -c m.cue 2>&1)
	rm -f bc0*
	bchunk -w m.mdf m.cue bc >/dev/null 2>&1
	tail -c +45 bc02.wav >a2 2>/dev/null
	tail -c +45 bc03.wav >a3 2>/dev/null
	if [ "$res" != ok ]; then
		fail "$t" "descriptor: $res"
	elif ! echo "$out" | grep -q "2: 00:03:25  000100 audio" ||
	    ! echo "$out" | grep -q "3: 00:04:30  000180 audio" ||
	    ! echo "$out" | grep -q "170: 00:05:15  000240 leadout"; then
		fail "$t" "cd-info: $(echo "$out" | grep -E '[0-9]: ')"
	elif ! cmp -s -n 204800 bc01.iso "$UD/mixed.bin" ||
	    [ "$(stat -c %s bc01.iso)" != 204800 ]; then
		fail "$t" "bchunk's ISO differs from the source data"
	elif ! tail -c +204801 "$UD/mixed.bin" | cmp -s -n $((80 * 2352)) \
	    - a2 ||
	    ! tail -c +$((204800 + 80 * 2352 + 1)) "$UD/mixed.bin" |
	    cmp -s - a3; then
		fail "$t" "bchunk's WAVs differ from the source audio"
	else
		pass "$t"
	fi
fi

# 4. A CCD (with .sub) -> MDS gives 2448-byte sectors (raw + P-W): iat
#    still extracts the ISO. (mdf2iso rejects 2448-byte MDFs:
#    docs/formats.md 7.)
t=mds-2448-iat
if have "$t" iat && data "$t" "$LD/isofs-m1.cue"; then
	rm -f s.iso
	"$IMG" convert "$LD/isofs-m1.cue" s.ccd 2>err &&
		"$IMG" convert s.ccd s.mds 2>>err &&
		"$IMG" convert "$LD/isofs-m1.cue" ref.iso 2>>err
	iat s.mdf s.iso >/dev/null 2>&1
	if [ "$(stat -c %s s.mdf 2>/dev/null)" != $((302 * 2448)) ]; then
		fail "$t" "not 302 sectors of 2448 bytes: $(cat err)"
	elif ! cmp -s s.iso ref.iso; then
		fail "$t" "iat's ISO differs from the source"
	else
		pass "$t"
	fi
fi

# 5. Two sessions (xorrisofs -C/-M at lead-out + 11400) -> MDS -> ISO:
#    the same bytes, xorriso lists both sessions' files.
t=mds-multisession-xorriso
if have "$t" xorriso xorrisofs; then
	ms_iso
	"$IMG" convert ms.iso ms.mds 2>err && "$IMG" convert ms.mds back.iso \
		2>>err
	if ! cmp -s ms.iso back.iso; then
		fail "$t" "MDS -> ISO differs from the source ISO: $(cat err)"
	elif ms_lists_both back.iso; then
		pass "$t"
	else
		fail "$t" "xorriso does not list both sessions' files"
	fi
fi

# 6. Malformed: one line on stderr naming the file, exit status 1.
t=mds-malformed
if [ -f c.mds ]; then
	head -c 100 c.mds >c2.mds
	cp c.mdf c2.mdf
	cp c.mds c3.mds
	head -c 5000 c.mdf >c3.mdf
	malformed "$t" c2.mds c3.mds
fi

fmt_summary
