#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 13-eject-and-errors: medium changes and bad input through the real
# transport, judged by sg3_utils' own sense decoding.
#  - vburnctl eject and START STOP UNIT eject empty the drive (NOT READY,
#    medium not present); vburnctl blank inserts a new medium, and the
#    next command gets UNIT ATTENTION (medium may have changed).
#  - unknown opcode: 05/20/00; bad field in a CDB: 05/24/00.
#  - a WRITE away from the next writable address: 05/21/02; past the
#    medium's capacity: 05/63/00; the image of the earlier session is
#    unchanged byte for byte afterwards.
#  - a full disk under the image directory: the burn fails with a write
#    error, session 1 stays in the TOC and readable in the image.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd sg_turs sg_raw sg_start xorriso
require_build vburnd vburnctl

# expect_sense WHAT PATTERN CMD...: CMD must fail and print PATTERN.
expect_sense()
{
	local what=$1 pat=$2 out
	shift 2
	out=$("$@" 2>&1) && fail "$what: succeeded, expected '$pat'"
	echo "$out" | grep -qi -- "$pat" || {
		echo "$out"
		fail "$what: expected '$pat'"
	}
	pass "$what: $pat"
}

start_vburnd --media cd-r
sg_turs "$VBURN_DEV" >/dev/null 2>&1 # the inserted medium's unit attention
must "TEST UNIT READY with a medium" sg_turs "$VBURN_DEV"

must "vburnctl eject" vburnctl eject 0
vburnctl --json status 0 | grep -q '"state": "empty"' ||
	fail "status after eject is not empty"
expect_sense "TUR after vburnctl eject" "medium not present" \
	sg_turs -v "$VBURN_DEV"

must "vburnctl blank" vburnctl blank 0 dvd+r
expect_sense "TUR after blank" "unit attention" sg_turs -v "$VBURN_DEV"
must "TUR after the unit attention" sg_turs "$VBURN_DEV"
vburnctl --json status 0 | grep -q '"media": "dvd+r"' ||
	fail "status does not show the new dvd+r"
pass "status shows a blank dvd+r"

must "START STOP UNIT eject" sg_start --eject "$VBURN_DEV"
expect_sense "TUR after START STOP eject" "medium not present" \
	sg_turs -v "$VBURN_DEV"
must "vburnctl blank cd-r" vburnctl blank 0 cd-r
sg_turs "$VBURN_DEV" >/dev/null 2>&1

expect_sense "unknown opcode 02h" "invalid command operation code" \
	sg_raw "$VBURN_DEV" 02 00 00 00 00 00
expect_sense "unknown opcode FFh" "invalid command operation code" \
	sg_raw "$VBURN_DEV" ff 00 00 00 00 00 00 00 00 00 00 00
expect_sense "READ TOC format 7" "invalid field in cdb" \
	sg_raw -r 64 "$VBURN_DEV" 43 00 07 00 00 00 00 00 40 00

# One session, left appendable; then bad writes must not touch it.
src=$VBURN_TMP/src
mkdir -p "$src"
head -c 300000 /dev/urandom >"$src/x.bin"
must "burn a session" xorriso -dev "$VBURN_DEV" -map "$src" /src -commit
img=$(captured_image)
before=$(sha256sum <"$img")
expect_sense "WRITE at LBA 16 (not the NWA)" "invalid address for write" \
	sg_raw -s 2048 -i /dev/zero "$VBURN_DEV" 2a 00 00 00 00 10 00 00 01 00
[ "$(sha256sum <"$img")" = "$before" ] || fail "image changed"
pass "image of the earlier session unchanged"

must "small blank" vburnctl blank 0 cd-r --capacity 20s
sg_turs "$VBURN_DEV" >/dev/null 2>&1
expect_sense "WRITE past capacity" "end of user area" \
	sg_raw -s 65536 -i /dev/zero "$VBURN_DEV" 2a 00 00 00 00 00 00 00 20 00

# A full disk: the image directory is a 2 MB tmpfs. Session 1 fits; the
# second session runs out of space and must fail with a write error,
# leaving session 1's bytes intact and the image usable.
stop_vburnd || fail "vburnd did not stop cleanly"
small=$VBURN_TMP/small
mkdir -p "$small"
must "mount a 2 MB tmpfs" mount -t tmpfs -o size=2m tmpfs "$small"
on_exit "umount '$small' 2>/dev/null"
start_vburnd --media cd-r --image-dir "$small"
mkdir -p "$VBURN_TMP/s1" "$VBURN_TMP/s2"
head -c 400000 /dev/urandom >"$VBURN_TMP/s1/a.bin"
head -c 3000000 /dev/urandom >"$VBURN_TMP/s2/b.bin"
must "session 1 on the small disk" xorriso -dev "$VBURN_DEV" \
	-map "$VBURN_TMP/s1" /s1 -commit
img=$(captured_image)
xorriso -dev "$VBURN_DEV" -map "$VBURN_TMP/s2" /s2 -commit &&
	fail "session 2 succeeded on a full disk"
pass "session 2 failed on the full disk"
vburnctl status 0 | grep -qi "write error" ||
	fail "status does not report the write error"
pass "status reports the write error"
xorriso -indev "$VBURN_DEV" -toc 2>&1 | grep -q "^ISO session *: *1 ," ||
	fail "session 1 no longer in the TOC"
must "stop" stop_vburnd
mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
must "mount session 1 after the failure" mount -t iso9660 -o loop,ro "$img" "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
cmp "$VBURN_TMP/s1/a.bin" "$mnt/s1/a.bin" || fail "session 1 data damaged"
must "umount" umount "$mnt"
pass "session 1 intact after the failed session 2"
