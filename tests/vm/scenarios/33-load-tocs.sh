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
#    docs/formats.md 1.9).
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

# Every file to compare, as "GROUP FILE GOLD" lines: cdrdao's test TOCs
# with their maintainers' recorded show-toc output (testtocs/gold), then
# whipper's TOC and CUE files, whose judge is cdrdao show-toc of the file
# ("-"; libcdio's TOC driver leaves a track's SILENCE out of the later
# tracks' starts, and its CUE driver takes no WAVE files).
: >"$VBURN_TMP/list"
for f in "$VBURN_TESTDATA"/cdrdao/testtocs/*.toc; do
	g=$VBURN_TESTDATA/cdrdao/testtocs/gold/$(basename "$f" .toc).showtoc
	[ -f "$g" ] && echo "testtocs $f $g" >>"$VBURN_TMP/list"
done
for f in "$VBURN_TESTDATA"/whipper/whipper/test/*.toc \
	"$VBURN_TESTDATA"/whipper/whipper/test/*.cue; do
	[ -f "$f" ] && echo "whipper $f -" >>"$VBURN_TMP/list"
done

# Each file is copied into work/GROUP with every file it names made there
# (sparse, 600 MB shared among them: a disc stays within a CD's
# 99:59:74), all in one python run: an interpreter under TCG starts
# slowly.
python3 - "$work" "$VBURN_TMP/list" <<'PY' || fail "cannot stage the files"
import os, re, shutil, struct, sys
work = sys.argv[1]
for line in open(sys.argv[2]):
    group, src, _ = line.split()
    d = os.path.join(work, group)
    os.makedirs(d, exist_ok=True)
    shutil.copy(src, d)
    text = open(src, errors="replace").read()
    names = re.findall(r'(?:FILE|DATAFILE|AUDIOFILE) +"([^"]+)"', text)
    if not names:
        continue
    # A TOC gives each mention its start and length (whipper's name one
    # data.wav up to 54 minutes in); in a CUE each mention may run to the
    # file's end (track-separate.cue names one file four times).
    share = len(names) if src.endswith(".cue") else len(set(names))
    size = 600 * 1024 * 1024 // share // 2352 * 2352
    for name in sorted(set(names)):
        path = os.path.join(d, name)
        if os.path.exists(path):
            continue
        with open(path, "wb") as f:
            n = size
            if path.lower().endswith(".wav"):
                n += 44
                f.write(b"RIFF" + struct.pack("<I", n - 8) + b"WAVEfmt " +
                        struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400,
                                    4, 16) +
                        b"data" + struct.pack("<I", size))
            f.truncate(n)
PY

start_vburnd --media none
dev=$VBURN_DEV
unread=()

# The drive with each file loaded: its TOC as cd-info -C reads it, kept
# beside the judge's show-toc output for one comparison at the end.
out=$work/out
mkdir -p "$out"
n=0
while read -r group f gold; do
	name=${f##*/}
	if [ "$gold" = - ]; then
		gold=$out/$n.gold
		if ! (cd "$work/$group" && cdrdao show-toc "$name") \
			>"$gold" 2>/dev/null; then
			unread+=("$name")
			continue
		fi
	fi
	must "load $name" vburnctl load 0 "$work/$group/$name"
	sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
	cd-info --no-device-info --no-cddb -q -C "$dev" 2>&1 |
		cdinfo_tracks >"$out/$n.drive"
	echo "$name $gold $out/$n.drive" >>"$out/pairs"
	n=$((n + 1))
done <"$VBURN_TMP/list"

# Each drive TOC lists the tracks (number, audio or data, start) and the
# lead-out of the judge's show-toc output; prints how many were compared.
compared=$(python3 - "$out/pairs" <<'PY'
import re, sys
ok = 0
for line in open(sys.argv[1]):
    name, gold_path, drive_path = line.split()
    gold, drive = open(gold_path).read(), open(drive_path).read()
    want, end = [], None
    for m in re.finditer(r"TRACK +(\d+) +Mode ([^:\n]+):(.*?)(?=\nTRACK |\Z)",
                         gold, re.S):
        start = re.search(r"START +[\d:]+\( *(\d+)\)", m.group(3))
        end = re.search(r"END\*? +[\d:]+\( *(\d+)\)", m.group(3)).group(1)
        want.append((int(m.group(1)),
                     "audio" if m.group(2).startswith("AUDIO") else "data",
                     int(start.group(1)) if start else None))
    want.append((170, "leadout", int(end)))
    got = [(int(n), kind, int(lsn)) for n, lsn, kind in
           re.findall(r"^ *(\d+): [\d:]+ +(\d+) (\w+)", drive, re.M)]
    # a track with no START line starts where show-toc's TRACK time says
    got_cmp = [(n, k, l if w[2] is not None else None)
               for (n, k, l), w in zip(got, want)]
    if len(got) != len(want) or got_cmp != want:
        sys.exit(f"FAIL: {name}: the drive's TOC differs from cdrdao's "
                 f"show-toc:\n  show-toc: {want}\n  drive:    {got}")
    print(f"PASS: {name}: the drive's TOC = cdrdao show-toc's "
          f"({len(got) - 1} tracks)", file=sys.stderr)
    ok += 1
print(ok)
PY
) || fail "a drive's TOC differs from cdrdao's show-toc (above)"

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
