#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 46-frontends: a comma list of front ends serves the same drive on each
# (design.md: `--frontend cuse,kmod`). One drive gets a CUSE node and the
# module's /dev/srN and /dev/sgN, printed on one line; cdrskin burns a
# session through the CUSE node, the kernel mounts the disc from /dev/srN
# and the file reads back; xorriso appends a session through /dev/srN,
# and xorriso through the CUSE node then sees both sessions' files. After
# SIGTERM no node and no SCSI device is left.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cdrskin xorriso mount
require_build vburnd vburnctl
VBURN_KFRONT=kmod
require_kfront

start_vburnd --frontend cuse,kmod --media cd-r
read -r _ _ cuse sr sg < <(grep "^drive 0:" "$VBURN_WORK/vburnd.log")
[ -c "$cuse" ] && [ -b "$sr" ] && [ -c "$sg" ] ||
	fail "drive 0 is not 'CUSE node, /dev/srN, /dev/sgN': $cuse $sr $sg"
[ "$VBURN_DEV" = "$cuse" ] || fail "the first node is $VBURN_DEV, not $cuse"
pass "--frontend cuse,kmod: drive 0 at $cuse, $sr and $sg"

src=$VBURN_TMP/src
mkdir -p "$src/one" "$src/two"
head -c 500000 /dev/urandom >"$src/one/a.bin"
head -c 300000 /dev/urandom >"$src/two/b.bin"
must "mkisofs" xorriso -as mkisofs -quiet -R -o "$VBURN_TMP/one.iso" "$src/one"
must "cdrskin through $cuse" cdrskin dev="$cuse" -tao -multi "$VBURN_TMP/one.iso"
mkdir -p "$VBURN_TMP/mnt"
wait_for 10 mount -o ro "$sr" "$VBURN_TMP/mnt" 2>/dev/null ||
	fail "the kernel cannot mount $sr after the burn through $cuse"
cmp "$src/one/a.bin" "$VBURN_TMP/mnt/a.bin" || fail "$sr reads other bytes"
umount "$VBURN_TMP/mnt"
pass "burned through $cuse, mounted by the kernel from $sr: a.bin equal"

must "xorriso appends through $sr" xorriso -dev "$sr" \
	-map "$src/two/b.bin" /b.bin -commit
must "xorriso reads through $cuse" xorriso -osirrox on -indev "$cuse" \
	-extract / "$VBURN_TMP/back"
cmp "$src/one/a.bin" "$VBURN_TMP/back/a.bin" &&
	cmp "$src/two/b.bin" "$VBURN_TMP/back/b.bin" ||
	fail "the two sessions do not read back through $cuse"
pass "appended through $sr, both sessions read back through $cuse"

must "stop" stop_vburnd
[ ! -e "$cuse" ] || fail "$cuse left after SIGTERM"
kfront_clean "SIGTERM"
pass "SIGTERM: the CUSE node and the SCSI device are gone"
