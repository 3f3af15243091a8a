#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 19b-sao-forms: what cdrdao's generic-mmc driver sends in Session At
# Once beyond plain audio (docs/clients.md 3.2; issue "record everything"):
#  - an audio TOC with CD-TEXT, CATALOG, ISRCs, PRE_EMPHASIS and COPY, an
#    INDEX, a PREGAP of silence and a START pregap taken from the file;
#  - a mixed-mode TOC (Mode 1 data, then audio after a 2 s pregap);
#  - a CD-ROM XA TOC with MODE2_FORM1, MODE2_FORM_MIX and MODE2 tracks;
#  - CD-TEXT written into the lead-in by cdrskin -sao (from a cue sheet)
#    and wodim -dao and -raw96r (from a binary CD-TEXT file) as well.
# The judge of the layout is cdrdao itself, read back through the drive:
# `cdrdao read-toc` of the burned disc, shown with `cdrdao show-toc`,
# must equal `cdrdao show-toc` of the TOC that was burned (start, end,
# pregap and index of every track, modes, flags, ISRCs and the MCN), and
# so must show-toc of the capture; CD-TEXT must come back in read-toc's
# TOC and in cd-info. Data is compared byte for byte: the
# audio ripped by cdparanoia and cd-paranoia, the Mode 1 track copied by
# readom, all the audio and every Mode 2 sector (raw) as cdrdao read-cd
# copied them.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cdrdao cdrskin wodim cd-info sg_raw cdparanoia cd-paranoia readom \
	python3
require_build vburnd vburnctl vburn-img

T=$VBURN_TMP
# Sources: three WAVs, a Mode 1 file, XA Form 1 user data, 2336-byte XA
# blocks of both forms (subheader first), and formless Mode 2 blocks.
python3 - "$T" <<'PY'
import random, struct, sys
d = sys.argv[1]
random.seed(19)
def wav(name, n):
    data = random.randbytes(n * 2352)
    with open(f"{d}/{name}", "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
                struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
                b"data" + struct.pack("<I", len(data)) + data)
wav("t1.wav", 600)
wav("t2.wav", 450)
wav("t3.wav", 450)
open(f"{d}/m1.bin", "wb").write(random.randbytes(400 * 2048))
open(f"{d}/f1.bin", "wb").write(random.randbytes(300 * 2048))
with open(f"{d}/mix.bin", "wb") as f:
    for i in range(300):
        form2 = i % 3 == 1
        sm = 0x20 if form2 else 0x08
        sub = bytes([0, 0, sm, 0]) * 2
        n = 2324 if form2 else 2048
        f.write(sub + random.randbytes(n) + bytes(2328 - n))
open(f"{d}/m2.bin", "wb").write(random.randbytes(300 * 2336))
PY

cat >"$T/audio.toc" <<EOF
CD_DA
CATALOG "0724384260925"
CD_TEXT {
  LANGUAGE_MAP { 0 : EN }
  LANGUAGE 0 { TITLE "Album" PERFORMER "Band" }
}
TRACK AUDIO
PRE_EMPHASIS
ISRC "DEA621000001"
CD_TEXT { LANGUAGE 0 { TITLE "One" PERFORMER "Band" } }
FILE "$T/t1.wav" 0
INDEX 00:02:00
TRACK AUDIO
COPY
ISRC "GBAYE9200070"
CD_TEXT { LANGUAGE 0 { TITLE "Two" PERFORMER "Solo" } }
PREGAP 00:01:00
FILE "$T/t2.wav" 0
TRACK AUDIO
CD_TEXT { LANGUAGE 0 { TITLE "Three" PERFORMER "Band" } }
FILE "$T/t3.wav" 0
START 00:01:00
EOF
cat >"$T/mixed.toc" <<EOF
CD_ROM
TRACK MODE1
DATAFILE "$T/m1.bin"
TRACK AUDIO
PREGAP 00:02:00
FILE "$T/t2.wav" 0
EOF
cat >"$T/xa.toc" <<EOF
CD_ROM_XA
TRACK MODE2_FORM1
DATAFILE "$T/f1.bin"
TRACK MODE2_FORM_MIX
DATAFILE "$T/mix.bin"
TRACK MODE2
PREGAP 00:02:00
DATAFILE "$T/m2.bin"
EOF

