#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 32-load-rip: the same discs loaded from every image format we write,
# read by programs no one here wrote, over CUSE:
#  - three third-party CUE/BIN discs (libcdio's cdda, usbode-circle's
#    three-track audio CD and its mixed-mode CD: a Mode 1 track, then two
#    audio tracks) are converted with vburn-img to CUE, TOC, NRG, CCD, MDS
#    and CHD, and one to a child CHD of another; each is loaded, and cdparanoia rips every audio track
#    bit-exactly equal to the PCM of the *source* image (vburn-img
#    extract of the original CUE/BIN, headers left out), and so does
#    libcdio's cd-paranoia;
#  - READ CD of whole data tracks as raw 2352-byte sectors (sync, all
#    headers, user data, EDC/ECC; MMC 6.19) through sg_raw, from images
#    that store raw sectors (isofs-m1.cue) and from images that store user
#    data only (copying.iso, mixed.cue's track 1, and their CCD/MDS
#    conversions): every sector passes vburn-img verify's sync, header,
#    EDC and ECC checks, its user data equals the source's, and where the
#    source stores raw sectors the bytes equal the source's.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cdparanoia cd-paranoia sg_raw python3
require_build vburnd vburnctl vburn-img
require_testdata

img_tool=$VBURN_BUILD/vburn-img
lib=$VBURN_TESTDATA/libcdio/test/data
usb=$VBURN_TESTDATA/usbode-circle/integration-tests/testdata
[ -f "$usb/mixed.cue" ] || skip "usbode-circle test data missing in $usb"

# json_tracks IMAGE: "NUMBER MODE START LENGTH" per track, from vburn-img.
json_tracks()
{
	"$img_tool" info --json "$1" | python3 -c '
import json, sys
for s in json.load(sys.stdin)["sessions"]:
    for t in s["tracks"]:
        print(t["number"], t["mode"], t["start"], t["length"])'
}

# load IMAGE: load it and let the first command take the media change.
load()
{
	must "load ${1##*/}" vburnctl load 0 "$1"
	sg_raw "$dev" 00 00 00 00 00 00 >/dev/null 2>&1
}

# rip_all IMAGE SOURCE: every audio track of the loaded IMAGE, ripped by
# each ripper, equals SOURCE's PCM of that track.
rip_all()
{
	local img=$1 src=$2 n mode start len
	while read -r n mode start len; do
		[ "$mode" = audio ] || continue
		"$img_tool" extract "$src" --track "$n" "$VBURN_TMP/want.wav" \
			>/dev/null || fail "${src##*/}: extract of track $n failed"
		rip_same "${img##*/}" "$dev" "$n" "$VBURN_TMP/want.wav"
		pass "${img##*/}: track $n ($len sectors) ripped bit-exactly by ${VBURN_RIPPERS[*]%% *}"
	done < <(json_tracks "$img")
}

# read_raw START COUNT OUT: READ CD of COUNT sectors from START, any sector
# type, sync + all headers + user data + EDC/ECC (byte 9 = F8h), no
# subchannel, in pieces of 16 sectors.
read_raw()
{
	local lba=$1 count=$2 out=$3 k n
	: >"$out"
	for ((k = 0; k < count; k += 16)); do
		n=$((count - k < 16 ? count - k : 16))
		sg_raw -r $((n * 2352)) -o "$VBURN_TMP/piece" "$dev" BE 00 \
			$(printf '%02x %02x %02x %02x' $(((lba + k) >> 24 & 255)) \
				$(((lba + k) >> 16 & 255)) $(((lba + k) >> 8 & 255)) \
				$(((lba + k) & 255))) \
			00 00 $(printf '%02x' "$n") F8 00 00 >/dev/null 2>&1 ||
			fail "READ CD of $n sectors at LBA $((lba + k)) failed"
		cat "$VBURN_TMP/piece" >>"$out"
	done
	[ "$(file_size "$out")" -eq $((count * 2352)) ] ||
		fail "READ CD gave $(file_size "$out") bytes for $count sectors"
}

