# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh: helpers for end-to-end scenarios (tests/vm/scenarios/*.sh), which
# source it and then run inside the test VM (or natively on a kernel with
# CUSE). It owns the daemon's life in a scenario (start_vburnd waits for
# the device node the daemon announces; a trap stops it on any exit), the
# pass/fail/skip protocol guest-run.sh reads, and the byte-level checks
# scenarios make on captured images.
#
# Environment set by guest-run.sh / run-e2e.sh:
#   VBURN_BUILD    build dir with vburnd, vburnctl, vburn-img (absolute)
#   VBURN_SRC      repository root
#   VBURN_WORK     this scenario's dir on the work share (kept on the host)
#   VBURN_TMP      scratch dir on the guest's tmpfs (fast, not kept)
#   VBURN_TESTDATA third-party images (may be empty: then skip what needs it)
#   VBURN_IN_VM    1 inside the VM, 0 natively
#
# Exit protocol: 0 pass, 77 skip (skip prints "SKIP: why"), anything else
# fails (fail prints "FAIL: why"; guest-run shows the last such line).

set -u -o pipefail

: "${VBURN_BUILD:=${VBURN_SRC:-.}/build}"
: "${VBURN_WORK:=$(pwd)}"
: "${VBURN_TMP:=${TMPDIR:-/tmp}}"
: "${VBURN_TESTDATA:=}"

VBURN_PID=
VBURN_DEV=
# seconds since the scenario began, on the lines that start steps, so a
# slow step can be found in the log (make check must stay under 30 min)
_vb_t0=${EPOCHREALTIME/[.,]/}
VBURN_SOCKET=
_vb_cleanups=()

_vb_at()
{
	local us=$((${EPOCHREALTIME/[.,]/} - _vb_t0))
	printf '[%d.%ds] ' $((us / 1000000)) $((us / 100000 % 10))
}

note()
{
	echo "$(_vb_at)note: $*"
}

# A check inside the scenario went well; the scenario goes on.
pass()
{
	echo "$(_vb_at)PASS: $*"
}

fail()
{
	echo "FAIL: $*"
	exit 1
}

skip()
{
	echo "SKIP: $*"
	exit 77
}

# must DESC CMD...: runs CMD, showing its output; fails the scenario with
# DESC if it does not succeed.
must()
{
	local desc=$1
	shift
	echo "$(_vb_at)+ $*"
	"$@" || fail "$desc (exit $?: $*)"
}

