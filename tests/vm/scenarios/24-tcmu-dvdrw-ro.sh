#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 24-tcmu-dvdrw-ro: DVD-RW restricted overwrite through the kernel front
# end (TCMU /dev/srN), with dvd+rw-tools (docs/clients.md 3.4, 3.7). A blank
# DVD-RW is sequential (dvd+rw-mediainfo: 14h) and lists its formats;
# dvd+rw-format -force formats it for restricted overwrite (13h);
# growisofs -Z writes an ISO, growisofs -M grows the filesystem in place,
# and the guest kernel's isofs shows both sessions' files from the drive.
# Then libburn's flow: xorriso -blank deformat (BLANK) makes it
# sequential again, xorriso -format as_needed (FORMAT UNIT, libburn's
# burn_disc_setup_dvd_minus_rw) restricted overwrite, and two xorriso
# sessions on it (libisoburn's multi-session on overwritable media) must
# be listed by -toc and extracted with their sha256.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd growisofs dvd+rw-format dvd+rw-mediainfo mkisofs mount
require_build vburnd vburnctl
require_kfront

src=$VBURN_TMP/src
iso=$VBURN_TMP/source.iso
mkdir -p "$src/sub" "$VBURN_TMP/s2/more"
head -c 3000000 /dev/urandom >"$src/a.bin"
echo "first session on DVD-RW" >"$src/sub/hello.txt"
head -c 1000000 /dev/urandom >"$VBURN_TMP/s2/more/c.bin"
echo "grown in place" >"$VBURN_TMP/s2/more/note.txt"
(cd "$src" && sha256sum a.bin sub/hello.txt) >"$VBURN_TMP/sums1"
(cd "$VBURN_TMP/s2" && sha256sum more/c.bin more/note.txt) >"$VBURN_TMP/sums2"
must "make the source ISO" mkisofs -quiet -R -J -V VBURN_RO -o "$iso" "$src"
size=$(file_size "$iso")
want=$(sha256sum <"$iso" | cut -d' ' -f1)

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

start_vburnd --frontend "$VBURN_KFRONT" --media dvd-rw --image-dir "$VBURN_TMP/img1"
dev=$VBURN_DEV
[ -b "$dev" ] || fail "$dev is not a block device"
cap=2298496

mediainfo
mi_has "Mounted Media:[[:space:]]*14h, DVD-RW Sequential" ||
	fail "mediainfo: not a sequential DVD-RW"
mi_has "00h\(10\):[[:space:]]*$cap\*2048" ||
	fail "mediainfo: no 00h format listed"
pass "dvd+rw-mediainfo: blank DVD-RW, profile 14h, formats listed"

must "dvd+rw-format -force formats it" dvd+rw-format -force "$dev"
mediainfo
mi_has "Mounted Media:[[:space:]]*13h, DVD-RW Restricted Overwrite" ||
	fail "mediainfo: not restricted overwrite after dvd+rw-format"
mi_has "READ CAPACITY:[[:space:]]*$cap\*2048" ||
	fail "mediainfo: READ CAPACITY is not $cap blocks"
pass "dvd+rw-format -force: mediainfo sees 13h, $cap blocks"

must "growisofs -Z writes the ISO" growisofs -Z "$dev=$iso"
img=$(ls "$VBURN_TMP"/img1/*.iso | tail -n 1)
got=$(sha256_prefix "$img" "$size") || fail "captured image too short"
[ "$got" = "$want" ] || fail "captured image differs from the ISO"
pass "growisofs -Z: capture holds the $size-byte ISO byte for byte"

mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
must "growisofs -M grows the filesystem" growisofs -M "$dev" -R -J \
	"$VBURN_TMP/s2"
must "mount $dev after -M" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1" "$VBURN_TMP/sums2") ||
	fail "files of the two sessions differ on the mounted disc"
must "umount" umount "$mnt"
pass "growisofs -M: the mounted DVD-RW shows both sessions' files"
mediainfo
mi_has "Mounted Media:[[:space:]]*13h" || fail "mediainfo: profile changed"
pass "dvd+rw-mediainfo after the writes: still 13h"
vburnctl status 0

must "xorriso -blank deformat" xorriso -outdev "$dev" -blank deformat
mediainfo
mi_has "Mounted Media:[[:space:]]*14h" ||
	fail "mediainfo: not sequential after BLANK"
pass "xorriso -blank deformat: the DVD-RW is sequential (14h) again"
must "xorriso -format as_needed" xorriso -outdev "$dev" -format as_needed
mediainfo
mi_has "Mounted Media:[[:space:]]*13h" ||
	fail "mediainfo: not restricted overwrite after xorriso -format"
pass "xorriso -format as_needed: restricted overwrite (13h)"
: >"$VBURN_TMP/xsums"
for s in 1 2; do
	d=$VBURN_TMP/x-s$s
	mkdir -p "$d/dir$s"
	head -c $((300000 * s + 777)) /dev/urandom >"$d/dir$s/data.bin"
	(cd "$d" && sha256sum dir$s/data.bin) >>"$VBURN_TMP/xsums"
	must "xorriso session $s" xorriso -dev "$dev" \
		-map "$d/dir$s" "/dir$s" -commit
done
toc=$(xorriso -indev "$dev" -toc 2>&1)
echo "$toc" | grep -E "^(ISO session|Media (current|status|summary))"
echo "$toc" | grep -q "^Media current: DVD-RW restricted overwrite" ||
	fail "xorriso: not a restricted overwrite DVD-RW"
n=$(echo "$toc" | grep -c "^ISO session")
[ "$n" -eq 2 ] || fail "xorriso -toc lists $n sessions, not 2"
must "xorriso extracts the files" xorriso -osirrox on -indev "$dev" \
	-extract / "$VBURN_TMP/x"
(cd "$VBURN_TMP/x" && sha256sum -c "$VBURN_TMP/xsums") ||
	fail "files extracted by xorriso differ"
pass "xorriso: two sessions on restricted overwrite listed by -toc," \
	"both sessions' files extracted with their sha256"

stop_vburnd || fail "vburnd did not stop cleanly"
kfront_clean "SIGTERM"
