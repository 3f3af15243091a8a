#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cross-validation of the formats library against independent readers
# (docs/formats.md section 7): what vburn-img writes must be read correctly by
# cd-info, iso-info, cdrdao show-toc, bchunk, iat and xorriso, with the
# extracted data byte-compared to the source; and our reading of
# third-party images must agree with those tools.
#
# usage: tests/formats/run.sh BUILD_DIR
# One line per test (PASS/FAIL/SKIP with a reason), then "N passed, N
# failed, N skipped" (a skip is counted, never a pass). Exit status 1 if
# anything failed. The other scripts in this
# directory (one per format module) are run from here too. Test images come from
# $VBURN_TESTDATA (default ../shared/testdata beside the repository) and are never copied
# into the repository.

. "$(dirname "$0")/lib.sh"
fmt_setup formats "$1"

# 1. CUE (raw Mode 1) -> ISO: iso-info reads it; bchunk's own extraction of
#    the same cue gives the same bytes.
t=cue-to-iso-bchunk
if have $t bchunk iso-info && data $t "$LD/isofs-m1.cue"; then
	cp "$LD/isofs-m1.bin" "$LD/isofs-m1.cue" "$W/"
	if ! "$IMG" convert "$LD/isofs-m1.cue" t1.iso 2>err; then
		fail $t "convert: $(cat err)"
	elif ! bchunk isofs-m1.bin isofs-m1.cue bc >/dev/null 2>&1 ||
	    [ ! -f bc01.iso ]; then
		fail $t "bchunk could not extract the reference"
	elif ! cmp -s t1.iso bc01.iso; then
		fail $t "ISO differs from bchunk's extraction"
	elif ! iso-info --no-header -i t1.iso 2>/dev/null |
	    grep -q "Volume *: CDROM"; then
		fail $t "iso-info does not see volume CDROM"
	else
		pass $t
	fi
fi

# 2. NRG (audio DAO, CD-TEXT) -> CUE/BIN: cd-info lists the tracks where
#    libcdio lists them in the NRG; bchunk's WAVs equal our extract.
t=nrg-to-cue-cdinfo
if have $t cd-info && data $t "$LD/p1.nrg"; then
	"$IMG" convert "$LD/p1.nrg" p1.cue 2>err || fail $t "$(cat err)"
	out=$(cd-info --no-header --no-device-info --no-cddb \
	      --cue-file p1.cue 2>&1)
	if echo "$out" | grep -q "1: 00:04:00  000150 audio" &&
	    echo "$out" | grep -q "2: 00:06:00  000300 audio" &&
	    echo "$out" | grep -q "170: 00:06:02  000302 leadout"; then
		pass $t
	else
		fail $t "cd-info track list differs"
	fi
fi
t=nrg-to-cue-bchunk-audio
if have $t bchunk && data $t "$LD/p1.nrg" && [ -f p1.cue ]; then
	rm -f bw*
	bchunk -w p1.bin p1.cue bw >/dev/null 2>&1
	ok=1
	for n in 1 2; do
		"$IMG" extract "$LD/p1.nrg" --track $n ours$n.wav 2>/dev/null &&
			cmp -s ours$n.wav bw0$n.wav || ok=0
	done
	if [ $ok = 1 ]; then
		pass $t
	else
		fail $t "bchunk's WAVs differ from vburn-img extract's"
	fi
fi

# 3. CUE/BIN written from an NRG is read by cdrdao with the same TOC.
t=nrg-to-cue-cdrdao
if have $t cdrdao && [ -f p1.cue ]; then
	out=$(cdrdao show-toc p1.cue 2>&1)
	if echo "$out" | grep -q "START  00:02:00(   150)" &&
	    echo "$out" | grep -q "START  00:04:00(   300)"; then
		pass $t
	else
		fail $t "cdrdao show-toc disagrees"
	fi
fi

# 4. Mode 2 (XA 2336) NRG -> CUE: iat finds the ISO 9660 volume in our
#    BIN (block 2336) and its extraction equals our extract of track 1.
#    (bchunk and cdrdao mis-handle MODE2/2336 cue sheets: bchunk copies
#    2336 bytes from offset 16 of each 2336-byte record, cdrdao sizes the
#    last track as if sectors were 2352 bytes.)
t=nrg-xa-to-cue-iat
if have $t iat && data $t "$LD/videocd.nrg"; then
	rm -f iatv.iso t1x.iso
	if "$IMG" convert "$LD/videocd.nrg" v.cue 2>err &&
	    "$IMG" extract v.cue --track 1 t1x.iso 2>/dev/null &&
	    iat v.bin iatv.iso >/dev/null 2>&1 &&
	    cmp -s -n $((676 * 2048)) iatv.iso t1x.iso &&
	    [ "$(stat -c %s t1x.iso)" = $((676 * 2048)) ]; then
		pass $t
	else
		fail $t "iat's ISO differs from our track 1 extract"
	fi
