#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 48-systemd: vburnd as the system service make install sets up (issue
# "make it a product"), under systemd as the guest's PID 1 (this scenario
# boots a VM of its own: tests/vm/init.sh):
#  - make install (PREFIX=/usr) puts the unit, the config, the tmpfiles
#    entry and the udev rule in place; systemctl start returns once vburnd
#    has said READY=1 (Type=notify), with the unit's hardening in force,
#    and the drive's node is there, group cdrom, mode 0660; the daemon
#    then runs as the user make install created (vburn, sysusers.d) with
#    no capability left;
#  - xorriso burns an ISO to it; the installed vburnctl answers on its
#    default socket, the daemon's in /run/vburn (RuntimeDirectory);
#  - systemctl stop: the unit goes inactive (not failed), the capture in
#    /var/lib/vburn/images (StateDirectory) equals the ISO;
#  - the same with frontend = tcmu: vburnd as vburn with no capability,
#    its helper root with CAP_SYS_ADMIN alone; burn, read back, add-drive and
#    remove-drive at run time, and the stop leaves no configfs object;
#  - the journal holds vburnd's log lines with their levels.
# vburn-e2e-boot: systemd
# vburn-e2e-timeout: 400
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd systemctl journalctl xorriso python3 make sg_inq
require_build vburnd vburnctl vburn-img
[ "$(cat /proc/1/comm)" = systemd ] ||
	skip "PID 1 is $(cat /proc/1/comm), not systemd (run through run-e2e.sh)"

T=$VBURN_TMP
# the installed vburnctl, on its default socket (the unit's daemon's)
ctl()
{
	/usr/bin/vburnctl "$@"
}
must "make install" make -s -C "$VBURN_SRC" B="$VBURN_BUILD" PREFIX=/usr \
	install
unit=/usr/lib/systemd/system/vburnd.service
[ -f "$unit" ] || fail "make install wrote no $unit"
systemctl daemon-reload || fail "systemctl daemon-reload failed"
systemd-tmpfiles --create /usr/lib/tmpfiles.d/vburn.conf ||
	fail "systemd-tmpfiles --create of vburn.conf failed"

# Type=notify: start returns once vburnd said READY=1, or fails
t0=${EPOCHREALTIME/[.,]/}
if ! timeout 120 systemctl start vburnd; then
	systemctl status vburnd --no-pager 2>&1 | tail -n 20
	journalctl -u vburnd --no-pager 2>&1 | tail -n 20
	fail "systemctl start vburnd failed"
fi
t1=${EPOCHREALTIME/[.,]/}
[ "$(systemctl is-active vburnd)" = active ] ||
	fail "vburnd is $(systemctl is-active vburnd) after start"
dev=$(ctl --json status 0 | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["node"])') ||
	fail "vburnctl status 0 failed"
[ -c "$dev" ] || fail "no device node $dev once the unit is active"
perm=$(stat -c '%G %a' "$dev")
[ "$perm" = "cdrom 660" ] || fail "$dev is '$perm', not group cdrom 0660"
pass "systemctl start returned after READY=1 ($(((t1 - t0) / 1000)) ms): $dev, $perm"

