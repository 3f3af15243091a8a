#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# capture-cuse: issue 8's capture figures. Three sessions of
# VBURN_BENCH_MB (default 100) MB each are burned with cdrskin -multi to a
# DVD+R whose capture format is VBURN_BENCH_FORMAT (default mds). After
# each session the capture worker writes the capture off the drive lock;
# while it does, status is asked every 20 ms over the control socket and
# its latency noted. Reports per session the capture's duration (status
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

# Asks status over the control socket every 20 ms from one python
# process (include/vburn/ctl.h protocol), so the latency is the daemon's
# answer, not vburnctl's start-up (35-100 ms under TCG). "watch": from
# before a burn until the capture it causes has ended (or, if none was
# seen, until the file $2 exists), counting only the answers given
# while the capture was busy; "idle": 20 answers. Prints
# "CAPTURE_SECONDS POLLS WORST_MS MEDIAN_MS" (0 0 0 0: no busy answer).
poll_status()
{
	python3 - "$VBURN_SOCKET" "$@" <<'PY'
import json, os, socket, statistics, sys, time
path, mode = sys.argv[1], sys.argv[2]
stop = sys.argv[3] if len(sys.argv) > 3 else None
def ask():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    t0 = time.monotonic()
    s.connect(path)
    s.sendall(b"json\tstatus\t0\n")
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    t1 = time.monotonic()
    s.close()
    head, _, body = data.partition(b"\n")
    if head != b"ok":
        sys.exit("status failed: %r" % head)
    return t1 - t0, json.loads(body).get("capture", {})
lats, seen = [], False
while True:
    lat, cap = ask()
    if mode == "idle":
        lats.append(lat)
        if len(lats) >= 20:
            break
    elif cap.get("busy"):
        lats.append(lat)
        seen = True
    elif seen or (stop and os.path.exists(stop)):
        break
    time.sleep(0.02)
if not lats:
    print(0, 0, 0, 0)
else:
    print(cap.get("last_seconds", 0), len(lats), "%.2f" % (max(lats) * 1e3),
          "%.2f" % (statistics.median(lats) * 1e3))
PY
}

start_vburnd --media dvd+r --format "$fmt" --image-dir "$imgdir"
first=
for s in 1 2 3; do
	head -c $((mb * 1048576)) /dev/urandom >"$VBURN_TMP/pay"
	rm -f "$VBURN_TMP/burnt"
	poll_status watch "$VBURN_TMP/burnt" >"$VBURN_TMP/poll" &
	poller=$!
	must "session $s" cdrskin dev="$VBURN_DEV" -tao -multi -data \
		"$VBURN_TMP/pay"
	touch "$VBURN_TMP/burnt"
	wait "$poller" || fail "status polling failed"
	rm -f "$VBURN_TMP/pay"
	read -r _ polls worst med <"$VBURN_TMP/poll"
	# the capture's own duration, once it has certainly ended
	secs=$(vburnctl --json status 0 | python3 -c \
		'import json,sys; print(json.load(sys.stdin)["capture"]["last_seconds"])')
	[ -n "$first" ] || first=$secs
	echo "session $s: capture ${secs} s; status answered $polls times" \
		"during it, worst ${worst} ms, median ${med} ms" | tee -a "$out"
done
# The same status requests with no capture running, for comparison.
read -r _ polls worst med < <(poll_status idle) || fail "status polling failed"
echo "status with no capture running: worst ${worst} ms, median ${med} ms" \
	"of $polls" | tee -a "$out"
awk -v a="$first" -v b="$secs" -v f="$fmt" -v mb="$mb" \
	'BEGIN { printf "%s, 3 x %d MB: capture of session 3 / session 1 = %.2f\n", f, mb, b / a }' |
	tee -a "$out"
stop_vburnd || fail "vburnd did not stop cleanly"
