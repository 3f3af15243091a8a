#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 31-load-tcmu: loaded images through the kernel front end (TCMU +
# tcm_loop: a real /dev/srN). The kernel's sr driver sees the media
# change, blockdev the image's size; dd of the whole device equals the
# image's user data; the kernel's isofs mounts a loaded ISO and its files
# equal xorriso's extraction from the image file; a loaded two-session
# ISO mounts at its last session (the drive's TOC format 1), as xorriso
# lists the file's last session; a loaded UDF 2.50 volume with a metadata
# partition, and the same with a VAT, mount with the kernel's udf and show
# the tree they were made of, which vburn-img get reads the same; libcdio's cd-read on $dev returns every
# sector of a data disc (copying.iso), of a mixed disc (usbode-circle's
# mixed.cue: a Mode 1 track, two audio tracks) and of a Video CD's XA
# track (videocd.nrg track 1, -m m2f1) equal to vburn-img extract of the
# image: user data of data tracks, PCM of audio tracks (-m audio). Mode 1
# tracks are read with -m any (READ CD with all headers; user data
# compared, the sectors also pass vburn-img verify) when -m m1f1 fails as
# it does in libcdio 2.1.0 (see cdread_mode1). Load and eject work while
# a program holds the device open.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso mount blockdev dd cd-read python3
require_build vburnd vburnctl vburn-img
require_testdata
require_kfront

td=$VBURN_TESTDATA/libcdio/test/data
mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
start_vburnd --frontend "$VBURN_KFRONT" --media none --image-dir "$VBURN_TMP/img"
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

# UDF 2.50 with a metadata partition, as Blu-ray discs have it
# (tests/formats/mkudf25.py): the kernel's udf mounts it from $dev, and
# its tree (names, sizes, contents, modes, mtimes, link targets) equals
# the source's and vburn-img get's of the image file (tools/fs_udf25.c):
# the kernel judges both the volume the test writes and our reader.
src=$VBURN_TMP/u25src
mkdir -p "$src/a/b" "$src/many"
head -c 1500000 /dev/urandom >"$src/a/big.bin"
echo small >"$src/a/b/s.txt"
for i in $(seq 1 120); do echo "$i" >"$src/many/entry_$i.txt"; done
echo wide >"$src/€日本"
ln -s ../a/b/s.txt "$src/many/rel"
chmod 0640 "$src/a/b/s.txt"
touch -d "2010-01-02 03:04:05" "$src/a/big.bin"
must "mkudf25.py" python3 "$VBURN_SRC/tests/formats/mkudf25.py" \
	--embed-max 500 "$VBURN_TMP/u25.iso" "$src"
on_exit "umount '$mnt' 2>/dev/null"
cmp_tree=$VBURN_SRC/tests/formats/tree_cmp.py

# udf_judged IMAGE WHAT: IMAGE loaded, mounted with the kernel's udf from
# $dev, equals the source tree, and vburn-img get of IMAGE the kernel's.
udf_judged()
{
	local img=$1 what=$2
	load_and_wait "$img" "$(file_size "$img")"
	must "mount -t udf $what" mount -t udf -o ro "$dev" "$mnt"
	python3 "$cmp_tree" "$src" "$mnt" >"$VBURN_TMP/k.out" 2>&1 ||
		fail "$what: the kernel's udf tree differs from the source: $(cat "$VBURN_TMP/k.out")"
	rm -rf "$VBURN_TMP/u25got"
	must "vburn-img get of $what" "$VBURN_BUILD/vburn-img" get \
		"$img" / "$VBURN_TMP/u25got"
	python3 "$cmp_tree" "$mnt" "$VBURN_TMP/u25got" >"$VBURN_TMP/v.out" 2>&1 ||
		fail "$what: vburn-img get differs from the kernel's udf: $(cat "$VBURN_TMP/v.out")"
	must "umount" umount "$mnt"
	pass "$what through $dev: the kernel's udf shows the source tree ($(cat "$VBURN_TMP/k.out")), and vburn-img get the kernel's"
}
udf_judged "$VBURN_TMP/u25.iso" "UDF 2.50 (metadata partition)"
# the same volume with a Virtual Allocation Table at its end, as a disc
# written incrementally has it (tests/formats/udf_vat.py)
must "udf_vat.py" python3 "$VBURN_SRC/tests/formats/udf_vat.py" \
	"$VBURN_TMP/u25.iso" "$VBURN_TMP/u25v.iso"
udf_judged "$VBURN_TMP/u25v.iso" "UDF with a VAT"

# cd-read: every track of a data, a mixed and a Video CD image, sector
# by sector through $dev, against vburn-img extract of the image.
img_tool=$VBURN_BUILD/vburn-img
usb=$VBURN_TESTDATA/usbode-circle/integration-tests/testdata

# json_tracks IMAGE: "NUMBER MODE START LENGTH" per track; then
# "leadout LBA" of the last session.
json_tracks()
{
	"$img_tool" info --json "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for s in d["sessions"]:
    for t in s["tracks"]:
        print(t["number"], t["mode"], t["start"], t["length"])
print("leadout", d["sessions"][-1]["leadout"])'
}

