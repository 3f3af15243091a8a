#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 15-ioctls: the CUSE node's ioctl, SG_IO, read() and write() behaviour
# checked field by field by tests/vm/ioctl-check.c and ioctl-sg.c
# (docs/clients.md 1.3-1.8), built by make e2e on the host 64-bit and 32-bit
# (-m32: the compat paths, 64-byte sg_io_hdr and 44-byte
# cdrom_generic_command). Both builds run:
#  - "sg" on a blank CD-R: SG_IO header fields on GOOD and CHECK CONDITION,
#    the 64 KiB limit, interface_id, EFAULT, TO_FROM_DEV, CDROM_SEND_PACKET,
#    the SG_* / SCSI_IOCTL_* ioctls, HDIO_GET_IDENTITY, unknown ioctls,
#    read()/write();
#  - "toc" after one and after two xorriso sessions: CDROMREADTOCHDR/ENTRY
#    against READ TOC, CDROMMULTISESSION against xorriso -toc's start of
#    the last session, CDROM_DISC_STATUS;
#  - "eject": CDROMEJECT, then the empty drive through TUR, the CDROM
#    ioctls and CDROM_SEND_PACKET.
# All of it twice: with SG_IO served directly from the caller's memory
# (the default) and with VBURN_CUSE_DIRECT=0, in ioctl retry rounds only.
# A 32-bit build that cannot be made (no gcc-multilib) is a visible SKIP
# note for that half, never silent.
# vburn-e2e-timeout: 600
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso
require_build vburnd vburnctl

# built on the host by make e2e (Makefile: ioctl-check64/32); a compiler
# under TCG would take seconds a file
require_build ioctl-check64
bins=("$VBURN_BUILD/ioctl-check64")
if [ -x "$VBURN_BUILD/ioctl-check32" ]; then
	bins+=("$VBURN_BUILD/ioctl-check32")
else
	sed 's/^/  cc -m32| /' "$VBURN_BUILD/ioctl-check32.log" 2>/dev/null |
		tail -n 5
	echo "SKIP-NOTE: 32-bit half not run: gcc -m32 cannot build" \
		"(install gcc-multilib); only the 64-bit ABI is checked"
fi

failed=()
# run_checker BIN ARGS...: runs one phase of one build, records failures.
run_checker()
{
	local bin=$1
	shift
	echo "+ ${bin##*/} $VBURN_DEV $*"
	"$bin" "$VBURN_DEV" "$@" || failed+=("${bin##*/} $1 ($path)")
}

# last_session_start: start LBA of the last session in xorriso -toc.
last_session_start()
{
	xorriso -indev "$VBURN_DEV" -toc 2>&1 |
		sed -n 's/^ISO session *: *[0-9]* , *\([0-9]*\) ,.*/\1/p' |
		tail -n 1
}

# Both ways the daemon serves SG_IO (cuse/cuse_sgio.c): reading the
# caller's memory directly, and the ioctl retry rounds alone.
for path in direct rounds; do
	note "SG_IO served $path"
	if [ $path = rounds ]; then
		export VBURN_CUSE_DIRECT=0
	else
		unset VBURN_CUSE_DIRECT
	fi
	rm -rf "$VBURN_TMP/src"
	start_vburnd -v --media cd-r
	case $path in
	direct) grep -q "SG_IO direct" "$VBURN_WORK/vburnd.log" ;;
	*) grep -q "SG_IO in ioctl retry rounds only" "$VBURN_WORK/vburnd.log" ;;
	esac || fail "vburnd does not say it serves SG_IO $path"
	for b in "${bins[@]}"; do
		run_checker "$b" sg
	done

	src=$VBURN_TMP/src
	for s in 1 2; do
		mkdir -p "$src/s$s"
		head -c $((150000 * s)) /dev/urandom >"$src/s$s/data.bin"
		must "xorriso session $s" xorriso -dev "$VBURN_DEV" \
			-map "$src/s$s" "/s$s" -commit
		ms=$(last_session_start)
		[ -n "$ms" ] || fail "xorriso -toc shows no session after session $s"
		[ "$s" -eq 1 ] && [ "$ms" -ne 0 ] &&
			fail "session 1 starts at $ms, not 0"
		note "session $s starts at LBA $ms (xorriso -toc)"
		for b in "${bins[@]}"; do
			run_checker "$b" toc "$s" "$ms"
		done
	done

	for b in "${bins[@]}"; do
		run_checker "$b" eject
		# A new blank medium for the next build's eject phase.
		must "vburnctl blank" vburnctl blank 0 cd-r
	done
	stop_vburnd || fail "vburnd did not stop cleanly"
	# The direct path logs once if it cannot read a caller at all.
	if [ $path = direct ] &&
		grep -q "using the ioctl retry rounds" "$VBURN_WORK/vburnd.log"; then
		fail "the direct SG_IO path was not used (see vburnd.log)"
	fi
	cp "$VBURN_WORK/vburnd.log" "$VBURN_WORK/vburnd-$path.log"
done

[ ${#failed[@]} -eq 0 ] || fail "checks failed in: ${failed[*]}"
if [ ${#bins[@]} -eq 2 ]; then
	pass "ioctl-check: all phases passed, 64-bit and 32-bit callers"
else
	pass "ioctl-check: all phases passed, 64-bit only" \
		"(32-bit half SKIPPED: no gcc -m32)"
fi