# layout FILE: cdrdao show-toc of FILE without its version banner. An XA
# track of either form shows as MODE2_FORM_MIX: read-toc calls XA tracks
# so (a drive's TOC does not tell the forms apart, and with
# --no-mode2-mixed it names a track after its first sector's form). How
# a file stores the sectors is left out too: a TOC made from a CCD
# capture keeps XA sectors raw (MODE2_RAW) with their subchannel (RW_RAW).
layout()
{
	cdrdao show-toc "$1" 2>&1 | grep -v '^Cdrdao version' |
		sed 's/[[:space:]]*$//; s/ RW_RAW:/:/
			s/Mode MODE2_\(FORM[12]\|RAW\):/Mode MODE2_FORM_MIX:/'
}

# texts TOC: the TITLE and PERFORMER strings of TOC's CD_TEXT, in order.
texts()
{
	grep -oE '(TITLE|PERFORMER) "[^"]*"' "$1"
}

# same_layout WHAT WANT GOT: both TOC/CUE files show the same layout.
same_layout()
{
	diff <(layout "$2") <(layout "$3") >"$T/layout.diff" || {
		cat "$T/layout.diff"
		fail "$1: cdrdao shows a different layout than $(basename "$2")"
	}
}

# pcm_from WAV SECTOR OUT: OUT is a WAV of WAV's PCM from SECTOR on.
pcm_from()
{
	python3 - "$@" <<'PY'
import struct, sys
src, first, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(src, "rb").read()[44 + first * 2352:]
with open(out, "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
            struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
            b"data" + struct.pack("<I", len(data)) + data)
PY
}

