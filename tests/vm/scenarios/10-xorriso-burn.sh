#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 10-xorriso-burn: xorriso (libburn) burns a prepared ISO to a blank CD-R,
# DVD+R, DVD-R and BD-R in the virtual drive over CUSE. The captured image
# must hold the source ISO byte for byte; anything after it may only be
# the padding the tool adds, and that must be zeros (libburn pads a CD TAO
# track to at least 300 sectors and appends its own padding; xorriso's
# cdrecord emulation adds none to an existing image, so the tail is
# checked to be all zero rather than of an exact length).
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso
require_build vburnd vburnctl

src=$VBURN_TMP/src
iso=$VBURN_TMP/source.iso
mkdir -p "$src/sub"
head -c 1500000 /dev/urandom >"$src/a.bin"
head -c 700000 /dev/urandom >"$src/sub/b.bin"
echo "hello from vburn" >"$src/sub/hello.txt"
must "make the source ISO" xorriso -as mkisofs -quiet -R -J -V VBURN_SRC \
	-o "$iso" "$src"
size=$(file_size "$iso")
want=$(sha256sum <"$iso" | cut -d' ' -f1)

for media in cd-r dvd+r dvd-r bd-r; do
	start_vburnd --media "$media" --image-dir "$VBURN_WORK/img-$media"
	must "xorriso burns to $media" xorriso -as cdrecord -v \
		dev="$VBURN_DEV" "$iso"
	img=$(captured_image)
	[ -n "$img" ] && [ -f "$img" ] || fail "$media: no captured image"
	got=$(sha256_prefix "$img" "$size") || fail "$media: image too short"
	[ "$got" = "$want" ] || fail "$media: first $size bytes differ"
	check_zero_tail "$img" "$size" ||
		fail "$media: padding after the ISO is not zero"
	pass "$media: captured $(file_size "$img") bytes, ISO identical," \
		"padding $(($(file_size "$img") - size)) zero bytes"
	must "xorriso -toc on $media" xorriso -outdev "$VBURN_DEV" -toc
	vburnctl status 0
	stop_vburnd || fail "vburnd did not stop cleanly"
done
