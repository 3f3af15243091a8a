#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 20-tcmu-growisofs: the kernel front end (TCMU + tcm_loop). vburnd
# --frontend tcmu (or kmod, VBURN_KFRONT) with a blank DVD+R must give a real /dev/srN block device
# and its /dev/sgN, answered by the daemon (sg_inq sees our INQUIRY, udev's
# cdrom_id the blank disc when it is installed);
# growisofs -Z burns an ISO whose capture must be identical byte for byte,
# and its tray reload at the end must bring the disc back (so that the
# kernel reads the new capacity); READ CAPACITY and blockdev agree; dd
# reads the data back from /dev/srN; the kernel's isofs mounts it;
# growisofs -M appends a second session that mount then shows with the
# first one's files. After SIGTERM no configfs object may be left. The
# burn and read times are noted next to dd's, for comparison. Then a
# blank BD-R: growisofs formats it first (spare areas, READ FORMAT
# CAPACITIES and FORMAT UNIT 00h) as it does every blank BD-R, burns the
# ISO, and the capture and the mounted disc hold it.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd growisofs mkisofs sg_inq sg_readcap blockdev mount
require_build vburnd vburnctl
require_kfront

now()
{
	date +%s.%N
}

elapsed()
{
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'
}

src=$VBURN_TMP/src
iso=$VBURN_TMP/source.iso
mkdir -p "$src/sub" "$VBURN_TMP/s2/more"
head -c 24000000 /dev/urandom >"$src/a.bin"
head -c 700000 /dev/urandom >"$src/sub/b.bin"
echo "hello from vburn over tcmu" >"$src/sub/hello.txt"
head -c 3000000 /dev/urandom >"$VBURN_TMP/s2/more/c.bin"
echo "second session" >"$VBURN_TMP/s2/more/note.txt"
(cd "$src" && sha256sum a.bin sub/b.bin sub/hello.txt) >"$VBURN_TMP/sums1"
(cd "$VBURN_TMP/s2" && sha256sum more/c.bin more/note.txt) >"$VBURN_TMP/sums2"
must "make the source ISO" mkisofs -quiet -R -J -V VBURN_TCMU -o "$iso" "$src"
size=$(file_size "$iso")
want=$(sha256sum <"$iso" | cut -d' ' -f1)

start_vburnd --frontend "$VBURN_KFRONT" --media dvd+r --image-dir "$VBURN_TMP/img1"
dev=$VBURN_DEV
sg=$(sed -n 's/^drive 0: [^ ]* \(\/dev\/sg[0-9]*\).*$/\1/p' \
	"$VBURN_WORK/vburnd.log")
[ -b "$dev" ] || fail "$dev is not a block device"
[ -c "$sg" ] || fail "no /dev/sgN announced on the drive line ($sg)"
pass "vburnd serves $dev and $sg through TCMU"
[ "$VBURN_KFRONT" = tcmu ] &&
	find "$VBURN_CFS" -maxdepth 4 | sort | sed 's/^/  cfs| /' | grep -v alua

inq=$(sg_inq "$sg") || fail "sg_inq $sg failed"
echo "$inq" | sed 's/^/  sg_inq| /'
echo "$inq" | grep -q "PDT=5" || fail "sg_inq: peripheral type is not 5"
echo "$inq" | grep -q "Vendor identification: VBURN" ||
	fail "sg_inq: not our INQUIRY data (not passed through?)"
pass "INQUIRY is answered by the daemon: type 5 (MMC), vendor VBURN"

# udev's cdrom_id (the udev package) sees the drive and its blank disc.
cdrom_id=
for c in /usr/lib/udev/cdrom_id /lib/udev/cdrom_id; do
	[ -x "$c" ] && cdrom_id=$c && break
done
if [ -n "$cdrom_id" ]; then
	ids=$("$cdrom_id" "$dev") || fail "cdrom_id $dev failed"
	echo "$ids" | grep -E 'MEDIA|ID_CDROM=' | sed 's/^/  cdrom_id| /'
	echo "$ids" | grep -qx "ID_CDROM_MEDIA_DVD_PLUS_R=1" &&
		echo "$ids" | grep -qx "ID_CDROM_MEDIA_STATE=blank" ||
		fail "cdrom_id does not see a blank DVD+R"
	pass "udev's cdrom_id sees a blank DVD+R in $dev"
else
	note "no cdrom_id (udev package): its check is not run"
fi

