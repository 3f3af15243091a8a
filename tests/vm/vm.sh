#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm.sh: the core of the end-to-end harness. "prepare" fetches Debian's
# stock kernel (which has CUSE, sr/sg, isofs, udf, loop, TCMU as modules,
# unlike the kernels we build and run CI on) into a cache and builds a
# busybox initramfs for it; "run" boots it under qemu/TCG with the host's
# root shared over 9p, runs one script in the guest and returns its exit
# status. The recipe and its pitfalls: docs/testing.md.
#
#   vm.sh prepare                         fetch kernel, build initramfs
#   vm.sh run WORKDIR SCRIPT [TIMEOUT]    boot, run SCRIPT, exit with its
#                                         status (124: timeout/no marker)
#   vm.sh shell [WORKDIR]                 interactive root shell in the guest
#   vm.sh info                            print kernel version and paths
#
# Environment: VBURN_VM_CACHE (default ~/.cache/vburn-vm), VBURN_VM_VERBOSE=1
# (console to stdout too), VBURN_VM_KERNEL_PKG (kernel package to use
# instead of the one linux-image-amd64 depends on), VBURN_VM_KERNEL_DEB
# (kernel package files to use, which apt here cannot fetch, the image
# package first: tests/vm/kernels.sh gets Debian unstable's newest so),
# VBURN_VM_ENV (names of
# extra variables to pass to the script besides VBURN_*), VBURN_VM_PVH=0
# (boot the compressed bzImage, not the unpacked ELF), VBURN_VM_SMP (vCPUs,
# default 2), VBURN_VM_CPU (qemu -cpu model, default max), VBURN_VM_MEM
# (guest MiB, default 2048), VBURN_VM_BIND
# (host paths under /tmp or /run that the guest must see: its own tmpfs
# there would hide them).
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${VBURN_VM_CACHE:-${HOME:-/root}/.cache/vburn-vm}
# Bump when the way the initramfs is assembled changes (not its inputs:
# those are hashed).
RECIPE_VERSION=2

# What the guest needs: 9p over virtio-pci for the shares, overlay for a
# writable root, and what the tests exercise. Dependencies are added by
# modprobe --show-depends. A|B: the first of the names this kernel has
# (crc32c_generic became crc32c-cryptoapi in 6.15; iSCSI's digests want
# one of them).
MODULES="virtio_pci 9pnet_virtio 9p overlay cuse sr_mod sg sd_mod isofs udf
loop configfs target_core_user tcm_loop iscsi_target_mod iscsi_tcp
crc32c_generic|crc32c-cryptoapi"

die()
{
	echo "vm.sh: $*" >&2
	exit 1
}

note()
{
	[ -n "${VM_QUIET:-}" ] || echo "vm.sh: $*" >&2
}

# The kernel package linux-image-amd64 depends on (or the override).
kernel_pkg()
{
	local pkg
	if [ -n "${VBURN_VM_KERNEL_DEB:-}" ]; then
		dpkg-deb -f "${VBURN_VM_KERNEL_DEB%% *}" Package
		return
	fi
	if [ -n "${VBURN_VM_KERNEL_PKG:-}" ]; then
		echo "$VBURN_VM_KERNEL_PKG"
		return 0
	fi
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' |
		head -n 1) || true
	if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' |
			head -n 1) || true
	fi
	[ -n "$pkg" ] && echo "$pkg"
}

