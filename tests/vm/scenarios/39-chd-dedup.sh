#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 39-chd-dedup: captures straight into CHD that share what they have in
# common (docs/chd.md "Dedup of captures"). vburnd runs with --format chd
# --dedup; xorriso burns the same 100 MB payload three times to fresh
# CD-Rs, one small file changed each time. The second and third captures
# must be children of an earlier one; each closed disc's store (ISO,
# manifest) must be gone once its CHD holds it, so the image directory
# holds the three CHDs only, less than 1.3 times the space of the first
# (the figure is printed); chdman
# 0.251 must verify the third through its parents; each must load as a
# virtual disc that readom copies back to exactly the ISO burned.
# vburn-e2e-timeout: 900
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso readom sg_raw chdman python3
require_build vburnd vburnctl vburn-img

img_tool=$VBURN_BUILD/vburn-img
src=$VBURN_TMP/src
imgdir=$VBURN_WORK/img
mkdir -p "$src" "$imgdir"
for i in 1 2 3 4; do
	head -c $((25 * 1024 * 1024)) /dev/urandom >"$src/part$i.bin"
done

start_vburnd --media cd-r --format chd --dedup --image-dir "$imgdir"
for n in 1 2 3; do
	echo "release $n of the payload" >"$src/release.txt"
	must "make ISO $n" xorriso -as mkisofs -quiet -R -V PAYLOAD \
		-o "$VBURN_TMP/burn$n.iso" "$src"
	must "xorriso burns ISO $n" xorriso -as cdrecord dev="$VBURN_DEV" \
		"$VBURN_TMP/burn$n.iso"
	stem=$(captured_image)
	chd[n]=${stem%.*}.chd
	must "eject $n (the capture is written)" vburnctl eject 0
	[ -f "${chd[n]}" ] || fail "burn $n: no CHD capture ${chd[n]}"
	[ $n = 3 ] || must "insert blank $((n + 1))" vburnctl blank 0 cd-r
done

# parents: none for the first, an earlier capture for the others
parents()
{
	"$img_tool" info --json "$1" | python3 -c '
import json, sys
print(len(json.load(sys.stdin)["chd"]["parents"]))'
}
[ "$(parents "${chd[1]}")" = 0 ] || fail "the first capture has a parent"
for n in 2 3; do
	[ "$(parents "${chd[n]}")" -ge 1 ] ||
		fail "capture $n is not a child of an earlier one"
done
# each finalized disc's store went once its CHD held it whole: the
# directory holds the three CHDs and nothing else
left=$(cd "$imgdir" && ls | grep -v '\.chd$' || true)
[ -z "$left" ] || fail "beside the CHDs the image directory still holds: $left"
one=$(file_size "${chd[1]}")
all=$(python3 -c 'import os,sys
d = sys.argv[1]
print(sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)))' "$imgdir")
ratio=$(python3 -c "print('%.3f' % ($all / $one))")
python3 -c "import sys; sys.exit(0 if $all < 1.3 * $one else 1)" ||
	fail "three captures take $all bytes, $ratio x the first ($one)"
pass "three burns of a 100 MB payload leave $all bytes in the image" \
	"directory: $ratio x the first capture ($one; the children" \
	"$(file_size "${chd[2]}") and $(file_size "${chd[3]}"))"

# chdman decodes the third capture through its parent (and that one's)
chdman verify -i "${chd[3]}" -ip "${chd[2]}" >/dev/null 2>&1 ||
	chdman verify -i "${chd[3]}" -ip "${chd[1]}" >/dev/null 2>&1 ||
	fail "chdman verify -ip of the third capture failed"
pass "chdman verifies the third capture with its parent"

for n in 1 2 3; do
	must "load capture $n" vburnctl load 0 "${chd[n]}"
	sg_raw "$VBURN_DEV" 00 00 00 00 00 00 >/dev/null 2>&1
	must "readom capture $n" readom dev="$VBURN_DEV" f="$VBURN_TMP/back.iso"
	size=$(file_size "$VBURN_TMP/burn$n.iso")
	cmp -n "$size" "$VBURN_TMP/back.iso" "$VBURN_TMP/burn$n.iso" ||
		fail "capture $n does not read back as ISO $n"
	pass "capture $n loads and readom reads back ISO $n ($size bytes)"
done
stop_vburnd || fail "vburnd did not stop cleanly"
