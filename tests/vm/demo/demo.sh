#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo: what `make demo` shows, in the test VM (Debian's stock kernel),
# for machines whose own kernel has no CUSE: vburnd with a blank CD-R,
# a burn with cdrskin, the capture it leaves, that capture loaded back as
# a disc and read with xorriso, and the same disc through the kernel's
# own SCSI layer (TCMU) as /dev/srN, mounted with mount(8). Each step
# says what it does; commands are shown as they run.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso cdrskin
require_build vburnd vburnctl vburn-img

say()
{
	printf '\n==> %s\n' "$*"
}

# show CMD...: prints "$ CMD" (on stderr, so a grep after it keeps it),
# then runs it
show()
{
	echo "\$ $*" >&2
	"$@"
}

vburn-img()
{
	"$VBURN_BUILD/vburn-img" "$@"
}

t=$VBURN_TMP
mkdir -p "$t/files/docs" "$t/images"
echo "Hello from a disc burned by vburn." >"$t/files/hello.txt"
seq 1 20000 >"$t/files/docs/numbers.txt"

say "1. Start the daemon with a blank CD-R in a virtual drive"
start_vburnd --media cd-r --image-dir "$t/images" --format ccd
cat "$VBURN_WORK/vburnd.log"

say "2. Make an ISO and burn it with cdrskin, as to any burner"
show xorriso -as mkisofs -quiet -R -J -V DEMO -o "$t/demo.iso" "$t/files"
show cdrskin dev="$VBURN_DEV" -tao -multi "$t/demo.iso" 2>&1 |
	grep -E '^[$] |^cdrskin: beginning|Track 01: Total|Fixating'

say "3. The drive now holds a closed session"
show vburnctl status 0

say "4. The burn was captured: an ISO, a manifest and a CloneCD image"
(cd "$t/images" && show ls -l)
ccd=$(ls "$t/images"/*.ccd)
show vburn-img info "$ccd"
show vburn-img ls "$ccd" -l

say "5. Eject, and load the CloneCD capture back as a disc"
show vburnctl eject 0
show vburnctl load 0 "$ccd"

say "6. Read it back through the drive with xorriso"
show xorriso -osirrox on -indev "$VBURN_DEV" -extract / "$t/back" 2>&1 |
	grep -E '^[$] |Volume id|extracted'
show cat "$t/back/hello.txt"
show diff -r "$t/files" "$t/back" && echo "(identical)"
must "stop" stop_vburnd

say "7. The same disc as a kernel drive: TCMU gives a real /dev/srN"
if [ -d /sys/kernel/config ] && modprobe -q target_core_user &&
	modprobe -q tcm_loop && modprobe -q sr_mod; then
	start_vburnd --frontend tcmu --media none --image-dir "$t/images"
	grep "^drive" "$VBURN_WORK/vburnd.log"
	show vburnctl load 0 "$ccd"
	mkdir -p "$t/mnt"
	wait_for 10 mount -o ro "$VBURN_DEV" "$t/mnt" 2>/dev/null
	show mount | grep " $t/mnt "
	show ls -l "$t/mnt"
	show cat "$t/mnt/hello.txt"
	umount "$t/mnt"
	must "stop" stop_vburnd
else
	echo "(this kernel has no TCMU: step skipped)"
fi

say "Done: burned, captured, reloaded and read back, bit for bit."
pass "demo"