for toc in audio mixed xa; do
	img=$VBURN_WORK/img-$toc
	start_vburnd --media cd-r --image-dir "$img"
	# cdrdao 1.2.4 writes CD-TEXT only with driver option 0x10 (1.2.5
	# asks feature 002Eh's R-W bit instead)
	must "cdrdao write $toc.toc" cdrdao write --device "$VBURN_DEV" \
		--driver generic-mmc:0x10 -n "$T/$toc.toc"
	# read-toc finds pregaps and indexes by a binary search on Q
	# (read-cd's scan counts a pregap from the end of the read it
	# happens to be in, so its layout is no judge); the TOC it writes
	# names data files, which show-toc wants to exist.
	rm -f "$T/read.toc" "$T/read.bin" "$T/readcd.toc" "$T"/toc*
	must "cdrdao read-toc ($toc)" cdrdao read-toc --device "$VBURN_DEV" \
		--driver generic-mmc --datafile "$T/toc.bin" "$T/read.toc"
	sed -n 's/^ *\(DATA\)\{0,1\}FILE "\([^"]*\)".*/\2/p' "$T/read.toc" |
		sort -u | while read -r f; do
		case $f in /*) ;; *) f=$T/$f ;; esac
		truncate -s 100M "$f"
	done
	same_layout "$toc: cdrdao read-toc of the drive" "$T/$toc.toc" \
		"$T/read.toc"
	pass "$toc: cdrdao read-toc of the burned disc shows the TOC's layout"
	raw=
	[ $toc = xa ] && raw=--read-raw
	must "cdrdao read-cd ($toc)" cdrdao read-cd --device "$VBURN_DEV" \
		--driver generic-mmc $raw --datafile "$T/read.bin" \
		"$T/readcd.toc"
	case $toc in
	audio)
		# CD-TEXT: what read-toc found in the lead-in (READ TOC
		# format 5) and what libcdio's cd-info shows
		diff <(texts "$T/audio.toc") <(texts "$T/read.toc") ||
			fail "audio: read-toc's CD-TEXT differs from the TOC's"
		cd-info --no-device-info --no-cddb -C "$VBURN_DEV" \
			>"$T/cdinfo.txt" 2>&1
		for s in "TITLE: Album" "TITLE: One" "PERFORMER: Solo" \
			"TITLE: Three"; do
			grep -q "$s\$" "$T/cdinfo.txt" || {
				grep -A3 "CD-TEXT" "$T/cdinfo.txt"
				fail "audio: cd-info shows no CD-TEXT \"$s\""
			}
		done
		pass "audio: the CD-TEXT reads back in cdrdao and cd-info"
		rip_same audio "$VBURN_DEV" 1 "$T/t1.wav"
		rip_same audio "$VBURN_DEV" 2 "$T/t2.wav"
		pcm_from "$T/t3.wav" 75 "$T/t3-start.wav"
		rip_same audio "$VBURN_DEV" 3 "$T/t3-start.wav"
		# the disc's PCM as cdrdao read it: track 1, a second of
		# silence (track 2's PREGAP), track 2, track 3 (its pregap
		# the start of its WAV); cdrdao's data files hold samples
		# big-endian, as its TOC files expect them
		python3 - "$T" <<'PY' || fail "audio: cdrdao read-cd's PCM differs from the WAVs"
import sys
d = sys.argv[1]
def pcm(n):
    return open(f"{d}/{n}", "rb").read()[44:]
want = bytearray(pcm("t1.wav") + bytes(75 * 2352) + pcm("t2.wav") + pcm("t3.wav"))
want[0::2], want[1::2] = want[1::2], want[0::2]
got = open(f"{d}/read.bin", "rb").read()
assert got == want, f"{len(got)} bytes read, {len(want)} expected"
PY
		pass "audio: both rippers and cdrdao read-cd read the three tracks bit-exactly"
		;;
	mixed)
		readom dev="$VBURN_DEV" f="$T/m1-read.bin" sectors=0-400 \
			>"$T/readom.log" 2>&1 || {
			tail -n 3 "$T/readom.log"
			fail "mixed: readom cannot read the data track"
		}
		cmp "$T/m1-read.bin" "$T/m1.bin" ||
			fail "mixed: readom's copy of the data track differs"
		rip_same mixed "$VBURN_DEV" 2 "$T/t2.wav"
		pass "mixed: readom copies the Mode 1 track, the rippers the audio, bit-exactly"
		;;
	xa)
		python3 - "$T" <<'PY' || fail "xa: a sector read raw differs from what was burned"
import sys
d = sys.argv[1]
raw = open(f"{d}/read.bin", "rb").read()
f1 = open(f"{d}/f1.bin", "rb").read()
mix = open(f"{d}/mix.bin", "rb").read()
m2 = open(f"{d}/m2.bin", "rb").read()
# three tracks of 300 sectors, the formless one after a 2 s pregap (a
# change of mode, ECMA-130 14.1). read-cd copies the XA tracks raw (2352
# bytes a sector) and the formless one as its 2336 user bytes, without
# its pregap.
def sector(lba):
    s = raw[lba * 2352:(lba + 1) * 2352]
    assert len(s) == 2352, f"LBA {lba}: only {len(s)} bytes read"
    assert s[15] == 2, f"LBA {lba}: mode byte {s[15]}"
    return s
for i in range(300):
    s = sector(i)
    assert s[24:24 + 2048] == f1[i * 2048:(i + 1) * 2048], f"form 1 sector {i}"
    s = sector(300 + i)
    b = mix[i * 2336:(i + 1) * 2336]
    n = 8 + (2324 if b[2] & 0x20 else 2048)
    assert s[16:16 + n] == b[:n], f"mixed sector {i}"
m2_read = raw[600 * 2352:]
assert len(m2_read) == 300 * 2336, f"{len(m2_read)} bytes of the Mode 2 track"
assert m2_read == m2, "the Mode 2 track differs"
print("900 Mode 2 sectors equal")
PY
		pass "xa: cdrdao read-cd --read-raw reads every Mode 2 and XA sector as burned"
		;;
	esac
	vburnctl eject 0 >/dev/null # waits for the capture
	cap=$(ls "$img"/*.cue "$img"/*.ccd 2>/dev/null | head -n 1)
	[ -n "$cap" ] || fail "$toc: no capture in $img"
	must "vburn-img verify ($toc)" "$VBURN_BUILD/vburn-img" verify "$cap"
	"$VBURN_BUILD/vburn-img" convert "$cap" "$T/cap-$toc.toc" >/dev/null ||
		fail "$toc: vburn-img cannot convert the capture to a TOC"
	same_layout "$toc: the capture (as TOC)" "$T/$toc.toc" "$T/cap-$toc.toc"
	diff <(texts "$T/$toc.toc") <(texts "$T/cap-$toc.toc") ||
		fail "$toc: the capture's CD-TEXT differs from the TOC's"
	pass "$toc: the capture ($(basename "$cap")) verifies and shows the TOC's layout in cdrdao"
	stop_vburnd || fail "vburnd did not stop cleanly"
done


# CD-TEXT from the other two writers: cdrskin -sao takes it from a cue
# sheet (-text), wodim -dao, -raw96r and -raw96p from a binary CD-TEXT file
# (textfile=), which here is READ TOC format 5 of the disc cdrskin burned
# (4-byte header and packs, the form wodim reads). All write it into the
# lead-in (-raw96r/-raw96p as R-W of raw blocks, whose Q the drive follows);
# cdrdao read-toc and cd-info must find the strings, the rippers the PCM,
# and the capture must keep them.
python3 - "$T" <<'PY'
d = __import__("sys").argv[1]
pcm = b"".join(open(f"{d}/t{i}.wav", "rb").read()[44:] for i in (1, 2))
open(f"{d}/album.bin", "wb").write(pcm)
PY
cat >"$T/album.cue" <<EOF
TITLE "Album"
PERFORMER "Band"
FILE "$T/album.bin" BINARY
  TRACK 01 AUDIO
    TITLE "One"
    PERFORMER "Band"
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Two"
    PERFORMER "Solo"
    INDEX 01 00:08:00
EOF
printf '%s\n' 'TITLE "Album"' 'PERFORMER "Band"' 'TITLE "One"' \
	'PERFORMER "Band"' 'TITLE "Two"' 'PERFORMER "Solo"' >"$T/album.texts"
for burner in cdrskin wodim wodim-raw96r wodim-raw96p; do
	start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-text-$burner"
	case $burner in
	cdrskin) must "cdrskin -sao -text cuefile=" cdrskin -v \
		dev="$VBURN_DEV" -sao -text cuefile="$T/album.cue" ;;
	wodim) must "wodim -dao -text textfile=" wodim -v gracetime=0 \
		dev="$VBURN_DEV" -dao -text textfile="$T/album.cdt" \
		-audio "$T/t1.wav" "$T/t2.wav" ;;
	wodim-raw96[rp]) must "wodim -${burner#wodim-} -text textfile=" \
		wodim -v gracetime=0 dev="$VBURN_DEV" "-${burner#wodim-}" -text \
		textfile="$T/album.cdt" -audio "$T/t1.wav" "$T/t2.wav" ;;
	esac
	rm -f "$T/read.toc" "$T"/toc*
	must "cdrdao read-toc ($burner)" cdrdao read-toc \
		--device "$VBURN_DEV" --driver generic-mmc \
		--datafile "$T/toc.bin" "$T/read.toc"
	diff "$T/album.texts" <(texts "$T/read.toc") ||
		fail "$burner: read-toc's CD-TEXT differs from what was burned"
	cd-info --no-device-info --no-cddb -C "$VBURN_DEV" \
		>"$T/cdinfo.txt" 2>&1
	for s in "TITLE: Album" "TITLE: One" "PERFORMER: Solo"; do
		grep -q "$s\$" "$T/cdinfo.txt" ||
			fail "$burner: cd-info shows no CD-TEXT \"$s\""
	done
	rip_same "$burner" "$VBURN_DEV" 1 "$T/t1.wav"
	rip_same "$burner" "$VBURN_DEV" 2 "$T/t2.wav"
	pass "$burner: CD-TEXT reads back in cdrdao and cd-info, the PCM in both rippers"
	if [ $burner = cdrskin ]; then
		# READ TOC format 5, allocation length 64 KiB - 1
		sg_raw -r 65535 -o "$T/album.cdt" "$VBURN_DEV" \
			43 02 05 00 00 00 00 ff ff 00 >/dev/null 2>&1 ||
			fail "READ TOC format 5 failed"
		[ $(($(file_size "$T/album.cdt") % 18)) = 4 ] ||
			fail "READ TOC format 5 gave $(file_size "$T/album.cdt") bytes"
	fi
	vburnctl eject 0 >/dev/null # waits for the capture
	cap=$(ls "$VBURN_WORK/img-text-$burner"/*.cue) ||
		fail "$burner: no CUE capture"
	must "vburn-img verify ($burner)" "$VBURN_BUILD/vburn-img" verify "$cap"
	"$VBURN_BUILD/vburn-img" convert "$cap" "$T/cap-$burner.toc" \
		>/dev/null || fail "$burner: cannot convert the capture"
	diff "$T/album.texts" <(texts "$T/cap-$burner.toc") ||
		fail "$burner: the capture's CD-TEXT differs from what was burned"
	pass "$burner: the capture verifies and keeps the CD-TEXT"
	stop_vburnd || fail "vburnd did not stop cleanly"
done
