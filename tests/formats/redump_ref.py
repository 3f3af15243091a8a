#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference track files for tests/formats/hash.sh, made without vburn.

The redump.org layout (docs/formats.md 9) is rebuilt here from the image
files and their cue sheets alone: every track file holds 2352-byte raw
sectors, session 1's first track from LBA 0, a later session's first
track from its INDEX 01, every other track from its INDEX 00 (a PREGAP
line is a generated pregap: it is not in the BIN but is in the file), each
to the next track's start or its session's lead-out. Cooked sectors get
their sync, header, EDC and ECC from an ECMA-130 encoder of its own
(Annex A / 14), checked against a raw BIN made by another program
(selftest). Then "check" compares vburn-img hash --json (parsed with
json) with these files, whose CRC-32 comes from zlib and whose MD5 and
SHA-1 come from coreutils' md5sum and sha1sum.

usage:
  redump_ref.py selftest RAW.bin            re-encode every Mode 1 sector
  redump_ref.py selftest-xa FILE N          re-encode the XA Form 1 ones of
                                            N 2336-byte sectors
  redump_ref.py cue CUE NAME DIR            track files of a cue sheet
  redump_ref.py iso ISO NAME DIR LBA:N...   one raw Mode 1 track per LBA:N
  redump_ref.py check JSON DIR [TABLE DAT]  hash output against DIR
Exit status 0, or 1 with one line on stderr.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

SYNC = b"\x00" + b"\xff" * 10 + b"\x00"
SUBHDR_FORM1 = bytes([0, 0, 0x08, 0, 0, 0, 0x08, 0])

# ---- ECMA-130 EDC and ECC (the L-EC product code over GF(2^8)) ----

EDC_LUT = []
ECC_F = [0] * 256
ECC_B = [0] * 256
for _i in range(256):
    _e = _i
    for _ in range(8):
        _e = (_e >> 1) ^ (0xD8018001 if _e & 1 else 0)
    EDC_LUT.append(_e)
    _j = ((_i << 1) ^ (0x11D if _i & 0x80 else 0)) & 0xFF
    ECC_F[_i] = _j
    ECC_B[_i ^ _j] = _i


def edc(data):
    e = 0
    for b in data:
        e = (e >> 8) ^ EDC_LUT[(e ^ b) & 0xFF]
    return e.to_bytes(4, "little")


def ecc_block(src, major_count, minor_count, major_mult, minor_inc):
    size = major_count * minor_count
    out = bytearray(2 * major_count)
    for major in range(major_count):
        index = (major >> 1) * major_mult + (major & 1)
        a = b = 0
        for _ in range(minor_count):
            t = src[index]
            index += minor_inc
            if index >= size:
                index -= size
            a = ECC_F[a ^ t]
            b ^= t
        a = ECC_B[ECC_F[a] ^ b]
        out[major] = a
        out[major + major_count] = a ^ b
    return out


def ecc(s):
    """P then Q parity of raw sector s (bytearray), over bytes 12 on."""
    s[0x81C:0x8C8] = ecc_block(bytes(s[12:]), 86, 24, 2, 86)
    s[0x8C8:0x930] = ecc_block(bytes(s[12:]), 52, 43, 86, 88)