# raw_track IMAGE SOURCE: track 1 of the loaded IMAGE (a Mode 1 track at
# LBA 0) read raw passes EDC/ECC checks, and its user data is SOURCE's.
raw_track()
{
	local img=$1 src=$2 n mode start len
	read -r n mode start len < <(json_tracks "$img")
	[ "$mode" = mode1 ] && [ "$start" -eq 0 ] ||
		fail "${img##*/}: track 1 is $mode at $start, not Mode 1 at 0"
	read_raw 0 "$len" "$VBURN_TMP/raw.bin"
	verify_raw_mode1 "$VBURN_TMP/raw.bin" "$len" "${img##*/}"
	"$img_tool" extract "$src" --track 1 "$VBURN_TMP/user.iso" >/dev/null ||
		fail "${src##*/}: extract of track 1 failed"
	python3 - "$VBURN_TMP/raw.bin" "$VBURN_TMP/user.iso" <<'PY' ||
import sys
raw = open(sys.argv[1], "rb").read()
user = open(sys.argv[2], "rb").read()
got = b"".join(raw[i + 16:i + 2064] for i in range(0, len(raw), 2352))
sys.exit(0 if got == user else "user data differs")
PY
		fail "${img##*/}: the raw sectors' user data differs from ${src##*/}"
	pass "${img##*/}: READ CD raw of track 1 ($len sectors): EDC/ECC and headers verify, user data equal"
}

start_vburnd --media none
dev=$VBURN_DEV

# Audio and mixed discs in every format we write.
for src in "$lib/cdda.cue" "$usb/audiocd.cue" "$usb/mixed.cue"; do
	base=${src##*/}
	base=${base%.cue}
	for fmt in cue toc nrg ccd mds chd; do
		out=$VBURN_TMP/conv-$base/$base.$fmt
		mkdir -p "${out%/*}"
		must "convert $base to $fmt" "$img_tool" convert "$src" "$out"
		load "$out"
		# both rippers on the first, cdparanoia alone on the others
		if [ $fmt = cue ]; then
			VBURN_RIPPERS=(cdparanoia "cd-paranoia -c")
		else
			VBURN_RIPPERS=(cdparanoia)
		fi
		rip_all "$out" "$src"
		case $base.$fmt in
		mixed.ccd | mixed.mds | mixed.chd) raw_track "$out" "$src" ;;
		esac
	done
done

# A child CHD (docs/chd.md "Parent"): the audio CD with one sector
# changed, stored as a child of the first audio CD's CHD beside it; it
# loads, rips bit-exactly, and stores a fraction of its parent.
chd=$VBURN_TMP/conv-audiocd
cp "$usb/audiocd.bin" "$chd/changed.bin"
printf 'vburn' | dd of="$chd/changed.bin" bs=1 seek=300000 conv=notrunc \
	2>/dev/null
sed "s/^FILE \"[^\"]*\"/FILE \"changed.bin\"/I" "$usb/audiocd.cue" \
	>"$chd/changed.cue"
must "convert to a child CHD" "$img_tool" convert --parent \
	"$chd/audiocd.chd" "$chd/changed.cue" "$chd/child.chd"
load "$chd/child.chd"
VBURN_RIPPERS=(cdparanoia "cd-paranoia -c")
rip_all "$chd/child.chd" "$chd/changed.cue"
pass "child.chd: $(file_size "$chd/child.chd") bytes beside its" \
	"$(file_size "$chd/audiocd.chd")-byte parent, ripped bit-exactly"

# Data tracks stored raw and stored as user data only.
load "$lib/isofs-m1.cue"
raw_track "$lib/isofs-m1.cue" "$lib/isofs-m1.cue"
cmp "$VBURN_TMP/raw.bin" "$lib/isofs-m1.bin" ||
	fail "isofs-m1: the raw sectors differ from the stored ones"
pass "isofs-m1.cue: READ CD raw gives the stored sectors byte for byte"
load "$lib/copying.iso"
raw_track "$lib/copying.iso" "$lib/copying.iso"
load "$usb/mixed.cue"
raw_track "$usb/mixed.cue" "$usb/mixed.cue"
stop_vburnd || fail "vburnd did not stop cleanly"
