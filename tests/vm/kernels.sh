#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels.sh: `make e2e-kernels` (issue 12). The kmod scenarios (40-45)
# again in a VM booting each newer kernel series Debian ships, with the
# module built for it against its Debian headers:
#  - the newest other series this Debian release has (bookworm: 6.12,
#    besides the 6.1 that make check boots; scripts/deps.sh check
#    installs its headers, and make check builds the module for it too,
#    tests/kmod-check.sh);
#  - Debian unstable's newest (7.2 on 2026-12-05), the newest kernel a
#    major distribution ships. Its headers want unstable's compiler and
#    its kbuild programs unstable's C library, so the module is built in
#    a minimal unstable root (debootstrap, kept in the VM cache and
#    brought up to date on each run), and its kernel packages are fetched
#    there too.
# Afterwards the VM cache points at the default kernel again.
#
#   tests/vm/kernels.sh BUILD_DIR [bookworm|unstable]...   (default: both)
set -uo pipefail

build=${1:?usage: $0 BUILD_DIR [bookworm|unstable]...}
shift
case "$build" in /*) ;; *) build=$PWD/$build ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$here/../.." || exit 1
src=$PWD
cache=${VBURN_VM_CACHE:-${HOME:-/root}/.cache/vburn-vm}
mirror=${VBURN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
scenarios=(40-kmod 41-kmod 42-kmod 43-kmod 44-kmod 45-kmod)

# the newest linux-image-X.Y-amd64 series of this machine's apt sources
bookworm()
{
	local meta pkg
	meta=$(apt-cache pkgnames linux-image- 2>/dev/null |
		grep -E '^linux-image-[0-9]+\.[0-9]+-amd64$' | sort -V | tail -n 1)
	pkg=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
	if [ -z "$pkg" ]; then
		echo "SKIP e2e-kernels: apt knows no linux-image-X.Y-amd64 (apt-get update)"
		return 0
	fi
	echo "e2e-kernels: $pkg"
	VBURN_VM_KERNEL_PKG=$pkg tests/vm/kmod-build.sh "$build" &&
		VBURN_VM_KERNEL_PKG=$pkg tests/vm/run-e2e.sh "$build" "${scenarios[@]}"
}

# in_root CMD...: CMD in the unstable root, with /proc (objtool reads
# its limits there) and this tree read-only at /vburn-src.
in_root()
{
	local root=$1 rc
	shift
	if ! mkdir -p "$root/vburn-src" ||
		! mount -t proc proc "$root/proc" ||
		! mount --bind "$src" "$root/vburn-src" ||
		! mount -o remount,bind,ro "$root/vburn-src"; then
		umount "$root/vburn-src" "$root/proc" 2>/dev/null
		return 1
	fi
	chroot "$root" "$@"
	rc=$?
	umount "$root/vburn-src" "$root/proc"
	return $rc
}

unstable()
{
	local root=$cache/unstable-root log=$build/kbuild-unstable.log ver
	local kdir debs p f out
	command -v debootstrap >/dev/null || {
		echo "SKIP e2e-kernels unstable: no debootstrap (apt install debootstrap)"
		return 0
	}
	mkdir -p "$build" "$cache"
	echo "e2e-kernels: Debian unstable's newest kernel (log: $log)"
	if [ ! -f "$root/.done" ]; then
		rm -rf "$root"
		debootstrap --variant=minbase --include=make,gcc,libc6-dev \
			sid "$root" "$mirror" >"$log" 2>&1 || {
			echo "FAIL e2e-kernels unstable: debootstrap failed (see $log)"
			return 1
		}
		touch "$root/.done"
	fi
	# A mirror that is a snapshot (as this workplace's is) serves a sid
	# Release file past its Valid-Until; the root is only a compiler for
	# a test module, so a stale-but-signed index is acceptable.
	{
		chroot "$root" apt-get -q -o Acquire::Check-Valid-Until=false \
			update &&
			chroot "$root" apt-get -q -y install linux-headers-amd64 &&
			chroot "$root" apt-get -q -y upgrade
	} >>"$log" 2>&1 || {
		echo "FAIL e2e-kernels unstable: apt in $root failed (see $log)"
		return 1
	}
	# shellcheck disable=SC2016 # dpkg-query's own ${field}
	ver=$(chroot "$root" dpkg-query -W -f '${Depends}' linux-headers-amd64 |
		grep -o 'linux-headers-[0-9][^ ,]*' | head -n 1)
	ver=${ver#linux-headers-}
	kdir=/usr/src/linux-headers-$ver
	if [ -z "$ver" ] || [ ! -d "$root$kdir" ]; then
		echo "FAIL e2e-kernels unstable: no headers in $root (see $log)"
		return 1
	fi
	echo "e2e-kernels: linux $ver, $(chroot "$root" gcc --version | head -n 1)"
	rm -rf "$root/tmp/vburn-kb"
	if ! out=$(in_root "$root" make --no-print-directory -C /vburn-src \
		B=/tmp/vburn-kb KBUILD_DIR=/tmp/vburn-kb/kbuild KDIR="$kdir" \
		kmod 2>&1) || echo "$out" | grep -q "warning:"; then
		echo "$out" >>"$log"
		echo "FAIL e2e-kernels unstable: the module does not build" \
			"cleanly for $ver: $(echo "$out" |
				grep -E "warning:|error" | head -n 3)"
		return 1
	fi
	echo "PASS kmod-build-$ver (no warnings)"
	mkdir -p "$build/kbuild-vm/kmod"
	cp "$root/tmp/vburn-kb/kbuild/kmod/vburn_hba.ko" "$build/kbuild-vm/kmod/"
	echo "built for $ver in $root" >"$build/kbuild-vm.log"

	# linux-image-X depends on the parts it is split into
	debs=$root/tmp/vburn-debs
	rm -rf "$debs" && mkdir -p "$debs"
	for p in image binary modules base; do
		chroot "$root" sh -c "cd /tmp/vburn-debs &&
			apt-get -q download linux-$p-$ver" >>"$log" 2>&1 ||
			[ $p != image ] || {
			echo "FAIL e2e-kernels unstable: cannot fetch linux-image-$ver"
			return 1
		}
	done
	p=$(echo "$debs"/linux-image-*.deb)
	for f in "$debs"/*.deb; do
		[ "$f" = "$p" ] || p="$p $f"
	done
	VBURN_VM_KERNEL_DEB=$p \
		tests/vm/run-e2e.sh "$build" "${scenarios[@]}"
}

[ $# -gt 0 ] || set -- bookworm unstable
rc=0
for k in "$@"; do
	case "$k" in
	bookworm) bookworm || rc=1 ;;
	unstable) unstable || rc=1 ;;
	*)
		echo "kernels.sh: unknown kernel set '$k' (bookworm, unstable)" >&2
		rc=2
		;;
	esac
done
tests/vm/kmod-build.sh "$build" >/dev/null 2>&1
exit $rc