def header(lba, mode):
    x = lba + 150
    if x < 0:
        x += 450000
    m, sec, f = x // 4500, x // 75 % 60, x % 75
    bcd = lambda v: (v // 10) << 4 | v % 10
    return SYNC + bytes([bcd(m), bcd(sec), bcd(f), mode])


def mode1(lba, data=bytes(2048)):
    s = bytearray(header(lba, 1) + data + bytes(288))
    s[2064:2068] = edc(s[:2064])
    ecc(s)
    return bytes(s)


def form1(lba, data=bytes(2048), sub=SUBHDR_FORM1):
    s = bytearray(header(lba, 2) + sub + data + bytes(280))
    s[2072:2076] = edc(s[16:2072])
    s[12:16] = bytes(4)  # Mode 2 ECC does not cover the header
    ecc(s)
    s[12:16] = header(lba, 2)[12:16]
    return bytes(s)


# ---- the redump layout of a cue sheet ----

SIZES = {"AUDIO": 2352, "MODE1/2352": 2352, "MODE2/2352": 2352,
         "MODE1/2048": 2048, "MODE2/2048": 2048, "MODE2/2336": 2336}


def msf(t):
    m, s, f = (int(x) for x in t.split(":"))
    return (m * 60 + s) * 75 + f


def resolve(cue, name):
    """The FILE a cue names, with libcdio's fallbacks (case, cue stem)."""
    d = os.path.dirname(cue) or "."
    p = os.path.join(d, name)
    if os.path.exists(p):
        return p
    for n in os.listdir(d):
        if n.lower() == name.lower():
            return os.path.join(d, n)
    return os.path.splitext(cue)[0] + ".bin"


def raw(ty, lba, stored):
    """The raw sector of a track of type ty at lba (stored None: generated:
    digital silence, or zero user data in the track's mode, XA as Form 1)."""
    if ty == "AUDIO":
        return stored if stored is not None else bytes(2352)
    if stored is None:
        return mode1(lba) if ty.startswith("MODE1") else form1(lba)
    if ty == "MODE1/2048":
        return mode1(lba, stored)
    if ty == "MODE2/2048":
        return form1(lba, stored)
    if ty == "MODE2/2336":
        return header(lba, 2) + stored
    return stored  # stored raw


def parse_cue(cue):
    """Tracks: session, number, type, file, index frames, pregap, postgap."""
    tracks, session, f = [], 1, None
    for line in open(cue, encoding="latin-1"):
        w = line.split()
        if not w:
            continue
        k = w[0].upper()
        if k == "REM" and len(w) > 2 and w[1].upper() == "SESSION":
            session = int(w[2])
        elif k == "FILE":
            f = resolve(cue, re.search(r'"([^"]*)"', line).group(1))
        elif k == "TRACK":
            tracks.append({"session": session, "number": int(w[1]),
                           "type": w[2].upper(), "file": f, "idx": {},
                           "pregap": 0, "postgap": 0})
        elif k == "INDEX":
            tracks[-1]["idx"][int(w[1])] = msf(w[2])
        elif k == "PREGAP":
            tracks[-1]["pregap"] = msf(w[1])
        elif k == "POSTGAP":
            tracks[-1]["postgap"] = msf(w[1])
    return tracks


def layout(tracks):
    """Each track's sectors as (lba, stored bytes or None), in disc order."""
    for i, t in enumerate(tracks):
        size = SIZES[t["type"]]
        first = min(t["idx"].values())
        # byte offset of the track's first stored sector in its file
        prev = tracks[i - 1] if i else None
        if prev and prev["file"] == t["file"]:
            t["off"] = prev["off"] + (first - prev["first"]) * prev["size"]
        else:
            t["off"] = 0
        t["first"], t["size"] = first, size
    for i, t in enumerate(tracks):
        nxt = tracks[i + 1] if i + 1 < len(tracks) else None
        if nxt and nxt["file"] == t["file"]:
            t["count"] = nxt["first"] - t["first"]
        else:
            t["count"] = (os.path.getsize(t["file"]) - t["off"]) // t["size"]
    lba, leadout, session = 0, 0, 1
    for i, t in enumerate(tracks):
        if t["session"] != session:
            # docs/formats.md 5.3: INDEX 01 at lead-out + 11400, then + 6900
            gap = 11400 if session == 1 else 6900
            session = t["session"]
            lba = leadout + gap - (t["idx"][1] - t["first"]) - t["pregap"]
            t["session_first"] = True
        elif i == 0:
            t["session_first"] = True
        t["sectors"] = []
        for k in range(t["pregap"]):
            t["sectors"].append((lba, None))
            lba += 1
        with open(t["file"], "rb") as fh:
            fh.seek(t["off"])
            for k in range(t["count"]):
                t["sectors"].append((lba, fh.read(t["size"])))
                lba += 1
        for k in range(t["postgap"]):
            t["sectors"].append((lba, None))
            lba += 1
        t["i01"] = t["sectors"][t["pregap"] + t["idx"][1] - t["first"]][0]
        leadout = lba
    return tracks


def write_files(tracks, name, outdir):
    width = len(str(max(t["number"] for t in tracks)))
    names = []
    for i, t in enumerate(tracks):
        if len(tracks) == 1:
            n = name + ".bin"
        else:
            n = "%s (Track %0*d).bin" % (name, width, t["number"])
        if t.get("session_first"):
            lo = 0 if t["session"] == tracks[0]["session"] else t["i01"]
        else:
            lo = -(1 << 31)
        with open(os.path.join(outdir, n), "wb") as out:
            for lba, stored in t["sectors"]:
                if lba >= lo:
                    out.write(raw(t["type"], lba, stored))
        names.append(n)
    with open(os.path.join(outdir, "ORDER"), "w") as f:
        f.write("\n".join(names) + "\n")


def cmd_cue(cue, name, outdir):
    write_files(layout(parse_cue(cue)), name, outdir)


def cmd_iso(iso, name, outdir, ranges):
    """Raw Mode 1 tracks of a flat ISO: block x is LBA x."""
    rs = [tuple(int(v) for v in r.split(":")) for r in ranges]
    names = []
    with open(iso, "rb") as fh:
        for i, (lba, n) in enumerate(rs):
            nm = name + ".bin" if len(rs) == 1 else \
                "%s (Track %d).bin" % (name, i + 1)
            fh.seek(lba * 2048)
            with open(os.path.join(outdir, nm), "wb") as out:
                for k in range(n):
                    out.write(mode1(lba + k, fh.read(2048)))
            names.append(nm)
    with open(os.path.join(outdir, "ORDER"), "w") as f:
        f.write("\n".join(names) + "\n")


def cmd_selftest(path):
    with open(path, "rb") as fh:
        data = fh.read()
    for k in range(len(data) // 2352):
        s = data[k * 2352:(k + 1) * 2352]
        if s[15] != 1:
            sys.exit("%s: sector %d is not Mode 1" % (path, k))
        h = s[12:15]
        x = sum(((b >> 4) * 10 + (b & 15)) * m
                for b, m in zip(h, (4500, 75, 1))) - 150
        if mode1(x, s[16:2064]) != s:
            sys.exit("%s: sector %d re-encodes differently" % (path, k))


def cmd_selftest_xa(path, count):
    """Re-encode the Form 1 sectors among count stored 2336-byte XA ones
    (Mode 2 EDC and ECC leave the header out: any LBA does)."""
    with open(path, "rb") as fh:
        data = fh.read(int(count) * 2336)
    n = 0
    for k in range(len(data) // 2336):
        s = data[k * 2336:(k + 1) * 2336]
        if s[2] & 0x20:
            continue
        n += 1
        if form1(0, s[8:2056], s[:8])[16:] != s:
            sys.exit("%s: XA sector %d re-encodes differently" % (path, k))
    if not n:
        sys.exit("%s: no Form 1 sector" % path)


def tool_sum(tool, path):
    out = subprocess.run([tool, path], check=True, capture_output=True)
    return out.stdout.split()[0].decode()


def cmd_check(jpath, outdir, table=None, dat=None):
    """hash --json (and its table and --dat forms) against the files."""
    with open(jpath) as f:
        j = json.load(f)
    names = open(os.path.join(outdir, "ORDER")).read().split("\n")[:-1]
    got = [e["name"] for e in j["files"]]
    if got != names:
        sys.exit("files %r, expected %r" % (got, names))
    for e in j["files"]:
        p = os.path.join(outdir, e["name"])
        crc = 0
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                crc = zlib.crc32(chunk, crc)
        want = {"size": os.path.getsize(p), "crc32": "%08x" % crc,
                "md5": tool_sum("md5sum", p), "sha1": tool_sum("sha1sum", p)}
        for k, v in want.items():
            if e[k] != v:
                sys.exit("%s: %s %s, expected %s" % (e["name"], k, e[k], v))
        if e["sectors"] * (2048 if e["track"] is None else 2352) != e["size"]:
            sys.exit("%s: sectors and size disagree" % e["name"])
    if table:
        rows = open(table).read().split("\n")[1:-1]
        for e, row in zip(j["files"], rows):
            f = row.rsplit(None, 4)
            if [f[0].rstrip()] + f[1:] != [e["name"], str(e["size"]),
                                           e["crc32"], e["md5"], e["sha1"]]:
                sys.exit("table row %r disagrees with --json" % row)
        if len(rows) != len(j["files"]):
            sys.exit("table has %d rows" % len(rows))
    if dat:
        roms = ET.fromstring("<d>" + open(dat).read() + "</d>")
        got = [(r.get("name"), r.get("size"), r.get("crc"), r.get("md5"),
                r.get("sha1")) for r in roms]
        want = [(e["name"], str(e["size"]), e["crc32"], e["md5"], e["sha1"])
                for e in j["files"]]
        if got != want:
            sys.exit("--dat %r disagrees with --json %r" % (got, want))


def main(a):
    if len(a) == 2 and a[0] == "selftest":
        cmd_selftest(a[1])
    elif len(a) == 3 and a[0] == "selftest-xa":
        cmd_selftest_xa(a[1], a[2])
    elif len(a) == 4 and a[0] == "cue":
        cmd_cue(*a[1:])
    elif len(a) >= 5 and a[0] == "iso":
        cmd_iso(a[1], a[2], a[3], a[4:])
    elif len(a) in (3, 5) and a[0] == "check":
        cmd_check(*a[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
