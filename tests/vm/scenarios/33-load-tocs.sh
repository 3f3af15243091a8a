#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 33-load-tocs: loaded TOC and CUE files as the judges read them:
#  - cdrdao's test TOCs, and whipper's TOC and CUE files (real `cdrdao
#    read-toc` and EAC output of commercial CDs: hidden track-one audio,
#    pregaps, index 00s, ISRCs, an Enhanced CD's two halves): the drive's
#    TOC (cd-info -C) lists the tracks, their kind and start and the
#    lead-out that cdrdao show-toc gives for the file (for cdrdao's own
#    TOCs, its maintainers' recorded output in testtocs/gold). libcdio is
#    no judge here: its TOC driver places tracks made only of ZERO or
#    SILENCE at LSN -150 and leaves a track's SILENCE out of the later
#    tracks' starts, and its CUE driver takes no WAVE files;
#  - a two-session ISO: the drive's tracks start where xorriso -toc finds
#    the sessions in the file (libcdio opens no multi-session image file,
#    formats.md 1.9).
# Those files name audio files that are not in the test data: each named
# file is made as a sparse file of whole 2352-byte sectors, 600 MB in all
# for one TOC or CUE (a WAV header first where the name ends in .wav), so
# both readers see the same bytes and lengths. A
# file cdrdao cannot read is noted and counted, not compared; at least 35
# must be compared.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cd-info cdrdao xorriso sg_raw python3
require_build vburnd vburnctl vburn-img
require_testdata

img_tool=$VBURN_BUILD/vburn-img
work=$VBURN_TMP/tocs
mkdir -p "$work"

# stage GROUP FILE: FILE copied into work/GROUP with every file it names
# made there (sparse, 600 MB shared among them: a disc stays within a
# CD's 99:59:74), once.
stage()
{
	local dir=$work/$1 names
	mkdir -p "$dir"
	cp "$2" "$dir/"
	names=$(grep -oE '(FILE|DATAFILE|AUDIOFILE) +"[^"]+"' "$2" |
		sed -E 's/^[A-Z]+ +"(.*)"$/\1/')
	[ -n "$names" ] || return 0
	printf '%s\n' "$names" >"$VBURN_TMP/names"
	python3 - "$dir" "$VBURN_TMP/names" "$2" <<'PY'
import os, struct, sys
names = [n for n in open(sys.argv[2]).read().split("\n") if n]
# A TOC gives each mention its start and length (whipper's name one
# data.wav up to 54 minutes in); in a CUE each mention may run to the
# file's end (track-separate.cue names one file four times): the disc
# stays within 600 MB either way.
share = len(names) if sys.argv[3].endswith(".cue") else len(set(names))
size = 600 * 1024 * 1024 // share // 2352 * 2352
for name in sorted(set(names)):
    path = os.path.join(sys.argv[1], name)
    if os.path.exists(path):
        continue
    with open(path, "wb") as f:
        n = size
        if path.lower().endswith(".wav"):
            n += 44
            f.write(b"RIFF" + struct.pack("<I", n - 8) + b"WAVEfmt " +
                    struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
                    b"data" + struct.pack("<I", size))
        f.truncate(n)
PY
}

start_vburnd --media none
dev=$VBURN_DEV
compared=0
unread=()

