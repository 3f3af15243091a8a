# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the cross-validation scripts in tests/formats (sourced, never
# run on its own): the BUILD_DIR argument, where the third-party test
# data is, PASS/FAIL/SKIP lines with their counts, the have/data guards
# that SKIP a test with its reason, and a scratch directory removed on
# exit. Each script ends with fmt_summary.

passed=0
failed=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP $1: $2"; }

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

# fmt_summary: the closing line; exit status 1 if anything failed.
fmt_summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