fi

# 5. iat finds the ISO inside our raw BIN and extracts our ISO's bytes.
t=cue-raw-iat
if have $t iat && [ -f t1.iso ]; then
	"$IMG" convert "$LD/isofs-m1.cue" raw.cue 2>err
	if iat raw.bin iat.iso >/dev/null 2>&1 && cmp -s iat.iso t1.iso; then
		pass $t
	else
		fail $t "iat's ISO differs from ours"
	fi
fi

# 6. Multi-session flat ISO: session 2 at lead-out + 11400, written by
#    xorrisofs -C/-M; we find both sessions, write them back at their
#    absolute LBAs, and xorriso lists both sessions' files from it.
t=iso-multisession-xorriso
if have $t xorriso xorrisofs; then
	ms_iso
	info=$("$IMG" info --json ms.iso 2>&1)
	"$IMG" convert ms.iso out.iso 2>err
	if ! echo "$info" | grep -q "\"start\": $S2,"; then
		fail $t "session 2 not found at $S2: $info"
	elif ! cmp -s ms.iso out.iso; then
		fail $t "rewritten image differs"
	elif ms_lists_both out.iso; then
		pass $t
	else
		fail $t "xorriso does not list both sessions' files"
	fi
fi

# 7. Third-party multi-session ISO: same sessions as xorriso -toc.
t=iso-xorriso-toc
if have $t xorriso && data $t "$TD/local-xorriso/multisession.iso"; then
	f=$TD/local-xorriso/multisession.iso
	theirs=$(xorriso -indev "$f" -toc 2>/dev/null |
		 awk -F, '/^ISO session/ { gsub(/ /, "", $2); print $2 }' |
		 tr '\n' ' ')
	# the first track of each session
	first='"tracks": \[{"number": [0-9]*, "mode": "[a-z0-9]*", '
	ours=$("$IMG" info --json "$f" | grep -o "$first\"start\": [0-9]*" |
	       sed 's/.*"start": //' | tr '\n' ' ')
	if [ -n "$theirs" ] && [ "$theirs" = "$ours" ]; then
		pass $t
	else
		fail $t "xorriso: '$theirs', ours: '$ours'"
	fi
fi

# 8. cdrdao TOC files: our track starts equal cdrdao show-toc's.
# (vcd2.toc is left out: cdrdao rounds its 710304-byte file up to 305
# sectors of 2336 bytes, we keep 304 whole sectors; see check_formats.c.)
for f in "$LD/cdda.toc" "$LD/cdtext.toc" "$TD/cdrdao/testtocs/t9.toc" \
    "$TD/cdrdao/testtocs/data5.toc" "$TD/cdrdao/testtocs/pregap2.toc"; do
	t=toc-cdrdao-$(basename "$f" .toc)
	have $t cdrdao && data $t "$f" || continue
	theirs=$(cd "$(dirname "$f")" && cdrdao show-toc "$(basename "$f")" \
		 2>/dev/null | sed -n 's/.*START .*( *\([0-9]*\)).*/\1/p' |
		 tr '\n' ' ')
	ours=$("$IMG" info --json "$f" | grep -o '"start": [0-9-]*' |
	       sed 's/"start": //' | tr '\n' ' ')
	if [ -n "$theirs" ] && [ "$theirs" = "$ours" ]; then
		pass $t
	else
		fail $t "cdrdao: '$theirs', ours: '$ours'"
	fi
done

