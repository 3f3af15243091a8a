#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""mkudf25.py - build a UDF 2.50/2.60 image with a Metadata Partition.

usage: mkudf25.py [--rev 2.50|2.60] [--label NAME] [--embed-max N] OUT.img SRCDIR

Test fixture for the UDF reader: an independent writer, from ECMA-167 3rd
edition and OSTA UDF 2.50/2.60, of the layout BD-ROM discs use:

  sector 0-15    zero (system area)
  16,17,18       Volume Recognition Sequence: BEA01 NSR03 TEA01 (ECMA 2/8)
  32-37          Main VDS: PVD IUVD PD LVD USD TD (ECMA 3/8.4.2)
  48-53          Reserve VDS, same descriptors
  64,65          Logical Volume Integrity Sequence: LVID, TD (ECMA 3/8.8.2)
  256, N-1       Anchor Volume Descriptor Pointer (ECMA 3/8.4.2.1)
  257..N-2       the physical partition (partition number 0, read-only)
                 (block 0 Metadata File EFE, 1 Metadata Mirror File EFE,
                  16.. the mirror extent, then the metadata extent, then
                  file data)

The logical volume has two partition maps (UDF 2.2.4.2): 0 = type 1 on the
physical partition, 1 = type 2 "*UDF Metadata Partition" (UDF 2.2.10) whose
blocks are those of the Metadata File.  The metadata partition holds the FSD
(block 0) and its TD, every (Extended) File Entry and the directory streams;
file data is in the physical partition, addressed by long_ad (partition 0).
No Metadata Bitmap File (location 0xFFFFFFFF) and no space bitmap: the
partition is read-only (access type 1), as on BD-ROM.  Output depends only on
the source tree (timestamps are the sources'; files are read with O_NOATIME).

Limits: sector and block size 2048; regular files, directories and symbolic
links only (devices, FIFOs and sockets are skipped with a warning); no
extended attributes or named streams; at most 114 extents of ~1 GiB per file
(no Allocation Extent Descriptors), so files up to ~114 GiB; symlink bodies
and names must fit (1832 bytes / 255 bytes of CS0); characters beyond U+FFFF
are stored as UTF-16 surrogate pairs.
"""
import argparse
import binascii
import os
import stat
import struct
import sys
import time

SECT = 2048                 # sector = logical block size (UDF 2.1.4)
EFE_HDR = 216               # Extended File Entry without EA/AD (ECMA 4/14.17)
ICB_ROOM = SECT - EFE_HDR   # room for allocation descriptors / embedded data
MAX_EXT = 0x3FFFF800        # largest extent length, multiple of 2048 (ECMA 4/14.14.1.1)
ALLOC_UNIT, ALIGN_UNIT = 32, 16     # metadata partition map (UDF 2.2.10)
PART_START = 257            # physical partition starts after the AVDP at 256
MAIN_VDS, RESV_VDS, LVIS = 32, 48, 64
SLACK = 64                  # unused blocks left at the end of the partition
IMPL_ID = b"*vburn mkudf25"
NOATIME = getattr(os, "O_NOATIME", 0)

# Tag identifiers (ECMA 3/7.2.1, 4/7.2.1)
PVD, AVDP, IUVD, PD, LVD, USD, TD, LVID = 1, 2, 4, 5, 6, 7, 8, 9
FSD, FID, EFE = 256, 257, 266
# ICB file types (ECMA 4/14.6.6, UDF 2.2.13)
FT_DIR, FT_FILE, FT_SYMLINK, FT_META, FT_MIRROR = 4, 5, 12, 250, 251
# ICB flags allocation descriptor type (ECMA 4/14.6.8)
AD_SHORT, AD_LONG, AD_EMBED = 0, 1, 3


# ---------------------------------------------------------------- primitives
def tag(ident, loc, body):
    """Descriptor tag (ECMA 3/7.2) + body: CRC-ITU-T over the body, then the
    checksum of tag bytes 0-3 and 5-15.  Descriptor version 3 (NSR03), serial 1."""
    t = bytearray(struct.pack("<HHBBHHHI", ident, 3, 0, 0, 1,
                              binascii.crc_hqx(body, 0), len(body), loc))
    t[4] = (sum(t[0:4]) + sum(t[5:16])) & 0xFF
    return bytes(t) + body


def cs0(s):
    """OSTA Compressed Unicode (UDF 2.1.1): ID 8 = one byte per character if
    all are < U+0100, else ID 16 = UCS-2 big-endian."""
    if not s:
        return b""
    if all(ord(c) < 0x100 for c in s):
        return b"\x08" + s.encode("latin-1")
    return b"\x10" + s.encode("utf-16-be", "surrogatepass")


def dstring(s, n):
    """dstring of n bytes (ECMA 1/7.2.12): CS0, zero padded, length last."""
    b = cs0(s)
    if len(b) > n - 1:                       # truncate on a character boundary
        unit = 1 if b[0] == 8 else 2
        b = b[:1 + (n - 2) // unit * unit]
    return b + bytes(n - 1 - len(b)) + bytes([len(b)]) if b else bytes(n)


def charspec():
    """charspec CS0 "OSTA Compressed Unicode" (ECMA 1/7.2.1, UDF 2.1.2)."""
    return b"\x00" + b"OSTA Compressed Unicode".ljust(63, b"\0")


def regid(ident, suffix=b""):
    """EntityID (ECMA 1/7.4, UDF 2.1.5): flags, identifier[23], suffix[8]."""
    return struct.pack("<B23s8s", 0, ident, suffix)


def impl_id():
    """Implementation identifier, suffix OS class 4 UNIX / OS id 5 Linux (UDF 2.1.5.3)."""
    return regid(IMPL_ID, bytes([4, 5]))


def udf_id(ident, rev):
    """UDF identifier suffix: UDF revision, OS class, OS id (UDF 2.1.5.3)."""
    return regid(ident, struct.pack("<HBB", rev, 4, 5))


def domain_id(rev):
    """Domain identifier suffix: UDF revision, domain flags 0 (UDF 2.1.5.3)."""
    return regid(b"*OSTA UDF Compliant", struct.pack("<H", rev))


def timestamp(ns):
    """timestamp (ECMA 1/7.3): type 1 (local time) with offset 0 = UTC."""
    sec, frac = divmod(ns, 10 ** 9)
    t = time.gmtime(sec)
    return struct.pack("<HhBBBBBBBB", 0x1000, t.tm_year, t.tm_mon, t.tm_mday,
                       t.tm_hour, t.tm_min, t.tm_sec, frac // 10 ** 7,
                       frac // 10 ** 5 % 100, frac // 1000 % 100)


def short_ad(length, pos):           # ECMA 4/14.14.1, type 0 = recorded
    return struct.pack("<II", length, pos)


def long_ad(length, blk, pref, uniq=None):
    """long_ad (ECMA 4/14.14.2); in FIDs the implementation use holds flags 0
    and the low 32 bits of the UDF Unique ID (UDF 2.3.4.3, 2.3.10.1)."""
    imp = bytes(6) if uniq is None else struct.pack("<HI", 0, uniq & 0xFFFFFFFF)
    return struct.pack("<IIH", length, blk, pref) + imp


def extents(nbytes, start, maxlen):
    """Split nbytes from block start into (length, block) extents <= maxlen."""
    out = []
    while nbytes > 0:
        n = min(nbytes, maxlen)
        out.append((n, start))
        nbytes -= n
        start += n // SECT
    return out


def blocks(nbytes):
    return (nbytes + SECT - 1) // SECT


def roundup(n, m):
    return (n + m - 1) // m * m


# ------------------------------------------------------- volume descriptors
def vrs_desc(ident):
    """Volume Structure Descriptor (ECMA 2/9.1): type 0, id, version 1."""
    return b"\x00" + ident + b"\x01"


def pvd_desc(loc, label, when):
    """Primary Volume Descriptor (ECMA 3/10.1, UDF 2.2.2)."""
    body = struct.pack("<II", 1, 0) + dstring(label, 32)
    body += struct.pack("<HHHHII", 1, 1, 2, 3, 1, 1)
    body += dstring("564255524E554446" + label, 128)   # fixed (UDF 2.2.2.5)
    body += charspec() + charspec() + bytes(16)                # + abstract, copyright
    body += regid(b"") + when + impl_id() + bytes(64)
    body += struct.pack("<IH", 0, 0) + bytes(22)
    return tag(PVD, loc, body)


def iuvd_desc(loc, label, rev):
    """Implementation Use Volume Descriptor with LV Info (ECMA 3/10.4, UDF 2.2.7)."""
    body = struct.pack("<I", 2) + udf_id(b"*UDF LV Info", rev)
    body += charspec() + dstring(label, 128) + bytes(3 * 36) + impl_id() + bytes(128)
    return tag(IUVD, loc, body)


def pd_desc(loc, plen):
    """Partition Descriptor (ECMA 3/10.5, UDF 2.2.14): allocated, number 0,
    contents "+NSR03" with an empty Partition Header Descriptor (4/14.3),
    access type 1 (read-only)."""
    body = struct.pack("<IHH", 3, 1, 0) + regid(b"+NSR03") + bytes(128)
    body += struct.pack("<III", 1, PART_START, plen) + impl_id() + bytes(128 + 156)
    return tag(PD, loc, body)


def lvd_desc(loc, label, rev, meta_loc, mirror_loc):
    """Logical Volume Descriptor (ECMA 3/10.6, UDF 2.2.4) with a type 1 map
    (3/10.7.2) and the Metadata Partition Map (UDF 2.2.10)."""
    maps = struct.pack("<BBHH", 1, 6, 1, 0)
    maps += struct.pack("<BBH", 2, 64, 0) + udf_id(b"*UDF Metadata Partition", rev)
    maps += struct.pack("<HHIIIIHB5x", 1, 0, meta_loc, mirror_loc, 0xFFFFFFFF,
                        ALLOC_UNIT, ALIGN_UNIT, 0)
    body = struct.pack("<I", 4) + charspec() + dstring(label, 128)
    body += struct.pack("<I", SECT) + domain_id(rev)
    body += long_ad(2 * SECT, 0, 1)          # FSD extent: metadata partition, block 0
    body += struct.pack("<II", len(maps), 2) + impl_id() + bytes(128)
    body += struct.pack("<II", 16 * SECT, LVIS) + maps
    return tag(LVD, loc, body)


def usd_desc(loc):
    """Unallocated Space Descriptor with no extents (ECMA 3/10.8)."""
    return tag(USD, loc, struct.pack("<II", 5, 0))


def td_desc(loc):
    """Terminating Descriptor (ECMA 3/10.9, 4/14.2)."""
    return tag(TD, loc, bytes(496))


def avdp_desc(loc):
    """Anchor Volume Descriptor Pointer (ECMA 3/10.2): main and reserve VDS."""
    body = struct.pack("<IIII", 16 * SECT, MAIN_VDS, 16 * SECT, RESV_VDS)
    return tag(AVDP, loc, body + bytes(480))


def lvid_desc(loc, when, rev, next_uid, free, size, nfiles, ndirs):
    """Logical Volume Integrity Descriptor, closed (ECMA 3/10.10, UDF 2.2.6),
    with the Logical Volume Header (next Unique ID, UDF 3.2.1) and the UDF
    implementation use (UDF 2.2.6.4)."""
    iu = impl_id() + struct.pack("<IIHHH", nfiles, ndirs, rev, rev, rev)
    body = when + struct.pack("<I", 1) + bytes(8)
    body += struct.pack("<Q", next_uid) + bytes(24)
    body += struct.pack("<II", len(free), len(iu))
    body += struct.pack("<%dI" % len(free), *free) + struct.pack("<%dI" % len(size), *size)
    return tag(LVID, loc, body + iu)


# ------------------------------------------------------------ file set, ICBs
def fsd_desc(label, rev, when, root_blk):
    """File Set Descriptor (ECMA 4/14.1, UDF 2.3.2) at metadata block 0."""
    body = when + struct.pack("<HHIIII", 3, 3, 1, 1, 0, 0)
    body += charspec() + dstring(label, 128) + charspec() + dstring(label, 32)
    body += bytes(64)                                   # copyright, abstract
    body += long_ad(SECT, root_blk, 1) + domain_id(rev)
    body += bytes(16 + 16 + 32)                         # next extent, streams
    return tag(FSD, 0, body)


def permissions(mode):
    """ECMA 4/14.9.5: 5 bits per class (x=1 w=2 r=4), other 0-4, group 5-9,
    owner 10-14; the POSIX rwx triplets map directly."""
    return (mode & 7) | ((mode >> 3) & 7) << 5 | ((mode >> 6) & 7) << 10


def efe_desc(loc, ftype, st, nlink, uniq, size, nblocks, adtype, ads, when_ns=0):
    """Extended File Entry (ECMA 4/14.17, UDF 2.3.6) with ICB tag (4/14.6):
    strategy 4, one entry; setuid/setgid/sticky in the ICB flags."""
    flags = adtype
    if st is not None:
        m = st.st_mode
        for bit, flag in ((stat.S_ISUID, 0x40), (stat.S_ISGID, 0x80), (stat.S_ISVTX, 0x100)):
            flags |= flag if m & bit else 0
        ids = (st.st_uid, st.st_gid, permissions(m))
        times = (st.st_atime_ns, st.st_mtime_ns,
                 getattr(st, "st_birthtime_ns", st.st_mtime_ns), st.st_ctime_ns)
    else:                       # Metadata (Mirror) File: the recording time
        ids, times = (0xFFFFFFFF, 0xFFFFFFFF, 0), (when_ns,) * 4
    icb = struct.pack("<IHHHBB6sH", 0, 4, 0, 1, 0, ftype, bytes(6), flags)
    body = icb + struct.pack("<IIIHBBIQQQ", *ids, nlink, 0, 0, 0, size, size, nblocks)
    body += b"".join(timestamp(t) for t in times)
    body += struct.pack("<II", 1, 0) + bytes(32)        # checkpoint, EA/stream ICBs
    body += impl_id() + struct.pack("<QII", uniq, 0, len(ads)) + ads
    return tag(EFE, loc, body)


def fid_len(name_cs0):
    """Padded size of a FID (ECMA 4/14.4): 38 + L_IU(0) + L_FI, to 4 bytes."""
    return (38 + len(name_cs0) + 3) & ~3


def fid_desc(loc, chars, name_cs0, node):
    """File Identifier Descriptor (ECMA 4/14.4, UDF 2.3.4); CRC covers padding."""
    body = struct.pack("<HBB", 1, chars, len(name_cs0))
    body += long_ad(SECT, node.blk, 1, node.uniq) + struct.pack("<H", 0) + name_cs0
    return tag(FID, loc, body + bytes(fid_len(name_cs0) - 16 - len(body)))


def path_components(target):
    """Symbolic link body (ECMA 4/14.16.1): type 2 root, 3 "..", 4 ".",
    5 named (CS0), version 0."""
    out = b""
    if target.startswith("/"):
        out += struct.pack("<BBH", 2, 0, 0)
    for c in target.split("/"):
        if c == "..":
            out += struct.pack("<BBH", 3, 0, 0)
        elif c == ".":
            out += struct.pack("<BBH", 4, 0, 0)
        elif c:
            ident = cs0(c)
            if len(ident) > 255:
                sys.exit("mkudf25: symlink component too long: %r" % c)
            out += struct.pack("<BBH", 5, len(ident), 0) + ident
    return out


# -------------------------------------------------------------- source tree
class Node:
    def __init__(self, path, st):
        self.path, self.st = path, st
        self.children = []          # (name CS0, Node) for directories
        self.nlink = 0              # FIDs naming it (ECMA 4/14.9.6)
        self.uniq = self.blk = None  # Unique ID, metadata block of its EFE
        self.data = None            # embedded bytes, or physical start block
        self.stream_blk = None      # metadata block of a directory's FIDs
        self.parent = self          # directory holding a directory's parent FID

    @property
    def isdir(self):
        return stat.S_ISDIR(self.st.st_mode)

    def stream_len(self):
        return fid_len(b"") + sum(fid_len(n) for n, _ in self.children)


def open_noatime(path, flags):
    try:
        return os.open(path, flags | NOATIME)
    except PermissionError:
        return os.open(path, flags)


def scan(path, inodes):
    node = Node(path, os.lstat(path))
    fd = open_noatime(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        names = sorted(os.listdir(fd))
    finally:
        os.close(fd)
    for name in names:
        p = os.path.join(path, name)
        st = os.lstat(p)
        if stat.S_ISDIR(st.st_mode):
            child = scan(p, inodes)
            child.parent = node
        elif stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
            child = inodes.setdefault((st.st_dev, st.st_ino), Node(p, st))
        else:
            print("mkudf25: skipping special file %s" % p, file=sys.stderr)
            continue
        ident = cs0(name)
        if len(ident) > 255:
            sys.exit("mkudf25: name too long: %r" % p)
        child.nlink += 1
        node.children.append((ident, child))
    return node


def walk(root):
    """Every inode once, pre-order (directory before its contents)."""
    seen, order, todo = set(), [], [root]
    while todo:
        n = todo.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        order.append(n)
        todo.extend(c for _, c in reversed(n.children))
    return order


def read_file(node):
    fd = open_noatime(node.path, os.O_RDONLY)
    with os.fdopen(fd, "rb") as f:
        while True:
            buf = f.read(1 << 20)
            if not buf:
                break
            yield buf


# ------------------------------------------------------------------- layout
def build(out, src, rev, label, embed_max):
    root = scan(src, {})
    nodes = walk(root)
    # Link count = FIDs identifying the ICB (ECMA 4/14.9.6, UDF 2.3.6.3): a
    # directory is named by the FID in its parent (for the root: its own
    # parent FID) and by the parent FID of each subdirectory.
    root.nlink = 1
    for n in nodes:
        n.nlink += sum(1 for _, c in n.children if c.isdir)
    when = timestamp(root.st.st_mtime_ns)

    # Metadata partition: 0 FSD, 1 TD, then each EFE (+ directory stream).
    mblk, uniq = 2, 16
    for n in nodes:
        n.blk, mblk = mblk, mblk + 1
        n.uniq = 0 if n is root else uniq            # UDF 3.2.1.1
        uniq += n is not root
        if n.isdir and n.stream_len() > ICB_ROOM:
            n.stream_blk, mblk = mblk, mblk + blocks(n.stream_len())
    msize = roundup(mblk, ALLOC_UNIT)                # metadata partition blocks

    # Physical partition: 0 Metadata File, 1 Mirror, the mirror extent, the
    # metadata extent (both aligned), then file data.  The mirror comes first
    # so that the last metadata a reader needs is not followed by unread data.
    mirror_start = ALIGN_UNIT
    meta_start = mirror_start + msize
    pblk = meta_start + msize
    used = 2 + 2 * msize
    for n in nodes:
        if stat.S_ISLNK(n.st.st_mode):
            n.data = path_components(os.readlink(n.path))
            if len(n.data) > ICB_ROOM:
                sys.exit("mkudf25: symlink too long: %s" % n.path)
        elif stat.S_ISREG(n.st.st_mode):
            size = n.st.st_size
            if 0 < embed_max and size <= min(embed_max, ICB_ROOM):
                n.data = b"".join(read_file(n))
                if len(n.data) != size:
                    sys.exit("mkudf25: %s changed while reading" % n.path)
            else:
                n.data, pblk = pblk, pblk + blocks(size)
                used += blocks(size)
                if len(extents(size, 0, MAX_EXT)) * 16 > ICB_ROOM:
                    sys.exit("mkudf25: file too large: %s" % n.path)
    nsect = roundup(PART_START + pblk + SLACK + 1, 32)
    plen = nsect - 1 - PART_START                    # last sector: AVDP

    with open(out, "wb") as img:
        img.truncate(nsect * SECT)

        def put(sector, data):
            img.seek(sector * SECT)
            img.write(data)

        for i, ident in enumerate((b"BEA01", b"NSR03", b"TEA01")):
            put(16 + i, vrs_desc(ident))
        for base in (MAIN_VDS, RESV_VDS):
            vds = (pvd_desc(base, label, when), iuvd_desc(base + 1, label, rev),
                   pd_desc(base + 2, plen),
                   lvd_desc(base + 3, label, rev, 0, 1),
                   usd_desc(base + 4), td_desc(base + 5))
            for i, d in enumerate(vds):
                put(base + i, d)
        nfiles = sum(1 for n in nodes if not n.isdir)
        put(LVIS, lvid_desc(LVIS, when, rev, uniq, [plen - used, msize - mblk],
                            [plen, msize], nfiles, len(nodes) - nfiles))
        put(LVIS + 1, td_desc(LVIS + 1))
        put(256, avdp_desc(256))
        put(nsect - 1, avdp_desc(nsect - 1))

        # Metadata File and Mirror (UDF 2.2.13.1-2): short_ads, type 250/251.
        for blk, ft, start in ((0, FT_META, meta_start), (1, FT_MIRROR, mirror_start)):
            ads = b"".join(short_ad(l, p) for l, p in
                           extents(msize * SECT, start, MAX_EXT // SECT // ALLOC_UNIT
                                   * ALLOC_UNIT * SECT))
            put(PART_START + blk, efe_desc(blk, ft, None, 1, 0, msize * SECT,
                                           msize, AD_SHORT, ads, root.st.st_mtime_ns))

        meta = bytearray(msize * SECT)

        def mput(blk, data):
            meta[blk * SECT:blk * SECT + len(data)] = data

        mput(0, fsd_desc(label, rev, when, root.blk))
        mput(1, td_desc(1))
        for n in nodes:
            mput(n.blk, node_efe(n))
        for n in nodes:
            if n.stream_blk is not None:
                mput(n.stream_blk, dir_stream(n, n.stream_blk))
        put(PART_START + meta_start, meta)
        put(PART_START + mirror_start, meta)

        for n in nodes:                              # file data
            if stat.S_ISREG(n.st.st_mode) and isinstance(n.data, int):
                img.seek((PART_START + n.data) * SECT)
                got = 0
                for buf in read_file(n):
                    img.write(buf)
                    got += len(buf)
                if got != n.st.st_size:
                    sys.exit("mkudf25: %s changed while reading" % n.path)
    return nsect


def dir_stream(d, start_blk):
    """A directory's FIDs (ECMA 4/8.6, 4/14.4): the parent FID (characteristics
    directory|parent, no name), then one per child.  tagLocation = block holding
    the FID's first byte (the EFE's block when embedded, start_blk is None)."""
    out = bytearray()
    entries = [(0x0A, b"", d.parent)] + [(0x02 if c.isdir else 0, name, c)
                                       for name, c in d.children]
    for chars, name, node in entries:
        loc = d.blk if start_blk is None else start_blk + len(out) // SECT
        out += fid_desc(loc, chars, name, node)
    return bytes(out)


def node_efe(n):
    m = n.st.st_mode
    if n.isdir:
        if n.stream_blk is None:
            ads = dir_stream(n, None)
            return efe_desc(n.blk, FT_DIR, n.st, n.nlink, n.uniq, len(ads), 0,
                            AD_EMBED, ads)
        size = n.stream_len()
        ads = b"".join(short_ad(l, p) for l, p in extents(size, n.stream_blk, MAX_EXT))
        return efe_desc(n.blk, FT_DIR, n.st, n.nlink, n.uniq, size, blocks(size),
                        AD_SHORT, ads)
    ftype = FT_SYMLINK if stat.S_ISLNK(m) else FT_FILE
    if isinstance(n.data, bytes):                    # embedded (ECMA 4/14.6.8)
        return efe_desc(n.blk, ftype, n.st, n.nlink, n.uniq, len(n.data), 0,
                        AD_EMBED, n.data)
    size = n.st.st_size
    ads = b"".join(long_ad(l, p, 0) for l, p in extents(size, n.data, MAX_EXT))
    return efe_desc(n.blk, ftype, n.st, n.nlink, n.uniq, size, blocks(size),
                    AD_LONG, ads)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rev", choices=("2.50", "2.60"), default="2.50")
    ap.add_argument("--label", default="VBURN_UDF25")
    ap.add_argument("--embed-max", type=int, default=0,
                    help="store files of at most N bytes inside their ICB (0: never)")
    ap.add_argument("out")
    ap.add_argument("src")
    a = ap.parse_args()
    rev = 0x0250 if a.rev == "2.50" else 0x0260
    build(a.out, a.src, rev, a.label, a.embed_max)


if __name__ == "__main__":
    main()
