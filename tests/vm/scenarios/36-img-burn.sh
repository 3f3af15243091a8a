#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 36-img-burn: vburn-img burn (issue "images in users' hands") onto
# vburnd's own CUSE drive, through libburn:
#  - an NRG, a CUE/BIN, a CCD and an MDS of two audio tracks with CD-TEXT,
#    ISRCs, an MCN and a pregap of PCM before track 2 (made from a TOC by
#    vburn-img convert; CD-TEXT as lead-in packs in the NRG and CCD, as
#    strings in the CUE; the MDS holds none of these, and its track 1
#    runs on over track 2's pregap) burn SAO;
#    cd-info on the drive shows the burned CD-TEXT, ISRCs and MCN (not
#    for the MDS), both tracks rip bit-exactly as the image holds them,
#    and the capture's PCM equals the image's;
#  - an ISO burns TAO to the one writable drive there is (no DEVICE
#    given), the capture is the ISO byte for byte;
#  - a CUE/BIN mixed-mode disc (a data track, then audio) burns TAO, the
#    capture holds the same tracks and sectors;
#  - --dummy captures nothing and leaves the disc blank;
#  - an audio CUE with INDEX 02 and 03 in track 1 burns SAO and the
#    capture has them where the CUE does;
#  - the ISO burns to a DVD+R, and a CUE/BIN of it to a BD-R (any image
#    to any medium): each capture is the ISO byte for byte;
#  - what libburn cannot write, an XA data track and an audio track with
#    CD-TEXT, an ISRC and an MCN in one session, goes Session At Once
#    through vburn-img's own writer: every track's sectors in the
#    capture hash as the image's (vburn-img hash), cd-info shows the
#    CD-TEXT, ISRC and MCN and an XA disc, cdparanoia rips the audio;
#    --dummy leaves the disc blank; on a DVD+R it is refused in one line;
#    an Enhanced CD (audio session, XA session) burns session by session;
#    a CD+G TOC (R-W subchannel) burns with its R-W, as cdrdao read-cd
#    reads them back.
# (35-image-files burns a 2-session NRG back.)
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cd-info cdparanoia cd-paranoia xorriso python3 genisoimage cdrdao
require_build vburnd vburnctl vburn-img

T=$VBURN_TMP
IMG=$VBURN_BUILD/vburn-img
python3 - "$T" <<'PY'
import random, struct, sys
d = sys.argv[1]
random.seed(36)
for name, n in (("t1.wav", 600), ("t2.wav", 450)):
    data = random.randbytes(n * 2352)
    with open(f"{d}/{name}", "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
                struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
                b"data" + struct.pack("<I", len(data)) + data)
PY
# a cdrdao TOC; track 2 starts a second into its file (a pregap of PCM)
{
	echo 'CD_DA'
	echo 'CATALOG "0724384260925"'
	echo 'CD_TEXT {'
	echo '  LANGUAGE_MAP { 0 : EN }'
	echo '  LANGUAGE 0 { TITLE "Burnt Album" PERFORMER "Band" }'
	echo '}'
	echo 'TRACK AUDIO'
	echo 'ISRC "DEA621000001"'
	echo 'CD_TEXT { LANGUAGE 0 { TITLE "One" PERFORMER "Band" } }'
	echo "FILE \"$T/t1.wav\" 0"
	echo 'TRACK AUDIO'
	echo 'ISRC "GBAYE9200070"'
	echo 'CD_TEXT { LANGUAGE 0 { TITLE "Two" PERFORMER "Solo" } }'
	echo "FILE \"$T/t2.wav\" 0"
	echo 'START 00:01:00'
} >"$T/album.toc"
# the NRG holds CD-TEXT as lead-in packs, the CUE as strings
must "convert the TOC to NRG" "$IMG" convert "$T/album.toc" "$T/album.nrg"
must "convert the TOC to CUE" "$IMG" convert "$T/album.toc" "$T/album.cue"
"$IMG" info "$T/album.nrg"
"$IMG" extract "$T/album.nrg" --track 1 "$T/w1.wav" >/dev/null
"$IMG" extract "$T/album.nrg" --track 2 "$T/w2.wav" >/dev/null

