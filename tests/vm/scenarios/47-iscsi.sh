#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 47-iscsi: drives over the network (issue 13): vburnd --frontend tcmu
# --iscsi 127.0.0.1:3260 exports drive 0 through the kernel's LIO target
# to three allowed initiators with CHAP (one spelled in capitals, as LIO
# lowercases names at login), and open-iscsi (iscsid/iscsiadm) and
# libiscsi (tests/vm/iscsi-client.py) use it over the loopback:
#  - discovery by an allowed initiator lists the target; an unlisted one
#    sees nothing, its login is refused and vburnd logs its name; a wrong
#    CHAP secret is refused and logged; the right one logs in and the
#    initiator gets a /dev/srN of its own;
#  - a loaded ISO mounts on the initiator's /dev/srN (the load reaches it
#    as a media change) and every file equals the source; open-iscsi
#    (dd) and libiscsi read it at the same time, both equal to the ISO;
#  - xorriso burns two sessions to a blank CD-R through the initiator's
#    /dev/srN: while it records, libiscsi's WRITE(10) and one through
#    the local tcm_loop /dev/srN get NOT READY 04/08 (one writer at a
#    time); the capture on the server holds both sessions' files;
#  - cdparanoia rips a loaded audio CUE/BIN through iSCSI bit-exactly;
#  - SIGTERM removes every configfs object; kill -9 with a session logged
#    in leaves them, and the next vburnd removes them and exports again,
#    and the initiator logs in again and reads: these two run as nobody
#    (--user), their root helper doing the configfs work, and the killed
#    one's helper ends with it; the first also exports again at run
#    time with the root-only CHAP file it read at start.
# vburn-e2e-timeout: 420
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso mount sg_raw python3 cdparanoia iscsi-inq
require_build vburnd vburnctl vburn-img
require_tcmu

portal=127.0.0.1:3260
I1=iqn.2026-12.test.vburn-vm:init1    # open-iscsi, default iface
I2=iqn.2026-12.test.vburn-vm:INIT2    # open-iscsi, iface "two"
I3=iqn.2026-12.test.vburn-vm:init3    # libiscsi
I4=iqn.2026-12.test.vburn-vm:stranger # not allowed
client=$(dirname "$0")/../iscsi-client.py

iscsi_initiator "$I1"
for ifc in two:$I2 stranger:$I4; do
	must "iface ${ifc%%:*}" iscsiadm -m iface -I "${ifc%%:*}" -o new
	must "iface ${ifc%%:*} name" iscsiadm -m iface -I "${ifc%%:*}" \
		-o update -n iface.initiatorname -v "${ifc#*:}"
done

auth=$VBURN_TMP/chap
# I2 with mutual CHAP: the target proves itself to it too
printf '# initiator user secret\n%s user1 secret-one-12\n%s user2 secret-two-12 target2 tsecret-two-1\n%s user3 secret-three-1\n' \
	"$I1" "$I2" "$I3" >"$auth"
chmod 644 "$auth"
mkdir -p "$VBURN_TMP/img"
if "$VBURN_BUILD/vburnd" -f --frontend tcmu --media none --image-dir \
	"$VBURN_TMP/img" --socket "$VBURN_TMP/x.sock" --iscsi "$portal" \
	--iscsi-allow "$I1" --iscsi-auth "$auth" >"$VBURN_TMP/open.log" 2>&1; then
	fail "vburnd took a credentials file others can read"
fi
grep -q "chmod 600" "$VBURN_TMP/open.log" ||
	fail "no reason for refusing the credentials file: $(cat "$VBURN_TMP/open.log")"
cfs_clean "a refused export"
chmod 600 "$auth"
pass "a credentials file others can read is refused: $(grep -o 'a credentials.*' "$VBURN_TMP/open.log")"
# a portal that cannot be bound: another program listens on it (LIO
# binds with IP_FREEBIND, so an address the machine lacks is taken)
# SO_REUSEADDR: an earlier portal's connections on 3261 may linger in
# TIME_WAIT, which must not keep this listener from binding
python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 3261)); s.listen(1); time.sleep(60)' &
busy=$!
# at exit only if still ours: once it has ended its pid may be another's
# (a scenario starts thousands of processes; one run's exit killed its
# own script through a reused pid)
on_exit '[ -z "$busy" ] || kill "$busy" 2>/dev/null'
# until the port is taken (python starts slowly on a loaded TCG guest)
wait_for 20 python3 -c 'import socket
socket.create_connection(("127.0.0.1", 3261), 1).close()' ||
	fail "the listener on 127.0.0.1:3261 did not start"
