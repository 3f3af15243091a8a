#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 23-xorriso-overwrite: xorriso (libburn/libisoburn) on DVD+RW and BD-RE
# over CUSE. -format full must format the blank disc (FORMAT UNIT with
# a descriptor libburn picks from READ FORMAT CAPACITIES: 26h on DVD+RW,
# 00h/30h on BD-RE); -as cdrecord writes an ISO, which the capture must
# hold byte for byte; xorriso -dev then appends a session the way
# libisoburn does on overwritable media (new tree after the old one, the
# volume descriptors rewritten at the start). The files of both sessions
# read back from the drive (osirrox extraction) and from the captured ISO
# (the guest kernel's isofs, loop mount) must match their checksums.
# Then two sessions written by xorriso -dev alone on a fresh DVD+RW (no
# -format: libburn formats it itself): libisoburn's emulated TOC must
# list both, and their files read back.
# FORMAT UNIT on a CD-R must fail with 05/30/06 (cannot format medium,
# incompatible medium) and leave the disc blank.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso mount sg_raw
require_build vburnd vburnctl

src=$VBURN_TMP/src
iso=$VBURN_TMP/source.iso
mkdir -p "$src/one" "$VBURN_TMP/s2/two"
head -c 1500000 /dev/urandom >"$src/one/a.bin"
echo "session 1 on an overwritable disc" >"$src/one/hello.txt"
head -c 900000 /dev/urandom >"$VBURN_TMP/s2/two/b.bin"
echo "session 2, appended in place" >"$VBURN_TMP/s2/two/note.txt"
(cd "$src" && sha256sum one/a.bin one/hello.txt) >"$VBURN_TMP/sums1"
(cd "$VBURN_TMP/s2" && sha256sum two/b.bin two/note.txt) >"$VBURN_TMP/sums2"
must "make the source ISO" xorriso -as mkisofs -quiet -R -J -V VBURN_OW \
	-o "$iso" "$src"
size=$(file_size "$iso")
want=$(sha256sum <"$iso" | cut -d' ' -f1)

mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
for media in dvd+rw bd-re; do
	start_vburnd --media "$media" --image-dir "$VBURN_WORK/img-$media"
	must "$media: xorriso -format full" xorriso -outdev "$VBURN_DEV" \
		-format full
	xorriso -outdev "$VBURN_DEV" -list_formats 2>&1 |
		sed 's/^/  formats| /'
	xorriso -outdev "$VBURN_DEV" -list_formats 2>&1 |
		grep -q "^Format status: *formatted" ||
		fail "$media: not formatted after -format full"
	pass "$media: -format full formats the disc"

	must "$media: xorriso -as cdrecord writes the ISO" \
		xorriso -as cdrecord -v dev="$VBURN_DEV" "$iso"
	img=$(captured_image)
	got=$(sha256_prefix "$img" "$size") || fail "$media: capture too short"
	[ "$got" = "$want" ] || fail "$media: capture differs from the ISO"
	pass "$media: capture holds the $size-byte ISO byte for byte"

	must "$media: xorriso appends a session" xorriso -dev "$VBURN_DEV" \
		-map "$VBURN_TMP/s2/two" /two -commit
	xorriso -indev "$VBURN_DEV" -toc 2>&1 |
		grep -E "^(ISO session|Media (status|summary)|Format status)"
	out=$VBURN_TMP/out-$media
	rm -rf "$out"
	must "$media: extract the files from the drive" xorriso -osirrox on \
		-indev "$VBURN_DEV" -extract / "$out"
	(cd "$out" && sha256sum -c "$VBURN_TMP/sums1" "$VBURN_TMP/sums2") ||
		fail "$media: files read back from the drive differ"
	pass "$media: both sessions' files read back from the drive"
	vburnctl status 0
	img=$(captured_image)
	stop_vburnd || fail "vburnd did not stop cleanly"
	must "$media: loop mount the capture" \
		mount -t iso9660 -o loop,ro "$img" "$mnt"
	(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1" "$VBURN_TMP/sums2") ||
		fail "$media: files differ in the captured ISO"
	must "umount" umount "$mnt"
	pass "$media: the captured ISO ($(file_size "$img") bytes) shows" \
		"both sessions' files"
done

start_vburnd --media dvd+rw --image-dir "$VBURN_WORK/img-native"
must "fresh dvd+rw: xorriso -dev session 1" xorriso -dev "$VBURN_DEV" \
	-map "$src/one" /one -commit
must "fresh dvd+rw: xorriso -dev session 2" xorriso -dev "$VBURN_DEV" \
	-map "$VBURN_TMP/s2/two" /two -commit
toc=$(xorriso -indev "$VBURN_DEV" -toc 2>&1)
echo "$toc" | grep -E "^(ISO session|Media (status|summary))"
[ "$(echo "$toc" | grep -c "^ISO session")" -eq 2 ] ||
	fail "fresh dvd+rw: -toc does not list 2 sessions"
out=$VBURN_TMP/out-native
must "fresh dvd+rw: extract the files" xorriso -osirrox on \
	-indev "$VBURN_DEV" -extract / "$out"
(cd "$out" && sha256sum -c "$VBURN_TMP/sums1" "$VBURN_TMP/sums2") ||
	fail "fresh dvd+rw: files read back differ"
pass "fresh dvd+rw: 2 emulated sessions, both sessions' files read back"
stop_vburnd || fail "vburnd did not stop cleanly"

start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-cd-r"
# FORMAT UNIT, FMTDATA, the list of a DVD+RW format: header with Immed,
# FFFFFFFFh blocks, type 26h
printf '\0\2\0\10\377\377\377\377\230\0\0\0' >"$VBURN_TMP/fmt.bin"
out=$(sg_raw -s 12 -i "$VBURN_TMP/fmt.bin" "$VBURN_DEV" 04 11 00 00 00 00 \
	2>&1) && fail "FORMAT UNIT on a CD-R succeeded"
echo "$out" | sed 's/^/  sg_raw| /'
echo "$out" | grep -qi "cannot format medium.*incompatible medium" ||
	fail "FORMAT UNIT on a CD-R: not 05/30/06"
vburnctl --json status 0 | grep -q '"state": "blank"' ||
	fail "the CD-R is no longer blank after a refused FORMAT UNIT"
pass "FORMAT UNIT on a CD-R: 05/30/06, the disc stays blank"
stop_vburnd || fail "vburnd did not stop cleanly"
