#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 00-kernel: proves the harness before any daemon test runs. The kernel
# must give us CUSE (our front end), sr/sg and loop (the TCMU path and
# mounting), isofs and udf (reading back what was burned); the clients the
# later scenarios drive must be installed; and an ISO written to the work
# share must loop-mount and read back (isofs + loop + the writable share).
# vburn-e2e-timeout: 120
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

require_root

must "modprobe cuse" modprobe cuse
[ -c /dev/cuse ] || fail "/dev/cuse missing after modprobe cuse"
pass "cuse loaded, /dev/cuse is $(stat -c '%t:%T' /dev/cuse)"

for m in sr_mod sg isofs udf loop; do
	must "modprobe $m" modprobe "$m"
done
grep -qw iso9660 /proc/filesystems || fail "iso9660 not in /proc/filesystems"
grep -qw udf /proc/filesystems || fail "udf not in /proc/filesystems"
[ -c /dev/loop-control ] || fail "/dev/loop-control missing"
pass "sr_mod, sg, isofs, udf, loop loaded"

getent group cdrom >/dev/null || fail "no cdrom group"
pass "cdrom group exists"

must "xorriso -version" xorriso -version
must "cdrskin --version" cdrskin --version
must "wodim --version" wodim --version
# cdrdao has no version option that exits 0; being there is enough here.
require_cmd cdrdao
pass "xorriso, cdrskin, wodim and cdrdao present"

src=$VBURN_TMP/tree
mnt=$VBURN_TMP/mnt
iso=$VBURN_WORK/kernel-check.iso
mkdir -p "$src/dir" "$mnt"
echo "vburn e2e $(date +%s) $$" >"$src/dir/hello.txt"
head -c 300000 /dev/urandom >"$src/blob.bin"
must "xorriso -as mkisofs" xorriso -as mkisofs -quiet -R -J -V VBURN_E2E \
	-o "$iso" "$src"
must "mount the ISO" mount -t iso9660 -o loop,ro "$iso" "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
cmp "$src/dir/hello.txt" "$mnt/dir/hello.txt" || fail "hello.txt differs"
cmp "$src/blob.bin" "$mnt/blob.bin" || fail "blob.bin differs"
must "umount" umount "$mnt"
pass "ISO written to the work share loop-mounts and reads back"

# The helpers later scenarios compare captures with.
size=$(file_size "$iso")
[ "$(sha256_prefix "$iso" "$size")" = "$(sha256sum <"$iso" | cut -d' ' -f1)" ] ||
	fail "sha256_prefix of the whole file differs from sha256sum"
sha256_prefix "$iso" $((size + 1)) 2>/dev/null &&
	fail "sha256_prefix accepted a length past the end"
check_zero_tail "$iso" 0 && fail "check_zero_tail: the ISO is not all zero"
check_zero_tail "$iso" "$size" || fail "check_zero_tail: empty tail not zero"
head -c 4096 /dev/zero >>"$iso"
check_zero_tail "$iso" "$size" || fail "check_zero_tail: appended zeros"
pass "lib.sh byte helpers behave"
exit 0
