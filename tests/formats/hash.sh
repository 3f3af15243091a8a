#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cross-validation of vburn-img hash (tools/img_hash.c, formats/redump.c,
# docs/formats.md 9): the files a redump.org dump of an image has are
# rebuilt without vburn by tests/formats/redump_ref.py (cue sheets sliced
# at their INDEX lines, PREGAP/POSTGAP sectors added, cooked sectors given
# sync/header/EDC/ECC by its own ECMA-130 encoder, first checked against
# raw sectors made by other programs), and what hash prints (--json parsed
# with python's json, the table, --dat parsed as XML) must name the same
# files with their size, zlib CRC-32 and coreutils md5sum/sha1sum. Images:
# third-party ones (raw Mode 1 CUE, audio CUE with INDEX 00, Nero NRG with
# a stored pregap, a MODE1/2048 + audio BIN, vcdimager XA NRG with TAO
# gaps) and ones made here (generated pregaps and postgap, two-session
# ISO and Enhanced CD, a DVD-sized ISO), each also converted to the other
# formats, whose hashes must not change.
#
# usage: tests/formats/hash.sh BUILD_DIR
# Output as tests/formats/run.sh: PASS/FAIL/SKIP lines, "N passed, N
# failed, N skipped", exit status 1 if anything failed.

. "$(dirname "$0")/lib.sh"
fmt_setup hash "$1"
REF="$HERE/redump_ref.py"

# hashcheck TEST IMAGE DIR [HASH OPTION...]: hash --json, the table and
# --dat of IMAGE against the reference files DIR/ORDER lists (with
# HC_JSON_ONLY=1 --json alone, for big images).
hashcheck() {
	ht=$1
	img=$2
	dir=$3
	shift 3
	if ! "$IMG" hash "$img" --json "$@" >h.json 2>err; then
		fail "$ht" "hash: $(cat err)"
	elif [ "${HC_JSON_ONLY:-0}" = 1 ]; then
		hc_check "$ht" h.json "$dir"
	elif ! "$IMG" hash "$img" "$@" >h.txt 2>err ||
	    ! "$IMG" hash "$img" --dat "$@" >h.dat 2>err; then
		fail "$ht" "hash: $(cat err)"
	else
		hc_check "$ht" h.json "$dir" h.txt h.dat
	fi
}

# hc_check TEST ARG...: redump_ref.py check ARG..., PASS or FAIL
hc_check() {
	hn=$1
	shift
	if python3 "$REF" check "$@" 2>err; then
		pass "$hn"
	else
		fail "$hn" "$(cat err)"
	fi
}

# converted TEST SRC DIR NAME FMT...: SRC converted to each format hashes
# as DIR (a converted image checked against the dump of its source).
converted() {
	ct=$1
	src=$2
	cdir=$3
	cname=$4
	shift 4
	for fmt in "$@"; do
		rm -rf cv && mkdir cv
		if ! "$IMG" convert "$src" "cv/x.$fmt" 2>err; then
			fail "$ct-$fmt" "convert: $(cat err)"
		else
			hashcheck "$ct-$fmt" "cv/x.$fmt" "$cdir" --name "$cname"
		fi
	done
}

# ref DIR: a fresh reference directory
ref() {
	rm -rf "$1" && mkdir "$1"
}

# 1. The reference encoder gives back, byte for byte, the Mode 1 sectors
#    of a raw BIN and the XA Form 1 sectors (EDC, ECC) of vcdimager's NRG.
t=hash-ref-encoder
if have $t python3 && data $t "$LD/isofs-m1.bin" "$LD/videocd.nrg"; then
	if python3 "$REF" selftest "$LD/isofs-m1.bin" 2>err &&
	    python3 "$REF" selftest-xa "$LD/videocd.nrg" 676 2>>err; then
		pass $t
	else
		fail $t "$(cat err)"
	fi
fi

# 2. One raw Mode 1 track (a third-party BIN): the dump is the BIN itself.
t=hash-mode1-raw
if have $t python3 && data $t "$LD/isofs-m1.cue" "$LD/isofs-m1.bin"; then
	ref r2
	cp "$LD/isofs-m1.bin" r2/ && echo isofs-m1.bin >r2/ORDER
	hashcheck $t "$LD/isofs-m1.cue" r2
