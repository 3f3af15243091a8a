#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 22-tcmu-dvdrw-overwrite: DVD+RW as overwritable media through the
# kernel front end (TCMU /dev/srN), with dvd+rw-tools as users run them.
# dvd+rw-mediainfo must see a blank, unformatted DVD+RW (the 26h format
# descriptor growisofs copies); dvd+rw-format formats it and mediainfo
# must then see it formatted, one track of the whole disc, READ CAPACITY
# its size. growisofs -Z writes an ISO (the capture must hold it byte for
# byte), growisofs -M grows the filesystem in place (it writes the new
# session after the old one and rewrites the volume descriptors at LBA
# 16), and the guest kernel's isofs must show both sessions' files, from
# the drive and from the captured ISO. A second blank DVD+RW is left to
# growisofs to format itself (FORMAT UNIT 26h with Immed, then its
# progress loop), and so is a blank BD-RE (a descriptor growisofs copies
# from READ FORMAT CAPACITIES), which the kernel must then mount.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd growisofs dvd+rw-format dvd+rw-mediainfo mkisofs mount
require_build vburnd vburnctl
require_kfront

src=$VBURN_TMP/src
iso=$VBURN_TMP/source.iso
mkdir -p "$src/sub" "$VBURN_TMP/s2/more"
head -c 6000000 /dev/urandom >"$src/a.bin"
echo "first session on DVD+RW" >"$src/sub/hello.txt"
head -c 2000000 /dev/urandom >"$VBURN_TMP/s2/more/c.bin"
echo "grown in place" >"$VBURN_TMP/s2/more/note.txt"
(cd "$src" && sha256sum a.bin sub/hello.txt) >"$VBURN_TMP/sums1"
(cd "$VBURN_TMP/s2" && sha256sum more/c.bin more/note.txt) >"$VBURN_TMP/sums2"
must "make the source ISO" mkisofs -quiet -R -J -V VBURN_RW -o "$iso" "$src"
size=$(file_size "$iso")
want=$(sha256sum <"$iso" | cut -d' ' -f1)

# mediainfo: dvd+rw-mediainfo's report, kept for mi_has.
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

start_vburnd --frontend "$VBURN_KFRONT" --media dvd+rw --image-dir "$VBURN_TMP/img1"
dev=$VBURN_DEV
[ -b "$dev" ] || fail "$dev is not a block device"
cap=2295104

mediainfo
mi_has "Mounted Media:[[:space:]]*1Ah, DVD\+RW" ||
	fail "mediainfo: not a DVD+RW"
mi_has "Disc status:[[:space:]]*blank" ||
	fail "mediainfo: the disc is not blank"
mi_has "READ CAPACITY:[[:space:]]*0\*2048" ||
	fail "mediainfo: READ CAPACITY of the unformatted disc is not 0"
mi_has "unformatted:[[:space:]]*$cap\*2048" ||
	fail "mediainfo: no unformatted current capacity of $cap blocks"
mi_has "26h\(0\):[[:space:]]*$cap\*2048" ||
	fail "mediainfo: no 26h format listed"
pass "dvd+rw-mediainfo: blank unformatted DVD+RW, 26h descriptor listed"

must "dvd+rw-format formats the disc" dvd+rw-format "$dev"
mediainfo
mi_has "^[[:space:]]*formatted:[[:space:]]*$cap\*2048" ||
	fail "mediainfo: not formatted after dvd+rw-format"
mi_has "Track Size:[[:space:]]*$cap\*2KB" ||
	fail "mediainfo: track 1 is not the whole formatted disc"
mi_has "READ CAPACITY:[[:space:]]*$cap\*2048" ||
	fail "mediainfo: READ CAPACITY is not $cap blocks"
mi_has "Disc status:[[:space:]]*other" ||
	fail "mediainfo: disc status is not \"other\" (random writable)"
pass "dvd+rw-format: mediainfo sees it formatted, one track of $cap blocks"

must "growisofs -Z writes the ISO" growisofs -Z "$dev=$iso"
img=$(ls "$VBURN_TMP"/img1/*.iso)
got=$(sha256_prefix "$img" "$size") || fail "captured image too short"
[ "$got" = "$want" ] || fail "captured image differs from the ISO"
pass "growisofs -Z: capture holds the $size-byte ISO byte for byte"

mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
must "mount $dev" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1") ||
	fail "files on the mounted disc differ"
must "umount" umount "$mnt"
pass "mount $dev shows the ISO's files"

must "growisofs -M grows the filesystem" growisofs -M "$dev" -R -J \
	"$VBURN_TMP/s2"
must "mount $dev after -M" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1" "$VBURN_TMP/sums2") ||
	fail "files of the two sessions differ on the mounted disc"
must "umount" umount "$mnt"
pass "growisofs -M: the mounted disc shows both sessions' files"
mediainfo
mi_has "READ CAPACITY:[[:space:]]*$cap\*2048" ||
	fail "mediainfo: READ CAPACITY changed after the writes"
vburnctl status 0
must "loop mount the captured ISO" mount -t iso9660 -o loop,ro "$img" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1" "$VBURN_TMP/sums2") ||
	fail "files differ in the captured ISO"
must "umount" umount "$mnt"
pass "captured ISO ($(file_size "$img") bytes) shows both sessions' files"

# A fresh blank DVD+RW: growisofs formats it itself (FORMAT UNIT 26h).
must "insert a blank DVD+RW" vburnctl blank 0 dvd+rw
sleep 1
must "growisofs -Z on an unformatted DVD+RW" growisofs -Z "$dev=$iso"
img2=$(vburnctl --json status 0 | sed -n 's/.*"image": "\([^"]*\)".*/\1/p')
got=$(sha256_prefix "$img2" "$size") || fail "second capture too short"
[ "$got" = "$want" ] || fail "second capture differs from the ISO"
pass "growisofs -Z formats a blank DVD+RW and writes the ISO byte for byte"


# A blank BD-RE: growisofs formats it with a descriptor copied from READ
# FORMAT CAPACITIES (bd_re_format), writes, and the kernel mounts it.
must "insert a blank BD-RE" vburnctl blank 0 bd-re
sleep 1
must "growisofs -Z on an unformatted BD-RE" growisofs -Z "$dev=$iso"
img3=$(vburnctl --json status 0 | sed -n 's/.*"image": "\([^"]*\)".*/\1/p')
got=$(sha256_prefix "$img3" "$size") || fail "BD-RE capture too short"
[ "$got" = "$want" ] || fail "BD-RE capture differs from the ISO"
mediainfo
mi_has "Mounted Media:[[:space:]]*43h, BD-RE" || fail "mediainfo: not a BD-RE"
mi_has "^[[:space:]]*formatted:" || fail "mediainfo: BD-RE not formatted"
must "mount the BD-RE" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1") ||
	fail "files on the mounted BD-RE differ"
must "umount" umount "$mnt"
pass "growisofs -Z formats a blank BD-RE, writes the ISO, the kernel mounts it"

stop_vburnd || fail "vburnd did not stop cleanly"
kfront_clean "SIGTERM"
