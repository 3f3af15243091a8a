#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 40-kmod: the kmod front end (issue 12). kmod/vburn_hba.ko, built by
# make e2e against this kernel's Debian headers (tests/vm/kmod-build.sh),
# is loaded; /dev/vburn-hba gets group cdrom, mode 0660, as
# dist/60-vburn.rules does under udev; then, with vburnd running as an
# ordinary user (uid 65534) in group cdrom and --frontend kmod:
#  - vburnd prints the drive's /dev/srN and /dev/sgN, which are the
#    kernel's sr and sg nodes of a type-5 device on the vburn_hba host;
#  - xorriso -as cdrecord burns an ISO to /dev/srN: the capture holds it
#    byte for byte, and the kernel reads it back through sr (dd of the
#    block device, a 1 MiB READ(10) through sg, isofs mount);
#  - several readers at once through sr get the same bytes (several
#    commands outstanding in the module);
#  - as in the TCMU scenarios: xorriso's two sessions on a CD-R mount
#    with both sessions' files; wodim -tao's capture is the ISO; cdrdao
#    writes two audio tracks SAO (through sg) that cdparanoia and
#    cd-paranoia rip bit-exactly; growisofs -Z and -M on a DVD+R mount
#    with both sessions; a loaded ISO mounts, and udev's cdrom_id sees a
#    CD drive with a disc;
#  - kill -9 of the daemon during a burn and during reads: the client
#    fails, the device is removed, no kernel warning (guest-run checks
#    dmesg), and rmmod works (nothing leaked); a new daemon serves a new
#    device after insmod; SIGTERM stops it cleanly.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso wodim cdrdao growisofs cdparanoia cd-paranoia sg_raw sg_inq \
	sg_start setpriv mount python3
require_build vburnd vburnctl

ko=$VBURN_BUILD/kbuild-vm/kmod/vburn_hba.ko
[ -f "$ko" ] || skip "vburn_hba.ko not built for $(uname -r): $(tail -n 1 \
	"$VBURN_BUILD/kbuild-vm.log" 2>/dev/null || echo "no kbuild-vm.log")"
cdrom=$(getent group cdrom | cut -d: -f3)
[ -n "$cdrom" ] || skip "no group cdrom"

load_module()
{
	must "insmod vburn_hba" insmod "$ko"
	wait_for 5 test -c /dev/vburn-hba || fail "no /dev/vburn-hba"
	chgrp cdrom /dev/vburn-hba && chmod 0660 /dev/vburn-hba
}
load_module
on_exit "pkill -KILL -x vburnd 2>/dev/null; sleep 0.5; rmmod vburn_hba 2>/dev/null"

u=$(mktemp -d /tmp/vburn-kmod.XXXXXX)
chmod 755 "$u"
mkdir -p "$u/img"
chown 65534:"$cdrom" "$u" "$u/img"
on_exit "rm -rf '$u'"
KPID=

# start_user_vburnd: vburnd --frontend kmod as uid 65534 in group cdrom;
# sets SR, SG and KPID from its "drive 0: /dev/srN /dev/sgN" line.
start_user_vburnd()
{
	local line n
	# the log where the host sees it (VBURN_WORK), written by 65534
	ln -sf "$VBURN_WORK/vburnd-kmod.log" "$u/log"
	: >"$VBURN_WORK/vburnd-kmod.log"
	chmod 666 "$VBURN_WORK/vburnd-kmod.log"
	setpriv --reuid=65534 --regid=65534 --groups "$cdrom" \
		"$VBURN_BUILD/vburnd" -f -v --frontend kmod --media cd-r \
		--image-dir "$u/img" --socket "$u/sock" >"$u/log" 2>&1 &
	KPID=$!
	for ((n = 0; n < 300; n++)); do
		line=$(sed -n 's/^drive 0: //p' "$u/log")
		[ -n "$line" ] && break
		kill -0 "$KPID" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$line" ] || {
		cat "$u/log"
		fail "vburnd --frontend kmod announced no drive"
	}
	read -r SR SG <<<"$line"
	note "vburnd (pid $KPID, uid $(stat -c %u /proc/$KPID)) serves $SR $SG"
}