# least privilege: the config's user = vburn, made by make install
pid=$(systemctl show -p MainPID --value vburnd)
who=$(ps -o user= -p "$pid" | tr -d ' ')
capeff=$(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")
[ "$who" = vburn ] || fail "vburnd (pid $pid) runs as '$who', not vburn"
[ "$capeff" = 0000000000000000 ] || fail "vburnd keeps capabilities $capeff"
grep -q "running as vburn" <(journalctl -u vburnd --no-pager -o cat) ||
	fail "the journal does not say vburnd runs as vburn"
pass "vburnd serves as user vburn (pid $pid) with no capability (CapEff $capeff)"

mkdir -p "$T/src"
head -c 2000000 /dev/urandom >"$T/src/a.bin"
must "make an ISO" xorriso -as mkisofs -quiet -R -o "$T/d.iso" "$T/src"
must "xorriso burns to the service's drive" xorriso -outdev "$dev" \
	-blank as_needed -map "$T/src" / -commit
st=$(ctl --json status 0 | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["state"])')
[ "$st" = appendable ] || [ "$st" = complete ] ||
	fail "after the burn the disc is $st"
pass "xorriso burned through the unit's drive; status says $st"

systemctl stop vburnd || fail "systemctl stop vburnd failed"
state=$(systemctl show -p ActiveState --value vburnd)
result=$(systemctl show -p Result --value vburnd)
[ "$state" = inactive ] && [ "$result" = success ] ||
	fail "after stop: ActiveState=$state Result=$result"
iso=$(ls /var/lib/vburn/images/*.iso 2>/dev/null | head -n 1)
[ -n "$iso" ] || fail "no capture in /var/lib/vburn/images: $(ls /var/lib/vburn/images)"
owner=$(stat -c %U "$iso")
[ "$owner" = vburn ] || fail "the capture $iso belongs to $owner, not vburn"
must "the capture reads" "$VBURN_BUILD/vburn-img" get "$iso" /a.bin "$T/back"
cmp "$T/src/a.bin" "$T/back/a.bin" || fail "the capture's a.bin differs"
pass "systemctl stop: inactive, result success; the capture in the StateDirectory holds the file"

# The TCMU front end under the same unit and user: vburnd runs as vburn
# with no capability, a helper it forked keeps root (and CAP_SYS_ADMIN
# alone, for LIO's CHAP attributes) for the configfs objects
# and the uio rings; drives come and go at run time; the stop removes
# every object and the helper ends.
tcmu_objs()
{
	find /sys/kernel/config/target/core -maxdepth 2 -name 'vburn*' |
		sort | tr '\n' ' '
}
[ -d /sys/module/target_core_user ] ||
	fail "target_core_user is not loaded (tests/vm/vm.sh loads it)"
conf=/etc/vburn/vburnd.conf
sed -i 's/^frontend = cuse$/frontend = tcmu/' "$conf"
grep -q '^frontend = tcmu$' "$conf" || fail "cannot set frontend = tcmu in $conf"
if ! timeout 120 systemctl start vburnd; then
	journalctl -u vburnd --no-pager 2>&1 | tail -n 20
	fail "systemctl start vburnd (tcmu) failed"
fi
pid=$(systemctl show -p MainPID --value vburnd)
who=$(ps -o user= -p "$pid" | tr -d ' ')
capeff=$(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")
[ "$who" = vburn ] && [ "$capeff" = 0000000000000000 ] ||
	fail "tcmu: vburnd (pid $pid) runs as '$who' with CapEff $capeff"
read -r hpid huser < <(ps -o pid=,user= --ppid "$pid")
[ -n "$hpid" ] && [ "$huser" = root ] ||
	fail "tcmu: no root helper under vburnd ($hpid $huser)"
hcap=$(awk '/^CapEff:/ { print $2 }' "/proc/$hpid/status")
# CAP_SYS_ADMIN (bit 21) and nothing else
[ "$hcap" = 0000000000200000 ] || fail "tcmu: the helper keeps $hcap"
dev=$(ctl --json status 0 | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["node"])')
[ -b "$dev" ] || fail "tcmu: the drive's node '$dev' is no block device"
pass "tcmu under the unit: vburnd as vburn (pid $pid, CapEff $capeff), helper $hpid as root with CapEff $hcap, drive $dev"
must "xorriso burns to the tcmu drive" xorriso -outdev "$dev" \
	-blank as_needed -map "$T/src" / -commit
must "xorriso reads it back" xorriso -osirrox on -indev "$dev" \
	-extract /a.bin "$T/tback.bin"
cmp "$T/src/a.bin" "$T/tback.bin" || fail "tcmu: $dev read other bytes"
before=$(tcmu_objs)
out=$(ctl --json add-drive --media cd-r) || fail "tcmu add-drive: $out"
d1=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["node"])')
[ -b "$d1" ] || fail "tcmu add-drive as vburn gave node '$d1'"
must "sg_inq $d1" sg_inq "$d1"
must "remove-drive $d1" ctl remove-drive "$d1"
wait_for 10 test ! -e "$d1" || fail "$d1 still exists after remove-drive"
[ "$(tcmu_objs)" = "$before" ] ||
	fail "tcmu: remove-drive left objects: $(tcmu_objs) (before: $before)"
pass "tcmu as vburn: burned and read back $dev; add-drive gave $d1, remove-drive removed its objects"
systemctl stop vburnd || fail "systemctl stop vburnd (tcmu) failed"
result=$(systemctl show -p Result --value vburnd)
[ "$result" = success ] || fail "tcmu: after stop Result=$result"
[ -z "$(tcmu_objs)" ] || fail "tcmu: the stop left $(tcmu_objs)"
[ ! -d "/proc/$hpid" ] || fail "tcmu: helper $hpid still runs after the stop"
pass "tcmu: systemctl stop removed every configfs object; the helper ended"
sed -i 's/^frontend = tcmu$/frontend = cuse/' "$conf"

journalctl -u vburnd --no-pager -o cat >"$T/journal.txt" 2>&1
grep -q "info: drive 0:" "$T/journal.txt" || {
	tail -n 20 "$T/journal.txt"
	fail "the journal has no vburnd info lines"
}
pass "the journal holds vburnd's log ($(wc -l <"$T/journal.txt") lines)"