if timeout 30 "$VBURN_BUILD/vburnd" -f --frontend tcmu --media none \
	--image-dir "$VBURN_TMP/img" --socket "$VBURN_TMP/x.sock" \
	--iscsi 127.0.0.1:3261 --iscsi-allow "$I1" >"$VBURN_TMP/np.log" 2>&1; then
	fail "vburnd exported on a port another program listens on"
fi
kill $busy 2>/dev/null
wait $busy 2>/dev/null
busy=
grep -q "cannot listen on 127.0.0.1:3261" "$VBURN_TMP/np.log" ||
	fail "no reason for the unbound portal: $(cat "$VBURN_TMP/np.log")"
cfs_clean "a portal that cannot be bound"
pass "a portal that cannot be bound is refused: $(grep -o 'cannot listen.*' "$VBURN_TMP/np.log")"

start_vburnd --frontend tcmu --media none --image-dir "$VBURN_TMP/img" \
	--iscsi "$portal" --iscsi-allow "$I1,$I2,$I3" --iscsi-auth "$auth"
T=$(sed -n 's/.*exported as \(iqn[^ ]*\) on .*/\1/p' "$VBURN_WORK/vburnd.log")
[ -n "$T" ] || fail "vburnd logged no target name"
tpg=/sys/kernel/config/target/iscsi/$T/tpgt_1
for i in "$I1" "$I2" "$I3"; do
	[ -d "$tpg/acls/${i,,}" ] || fail "no ACL for ${i,,}"
	[ -L "$tpg/acls/${i,,}/lun_0/vburn" ] || fail "${i,,} has no LUN"
done
# and, for the name spelled in capitals, one to discover by (no LUN)
[ "$(ls "$tpg/acls" | wc -l)" = 4 ] || fail "ACLs: $(ls "$tpg/acls")"
[ -d "$tpg/acls/$I2" ] && [ -z "$(ls "$tpg/acls/$I2/lun_0" 2>/dev/null)" ] ||
	fail "no LUN-less discovery ACL for $I2"
[ "$(cat "$tpg/attrib/generate_node_acls")" = 0 ] ||
	fail "demo mode is on"
pass "target $T: 3 ACLs in lower case, each with its LUN, no demo mode"


# discovery: the allowed initiators see the target (the one in capitals
# too: quirk:lio-discovery-case), the stranger not
# (records only for the default iface: a discovery replaces the portal's
# records of other ifaces)
for ifc in default two; do
	mode=
	[ $ifc = default ] || mode="-o nonpersistent"
	# shellcheck disable=SC2086
	iscsiadm -m discovery -t st -p "$portal" -I $ifc $mode \
		>"$VBURN_TMP/disc" 2>&1 ||
		fail "discovery by $ifc failed: $(cat "$VBURN_TMP/disc")"
	grep -q " $T\$" "$VBURN_TMP/disc" ||
		fail "discovery by $ifc: $(cat "$VBURN_TMP/disc")"
done
iscsiadm -m discovery -t st -p "$portal" -I stranger -o nonpersistent \
	>"$VBURN_TMP/disc4" 2>&1
! grep -q "$T" "$VBURN_TMP/disc4" ||
	fail "an unlisted initiator discovers the target"
pass "discovery lists $T to $I1 and $I2 and nothing to $I4"

