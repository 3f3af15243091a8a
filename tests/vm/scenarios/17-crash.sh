#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 17-crash: kill -9 of the daemon at random points of a burn, 20 times
# (docs/architecture.md "The medium is a disc": a closed session can never
# be damaged by any crash). Each round starts vburnd on a fresh CD-R with a
# capture format (ccd, mds, cue, nrg in turn), burns two TAO sessions with
# cdrskin -multi, and kills the daemon (and cdrskin) after a random delay.
# Then:
#  - the manifest (<stem>.vbd) parses (vburn-img info --json, read with
#    python's json module) and holds every session cdrskin saw close, and
#    at most one more;
#  - every session in it equals the bytes cdrskin was given (vburn-img
#    extract), and so does the captured ISO at that session's LBA;
#  - the capture in the round's format, when present, parses and holds no
#    session the manifest lacks (it is renamed into place whole);
#  - every fourth round, a new daemon loads the manifest (vburnctl load)
#    and READ(10) through the drive gives session 1's bytes back.
# vburn-e2e-timeout: 900
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd cdrskin python3 sg_raw
require_build vburnd vburnctl vburn-img

# facts JSON [CAPTURE_JSON]: "N C START1 START2 ...": the sessions of a
# vburn-img info --json, the sessions of the capture's info (0 without
# one) and each track's start. One python3 a round: under TCG each
# costs about a second (docs/testing.md).
facts()
{
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])) if sys.argv[1] else {"sessions": []}
c = json.load(open(sys.argv[2]))["sessions"] if len(sys.argv) > 2 else []
print(len(d["sessions"]), len(c),
      *[t["start"] for s in d["sessions"] for t in s["tracks"]])
PY
}

for k in 1 2; do
	head -c $((300 * 2048 * k)) /dev/urandom >"$VBURN_TMP/pay$k"
done
formats=(ccd mds cue nrg)
rounds=20
RANDOM=17 # the same delays in every run, so a failure can be repeated

for ((r = 1; r <= rounds; r++)); do
	fmt=${formats[r % 4]}
	dir=$VBURN_TMP/crash$r
	mkdir -p "$dir"
	start_vburnd --media cd-r --format "$fmt" --image-dir "$dir"
	delay=$(awk -v x=$RANDOM 'BEGIN { printf "%.2f", 0.3 + x % 550 / 100 }')
	(
		for k in 1 2; do
			cdrskin dev="$VBURN_DEV" -tao -multi -data \
				"$VBURN_TMP/pay$k" >"$dir/burn$k.log" 2>&1 ||
				exit 1
			touch "$dir/closed$k"
		done
	) &
	burner=$!
	sleep "$delay"
	kill -KILL "$VBURN_PID"
	wait "$VBURN_PID" 2>/dev/null
	VBURN_PID=
	kill -KILL "$burner" 2>/dev/null
	pkill -KILL -x cdrskin 2>/dev/null
	wait "$burner" 2>/dev/null
	done_n=$(ls "$dir" | grep -c '^closed')

	vbd=$(ls "$dir"/*.vbd 2>/dev/null)
	[ "$(echo "$vbd" | wc -w)" -eq 1 ] ||
		fail "round $r: expected one manifest, found: $vbd"
	cap=${vbd%.vbd}.$fmt
	capjson=()
	if [ -e "$cap" ]; then
		img_tool info --json "$cap" >"$dir/cap.json" ||
			fail "round $r: the $fmt capture does not parse"
		capjson=("$dir/cap.json")
	fi
	info=$dir/info.json
	if ! img_tool info --json "$vbd" >"$info" 2>"$dir/info.err"; then
		# A blank's manifest holds no disc to show.
		grep -q "no tracks" "$dir/info.err" && [ "$done_n" -eq 0 ] ||
			fail "round $r: $(cat "$dir/info.err")"
		info=""
	fi
	read -r n c starts_line < <(facts "$info" "${capjson[@]}") ||
		fail "round $r: info --json is not JSON"
	read -ra starts <<<"$starts_line"
	[ "$n" -ge "$done_n" ] && [ "$n" -le $((done_n + 1)) ] ||
		fail "round $r: manifest has $n sessions, cdrskin closed $done_n"
	iso=${vbd%.vbd}.iso
	for ((k = 1; k <= n; k++)); do
		size=$(file_size "$VBURN_TMP/pay$k")
		img_tool extract "$vbd" --track "$k" "$dir/t$k" ||
			fail "round $r: extract of track $k failed"
		cmp -n "$size" "$dir/t$k" "$VBURN_TMP/pay$k" ||
			fail "round $r: session $k differs from what was burned"
		start=${starts[k - 1]}
		# Session 1's sectors 16..31 of the ISO show the last session's
		# descriptors only for ISO payloads; these are random bytes.
		cmp -n "$size" <(dd if="$iso" bs=2048 skip="$start" \
			count=$((size / 2048)) 2>/dev/null) "$VBURN_TMP/pay$k" ||
			fail "round $r: the ISO differs at session $k"
	done
	[ "$c" -le "$n" ] ||
		fail "round $r: $fmt capture has $c sessions, manifest $n"
	note "round $r ($fmt, killed after $delay s): $n session(s) committed, $done_n seen closed"

	if [ $((r % 4)) -eq 0 ] && [ "$n" -ge 1 ]; then
		start_vburnd --media none --image-dir "$dir"
		must "load $vbd" vburnctl load 0 "$vbd"
		loaded_reads_as "$VBURN_TMP/pay1" "round $r"
		stop_vburnd || fail "round $r: vburnd did not stop cleanly"
	fi
	rm -rf "$dir"
done
pass "$rounds kill -9 rounds: every committed session intact and reloadable"
