#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/chd.sh [BUILD_DIR]: issue 14's CHD benchmark, ours against chdman
# 0.251 (Debian's mame-tools) on the same inputs, in one run:
#   - a data CD: an ISO of ~650 MB of /usr (binaries, libraries, text);
#   - an audio CD: 62 minutes of generated stereo music-like PCM (tones
#     that glide, chords, a little noise; not compressible by repeats);
# each compressed to CHD (wall time with every core: chdman uses all of
# them too; file size), extracted back to CUE/BIN (vburn-img convert
# against chdman extractcd, both byte-compared with the source), then
# read through the drive core as a loaded CHD against the loaded CUE/BIN
# (bench/chd_read_bench.c: sequential and random READ CD).
# Environment: VBURN_BENCH_DIR work directory (default: a new one under
# /var/tmp), VBURN_BENCH_KEEP=1 keeps it, VBURN_BENCH_MB data size (650),
# VBURN_BENCH_MIN audio minutes (62). Needs ~6 GB free there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
vimg=$build/vburn-img
rb=$build/bench/chd_read_bench
mb=${VBURN_BENCH_MB:-650}
min=${VBURN_BENCH_MIN:-62}

die() { echo "bench/chd.sh: $*" >&2; exit 1; }
[ -x "$vimg" ] || die "$vimg not built"
[ -x "$rb" ] || die "$rb not built (make bench-chd builds it)"
command -v chdman >/dev/null || die "chdman missing (apt-get install mame-tools)"
command -v xorrisofs >/dev/null || die "xorrisofs missing"

work=${VBURN_BENCH_DIR:-$(mktemp -d /var/tmp/vburn-chd-bench.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cleanup() {
	if [ "${VBURN_BENCH_KEEP:-0}" = 1 ]; then
		echo "work directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
cd "$work"

# ---- inputs ----
echo "making a ${mb} MB data ISO and ${min} minutes of audio..." >&2
mkdir -p tree
budget=$((mb * 1024 * 1024))
find /usr -xdev -type f \
	-size -50M -printf '%s %p\n' 2>/dev/null | sort -k2 |
	while read -r size path; do
		budget=$((budget - size))
		[ $budget -gt 0 ] || break
		echo "$path"
	done >list || true # the loop stops early: sort gets SIGPIPE
xorrisofs -quiet -o data.iso -r -path-list list 2>/dev/null
printf 'FILE "data.iso" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n' >data.cue
cat >gen.c <<'EOF'
/* Stereo 16-bit PCM that sounds like something: gliding tones, chords
 * changing every 2 s, a little noise; never periodic. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	long n = atol(argv[1]) * 60 * 44100L, i;
	uint32_t x = 1;
	double ph[4] = { 0 };
	static int16_t buf[2 * 4096];
	for (i = 0; i < n; i += 4096) {
		for (int k = 0; k < 4096; k++) {
			double t = (double)(i + k) / 44100, s = 0;
			int chord = (int)(t / 2);
			for (int v = 0; v < 4; v++) {
				double f = 110 * pow(2, ((chord * 7 + v * 4) % 24) / 12.0) *
					   (1 + 0.01 * sin(t * 0.7 + v));
				ph[v] += 2 * M_PI * f / 44100;
				s += sin(ph[v]) / (v + 1.5);
			}
			x = x * 1103515245u + 12345u;
			s = s * 6000 * (0.6 + 0.4 * sin(t * 0.3)) +
			    (double)((int)(x >> 16) % 400 - 200);
			buf[2 * k] = (int16_t)s;
			buf[2 * k + 1] = (int16_t)(s * 0.8 + 100 * sin(t * 5));
		}
		fwrite(buf, 4, (size_t)(n - i < 4096 ? n - i : 4096), stdout);
	}
	return 0;
}
EOF
cc -O2 -o gen gen.c -lm
./gen "$min" >audio.bin
printf 'FILE "audio.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n' >audio.cue
sync

# wall NAME CMD...: runs CMD, prints the seconds it took
wall() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || die "failed: $*"
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc
}

report=()
for kind in data audio; do
	src=$kind.cue
	echo "compressing $kind..." >&2
	t_ours=$(wall "$vimg" convert "$src" "$kind-ours.chd")
	t_chdman=$(wall chdman createcd -i "$src" -o "$kind-chdman.chd")
	s_ours=$(stat -c %s "$kind-ours.chd")
	s_chdman=$(stat -c %s "$kind-chdman.chd")
	echo "extracting $kind..." >&2
	t_xo=$(wall "$vimg" convert "$kind-chdman.chd" "$kind-x-ours.cue")
	t_xc=$(wall chdman extractcd -i "$kind-chdman.chd" -o "$kind-x-c.cue" \
		-ob "$kind-x-c.bin")
	# both extractions must give the source's data back
	"$vimg" convert "$src" "$kind-ref.cue" >/dev/null
	cmp -s "$kind-x-ours.bin" "$kind-ref.bin" || die "$kind: our extraction differs"
	[ "$kind" = audio ] && ! cmp -s "$kind-x-c.bin" audio.bin &&
		die "audio: chdman's extraction differs"
	chdman verify -i "$kind-ours.chd" >/dev/null || die "chdman verify of ours"
	echo "reading $kind..." >&2
	reads=$("$rb" "$work" "$kind-ours.chd" "$kind-ref.cue")
	report+=("$(printf '{"image": "%s", "source_bytes": %s, "compress": {"ours_s": %s, "chdman_s": %s, "speedup": %.2f}, "size": {"ours": %s, "chdman": %s, "ours_over_chdman": %.4f}, "extract": {"ours_s": %s, "chdman_s": %s, "ours_over_chdman": %.2f}, "read": %s}' \
		"$kind" "$(stat -c %s "$(sed -n 's/^FILE "\(.*\)".*/\1/p' "$src")")" \
		"$t_ours" "$t_chdman" "$(echo "$t_chdman / $t_ours" | bc -l)" \
		"$s_ours" "$s_chdman" "$(echo "$s_ours / $s_chdman" | bc -l)" \
		"$t_xo" "$t_xc" "$(echo "$t_xo / $t_xc" | bc -l)" "$reads")")
done
echo "cores: $(nproc), chdman $(chdman 2>&1 | sed -n 's/.*manager \([0-9.]*\).*/\1/p;q')"
(IFS=,; echo "[${report[*]}]") | python3 -m json.tool
