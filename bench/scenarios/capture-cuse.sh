#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# capture-cuse: issue 8's capture figures. Three sessions of
# VBURN_BENCH_MB (default 100) MB each are burned with cdrskin -multi to a
# DVD+R whose capture format is VBURN_BENCH_FORMAT (default mds). After
# each session the capture worker writes the capture off the drive lock;
# while it does, vburnctl status is asked every 20 ms and its latency
# noted. Reports per session the capture's duration (status
# capture.last_seconds), the worst status latency during it, and the
# ratio of the 3rd capture to the 1st (about 1 when captures are
# incremental, about 3 when each rewrites the whole disc). Writes
# bench.txt into the work dir. Not a test: run by bench/capture.sh.
# vburn-e2e-timeout: 1800
. "$VBURN_SRC/tests/vm/lib.sh"

require_root
require_cmd cdrskin python3
require_build vburnd vburnctl

mb=${VBURN_BENCH_MB:-100}
fmt=${VBURN_BENCH_FORMAT:-mds}
imgdir=$VBURN_TMP/img
mkdir -p "$imgdir"
out=$VBURN_WORK/bench.txt
: >"$out"

now()
{
	date +%s.%N
}

field()
{
	python3 -c 'import json,sys
d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d=d[k]
print(str(d).lower())' "$1"
}

start_vburnd --media dvd+r --format "$fmt" --image-dir "$imgdir"
first=
for s in 1 2 3; do
	head -c $((mb * 1048576)) /dev/urandom >"$VBURN_TMP/pay"
	must "session $s" cdrskin dev="$VBURN_DEV" -tao -multi -data \
		"$VBURN_TMP/pay"
	rm -f "$VBURN_TMP/pay"
	worst=0
	polls=0
	while :; do
		t0=$(now)
		js=$(vburnctl --json status 0) || fail "status failed"
		t1=$(now)
		lat=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
		worst=$(awk -v a="$worst" -v b="$lat" 'BEGIN { print (b > a ? b : a) }')
		polls=$((polls + 1))
		[ "$(echo "$js" | field capture.busy)" = true ] || break
		sleep 0.02
	done
	secs=$(echo "$js" | field capture.last_seconds)
	[ -n "$first" ] || first=$secs
	echo "session $s: capture ${secs} s, status polled $polls times, worst latency ${worst} s" |
		tee -a "$out"
done
# The same status call with no capture running, for comparison: under
# TCG starting vburnctl alone costs tens of milliseconds.
idle=0
for i in 1 2 3 4 5; do
	t0=$(now)
	vburnctl --json status 0 >/dev/null || fail "status failed"
	t1=$(now)
	idle=$(awk -v a="$idle" -v b="$t0" -v c="$t1" 'BEGIN { l = c - b; print (l > a ? l : a) }')
done
echo "status with no capture running: worst latency ${idle} s of 5" | tee -a "$out"
awk -v a="$first" -v b="$secs" -v f="$fmt" -v mb="$mb" \
	'BEGIN { printf "%s, 3 x %d MB: capture of session 3 / session 1 = %.2f\n", f, mb, b / a }' |
	tee -a "$out"
stop_vburnd || fail "vburnd did not stop cleanly"