start_user_vburnd
[ "$(stat -c %u /proc/$KPID)" = 65534 ] || fail "vburnd does not run as 65534"
[ -b "$SR" ] || fail "$SR is no block device"
case "$SG" in /dev/sg[0-9]*) ;; *) fail "no sg node: '$SG'" ;; esac
addr=$(basename "$(readlink -f "/sys/class/block/${SR#/dev/}/device")")
host=${addr%%:*}
[ "$(cat "/sys/class/scsi_host/host$host/proc_name")" = vburn_hba ] ||
	fail "$SR is not on the vburn_hba host ($addr)"
[ "$(cat "/sys/bus/scsi/devices/$addr/type")" = 5 ] ||
	fail "$addr is not a type-5 device"
sg_inq "$SG" | grep -q "Peripheral device type: cd/dvd" ||
	fail "sg_inq $SG: not a CD/DVD device"
pass "vburnd as uid 65534 (group cdrom) serves $SR and $SG on vburn_hba ($addr)"

# a burn through the kernel's sr, as burning programs do
mkdir -p "$VBURN_TMP/src"
head -c 4000000 /dev/urandom >"$VBURN_TMP/src/a.bin"
must "make an ISO" xorriso -as mkisofs -quiet -R -o "$VBURN_TMP/d.iso" \
	"$VBURN_TMP/src"
size=$(file_size "$VBURN_TMP/d.iso")
must "xorriso -as cdrecord to $SR" xorriso -as cdrecord -v dev="$SR" \
	"$VBURN_TMP/d.iso"
want=$(sha256sum <"$VBURN_TMP/d.iso" | cut -d' ' -f1)
img=$("$VBURN_BUILD/vburnctl" --socket "$u/sock" --json status 0 |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["image"])')
[ "$(head -c "$size" "$img" | sha256sum | cut -d' ' -f1)" = "$want" ] ||
	fail "the capture differs from the ISO"
pass "xorriso burned $size bytes through $SR; the capture is the ISO"

# read back through sr and sg: dd, a 1 MiB READ(10), isofs; first the
# tray reload growisofs does after a burn (START STOP UNIT eject, load),
# so that sr reads the new capacity
must "eject" sg_start --eject "$SG"
must "load" sg_start --load "$SG"
sg_raw "$SG" 00 00 00 00 00 00 >/dev/null 2>&1 # the media change UA
blocks=$((size / 2048))
[ "$(dd if="$SR" bs=2048 count="$blocks" 2>/dev/null | sha256sum |
	cut -d' ' -f1)" = "$want" ] || fail "dd of $SR differs from the ISO"
must "READ(10) of 512 blocks (1 MiB) through $SG" sg_raw -r 1048576 \
	-o "$VBURN_TMP/mib" "$SG" 28 00 00 00 00 00 00 02 00 00
cmp -n 1048576 "$VBURN_TMP/mib" "$VBURN_TMP/d.iso" ||
	fail "the 1 MiB READ(10) differs"
mkdir -p "$VBURN_TMP/mnt"
# (a mount stuck in the kernel ignores SIGKILL: watched, not timed out)
mount -t iso9660 -o ro "$SR" "$VBURN_TMP/mnt" &
mpid=$!
if ! wait_for 60 none_left "$mpid"; then
	tail -n 40 "$u/log"
	for t in /proc/$mpid/task/* /proc/$KPID/task/*; do
		echo "== $t ($(cat "$t/comm"))"
		cat "$t/stack"
	done
	fail "mount $SR hangs"
fi
wait "$mpid" || fail "mount $SR failed"
cmp "$VBURN_TMP/mnt/a.bin" "$VBURN_TMP/src/a.bin" ||
	fail "a.bin read through isofs differs"
umount "$VBURN_TMP/mnt"
# several readers at once: commands outstanding together in the module
pids=()
for k in 1 2 3 4; do
	dd if="$SR" bs=64k skip=$((k * 4)) count=8 iflag=direct \
		of="$VBURN_TMP/par$k" 2>/dev/null &
	pids+=($!)
done
# (a reader stuck in the kernel ignores SIGKILL: watched, not timed out)
if ! wait_for 60 none_left "${pids[@]}"; then
	for t in /proc/{$(echo "${pids[*]}" | tr ' ' ,),$KPID}/task/*; do
		echo "== $t ($(cat "$t/comm" 2>/dev/null))"
		cat "$t/stack" 2>/dev/null
	done
	fail "parallel readers of $SR hang"
fi
for k in 1 2 3 4; do
	cmp "$VBURN_TMP/par$k" <(dd if="$VBURN_TMP/d.iso" bs=64k \
		skip=$((k * 4)) count=8 2>/dev/null) ||
		fail "parallel reader $k got other bytes"
done
pass "sr, sg (1 MiB READ(10)), isofs and 4 parallel readers read the burn back ($blocks blocks)"

# The other clients through the module's sr and sg, as in the TCMU
# scenarios (issue 12): each on a fresh medium from vburnctl (root may use
# the socket of vburnd's user), read back through the kernel.
ctl() { "$VBURN_BUILD/vburnctl" --socket "$u/sock" "$@"; }
# reload: the tray cycle growisofs does, so that sr reads the new disc
reload()
{
	sg_raw "$SG" 00 00 00 00 00 00 >/dev/null 2>&1 # a pending UA first
	sg_start --eject "$SG" && sg_start --load "$SG" || fail "tray reload"
	sg_raw "$SG" 00 00 00 00 00 00 >/dev/null 2>&1 # the media change UA
}
mounted_same() # WHAT FILE...: mount SR, each FILE (relative) equals src's
{
	local what=$1 f
	shift
	must "mount $SR ($what)" mount -t iso9660 -o ro "$SR" "$VBURN_TMP/mnt"
	for f in "$@"; do
		cmp "$VBURN_TMP/mnt/$f" "$VBURN_TMP/src/${f#*/}" ||
			fail "$what: $f differs on the mounted disc"
	done
	umount "$VBURN_TMP/mnt"
}

