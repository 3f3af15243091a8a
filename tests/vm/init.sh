#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the test VM's initramfs (busybox ash, PID 1). It loads the
# modules listed in /modules.list, builds the guest's root from the host's
# root shared read-only over 9p (with a tmpfs overlay on top so /etc and
# /usr/lib/modules can be written), mounts the writable work share at the
# same absolute path it has on the host, runs the test script in a chroot
# (or, asked to, as the one unit of systemd booted as PID 1) and prints the
# marker line the host reads the exit status from.
# vm.sh copies this file into the initramfs; a change here changes the
# recipe hash and so rebuilds the initramfs.

export PATH=/bin:/sbin

say()
{
	echo "vburn-vm: $*"
}

# Nothing sensible can continue without the work share: power off at once
# so the host sees "no marker" instead of waiting for its timeout.
die()
{
	say "FATAL: $*"
	poweroff -f
	sleep 5
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/null

KVER=$(cat /etc/vburn-kver)

# Order and dependencies were resolved on the host by
# "modprobe --show-depends"; a failure (e.g. a CPU-specific crypto helper
# that TCG does not offer) is logged and the rest still loads.
while read -r ko; do
	[ -n "$ko" ] || continue
	insmod "/lib/modules/$KVER/$ko" 2>/dev/null ||
		say "insmod $ko failed"
done </modules.list

ip link set lo up 2>/dev/null
hostname vburn-vm

NINEP=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /mnt/host /mnt/work /mnt/upper /newroot
mount -t 9p -o "$NINEP,ro,cache=loose" hostroot /mnt/host || die "cannot mount host root"
mount -t 9p -o "$NINEP" work /mnt/work || die "cannot mount work share"

# run.conf: line 1 the work dir's host path, line 2 the script, line 3 the
# nonce of the marker line (so output of the script cannot fake it), then
# host paths under /tmp or /run to show through the guest's tmpfs there.
{
	read -r WORKDIR
	read -r SCRIPT
	read -r NONCE
	BINDS=
	while read -r p; do
		BINDS="$BINDS $p"
	done
} </mnt/work/.vm/run.conf || die "no .vm/run.conf in work share"

mount -t tmpfs -o mode=755 tmpfs /mnt/upper
mkdir -p /mnt/upper/u /mnt/upper/w
if ! mount -t overlay \
	-o lowerdir=/mnt/host,upperdir=/mnt/upper/u,workdir=/mnt/upper/w \
	overlay /newroot; then
	say "overlay failed; root stays read-only"
	mount --bind /mnt/host /newroot
fi

R=/newroot
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t configfs configfs $R/sys/kernel/config 2>/dev/null
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
# What udev would add: bash's <(...) needs /dev/fd.
ln -sf /proc/self/fd $R/dev/fd
ln -sf /proc/self/fd/0 $R/dev/stdin
ln -sf /proc/self/fd/1 $R/dev/stdout
ln -sf /proc/self/fd/2 $R/dev/stderr
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t tmpfs -o mode=755 tmpfs $R/run
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
# After the tmpfs on /tmp, so a work dir under /tmp is not hidden by it.
for p in $BINDS; do
	if ! mkdir -p "$R$p" || ! mount --bind "/mnt/host$p" "$R$p"; then
		say "cannot show host $p in the guest"
	fi
done
mkdir -p "$R$WORKDIR" || die "cannot create $WORKDIR in the guest"
mount --move /mnt/work "$R$WORKDIR" || die "cannot move work share"

# The host has no modules for this kernel: put ours where kmod looks, so
# "modprobe X" works inside the chroot too (needs the overlay).
if chroot $R /bin/mkdir -p "/lib/modules/$KVER" 2>/dev/null; then
	mdir=$(chroot $R /bin/readlink -f "/lib/modules/$KVER")
	mount --bind "/lib/modules/$KVER" "$R$mdir"
else
	say "no /lib/modules/$KVER in the guest root; modprobe will fail"
fi
grep -q '^cdrom:' $R/etc/group 2>/dev/null ||
	echo 'cdrom:x:24:' >>$R/etc/group 2>/dev/null ||
	say "no cdrom group and /etc/group is read-only"

# A scenario group that needs systemd (tests/vm/run-e2e.sh, "vburn-e2e-boot:
# systemd"): systemd becomes PID 1 of the guest root and runs the script
# as its one unit; the script's wrapper writes the status and the marker
# and powers off, as below.
if [ -f "$R$WORKDIR/.vm/boot-systemd" ]; then
	say "booting systemd to run $SCRIPT"
	# the host's fstab names no disk of this guest
	: >$R/etc/fstab
	cat >$R/usr/local/sbin/vburn-vm-test <<-EOF
		#!/bin/bash
		cd "$WORKDIR" || exit 125
		if [ -f ./env ]; then set -a; . ./env; set +a; fi
		bash "$SCRIPT"
		rc=\$?
		dmesg >"$WORKDIR/dmesg.log" 2>/dev/null
		echo "\$rc" >"$WORKDIR/.vm/status"
		sync
		echo "VBURN-VM-EXIT $NONCE \$rc" >/dev/console
		systemctl poweroff --force --force
	EOF
	chmod 755 $R/usr/local/sbin/vburn-vm-test
	cat >$R/etc/systemd/system/vburn-vm-test.service <<-EOF
		[Unit]
		Description=vburn VM test
		DefaultDependencies=no
		[Service]
		Type=oneshot
		Environment=HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
		StandardOutput=tty
		StandardError=tty
		TTYPath=/dev/console
		ExecStart=/usr/local/sbin/vburn-vm-test
	EOF
	umount /proc /sys 2>/dev/null
	exec switch_root $R /lib/systemd/systemd --unit=vburn-vm-test.service \
		--log-level=warning
fi

say "running $SCRIPT"
# shellcheck disable=SC2016 # expanded by the inner bash
chroot $R /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	/bin/bash -c 'cd "$1" || exit 125
		if [ -f ./env ]; then set -a; . ./env; set +a; fi
		exec /bin/bash "$2"' vburn-vm "$WORKDIR" "$SCRIPT"
rc=$?

dmesg >"$R$WORKDIR/dmesg.log" 2>/dev/null
echo "$rc" >"$R$WORKDIR/.vm/status"
sync
echo "VBURN-VM-EXIT $NONCE $rc"
poweroff -f
sleep 5
