#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 12-cdrecord-family: the other burning programs on CD-R.
#  - cdrskin -tao burns an ISO: the capture holds it byte for byte.
#  - wodim -tao -data -multi burns session 1, then a second session made
#    with genisoimage -C (wodim -msinfo) -M (the captured image, which has
#    every session at its LBA); the capture mounted at session 2 shows the
#    files of both sessions.
#  - cdrdao write of a data TOC (Session At Once with a cue sheet): the
#    capture holds the data file byte for byte.
#  - test writes (page 05 Test Write): wodim -dummy -tao, cdrskin -dummy
#    -tao and cdrdao write --simulate go through, and the disc is still
#    blank afterwards with nothing recorded (status JSON, parsed).
#  - BLANK on CD-RW: wodim blank=fast and xorriso -blank as_needed (the
#    libburn of cdrskin blank=) each blank a burned disc (status: blank, nothing
#    used) while the erased burn's capture stays on disk as it was; the
#    blanked disc records again; wodim blank=session erases the last of
#    two sessions and blank=unclose reopens the one left, which then
#    takes a second track.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cdrskin wodim cdrdao genisoimage mount xorriso
require_build vburnd vburnctl

# same_prefix IMG SRC WHAT: IMG starts with SRC, then only zeros.
same_prefix()
{
	local img=$1 src=$2 what=$3 size
	size=$(file_size "$src")
	[ "$(sha256_prefix "$img" "$size")" = \
		"$(sha256sum <"$src" | cut -d' ' -f1)" ] ||
		fail "$what: captured image differs from the source"
	check_zero_tail "$img" "$size" || fail "$what: non-zero padding"
	pass "$what: capture identical ($size bytes + $(($(file_size "$img") - size)) zero bytes)"
}

src=$VBURN_TMP/src1
mkdir -p "$src/one"
head -c 900000 /dev/urandom >"$src/one/a.bin"
echo first >"$src/one/first.txt"
iso1=$VBURN_TMP/one.iso
must "genisoimage" genisoimage -quiet -R -J -o "$iso1" "$src"

# cdrskin, Track At Once
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-cdrskin"
must "cdrskin -tao" cdrskin -v dev="$VBURN_DEV" -tao "$iso1"
same_prefix "$(captured_image)" "$iso1" "cdrskin -tao"
stop_vburnd || fail "vburnd did not stop cleanly"

# wodim, two sessions
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-wodim"
must "wodim session 1" wodim -v gracetime=0 dev="$VBURN_DEV" -tao -multi -data "$iso1"
img=$(captured_image)
same_prefix "$img" "$iso1" "wodim -tao -multi session 1"
msinfo=$(wodim dev="$VBURN_DEV" -msinfo 2>/dev/null | tail -n 1)
echo "msinfo: $msinfo"
case "$msinfo" in
*,*) ;;
*) fail "wodim -msinfo gave '$msinfo'" ;;
esac
src2=$VBURN_TMP/src2
mkdir -p "$src2/two"
head -c 400000 /dev/urandom >"$src2/two/b.bin"
iso2=$VBURN_TMP/two.iso
must "genisoimage -C -M" genisoimage -quiet -R -J -C "$msinfo" -M "$img" \
	-o "$iso2" "$src2"
