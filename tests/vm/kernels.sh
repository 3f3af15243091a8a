#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels.sh: `make e2e-kernels` (issue 12). The kmod scenarios (40-45)
# again in a VM booting the newest other kernel series Debian ships
# (bookworm: 6.12, besides the 6.1 that make check boots), with the
# module built for it against its Debian headers (scripts/deps.sh check
# installs them; make check builds the module for both, tests/kmod-check.sh).
# Afterwards the VM cache points at the default kernel again.
#
#   tests/vm/kernels.sh BUILD_DIR
set -uo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$here/../.." || exit 1
meta=$(apt-cache pkgnames linux-image- 2>/dev/null |
	grep -E '^linux-image-[0-9]+\.[0-9]+-amd64$' | sort -V | tail -n 1)
pkg=$(apt-cache depends "$meta" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
if [ -z "$pkg" ]; then
	echo "SKIP e2e-kernels: apt knows no linux-image-X.Y-amd64 (apt-get update)"
	exit 0
fi
echo "e2e-kernels: $pkg"
export VBURN_VM_KERNEL_PKG=$pkg
rc=0
tests/vm/kmod-build.sh "$build" || rc=1
[ $rc = 0 ] && { tests/vm/run-e2e.sh "$build" 40-kmod 41-kmod 42-kmod \
	43-kmod 44-kmod 45-kmod || rc=1; }
unset VBURN_VM_KERNEL_PKG
tests/vm/kmod-build.sh "$build" >/dev/null 2>&1
exit $rc
