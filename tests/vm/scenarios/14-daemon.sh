#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 14-daemon: the daemon's contract around its nodes.
#  - the default node is an srN name libburn enumerates (xorriso -devices
#    lists it), root:cdrom 0660;
#  - --node NAME gives another name, usable with xorriso's mmc: prefix and
#    cdrskin dev=;
#  - --drives 2 makes two independent drives (distinct nodes, one medium
#    each, vburnctl addresses them by index and by node);
#  - SIGTERM stops it cleanly (exit 0) and the nodes disappear;
#  - the control socket is root:cdrom 0660, and SO_PEERCRED lets only
#    root, vburnd's user and group cdrom in: uid 65534 cannot connect;
#    with the file opened to all it is refused with a reason (and logged);
#    with cdrom among its groups it is served, and what it loads is
#    opened with its rights, not the daemon's (root's 0600 files refused);
#  - --format nrg captures an NRG that the independent nrg2iso and iat
#    turn back into the burned ISO, byte for byte.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso cdrskin sg_inq nrg2iso iat python3
require_build vburnd vburnctl

start_vburnd --media cd-r
perm=$(stat -c '%U:%G %a' "$VBURN_DEV")
[ "$perm" = "root:cdrom 660" ] || fail "node is $perm, want root:cdrom 660"
pass "$VBURN_DEV is root:cdrom 0660"
case "$VBURN_DEV" in
/dev/sr[0-9]*) ;;
*) fail "default node $VBURN_DEV is not srN" ;;
esac
xorriso -devices 2>&1 | grep -F "'$VBURN_DEV'" ||
	fail "xorriso -devices does not list $VBURN_DEV"
pass "xorriso -devices lists $VBURN_DEV"

# the control socket: file mode first, then SO_PEERCRED behind it
sock_dir=$(mktemp -d /tmp/vburn-sock.XXXXXX)
chmod 755 "$sock_dir"
on_exit "rm -rf '$sock_dir'"
stop_vburnd || fail "vburnd did not stop cleanly"
start_vburnd --media cd-r --socket "$sock_dir/s"
perm=$(stat -c '%U:%G %a' "$sock_dir/s")
[ "$perm" = "root:cdrom 660" ] || fail "socket is $perm, want root:cdrom 660"
as_nobody() { setpriv --reuid=65534 --regid=65534 "$@"; }
if as_nobody --clear-groups "$VBURN_BUILD/vburnctl" --socket "$sock_dir/s" \
	status >/dev/null 2>&1; then
	fail "uid 65534 used the 0660 socket"
fi
chmod 666 "$sock_dir/s"
out=$(as_nobody --clear-groups "$VBURN_BUILD/vburnctl" --json \
	--socket "$sock_dir/s" status 2>/dev/null) &&
	fail "uid 65534 outside cdrom was served"
echo "$out" | python3 -c 'import json,sys
e = json.load(sys.stdin)["error"]
assert e.startswith("permission denied"), e' ||
	fail "the refusal is not {\"error\": \"permission denied...\"}: $out"
grep -q "uid 65534 .* refused" "$VBURN_WORK/vburnd.log" ||
	fail "the refusal is not in the daemon's log"
must "uid 65534 in group cdrom" as_nobody --groups "$(getent group cdrom |
	cut -d: -f3)" "$VBURN_BUILD/vburnctl" --socket "$sock_dir/s" status
pass "control socket: root:cdrom 0660, SO_PEERCRED refuses others with a reason"
# a load is opened with the asker's rights (include/vburn/peer.h): root's
# 0600 image is refused to uid 65534 in cdrom, and so is a 0644 cue sheet
# naming a 0600 BIN; world-readable ones load, and root loads both
cdrom_gid=$(getent group cdrom | cut -d: -f3)
head -c $((64 * 2048)) /dev/zero >"$sock_dir/priv.iso"
cp "$sock_dir/priv.iso" "$sock_dir/pub.iso"
head -c $((64 * 2352)) /dev/zero >"$sock_dir/priv.bin"
printf 'FILE "priv.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' \
	>"$sock_dir/pub.cue"
