#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 38-soak: four CUSE drives busy at once for VBURN_SOAK_SECONDS (default
# 60; `make soak` runs 600):
#  - drive 0: a fresh DVD+R, xorriso burns a session and reads a file back;
#  - drive 1: a fresh CD-R, wodim burns an ISO and the capture is compared;
#  - drive 2: an audio CUE/BIN loaded, cdparanoia rips track 1, compared
#    with the BIN; eject; again (load/eject cycles);
#  - drive 3: an ISO loaded, xorriso reads a file out of it, eject, again;
#  - status every 100 ms on the control socket, each answer parsed as
#    JSON.
# Every round of every loop must succeed (zero failed commands), and the
# daemon's resident memory and open descriptors, sampled every 2 s, must
# stay flat after warm-up (the first quarter): at most 8 MiB and 4
# descriptors above the figure at warm-up. The figures are printed and
# written to $VBURN_WORK/soak.txt for the README (the samples, seconds
# RSS-KiB fds, to $VBURN_WORK/samples).
# vburn-e2e-timeout: 1200
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso wodim cdparanoia python3
require_build vburnd vburnctl

secs=${VBURN_SOAK_SECONDS:-60}
t=$VBURN_TMP
mkdir -p "$t/src" "$t/img"
head -c 2000000 /dev/urandom >"$t/src/r.bin"
must "mkisofs" xorriso -as mkisofs -quiet -o "$t/data.iso" "$t/src"
# 20 s of noise as CD-DA (little-endian PCM, whole sectors)
head -c $((1500 * 2352)) /dev/urandom >"$t/img/a.bin"
printf 'FILE "a.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n' \
	>"$t/img/a.cue"
cp "$t/data.iso" "$t/img/load.iso"

start_vburnd --drives 4 --media none --image-dir "$t/img"
pid=$VBURN_PID
end=$(($(date +%s) + secs))

# loop NAME CMD...: runs CMD until the end time; counts rounds that
# passed and failed in $t/NAME.ok and $t/NAME.bad (a failed round's
# output kept in $t/NAME.err)
loop()
{
	local name=$1 ok=0 bad=0
	shift
	while [ "$(date +%s)" -lt "$end" ]; do
		if "$@" >"$t/$name.out" 2>&1; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			cp "$t/$name.out" "$t/$name.err"
		fi
	done
	echo "$ok" >"$t/$name.ok"
	echo "$bad" >"$t/$name.bad"
}

# image_of DRIVE: the image file the drive captures into
image_of()
{
	vburnctl --json status "$1" | python3 -c \
		'import json,sys; print(json.load(sys.stdin)["image"])'
}

# each burn's image files are removed once checked: the VM's disk is RAM
round_xorriso()
{
	local img
	vburnctl blank 0 dvd+r &&
		xorriso -outdev "$VBURN_DEV_0" -map "$t/src" / -commit &&
		xorriso -osirrox on -indev "$VBURN_DEV_0" \
			-extract /r.bin "$t/x.back" &&
		cmp "$t/src/r.bin" "$t/x.back" && rm -f "$t/x.back" &&
		img=$(image_of 0) && vburnctl eject 0 && rm -f "${img%.*}".*
}

round_wodim()
{
	local img
	vburnctl blank 1 cd-r &&
		wodim gracetime=0 dev="$VBURN_DEV_1" -data "$t/data.iso" &&
		img=$(image_of 1) &&
		cmp -n "$(stat -c %s "$t/data.iso")" "$img" "$t/data.iso" &&
		vburnctl eject 1 && rm -f "${img%.*}".*
}

round_rip()
{
	vburnctl load 2 "$t/img/a.cue" &&
		cdparanoia -d "$VBURN_DEV_2" -q 1 "$t/got.wav" &&
		cmp -n $((1500 * 2352)) <(tail -c +45 "$t/got.wav") \
			"$t/img/a.bin" &&
		vburnctl eject 2
}

