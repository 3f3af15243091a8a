#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 31-load-tcmu: loaded images through the kernel front end (TCMU +
# tcm_loop: a real /dev/srN). The kernel's sr driver sees the media
# change, blockdev the image's size; dd of the whole device equals the
# image's user data; the kernel's isofs mounts a loaded ISO and its files
# equal xorriso's extraction from the image file; a loaded two-session
# ISO mounts at its last session (the drive's TOC format 1), as xorriso
# lists the file's last session.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso mount blockdev dd
require_build vburnd vburnctl vburn-img
require_testdata
require_tcmu

td=$VBURN_TESTDATA/libcdio/test/data
mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
start_vburnd --frontend tcmu --media none --image-dir "$VBURN_TMP/img"
dev=$VBURN_DEV
[ -b "$dev" ] || fail "$dev is not a block device"

# load_and_wait IMAGE BYTES: load, then wait until the kernel sees the
# new disc's size (sr revalidates on the media change).
load_and_wait()
{
	must "load $1" vburnctl load 0 "$1"
	dd if="$dev" of=/dev/null bs=2048 count=1 2>/dev/null
	wait_for 10 test "$(blockdev --getsize64 "$dev" 2>/dev/null)" = "$2" ||
		fail "$dev shows $(blockdev --getsize64 "$dev") bytes, not $2"
}

for img in "$td/copying.iso" "$td/joliet.iso"; do
	size=$(file_size "$img")
	load_and_wait "$img" "$size"
	cmp <(dd if="$dev" bs=64k 2>/dev/null) "$img" ||
		fail "dd of $dev differs from ${img##*/}"
	pass "${img##*/}: dd of $dev equals the image"
	must "mount ${img##*/}" mount -t iso9660 -o ro "$dev" "$mnt"
	on_exit "umount '$mnt' 2>/dev/null"
	rm -rf "$VBURN_TMP/x"
	xorriso -osirrox on -indev "$img" -extract / "$VBURN_TMP/x" \
		>/dev/null 2>&1 || fail "xorriso cannot extract ${img##*/}"
	# isofs shows plain ISO 9660 names in lower case (map=normal).
	(cd "$VBURN_TMP/x" && find . -type f -exec sha256sum {} + |
		tr A-Z a-z | sort) >"$VBURN_TMP/want"
	(cd "$mnt" && find . -type f -exec sha256sum {} + |
		tr A-Z a-z | sort) >"$VBURN_TMP/got"
	[ -s "$VBURN_TMP/want" ] || fail "no files in ${img##*/}"
	diff -u "$VBURN_TMP/want" "$VBURN_TMP/got" ||
		fail "${img##*/}: the mounted files differ from the image's"
	must "umount" umount "$mnt"
	pass "${img##*/}: mount $dev shows the image's $(wc -l <"$VBURN_TMP/want") file(s), checksums equal"
done

ms=$VBURN_TESTDATA/local-xorriso/multisession.iso
load_and_wait "$ms" "$(file_size "$ms")"
must "mount multisession.iso" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && find . -type f | sed 's|^\.||' | sort) >"$VBURN_TMP/got"
must "umount" umount "$mnt"
xorriso -indev "$ms" -find / -type f 2>/dev/null | tr -d "'" | sort \
	>"$VBURN_TMP/want"
[ -s "$VBURN_TMP/want" ] || fail "xorriso lists no file in $ms"
diff -u "$VBURN_TMP/want" "$VBURN_TMP/got" ||
	fail "mount of the loaded two-session ISO is not its last session"
pass "multisession.iso: mount $dev shows the last session's files"
stop_vburnd || fail "vburnd did not stop cleanly"