chmod 600 "$sock_dir/priv.iso" "$sock_dir/priv.bin"
chmod 644 "$sock_dir/pub.iso" "$sock_dir/pub.cue"
for f in priv.iso pub.cue; do
	out=$(as_nobody --groups "$cdrom_gid" "$VBURN_BUILD/vburnctl" --json \
		--socket "$sock_dir/s" load 0 "$sock_dir/$f" 2>/dev/null) &&
		fail "uid 65534 loaded root's 0600 file through $f"
	echo "$out" | python3 -c 'import json,sys
e = json.load(sys.stdin)["error"]
assert "Permission denied" in e, e' ||
		fail "the refusal of $f does not say why: $out"
done
must "uid 65534 loads a 0644 image" as_nobody --groups "$cdrom_gid" \
	"$VBURN_BUILD/vburnctl" --socket "$sock_dir/s" load 0 "$sock_dir/pub.iso"
must "root loads the 0600 one" "$VBURN_BUILD/vburnctl" \
	--socket "$sock_dir/s" load 0 "$sock_dir/priv.iso"
pass "load: with the asker's rights (uid 65534 cannot load root's 0600 image or BIN)"
stop_vburnd || fail "vburnd did not stop cleanly"
start_vburnd --media cd-r
dev=$VBURN_DEV
must "stop" stop_vburnd
[ ! -e "$dev" ] || fail "$dev still exists after SIGTERM"
pass "SIGTERM: exit 0, $dev removed"

# --user: vburnd runs as nobody, without capabilities, once its node and
# socket exist; the image directory it makes is nobody's; two sessions
# burn and are captured (manifest and CCD) as before
# (not under VBURN_TMP, which is root's 0700: nobody could not reach it)
udir=$(mktemp -u /tmp/vburn-user.XXXXXX)
on_exit "rm -rf '$udir' '$udir.run'"
# the socket in a directory vburnd makes: nobody's, so that nobody can
# remove the socket at exit
start_vburnd --media cd-r --format ccd --user nobody --image-dir "$udir" \
	--socket "$udir.run/vburnd.sock"
ids=$(awk '/^(Uid|Gid):/ { print $2, $3, $4, $5 }' "/proc/$VBURN_PID/status" |
	tr '\n' ' ')
[ "$ids" = "65534 65534 65534 65534 65534 65534 65534 65534 " ] ||
	fail "--user nobody: uid/gid lines are '$ids'"
cap=$(awk '/^CapEff:/ { print $2 }' "/proc/$VBURN_PID/status")
[ "$cap" = 0000000000000000 ] || fail "--user nobody keeps capabilities $cap"
[ "$(stat -c %U "$udir")" = nobody ] || fail "$udir is not nobody's"
grep -q "running as nobody" "$VBURN_WORK/vburnd.log" ||
	fail "the log does not say vburnd runs as nobody"
for k in 1 2; do
	head -c $((200 * 2048)) /dev/urandom >"$VBURN_TMP/u$k"
	must "session $k as nobody" cdrskin dev="$VBURN_DEV" -tao -multi -data \
		"$VBURN_TMP/u$k"