# gold_same TOC GOLD: the drive with TOC loaded lists the tracks (number,
# audio or data, start) and lead-out of cdrdao's own show-toc output for
# it (testtocs/gold, checked in by cdrdao's maintainers).
gold_same()
{
	local name=${1##*/}
	must "load $name" vburnctl load 0 "$1"
	sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
	cd-info --no-device-info --no-cddb -q -C "$dev" 2>&1 |
		cdinfo_tracks >"$VBURN_TMP/drive.txt"
	python3 - "$2" "$VBURN_TMP/drive.txt" <<'PY' ||
import re, sys
gold, drive = open(sys.argv[1]).read(), open(sys.argv[2]).read()
want, end = [], None
for m in re.finditer(r"TRACK +(\d+) +Mode ([^:\n]+):(.*?)(?=\nTRACK |\Z)", gold, re.S):
    start = re.search(r"START +[\d:]+\( *(\d+)\)", m.group(3))
    end = re.search(r"END\*? +[\d:]+\( *(\d+)\)", m.group(3)).group(1)
    want.append((int(m.group(1)), "audio" if m.group(2).startswith("AUDIO") else "data",
                 int(start.group(1)) if start else None))
want.append((170, "leadout", int(end)))
got = [(int(n), kind, int(lsn)) for n, lsn, kind in
       re.findall(r"^ *(\d+): [\d:]+ +(\d+) (\w+)", drive, re.M)]
# a track with no START line starts where show-toc's TRACK time says
got_cmp = [(n, k, l if w[2] is not None else None) for (n, k, l), w in zip(got, want)]
if len(got) != len(want) or got_cmp != want:
    sys.exit("cdrdao show-toc: %s\ndrive: %s" % (want, got))
PY
		fail "$name: the drive's TOC differs from cdrdao's show-toc"
	compared=$((compared + 1))
	pass "$name: the drive's TOC = cdrdao show-toc's ($(grep -c '^ *[0-9]*: ' "$VBURN_TMP/drive.txt") lines of tracks)"
}

for f in "$VBURN_TESTDATA"/cdrdao/testtocs/*.toc; do
	g=$VBURN_TESTDATA/cdrdao/testtocs/gold/$(basename "$f" .toc).showtoc
	[ -f "$g" ] || continue
	stage testtocs "$f"
	gold_same "$work/testtocs/${f##*/}" "$g"
done

# whipper's TOC and CUE files: cdrdao show-toc of the file is the judge
# (libcdio's TOC driver leaves a track's SILENCE out of the later tracks'
# starts, and its CUE driver takes no WAVE files). A file cdrdao cannot
# read either is noted, not compared.
for f in "$VBURN_TESTDATA"/whipper/whipper/test/*.toc \
	"$VBURN_TESTDATA"/whipper/whipper/test/*.cue; do
	[ -f "$f" ] || continue
	stage whipper "$f"
	if ! (cd "$work/whipper" && cdrdao show-toc "${f##*/}") \
		>"$VBURN_TMP/showtoc.txt" 2>/dev/null; then
		unread+=("${f##*/}")
		continue
	fi
	gold_same "$work/whipper/${f##*/}" "$VBURN_TMP/showtoc.txt"
done

# A multi-session disc: xorriso -toc of the ISO file is the judge.
ms=$VBURN_TESTDATA/local-xorriso/multisession.iso
must "load multisession.iso" vburnctl load 0 "$ms"
sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
want=$(xorriso -indev "$ms" -toc 2>/dev/null |
	sed -n 's/^ISO session *: *[0-9]* *, *\([0-9]*\) .*/\1/p' | tr '\n' ' ')
got=$(cd-info --no-device-info --no-cddb -q -C "$dev" 2>&1 | cdinfo_tracks |
	sed -nE 's/^ *[0-9]+: [0-9:]+ +0*([0-9]+) data.*/\1/p' | tr '\n' ' ')
[ -n "$want" ] && [ "$want" = "$got" ] ||
	fail "multisession.iso: sessions at '$want' (xorriso) but tracks at '$got' (drive)"
compared=$((compared + 1))
pass "multisession.iso: the drive's tracks start at the file's sessions ($want)"

note "cdrdao show-toc cannot read ${#unread[@]} file(s): ${unread[*]:-none}"
[ "$compared" -ge 35 ] ||
	fail "only $compared images were compared (the judges read too few)"
pass "$compared images: the drive's TOC = the judge's"
stop_vburnd || fail "vburnd did not stop cleanly"