must "convert the TOC to CCD" "$IMG" convert "$T/album.toc" "$T/album.ccd"
must "convert the TOC to MDS" "$IMG" convert "$T/album.toc" "$T/album.mds"

for f in nrg cue ccd mds; do
	# the reference PCM is what this image holds per track
	for t in 1 2; do
		"$IMG" extract "$T/album.$f" --track $t "$T/w$t.wav" >/dev/null ||
			fail "$f: cannot extract track $t of the image"
	done
	start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-$f"
	must "vburn-img burn album.$f" "$IMG" burn "$T/album.$f" "$VBURN_DEV"
	if [ $f != mds ]; then
		cd-info --no-device-info --no-cddb -C "$VBURN_DEV" \
			>"$T/cdinfo.txt" 2>&1
		for s in "TITLE: Burnt Album" "TITLE: One" "PERFORMER: Solo" \
			"0724384260925" "DEA621000001" "GBAYE9200070"; do
			grep -q "$s" "$T/cdinfo.txt" || {
				cat "$T/cdinfo.txt"
				fail "$f: cd-info on the drive shows no \"$s\""
			}
		done
		pass "$f: cd-info shows the burned CD-TEXT, ISRCs and MCN"
	fi
	rip_same "burn $f" "$VBURN_DEV" 1 "$T/w1.wav"
	rip_same "burn $f" "$VBURN_DEV" 2 "$T/w2.wav"
	pass "$f: both tracks rip bit-exactly as the image holds them"
	vburnctl eject 0 >/dev/null
	cap=$(ls "$VBURN_WORK/img-$f"/*.cue 2>/dev/null | head -n 1)
	[ -n "$cap" ] || fail "$f: no capture of the audio burn"
	for t in 1 2; do
		"$IMG" extract "$cap" --track $t "$T/c$t.wav" >/dev/null ||
			fail "$f: cannot extract track $t of the capture"
		cmp "$T/c$t.wav" "$T/w$t.wav" ||
			fail "$f: the capture's track $t differs from the image's"
	done
	pass "$f: the capture's PCM equals the image's, track by track"
	stop_vburnd || fail "vburnd did not stop cleanly"
done

# an ISO, Track At Once
mkdir -p "$T/src"
head -c 3000000 /dev/urandom >"$T/src/a.bin"
must "make an ISO" xorriso -as mkisofs -quiet -R -o "$T/d.iso" "$T/src"
size=$(file_size "$T/d.iso")
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-data"
# --dummy first: nothing recorded
must "vburn-img burn --dummy" "$IMG" burn "$T/d.iso" "$VBURN_DEV" --dummy
st=$(vburnctl --json status 0 | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["state"])')
[ "$st" = blank ] || fail "--dummy left the disc $st"
pass "--dummy: the disc stays blank"
# no DEVICE: the one writable drive there is (the CUSE drive)
must "vburn-img burn d.iso" "$IMG" burn "$T/d.iso"
img=$(captured_image)
got=$(sha256_prefix "$img" "$size") || fail "capture too short"
[ "$got" = "$(sha256sum <"$T/d.iso" | cut -d' ' -f1)" ] ||
	fail "the capture differs from the ISO"
pass "the ISO burns Track At Once to the default drive, the capture is identical"

# a mixed-mode disc: data track 1, audio track 2 after the 2 s pregap a
# mode change needs (Red Book); CUE/BIN
{
	echo 'CD_ROM'
	echo 'TRACK MODE1'
	echo "DATAFILE \"$T/d.iso\""
	echo 'TRACK AUDIO'
	echo 'PREGAP 00:02:00'
	echo "FILE \"$T/t1.wav\" 0"
} >"$T/mixed.toc"
must "convert the mixed TOC to CUE" "$IMG" convert "$T/mixed.toc" \
	"$T/mixed.cue"
must "insert a blank CD-R" vburnctl blank 0 cd-r
must "vburn-img burn mixed.cue" "$IMG" burn "$T/mixed.cue"
cap=$(captured_image)
stop_vburnd || fail "vburnd did not stop cleanly"
images_same "the mixed-mode CUE" "$T/mixed.cue" "${cap%.*}.vbd"
pass "a mixed-mode CUE/BIN burns TAO, the capture holds the same tracks"

# INDEX 02 and up: track 1 of 8 s has index 2 at 2 s and index 3 at 5 s
printf '%s\n' 'FILE "t1.wav" WAVE' '  TRACK 01 AUDIO' '    INDEX 01 00:00:00' \
	'    INDEX 02 00:02:00' '    INDEX 03 00:05:00' 'FILE "t2.wav" WAVE' \
	'  TRACK 02 AUDIO' '    INDEX 01 00:00:00' >"$T/idx.cue"
start_vburnd --media cd-r
must "vburn-img burn idx.cue" "$IMG" burn "$T/idx.cue"
cap=$(captured_image)
stop_vburnd || fail "vburnd did not stop cleanly"
images_same "the CUE with INDEX 02/03" "$T/idx.cue" "${cap%.*}.vbd"
# indexes as offsets from each track's start, in the image and capture
idx_of()
{
	"$IMG" info --json "$1" | python3 -c 'import json,sys
for s in json.load(sys.stdin)["sessions"]:
    for t in s["tracks"]:
        print(t["number"], [i - t["start"] for i in t["indexes"]])'
}
want=$(idx_of "$T/idx.cue") got=$(idx_of "${cap%.*}.vbd")
echo "$want" | grep -q '^1 \[.*150, 375\]' ||
	fail "the CUE reads as '$want', not index 2 at 150 and 3 at 375"
[ "$want" = "$got" ] || fail "indexes: image '$want', capture '$got'"
pass "INDEX 02 and 03 burn SAO where the CUE has them: $(echo "$got" | head -n 1)"

# any image to any medium: the ISO to a DVD+R, a CUE/BIN of it to a BD-R
must "convert d.iso to CUE/BIN" "$IMG" convert "$T/d.iso" "$T/dd.cue"
for m in dvd+r:d.iso bd-r:dd.cue; do
	start_vburnd --media "${m%%:*}"
	must "vburn-img burn ${m#*:} to ${m%%:*}" "$IMG" burn "$T/${m#*:}" \
		"$VBURN_DEV"
	img=$(captured_image)
	got=$(sha256_prefix "$img" "$size") || fail "${m%%:*}: capture too short"
	[ "$got" = "$(sha256sum <"$T/d.iso" | cut -d' ' -f1)" ] ||
		fail "${m%%:*}: the capture differs from the ISO"
	stop_vburnd || fail "vburnd did not stop cleanly"
done
pass "the ISO burns to a DVD+R and its CUE/BIN to a BD-R, captures identical"

# a UDF bridge burned to a DVD+R: the capture's manifest (.vbd) reads as
# UDF (libudf through the store file, tools/fs_udf.c)
mkdir -p "$T/u/a"
head -c 100000 /dev/urandom >"$T/u/a/r.bin"
must "genisoimage -udf" genisoimage -quiet -udf -o "$T/u.iso" "$T/u"
start_vburnd --media dvd+r
must "vburn-img burn u.iso" "$IMG" burn "$T/u.iso" "$VBURN_DEV"
cap=$(captured_image)
stop_vburnd || fail "vburnd did not stop cleanly"
must "get --udf from the .vbd" "$IMG" get "${cap%.*}.vbd" / "$T/uback" --udf
cmp "$T/u/a/r.bin" "$T/uback/a/r.bin" || fail "UDF from the .vbd: r.bin differs"
"$IMG" ls "${cap%.*}.vbd" --udf --json | python3 -c 'import json,sys
assert json.load(sys.stdin)["tree"] == "udf"' || fail "ls --json of the .vbd is not udf"
pass "a UDF bridge burned to DVD+R: its .vbd capture reads as UDF, bytes equal"

# An XA data track and an audio track with CD-TEXT, ISRC and MCN in one
# session: libburn cannot, vburn-img's own writer (tools/img_sao.c) can.
{
	echo 'CD_ROM_XA'
	echo 'CATALOG "0724384260925"'
	echo 'CD_TEXT {'
	echo '  LANGUAGE_MAP { 0 : EN }'
	echo '  LANGUAGE 0 { TITLE "XA Disc" PERFORMER "Band" }'
	echo '}'
	echo 'TRACK MODE2_FORM1'
	echo 'CD_TEXT { LANGUAGE 0 { TITLE "Data" PERFORMER "Band" } }'
	echo "DATAFILE \"$T/d.iso\""
	echo 'TRACK AUDIO'
	echo 'ISRC "DEA621000001"'
	echo 'CD_TEXT { LANGUAGE 0 { TITLE "Song" PERFORMER "Solo" } }'
	echo 'PREGAP 00:02:00'
	echo "FILE \"$T/t1.wav\" 0"
} >"$T/xa.toc"
"$IMG" extract "$T/xa.toc" --track 2 "$T/xa2.wav" >/dev/null ||
	fail "cannot extract the XA image's audio track"
# hashes: each track's sectors as a CUE/BIN dump has them (raw 2352)
hashes()
{
	"$IMG" hash --json "$1" | python3 -c 'import json,sys
for f in json.load(sys.stdin)["files"]:
    print(f["track"], f["sectors"], f["sha1"])'
}
# capture_same WHAT DIR IMAGE: eject; the manifest captured in DIR ($cap)
# hashes track by track as IMAGE does
capture_same()
{
	local want got
	vburnctl eject 0 >/dev/null
	cap=$(ls "$2"/*.vbd 2>/dev/null | head -n 1)
	[ -n "$cap" ] || fail "$1: no capture"
	want=$(hashes "$3") got=$(hashes "$cap")
	[ -n "$want" ] && [ "$want" = "$got" ] ||
		fail "$1: track hashes differ: image '$want', capture '$got'"
}
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-xa"
must "vburn-img burn --dummy xa.toc" "$IMG" burn "$T/xa.toc" "$VBURN_DEV" \
	--dummy
st=$(vburnctl --json status 0 | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["state"])')
[ "$st" = blank ] || fail "--dummy of the XA image left the disc $st"
"$IMG" burn "$T/xa.toc" "$VBURN_DEV" 2>"$T/xa.err" || {
	cat "$T/xa.err"
	fail "vburn-img burn xa.toc failed"
}
grep -q "own writer" "$T/xa.err" ||
	fail "no note that the own writer burned it: $(cat "$T/xa.err")"
cd-info --no-device-info --no-cddb -C "$VBURN_DEV" >"$T/cdinfo.txt" 2>&1
for s in "TITLE: XA Disc" "TITLE: Song" "PERFORMER: Solo" "0724384260925" \
	"DEA621000001" "XA"; do
	grep -q "$s" "$T/cdinfo.txt" || {
		cat "$T/cdinfo.txt"
		fail "XA image: cd-info on the drive shows no \"$s\""
	}
done
rip_same "burn xa.toc" "$VBURN_DEV" 2 "$T/xa2.wav"
capture_same "XA image" "$VBURN_WORK/img-xa" "$T/xa.toc"
stop_vburnd || fail "vburnd did not stop cleanly"
pass "an XA + audio disc with CD-TEXT burns SAO through the own writer: $(cat "$T/xa.err")"
# an Enhanced CD (CD-Extra): an audio session, then an XA data session,
# both through the own writer, the second where the image has it
tail -c +45 "$T/t1.wav" >"$T/ecd.pcm"
printf '%s\n' 'REM SESSION 01' "FILE \"$T/ecd.pcm\" BINARY" \
	'  TRACK 01 AUDIO' '    INDEX 01 00:00:00' 'REM SESSION 02' \
	"FILE \"$T/d.iso\" BINARY" '  TRACK 02 MODE2/2048' \
	'    INDEX 01 00:00:00' >"$T/ecd.cue"
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-ecd"
must "vburn-img burn ecd.cue" "$IMG" burn "$T/ecd.cue" "$VBURN_DEV"
cd-info --no-device-info --no-cddb -C "$VBURN_DEV" >"$T/cdinfo.txt" 2>&1
last=$(sed -n 's/^Last CD Session LSN: *\([0-9]*\).*/\1/p' "$T/cdinfo.txt")
[ "$last" = 12000 ] || {
	cat "$T/cdinfo.txt"
	fail "Enhanced CD: cd-info's last session LSN is '$last', want 12000"
}
capture_same "Enhanced CD" "$VBURN_WORK/img-ecd" "$T/ecd.cue"
[ "$("$IMG" info --json "$cap" | python3 -c 'import json,sys
print(len(json.load(sys.stdin)["sessions"]))')" = 2 ] ||
	fail "Enhanced CD: the capture has not 2 sessions"
stop_vburnd || fail "vburnd did not stop cleanly"
pass "an Enhanced CD (audio session, XA session) burns SAO session by session, capture equal"
# vburn-img rm of the manifest takes its store with it: the flat file
# and the log of what the flat file does not hold
stem=${cap%.vbd}
[ -f "$stem.vblog" ] && [ -f "$stem.iso" ] ||
	fail "the Enhanced CD's store is not $stem.iso + .vblog: $(ls "${cap%/*}")"
must "vburn-img rm the manifest" "$IMG" rm "$cap"
for f in "$cap" "$stem.vblog" "$stem.iso"; do
	[ ! -e "$f" ] || fail "vburn-img rm left $f"
done
pass "vburn-img rm of a capture's manifest removes its .iso and .vblog too"
# CD+G: an audio track with R-W subchannel (a cdrdao TOC, RW_RAW: 2352
# bytes of big-endian PCM and 96 of R-W a sector), which libburn cannot
# write; cdrdao read-cd, another client, reads PCM and R-W back
python3 - "$T" <<'PY'
import random, sys
random.seed(362)
with open(f"{sys.argv[1]}/cdg.bin", "wb") as f:
    for i in range(600):
        f.write(random.randbytes(2352))
        f.write(bytes(0xc0 | random.randrange(64) for _ in range(96)))
PY
printf 'CD_DA\nTRACK AUDIO RW_RAW\nDATAFILE "%s"\n' "$T/cdg.bin" >"$T/cdg.toc"
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-cdg"
"$IMG" burn "$T/cdg.toc" "$VBURN_DEV" 2>"$T/cdg.err" || {
	cat "$T/cdg.err"
	fail "vburn-img burn cdg.toc failed"
}
grep -q "R-W" "$T/cdg.err" || fail "no note about R-W: $(cat "$T/cdg.err")"
rm -f "$T/read.bin" "$T/read.toc"
must "cdrdao read-cd --read-subchan rw_raw" cdrdao read-cd \
	--device "$VBURN_DEV" --driver generic-mmc --read-subchan rw_raw \
	--datafile "$T/read.bin" "$T/read.toc"
python3 - "$T/cdg.bin" "$T/read.bin" <<'PY' || fail "CD+G: PCM or R-W read back differ from the image's"
import sys
want, got = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
assert len(got) == len(want), f"{len(got)} bytes read, {len(want)} burned"
for i in range(len(want) // 2448):
    w, g = want[i * 2448:(i + 1) * 2448], got[i * 2448:(i + 1) * 2448]
    assert g[:2352] == w[:2352], f"sector {i}: PCM differs"
    assert all((a ^ b) & 0x3f == 0 for a, b in zip(g[2352:], w[2352:])), \
        f"sector {i}: R-W differ"
PY
stop_vburnd || fail "vburnd did not stop cleanly"
pass "CD+G burns SAO through the own writer: cdrdao read-cd reads the same PCM and R-W"
start_vburnd --media dvd+r
if "$IMG" burn "$T/xa.toc" "$VBURN_DEV" 2>"$T/xa.err"; then
	fail "an XA image was burned to a DVD+R"
fi
tail -n 1 "$T/xa.err" | grep -q "needs a CD-R or CD-RW" ||
	fail "the refusal does not name the medium: $(cat "$T/xa.err")"
stop_vburnd || fail "vburnd did not stop cleanly"
pass "an XA image on a DVD+R is refused: $(tail -n 1 "$T/xa.err")"