must "wodim session 2" wodim -v gracetime=0 dev="$VBURN_DEV" -tao -data "$iso2"
start2=${msinfo#*,}
stop_vburnd || fail "vburnd did not stop cleanly"
mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
must "mount session 2" mount -t iso9660 -o loop,ro,sbsector="$start2" \
	"$img" "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
cmp "$src/one/a.bin" "$mnt/one/a.bin" || fail "session 1 file differs"
cmp "$src2/two/b.bin" "$mnt/two/b.bin" || fail "session 2 file differs"
must "umount" umount "$mnt"
pass "wodim: two sessions, both readable at LBA $start2"

# cdrdao, Session At Once from a TOC file
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-cdrdao"
toc=$VBURN_TMP/data.toc
printf 'CD_ROM\nTRACK MODE1\nDATAFILE "%s"\n' "$iso1" >"$toc"
must "cdrdao write" cdrdao write --device "$VBURN_DEV" --driver generic-mmc \
	-n "$toc"
same_prefix "$(captured_image)" "$iso1" "cdrdao write (SAO)"
stop_vburnd || fail "vburnd did not stop cleanly"

# Test writes: the burn goes through, nothing is recorded.
# blank_after WHAT: the drive's disc is blank and its store empty.
blank_after()
{
	vburnctl --json status 0 | python3 -c '
import json, os, sys
s = json.load(sys.stdin)
size = os.path.getsize(s["image"]) if os.path.exists(s["image"]) else 0
sys.exit(0 if s["state"] == "blank" and s["used"] == 0 and s["nwa"] == 0
         and s["sessions"] == [] and size == 0 else
         "state %s, used %d, nwa %d, %d session(s), store of %d bytes" %
         (s["state"], s["used"], s["nwa"], len(s["sessions"]), size))' ||
		fail "$1: the test write recorded something"
	pass "$1: went through, the disc is still blank"
}
start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-dummy"
must "wodim -dummy" wodim -v gracetime=0 dev="$VBURN_DEV" -dummy -tao -data "$iso1"
blank_after "wodim -dummy -tao"
must "cdrskin -dummy" cdrskin -v dev="$VBURN_DEV" -dummy -tao "$iso1"
blank_after "cdrskin -dummy -tao"
must "cdrdao --simulate" cdrdao write --device "$VBURN_DEV" \
	--driver generic-mmc --simulate -n "$toc"
blank_after "cdrdao write --simulate"
stop_vburnd || fail "vburnd did not stop cleanly"

# BLANK on CD-RW: each client blanks a burned disc; the erased burn's
# capture is kept.
start_vburnd --media cd-rw --image-dir "$VBURN_WORK/img-rw"
for how in "wodim blank=fast" "xorriso -blank as_needed"; do
	must "cdrskin -tao to CD-RW" cdrskin dev="$VBURN_DEV" -tao "$iso1"
	burnt=$(captured_image)
	case $how in
	wodim*) must "$how" wodim gracetime=0 dev="$VBURN_DEV" blank=fast ;;
	xorriso*) must "$how" xorriso -outdev "$VBURN_DEV" -blank as_needed ;;
	esac
	blank_after "$how"
	[ "$(captured_image)" != "$burnt" ] ||
		fail "$how: the blank disc kept the erased burn's image name"
	same_prefix "$burnt" "$iso1" "$how: the erased burn's capture"
done
must "cdrskin -tao after blanking" cdrskin dev="$VBURN_DEV" -tao "$iso1"
same_prefix "$(captured_image)" "$iso1" "cdrskin -tao on the blanked CD-RW"

# BLANK types 6 and 5 on CD-RW: wodim blank=session erases the last
# session, blank=unclose reopens the last one, which then takes a track.
# layout SESSIONS TRACKS WHAT: the disc's closed sessions and their
# tracks (status JSON, parsed).
layout()
{
	vburnctl --json status 0 | python3 -c '
import json, sys
s = json.load(sys.stdin)
got = (len(s["sessions"]), sum(len(x["tracks"]) for x in s["sessions"]))
want = (int(sys.argv[1]), int(sys.argv[2]))
sys.exit(0 if got == want else "%d session(s), %d track(s)" % got)' "$1" "$2" ||
		fail "$3: not $1 session(s) with $2 track(s)"
	pass "$3: $1 session(s), $2 track(s)"
}
must "wodim blank=fast" wodim gracetime=0 dev="$VBURN_DEV" blank=fast
must "wodim -multi session 1 on CD-RW" wodim gracetime=0 dev="$VBURN_DEV" -tao -multi \
	-data "$iso1"
[ "$(wodim dev="$VBURN_DEV" -msinfo 2>/dev/null | tail -n 1)" = "$msinfo" ] ||
	fail "CD-RW session 2 would not start where the CD-R's did"
must "wodim -multi session 2 on CD-RW" wodim gracetime=0 dev="$VBURN_DEV" -tao -multi \
	-data "$iso2"
layout 2 2 "CD-RW burned"
must "wodim blank=session" wodim gracetime=0 dev="$VBURN_DEV" blank=session
layout 1 1 "wodim blank=session"
same_prefix "$(captured_image)" "$iso1" "wodim blank=session: the capture"
must "wodim blank=unclose" wodim gracetime=0 dev="$VBURN_DEV" blank=unclose
must "wodim -multi into the unclosed session" wodim gracetime=0 dev="$VBURN_DEV" -tao \
	-multi -data "$iso2"
layout 1 2 "wodim blank=unclose, then a track"
stop_vburnd || fail "vburnd did not stop cleanly"
