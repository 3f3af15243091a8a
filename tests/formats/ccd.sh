#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cross-validation of the CloneCD writer (formats/ccd_write.c) against
# independent readers (docs/formats.md section 7): ccd2iso and iat extract our
# .img; cd-info and bchunk read it through a cue sheet made from our .ccd
# by an awk script (not by our reader); a Python script checks every Q of
# our .sub (CRC, BCD addresses, track/index, MCN) and the P pause flag;
# xorriso reads both sessions of a multi-session CCD converted back to an
# ISO. Everything extracted is byte-compared with the source.
#
# usage: tests/formats/ccd.sh BUILD_DIR
# Output as tests/formats/run.sh: PASS/FAIL/SKIP lines, "N passed, N
# failed, N skipped", exit status 1 if anything failed.

. "$(dirname "$0")/lib.sh"
fmt_setup ccd "$1"

# ccd_cue X.ccd: a cue sheet for session 1 of X.img, from the [Entry]
# (Point, Control, PLBA) and [TRACK] (MODE) sections alone.
ccd_cue() {
	base=${1%.ccd}
	tr -d '\r' <"$1" | awk -v img="$(basename "$base").img" '
	function hex(s,  v, i) {
		v = 0
		for (i = 3; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef",
					   tolower(substr(s, i, 1))) - 1
		return v
	}
	/^\[Entry/ { e = 1; t = 0; next }
	/^\[TRACK/ { e = 0; t = $2 + 0; next }
	/^\[/ { e = 0; t = 0; next }
	e && /^Session=/ { s = substr($0, 9) + 0 }
	e && /^Point=/ { p = hex(substr($0, 7)) }
	e && /^Control=/ { c = hex(substr($0, 9)) }
	e && /^PLBA=/ { if (s == 1 && p >= 1 && p <= 99) {
		lba[p] = substr($0, 6) + 0; ctl[p] = c; n[p] = 1 } }
	t && /^MODE=/ { mode[t] = substr($0, 6) + 0 }
	END {
		printf "FILE \"%s\" BINARY\n", img
		for (p = 1; p <= 99; p++) {
			if (!n[p]) continue
			ty = "AUDIO"
			if (int(ctl[p] / 4) % 2)
				ty = mode[p] == 2 ? "MODE2/2352" : "MODE1/2352"
			printf "  TRACK %02d %s\n", p, ty
			f = lba[p]
			printf "    INDEX 01 %02d:%02d:%02d\n", int(f / 4500),
			       int(f / 75) % 60, f % 75
		}
	}' >"$base.cue"
}

# 1. ISO -> CCD: ccd2iso and iat give back the ISO byte for byte.
t=ccd-ccd2iso-iat
if have "$t" ccd2iso iat && data "$t" "$LD/copying.iso"; then
	rm -f c2i.iso iat.iso
	"$IMG" convert "$LD/copying.iso" c.ccd 2>err
	ccd2iso c.img c2i.iso >/dev/null 2>&1
	iat c.img iat.iso >/dev/null 2>&1
	if [ ! -f c.ccd ] || [ ! -f c.sub ]; then
		fail "$t" "convert: $(cat err)"
	elif ! cmp -s c2i.iso "$LD/copying.iso"; then
		fail "$t" "ccd2iso's ISO differs from the source"
	elif ! cmp -s iat.iso "$LD/copying.iso"; then
		fail "$t" "iat's ISO differs from the source"
	else
		pass "$t"
	fi
fi

# 2. Raw Mode 1 BIN made by another tool -> CCD: our .img is that BIN;
#    cd-info finds the ISO 9660 volume through a cue made from our .ccd.
t=ccd-raw-cdinfo
if have "$t" cd-info && data "$t" "$LD/isofs-m1.cue"; then
	"$IMG" convert "$LD/isofs-m1.cue" i.ccd 2>err
	ccd_cue i.ccd
	ln -sf i.img i.bin # libcdio takes the BIN name from the cue's
	out=$(cd-info --no-header --no-device-info --no-cddb -c i.cue 2>&1)
	if ! cmp -s i.img "$LD/isofs-m1.bin"; then
		fail "$t" "the .img differs from isofs-m1.bin"
	elif ! echo "$out" | grep -q "1: 00:02:00  000000 data" ||
	    ! echo "$out" | grep -q "170: 00:06:02  000302 leadout" ||
	    ! echo "$out" | grep -q "ISO 9660: .* blocks, label .CDROM"; then
		fail "$t" "cd-info: $(echo "$out" | grep -E 'ISO|[0-9]: ')"
	else
		pass "$t"
	fi
fi

# 3. Data + audio CUE (2048-byte data, mixed sizes in one BIN) -> CCD:
#    cd-info lists the tracks and lead-out, bchunk's ISO and WAVs equal the
#    source BIN's bytes.
t=ccd-mixed-cdinfo-bchunk
if have "$t" cd-info bchunk && data "$t" "$UD/mixed.cue"; then
	"$IMG" convert "$UD/mixed.cue" m.ccd 2>err
	ccd_cue m.ccd
	ln -sf m.img m.bin
	out=$(cd-info --no-header --no-device-info --no-cddb -c m.cue 2>&1)
	rm -f bc0*
	bchunk -w m.img m.cue bc >/dev/null 2>&1
	tail -c +45 bc02.wav >a2 2>/dev/null
	tail -c +45 bc03.wav >a3 2>/dev/null
	if ! echo "$out" | grep -q "2: 00:03:25  000100 audio" ||
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

# 4. The .sub, checked sector by sector by an independent script: Q CRC,
#    ADR 1 track/index/relative/absolute BCD time, ADR 2 MCN, P = pause
#    flag in pregaps (session 1, LBA = .img sector).
t=ccd-sub-python
if have "$t" python3 && [ -f i.ccd ] && [ -f m.ccd ]; then
	res=$(python3 - i m <<'EOF' 2>&1
import sys

def crc16(b):
    c = 0
    for x in b:
        c ^= x << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021) if c & 0x8000 else c << 1
            c &= 0xffff
    return c ^ 0xffff

def bcd(v):
    return (v // 10) << 4 | v % 10

def msf(lba):
    return [bcd(lba // 4500), bcd(lba // 75 % 60), bcd(lba % 75)]

for name in sys.argv[1:]:
    tracks, mcn = {}, None
    for line in open(name + '.ccd', encoding='ascii').read().splitlines():
        if line.startswith('CATALOG='):
            mcn = line[8:]
        if line.startswith('Point='):
            point = int(line[6:], 16)
        if line.startswith('PLBA=') and 1 <= point <= 99:
            tracks[point] = int(line[5:])
    sub = open(name + '.sub', 'rb').read()
    starts = sorted((v, k) for k, v in tracks.items())
    n2 = 0
    for lba in range(len(sub) // 96):
        p, q = sub[lba * 96:lba * 96 + 12], sub[lba * 96 + 12:lba * 96 + 24]
        assert crc16(q[:10]) == q[10] << 8 | q[11], (name, lba, 'CRC')
        tno = max(k for v, k in starts if v <= lba)
        nxt = [v for v, k in starts if v > lba]
        adr = q[0] & 15
        if adr == 2:
            digits = ''.join('%02x' % x for x in q[1:8])[:13]
            assert digits == mcn, (name, lba, 'MCN', digits)
            n2 += 1
            continue
        assert adr == 1, (name, lba, 'ADR', adr)
        assert q[1] == bcd(tno) and q[2] == 1, (name, lba, 'TNO/INDEX')
        assert list(q[3:6]) == msf(lba - tracks[tno]), (name, lba, 'rel')
        assert list(q[7:10]) == msf(lba + 150), (name, lba, 'abs')
        assert p == bytes(12), (name, lba, 'P')
    assert n2 == (3 if mcn else 0), (name, 'MCN count', n2)
print('ok')
EOF
)
	if [ "$res" = ok ]; then pass "$t"; else fail "$t" "$res"; fi
fi

# 5. Two sessions (xorrisofs -C/-M at lead-out + 11400) -> CCD -> ISO:
#    the same bytes, xorriso lists both sessions' files; the .ccd has
#    session 2's track at its LBA.
t=ccd-multisession-xorriso
if have "$t" xorriso xorrisofs; then
	ms_iso
	"$IMG" convert ms.iso ms.ccd 2>err && "$IMG" convert ms.ccd back.iso \
		2>>err
	if ! tr -d '\r' <ms.ccd | grep -q "^PLBA=$S2$" ||
	    [ "$(tr -d '\r' <ms.ccd | grep -c '^\[Session')" != 2 ]; then
		fail "$t" "the .ccd has no session 2 at $S2: $(cat err)"
	elif ! cmp -s ms.iso back.iso; then
		fail "$t" "CCD -> ISO differs from the source ISO"
	elif ms_lists_both back.iso; then
		pass "$t"
	else
		fail "$t" "xorriso does not list both sessions' files"
	fi
fi

# 6. Malformed: one line on stderr naming the file, exit status 1.
t=ccd-malformed
if [ -f c.ccd ]; then
	head -c 2000 c.img >c2.img
	cp c.ccd c2.ccd
	sed 's/TocEntries=4/TocEntries=99999/' c.ccd >c3.ccd
	cp c.img c3.img
	malformed "$t" c2.ccd c3.ccd
fi

fmt_summary
