#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# burn-audio-cuse: issue "record everything"'s burn benchmark, through
# the CUSE node: a 74-minute audio disc burned SAO by cdrdao (ten tracks,
# 333,000 sectors, 783 MB of PCM) and a 650 MB ISO burned TAO by wodim.
# Neither client can write to a file, so each burn is set against dd of
# the same bytes into the same directory, and split as the drive sees it
# (its status): the client's own waits ("client_waits": pauses of 0.3 s
# or more between two commands, its sleeps and polls), the data phase
# (first to last WRITE) and the drive's own time ("drive_time": every
# command from arrival to completion, the handler and the store under
# the drive lock). The drive's share is drive_time / burn. The capture
# is checked against the source, or the figures mean nothing. The drive
# runs with --op-time 0: the time it models for a fixation (CLOSE
# without Immed) is a device's, not work of our code. Writes
# "bench.txt" into the work dir; run by bench/burn-audio.sh with a guest
# big enough to hold source, store and capture in tmpfs.
# vburn-e2e-timeout: 3600
. "$VBURN_SRC/tests/vm/lib.sh"

require_root
require_cmd cdrdao wodim dd cmp python3
require_build vburnd vburnctl vburn-img

T=$VBURN_TMP
imgdir=$T/img
mkdir -p "$imgdir"
minutes=${VBURN_BENCH_MIN:-74}
tracks=10
per=$((minutes * 60 * 75 / tracks)) # sectors per track
iso_mb=${VBURN_BENCH_ISO_MB:-650}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
sub_() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

# One WAV of per sectors of noise, used by every track: the source
# costs 1/10 of the disc in memory.
python3 - "$T/t.wav" "$per" <<'PY'
import os, struct, sys
path, n = sys.argv[1], int(sys.argv[2])
data = os.urandom(n * 2352)
with open(path, "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
            struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
            b"data" + struct.pack("<I", len(data)) + data)
PY
{
	echo CD_DA
	for ((i = 0; i < tracks; i++)); do
		printf 'TRACK AUDIO\nFILE "%s" 0\n' "$T/t.wav"
	done
} >"$T/audio.toc"
head -c $((iso_mb * 1024 * 1024)) /dev/urandom >"$T/data.iso"

# dd_time FILE: dd of FILE into the image directory, fsync'ed.
dd_time()
{
	local t0 t
	t0=$(now)
	dd if="$1" of="$imgdir/dd.out" bs=64k conv=fsync status=none
	t=$(elapsed "$t0" "$(now)")
	rm -f "$imgdir/dd.out"
	echo "$t"
}

# figures WHAT BURN_SECONDS: the drive's status split of the burn.
figures()
{
	local what=$1 burn=$2 st
	st=$(vburnctl --json status 0)
	echo "$st" | python3 -c '
import json, sys
what, burn = sys.argv[1], float(sys.argv[2])
s = json.load(sys.stdin)
w, d, r = s["client_waits"], s["drive_time"], s["last_recording"]
print("%s burn_seconds=%.3f client_waits=%d client_wait_seconds=%.3f "
      "burn_minus_waits=%.3f data_phase_seconds=%.3f data_mb=%.1f "
      "drive_commands=%d drive_seconds=%.3f drive_share=%.4f" % (
      what, burn, w["count"], w["seconds"], burn - w["seconds"],
      r["seconds"], r["bytes"] / 1e6, d["commands"], d["seconds"],
      d["seconds"] / burn))' "$what" "$burn"
}

{
	echo "audio_minutes=$minutes audio_sectors=$((per * tracks))" \
		"iso_mb=$iso_mb kernel=$(uname -r) cpus=$(nproc)"
	# the same bytes as the disc's PCM: ten times the track's data
	for ((i = 0; i < tracks; i++)); do tail -c +45 "$T/t.wav"; done \
		>"$T/pcm.raw"
	echo "dd_audio_seconds=$(dd_time "$T/pcm.raw")"
	rm -f "$T/pcm.raw"
	echo "dd_iso_seconds=$(dd_time "$T/data.iso")"
} | tee "$VBURN_WORK/bench.txt"

# cdrdao SAO
start_vburnd --media cd-r --op-time 0 --image-dir "$imgdir" >/dev/null
t0=$(now)
cdrdao write --device "$VBURN_DEV" --driver generic-mmc -n \
	"$T/audio.toc" >"$T/cdrdao.log" 2>&1 ||
	fail "cdrdao write failed: $(tail -n 5 "$T/cdrdao.log")"
burn=$(elapsed "$t0" "$(now)")
figures cdrdao_sao "$burn" | tee -a "$VBURN_WORK/bench.txt"
img=$(captured_image)
stop_vburnd || fail "vburnd did not stop cleanly"
for t in 1 $tracks; do
	"$VBURN_BUILD/vburn-img" extract "${img%.*}.vbd" --track "$t" \
		"$T/x.wav" >/dev/null || fail "extract track $t failed"
	cmp <(tail -c +45 "$T/x.wav") <(tail -c +45 "$T/t.wav") ||
		fail "captured track $t differs from the source PCM"
done
rm -f "$imgdir"/* "$T/x.wav"

# wodim TAO
start_vburnd --media cd-r --op-time 0 --image-dir "$imgdir" >/dev/null
t0=$(now)
wodim dev="$VBURN_DEV" -tao -data "$T/data.iso" >"$T/wodim.log" 2>&1 ||
	fail "wodim -tao failed: $(tail -n 5 "$T/wodim.log")"
burn=$(elapsed "$t0" "$(now)")
figures wodim_tao "$burn" | tee -a "$VBURN_WORK/bench.txt"
img=$(captured_image)
stop_vburnd || fail "vburnd did not stop cleanly"
cmp -n "$((iso_mb * 1024 * 1024))" "$T/data.iso" "$img" ||
	fail "captured ISO differs from the source"
pass "benchmark done"