# 8b. Real-world descriptors from whipper (cdrdao read-toc output of
#     commercial CDs, ExactAudioCopy and whipper cue sheets) whose audio
#     files are not shipped: stand-in sparse WAV/data files of arbitrary
#     lengths are made, then our track starts and ends must equal cdrdao
#     show-toc's for the same files (backslash paths exist both literally,
#     for cdrdao, and as directories, for us).
mkfiles() {
	python3 - "$1" <<'EOF'
import os, re, struct, sys
text = open(sys.argv[1], encoding="latin-1").read()
names = re.findall(r'(?:FILE|DATAFILE)\s+"([^"]+)"', text)
files = list(dict.fromkeys(names))
for i, n in enumerate(files):
    for name in {n, n.replace("\\", "/")}:
        if os.path.dirname(name):
            os.makedirs(os.path.dirname(name), exist_ok=True)
        with open(name, "wb") as f:
            if name.lower().endswith(".wav"):
                one = "data.wav" in name or len(files) == 1
                size = (300000 if one else 15000 + 7 * i) * 2352
                f.write(b"RIFF" + struct.pack("<I", 36 + size) + b"WAVEfmt " +
                        struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400,
                                    4, 16) +
                        b"data" + struct.pack("<I", size))
                f.truncate(44 + size)
            else:
                # whole sectors of both 2048 and 2352 bytes
                f.truncate(1000 * 301056)
EOF
}
for f in "$TD"/whipper/whipper/test/*.toc "$TD"/whipper/whipper/test/*.cue; do
	t=whipper-$(basename "$f")
	have $t cdrdao python3 && data $t "$f" || continue
	rm -rf wh && mkdir wh && cp "$f" wh/ &&
		(cd wh && mkfiles "$(basename "$f")")
	theirs=$(cd wh && cdrdao show-toc "$(basename "$f")" 2>/dev/null |
		 sed -n 's/.*\(START\|END\).*( *\([0-9]*\)).*/\2/p' |
		 tr '\n' ' ')
	ours=$("$IMG" info --json "wh/$(basename "$f")" 2>/dev/null |
	       grep -o '"start": [0-9-]*, "length": [0-9]*' |
	       awk '{ gsub(/,/, ""); print $2; print $2 + $4 }' | tr '\n' ' ')
	if [ -z "$theirs" ] && [ -n "$ours" ]; then
		skip $t "cdrdao show-toc cannot read it (we can)"
	elif [ -z "$theirs" ]; then
		# kanye.cue's last track is "MODEx/2xxx": both must refuse it
		pass "$t (refused by cdrdao and by us)"
	elif [ "$theirs" = "$ours" ]; then
		pass $t
	else
		fail $t "cdrdao: '$theirs' ours: '$ours'"
	fi
done

# 8c. TOC files written by us: cdrdao show-toc reads the same track starts
#     and ends we read from the source image.
for f in "$LD/p1.nrg" "$LD/videocd.nrg" "$LD/isofs-m1.cue" \
    "$TD/usbode-circle/integration-tests/testdata/mixed.cue" \
    "$TD/cdrdao/testtocs/t9.toc"; do
	t=to-toc-cdrdao-$(basename "$f")
	have $t cdrdao && data $t "$f" || continue
	rm -rf tw && mkdir tw
	if ! "$IMG" convert "$f" tw/x.toc 2>err; then
		fail $t "$(cat err)"
		continue
	fi
	theirs=$(cd tw && cdrdao show-toc x.toc 2>/dev/null |
		 sed -n 's/.*\(START\|END\).*( *\([0-9]*\)).*/\2/p' |
		 tr '\n' ' ')
	ours=$("$IMG" info --json "$f" 2>/dev/null |
	       grep -o '"start": [0-9-]*, "length": [0-9]*' |
	       awk '{ gsub(/,/, ""); print $2; print $2 + $4 }' | tr '\n' ' ')
	if [ -n "$theirs" ] && [ "$theirs" = "$ours" ]; then
		pass $t
	else
		fail $t "cdrdao: '$theirs' source: '$ours'"
	fi
done

