#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/convert.sh [BUILD_DIR]: issue 3's conversion benchmark. Makes a
# source ISO of random files (>= 500 MB), turns it into NRG (2048-byte
# DAO), CCD/IMG/SUB, MDS/MDF and CUE/BIN (MODE1/2352) with vburn-img, then
# times every converter turning each of those back into an ISO (vburn-img
# convert, nrg2iso, ccd2iso, mdf2iso, bchunk, iat) and cp of the same input
# bytes, all in one run, best of N rounds (each round runs every case once,
# so a change in the machine's load hits all tools alike), under the same
# cache handling:
#   - warm: every input file is read once (cat > /dev/null) right before
#     each timed run, and `sync` runs before the clock starts so earlier
#     runs' dirty pages are not written during this one;
#   - flushed: the time includes `sync OUTPUT` (fsync of the output file)
#     for every tool, because vburn-img fsyncs before its rename (temp
#     file + rename, all or nothing) and the others would otherwise be
#     timed into the page cache only.
# Every output is compared with the source ISO (nrg2iso also copies the
# NRG chunks after the data: only its first ISO-length bytes are compared).
# Peak RSS comes from GNU time (%M). vburn-img is also run on a 100 MB
# image to show that its RSS does not grow with the image.
#
# Environment: VBURN_BENCH_DIR work directory (default: a new directory
# under /tmp), VBURN_BENCH_MB source content in MiB (500),
# VBURN_BENCH_SMALL_MB (100), VBURN_BENCH_REPS (3), VBURN_BENCH_KEEP=1 keeps
# the work directory, VBURN_BENCH_ALT=PATH adds rows "vburn-alt" for a
# second vburn-img binary (a candidate change, timed in the same rounds). Needs about 6x the image size free on that disk.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
vimg=$build/vburn-img
mb=${VBURN_BENCH_MB:-500}
small_mb=${VBURN_BENCH_SMALL_MB:-100}
reps=${VBURN_BENCH_REPS:-3}
alt=${VBURN_BENCH_ALT:+$(realpath "$VBURN_BENCH_ALT")}

# shellcheck source=bench/convert-lib.sh
. "$here/convert-lib.sh"

[ -x "$vimg" ] || die "$vimg not built (make B=... all)"
[ -x /usr/bin/time ] || die "GNU time missing (apt-get install time)"
command -v xorriso >/dev/null || die "xorriso missing"

if [ -n "${VBURN_BENCH_DIR:-}" ]; then
	work=$VBURN_BENCH_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/vburn-convert-bench.XXXXXX)
fi
work=$(cd "$work" && pwd)
cleanup()
{
	if [ "${VBURN_BENCH_KEEP:-0}" = 1 ]; then
		echo "work directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
cd "$work"

echo "# vburn-img convert benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d MB", $2/1024}' /proc/meminfo) RAM; load at start:$(uptime | sed 's/.*load average://')"
echo "# work dir: $work on $(df --output=source,fstype "$work" | tail -n 1 | tr -s ' ')"
echo "# tools:$(tool_versions)"

make_inputs big "$mb"
make_inputs small "$small_mb"
iso_bytes=$(stat -c %s big/src.iso)
echo "# source: $mb MiB of random files -> $((iso_bytes / 1000000)) MB ISO ($((iso_bytes / 2048)) sectors)"
echo "# cache: warm (inputs read once before each run); times include fsync of the output; best of $reps"
echo

# NRG (2048-byte DAO with the 150-sector pregap stored, which nrg2iso skips)
add cp        "nrg"      big/x.nrg    o.iso copy cp big/x.nrg o.iso
add vburn-img "nrg"      big/x.nrg    o.iso iso "$vimg" convert big/x.nrg o.iso
[ -n "$alt" ] && add vburn-alt "nrg" big/x.nrg o.iso iso "$alt" convert big/x.nrg o.iso
add nrg2iso   "nrg"      big/x.nrg    o.iso prefix nrg2iso big/x.nrg o.iso
add iat       "nrg"      big/x.nrg    o.iso iso iat big/x.nrg o.iso
# CCD/IMG/SUB (2352-byte raw sectors; the .sub is not needed for an ISO)
add cp        "ccd/img"  big/x.img    o.iso copy cp big/x.img o.iso
add vburn-img "ccd/img"  "big/x.ccd big/x.img" o.iso iso "$vimg" convert big/x.ccd o.iso
[ -n "$alt" ] && add vburn-alt "ccd/img" "big/x.ccd big/x.img" o.iso iso "$alt" convert big/x.ccd o.iso
add ccd2iso   "ccd/img"  big/x.img    o.iso iso ccd2iso big/x.img o.iso
add iat       "ccd/img"  big/x.img    o.iso iso iat big/x.img o.iso
# MDS/MDF (2352-byte raw sectors)
add cp        "mds/mdf"  big/x.mdf    o.iso copy cp big/x.mdf o.iso
add vburn-img "mds/mdf"  "big/x.mds big/x.mdf" o.iso iso "$vimg" convert big/x.mds o.iso
[ -n "$alt" ] && add vburn-alt "mds/mdf" "big/x.mds big/x.mdf" o.iso iso "$alt" convert big/x.mds o.iso
add mdf2iso   "mds/mdf"  big/x.mdf    o.iso iso mdf2iso big/x.mdf o.iso
add iat       "mds/mdf"  big/x.mdf    o.iso iso iat big/x.mdf o.iso
# CUE/BIN (MODE1/2352)
add cp        "cue/bin"  big/x.bin    o.iso copy cp big/x.bin o.iso
add vburn-img "cue/bin"  "big/x.cue big/x.bin" o.iso iso "$vimg" convert big/x.cue o.iso
[ -n "$alt" ] && add vburn-alt "cue/bin" "big/x.cue big/x.bin" o.iso iso "$alt" convert big/x.cue o.iso
add bchunk    "cue/bin"  "big/x.cue big/x.bin" b01.iso iso bchunk big/x.bin big/x.cue b
add iat       "cue/bin"  big/x.bin    o.iso iso iat big/x.bin o.iso
# the bytes every converter writes
add cp        "iso"      big/src.iso  o.iso copy cp big/src.iso o.iso
run_all
print_rows
echo
echo "# vburn-img peak RSS against image size (one run each)"
rss_scaling
echo
echo "# load at end:$(uptime | sed 's/.*load average://')"
