#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 37-stop-and-full: the two ways a burn ends that are nobody's fault
# (docs/architecture.md "The medium is a disc": a closed session is never
# damaged).
#  - SIGTERM while cdrskin writes a second session: vburnd exits with
#    status 0 within 2 s; its log says the open session is discarded; the
#    manifest then holds session 1 only, byte for byte what was burned,
#    and a new daemon loads it and reads it back; cdrskin reports failure.
#  - Disk full (a 40 MiB tmpfs as the image directory) while cdrskin
#    writes a second session too large for it: the WRITE fails with
#    03/0C/00 and cdrskin reports the error; vburnd keeps serving
#    (status shows the error and "No space left on device"); the medium
#    can be ejected, session 1 is intact in the manifest, and loading the
#    manifest reads it back. cdrskin closes the session it could not
#    finish, as on a real drive: session 2 then holds exactly the blocks
#    that were written, a prefix of what cdrskin was given.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cdrskin python3 sg_raw
require_build vburnd vburnctl vburn-img

# status_field EXPR: EXPR of drive 0's vburnctl --json status (d).
status_field()
{
	vburnctl --json status 0 | python3 -c 'import json,sys
d = json.load(sys.stdin)
print(eval(sys.argv[1], {"d": d}))' "$1"
}

# recording MIB: the latest recording has passed MIB MiB.
recording()
{
	local b
	b=$(status_field 'd["last_recording"]["bytes"]' 2>/dev/null) || return 1
	[ "$b" -gt $(($1 * 1048576)) ]
}

# session1_back DIR VBD MAX: VBD holds 1 to MAX sessions; extract of
# track 1 gives session 1's bytes, and so does READ(10) of its first 16
# blocks once a new daemon loaded VBD.
session1_back()
{
	local dir=$1 vbd=$2 max=$3 n
	n=$(img_tool info --json "$vbd" | sessions_of) ||
		fail "$vbd: info --json failed"
	[ "$n" -ge 1 ] && [ "$n" -le "$max" ] ||
		fail "$vbd holds $n sessions, want 1 to $max"
	SESSIONS=$n
	img_tool extract "$vbd" --track 1 "$VBURN_TMP/t1" || fail "extract of $vbd failed"
	cmp "$VBURN_TMP/t1" "$VBURN_TMP/s1" || fail "session 1 in $vbd differs"
	start_vburnd --media none --image-dir "$dir"
	must "load $vbd" vburnctl load 0 "$vbd"
	loaded_reads_as "$VBURN_TMP/s1" "$vbd"
	must "stop" stop_vburnd
}

head -c $((2000 * 2048)) /dev/urandom >"$VBURN_TMP/s1"
head -c $((160 * 1048576)) /dev/urandom >"$VBURN_TMP/s2"

# ---- SIGTERM during a burn ----
dir=$VBURN_TMP/stop
mkdir -p "$dir"
start_vburnd --media cd-r --format ccd --image-dir "$dir"
must "session 1" cdrskin dev="$VBURN_DEV" -tao -multi -data "$VBURN_TMP/s1"
cdrskin dev="$VBURN_DEV" -tao -multi -data "$VBURN_TMP/s2" \
	>"$dir/burn2.log" 2>&1 &
burner=$!
wait_for 60 recording 8 || fail "session 2 did not start streaming"
pid=$VBURN_PID
t0=$(date +%s%N)
stop_vburnd
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
note "SIGTERM during session 2: exit $rc after $ms ms"
[ "$rc" = 0 ] || fail "vburnd exited with $rc on SIGTERM during a burn"
[ "$ms" -lt 2000 ] || fail "vburnd took $ms ms to stop during a burn"
grep -q "stopped during a burn: the open session 2 .* is discarded; 1 closed" \
	"$VBURN_WORK/vburnd.log" ||
	fail "the log does not say session 2 was discarded"
wait_for 30 none_left "$burner" || fail "cdrskin did not end ($pid stopped)"
wait "$burner" && fail "cdrskin reported success for the interrupted burn"
session1_back "$dir" "$(ls "$dir"/*.vbd)" 1
pass "SIGTERM during a burn: exit 0 in $ms ms, session 2 discarded (log), session 1 intact and reloadable"

# ---- disk full during a burn ----
full=$VBURN_TMP/full
mkdir -p "$full"
mount -t tmpfs -o size=40m vburn-full "$full" || fail "cannot mount a tmpfs"
on_exit "umount '$full' 2>/dev/null"
start_vburnd --media cd-r --image-dir "$full"
must "session 1" cdrskin dev="$VBURN_DEV" -tao -multi -data "$VBURN_TMP/s1"
if cdrskin -v dev="$VBURN_DEV" -tao -multi -data "$VBURN_TMP/s2" \
	>"$full/../burn-full.log" 2>&1; then
	fail "cdrskin wrote 160 MiB into a 40 MiB tmpfs and reported success"
fi
grep -iE "3 0C 00|key=3 asc=0Ch|write error" "$VBURN_TMP/burn-full.log" ||
	fail "cdrskin does not report the write error: $(tail -n 5 \
		"$VBURN_TMP/burn-full.log")"
kill -0 "$VBURN_PID" || fail "vburnd died when the disk filled"
err=$(status_field 'd["last_error"]') || fail "status failed after disk full"
case "$err" in
*"3/0c/00 write error (No space left on device)"*) ;;
*) fail "status last_error is '$err', want 3/0c/00 and no space" ;;
esac
note "status after disk full: last_error '$err'"
must "eject after disk full" vburnctl eject 0
must "stop" stop_vburnd
vbd=$(ls "$full"/*.vbd)
session1_back "$full" "$vbd" 2
if [ "$SESSIONS" = 2 ]; then
	img_tool extract "$vbd" --track 2 "$VBURN_TMP/t2" || fail "extract of track 2"
	size=$(file_size "$VBURN_TMP/t2")
	[ "$size" -gt 0 ] && cmp -n "$size" "$VBURN_TMP/t2" "$VBURN_TMP/s2" ||
		fail "session 2 ($size bytes) is not what cdrskin wrote"
	note "session 2 as cdrskin closed it: $((size / 2048)) blocks, all as sent"
fi
pass "disk full: WRITE 03/0C/00 reported by cdrskin, vburnd kept serving, eject works, session 1 intact and reloadable"
