#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# burn-cuse: time xorriso burning a 200 MB ISO through the CUSE node (to a
# DVD+R, where libburn writes 32 KiB per WRITE, and a BD-R, 64 KiB) against
# dd of the same bytes into the same image directory, in the same (VM)
# kernel. Writes "bench.txt" into the work dir. Not a test: run by
# bench/burn.sh. Image directory and source both on tmpfs, so the figure is
# the transport and the daemon, not a disk. With more than one vCPU it also
# times the burn with daemon and xorriso pinned to one vCPU: under TCG a
# wakeup across vCPUs costs milliseconds, which a real CPU does not.
# Besides the whole burn it reports the client's own waits and the burn
# without them, and the data phase (the drive's status "last_recording":
# first to last WRITE). libburn sleeps 0.5 s before it polls after START
# STOP UNIT, SYNCHRONIZE CACHE and CLOSE TRACK/SESSION
# (spc_wait_unit_attention), Immed or not: 7 sleeps, 3.5 s a burn that
# no drive can save it. The drive's status counts them ("client_waits").
# A 1 MiB burn first shows that fixed cost on its own ("fixed_seconds").
# For reference, xorriso burning to libburn's stdio pseudo-drive (a file
# or /dev/null, no drive at all) is timed too: the client's own cost.
# vburn-e2e-timeout: 1800
. "$VBURN_SRC/tests/vm/lib.sh"

require_root
require_cmd xorriso dd taskset cmp
require_build vburnd vburnctl

mb=${VBURN_BENCH_MB:-200}
src=$VBURN_TMP/src.iso
imgdir=$VBURN_TMP/img
mkdir -p "$imgdir"
small=$VBURN_TMP/small.iso
head -c $((mb * 1024 * 1024)) /dev/urandom >"$src"
head -c $((1024 * 1024)) "$src" >"$small"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$best_dd" 'BEGIN { printf "%.2f", a / b }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
# keep_min VAR T: VAR becomes T when VAR is empty or T is smaller.
keep_min()
{
	if [ -z "${!1}" ] || lt "$2" "${!1}"; then
		printf -v "$1" '%s' "$2"
	fi
}

best_dd=
for i in 1 2 3; do
	t0=$(now)
	dd if="$src" of="$imgdir/dd.iso" bs=64k conv=fsync status=none
	t=$(elapsed "$t0" "$(now)")
	rm -f "$imgdir/dd.iso"
	keep_min best_dd "$t"
done

# The client with no drive at all: the same xorriso command burning to
# libburn's stdio pseudo-drive (plain write() calls, no SCSI, none of the
# sleeps), into /dev/null and into a file in the image directory. What a
# burn costs above these is the drive's and the transport's share.
best_null=
best_file=
for i in 1 2 3; do
	t0=$(now)
	xorriso -as cdrecord dev=stdio:/dev/null "$src" >/dev/null 2>&1 ||
		fail "xorriso to stdio:/dev/null failed"
	t=$(elapsed "$t0" "$(now)")
	keep_min best_null "$t"
	t0=$(now)
	xorriso -as cdrecord dev="stdio:$imgdir/stdio.iso" "$src" \
		>/dev/null 2>&1 || fail "xorriso to a stdio file failed"
	t=$(elapsed "$t0" "$(now)")
	cmp -n "$((mb * 1024 * 1024))" "$src" "$imgdir/stdio.iso" ||
		fail "stdio image differs"
	rm -f "$imgdir/stdio.iso"
	keep_min best_file "$t"
done

