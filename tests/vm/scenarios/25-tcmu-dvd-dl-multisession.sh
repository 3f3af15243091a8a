#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 25-tcmu-dvd-dl-multisession: DVD+R DL, DVD-R and BD-R through the kernel
# front end (TCMU /dev/srN). dvd+rw-mediainfo must see a DVD+R DL (2Bh)
# with two layers and its layer break (READ DISC STRUCTURE 00h and 20h,
# MMC-6 6.22; docs/clients.md 3.4). Then on each of DVD+R DL, DVD-R and BD-R,
# xorriso appends two sessions: xorriso -toc must list both, the files of
# both extracted by xorriso must have their sha256, and the guest kernel
# must mount the last session from the drive and show both sessions'
# files; as with a real drive, the kernel's sr learns the recorded
# capacity only from a media change, so the tray is reloaded first (what
# growisofs does at its end; START STOP UNIT eject, then load, brings the
# same disc back). growisofs -Z finally burns an ISO to a DVD+R DL byte for byte.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso growisofs dvd+rw-mediainfo mkisofs mount sg_start sg_raw
require_build vburnd vburnctl
require_kfront

mediainfo()
{
	dvd+rw-mediainfo "$dev" >"$VBURN_TMP/mediainfo.log" 2>&1 ||
		fail "dvd+rw-mediainfo $dev failed"
	sed 's/^/  mediainfo| /' "$VBURN_TMP/mediainfo.log"
}

mi_has()
{
	grep -Eq "$1" "$VBURN_TMP/mediainfo.log"
}

start_vburnd --frontend "$VBURN_KFRONT" --media dvd+r-dl --image-dir "$VBURN_TMP/img"
dev=$VBURN_DEV
[ -b "$dev" ] || fail "$dev is not a block device"
cap=4173824

mediainfo
mi_has "Mounted Media:[[:space:]]*2Bh, DVD\+R Double Layer" ||
	fail "mediainfo: not a DVD+R DL"
# the layer break as mediainfo prints format 20h (it prints no layer
# count; format 00h's end of layer 0 shows as its "legacy lead-out")
mi_has "L0 Data Zone Capacity:[[:space:]]*$((cap / 2))\\*2KB" ||
	fail "mediainfo: no layer break at $((cap / 2)) blocks"
pass "dvd+rw-mediainfo: DVD+R DL, layer break at $((cap / 2)) blocks"

mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
for media in dvd+r-dl dvd-r bd-r; do
	if [ "$media" != dvd+r-dl ]; then
		must "insert a blank $media" vburnctl blank 0 "$media"
		sleep 1
	fi
	sums=$VBURN_TMP/sums-$media
	: >"$sums"
	for s in 1 2; do
		d=$VBURN_TMP/$media-s$s
		mkdir -p "$d/dir$s"
		head -c $((300000 * s + 4321)) /dev/urandom >"$d/dir$s/data.bin"
		echo "session $s on $media" >"$d/dir$s/note.txt"
		(cd "$d" && sha256sum dir$s/data.bin dir$s/note.txt) >>"$sums"
		must "$media session $s" xorriso -dev "$dev" \
			-map "$d/dir$s" "/dir$s" -commit
	done
	toc=$(xorriso -indev "$dev" -toc 2>&1)
	echo "$toc" | grep -E "^(ISO session|Media (current|status|summary))"
	n=$(echo "$toc" | grep -c "^ISO session")
	[ "$n" -eq 2 ] || fail "$media: -toc lists $n sessions, not 2"
	pass "$media: xorriso -toc lists 2 sessions"
	rm -rf "$VBURN_TMP/x"
	must "$media: xorriso extracts the files" xorriso -osirrox on \
		-indev "$dev" -extract / "$VBURN_TMP/x"
	(cd "$VBURN_TMP/x" && sha256sum -c "$sums") ||
		fail "$media: extracted files differ"
	pass "$media: files of both sessions extracted with their sha256"
	must "$media: tray out" sg_start --eject "$dev"
	must "$media: tray in" sg_start --load "$dev"
	must "mount $media" mount -t iso9660 -o ro "$dev" "$mnt"
	(cd "$mnt" && sha256sum -c "$sums") ||
		fail "$media: files differ on the mounted disc"
	must "umount" umount "$mnt"
	pass "$media: the kernel mounts the last session, both sessions' files"
done

# growisofs on a DVD+R DL: it reads the layer boundary (format 20h).
src=$VBURN_TMP/src
mkdir -p "$src"
head -c 2000000 /dev/urandom >"$src/a.bin"
iso=$VBURN_TMP/dl.iso
must "make the source ISO" mkisofs -quiet -R -o "$iso" "$src"
size=$(file_size "$iso")
want=$(sha256sum <"$iso" | cut -d' ' -f1)
must "insert a blank DVD+R DL" vburnctl blank 0 dvd+r-dl
sleep 1
must "growisofs -Z on DVD+R DL" growisofs -Z "$dev=$iso"
img=$(captured_image)
got=$(sha256_prefix "$img" "$size") || fail "DL capture too short"
[ "$got" = "$want" ] || fail "DL capture differs from the ISO"
mediainfo
mi_has "Mounted Media:[[:space:]]*2Bh" || fail "mediainfo: not a DVD+R DL"
pass "growisofs -Z: DVD+R DL capture holds the $size-byte ISO byte for byte"

# growisofs -dvd-compat on a DVD+R DL sets the layer break (SEND DISC
# STRUCTURE 20h) in the middle of the recording, refusing one that fits
# in layer 0; a DL of 1600 blocks takes the 2 MB ISO past its half.
must "insert a small blank DVD+R DL" vburnctl blank 0 dvd+r-dl --capacity 1600s
sleep 1
growisofs -dvd-compat -Z "$dev=$iso" >"$VBURN_TMP/dl.log" 2>&1 || {
	tail -n 5 "$VBURN_TMP/dl.log"
	fail "growisofs -dvd-compat -Z on DVD+R DL failed"
}
split=$(sed -n 's/.*splitting layers at \([0-9]*\) blocks.*/\1/p' \
	"$VBURN_TMP/dl.log")
[ -n "$split" ] || fail "growisofs did not set a layer break: $(cat "$VBURN_TMP/dl.log")"
# READ DISC STRUCTURE 20h: INIT STATUS and the L0 data zone capacity
sg_raw -r 12 -o "$VBURN_TMP/rds20" "$dev" ad 00 00 00 00 00 00 20 00 0c 00 00 \
	>/dev/null 2>&1 || fail "READ DISC STRUCTURE 20h failed"
l0=$(od -An -tu1 -j4 -N8 "$VBURN_TMP/rds20" | awk '{ print $1, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
[ "$l0" = "128 $split" ] ||
	fail "layer boundary after growisofs: '$l0' (INIT STATUS, L0), not '128 $split'"
got=$(sha256_prefix "$(captured_image)" "$size") || fail "DL capture too short"
[ "$got" = "$want" ] || fail "DL capture (layer break) differs from the ISO"
pass "growisofs -dvd-compat: layer break at $split blocks, capture identical"

stop_vburnd || fail "vburnd did not stop cleanly"
kfront_clean "SIGTERM"