fi

# 3. A 2048-byte ISO on a CD: one Mode 1 track with sync, header, EDC and
#    ECC added; converted to formats that store it raw or cooked.
t=hash-iso-mode1
if have $t python3 && data $t "$LD/copying.iso"; then
	ref r3
	python3 "$REF" iso "$LD/copying.iso" copying r3 0:64
	hashcheck $t "$LD/copying.iso" r3
	converted $t "$LD/copying.iso" r3 copying cue ccd mds nrg toc
fi

# 4. Audio with INDEX 00 in both tracks (libcdio p1.cue): track 1 from
#    LBA 0 (its INDEX 00 at 00:00:00), track 2 from its INDEX 00.
t=hash-audio-index0
if have $t python3 && data $t "$LD/p1.cue" "$LD/p1.bin"; then
	ref r4
	python3 "$REF" cue "$LD/p1.cue" p1 r4
	hashcheck $t "$LD/p1.cue" r4
fi

# 5. Nero DAO with the pregap stored (p1.nrg, MANIFEST.md: data from LBA
#    -150, track 1 INDEX 01 at 150, track 2 INDEX 00 at 225, lead-out
#    302): track 1 is LBAs 0-224, track 2 225-301; cut with dd.
t=hash-nrg-pregap
if have $t python3 && data $t "$LD/p1.nrg"; then
	ref r5
	dd if="$LD/p1.nrg" of="r5/p1 (Track 1).bin" bs=2352 skip=150 \
		count=225 2>/dev/null
	dd if="$LD/p1.nrg" of="r5/p1 (Track 2).bin" bs=2352 skip=375 \
		count=77 2>/dev/null
	printf 'p1 (Track 1).bin\np1 (Track 2).bin\n' >r5/ORDER
	hashcheck $t "$LD/p1.nrg" r5
fi

# 6. MODE1/2048 and two audio tracks in one BIN (usbode mixed.cue).
t=hash-mixed
if have $t python3 && data $t "$UD/mixed.cue" "$UD/mixed.bin"; then
	ref r6
	python3 "$REF" cue "$UD/mixed.cue" mixed r6
	hashcheck $t "$UD/mixed.cue" r6
	converted $t "$UD/mixed.cue" r6 mixed ccd mds toc
fi

# 7. Generated gaps: a raw Mode 1 track, an audio track with a PREGAP and
#    a POSTGAP, a MODE1/2048 track with a PREGAP. The generated sectors
#    are in the files: silence, and Mode 1 sectors with zero user data.
t=hash-generated-gaps
if have $t python3 && data $t "$LD/isofs-m1.bin" "$UD/audiocd.bin" \
    "$LD/copying.iso"; then
	cp "$LD/isofs-m1.bin" d1.bin
	cp "$UD/audiocd.bin" a2.bin
	cp "$LD/copying.iso" d3.iso
	cat >gp.cue <<'EOF'
FILE "d1.bin" BINARY
  TRACK 01 MODE1/2352
    INDEX 01 00:00:00
FILE "a2.bin" BINARY
  TRACK 02 AUDIO
    PREGAP 00:02:00
    INDEX 01 00:00:00
    POSTGAP 00:01:00
FILE "d3.iso" BINARY
  TRACK 03 MODE1/2048
    PREGAP 00:02:00
    INDEX 01 00:00:00
EOF
	ref r7
	python3 "$REF" cue gp.cue gp r7
	hashcheck $t gp.cue r7
	converted $t gp.cue r7 gp cue ccd mds nrg toc
fi

# 8. Two sessions in a flat ISO (xorrisofs -C/-M, session 2 at lead-out +
#    11400): one Mode 1 file a session, session 2's from its INDEX 01 (the
#    lead-out, lead-in and pregap between them are in no file). The cue
#    slicer's session rule, run on the cue sheet we write, agrees.
t=hash-multisession-iso
if have $t python3 xorrisofs; then
	ms_iso
	n1=$(($(stat -c %s ms1.iso) / 2048))
	n2=$(($(stat -c %s ms.iso) / 2048 - S2))
	ref r8
	python3 "$REF" iso ms.iso ms r8 0:$n1 $S2:$n2
	hashcheck $t ms.iso r8
	converted $t ms.iso r8 ms ccd mds
	if "$IMG" convert ms.iso ms.cue 2>err; then
		ref r8c
		python3 "$REF" cue ms.cue ms r8c
		if cmp -s "r8/ms (Track 1).bin" "r8c/ms (Track 1).bin" &&
		    cmp -s "r8/ms (Track 2).bin" "r8c/ms (Track 2).bin"; then
			hashcheck $t-cue ms.cue r8
		else
			fail $t-cue "the cue slicer disagrees with the ISO's"
		fi
	else
		fail $t-cue "convert: $(cat err)"
	fi
