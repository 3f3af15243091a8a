#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""udf_vat.py - turn a mkudf25.py volume into one with a Virtual Allocation Table.

usage: udf_vat.py IN.img OUT.img

A write-once disc written incrementally (CD-R or DVD+-R in Windows' "like a
USB flash drive" mode, mkudffs for cdr/dvdr/bdr) addresses its file entries
and directories in a virtual partition (UDF 2.2.8 type 2 map "*UDF Virtual
Partition"): virtual block N is the physical partition block that entry N
of the VAT names, and the VAT itself is a file recorded last on the track
(UDF 2.2.11: from UDF 2.00 an ICB of file type 248 whose data is a header
and then the entries). mkudffs makes such volumes only empty; this makes
one with the files of a mkudf25.py volume: its metadata partition map
becomes the virtual one (same partition, same block numbers), the VAT maps
virtual block N to the Metadata File's extent + N, the trailing anchor
gives way to the VAT's data and ICB as the last blocks, and the Partition
Descriptors grow to hold them. Everything else is left as mkudf25.py wrote
it (the Metadata File's ICB stays, unreferenced). The kernel's udf is the
judge of the result (tests/vm/scenarios/31-load-tcmu.sh).
"""
import binascii
import struct
import sys

SECT = 2048
PART_START = 257                 # mkudf25.py's physical partition
LVDS, PDS = (35, 51), (34, 50)   # its LVD and PD in the main and reserve VDS
MAP1 = 440 + 6                   # its second partition map, in the LVD
FT_VAT = 248                     # ICB file type of a UDF 2.00+ VAT


def retag(d):
    """Sets the CRC (over descCRCLength bytes of body) and the checksum of
    the descriptor tag at the start of bytearray d (ECMA-167 3/7.2)."""
    crclen = struct.unpack_from("<H", d, 10)[0]
    struct.pack_into("<H", d, 8, binascii.crc_hqx(bytes(d[16:16 + crclen]), 0))
    d[4] = (sum(d[0:4]) + sum(d[5:16])) & 0xFF


def vat_efe(loc, size, data_blk, nblocks):
    """The VAT's Extended File Entry (ECMA-167 4/14.17): short_ad data."""
    body = bytearray(SECT - 16)
    b = 0 - 16                       # offsets below are from the tag
    struct.pack_into("<IHHHBB", body, 16 + b, 0, 4, 0, 1, 0, FT_VAT)
    struct.pack_into("<II", body, 36 + b, 0xFFFFFFFF, 0xFFFFFFFF)
    struct.pack_into("<H", body, 48 + b, 1)
    struct.pack_into("<QQQ", body, 56 + b, size, size, nblocks)
    struct.pack_into("<II", body, 208 + b, 0, 8)
    struct.pack_into("<II", body, 216 + b, size, data_blk)
    used = 224 - 16
    d = bytearray(struct.pack("<HHBBHHHI", 266, 3, 0, 0, 1, 0, used, loc))
    d += body
    retag(d)
    return bytes(d)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    img = bytearray(open(sys.argv[1], "rb").read())
    n = len(img) // SECT
    del img[(n - 1) * SECT:]          # the trailing anchor
    meta = img[PART_START * SECT:(PART_START + 1) * SECT]
    l_ea = struct.unpack_from("<I", meta, 208)[0]
    mlen, mpos = struct.unpack_from("<II", meta, 216 + l_ea)
    lvd = img[LVDS[0] * SECT:(LVDS[0] + 1) * SECT]
    rev = struct.unpack_from("<H", lvd, MAP1 + 28)[0]
    # the VAT: header (UDF 2.2.11.2: 152 bytes, no implementation use)
    # then one entry per virtual block
    count = (mlen + SECT - 1) // SECT
    vat = struct.pack("<HH", 152, 0) + bytes(lvd[84:212]) + \
        struct.pack("<IIIHHHH", 0xFFFFFFFF, 0, 0, rev, rev, rev, 0) + \
        b"".join(struct.pack("<I", mpos + k) for k in range(count))
    vblocks = (len(vat) + SECT - 1) // SECT
    data_blk = len(img) // SECT - PART_START
    img += vat.ljust(vblocks * SECT, b"\0")
    img += vat_efe(data_blk + vblocks, len(vat), data_blk, vblocks)
    total = len(img) // SECT
    for s in LVDS:
        d = bytearray(img[s * SECT:(s + 1) * SECT])
        ident = b"*UDF Virtual Partition".ljust(23, b"\0")
        d[MAP1 + 5:MAP1 + 28] = ident
        d[MAP1 + 40:MAP1 + 64] = bytes(24)   # no metadata file fields
        retag(d)
        img[s * SECT:(s + 1) * SECT] = d
    for s in PDS:
        d = bytearray(img[s * SECT:(s + 1) * SECT])
        struct.pack_into("<I", d, 192, total - PART_START)
        retag(d)
        img[s * SECT:(s + 1) * SECT] = d
    open(sys.argv[2], "wb").write(img)


if __name__ == "__main__":
    main()