done
must "status" vburnctl status 0
vbd=$(ls "$udir"/*.vbd)
for k in 1 2; do
	"$VBURN_BUILD/vburn-img" extract "$vbd" --track $k "$VBURN_TMP/ux$k" ||
		fail "extract of track $k"
	cmp -n $((200 * 2048)) "$VBURN_TMP/ux$k" "$VBURN_TMP/u$k" ||
		fail "session $k differs"
done
[ "$(img_tool info --json "${vbd%.vbd}.ccd" | sessions_of)" = 2 ] ||
	fail "the CCD capture made as nobody does not hold 2 sessions"
[ "$(stat -c %U "$udir.run")" = nobody ] || fail "$udir.run is not nobody's"
# a CUSE drive added as nobody: through a /dev/cuse descriptor kept from
# before --user; xorriso burns it and reads it back, and it goes again
out=$(vburnctl --json add-drive --media cd-r) ||
	fail "add-drive as nobody: $out"
du=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["node"])')
[ -c "$du" ] || fail "add-drive as nobody gave node '$du'"
mkdir -p "$VBURN_TMP/uadd"
head -c 300000 /dev/urandom >"$VBURN_TMP/uadd/r.bin"
must "xorriso -outdev $du (added as nobody)" xorriso -outdev "$du" \
	-map "$VBURN_TMP/uadd" / -commit
must "xorriso reads $du" xorriso -osirrox on -indev "$du" \
	-extract /r.bin "$VBURN_TMP/ur.back"
cmp "$VBURN_TMP/uadd/r.bin" "$VBURN_TMP/ur.back" || fail "$du read other bytes"
must "remove-drive $du as nobody" vburnctl remove-drive "$du"
wait_for 5 test ! -e "$du" || fail "$du still exists after remove-drive"
pass "--user nobody: add-drive of a CUSE drive ($du) burned, read back, removed"
must "stop as nobody" stop_vburnd
[ ! -e "$udir.run/vburnd.sock" ] ||
	fail "the control socket stayed after vburnd (as nobody) exited"
pass "--user nobody: no capabilities, node and socket kept, 2 sessions burned and captured; the socket removed at exit"

start_vburnd --media dvd+r --node vburn-test
[ "$VBURN_DEV" = /dev/vburn-test ] || fail "--node gave $VBURN_DEV"
must "xorriso with mmc: prefix" xorriso -outdev "mmc:$VBURN_DEV" -toc
must "cdrskin -checkdrive" cdrskin dev="$VBURN_DEV" -checkdrive
must "stop" stop_vburnd

start_vburnd --drives 2 --media cd-r
d0=$VBURN_DEV_0
d1=${VBURN_DEV_1:-}
[ -n "$d1" ] && [ "$d0" != "$d1" ] && [ -e "$d1" ] ||
	fail "--drives 2 did not give two nodes ($d0, $d1)"
must "blank drive 1 by node" vburnctl blank "$d1" bd-r
vburnctl --json status 1 | grep -q '"media": "bd-r"' ||
	fail "drive 1 does not hold the BD-R"
vburnctl --json status 0 | grep -q '"media": "cd-r"' ||
	fail "drive 0 lost its CD-R"
sg_inq "$d1" | grep -q "Virtual Burner" || fail "sg_inq on $d1"
pass "two drives: $d0 (cd-r) and $d1 (bd-r)"

# add-drive and remove-drive at run time: drive 2 with a DVD+R gets a new
# node that xorriso burns to and reads back; removed, its node goes and
# the drives around it keep theirs
out=$(vburnctl --json add-drive --media dvd+r) || fail "add-drive: $out"
d2=$(echo "$out" | python3 -c 'import json,sys
d = json.load(sys.stdin)
assert d["drive"] == 2 and d["media"] == "dvd+r" and d["state"] == "blank", d
print(d["node"])') || fail "add-drive answered $out"
[ -c "$d2" ] && [ "$d2" != "$d0" ] && [ "$d2" != "$d1" ] ||
	fail "add-drive gave node $d2"
grep -q "^drive 2: $d2\$" "$VBURN_WORK/vburnd.log" ||
	fail "vburnd did not print drive 2's node"
mkdir -p "$VBURN_TMP/add"
head -c 300000 /dev/urandom >"$VBURN_TMP/add/r.bin"
must "xorriso -outdev $d2" xorriso -outdev "$d2" -map "$VBURN_TMP/add" / -commit
must "xorriso reads $d2" xorriso -osirrox on -indev "$d2" \
	-extract /r.bin "$VBURN_TMP/r.back"
cmp "$VBURN_TMP/add/r.bin" "$VBURN_TMP/r.back" || fail "$d2 read other bytes"
out=$(vburnctl --json remove-drive "$d2") || fail "remove-drive: $out"
echo "$out" | python3 -c 'import json,sys
d = json.load(sys.stdin)
assert d == {"removed": 2, "node": sys.argv[1]}, d' "$d2" ||
	fail "remove-drive answered $out"
wait_for 5 test ! -e "$d2" || fail "$d2 still exists after remove-drive"
vburnctl status 2 >/dev/null 2>&1 && fail "status 2 after remove-drive"
vburnctl --json status | python3 -c 'import json,sys
d = json.load(sys.stdin)["drives"]
assert [x["drive"] for x in d] == [0, 1], d' ||
	fail "status does not list drives 0 and 1 only"
[ -e "$d0" ] && [ -e "$d1" ] || fail "remove-drive took another node"
vburnctl remove-drive 7 2>"$VBURN_TMP/rm.err" && fail "remove-drive 7 worked"
grep -q "no such drive: 7" "$VBURN_TMP/rm.err" ||
	fail "remove-drive 7: $(cat "$VBURN_TMP/rm.err")"
pass "add-drive --media dvd+r: $d2 burned and read back; remove-drive: node gone, others kept"
must "stop" stop_vburnd

src=$VBURN_TMP/src
mkdir -p "$src"
head -c 500000 /dev/urandom >"$src/r.bin"
iso=$VBURN_TMP/src.iso
must "mkisofs" xorriso -as mkisofs -quiet -o "$iso" "$src"
start_vburnd --media cd-r --format nrg
must "burn" xorriso -as cdrecord dev="$VBURN_DEV" "$iso"
img=$(vburnctl --json status 0 | sed -n 's/.*"image": "\([^"]*\)".*/\1/p')
must "stop" stop_vburnd
nrg=${img%.iso}.nrg
[ -f "$nrg" ] || fail "no NRG next to $img"
# nrg2iso copies everything after the 150-sector pregap, the NRG chunks
# included (docs/formats.md 1.4), so only the ISO's length is compared; iat
# extracts exactly the track.
must "nrg2iso" nrg2iso "$nrg" "$VBURN_TMP/back.iso"
size=$(file_size "$iso")
[ "$(sha256_prefix "$img" "$size")" = "$(sha256sum <"$iso" | cut -d' ' -f1)" ] ||
	fail "captured ISO differs from the burned ISO"
cmp -n "$(file_size "$img")" "$VBURN_TMP/back.iso" "$img" ||
	fail "nrg2iso output differs from the captured ISO"
pass "--format nrg: nrg2iso gives back the burned ISO"
# iat reads in tiny pieces: give it the NRG on tmpfs, not the 9p share.
cp "$nrg" "$VBURN_TMP/c.nrg"
must "iat" timeout 120 iat "$VBURN_TMP/c.nrg" "$VBURN_TMP/iat.iso" </dev/null
cmp "$VBURN_TMP/iat.iso" "$img" || fail "iat output differs"
pass "--format nrg: iat gives back the captured ISO exactly"

# A second writer while a burn is under way (cdrskin, 1 MB fifo, from a
# pipe that stalls) gets EBUSY (the O_EXCL that
# /dev/sr* has and CUSE cannot see); read-only opens still work, and so
# does a writable open once the burn is over.
start_vburnd --media cd-r
fifo=$VBURN_TMP/fifo
mkfifo "$fifo"
(head -c 3000000 /dev/urandom; sleep 8; head -c 500000 /dev/urandom) >"$fifo" &
feeder=$!
cdrskin -v dev="$VBURN_DEV" -tao fs=1m -data - <"$fifo" >"$VBURN_WORK/cdrskin-stdin.log" 2>&1 &
burner=$!
track_open() { vburnctl --json status 0 | grep -q '"closed": false'; }
wait_for 20 track_open || fail "the stdin burn did not start"
out=$(sg_raw "$VBURN_DEV" 00 00 00 00 00 00 2>&1) &&
	fail "a writable open during the burn succeeded"
echo "$out" | grep -qi "busy" || fail "second writer: '$out', want busy"
pass "a second writer during the burn gets EBUSY"
must "read-only open during the burn" sg_raw -R -r 36 "$VBURN_DEV" 12 00 00 00 24 00
wait "$burner" || fail "cdrskin from stdin failed"
wait "$feeder" 2>/dev/null
must "writable open after the burn" sg_raw "$VBURN_DEV" 00 00 00 00 00 00
pass "writable opens work again after the burn"
must "stop" stop_vburnd