# node_set IFACE NAME VALUE...: settings of the node record for IFACE
node_set()
{
	local ifc=$1
	shift
	while [ $# -ge 2 ]; do
		must "node $1" iscsiadm -m node -T "$T" -p "$portal" -I "$ifc" \
			-o update -n "$1" -v "$2"
		shift 2
	done
}
chap() # IFACE USER SECRET
{
	node_set "$1" node.session.auth.authmethod CHAP \
		node.session.auth.username "$2" node.session.auth.password "$3" \
		node.session.initial_login_retry_max 1
}
must "node for the stranger" iscsiadm -m node -o new -T "$T" -p "$portal" \
	-I stranger
chap stranger user1 secret-one-12
if iscsiadm -m node -T "$T" -p "$portal" -I stranger --login \
	>"$VBURN_TMP/l4" 2>&1; then
	fail "an unlisted initiator logged in"
fi
wait_for 5 grep -q "initiator ${I4,,} is not allowed" "$VBURN_WORK/vburnd.log" ||
	fail "vburnd did not log the refused initiator"
pass "$I4 is refused and logged: $(grep -o 'iSCSI login refused.*' "$VBURN_WORK/vburnd.log" | head -n 1)"

# the initiator named in capitals logs in (LIO lowercases the name) with
# mutual CHAP; expecting another target secret, it refuses the target
must "node for $I2" iscsiadm -m node -o new -T "$T" -p "$portal" -I two
chap two user2 secret-two-12
node_set two node.session.auth.username_in target2 \
	node.session.auth.password_in wrong-tsecret-1
if iscsiadm -m node -T "$T" -p "$portal" -I two --login >"$VBURN_TMP/l2" 2>&1; then
	fail "$I2 accepted a target that did not know its secret"
fi
node_set two node.session.auth.password_in tsecret-two-1
must "login $I2" iscsiadm -m node -T "$T" -p "$portal" -I two --login
grep -qi "InitiatorName: ${I2,,}" "$tpg/acls/${I2,,}/info" ||
	fail "no session on ${I2,,}: $(head -n 1 "$tpg/acls/${I2,,}/info")"
[ "$(cat "$tpg/acls/${I2,,}/auth/authenticate_target")" = 1 ] ||
	fail "the ACL of ${I2,,} is not set for mutual CHAP"
must "logout $I2" iscsiadm -m node -T "$T" -p "$portal" -I two --logout
pass "$I2 logs in with mutual CHAP to the ACL ${I2,,} (a wrong target secret refused)"

# libiscsi-bin's own tool as an initiator: INQUIRY through the target
url="iscsi://user3%secret-three-1@$portal/$T/0"
inq=$(iscsi-inq -i "$I3" "$url" 2>&1) || fail "iscsi-inq failed: $inq"
echo "$inq" | grep -q "VBURN" || fail "iscsi-inq: $inq"
if iscsi-inq -i "$I4" "$url" >/dev/null 2>&1; then
	fail "iscsi-inq logged in as $I4"
fi
pass "iscsi-inq (libiscsi) as $I3 sees $(echo "$inq" | grep -m1 -i 'vendor') ; as $I4 it is refused"

chap default user1 wrong-secret-1
if iscsiadm -m node -T "$T" -p "$portal" -I default --login \
	>"$VBURN_TMP/l1" 2>&1; then
	fail "a wrong CHAP secret logged in"
fi
wait_for 5 grep -q "CHAP authentication of $I1 failed" "$VBURN_WORK/vburnd.log" ||
	fail "vburnd did not log the failed CHAP"
pass "a wrong CHAP secret is refused and logged"

chap default user1 secret-one-12
must "login $I1" iscsiadm -m node -T "$T" -p "$portal" -I default --login
# (for wait_for, which runs a command again and again)
has_rsr()
{
	[ -n "$(iscsi_sr)" ]
}
wait_for 20 has_rsr || fail "no /dev/srN attached by the session"
rsr=/dev/$(iscsi_sr)
[ -b "$rsr" ] || fail "$rsr is not a block device"
[ "$rsr" != "$VBURN_DEV" ] || fail "the session got the local drive's node"
grep -q "InitiatorName: $I1" "$tpg/acls/$I1/info" ||
	fail "the ACL shows no session: $(head -n 2 "$tpg/acls/$I1/info")"
pass "$I1 logs in with CHAP and gets $rsr (local: $VBURN_DEV)"

# iscsi_status: "TARGET PORTAL SESSION,..." from vburnctl --json status,
# or "none"
iscsi_status()
{
	vburnctl --json status 0 | python3 -c 'import json,sys
x = json.load(sys.stdin)["iscsi"]
print("none" if x is None else
      " ".join([x["target"], x["portal"], ",".join(x["sessions"])]))'
}
status_is()
{
	[ "$(iscsi_status)" = "$1" ]
}
status_is "$T $portal $I1" ||
	fail "status shows the export as: $(iscsi_status)"

# a media change made here reaches the remote initiator as a unit
# attention (TEST UNIT READY through its sg node, which the kernel's sr
# does not poll) and a GESN event (sr's check at open: the mount)
rsg=/dev/$(ls "/sys/block/${rsr#/dev/}/device/scsi_generic" 2>/dev/null)
[ -c "$rsg" ] || fail "no sg node for $rsr"

src=$VBURN_TMP/src
mkdir -p "$src/one" "$src/two"
head -c 700000 /dev/urandom >"$src/one/a.bin"
head -c 9000000 /dev/urandom >"$src/one/big.bin"
head -c 300000 /dev/urandom >"$src/two/b.bin"
must "mkisofs" xorriso -as mkisofs -quiet -R -o "$VBURN_TMP/one.iso" "$src/one"
sg_raw "$rsg" 00 00 00 00 00 00 >/dev/null 2>&1 # whatever was pending
must "load" vburnctl load 0 "$VBURN_TMP/one.iso"
ua=$(sg_raw "$rsg" 00 00 00 00 00 00 2>&1)
echo "$ua" | grep -qi "unit attention" && echo "$ua" | grep -qi "medium may have changed" ||
	fail "TEST UNIT READY through $rsg after the load: $ua"
mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
wait_for 15 mount -t iso9660 -o ro "$rsr" "$mnt" 2>/dev/null ||
	fail "the loaded ISO does not mount from $rsr"
cmp "$src/one/a.bin" "$mnt/a.bin" && cmp "$src/one/big.bin" "$mnt/big.bin" ||
	fail "the files read through iSCSI differ"
must "umount" umount "$mnt"
pass "the load reaches $I1 as UNIT ATTENTION 28/00 and as a GESN event (the ISO mounts from $rsr, every file equal)"

# two initiators read at once
blocks=$(($(file_size "$VBURN_TMP/one.iso") / 2048))
python3 "$client" "$I3" "$portal" "$T" user3 secret-three-1 read 0 "$blocks" \
	"$VBURN_TMP/lib.iso" 2>"$VBURN_TMP/lib.err" &
lib_pid=$!
dd if="$rsr" of="$VBURN_TMP/dd.iso" bs=64k 2>/dev/null ||
	fail "dd of $rsr failed"
wait_for 60 none_left $lib_pid || fail "libiscsi's read did not end"
wait $lib_pid || fail "libiscsi's read failed: $(cat "$VBURN_TMP/lib.err")"
cmp "$VBURN_TMP/dd.iso" "$VBURN_TMP/one.iso" ||
	fail "open-iscsi's dd differs from the ISO"
cmp "$VBURN_TMP/lib.iso" "$VBURN_TMP/one.iso" ||
	fail "libiscsi's read differs from the ISO"
pass "open-iscsi (dd of $rsr) and libiscsi read the ISO at once, both equal"

# one writer at a time: a WRITE(10) through the session opens a track on
# a blank CD-R; until the session is closed, libiscsi's WRITE and one
# through the local tcm_loop /dev/srN get NOT READY 04/08, reads go on
must "blank" vburnctl blank 0 cd-r
wait_for 10 sg_raw "$rsg" 00 00 00 00 00 00 >/dev/null 2>&1 ||
	fail "$rsr is not ready with the blank"
must "WRITE through $rsr" sg_raw -s 2048 -i /dev/zero "$rsg" \
	2a 00 00 00 00 00 00 00 01 00
w3=$(python3 "$client" "$I3" "$portal" "$T" user3 secret-three-1 write 1 2>&1)
[ "$w3" = "CHECK 2/04/08" ] || fail "libiscsi's WRITE while $I1 records: $w3"
wl=$(sg_raw -s 2048 -i /dev/zero "$VBURN_DEV" 2a 00 00 00 00 01 00 00 01 00 2>&1)
echo "$wl" | grep -qi "long write in progress" ||
	fail "the local WRITE while $I1 records: $wl"
python3 "$client" "$I3" "$portal" "$T" user3 secret-three-1 read 0 1 \
	"$VBURN_TMP/r0" || fail "libiscsi cannot read while $I1 records"
must "WRITE on" sg_raw -s 2048 -i /dev/zero "$rsg" 2a 00 00 00 00 01 00 00 01 00
must "SYNCHRONIZE CACHE" sg_raw "$rsg" 35 00 00 00 00 00 00 00 00 00
must "CLOSE TRACK" sg_raw "$rsg" 5b 00 01 00 00 01 00 00 00 00
must "CLOSE SESSION" sg_raw "$rsg" 5b 00 02 00 00 00 00 00 00 00
w3=$(python3 "$client" "$I3" "$portal" "$T" user3 secret-three-1 write 0 2>&1)
[ "$w3" != "CHECK 2/04/08" ] ||
	fail "libiscsi still may not write after the session closed"
pass "while $I1 records, libiscsi's and the local WRITE get 02/04/08 and reads go on; closing the session frees the drive ($w3 after)"

# two sessions burned through iSCSI, captured on the server
must "blank" vburnctl blank 0 cd-r
must "session 1" xorriso -dev "$rsr" -map "$src/one" / -commit
must "session 2" xorriso -dev "$rsr" -map "$src/two" /two -commit
img=$(captured_image)
# the manifest keeps the disc; the ISO capture is its last session's view
[ "$(img_tool info --json "${img%.*}.vbd" | sessions_of)" = 2 ] ||
	fail "the capture ${img%.*}.vbd does not hold 2 sessions"
rm -rf "$VBURN_TMP/back"
must "extract the capture" xorriso -osirrox on -indev "$img" -extract / "$VBURN_TMP/back"
cmp "$src/one/big.bin" "$VBURN_TMP/back/big.bin" &&
	cmp "$src/two/b.bin" "$VBURN_TMP/back/two/b.bin" ||
	fail "the capture's files differ from what was burned"
pass "xorriso burned 2 sessions through iSCSI; the capture ${img##*/} holds both, files equal"

# audio through iSCSI: cdparanoia rips what is loaded
head -c $((2352 * 300)) /dev/urandom >"$VBURN_TMP/t1.pcm"
head -c $((2352 * 200)) /dev/urandom >"$VBURN_TMP/t2.pcm"
cat "$VBURN_TMP/t1.pcm" "$VBURN_TMP/t2.pcm" >"$VBURN_TMP/audio.bin"
printf 'FILE "audio.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 00:04:00\n' \
	>"$VBURN_TMP/audio.cue"
for t in 1 2; do
	{ head -c 44 /dev/zero; cat "$VBURN_TMP/t$t.pcm"; } >"$VBURN_TMP/want$t.wav"
done
must "load audio" vburnctl load 0 "$VBURN_TMP/audio.cue"
wait_for 15 cdparanoia -d "$rsr" -Q >/dev/null 2>&1 ||
	fail "cdparanoia sees no disc in $rsr"
for t in 1 2; do
	rip_same "audio over iSCSI" "$rsr" "$t" "$VBURN_TMP/want$t.wav"
done
pass "cdparanoia and cd-paranoia rip both tracks through $rsr bit-exactly"

# vburnctl unexport and export: the target goes and comes back, and
# open-iscsi finds it again by itself
must "unexport" vburnctl unexport 0
[ ! -d "$tpg" ] || fail "the target is still there after unexport"
[ "$(iscsi_status)" = none ] || fail "status after unexport: $(iscsi_status)"
must "export" vburnctl export 0
[ -d "$tpg/acls/$I1" ] || fail "export brought no target back"
wait_for 60 status_is "$T $portal $I1" ||
	fail "the session did not come back after export: $(iscsi_status)"
pass "vburnctl unexport removes the target, export brings it back and $I1 logs in again"

# SIGTERM: every configfs object goes (the session is dropped first)
must "logout" iscsiadm -m node -T "$T" -p "$portal" -I default --logout
stop_vburnd || fail "vburnd did not stop cleanly"
cfs_clean "vburnd stopped with an iSCSI export"
pass "SIGTERM removes the target, its ACLs and every backstore"

# kill -9 with a session logged in; the next vburnd cleans up and exports.
# Both run as nobody (--user): their helper, root, does the configfs work
# and ends with its vburnd, killed or not. (Their image directory is
# outside $VBURN_TMP, which is root's alone.)
udir=$(mktemp -u /tmp/vburn-iscsi-user.XXXXXX)
on_exit "rm -rf '$udir'"
start_vburnd --frontend tcmu --media none --image-dir "$udir" \
	--iscsi "$portal" --iscsi-allow "$I1,$I2,$I3" --iscsi-auth "$auth" \
	--user nobody
read -r hpid huser < <(ps -o pid=,user= --ppid "$VBURN_PID")
[ "$(ps -o user= -p "$VBURN_PID" | tr -d ' ')" = nobody ] &&
	[ "$huser" = root ] ||
	fail "--user nobody: vburnd is not nobody's or has no root helper"
# CAP_SYS_ADMIN (21) for LIO's CHAP attributes, CAP_SYSLOG (34) for
# /dev/kmsg, nothing else
hcap=$(awk '/^CapEff:/ { print $2 }' "/proc/$hpid/status")
[ "$hcap" = 0000000400200000 ] || fail "the helper keeps capabilities $hcap"
# exported again at run time, with the root-only credentials file it
# read at start (it could not read it as nobody); the login below uses
# them
must "unexport as nobody" vburnctl unexport 0
[ ! -d "$tpg" ] || fail "the target is still there after unexport"
must "export as nobody" vburnctl export 0
[ -d "$tpg/acls/$I1" ] || fail "export as nobody brought no target back"
must "login again" iscsiadm -m node -T "$T" -p "$portal" -I default --login
wait_for 20 has_rsr || fail "no /dev/srN after the second login"
# what vburnd (nobody) opens must be nobody's to read, as well as root's
cp "$VBURN_TMP/one.iso" "$udir/one.iso" && chmod 644 "$udir/one.iso"
must "load before the kill" vburnctl load 0 "$udir/one.iso"
wait_for 30 dd if="$rsr" of=/dev/null bs=2048 count=1 iflag=direct 2>/dev/null ||
	fail "$rsr does not read before the kill"
kill -KILL "$VBURN_PID"
wait "$VBURN_PID" 2>/dev/null
VBURN_PID=
[ -d "$tpg" ] || fail "the target went away with the killed daemon?"
wait_for 10 test ! -d "/proc/$hpid" ||
	fail "the helper $hpid outlived its killed vburnd"
# a read through the initiator waits in the dead daemon's ring; the next
# vburnd fails it at once (reset_ring) as it removes the stale objects
timeout 300 dd if="$rsr" of=/dev/null bs=2048 skip=100 count=1 \
	iflag=direct 2>"$VBURN_TMP/dd.err" &
dd_pid=$!
sleep 3
kill -0 $dd_pid 2>/dev/null || fail "a read through $rsr ended with vburnd killed"
t0=$SECONDS
start_vburnd --frontend tcmu --media none --image-dir "$udir" \
	--iscsi "$portal" --iscsi-allow "$I1,$I2,$I3" --iscsi-auth "$auth" \
	--user nobody
grep -q "removing the iSCSI target $T of vburnd" "$VBURN_WORK/vburnd.log" ||
	fail "the new vburnd did not say it removed the stale target"
wait_for 60 none_left $dd_pid || fail "the read through $rsr still hangs"
if wait $dd_pid; then
	fail "the read through $rsr worked with vburnd killed"
fi
pass "the read left hanging by the killed vburnd failed $((SECONDS - t0)) s after the next start: $(tail -n 1 "$VBURN_TMP/dd.err")"
must "load after restart" vburnctl load 0 "$udir/one.iso"
# open-iscsi logs in again by itself (the target is back under its name)
wait_for 60 has_rsr || fail "the session did not come back"
rsr=/dev/$(iscsi_sr)
wait_for 60 cmp -n 65536 "$rsr" "$VBURN_TMP/one.iso" 2>/dev/null ||
	fail "$rsr does not read the ISO after the restart"
pass "after kill -9 (of a vburnd run as nobody; its helper ended too) the next vburnd removed the stale target and exported again; $rsr reads"
must "logout" iscsiadm -m node -T "$T" -p "$portal" -I default --logout
stop_vburnd || fail "vburnd did not stop cleanly"
cfs_clean "the second vburnd stopped"