fi

# 9. An Enhanced CD: three audio tracks, then a Mode 1 session; its
#    track 4 file starts at INDEX 01 = lead-out + 11400.
t=hash-enhanced-cd
if have $t python3 && data $t "$UD/audiocd.bin" "$LD/copying.iso"; then
	cp "$UD/audiocd.bin" ea.bin
	cp "$LD/copying.iso" ed.iso
	cat >ecd.cue <<'EOF'
REM SESSION 01
FILE "ea.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 01 00:01:25
  TRACK 03 AUDIO
    INDEX 01 00:02:30
REM SESSION 02
FILE "ed.iso" BINARY
  TRACK 04 MODE1/2048
    INDEX 01 00:00:00
EOF
	ref r9
	python3 "$REF" cue ecd.cue ecd r9
	hashcheck $t ecd.cue r9
	converted $t ecd.cue r9 ecd cue ccd mds
fi

# 10. XA Mode 2 TAO (vcdimager's NRG): 2336-byte sectors with sync and
#     header put back, and the generated 150-sector gaps before tracks 2-5
#     (XA Form 1, zero user data) in their files.
t=hash-xa-tao
if have $t python3 && data $t "$LD/videocd.nrg"; then
	if "$IMG" convert "$LD/videocd.nrg" v.cue 2>err; then
		ref r10
		python3 "$REF" cue v.cue videocd r10
		hashcheck $t "$LD/videocd.nrg" r10
		hashcheck $t-cue v.cue r10 --name videocd
	else
		fail $t "convert: $(cat err)"
	fi
fi

# 11. A DVD (an ISO of more than 405000 blocks, sparse): one .iso of
#     2048-byte sectors, the image file itself. Made from test 8's
#     two-session ISO where there is one, so that the blocks between its
#     sessions, in no track, are hashed as the zeros the file holds.
t=hash-dvd-iso
if have $t python3 && data $t "$LD/copying.iso"; then
	ref r11
	if [ -f ms.iso ]; then
		cp ms.iso r11/big.iso
	else
		cp "$LD/copying.iso" r11/big.iso
	fi
	truncate -s $((405008 * 2048)) r11/big.iso
	echo big.iso >r11/ORDER
	if "$IMG" info --json r11/big.iso >j 2>err &&
	    python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(j["media"] != "dvd" or j["leadout"] != 405008)' j; then
		HC_JSON_ONLY=1 hashcheck $t r11/big.iso r11
	else
		fail $t "not read as a DVD of 405008 blocks: $(cat err)"
	fi
fi

# 12. --name with characters XML escapes: the same in --json and, once
#     the XML is parsed, in --dat.
t=hash-name
if have $t python3 && data $t "$UD/mixed.cue" "$UD/mixed.bin"; then
	ref r12
	python3 "$REF" cue "$UD/mixed.cue" "A & B <\"x\">" r12
	hashcheck $t "$UD/mixed.cue" r12 --name "A & B <\"x\">"
fi

# 13. Usage errors exit 2; an unreadable image exits 1 with one line
#     naming it.
t=hash-errors
"$IMG" hash >/dev/null 2>&1
a=$?
"$IMG" hash x.cue --json --dat >/dev/null 2>&1
b=$?
"$IMG" hash x.cue --name "" >/dev/null 2>&1
c=$?
"$IMG" hash x.cue --bogus >/dev/null 2>&1
d=$?
"$IMG" hash missing.cue >/dev/null 2>err
e=$?
if [ "$a$b$c$d$e" = 22221 ] && [ "$(wc -l <err)" = 1 ] &&
    grep -q missing.cue err; then
	pass $t
else
	fail $t "exit $a/$b/$c/$d/$e, stderr: $(cat err)"
fi

fmt_summary