round_load()
{
	vburnctl load 3 "$t/img/load.iso" &&
		xorriso -osirrox on -indev "$VBURN_DEV_3" \
			-extract /r.bin "$t/l.back" &&
		cmp "$t/src/r.bin" "$t/l.back" && rm -f "$t/l.back" &&
		vburnctl eject 3
}

# status every 100 ms from one python process (a new interpreter per
# poll would take longer than the interval in the VM): each answer must
# be "ok" and one JSON object listing the four drives
poll_status()
{
	python3 - "$VBURN_SOCKET" "$end" "$t" <<'PY'
import json, socket, sys, time
path, end, t = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ok = bad = 0
while time.time() < end:
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.sendall(b"json\tstatus\n")
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        s.close()
        head, _, body = data.decode().partition("\n")
        assert head == "ok", data
        assert len(json.loads(body)["drives"]) == 4, body
        ok += 1
    except Exception as e:
        bad += 1
        open(t + "/status.err", "w").write(repr(e) + "\n")
    time.sleep(0.1)
open(t + "/status.ok", "w").write("%d\n" % ok)
open(t + "/status.bad", "w").write("%d\n" % bad)
PY
}

# the daemon's VmRSS (KiB) and open descriptors, every 2 s until the end
sample()
{
	while [ "$(date +%s)" -lt "$end" ]; do
		echo "$(($(date +%s) - end + secs)) $(awk '/^VmRSS/ { print $2 }' \
			"/proc/$pid/status") $(ls "/proc/$pid/fd" | wc -l)"
		sleep 2
	done >"$VBURN_WORK/samples"
}

loop xorriso round_xorriso &
p1=$!
loop wodim round_wodim &
p2=$!
loop rip round_rip &
p3=$!
loop load round_load &
p4=$!
poll_status &
p5=$!
sample &
p6=$!
wait_for $((secs + 300)) none_left $p1 $p2 $p3 $p4 $p5 $p6 ||
	fail "the loops did not end within 300 s of the soak's end"
kill -0 "$pid" || fail "vburnd died during the soak"

bad=0
summary=""
for n in xorriso wodim rip load status; do
	ok=$(cat "$t/$n.ok" 2>/dev/null || echo 0)
	b=$(cat "$t/$n.bad" 2>/dev/null || echo 1)
	summary="$summary $n $ok/$((ok + b))"
	if [ "$b" != 0 ] || [ "$ok" = 0 ]; then
		bad=1
		note "$n: $b of $((ok + b)) rounds failed; the last failure:"
		tail -n 15 "$t/$n.err" 2>/dev/null
	fi
done
read -r w_t w_rss w_fd < <(awk -v q=$((secs / 4)) '$1 >= q' "$VBURN_WORK/samples" | head -n 1)
read -r l_t l_rss l_fd < <(tail -n 1 "$VBURN_WORK/samples")
read -r f_t f_rss f_fd < <(head -n 1 "$VBURN_WORK/samples")
fig="soak ${secs} s, 4 drives, rounds passed:${summary}; vburnd RSS ${f_rss} KiB at ${f_t} s, ${w_rss} KiB at ${w_t} s (warm), ${l_rss} KiB at ${l_t} s; fds ${f_fd}, ${w_fd}, ${l_fd}"
echo "$fig" | tee "$VBURN_WORK/soak.txt"
[ "$bad" = 0 ] || fail "rounds failed during the soak:$summary"
[ -n "$w_rss" ] && [ -n "$l_rss" ] || fail "no memory samples"
[ "$l_rss" -le $((w_rss + 8192)) ] ||
	fail "RSS grew from $w_rss to $l_rss KiB after warm-up"
[ "$l_fd" -le $((w_fd + 4)) ] ||
	fail "open descriptors grew from $w_fd to $l_fd after warm-up"
must "stop" stop_vburnd
pass "$fig"
