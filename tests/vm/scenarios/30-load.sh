#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 30-load: images loaded as virtual discs (vburnctl load) read by programs
# no one here wrote, over CUSE, compared with what the same programs or
# vburn-img read from the image file itself:
#  - cd-info on the drive lists the same tracks (number, MSF, LSN, type,
#    copy, channels, pre-emphasis), lead-out, MCN and CD-TEXT as cd-info
#    on the image file, for the libcdio test images it reads (CUE/BIN,
#    TOC, NRG v1 and v2, ISO). Only the track list, MCN and CD-TEXT lines
#    are compared: the rest of cd-info's report reads data sectors with
#    read(), which a CUSE node cannot serve (docs/clients.md 1.8);
#  - cdparanoia and cd-paranoia (libcdio's) rip every audio track of
#    CUE/BIN, TOC and NRG images (CCD, MDS and the other conversions:
#    32-load-rip), bit-exactly against vburn-img extract's WAV of the same track (PCM
#    compared, not the headers). cd-paranoia takes only nodes with a
#    CD-ROM major, which the node has (char 11:N, cuse/cuse_devnum.h);
#  - readom copies a data disc byte for byte, sg_inq and sg_readcap
#    describe it; xorriso -indev lists the last session's files of a
#    two-session ISO;
#  - a load while a program holds the node open works (the next command
#    reports the media change), and a missing image fails with one line
#    naming it while the drive keeps its disc.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cd-info cdparanoia cd-paranoia readom xorriso sg_raw sg_inq sg_readcap
require_build vburnd vburnctl vburn-img
require_testdata

td=$VBURN_TESTDATA/libcdio/test/data

start_vburnd --media none
dev=$VBURN_DEV
# cdda.toc is not compared: libcdio's TOC driver reads its DATAFILE
# "#200 00:00:25" (a start offset of 200 bytes and a length of 25 frames)
# as a track starting at 00:00:25, LSN -125; cdrdao show-toc agrees with
# the drive (tests/formats checks the reader against it).
# A plain .iso file is no CD image to cd-info (it lists no tracks);
# copying.iso is read with readom below.
for img in cdda.cue p1.nrg p1.cue videocd.nrg isofs-m1.cue; do
	must "load $img" vburnctl load 0 "$td/$img"
	# The first command after a load reports the media change.
	sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
	(cd "$td" && cd-info --no-device-info --no-cddb -q "$img") 2>&1 |
		cdinfo_tracks >"$VBURN_TMP/file.txt"
	cd-info --no-device-info --no-cddb -q -C "$dev" 2>&1 |
		cdinfo_tracks >"$VBURN_TMP/drive.txt"
	[ -s "$VBURN_TMP/file.txt" ] || fail "$img: cd-info lists no track"
	diff -u "$VBURN_TMP/file.txt" "$VBURN_TMP/drive.txt" ||
		fail "$img: cd-info on the drive differs from cd-info on the file"
	pass "$img: cd-info on the drive = on the file ($(grep -c '^ *[0-9]*: ' "$VBURN_TMP/file.txt") lines of tracks)"
done

# Audio rips: every audio track, both rippers, against vburn-img extract
# (lib.sh rip_same). cd-paranoia takes the node only with a CD-ROM major.
[ "$(stat -c '%F %t' "$dev")" = "character special file b" ] ||
	fail "$dev is $(stat -c '%F %t:%T' "$dev"), not char major 11 (0xb)"
# (The same discs converted to every format we write: 32-load-rip.)
for img in "$td/cdda.cue" "$td/p1.nrg" "$td/cdda.toc"; do
	name=${img##*/}
	must "load $name" vburnctl load 0 "$img"
	sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
	n=$("$VBURN_BUILD/vburn-img" info --json "$img" | python3 -c \
		'import json,sys; print(sum(len(s["tracks"]) for s in json.load(sys.stdin)["sessions"]))')
	for ((t = 1; t <= n; t++)); do
		"$VBURN_BUILD/vburn-img" extract "$img" --track "$t" \
			"$VBURN_TMP/want.wav" >/dev/null ||
			fail "$name: vburn-img extract of track $t failed"
		rip_same "$name" "$dev" "$t" "$VBURN_TMP/want.wav"
		pass "$name: track $t ripped bit-exactly by cdparanoia and cd-paranoia"
	done
done

# A data disc copied by readom.
must "load copying.iso" vburnctl load 0 "$td/copying.iso"
sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
must "readom" readom dev="$dev" f="$VBURN_TMP/back.iso"
cmp "$VBURN_TMP/back.iso" "$td/copying.iso" ||
	fail "readom's copy differs from copying.iso"
pass "readom copies the loaded ISO byte for byte"
# sg3_utils basics on the loaded disc: a CD/DVD device (peripheral type
# 5), and READ CAPACITY gives its last LBA and 2048-byte blocks.
sg_inq "$dev" 2>&1 | grep -q 'Peripheral device type: cd/dvd' ||
	fail "sg_inq does not report a CD/DVD device: $(sg_inq "$dev" 2>&1 | head -3)"
cap=$(sg_readcap "$dev" 2>&1)
echo "$cap" | grep -q "Last LBA=$(($(file_size "$td/copying.iso") / 2048 - 1)) " &&
	echo "$cap" | grep -q "Logical block length=2048 bytes" ||
	fail "sg_readcap of the loaded copying.iso says: $cap"
pass "sg_inq and sg_readcap describe the loaded disc"

# The last session of a two-session ISO, through the drive's TOC.
ms=$VBURN_TESTDATA/local-xorriso/multisession.iso
must "load multisession.iso" vburnctl load 0 "$ms"
sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
xorriso -indev "$ms" -find / -type f 2>/dev/null | sort >"$VBURN_TMP/want.lst"
xorriso -indev "$dev" -find / -type f 2>/dev/null | sort >"$VBURN_TMP/got.lst"
[ -s "$VBURN_TMP/want.lst" ] || fail "xorriso lists nothing in $ms"
diff -u "$VBURN_TMP/want.lst" "$VBURN_TMP/got.lst" ||
	fail "xorriso -indev on the drive lists other files than on the file"
xorriso -indev "$dev" -toc 2>&1 | grep -c '^ISO session' |
	grep -qx 2 || fail "xorriso -toc on the drive does not show 2 sessions"
pass "xorriso -indev: the loaded two-session ISO shows its last session"

# Load while a program holds the node open; a failed load changes nothing.
exec 3<"$dev"
must "load cdda.cue with the node open" vburnctl load 0 "$td/cdda.cue"
sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
cd-info --no-device-info --no-cddb -q -C "$dev" 2>&1 | cdinfo_tracks |
	grep -q '^  1: 00:02:00  000000 audio' ||
	fail "the disc loaded while the node was open is not seen"
if out=$(vburnctl load 0 "$VBURN_TMP/missing.cue" 2>&1); then
	fail "loading a missing image succeeded"
fi
[ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q missing.cue ||
	fail "the error for a missing image is not one line naming it: $out"
vburnctl --json status 0 | grep -q '"image": "[^"]*cdda.cue"' ||
	fail "a failed load changed the disc"
exec 3<&-
pass "load with the node open; a failed load ($out) keeps the disc"
stop_vburnd || fail "vburnd did not stop cleanly"
