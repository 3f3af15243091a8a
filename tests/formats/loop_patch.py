#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Makes a hostile copy of an image whose root holds subdirectories: every
subdirectory of the root is pointed back at the root itself, so the tree
loops and, with two of them, doubles at every level (docs/formats.md
"Hostile images").

usage: loop_patch.py iso|udf IN OUT

iso: the ISO 9660 root's directory records (ECMA-119 9.1: extent at 2 LE
and 6 BE, data length at 10 LE and 14 BE) of subdirectories get the
root's extent and length. udf: the File Identifier Descriptors (ECMA-167
4/14.4, tag 0x0101 with a valid tag checksum) of directories other than
the parent entry get the root's ICB block (long_ad at 20: block at 24).
Prints how many entries it changed; exits 1 when none.
"""
import struct
import sys


def patch_iso(b):
    pvd = 16 * 2048
    root = b[pvd + 156:pvd + 156 + 34]
    ext, size = struct.unpack('<I', root[2:6])[0], struct.unpack('<I', root[10:14])[0]
    off, end, n = ext * 2048, ext * 2048 + size, 0
    while off < end and b[off]:
        flags, nlen = b[off + 25], b[off + 32]
        name = bytes(b[off + 33:off + 33 + nlen])
        if flags & 2 and name not in (b'\0', b'\1'):
            b[off + 2:off + 10] = struct.pack('<I', ext) + struct.pack('>I', ext)
            b[off + 10:off + 18] = struct.pack('<I', size) + struct.pack('>I', size)
            n += 1
        off += b[off]
    return n


def patch_udf(b):
    fids = []
    for off in range(0, len(b) - 40, 4):
        if b[off:off + 2] != b'\x01\x01':
            continue
        if (sum(b[off:off + 4]) + sum(b[off + 5:off + 16])) & 0xff != b[off + 4]:
            continue
        fids.append((off, b[off + 18], struct.unpack('<I', b[off + 24:off + 28])[0]))
    # the root's parent entry names the root itself (ECMA-167 4/8.6)
    root = next((lba for off, ch, lba in fids if ch & 8), None)
    if root is None:
        return 0
    n = 0
    for off, ch, lba in fids:
        if ch & 2 and not ch & 8:
            b[off + 24:off + 28] = struct.pack('<I', root)
            n += 1
    return n


def main():
    kind, src, dst = sys.argv[1:4]
    b = bytearray(open(src, 'rb').read())
    n = patch_iso(b) if kind == 'iso' else patch_udf(b)
    open(dst, 'wb').write(b)
    print(n)
    return 0 if n else 1


if __name__ == '__main__':
    sys.exit(main())