# xorriso, two sessions on a CD-R; isofs shows both
must "blank CD-R" ctl blank 0 cd-r
for s in 1 2; do
	must "xorriso session $s" xorriso -dev "$SR" -map "$VBURN_TMP/src" \
		"/s$s" -commit
done
reload
mounted_same "xorriso 2 sessions" s1/a.bin s2/a.bin
pass "xorriso: 2 sessions on a CD-R, mounted through $SR"

# wodim -tao: the capture is the ISO
must "blank CD-R" ctl blank 0 cd-r
must "wodim -tao" wodim -v gracetime=0 dev="$SR" -tao -data "$VBURN_TMP/d.iso"
img=$(ctl --json status 0 |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["image"])')
[ "$(head -c "$size" "$img" | sha256sum | cut -d' ' -f1)" = "$want" ] ||
	fail "wodim's capture differs from the ISO"
pass "wodim -tao through $SR: the capture is the ISO"

# cdrdao: two audio tracks Session At Once; cdparanoia rips them back
python3 - "$VBURN_TMP" <<'PY'
import random, struct, sys
random.seed(40)
for k, n in ((1, 400), (2, 350)):
    data = random.randbytes(n * 2352)
    with open(f"{sys.argv[1]}/t{k}.wav", "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
                struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
                b"data" + struct.pack("<I", len(data)) + data)
PY
printf 'CD_DA\nTRACK AUDIO\nFILE "%s" 0\nTRACK AUDIO\nFILE "%s" 0\n' \
	"$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav" >"$VBURN_TMP/a.toc"
must "blank CD-R" ctl blank 0 cd-r
must "cdrdao write" cdrdao write --device "$SG" --driver generic-mmc -n \
	"$VBURN_TMP/a.toc"
reload
rip_same "cdrdao audio" "$SR" 1 "$VBURN_TMP/t1.wav"
rip_same "cdrdao audio" "$SR" 2 "$VBURN_TMP/t2.wav"
pass "cdrdao audio SAO through $SG; cdparanoia rips both tracks bit-exactly"