# burn free|pin [SRC [MB]]: one timed burn of SRC (default the payload),
# seconds in BURN_T; with pin, the daemon and xorriso share vCPU 0.
burn()
{
	local pin=$1 src=${2:-$src} mb=${3:-$mb} t0 task st
	start_vburnd --media "$media" --image-dir "$imgdir" >/dev/null
	if [ "$pin" = pin ]; then
		for task in /proc/"$VBURN_PID"/task/*; do
			taskset -pc 0 "${task##*/}" >/dev/null
		done
	fi
	t0=$(now)
	if [ "$pin" = pin ]; then
		taskset -c 0 xorriso -as cdrecord dev="$VBURN_DEV" "$src" \
			>/dev/null 2>&1 || fail "burn failed"
	else
		xorriso -as cdrecord dev="$VBURN_DEV" "$src" >/dev/null 2>&1 ||
			fail "burn failed"
	fi
	BURN_T=$(elapsed "$t0" "$(now)")
	# The data phase alone, first to last WRITE, as the drive saw it,
	# and the client's pauses of 0.3 s or more between two commands
	# (its fixed sleeps: the drive answers every command at once).
	st=$(vburnctl --json status 0)
	STREAM_T=$(echo "$st" | sed -n \
		's/.*"last_recording": {"bytes": [0-9]*, "seconds": \([0-9.]*\)}.*/\1/p')
	WAIT_N=$(echo "$st" | sed -n \
		's/.*"client_waits": {"count": \([0-9]*\), .*/\1/p')
	WAIT_T=$(echo "$st" | sed -n \
		's/.*"client_waits": {"count": [0-9]*, "seconds": \([0-9.]*\)}.*/\1/p')
	[ -n "$STREAM_T" ] && [ -n "$WAIT_N" ] && [ -n "$WAIT_T" ] ||
		fail "status lacks figures: $st"
	DRIVE_T=$(awk -v a="$BURN_T" -v b="$WAIT_T" \
		'BEGIN { printf "%.3f", a - b }')
	stop_vburnd
	# The capture must be the payload, or the figure means nothing.
	cmp -n "$((mb * 1024 * 1024))" "$src" "$imgdir"/vburn*.iso ||
		fail "captured image differs"
	rm -f "$imgdir"/vburn*.iso
}

{
	echo "payload_mb=$mb"
	echo "dd_seconds=$best_dd"
	echo "no_drive: xorriso_to_null_seconds=$best_null" \
		"ratio=$(ratio "$best_null")" \
		"xorriso_to_file_seconds=$best_file ratio=$(ratio "$best_file")"
	echo "kernel=$(uname -r) in_vm=${VBURN_IN_VM:-0} cpus=$(nproc)"
} | tee "$VBURN_WORK/bench.txt"

for media in ${VBURN_BENCH_MEDIA:-dvd+r bd-r}; do
	# The fixed cost of a burn: the same xorriso command with 1 MiB, the
	# time no drive can save whatever the payload. Its waits are the
	# client's sleeps, counted one by one.
	burn free "$small" 1
	echo "media=$media fixed_seconds=$BURN_T fixed_ratio=$(ratio "$BURN_T")" \
		"fixed_waits=$WAIT_N fixed_wait_seconds=$WAIT_T" |
		tee -a "$VBURN_WORK/bench.txt"
	best_burn=
	best_stream=
	best_wait=
	best_drive=
	best_pinned=
	for i in 1 2 3; do
		burn free
		keep_min best_burn "$BURN_T"
		keep_min best_stream "$STREAM_T"
		# The waits of the burn whose time without them is best.
		if [ -z "$best_drive" ] || lt "$DRIVE_T" "$best_drive"; then
			best_drive=$DRIVE_T
			best_wait=$WAIT_T
		fi
		[ "$(nproc)" -gt 1 ] || continue
		burn pin
		keep_min best_pinned "$BURN_T"
	done
	line="media=$media burn_seconds=$best_burn ratio=$(ratio "$best_burn")"
	line="$line client_wait_seconds=$best_wait"
	line="$line burn_minus_waits=$best_drive"
	line="$line burn_minus_waits_ratio=$(ratio "$best_drive")"
	line="$line stream_seconds=$best_stream"
	line="$line stream_ratio=$(ratio "$best_stream")"
	if [ -n "$best_pinned" ]; then
		line="$line pinned_seconds=$best_pinned"
		line="$line pinned_ratio=$(ratio "$best_pinned")"
	fi
	echo "$line" | tee -a "$VBURN_WORK/bench.txt"
done