# cdread MODE START COUNT OUT SECTOR_BYTES: cd-read of COUNT sectors from
# START. cd-read exits 0 even when sectors fail (it prints "error reading
# block N" and writes nothing for them): fails unless OUT has every byte.
cdread()
{
	local msg
	rm -f "$4"
	msg=$(cd-read --no-header -C "$dev" -m "$1" -s "$2" -n "$3" -o "$4" 2>&1)
	! echo "$msg" | grep -q 'error reading' &&
		[ "$(file_size "$4")" -eq $(($3 * $5)) ]
}

# cdread_mode1 NAME START COUNT OUT: the user data of COUNT Mode 1 sectors.
# libcdio 2.1.0's Linux driver (_read_mode1_sector_linux) returns
# cdio_generic_read_form1_sector's result, which is read()'s byte count
# (2048), where cd-read wants 0: -m m1f1 then says "error reading block
# N" for a sector read() got whole (strace: read(3, ..., 2048) = 2048),
# on any drive. Then -m any: READ CD through CDROM_SEND_PACKET with byte
# 9 = 78h (mmc_read_sectors: all headers, user data, EDC/ECC, no sync),
# 2340 bytes of a Mode 1 sector at the start of each 2352-byte block
# cd-read writes. The user data (bytes 4-2051) is compared, and the
# sectors with the sync pattern put back must pass vburn-img verify
# (header, EDC/ECC; its cue puts them at LBA 0, where these tracks start).
cdread_mode1()
{
	local name=$1 lba=$2 count=$3 out=$4
	if cdread m1f1 "$lba" "$count" "$out" 2048; then
		how="m1f1"
		return 0
	fi
	cdread any "$lba" "$count" "$VBURN_TMP/any.bin" 2352 ||
		fail "$name: cd-read -m any of $count sectors at $lba failed"
	python3 - "$VBURN_TMP/any.bin" "$VBURN_TMP/raw.bin" "$out" <<'PY'
import sys
got = open(sys.argv[1], "rb").read()
blocks = [got[i:i + 2340] for i in range(0, len(got), 2352)]
sync = b"\0" + b"\xff" * 10 + b"\0"
open(sys.argv[2], "wb").write(b"".join(sync + b for b in blocks))
open(sys.argv[3], "wb").write(b"".join(b[4:2052] for b in blocks))
PY
	verify_raw_mode1 "$VBURN_TMP/raw.bin" "$count" \
		"$name: the sectors from cd-read -m any"
	how="any (m1f1 fails in libcdio 2.1.0)"
}

# cdread_tracks IMAGE [TRACK]: load IMAGE, then every track (or only
# TRACK) read by cd-read equals vburn-img extract's.
cdread_tracks()
{
	local img=$1 only=${2:-} name=${1##*/} n mode start len lead how
	lead=$(json_tracks "$img" | sed -n 's/^leadout //p')
	load_and_wait "$img" $((lead * 2048))
	while read -r n mode start len; do
		[ "$n" = leadout ] && continue
		[ -z "$only" ] || [ "$n" = "$only" ] || continue
		"$img_tool" extract "$img" --track "$n" "$VBURN_TMP/want" \
			>/dev/null 2>&1 || fail "$name: extract of track $n failed"
		case $mode in
		audio)
			cdread audio "$start" "$len" "$VBURN_TMP/got" 2352 ||
				fail "$name: cd-read -m audio of track $n failed"
			tail -c +45 "$VBURN_TMP/want" >"$VBURN_TMP/want.pcm"
			mv "$VBURN_TMP/want.pcm" "$VBURN_TMP/want"
			how=audio
			;;
		mode1)
			cdread_mode1 "$name" "$start" "$len" "$VBURN_TMP/got"
			;;
		mode2_form1 | mode2_mixed)
			# Form 2 sectors: both cut to their first 2048 bytes.
			cdread m2f1 "$start" "$len" "$VBURN_TMP/got" 2048 ||
				fail "$name: cd-read -m m2f1 of track $n failed"
			how=m2f1
			;;
		*) fail "$name: track $n is $mode: no cd-read mode here" ;;
		esac
		cmp "$VBURN_TMP/got" "$VBURN_TMP/want" ||
			fail "$name: cd-read of track $n ($mode) differs from vburn-img extract"
		pass "$name: cd-read -m $how of track $n ($mode, $len sectors) equals vburn-img extract"
	done < <(json_tracks "$img")
}

cdread_tracks "$td/copying.iso"
if [ -f "$usb/mixed.cue" ]; then
	cdread_tracks "$usb/mixed.cue"
else
	note "usbode-circle test data missing: no mixed disc for cd-read"
fi
cdread_tracks "$td/videocd.nrg" 1

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

# Load and eject while a program holds the device open: the kernel sees
# the new disc (sr revalidates on the media change) and its bytes.
exec 3<"$dev"
load_and_wait "$td/joliet.iso" "$(file_size "$td/joliet.iso")"
cmp <(dd if="$dev" bs=64k 2>/dev/null) "$td/joliet.iso" ||
	fail "the disc loaded while $dev was open reads other bytes"
must "eject with $dev open" vburnctl eject 0
wait_for 10 test "$(blockdev --getsize64 "$dev" 2>/dev/null || echo 0)" = 0 ||
	fail "$dev still shows $(blockdev --getsize64 "$dev") bytes after eject"
load_and_wait "$td/copying.iso" "$(file_size "$td/copying.iso")"
exec 3<&-
pass "load, eject and load again while $dev is held open"
stop_vburnd || fail "vburnd did not stop cleanly"