# growisofs -Z then -M on a DVD+R; isofs shows both sessions' files
must "blank DVD+R" ctl blank 0 dvd+r
must "growisofs -Z" growisofs -Z "$SR=$VBURN_TMP/d.iso"
must "growisofs -M" growisofs -M "$SR" -R -graft-points "/s2/a.bin=$VBURN_TMP/src/a.bin"
reload
mounted_same "growisofs -Z/-M" a.bin s2/a.bin
pass "growisofs -Z and -M on a DVD+R through $SR, both sessions mounted"

# a loaded ISO, mounted; udev's cdrom_id sees a CD drive with a disc
# (vburnd runs as 65534: the image must be readable by that user)
cp "$VBURN_TMP/d.iso" "$u/d.iso" && chmod 644 "$u/d.iso"
must "load the ISO" ctl load 0 "$u/d.iso"
sg_raw "$SG" 00 00 00 00 00 00 >/dev/null 2>&1
mounted_same "loaded ISO" a.bin
cid=/lib/udev/cdrom_id
[ -x "$cid" ] || cid=/usr/lib/udev/cdrom_id
if [ -x "$cid" ]; then
	"$cid" "$SR" >"$VBURN_TMP/cdrom_id" 2>&1
	grep -q '^ID_CDROM=1$' "$VBURN_TMP/cdrom_id" &&
		grep -q '^ID_CDROM_MEDIA=1$' "$VBURN_TMP/cdrom_id" || {
		cat "$VBURN_TMP/cdrom_id"
		fail "cdrom_id does not see a CD drive with a disc"
	}
	pass "a loaded ISO mounts through $SR; cdrom_id: $(grep -c . "$VBURN_TMP/cdrom_id") properties"
else
	note "cdrom_id not installed: only the mount of the loaded ISO checked"
	pass "a loaded ISO mounts through $SR"
fi

# the daemon killed during a burn
must "eject" "$VBURN_BUILD/vburnctl" --socket "$u/sock" eject 0
must "blank" "$VBURN_BUILD/vburnctl" --socket "$u/sock" blank 0 cd-r
xorriso -as cdrecord -v dev="$SR" "$VBURN_TMP/d.iso" >"$VBURN_TMP/burn.log" \
	2>&1 &
burner=$!
sleep 2
kill -KILL "$KPID"
wait "$KPID" 2>/dev/null
wait_for 30 sh -c "! kill -0 $burner 2>/dev/null" ||
	fail "the burner still runs 30 s after the daemon died"
wait "$burner" && fail "the burn succeeded without its daemon"
wait_for 20 test ! -e "/sys/bus/scsi/devices/$addr" ||
	fail "$addr is still there after the daemon died"
must "rmmod vburn_hba" rmmod vburn_hba
pass "kill -9 mid-burn: the burner fails, $addr is removed, the module unloads"

load_module
start_user_vburnd
must "TEST UNIT READY after reload" sg_raw "$SG" 00 00 00 00 00 00
pass "after insmod again a new daemon serves a new device"

# the daemon killed during reads: a loaded ISO read in a loop
addr=$(basename "$(readlink -f "/sys/class/block/${SR#/dev/}/device")")
must "load the ISO" "$VBURN_BUILD/vburnctl" --socket "$u/sock" load 0 \
	"$u/d.iso"
sg_raw "$SG" 00 00 00 00 00 00 >/dev/null 2>&1
(while dd if="$SR" of=/dev/null bs=64k iflag=direct 2>/dev/null; do :; done) &
reader=$!
sleep 1
kill -KILL "$KPID"
wait "$KPID" 2>/dev/null
wait_for 30 none_left "$reader" ||
	fail "the reader still runs 30 s after the daemon died"
wait_for 20 test ! -e "/sys/bus/scsi/devices/$addr" ||
	fail "$addr is still there after the daemon died during reads"
must "rmmod vburn_hba" rmmod vburn_hba
pass "kill -9 during reads: the reader fails, $addr is removed, the module unloads"

load_module
start_user_vburnd
kill -TERM "$KPID"
wait "$KPID" || fail "vburnd --frontend kmod did not stop cleanly"
wait_for 20 rmmod vburn_hba || fail "rmmod after a clean stop failed"
pass "SIGTERM: vburnd --frontend kmod stops cleanly and the module unloads"
