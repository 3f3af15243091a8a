#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 21-tcmu-clients: two drives through the kernel front end (TCMU +
# tcm_loop), each with its own backstore and loopback WWN, hence its own
# /dev/srN. wodim (dev=/dev/srN, SG_IO on the block device) burns an ISO
# to a CD-R in drive 0, whose capture must hold it byte for byte; xorriso
# -outdev writes a session to drive 1 and reads a file back from it. The
# objects of a daemon killed with SIGKILL are removed by the next one.
# Then the failure paths: without sr_mod the daemon must fail with a
# one-line reason and leave configfs clean; without target_core_user or
# tcm_loop it must name the module to load.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd wodim xorriso mkisofs modprobe rmmod sg_inq python3
require_build vburnd vburnctl
require_tcmu

# failed_start: runs a TCMU vburnd that must fail to start; its output
# (also shown) in out, its exit status in rc.
failed_start()
{
	out=$("$VBURN_BUILD/vburnd" -f --frontend tcmu --media cd-r \
		--image-dir "$VBURN_TMP/img-fail" \
		--socket "$VBURN_TMP/fail.sock" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/  vburnd| /'
}

# image_of DRIVE: its captured image, from vburnctl status --json.
image_of()
{
	vburnctl --json status "$1" | sed -n 's/.*"image": "\([^"]*\)".*/\1/p'
}

# same_iso DRIVE WHAT: drive's capture starts with the ISO, zero after.
same_iso()
{
	local img got
	img=$(image_of "$1")
	[ -n "$img" ] && [ -f "$img" ] || fail "$2: no captured image"
	got=$(sha256_prefix "$img" "$size") || fail "$2: image too short"
	[ "$got" = "$want" ] || fail "$2: captured image differs from the ISO"
	check_zero_tail "$img" "$size" || fail "$2: padding is not zero"
	pass "$2: capture of $(file_size "$img") bytes holds the ISO"
}

src=$VBURN_TMP/src
iso=$VBURN_TMP/source.iso
mkdir -p "$src"
head -c 3000000 /dev/urandom >"$src/a.bin"
echo "tcmu clients" >"$src/hello.txt"
must "make the source ISO" mkisofs -quiet -R -J -V VBURN_TCMU2 -o "$iso" "$src"
size=$(file_size "$iso")
want=$(sha256sum <"$iso" | cut -d' ' -f1)

start_vburnd --frontend tcmu --drives 2 --media cd-r
d0=$VBURN_DEV_0
d1=${VBURN_DEV_1:-}
[ -b "$d0" ] && [ -b "$d1" ] || fail "two block devices expected: $d0 $d1"
[ "$d0" != "$d1" ] || fail "both drives got $d0"
wwns=$(find "$VBURN_CFS/loopback" -maxdepth 1 -name 'naa.*' | wc -l)
hbas=$(find "$VBURN_CFS/core" -maxdepth 1 -name 'user_*' | wc -l)
[ "$wwns" -ge 2 ] && [ "$hbas" -ge 2 ] ||
	fail "expected 2 WWNs and 2 user HBAs, got $wwns and $hbas"
pass "two drives: $d0 and $d1, each with its own backstore and WWN"

must "wodim burns to $d0" wodim -v gracetime=0 dev="$d0" -data "$iso"
same_iso 0 "wodim dev=$d0"
must "xorriso -outdev $d1" xorriso -outdev "$d1" -map "$src" / -commit
must "xorriso -toc on $d1" xorriso -indev "$d1" -toc
# xorriso writes its own ISO: check its files by reading the drive back.
must "xorriso -indev $d1 extracts" xorriso -osirrox on -indev "$d1" \
	-extract /a.bin "$VBURN_TMP/a.back"
cmp "$src/a.bin" "$VBURN_TMP/a.back" || fail "xorriso: a.bin differs"
pass "xorriso -outdev $d1: session written and read back"

# add-drive through TCMU: the kernel's /dev/srN for a new backstore and
# WWN; remove-drive takes them away again
out=$(vburnctl --json add-drive --media cd-r) || fail "add-drive: $out"
d2=$(echo "$out" | python3 -c 'import json,sys
d = json.load(sys.stdin)
assert d["drive"] == 2 and d["media"] == "cd-r", d
print(d["node"])') || fail "add-drive answered $out"
[ -b "$d2" ] || fail "add-drive gave $d2, no block device"
sg_inq "$d2" | grep -q "Virtual Burner" || fail "sg_inq on $d2"
must "xorriso -toc on $d2" xorriso -outdev "$d2" -toc
must "remove-drive $d2" vburnctl remove-drive "$d2"
wait_for 10 test ! -e "$d2" || fail "$d2 still exists after remove-drive"
[ "$(find "$VBURN_CFS/loopback" -maxdepth 1 -name 'naa.*' | wc -l)" = "$wwns" ] ||
	fail "remove-drive left a loopback WWN"
pass "add-drive through TCMU: $d2 answers as a drive; remove-drive removes it and its WWN"

stop_vburnd || fail "vburnd did not stop cleanly"
[ ! -e "$d0" ] && [ ! -e "$d1" ] || fail "device nodes left after stop"
cfs_clean "stop of two drives"
pass "SIGTERM: both drives removed, configfs clean"

# A daemon killed without its teardown leaves its objects; the next one
# removes them (their dev_config names a pid that is gone).
start_vburnd --frontend tcmu --media cd-r --image-dir "$VBURN_TMP/img-kill"
stale=$VBURN_DEV
kill -KILL "$VBURN_PID"
wait "$VBURN_PID" 2>/dev/null
VBURN_PID=
[ -e "$stale" ] && [ -n "$(ls -d "$VBURN_CFS"/core/user_* 2>/dev/null)" ] ||
	fail "after kill -9: expected $stale and a user backstore to remain"
start_vburnd --frontend tcmu --media cd-r --image-dir "$VBURN_TMP/img-kill"
grep "which is gone" "$VBURN_WORK/vburnd.log" ||
	fail "the stale objects of the killed daemon were not removed"
must "sg_inq on the new drive" sg_inq "$VBURN_DEV"
stop_vburnd || fail "vburnd did not stop cleanly"
cfs_clean "restart after kill -9"
pass "after kill -9 the next vburnd removed the stale objects"

# Start-up failure after the ring and the LUN exist: no sr to bind.
if rmmod sr_mod 2>/dev/null; then
	on_exit "modprobe sr_mod"
	failed_start
	[ $rc -ne 0 ] || fail "vburnd without sr_mod exited 0"
	echo "$out" | grep -q "drive 0: no block device bound" ||
		fail "no one-line reason for the missing sr binding"
	cfs_clean "failed start"
	must "reload sr_mod" modprobe sr_mod
	pass "start-up failure: one-line reason, configfs clean"
else
	note "sr_mod cannot be unloaded here; start-up failure not tested"
fi

if rmmod target_core_user 2>/dev/null; then
	on_exit "modprobe target_core_user"
	failed_start
	[ $rc -ne 0 ] || fail "vburnd without target_core_user exited 0"
	want_msg="target_core_user not available: modprobe target_core_user"
	[ "$out" = "vburnd: $want_msg" ] ||
		fail "unexpected message without target_core_user: $out"
	must "reload target_core_user" modprobe target_core_user
	cfs_clean "no target_core_user"
	pass "without target_core_user: '$out'"
else
	note "target_core_user cannot be unloaded here; its message not tested"
fi

if rmmod tcm_loop 2>/dev/null; then
	on_exit "modprobe tcm_loop"
	failed_start
	[ $rc -ne 0 ] || fail "vburnd without tcm_loop exited 0"
	[ "$out" = "vburnd: tcm_loop not available: modprobe tcm_loop" ] ||
		fail "unexpected message without tcm_loop: $out"
	must "reload tcm_loop" modprobe tcm_loop
	pass "without tcm_loop: '$out'"
else
	note "tcm_loop cannot be unloaded here; its message not tested"
fi
