#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every libFuzzer target built in DIR for SECONDS each over a fresh
# copy of its seed corpus (fuzz/corpus/<name>/ is never written), one at a
# time. Prints "PASS fuzz_<name> (N runs, cov C)" or "FAIL fuzz_<name>:"
# and the first lines of the report per target, then "N passed, N failed";
# exits 1 if any target failed. Crash inputs and full logs stay in
# DIR/artifacts/<name>/ for debugging (replay: DIR/fuzz_<name> FILE).
#
# FUZZ_SKIP="name ..." in the environment leaves those targets out (a
# known finding being fixed elsewhere), saying so.
#
# Usage: fuzz/run.sh DIR [SECONDS]   (make fuzz-check; make fuzz builds DIR)
set -u

dir=${1:?usage: fuzz/run.sh BUILD_FUZZ_DIR [SECONDS]}
secs=${2:-10}
src=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vburn-fuzz-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

found=0
for bin in "$dir"/fuzz_*; do
	if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
		continue
	fi
	found=1
	name=${bin##*/fuzz_}
	case " ${FUZZ_SKIP:-} " in
	*" $name "*)
		echo "SKIP fuzz_$name (FUZZ_SKIP)"
		continue
		;;
	esac
	art="$dir/artifacts/$name"
	mkdir -p "$art" "$tmp/$name/corpus" "$tmp/$name/data"
	rm -f "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*
	if [ -d "$src/corpus/$name" ]; then
		cp "$src/corpus/$name"/* "$tmp/$name/corpus/" 2>/dev/null
	fi
	# new inputs go to the temp copy; the seeds are read, never written;
	# the targets' data files live under TMPDIR, removed with it
	TMPDIR="$tmp/$name/data" "$bin" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$art/" "$tmp/$name/corpus" \
		</dev/null >"$art/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$art/log")
	cov=$(sed -n 's/^#[0-9].*cov: \([0-9]*\).*/\1/p' "$art/log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "PASS fuzz_$name (${runs:-?} runs, cov ${cov:-?})"
		pass=$((pass + 1))
	else
		echo "FAIL fuzz_$name: exit $rc, log and input in $art/"
		# the report's first line, the top of its first stack, summary
		awk '/^==[0-9]+==ERROR|^fuzz oracle|runtime error:/ && !e {
			e = 1; print; next }
		/^[a-z]+ round trip/ && !e { print }
		e && /^    #[0-9]/ && n < 6 &&
			!/libFuzzer|fuzzer::|libc\.so|nptl|stdlib\/|signal\/|csu\// &&
			!/print_stack_trace| in main | in _start / { print; n++ }
		e && /^$/ && n { n = 6 }
		/^SUMMARY/ { print }' "$art/log" | cut -c 1-160 |
			sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
if [ "$found" -eq 0 ]; then
	echo "no fuzz targets in $dir (make fuzz)" >&2
	exit 1
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