# 8d. Audio byte order: cdrdao show-data reads the samples of our TOC's
#     (big-endian) .bin as the little-endian samples of the CUE's BIN.
t=toc-audio-byte-order-cdrdao
if have $t cdrdao python3 && data $t "$LD/cdda.cue"; then
	rm -rf ta && mkdir ta
	"$IMG" convert "$LD/cdda.cue" ta/c.toc 2>err
	theirs=$(cd ta && cdrdao show-data c.toc 2>/dev/null |
		 awk -F'[: ]+' '$2 >= 19990 && $2 < 20010 { print $3, $4 }' |
		 tr '\n' ' ')
	ours=$(python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
print(" ".join("%d %d" % struct.unpack("<hh", d[i * 4:i * 4 + 4])
               for i in range(19990, 20010)))' "$LD/cdda.bin")
	if [ -n "$ours" ] && [ "$(echo $theirs)" = "$ours" ]; then
		pass $t
	else
		fail $t "cdrdao: '$theirs' expected: '$ours'"
	fi
fi

# 9. NRG written by us (v2 DAO, Mode 1 2048 after a stored 150-sector
#    pregap, docs/formats.md 1.10): nrg2iso and iat extract our ISO; cd-info
#    lists track 1 at LSN 0 and the lead-out.
t=iso-to-nrg-nrg2iso-iat-cdinfo
if have $t nrg2iso iat cd-info && [ -f t1.iso ]; then
	"$IMG" convert t1.iso t1.nrg 2>err
	rm -f n2i.iso iatn.iso
	nrg2iso t1.nrg n2i.iso >/dev/null 2>&1
	iat t1.nrg iatn.iso >/dev/null 2>&1
	n=$(stat -c %s t1.iso)
	out=$(cd-info --no-header --no-device-info --no-cddb --nrg-file t1.nrg \
	      2>&1)
	if ! cmp -s -n "$n" n2i.iso t1.iso; then
		fail $t "nrg2iso's ISO differs"
	elif ! cmp -s iatn.iso t1.iso; then
		fail $t "iat's ISO differs"
	elif ! echo "$out" | grep -q "1: 00:02:00  000000 data" ||
	    ! echo "$out" | grep -q "170: .*  0*$((n / 2048)) leadout"; then
		fail $t "cd-info track list differs"
	else
		pass $t
	fi
fi

# 10. A real Nero image read and written again is byte-identical, and the
#     XA NRG we write is listed by cd-info as libcdio lists the original.
t=nrg-rewrite-identical
if data $t "$LD/p1.nrg"; then
	"$IMG" convert "$LD/p1.nrg" p1b.nrg 2>err
	if cmp -s "$LD/p1.nrg" p1b.nrg; then pass $t; else
		fail $t "differs from the original"; fi
fi
t=nrg-xa-cdinfo
if have $t cd-info && data $t "$LD/videocd.nrg"; then
	"$IMG" convert "$LD/videocd.nrg" v2.nrg 2>err
	list() {
		cd-info --no-header --no-device-info --no-cddb --nrg-file "$1" \
			2>/dev/null | grep -E '^ *[0-9]+: [0-9]{2}:' |
			awk '{ print $1, $2, $3, $4 }'
	}
	if [ -n "$(list v2.nrg)" ] &&
	    [ "$(list v2.nrg)" = "$(list "$LD/videocd.nrg")" ]; then
		pass $t
	else
		fail $t "cd-info lists the tracks differently"
	fi
fi

# 10b. CUE TITLE/PERFORMER -> NRG CDTX packs built by us: cd-info decodes
#      them as it decodes the original Nero image's.
t=cue-cdtext-to-nrg-cdinfo
if have $t cd-info && data $t "$LD/p1.cue" "$LD/p1.nrg"; then
	"$IMG" convert "$LD/p1.cue" p1c.nrg 2>err
	cdt() {
		cd-info --no-header --no-device-info --no-cddb --nrg-file "$1" \
			2>/dev/null |
			sed -n '/^CD-TEXT for Disc/,/^CD-TEXT for T/p'
	}
	if [ -n "$(cdt p1c.nrg)" ] &&
	    [ "$(cdt p1c.nrg)" = "$(cdt "$LD/p1.nrg")" ]; then
		pass $t
	else
		fail $t "cd-info decodes our CD-TEXT differently"
	fi
fi

# 11. Malformed input: one line on stderr naming the file, exit status 1.
for f in "$LD"/bad-*.cue "$LD"/bad-*.toc; do
	t=bad-$(basename "$f")
	data $t "$f" || continue
	"$IMG" info "$f" >/dev/null 2>err
	rc=$?
	if [ $rc = 1 ] && [ "$(wc -l < err)" = 1 ] && grep -q "$f" err; then
		pass $t
	else
		fail $t "exit $rc, stderr: $(cat err)"
	fi
done

# 12. verify: no EDC/ECC error in raw sectors made by another tool, and a
#     single flipped byte is found.
t=verify-edc-ecc
if data $t "$LD/isofs-m1.bin"; then
	cp "$LD/isofs-m1.bin" flip.bin
	printf 'FILE "flip.bin" BINARY\nTRACK 01 MODE1/2352\n' >flip.cue
	printf 'INDEX 01 00:00:00\n' >>flip.cue
	printf '\125' | dd of=flip.bin bs=1 seek=$((100 * 2352 + 700)) \
		conv=notrunc 2>/dev/null
	if "$IMG" verify "$LD/isofs-m1.cue" >/dev/null 2>&1 &&
	    ! "$IMG" verify flip.cue >vout 2>/dev/null &&
	    grep -q "first bad LBAs: 100$" vout; then
		pass $t
	else
		fail $t "verify missed or invented an error"
	fi
fi
t=verify-xa-edc-ecc
if data $t "$LD/videocd.nrg"; then
	# vcdimager's XA sectors (2336 bytes stored): Form 1 and Form 2 EDC,
	# Form 1 ECC; then one flipped byte in LBA 30
	cp "$LD/videocd.nrg" vflip.nrg
	printf '\125' | dd of=vflip.nrg bs=1 seek=$((30 * 2336 + 100)) \
		conv=notrunc 2>/dev/null
	if "$IMG" verify "$LD/videocd.nrg" >vout 2>/dev/null &&
	    grep -q "1126 stored raw/XA sectors checked: 0 bad" vout &&
	    ! "$IMG" verify vflip.nrg >vout 2>/dev/null &&
	    grep -q "first bad LBAs: 30$" vout; then
		pass $t
	else
		fail $t "verify missed or invented an error"
	fi
fi

# 13. info --json is one JSON object in docs/architecture.md's disc shape, every
#     field of it typed and consistent (disc_json.py, python's json module
#     reading strict UTF-8), for every readable third-party image.
t=info-json-shape
if have $t python3 && data $t "$LD/p1.nrg"; then
	bad=
	for f in "$LD"/*.nrg "$LD"/*.cue "$LD"/*.toc "$LD"/*.iso \
	    "$TD"/cdrdao/testtocs/*.toc "$TD"/local-xorriso/*.iso \
	    "$TD"/usbode-circle/integration-tests/testdata/*.cue; do
		"$IMG" info --json "$f" >j 2>/dev/null || continue
		python3 "$HERE/disc_json.py" j 2>/dev/null ||
			bad="$bad $(basename "$f")"
	done
	if [ -z "$bad" ]; then pass $t; else fail $t "bad JSON for:$bad"; fi
fi

# 13b. Strings in info --json: CD-TEXT with a backslash, a tab, a control
#      character, UTF-8 and a Latin-1 byte (not UTF-8: U+FFFD), an ISRC;
#      python reads back exactly those strings.
t=info-json-strings
if have $t python3; then
	head -c $((300 * 2352)) /dev/zero >s.bin
	printf 'TITLE "b\\\\s caf\351 \342\202\254 t\th"\n%s\n%s\n%s\n%s\n%s\n' \
	    'PERFORMER "Q'"$(printf '\001')"'x"' 'FILE "s.bin" BINARY' \
	    '  TRACK 01 AUDIO' '    ISRC USXYZ9912345' \
	    '    INDEX 01 00:00:00' >s.cue
	if ! "$IMG" info --json s.cue >j 2>err; then
		fail $t "info: $(cat err)"
	elif python3 "$HERE/disc_json.py" j \
	    'cdtext.0.text="b\\\\s caf\ufffd \u20ac t\th"' \
	    'cdtext.1.text="Q\u0001x"' \
	    'sessions.0.tracks.0.isrc="USXYZ9912345"' 2>err; then
		pass $t
	else
		fail $t "$(cat err)"
	fi
fi

# 14. Usage errors exit 2.
t=usage-exit-2
"$IMG" >/dev/null 2>&1
a=$?
"$IMG" convert only-one-arg >/dev/null 2>&1
b=$?
if [ $a = 2 ] && [ $b = 2 ]; then pass $t; else fail $t "got $a/$b"; fi

# 15. The other format modules' cross-validation scripts in this directory
#     (tests/formats/ccd.sh, mds.sh, ...): their lines are passed through
#     and their counts added to ours.
for s in "$HERE"/*.sh; do
	case "$(basename "$s")" in run.sh | lib.sh) continue ;; esac
	out=$(sh "$s" "$BDIR" 2>&1)
	echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed, [0-9]* skipped$'
	sum=$(echo "$out" | tail -n 1)
	set -- $(echo "$sum" | sed -n \
		's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
	if [ $# != 3 ]; then
		fail "$(basename "$s")" "no summary line"
	else
		passed=$((passed + $1))
		failed=$((failed + $2))
		skipped=$((skipped + $3))
	fi
done

fmt_summary
