#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Regenerates the binary and the writer-made seeds of fuzz/corpus/.

Usage: fuzz/mkcorpus.py BUILD_DIR   (after `make B=BUILD_DIR all fuzz`)

The text seeds (corpus/cue/*.cue, corpus/toc/*.toc, and their copies in
corpus/write/) are written by hand and kept as they are. This script makes the rest, all tiny and all our
own (never copies of third-party images):
  nrg/     NRG v1 and v2, DAO and TAO, built byte by byte (docs/formats.md 1)
  iso/     sparse descriptions for fuzz_iso (see fuzz/fuzz_iso.c) and one
           plain image
  fs/      tiny volumes made by xorriso, as sparse descriptions, for
           fuzz_fs
  ccd/ mds/  written by BUILD_DIR/vburn-img convert from small TOC and CUE
           sheets over the data files the fuzz targets create (a.iso,
           a.wav, ...), so their offsets fit those files
  sector/  one input per codec of fuzz_sector (first byte selects it)
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def put(sub, name, data):
    os.makedirs(os.path.join(CORPUS, sub), exist_ok=True)
    mode = "w" if isinstance(data, str) else "wb"
    with open(os.path.join(CORPUS, sub, name), mode) as f:
        f.write(data)


def crc16(data):
    """CRC-16 CCITT (0x1021, init 0), inverted: Q and CD-TEXT packs."""
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc ^ 0xFFFF


def cdtext_pack(ptype, track, seq, text12):
    body = bytes([ptype, track, seq, 0]) + text12.ljust(12, b"\0")
    return body + struct.pack(">H", crc16(body))


def cdtext_packs():
    """Title of the disc and track 1, then the three size-info packs."""
    packs = [cdtext_pack(0x80, 0, 0, b"Disc\0One\0"),
             cdtext_pack(0x81, 0, 1, b"Fuzz\0Fuzz\0")]
    info = bytes([0, 1, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0,
                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 9, 0, 0, 0,
                  0, 0, 0, 0, 0, 0, 0, 0])
    for k in range(3):
        packs.append(cdtext_pack(0x8F, k, 2 + k, info[k * 12:k * 12 + 12]))
    return b"".join(packs)


def chunk(cid, payload):
    return cid + struct.pack(">I", len(payload)) + payload


def bcd(v):
    return (v // 10) << 4 | v % 10


def msf(lba):
    f = lba + 150
    return bytes([bcd(f // 4500), bcd(f // 75 % 60), bcd(f % 75)])


def nrg_file(data, chunks, v2=True):
    body = data + b"".join(chunks) + chunk(b"END!", b"")
    if v2:
        return body + b"NER5" + struct.pack(">Q", len(data))
    return body + b"NERO" + struct.pack(">I", len(data))


def nrg_dao_v2():
    """Mode 1 track (4 x 2048, generated pregap) + audio track (2 stored
    pregap sectors, 4 sectors, INDEX 02), CD-TEXT, MCN, MTYP CD."""
    t1 = bytes((i * 7) & 0xFF for i in range(4 * 2048))
    t2 = bytes((i * 3) & 0xFF for i in range(6 * 2352))
    cue = b"".join([
        struct.pack(">BBBBi", 0x41, 0x00, 0x00, 0, -150),
        struct.pack(">BBBBi", 0x41, 0x01, 0x00, 0, -150),
        struct.pack(">BBBBi", 0x41, 0x01, 0x01, 0, 0),
        struct.pack(">BBBBi", 0x01, 0x02, 0x00, 0, 4),
        struct.pack(">BBBBi", 0x01, 0x02, 0x01, 0, 6),
        struct.pack(">BBBBi", 0x01, 0x02, 0x02, 0, 8),
        struct.pack(">BBBBi", 0x01, 0xAA, 0x01, 0, 10)])
    o1 = len(t1)
    dao = struct.pack(">I", 22 + 2 * 42) + b"0123456789012\0" + \
        bytes([0x20, 0, 1, 2])
    dao += b"\0" * 12 + struct.pack(">HBBBB", 2048, 0x00, 0, 0, 1) + \
        struct.pack(">QQQ", 0, 0, o1)
    dao += b"USXX19800001" + struct.pack(">HBBBB", 2352, 0x07, 0, 0, 1) + \
        struct.pack(">QQQ", o1, o1 + 2 * 2352, o1 + len(t2))
    return nrg_file(t1 + t2, [chunk(b"CUEX", cue), chunk(b"DAOX", dao),
                              chunk(b"CDTX", cdtext_packs()),
                              chunk(b"SINF", struct.pack(">I", 2)),
                              chunk(b"MTYP", struct.pack(">I", 1))])


def nrg_dao_v1():
    """v1: CUES (BCD MSF) + DAOI; raw Mode 1 and audio with 96-byte
    subchannel (modes 0x05 and 0x10)."""
    t1 = bytes(3 * 2352)
    t2 = bytes((i * 5) & 0xFF for i in range(3 * 2448))
    cue = b"".join([
        bytes([0x41, 0x00, 0x00, 0]) + b"\0" + msf(-150),
        bytes([0x41, 0x01, 0x01, 0]) + b"\0" + msf(0),
        bytes([0x01, 0x02, 0x01, 0]) + b"\0" + msf(3),
        bytes([0x01, 0xAA, 0x01, 0]) + b"\0" + msf(6)])
    o1 = len(t1)
    dao = struct.pack(">I", 22 + 2 * 30) + b"\0" * 14 + bytes([0, 0, 1, 2])
    dao += b"\0" * 12 + struct.pack(">HBBBB", 2352, 0x05, 0, 0, 1) + \
        struct.pack(">III", 0, 0, o1)
    dao += b"\0" * 12 + struct.pack(">HBBBB", 2448, 0x10, 0, 0, 1) + \
        struct.pack(">III", o1, o1, o1 + len(t2))
    return nrg_file(t1 + t2, [chunk(b"CUES", cue), chunk(b"DAOI", dao)],
                    v2=False)


def nrg_tao_v2():
    """Two TAO sessions (ETN2): Mode 1 x 3, then XA raw (0x06) x 2."""
    t1 = bytes(3 * 2048)
    t2 = bytes(2 * 2352)
    e1 = struct.pack(">QQIIQ", 0, len(t1), 0x00, 0, 0)
    e2 = struct.pack(">QQIIQ", len(t1), len(t2), 0x06, 0, 0)
    return nrg_file(t1 + t2, [chunk(b"ETN2", e1),
                              chunk(b"SINF", struct.pack(">I", 1)),
                              chunk(b"ETN2", e2),
                              chunk(b"SINF", struct.pack(">I", 1)),
                              chunk(b"MTYP", struct.pack(">I", 0x400))])


def nrg_tao_v1():
    """v1 TAO: ETNF with an audio and a Mode 2 (0x03, 2336) track."""
    t1 = bytes((i * 11) & 0xFF for i in range(2 * 2352))
    t2 = bytes(2 * 2336)
    e = struct.pack(">IIIII", 0, len(t1), 0x07, 0, 0) + \
        struct.pack(">IIIII", len(t1), len(t2), 0x03, 152, 0)
    return nrg_file(t1 + t2, [chunk(b"ETNF", e)], v2=False)


def sparse(layout, blocks, chunks):
    """fuzz_iso's sparse description: chunks are (block, offset, bytes)."""
    out = b"SPRS" + struct.pack("<BH", layout, blocks)
    for blk, off, data in chunks:
        while data:
            part, data = data[:255], data[255:]
            out += struct.pack("<HHB", blk, off, len(part)) + part
            off += len(part)
    return out


def pvd(vss):
    """ISO 9660 primary volume descriptor head: type 1, CD001, version 1,
    volume space size both-endian at byte 80 (ECMA-119 8.4)."""
    d = bytearray(88)
    d[0:7] = b"\x01CD001\x01"
    d[80:88] = struct.pack("<I", vss) + struct.pack(">I", vss)
    return bytes(d)


TERM = b"\xffCD001\x01"


def iso_seeds():
    put("iso", "one.sprs", sparse(0, 20, [(16, 0, pvd(20)), (17, 0, TERM)]))
    # xorriso emulated TOC: superblock copy at 0, session 1 at 32, vss
    # relative to the session; session 2 at the next 32-block boundary
    put("iso", "emul.sprs", sparse(0, 128, [
        (16, 0, pvd(64)), (17, 0, TERM), (48, 0, pvd(32)), (49, 0, TERM),
        (80, 0, pvd(96)), (81, 0, TERM)]))
    # growisofs -C style, absolute volume space sizes, 16-aligned starts
    put("iso", "multi.sprs", sparse(0, 96, [
        (16, 0, pvd(20)), (17, 0, TERM), (48, 0, pvd(40)),
        (49, 0, TERM), (64, 0, pvd(90)), (65, 0, TERM)]))
    # raw 2352 Mode 1 / Mode 2 and 2336 XA layouts, and UDF's BEA01
    put("iso", "raw1.sprs", sparse(1, 24, [
        (16, 0, b"\0" + b"\xff" * 10 + b"\0\0\x02\x16\x01"),
        (16, 16, pvd(24)), (17, 16, TERM)]))
    put("iso", "raw2.sprs", sparse(1, 24, [
        (16, 0, b"\0" + b"\xff" * 10 + b"\0\0\x02\x16\x02"),
        (16, 24, pvd(24)), (17, 24, TERM)]))
    put("iso", "xa2336.sprs", sparse(2, 24, [(16, 8, pvd(24)),
                                             (17, 8, TERM)]))
    put("iso", "udf.sprs", sparse(0, 40, [(16, 0, b"\0BEA01\x01"),
                                          (17, 0, b"\0NSR02\x01"),
                                          (18, 0, b"\0TEA01\x01")]))
    # a plain image without descriptors: one Mode 1 track of 4 blocks
    put("iso", "plain.iso", bytes((i * 13) & 0xFF for i in range(4 * 2048)))


def sector_seeds():
    sync = b"\0" + b"\xff" * 10 + b"\0"
    m1 = sync + bytes([0x00, 0x02, 0x00, 0x01]) + bytes(2336)
    put("sector", "verify-mode1", bytes([0]) + bytes([2, 0, 0, 0, 0]) + m1)
    put("sector", "verify-form2", bytes([6]) + bytes([5, 0, 0, 0, 0]) +
        sync + bytes([0x00, 0x02, 0x01, 0x02]) +
        bytes([0, 0, 0x20, 0, 0, 0, 0x20, 0]) + bytes(2328))
    put("sector", "encode-mode1", bytes([1, 2, 100, 0, 0, 0]) +
        bytes(range(256)) * 8)
    put("sector", "encode-form1", bytes([7, 4, 100, 0, 0, 0]) +
        bytes([0, 0, 8, 0, 0, 0, 8, 0]) + bytes(2048))
    q = bytes([0x41, 0x01, 0x01, 0x00, 0x00, 0x00, 0, 0x00, 0x02, 0x00])
    put("sector", "subq-pos", bytes([2]) + q + struct.pack(">H", crc16(q)))
    q = bytes([0x42, 0x01, 0x23, 0x45, 0x67, 0x89, 0x01, 0x20, 0, 0x10])
    put("sector", "subq-mcn", bytes([8]) + q + struct.pack(">H", crc16(q)))
    q = bytes([0x01, 0x00, 0xA0, 0x00, 0x00, 0x00, 0, 0x01, 0x20, 0x00])
    put("sector", "subq-toc", bytes([14]) + q + struct.pack(">H", crc16(q)))
    put("sector", "leadin", bytes([3, 2, 0x10, 0x27, 0x00, 0x27, 0, 0, 0]) +
        bytes([0x14, 0xA0, 0, 0, 0, 0, 1, 0x20, 0, 0]) +
        bytes([0x14, 0xA1, 0, 0, 0, 0, 2, 0, 0, 0]) +
        bytes([0x14, 0xA2, 0, 0, 0, 0, 4, 2, 3, 0]))
    put("sector", "subch", bytes([4]) + bytes((i * 37) & 0xFF
                                              for i in range(96)))
    put("sector", "cdtext", bytes([5]) + cdtext_packs())


TOC_DATA_AUDIO = """CD_ROM
CATALOG "0123456789012"
CD_TEXT { LANGUAGE_MAP { 0 : EN } LANGUAGE 0 { TITLE "Seed" PERFORMER "Fuzz" } }
TRACK MODE1
CD_TEXT { LANGUAGE 0 { TITLE "One" } }
DATAFILE "a.iso" 00:00:03
TRACK AUDIO
ISRC "USXX19800001"
CD_TEXT { LANGUAGE 0 { TITLE "Two" } }
PREGAP 00:00:02
FILE "a.wav" 0 00:00:03
INDEX 00:00:01
"""

TOC_XA = """CD_ROM_XA
TRACK MODE2_RAW
DATAFILE "a.bin" #0 00:00:04
"""

CUE_SESSIONS = """REM SESSION 01
FILE "s1.bin" BINARY
  TRACK 01 MODE1/2352
    INDEX 01 00:00:00
REM SESSION 02
FILE "s2.bin" BINARY
  TRACK 02 MODE1/2352
    INDEX 01 00:00:00
"""


def writer_seeds(build):
    img = os.path.join(build, "vburn-img")
    fuzzer = os.path.join(build, "fuzz", "fuzz_nrg")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        env = dict(os.environ, VBURN_FUZZ_DATA=data)
        subprocess.run([fuzzer, "-runs=0"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # small files for the sessions: a.img must hold them all
        for name in ("s1.bin", "s2.bin"):
            with open(os.path.join(data, "a.bin"), "rb") as f:
                part = f.read(4 * 2352)
            with open(os.path.join(data, name), "wb") as f:
                f.write(part)
        srcs = {"toc-data-audio.toc": TOC_DATA_AUDIO, "toc-xa.toc": TOC_XA,
                "cue-sessions.cue": CUE_SESSIONS}
        for name, text in srcs.items():
            src = os.path.join(data, name)
            with open(src, "w") as f:
                f.write(text)
            stem = name.rsplit(".", 1)[0]
            for fmt in ("ccd", "mds"):
                out = os.path.join(tmp, stem + "-" + fmt)
                os.makedirs(out)
                subprocess.run([img, "convert", src,
                                os.path.join(out, "a." + fmt)], check=True)
                with open(os.path.join(out, "a." + fmt), "rb") as f:
                    put(fmt, stem + "." + fmt, f.read())

def sparse_of(image):
    """A flat 2048-byte image as a sparse description: its non-zero runs."""
    chunks = []
    for blk in range(len(image) // 2048):
        b = image[blk * 2048:(blk + 1) * 2048]
        for off in range(0, 2048, 255):
            part = b[off:off + 255]
            if any(part):
                chunks.append((blk, off, part))
    return sparse(0, len(image) // 2048, chunks)


def fs_seeds():
    """Tiny volumes xorriso makes (Rock Ridge + Joliet, plain, Joliet only,
    deep, two sessions) for fuzz_fs, as sparse descriptions."""
    with tempfile.TemporaryDirectory() as t:
        tree = os.path.join(t, "tree")
        os.makedirs(os.path.join(tree, "d", "e"))
        with open(os.path.join(tree, "a.txt"), "w") as f:
            f.write("hello\n")
        with open(os.path.join(tree, "d", "e", "big"), "wb") as f:
            f.write(bytes(range(256)) * 20)
        os.symlink("a.txt", os.path.join(tree, "l"))
        os.mkfifo(os.path.join(tree, "p"))
        for name, opts in (("rrj", ["-R", "-J"]), ("plain", []),
                           ("joliet", ["-J"]), ("rr", ["-R"])):
            iso = os.path.join(t, name + ".iso")
            subprocess.run(["xorriso", "-as", "mkisofs", "-quiet",
                            "-no-pad", "-o", iso] + opts + [tree],
                           check=True, stderr=subprocess.DEVNULL)
            with open(iso, "rb") as f:
                put("fs", name + ".sprs", sparse_of(f.read()))
        # a second session at block 64 (-C 0,64 -M), as a CD would have it
        s1 = os.path.join(t, "rrj.iso")
        s2 = os.path.join(t, "s2.part")
        subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-no-pad",
                        "-R", "-J", "-C", "0,64", "-M", s1, "-o", s2,
                        os.path.join(tree, "d")],
                       check=True, stderr=subprocess.DEVNULL)
        with open(s1, "rb") as f:
            img = bytearray(f.read())
        with open(s2, "rb") as f:
            part = f.read()
        img = img.ljust(64 * 2048, b"\0") + part
        if len(img) // 2048 <= 160:
            put("fs", "two.sprs", sparse_of(bytes(img)))
        # two subdirectories pointed back at the root: a looping tree
        # (docs/formats.md "Hostile images"; tests/formats/loop_patch.py)
        os.makedirs(os.path.join(tree, "d2"))
        iso = os.path.join(t, "loop.iso")
        subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-no-pad",
                        "-R", "-o", iso, tree],
                       check=True, stderr=subprocess.DEVNULL)
        with open(iso, "rb") as f:
            img = bytearray(f.read())
        sys.path.insert(0, os.path.join(HERE, "..", "tests", "formats"))
        import loop_patch  # pylint: disable=import-outside-toplevel
        loop_patch.patch_iso(img)
        put("fs", "loop.sprs", sparse_of(bytes(img)))
        # UDF 2.50 and 2.60 with a metadata partition (tools/fs_udf25.c),
        # small files embedded in their ICBs
        for rev in ("2.50", "2.60"):
            udf = os.path.join(t, "udf.iso")
            subprocess.run([sys.executable,
                            os.path.join(HERE, "..", "tests", "formats",
                                         "mkudf25.py"),
                            "--rev", rev, "--embed-max", "100", udf, tree],
                           check=True, stderr=subprocess.DEVNULL)
            with open(udf, "rb") as f:
                put("fs", "udf" + rev.replace(".", "") + ".sprs",
                    sparse_of(f.read()))
        # the 2.60 one with a Virtual Allocation Table instead
        vat = os.path.join(t, "vat.iso")
        subprocess.run([sys.executable,
                        os.path.join(HERE, "..", "tests", "formats",
                                     "udf_vat.py"), udf, vat], check=True)
        with open(vat, "rb") as f:
            put("fs", "udfvat.sprs", sparse_of(f.read()))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    put("nrg", "dao-v2.nrg", nrg_dao_v2())
    put("nrg", "dao-v1.nrg", nrg_dao_v1())
    put("nrg", "tao-v2.nrg", nrg_tao_v2())
    put("nrg", "tao-v1.nrg", nrg_tao_v1())
    iso_seeds()
    fs_seeds()
    sector_seeds()
    writer_seeds(sys.argv[1])


if __name__ == "__main__":
    main()