# Extracts the kernel package into $CACHE/<ver>/pkg, once. Debian's
# newest kernels come split (linux-image-X only depends on
# linux-binary-X, linux-modules-X and linux-base-X) and in the merged-/usr
# layout, /usr/lib/modules/X/{vmlinuz,config}: VBURN_VM_KERNEL_DEB names
# them all, and they are put where an older package has them.
fetch_kernel()
{
	local ver=$1 pkg=$2 dir=$CACHE/$1 dl deb m

	[ -f "$dir/pkg/boot/vmlinuz-$ver" ] &&
		[ -f "$dir/pkg/lib/modules/$ver/modules.dep.bin" ] && return 0
	note "downloading $pkg"
	dl=$(mktemp -d "$CACHE/dl.XXXXXX")
	# As root apt would drop to _apt, who cannot write a mktemp dir.
	if [ -n "${VBURN_VM_KERNEL_DEB:-}" ]; then
		# shellcheck disable=SC2086 # a list of files
		cp $VBURN_VM_KERNEL_DEB "$dl/" ||
			die "cannot read $VBURN_VM_KERNEL_DEB"
	elif ! (cd "$dl" && apt-get -q -o APT::Sandbox::User=root \
		download "$pkg" >"$dl/apt.log" 2>&1); then
		rm -rf "$dl"
		die "cannot download $pkg with apt-get (offline or no apt sources?)"
	fi
	rm -rf "$dir/pkg.tmp"
	mkdir -p "$dir"
	for deb in "$dl"/*.deb; do
		dpkg -x "$deb" "$dir/pkg.tmp" || die "dpkg -x $deb failed"
	done
	rm -rf "$dl"
	m=$dir/pkg.tmp/usr/lib/modules/$ver
	if [ ! -e "$dir/pkg.tmp/boot/vmlinuz-$ver" ] && [ -f "$m/vmlinuz" ]; then
		mkdir -p "$dir/pkg.tmp/boot" "$dir/pkg.tmp/lib/modules"
		mv "$m/vmlinuz" "$dir/pkg.tmp/boot/vmlinuz-$ver"
		[ ! -f "$m/config" ] || mv "$m/config" "$dir/pkg.tmp/boot/config-$ver"
		mv "$m" "$dir/pkg.tmp/lib/modules/$ver"
	fi
	[ -f "$dir/pkg.tmp/boot/vmlinuz-$ver" ] ||
		die "$pkg has no /boot/vmlinuz-$ver"
	depmod -b "$dir/pkg.tmp" "$ver" || die "depmod failed for $ver"
	rm -rf "$dir/pkg"
	mv "$dir/pkg.tmp" "$dir/pkg"
}

# Debian compresses the kernel with xz, and unpacking it under TCG takes
# about 3 s of every boot. The kernel has a PVH entry (CONFIG_PVH), so qemu
# can start the uncompressed ELF directly: unpack it once into the cache.
# Without PVH or a known compressor we boot the bzImage as it is.
extract_vmlinux()
{
	local ver=$1 dir=$CACHE/$1 img off magic unpack
	img=$dir/pkg/boot/vmlinuz-$ver
	[ ! -f "$dir/vmlinux" ] || return 0
	[ ! -f "$dir/vmlinux.none" ] || return 0
	grep -q '^CONFIG_PVH=y' "$dir/pkg/boot/config-$ver" 2>/dev/null || {
		: >"$dir/vmlinux.none"
		return 0
	}
	for magic in '\xfd7zXZ\x00:xz -dc --single-stream' \
		'\x28\xb5\x2f\xfd:zstd -dcq' '\x1f\x8b\x08:gzip -dcq'; do
		unpack=${magic#*:}
		command -v "${unpack%% *}" >/dev/null || continue
		off=$(LC_ALL=C grep -m 1 -obUaP "${magic%%:*}" "$img" \
			2>/dev/null | head -n 1 | cut -d: -f1) || true
		[ -n "$off" ] || continue
		tail -c +"$((off + 1))" "$img" |
			$unpack >"$dir/vmlinux.tmp" 2>/dev/null || true
		if [ "$(head -c 4 "$dir/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
			mv "$dir/vmlinux.tmp" "$dir/vmlinux"
			return 0
		fi
	done
	rm -f "$dir/vmlinux.tmp"
	: >"$dir/vmlinux.none"
}

# Prints the .ko paths (relative to lib/modules/<ver>) for $MODULES with
# their dependencies, each once, in load order.
module_list()
{
	local ver=$1 root=$CACHE/$1/pkg m
	for m in $MODULES; do
		local alt found=
		for alt in ${m//|/ }; do
			modprobe -d "$root" -S "$ver" --show-depends "$alt" \
				2>/dev/null && found=1 && break
		done
		[ -n "$found" ] || die "module $m not found for $ver"
	done | sed -n "s|^insmod $root/lib/modules/$ver/\([^ ]*\) *.*$|\1|p" |
		awk '!seen[$0]++'
}

# Builds $CACHE/<ver>/initramfs.cpio unless its recipe hash is unchanged.
build_initramfs()
{
	local ver=$1 dir=$CACHE/$1 list recipe stage bb a f
	list=$(module_list "$ver")
	bb=$(command -v busybox || true)
	[ -n "$bb" ] || die "busybox not found (install busybox-static)"
	! command -v file >/dev/null || file -L "$bb" | grep -q "statically linked" ||
		die "$bb is not static (install busybox-static)"
	recipe=$( {
		echo "recipe $RECIPE_VERSION"
		cat "$VM_DIR/init.sh"
		echo "$list"
		sha256sum <"$bb"
	} | sha256sum | cut -c1-16)
	if [ -f "$dir/initramfs.cpio" ] &&
		[ "$(cat "$dir/initramfs.recipe" 2>/dev/null)" = "$recipe" ]; then
		return 0
	fi
	note "building initramfs for $ver"
	stage=$(mktemp -d "$dir/stage.XXXXXX")
	# etc/target: target_core_mod looks for it at load and complains.
	mkdir -p "$stage"/{bin,sbin,etc/target,proc,sys,dev,mnt,newroot,tmp}
	cp "$bb" "$stage/bin/busybox"
	for a in $("$bb" --list); do
		[ "$a" = busybox ] || ln -s busybox "$stage/bin/$a"
	done
	cp "$VM_DIR/init.sh" "$stage/init"
	chmod 755 "$stage/init"
	echo "$ver" >"$stage/etc/vburn-kver"
	# Uncompressed, as busybox's insmod cannot unpack a module (Debian
	# compresses them with xz since 6.x's later series).
	echo "$list" | sed 's/\.\(xz\|zst\|gz\)$//' >"$stage/modules.list"
	for f in $list; do
		mkdir -p "$stage/lib/modules/$ver/$(dirname "$f")"
		a=$dir/pkg/lib/modules/$ver/$f
		case "$f" in
		*.xz) xz -dc "$a" >"$stage/lib/modules/$ver/${f%.xz}" ;;
		*.zst) zstd -dcq "$a" >"$stage/lib/modules/$ver/${f%.zst}" ;;
		*.gz) gzip -dc "$a" >"$stage/lib/modules/$ver/${f%.gz}" ;;
		*) cp "$a" "$stage/lib/modules/$ver/$f" ;;
		esac || die "cannot copy $f into the initramfs"
	done
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		cp "$dir/pkg/lib/modules/$ver/$f" "$stage/lib/modules/$ver/"
	done
	depmod -b "$stage" "$ver" || die "depmod failed in the initramfs"
	# Uncompressed: unpacking gzip under TCG costs more than reading the
	# few extra megabytes.
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet) >"$dir/initramfs.cpio.tmp" ||
		die "cpio failed"
	mv "$dir/initramfs.cpio.tmp" "$dir/initramfs.cpio"
	echo "$recipe" >"$dir/initramfs.recipe"
	rm -rf "$stage"
}

# Makes sure kernel and initramfs are cached; sets KVER.
prepare()
{
	local pkg
	[ "$(id -u)" -eq 0 ] || die "must run as root (9p export of /, depmod)"
	for t in qemu-system-x86_64 apt-get dpkg depmod modprobe cpio; do
		command -v "$t" >/dev/null || die "$t not found"
	done
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.lock"
	flock 9
	pkg=$(kernel_pkg) || true
	if [ -z "$pkg" ]; then
		# Offline but cached: use what we have.
		KVER=$(cat "$CACHE/current" 2>/dev/null) ||
			die "cannot find the package linux-image-amd64 depends on (no apt lists?)"
		note "apt gives no kernel; using cached $KVER"
	else
		KVER=${pkg#linux-image-}
		fetch_kernel "$KVER" "$pkg"
	fi
	extract_vmlinux "$KVER"
	build_initramfs "$KVER"
	echo "$KVER" >"$CACHE/current"
	exec 9>&-
}

# Of the given host paths, prints (one a line, resolved) those the guest's
# tmpfs mounts would hide and that are not inside the work dir $1.
hidden_paths()
{
	local workdir=$1 p
	shift
	for p in "$@"; do
		[ -e "$p" ] || continue
		p=$(cd "$p" 2>/dev/null && pwd -P) || continue
		case "$p" in
		"$workdir" | "$workdir"/*) ;;
		/tmp/* | /run/*) echo "$p" ;;
		esac
	done
}

# Sets QEMU_ARGS for a boot with work dir $1 (all but the serial port).
qemu_args()
{
	local dir=$CACHE/$KVER kernel
	kernel=$dir/pkg/boot/vmlinuz-$KVER
	if [ -f "$dir/vmlinux" ] && [ "${VBURN_VM_PVH:-1}" = 1 ]; then
		kernel=$dir/vmlinux
	fi
	# shellcheck disable=SC2054 # the commas are qemu's
	QEMU_ARGS=(-accel tcg -cpu "${VBURN_VM_CPU:-max}" -smp "${VBURN_VM_SMP:-2}" -m "${VBURN_VM_MEM:-2048}"
		-nographic -no-reboot -nodefaults
		-kernel "$kernel" -initrd "$dir/initramfs.cpio"
		-append "console=ttyS0 quiet panic=-1 mitigations=off"
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
		-virtfs "local,path=$1,mount_tag=work,security_model=none,multidevs=remap")
}

# For run/info: the kernel prepare chose last time, without asking apt
# again (that alone costs most of a second); prepare if there is none.
ensure()
{
	KVER=$(cat "$CACHE/current" 2>/dev/null) || KVER=
	if [ -z "$KVER" ] || [ ! -f "$CACHE/$KVER/pkg/boot/vmlinuz-$KVER" ]; then
		prepare
		return 0
	fi
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.lock"
	flock 9
	extract_vmlinux "$KVER"
	build_initramfs "$KVER"
	exec 9>&-
}

run()
{
	local workdir=$1 script=$2 tmo=${3:-600} nonce rc=124 status
	local console name binds

	[ -d "$workdir" ] || die "no such work dir: $workdir"
	workdir=$(cd "$workdir" && pwd -P)
	case "$script" in
	/*) ;;
	*) script=$(cd "$(dirname "$script")" && pwd -P)/$(basename "$script") ;;
	esac
	[ -f "$script" ] || die "no such script: $script"
	VM_QUIET=1 ensure

	mkdir -p "$workdir/.vm"
	rm -f "$workdir/.vm/status" "$workdir/.vm/boot-systemd"
	# VBURN_VM_BOOT=systemd: systemd is the guest's PID 1 (init.sh)
	[ "${VBURN_VM_BOOT:-}" != systemd ] || : >"$workdir/.vm/boot-systemd"
	# The guest mounts tmpfs on /tmp and /run: a script there outside the
	# work dir would vanish, so run a copy from the work dir.
	case "$script" in
	"$workdir"/*) ;;
	/tmp/* | /run/* | /dev/*)
		cp "$script" "$workdir/.vm/script"
		script=$workdir/.vm/script
		;;
	esac
	# shellcheck disable=SC2086 # a list of paths, split on purpose
	binds=$(hidden_paths "$workdir" ${VBURN_VM_BIND:-})
	case "$workdir$script$binds" in
	*[!A-Za-z0-9._/+$'\n'-]*) die "paths must be plain: $workdir $script" ;;
	esac
	nonce=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
	{
		printf '%s\n%s\n%s\n' "$workdir" "$script" "$nonce"
		[ -z "$binds" ] || printf '%s\n' "$binds"
	} >"$workdir/.vm/run.conf"
	# The script's environment: every VBURN_* variable and those named in
	# VBURN_VM_ENV, quoted for bash.
	{
		for name in $(compgen -e | grep '^VBURN_' || true) \
			${VBURN_VM_ENV:-}; do
			if [ -n "${!name+x}" ]; then
				printf 'export %s=%q\n' "$name" "${!name}"
			fi
		done
	} >"$workdir/env"

	qemu_args "$workdir"
	console=$workdir/console.log
	: >"$console"
	set +e
	# stdin from /dev/null: qemu must not put a terminal in raw mode.
	timeout --foreground -k 5 "$tmo" qemu-system-x86_64 \
		"${QEMU_ARGS[@]}" -serial stdio -monitor none \
		</dev/null 2>&1 |
		sed -u 's/\r$//' | if [ "${VBURN_VM_VERBOSE:-0}" = 1 ]; then
			tee -a "$console"
		else
			cat >>"$console"
		fi
	set -e
	status=$(sed -n "s/^VBURN-VM-EXIT $nonce \([0-9]*\)\$/\1/p" \
		"$console" | tail -n 1)
	if [ -n "$status" ]; then
		rc=$status
	else
		echo "vm.sh: no exit marker from the guest (timeout ${tmo}s or crash); last console lines:" >&2
		tail -n 30 "$console" >&2
	fi
	return "$rc"
}

# An interactive root shell in the guest on this terminal, for debugging
# (Ctrl-A X quits qemu). Same guest as "run", with stdin attached.
shell()
{
	local workdir=${1:-}
	[ -t 0 ] || die "shell needs a terminal"
	[ -n "$workdir" ] || workdir=$(mktemp -d /tmp/vburn-vm-shell.XXXXXX)
	mkdir -p "$workdir/.vm"
	workdir=$(cd "$workdir" && pwd -P)
	VM_QUIET=1 ensure
	cat >"$workdir/.vm/shell" <<-'EOF'
		echo "vburn test VM: $(uname -r); work dir $PWD; exit to power off"
		exec setsid -c /bin/bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
	EOF
	{
		printf '%s\n%s\n%s\n' "$workdir" "$workdir/.vm/shell" shell
		# shellcheck disable=SC2086 # a list of paths, split on purpose
		hidden_paths "$workdir" $PWD ${VBURN_VM_BIND:-}
	} >"$workdir/.vm/run.conf"
	: >"$workdir/env"
	qemu_args "$workdir"
	qemu-system-x86_64 "${QEMU_ARGS[@]}" -serial mon:stdio
}

case "${1:-}" in
prepare)
	prepare
	;;
run)
	if [ $# -lt 3 ] || [ $# -gt 4 ]; then
		die "usage: vm.sh run WORKDIR SCRIPT [TIMEOUT]"
	fi
	rc=0
	run "$2" "$3" "${4:-600}" || rc=$?
	exit "$rc"
	;;
shell)
	shell "${2:-}"
	;;
info)
	VM_QUIET=1 ensure
	echo "kernel $KVER"
	echo "vmlinuz $CACHE/$KVER/pkg/boot/vmlinuz-$KVER"
	[ ! -f "$CACHE/$KVER/vmlinux" ] || echo "vmlinux $CACHE/$KVER/vmlinux"
	echo "initramfs $CACHE/$KVER/initramfs.cpio"
	;;
*)
	echo "usage: vm.sh prepare | run WORKDIR SCRIPT [TIMEOUT] | shell [WORKDIR] | info" >&2
	exit 2
	;;
esac