require_root()
{
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

require_cmd()
{
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c not installed"
	done
}

# require_build PROG...: skip while the project's binaries do not exist
# yet (they are built by "make", which "make e2e" runs first).
require_build()
{
	local p
	for p in "$@"; do
		[ -x "$VBURN_BUILD/$p" ] || skip "$VBURN_BUILD/$p not built"
	done
}

# require_tcmu: skip unless the kernel target (configfs, target_core_user)
# is there; records configfs as it is now for cfs_clean.
require_tcmu()
{
	[ -d /sys/kernel/config/target/core ] ||
		skip "no /sys/kernel/config/target (configfs, target_core_mod)"
	[ -d /sys/module/target_core_user ] || skip "target_core_user not loaded"
	VBURN_CFS=/sys/kernel/config/target
	VBURN_CFS_BEFORE=$(find "$VBURN_CFS" -maxdepth 4 | sort)
}

# The kernel front end of the scenarios that need a real /dev/srN: tcmu
# (default), or kmod when a 4x-kmod-* wrapper sets VBURN_KFRONT=kmod to
# run a TCMU scenario through our module instead (issue 12: the module
# must prove what TCMU proves, with the same scenarios).
VBURN_KFRONT=${VBURN_KFRONT:-tcmu}

# require_kfront: what that front end needs: configfs and
# target_core_user (require_tcmu), or vburn_hba.ko for this kernel,
# loaded here and unloaded at exit.
require_kfront()
{
	local ko=$VBURN_BUILD/kbuild-vm/kmod/vburn_hba.ko
	if [ "$VBURN_KFRONT" = tcmu ]; then
		require_tcmu
		return
	fi
	if [ ! -d /sys/module/vburn_hba ]; then
		[ -f "$ko" ] || skip "vburn_hba.ko not built for $(uname -r)"
		must "insmod vburn_hba" insmod "$ko"
		wait_for 5 test -c /dev/vburn-hba || fail "no /dev/vburn-hba"
		on_exit "pkill -KILL -x vburnd 2>/dev/null; sleep 0.5; rmmod vburn_hba 2>/dev/null"
	fi
	VBURN_SCSI_BEFORE=$(ls /sys/bus/scsi/devices | sort)
}

# kfront_clean WHAT: nothing of the front end's drives is left: configfs
# as at require_tcmu, or (kmod) the SCSI devices as at require_kfront.
kfront_clean()
{
	if [ "$VBURN_KFRONT" = tcmu ]; then
		cfs_clean "$1"
		return
	fi
	wait_for 5 test "$(ls /sys/bus/scsi/devices | sort)" = \
		"$VBURN_SCSI_BEFORE" || {
		diff <(echo "$VBURN_SCSI_BEFORE") <(ls /sys/bus/scsi/devices | sort)
		fail "$1: SCSI devices left behind"
	}
}

# cfs_clean WHAT: configfs must look as it did at require_tcmu.
cfs_clean()
{
	local now
	now=$(find "$VBURN_CFS" -maxdepth 4 | sort)
	if [ "$VBURN_CFS_BEFORE" != "$now" ]; then
		diff <(echo "$VBURN_CFS_BEFORE") <(echo "$now")
		fail "$1: configfs objects left behind"
	fi
}

require_testdata()
{
	local f
	if [ -z "$VBURN_TESTDATA" ] || [ ! -d "$VBURN_TESTDATA" ]; then
		skip "third-party test data not present (VBURN_TESTDATA)"
	fi
	for f in "$@"; do
		[ -e "$VBURN_TESTDATA/$f" ] ||
			skip "test data file $f not present in $VBURN_TESTDATA"
	done
}

# on_exit CMD...: run CMD when the scenario exits (last added runs first).
on_exit()
{
	_vb_cleanups=("$*" "${_vb_cleanups[@]}")
}

_vb_exit()
{
	local rc=$? c
	trap - EXIT
	for c in "${_vb_cleanups[@]}"; do
		eval "$c" || true
	done
	[ -z "$VBURN_PID" ] || stop_vburnd || true
	exit "$rc"
}
trap _vb_exit EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# nap SECONDS: sleeps without starting a process. Under TCG every
# program started costs 35-150 ms of the guest's one vCPU
# (docs/testing.md), which a poll takes from the very daemon or client
# it waits for; read -t on a pipe nobody writes to is a bash builtin.
exec {_vb_nap_fd}<> <(:)
nap()
{
	read -rt "$1" -u "$_vb_nap_fd" _ || true
}

# wait_for SECONDS CMD...: polls CMD until it succeeds, SECONDS x 10
# times: every 0.1 s for the first second, then every 0.3 s, not to
# take the CPU from what it waits for (so it waits at least SECONDS).
wait_for()
{
	local tmo=$1 n
	shift
	for ((n = 0; n < tmo * 10; n++)); do
		"$@" && return 0
		if ((n < 10)); then nap 0.1; else nap 0.3; fi
	done
	return 1
}

# none_left PID...: none of them runs any more (for wait_for:
# a bare wait would also wait for a daemon running in the background)
none_left()
{
	local p
	for p in "$@"; do
		kill -0 "$p" 2>/dev/null && return 1
	done
	return 0
}

# start_vburnd [ARGS...]: starts $VBURN_BUILD/vburnd in the foreground
# mode, in the background. --image-dir defaults to $VBURN_WORK/images,
# --media to cd-r and --socket to $VBURN_TMP/vburnd.sock. The daemon
# prints "drive N: NODE [NODE...]" per drive on start
# (docs/architecture.md); this waits up to 90 s for drive 0's line and its
# node, then exports VBURN_DEV (drive 0's first node), VBURN_DEV_<N> for
# every drive, VBURN_SOCKET and VBURN_PID. Its output goes to
# $VBURN_WORK/vburnd.log.
start_vburnd()
{
	local args=("$@") a have_dir=0 have_media=0 have_sock=0 n line
	local log=$VBURN_WORK/vburnd.log

	[ -z "$VBURN_PID" ] || fail "start_vburnd: a daemon already runs"
	[ -x "$VBURN_BUILD/vburnd" ] || skip "$VBURN_BUILD/vburnd not built"
	for a in "${args[@]}"; do
		case "$a" in
		--image-dir | --image-dir=*) have_dir=1 ;;
		--media | --media=*) have_media=1 ;;
		--socket | --socket=*) have_sock=1 ;;
		esac
	done
	if [ $have_dir = 0 ]; then
		mkdir -p "$VBURN_WORK/images"
		args+=(--image-dir "$VBURN_WORK/images")
	fi
	[ $have_media = 1 ] || args+=(--media cd-r)
	if [ $have_sock = 0 ]; then
		VBURN_SOCKET=$VBURN_TMP/vburnd.sock
		args+=(--socket "$VBURN_SOCKET")
	else
		for ((n = 0; n < ${#args[@]}; n++)); do
			case "${args[n]}" in
			--socket) VBURN_SOCKET=${args[n + 1]:-} ;;
			--socket=*) VBURN_SOCKET=${args[n]#--socket=} ;;
			esac
		done
	fi
	export VBURN_SOCKET

	echo "+ vburnd -f ${args[*]}"
	"$VBURN_BUILD/vburnd" -f "${args[@]}" >"$log" 2>&1 &
	VBURN_PID=$!
	export VBURN_PID

	VBURN_DEV=
	# by the clock: a start that first tears down a killed daemon's
	# iSCSI target with a session logged in takes tens of seconds
	for ((n = SECONDS + 90; SECONDS < n; )); do
		line=""
		while IFS= read -r a; do
			if [[ $a =~ ^drive\ 0:\ *(/[^ ]*) ]]; then
				line=${BASH_REMATCH[1]}
				break
			fi
		done <"$log"
		if [ -n "$line" ] && [ -e "$line" ]; then
			VBURN_DEV=$line
			break
		fi
		if ! kill -0 "$VBURN_PID" 2>/dev/null; then
			wait "$VBURN_PID"
			a=$?
			VBURN_PID=
			sed 's/^/  vburnd| /' "$log" | tail -n 20
			fail "vburnd exited with status $a before its device appeared"
		fi
		nap 0.1
	done
	if [ -z "$VBURN_DEV" ]; then
		sed 's/^/  vburnd| /' "$log" | tail -n 20
		fail "vburnd announced no drive 0 node within 90 s"
	fi
	export VBURN_DEV
	while read -r n line; do
		export "VBURN_DEV_$n=$line"
	done < <(sed -n 's/^drive \([0-9]*\): *\(\/[^ ]*\).*$/\1 \2/p' "$log")
	note "vburnd (pid $VBURN_PID) serves drive 0 at $VBURN_DEV"
}

# stop_vburnd: SIGTERM, then up to 30 s for a clean exit (SIGKILL after).
# Returns the daemon's exit status; 0 is what a clean shutdown gives.
stop_vburnd()
{
	local pid=$VBURN_PID rc n
	[ -n "$pid" ] || return 0
	VBURN_PID=
	kill -TERM "$pid" 2>/dev/null
	for ((n = SECONDS + 30; SECONDS < n; )); do
		kill -0 "$pid" 2>/dev/null || break
		nap 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "vburnd did not stop on SIGTERM within 30 s; killing it"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	[ "$rc" -eq 0 ] || echo "vburnd exited with status $rc"
	return "$rc"
}

# loaded_reads_as FILE WHAT: READ(10) of blocks 0-15 of the disc just
# loaded in drive 0 ($VBURN_DEV) gives FILE's first 32 KiB. The first
# command after a load reports the media change, so it goes twice.
loaded_reads_as()
{
	local cdb=(28 00 00 00 00 00 00 00 10 00)
	sg_raw -r 32768 -o "$VBURN_TMP/back" "$VBURN_DEV" "${cdb[@]}" \
		>/dev/null 2>&1
	sg_raw -r 32768 -o "$VBURN_TMP/back" "$VBURN_DEV" "${cdb[@]}" \
		>/dev/null 2>&1 || fail "$2: READ(10) of the loaded disc failed"
	cmp -n 32768 "$VBURN_TMP/back" "$1" ||
		fail "$2: the loaded disc reads other bytes"
}

# iscsi_initiator NAME: open-iscsi as initiator NAME in the test VM: its
# state in /etc/iscsi (the guest's overlay) and /run, iscsid running
# until the scenario ends (all sessions logged out first). Skips unless
# in the VM with the modules LIO and open-iscsi need (iscsi_target_mod,
# iscsi_tcp, and crc32c_generic, without which every login fails).
iscsi_initiator()
{
	local m
	require_cmd iscsiadm iscsid
	[ "$(hostname)" = vburn-vm ] ||
		skip "sets up open-iscsi in /etc/iscsi: runs in the test VM only"
	for m in iscsi_target_mod iscsi_tcp crc32c_generic; do
		[ -d /sys/module/$m ] || modprobe $m 2>/dev/null ||
			skip "kernel module $m not available"
	done
	mkdir -p /etc/iscsi /run/lock/iscsi
	echo "InitiatorName=$1" >/etc/iscsi/initiatorname.iscsi
	# in a session of its own: iscsid signals its whole process group
	# when it shuts down, which would reach the scenario too
	setsid iscsid -f >"$VBURN_WORK/iscsid.log" 2>&1 &
	VBURN_ISCSID=$!
	on_exit "iscsiadm -m node -U all >/dev/null 2>&1; kill $VBURN_ISCSID 2>/dev/null"
	wait_for 10 _vb_iscsid_up ||
		fail "iscsid did not come up: $(cat "$VBURN_WORK/iscsid.log")"
}

# iscsiadm reaches iscsid (exit 20: ISCSI_ERR_ISCSID_NOTCONN)
_vb_iscsid_up()
{
	iscsiadm -m session >/dev/null 2>&1
	[ $? -ne 20 ]
}

# iscsi_sr: the /dev/srN the first iSCSI session attached, or "".
iscsi_sr()
{
	iscsiadm -m session -P 3 2>/dev/null |
		sed -n 's/.*Attached scsi disk \(sr[0-9]*\).*/\1/p' | head -n 1
}

# img_tool ARGS...: vburn-img from the build under test.
img_tool()
{
	"$VBURN_BUILD/vburn-img" "$@"
}

# sessions_of < JSON: the number of sessions in a vburn-img info --json.
sessions_of()
{
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sessions"]))'
}

# vburnctl ARGS...: the control tool, talking to the daemon we started.
vburnctl()
{
	"$VBURN_BUILD/vburnctl" --socket "$VBURN_SOCKET" "$@"
}

# captured_image [DRIVE]: the image file the drive (default 0) captures
# into, read from vburnctl status --json with a real JSON parser.
captured_image()
{
	vburnctl --json status "${1:-0}" | python3 -c \
		'import json,sys; print(json.load(sys.stdin)["image"])'
}

file_size()
{
	stat -c %s "$1"
}

# sha256_prefix FILE BYTES: SHA-256 (hex) of the first BYTES bytes of FILE;
# fails if FILE is shorter, since a short capture is a bug to report.
sha256_prefix()
{
	local f=$1 n=$2 size
	size=$(file_size "$f") || return 1
	if [ "$size" -lt "$n" ]; then
		echo "sha256_prefix: $f has $size bytes, fewer than $n" >&2
		return 1
	fi
	head -c "$n" "$f" | sha256sum | cut -d' ' -f1
}

# check_zero_tail FILE FROM: succeeds if every byte from offset FROM to the
# end of FILE is zero (FROM equal to the size is an empty tail: success).
check_zero_tail()
{
	local f=$1 from=$2 size
	size=$(file_size "$f") || return 1
	if [ "$from" -gt "$size" ]; then
		echo "check_zero_tail: $f has $size bytes, offset $from is past it" >&2
		return 1
	fi
	[ "$from" -eq "$size" ] && return 0
	cmp -s -n "$((size - from))" -i "$from:0" "$f" /dev/zero
}

# cdinfo_tracks: the comparable lines of a cd-info report on stdin (the
# track list, MCN and CD-TEXT), for comparing cd-info on an image file
# with cd-info on the drive that loaded it (30-load, 33-load-tocs). The
# "Green?" column is left out: libcdio's Linux driver derives it from the
# CONTROL copy bit (CDROMREADTOCENTRY), its image drivers from the track
# format, so an audio track with DCP is "green" on every real drive too.
# "Channels" is left out as well: libcdio's NRG driver reports 0 (unknown)
# where a drive's CONTROL says 2. "XA" is read as "data": the Linux
# driver takes XA from CDROMREADTOCENTRY's cdte_format, which the
# kernel's cdrom layer leaves at the address format the caller asked for,
# so no drive reports XA that way.
# A disc without MCN: the image drivers say "not available", the Linux
# driver prints the empty string CDROM_GET_MCN gives (as for any drive).
cdinfo_tracks()
{
	grep -E '^ *[0-9]+: [0-9]{2}:|^Media Catalog|^CD-TEXT for|^	[A-Z_]+:' |
		sed 's/[[:space:]]*$//' |
		sed -E 's/^( *[0-9]+: [0-9:]+ +[0-9]+ )XA    /\1data  /' |
		sed -E 's/^( *[0-9]+: [0-9:]+ +[0-9]+ +[a-zA-Z]+ +)(true|false) +/\1- /' |
		sed -E 's/^( *[0-9]+: .* - (yes|no)) +[0-9]+ +/\1 - /' |
		sed -E 's/^(Media Catalog Number \(MCN\):) *(not available)?$/\1 none/'
}

# rip_same WHAT DEV TRACK WANT: cdparanoia and libcdio's cd-paranoia each
# rip TRACK of DEV, and the PCM (after the 44-byte WAV headers) equals
# WANT's. A ripper's track runs on over the next track's pregap, which
# vburn-img extract (and a source WAV) leaves to the next track: WANT's
# length is compared, and the rip must have it all. cd-paranoia gets -c
# (little-endian samples, as from every MMC drive): without it, it
# guesses the byte order from the audio itself (libcdio-paranoia's
# data_bigendianp), and on libcdio's cdda.toc it guesses "Big Endian,
# certainty 100%" and swaps every sample, as it does on the same bytes
# in a CUE/BIN file with no drive at all. It also takes only a node with
# a CD-ROM major ("is not a cooked ioctl CDROM."): ours is char 11:N.
# A scenario that rips the same disc from many images may set
# VBURN_RIPPERS=(cdparanoia) for the repeats: the drive's data is what
# differs between them, not what the second ripper asks of it.
VBURN_RIPPERS=(cdparanoia "cd-paranoia -c")
rip_same()
{
	local what=$1 dev=$2 t=$3 want=$4 ripper n
	n=$(($(file_size "$want") - 44))
	for ripper in "${VBURN_RIPPERS[@]}"; do
		rm -f "$VBURN_TMP/got.wav"
		$ripper -d "$dev" -q "$t" "$VBURN_TMP/got.wav" \
			>"$VBURN_TMP/rip.log" 2>&1 || {
			cat "$VBURN_TMP/rip.log"
			fail "$what: $ripper of track $t failed"
		}
		[ $(($(file_size "$VBURN_TMP/got.wav") - 44)) -ge "$n" ] ||
			fail "$what: $ripper's track $t is shorter than $n bytes"
		# the PCM after each one's 44-byte WAV header
		cmp -i 44 -n "$n" "$VBURN_TMP/got.wav" "$want" ||
			fail "$what: $ripper's track $t differs from the expected PCM"
	done
}

# verify_raw_mode1 RAW COUNT WHAT: RAW holds COUNT raw Mode 1 sectors
# from LBA 0, and vburn-img verify finds sync, headers, EDC and ECC
# right in every one (through a one-track CUE sheet beside it).
verify_raw_mode1()
{
	local raw=$1 count=$2 what=$3 verdict
	printf 'FILE "%s" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' \
		"${raw##*/}" >"${raw%/*}/raw.cue"
	verdict=$("$VBURN_BUILD/vburn-img" verify "${raw%/*}/raw.cue") ||
		fail "$what: the raw sectors do not verify: $verdict"
	echo "$verdict" | grep -q " $count stored raw/XA sectors checked: 0 bad " ||
		fail "$what: vburn-img verify of the raw sectors says: $verdict"
}

# images_same WHAT A B: images A and B hold the same disc as far as a
# burn can reproduce it: the same sessions, and in each the same tracks
# (number, mode, start, length, sector size) whose sectors (vburn-img
# extract: 2048 bytes of user data, or PCM) are equal byte for byte.
images_same()
{
	local what=$1 a=$2 b=$3 n
	"$VBURN_BUILD/vburn-img" info --json "$a" >"$VBURN_TMP/a.json" &&
		"$VBURN_BUILD/vburn-img" info --json "$b" >"$VBURN_TMP/b.json" ||
		fail "$what: vburn-img info cannot read both images"
	n=$(python3 - "$VBURN_TMP/a.json" "$VBURN_TMP/b.json" <<'PY'
import json, sys
def layout(p):
    d = json.load(open(p))
    return [(s["number"], [(t["number"], t["mode"], t["start"], t["length"],
                            t["sector_size"]) for t in s["tracks"]])
            for s in d["sessions"]]
a, b = layout(sys.argv[1]), layout(sys.argv[2])
if a != b:
    print(f"layouts differ: {a} vs {b}", file=sys.stderr)
    sys.exit(1)
print(" ".join(str(t[0]) for s in a for t in s[1]))
PY
	) || fail "$what: the images' sessions or tracks differ"
	for t in $n; do
		"$VBURN_BUILD/vburn-img" extract "$a" --track "$t" \
			"$VBURN_TMP/a.trk" >/dev/null &&
			"$VBURN_BUILD/vburn-img" extract "$b" --track "$t" \
				"$VBURN_TMP/b.trk" >/dev/null ||
			fail "$what: cannot extract track $t"
		cmp "$VBURN_TMP/a.trk" "$VBURN_TMP/b.trk" ||
			fail "$what: track $t differs"
	done
}
