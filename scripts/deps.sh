#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian packages a make target needs when run as root; as
# another user, prints the exact command to run and fails.
#   scripts/deps.sh run     what `make run` needs (build + run the daemon)
#   scripts/deps.sh check   what `make check` needs (adds tests, VM, clients)
#   scripts/deps.sh bench   adds the peers benchmarks compare against
set -eu

build="gcc make pkg-config libfuse3-dev fuse3 libisofs-dev libudf-dev libcdio-dev libburn-dev
zlib1g-dev liblzma-dev libflac-dev nettle-dev"
check="$build check qemu-system-x86 busybox-static cpio kmod zstd xorriso cdrskin
wodim cdrdao libcdio-utils sg3-utils iat nrg2iso ccd2iso mdf2iso bchunk
genisoimage cdparanoia cd-paranoia clang libclang-rt-14-dev clang-format xz-utils gcc-multilib
growisofs dvd+rw-tools time p7zip-full man-db systemd udev open-iscsi
libiscsi-bin mame-tools curl udftools"

# The VM's kernel (the one linux-image-amd64 depends on, as
# tests/vm/vm.sh boots) and its headers, for the kmod scenario's module
vm_kernel=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -n 1)
# (and the source of its series, for checkpatch.pl: 6.1.0-57-amd64 -> 6.1)
vm_series=${vm_kernel%%-*}
vm_series=${vm_series%.*}
[ -z "$vm_kernel" ] ||
	check="$check linux-headers-$vm_kernel linux-source-$vm_series"

# and the newest other series Debian ships (bookworm: 6.12), so that
# tests/kmod-check.sh builds the module for an old and a new kernel
newest=$(apt-cache pkgnames linux-headers- 2>/dev/null |
	grep -E '^linux-headers-[0-9]+\.[0-9]+-amd64$' | sort -V | tail -n 1)
[ -z "$newest" ] || check="$check $newest"

bench="$check fuseiso"

case "${1:-check}" in
run) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
*) echo "usage: $0 run|check|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "vburn: missing Debian packages:$missing" >&2
	echo "run: sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "vburn: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
