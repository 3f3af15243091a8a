# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the cross-validation scripts in tests/formats (sourced, never
# run on its own): the BUILD_DIR argument, where the third-party test
# data is, PASS/FAIL/SKIP lines with their counts, the have/data guards
# that SKIP a test with its reason, a scratch directory removed on
# exit, and the cases the scripts share (a two-session ISO, malformed
# input). Each script ends with fmt_summary.

passed=0
failed=0
skipped=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }

# have TEST TOOL... : SKIP the test unless every tool is installed
have() {
	t=$1
	shift
	for x in "$@"; do
		if ! command -v "$x" >/dev/null 2>&1; then
			skip "$t" "$x not installed"
			return 1
		fi
	done
	return 0
}

# data TEST FILE... : SKIP the test unless the test images are there
data() {
	t=$1
	shift
	for x in "$@"; do
		if [ ! -r "$x" ]; then
			skip "$t" "$x absent (third-party test data)"
			return 1
		fi
	done
	return 0
}

# fmt_setup NAME BUILD_DIR: sets BDIR, IMG (vburn-img), HERE (this
# directory), TD/LD/UD (test data: $VBURN_TESTDATA, default
# ../shared/testdata beside the repository) and W, a scratch directory
# that becomes the current one and is removed on exit.
fmt_setup() {
	name=$1
	if [ -z "${2:-}" ]; then
		echo "usage: $0 BUILD_DIR" >&2
		exit 2
	fi
	BDIR=$(cd "$2" 2>/dev/null && pwd)
	IMG=$BDIR/vburn-img
	HERE=$(cd "$(dirname "$0")" && pwd)
	TD=${VBURN_TESTDATA:-$(cd "$HERE/../../.." && pwd)/shared/testdata}
	LD=$TD/libcdio/test/data
	UD=$TD/usbode-circle/integration-tests/testdata
	if [ ! -x "$IMG" ]; then
		echo "FAIL setup: $IMG not built"
		echo "0 passed, 1 failed"
		exit 1
	fi
	W=$(mktemp -d "/tmp/vburn-$name.XXXXXX") || exit 1
	trap 'rm -rf "$W"' EXIT INT TERM
	cd "$W" || exit 1
}

# ms_iso: writes ms.iso, a two-session flat ISO made by xorrisofs -C/-M
# (session 1 with one.txt, session 2 with two.txt at lead-out + 11400, as
# on a CD-R), and sets S2 to session 2's start LBA.
ms_iso() {
	mkdir -p s1 s2
	echo one >s1/one.txt
	echo two >s2/two.txt
	xorrisofs -quiet -o ms1.iso -r s1 2>/dev/null
	S2=$(($(stat -c %s ms1.iso) / 2048 + 11400))
	xorrisofs -quiet -o ms2.part -r -C 0,$S2 -M ms1.iso s2 2>/dev/null
	cp ms1.iso ms.iso
	dd if=ms2.part of=ms.iso bs=2048 seek=$S2 conv=notrunc 2>/dev/null
}

# ms_lists_both FILE: xorriso, loading the session at $S2 of FILE, lists
# the files of both sessions of ms.iso.
ms_lists_both() {
	ls=$(xorriso -load sbsector "$S2" -indev "$1" -ls / 2>/dev/null)
	echo "$ls" | grep -q one.txt && echo "$ls" | grep -q two.txt
}

# malformed TEST FILE...: vburn-img info on each file exits 1 with one
# line on stderr naming the file.
malformed() {
	t=$1
	shift
	ok=1
	for f in "$@"; do
		"$IMG" info "$f" >/dev/null 2>err
		rc=$?
		if [ $rc != 1 ] || [ "$(wc -l <err)" != 1 ] ||
		    ! grep -q "$f" err; then
			ok=0
			fail "$t" "$f: exit $rc, stderr: $(cat err)"
		fi
	done
	[ $ok = 1 ] && pass "$t"
}

# fmt_summary: the closing line; exit status 1 if anything failed.
fmt_summary() {
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
}