# growisofs as users run it: it reloads the tray at the end (START STOP
# UNIT eject, then load), which must bring the same disc back.
t0=$(now)
must "growisofs -Z burns the ISO" growisofs -Z "$dev=$iso"
t1=$(now)
img=$(ls "$VBURN_TMP"/img1/*.iso)
got=$(sha256_prefix "$img" "$size") || fail "captured image too short"
[ "$got" = "$want" ] || fail "captured image differs from the ISO"
check_zero_tail "$img" "$size" || fail "padding after the ISO is not zero"
pass "growisofs -Z: $size bytes in $(elapsed "$t0" "$t1") s," \
	"capture identical ($(file_size "$img") bytes)"
t0=$(now)
dd if="$iso" of="$VBURN_TMP/copy.iso" bs=32k conv=fsync status=none
t1=$(now)
rm -f "$VBURN_TMP/copy.iso"
note "dd of the same ISO to tmpfs (32 KiB blocks): $(elapsed "$t0" "$t1") s"
vburnctl --json status 0 | grep -q '"media"' ||
	fail "no disc after growisofs' tray reload (START STOP UNIT eject," \
		"then load, must bring the same disc back)"

# READ CAPACITY (sg) and the block layer agree on the recorded size.
bsz=$(blockdev --getsize64 "$dev") || fail "blockdev --getsize64"
rc=$(sg_readcap "$sg") || fail "sg_readcap"
echo "$rc" | sed 's/^/  sg_readcap| /'
last=$(echo "$rc" | sed -n 's/.*Last LBA=\([0-9]*\).*/\1/p')
blen=$(echo "$rc" | sed -n 's/.*[Ll]ogical block length=\([0-9]*\).*/\1/p')
[ "$blen" = 2048 ] || fail "READ CAPACITY block length $blen"
[ "$bsz" -eq $(((last + 1) * 2048)) ] ||
	fail "blockdev says $bsz bytes, READ CAPACITY $(((last + 1) * 2048))"
[ "$bsz" -ge "$size" ] || fail "capacity $bsz below the ISO's $size"
pass "blockdev --getsize64 $bsz = READ CAPACITY ($last + 1) x 2048"

t0=$(now)
dd if="$dev" of="$VBURN_TMP/readback.iso" bs=64k count=$((size / 65536)) \
	status=none || fail "dd from $dev"
t1=$(now)
cmp -n $((size / 65536 * 65536)) "$iso" "$VBURN_TMP/readback.iso" ||
	fail "data read back from $dev differs"
note "dd read back $((size / 65536 * 65536)) bytes in $(elapsed "$t0" "$t1") s"
# Big transfers: O_DIRECT reads of 4 MiB reach the ring as commands of
# up to max_sectors_kb, scattered over the data area's pages.
must "dd 4 MiB O_DIRECT reads from $dev" dd if="$dev" \
	of="$VBURN_TMP/readback.iso" bs=4M iflag=direct \
	count=$((size / 4194304)) status=none
cmp -n $((size / 4194304 * 4194304)) "$iso" "$VBURN_TMP/readback.iso" ||
	fail "data read back with 4 MiB O_DIRECT reads differs"
pass "4 MiB O_DIRECT reads (max_sectors_kb" \
	"$(cat "/sys/block/${dev#/dev/}/queue/max_sectors_kb")) read back right"
rm -f "$VBURN_TMP/readback.iso"

mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
must "mount $dev" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1") ||
	fail "files on the mounted disc differ"
must "umount" umount "$mnt"
pass "mount $dev (isofs) shows the files with the right checksums"

must "growisofs -M appends a session" growisofs -M "$dev" -R -J \
	"$VBURN_TMP/s2"
must "mount $dev after -M" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1" "$VBURN_TMP/sums2") ||
	fail "files of the two sessions differ on the mounted disc"
must "umount" umount "$mnt"
pass "growisofs -M: the mounted disc shows both sessions' files"
vburnctl status 0

stop_vburnd || fail "vburnd did not stop cleanly"
[ ! -e "$dev" ] || fail "$dev still exists after vburnd stopped"
kfront_clean "SIGTERM"
pass "SIGTERM: $dev gone, /sys/kernel/config/target as before"

# A blank BD-R, as growisofs burns one by default: it formats the disc
# with spare areas first (without -use-the-force-luke=spare:none).
start_vburnd --frontend "$VBURN_KFRONT" --media bd-r --image-dir "$VBURN_TMP/img-bdr"
dev=$VBURN_DEV
blank_cap=$(vburnctl --json status 0 | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["capacity"])')
growisofs -Z "$dev=$iso" >"$VBURN_TMP/bdr.log" 2>&1 || {
	tail -n 5 "$VBURN_TMP/bdr.log"
	fail "growisofs -Z on a blank BD-R failed"
}
grep -q "pre-formatting blank BD-R" "$VBURN_TMP/bdr.log" ||
	fail "growisofs did not format the blank BD-R"
cap=$(vburnctl --json status 0 | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["capacity"])')
[ "$cap" -lt "$blank_cap" ] ||
	fail "BD-R capacity $cap after the format, $blank_cap blank: no spares?"
img=$(captured_image)
got=$(sha256_prefix "$img" "$size") || fail "BD-R capture too short"
[ "$got" = "$want" ] || fail "BD-R capture differs from the ISO"
must "mount the BD-R" mount -t iso9660 -o ro "$dev" "$mnt"
(cd "$mnt" && sha256sum -c "$VBURN_TMP/sums1") ||
	fail "files on the mounted BD-R differ"
must "umount" umount "$mnt"
pass "growisofs -Z on a blank BD-R: formatted ($blank_cap -> $cap" \
	"blocks), capture identical, mount shows the files"
stop_vburnd || fail "vburnd did not stop cleanly"
