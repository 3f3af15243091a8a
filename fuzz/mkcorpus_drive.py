#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seeds of fuzz_drive (fuzz/corpus/drive/).

Usage: fuzz/mkcorpus_drive.py

Each seed is a medium state and a command sequence in fuzz_drive.c's
input format: what libburn, wodim, growisofs and cdrdao send to identify
a drive and burn CD-R (TAO and SAO), DVD+R, DVD-R (DAO) and BD-R
(docs/clients.md 3.0-3.5), and the MODE SELECT list that over-read the heap.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "drive")

# fuzz_drive.c: byte 0 media index and stage, byte 1 format and capacity
MEDIA = {"none": 0, "cd-r": 1, "cd-rw": 2, "dvd-r": 3, "dvd-rw": 4,
         "dvd+r": 5, "dvd+rw": 6, "dvd+r-dl": 7, "bd-r": 8, "bd-re": 9}
STAGE = {"ua": 0, "blank": 1, "tray-open": 2, "written": 3, "synced": 4,
         "track": 5, "session": 6, "final": 7}
DIRS = {"none": 0, "out": 1, "in": 2}
CDB_LENS = {6: 0, 10: 1, 12: 2, 16: 3}
LEN_NONE, LEN_EMPTY, LEN_BYTE, LEN_WORD, LEN_FIELD = 0, 1, 2, 3, 4
LEN_BLOCKS, LEN_2K = 6, 7
# fuzz_drive's LEN_BLOCKS pick byte (fz_claimed): bytes 7-8 times 2352
PICK_BE16_7_X2352 = 0x13  # field 0x13 % 6 = 1, block size 0x13 >> 4 = 1


def setup(media, stage="blank", multi=False, fmt=0, cap=3):
    """cap: capacity 300 + 250 * cap sectors, 15: 20000."""
    return bytes([MEDIA[media] | STAGE[stage] << 4 | (0x80 if multi else 0),
                  fmt | cap << 4])


def cmd(cdb, direction="none", length=0, payload=b"", blocks=None,
        field=None):
    """One command step; data-in replies are asked with a 2-byte length,
    data-out payloads come from the seed, WRITE payloads of whole blocks
    from fuzz_drive's fill pattern (blocks * 2048 bytes). field: the
    buffer is as long as the CDB's own length field says (fz_claimed's
    pick: 0 byte 4, 1 bytes 7-8, 3 bytes 9-10, 4 bytes 6-8), so a
    mutation of that field alone changes both, as a host's would."""
    cdb = bytes(cdb)
    op = DIRS[direction] | CDB_LENS[len(cdb)] << 2
    if blocks is not None:
        return bytes([op | LEN_2K << 4]) + cdb + bytes([blocks])
    if field is not None:
        return bytes([op | LEN_FIELD << 4]) + cdb + bytes([field]) + payload
    if direction == "out":
        return (bytes([op | LEN_WORD << 4]) + cdb +
                struct.pack(">H", len(payload)) + payload)
    if direction == "in":
        return bytes([op | LEN_WORD << 4]) + cdb + struct.pack(">H", length)
    return bytes([op | LEN_NONE << 4]) + cdb


def raw_write(lba, blocks):
    """WRITE(10) of raw 2352-byte blocks (SAO data form 11h)."""
    cdb = cdb10(0x2A, lba=lba, n=blocks)
    return bytes([DIRS["out"] | CDB_LENS[10] << 2 | LEN_BLOCKS << 4]) + \
        cdb + bytes([PICK_BE16_7_X2352])


def cdb10(op, b1=0, lba=0, b6=0, n=0, ctl=0):
    """A 10-byte CDB: bytes 2-5 (LBA, or byte 2 via lba=X << 24), 7-8."""
    return bytes([op, b1]) + struct.pack(">i", lba) + bytes([b6]) + \
        struct.pack(">H", n) + bytes([ctl])


def page05(write_type, multi, track_mode=4, block_type=8):
    page = bytearray(52)
    page[0:2] = b"\x05\x32"
    page[2] = write_type
    page[3] = (0xC0 if multi else 0) | track_mode
    page[4] = block_type
    page[14:16] = struct.pack(">H", 150)
    return bytes(8) + bytes(page)


def mode_select(params):
    return cmd(cdb10(0x55, 0x10, n=len(params)), "out", payload=params,
               field=1)


def write(lba, blocks):
    return cmd(cdb10(0x2A, lba=lba, n=blocks), "out", blocks=blocks)


IDENT = b"".join([
    cmd([0x00] + [0] * 5),
    cmd([0x03, 0, 0, 0, 18, 0], "in", 18),
    cmd([0x12, 0, 0, 0, 96, 0], "in", 96),
    cmd(cdb10(0x46, 0x00, n=8), "in", 8),
    cmd(cdb10(0x46, 0x00, n=0x400), "in", 0x400),
    cmd(cdb10(0x46, 0x02, lba=0x002F0000, n=16), "in", 16),
    cmd([0x4A, 0x01, 0, 0, 0x7E, 0, 0, 0, 8, 0], "in", 8),
    cmd([0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 255, 0], "in", 255),
    cmd([0x5A, 0x00, 0x05, 0, 0, 0, 0, 0, 255, 0], "in", 255),
    cmd([0x1A, 0x08, 0x3F, 0, 255, 0], "in", 255),
    cmd(cdb10(0x51, n=34), "in", 34),
    cmd(cdb10(0x52, 0x01, lba=0xFF, n=48), "in", 48),
    cmd(cdb10(0x25), "in", 8),
    cmd(cdb10(0x23, n=252), "in", 252),
    cmd(cdb10(0x43, 0x02, n=4), "in", 4),
    cmd(cdb10(0x43, lba=0x04000000, n=28), "in", 28),  # ATIP
    cmd([0xAC, 0x04, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0], "in", 24),
    cmd([0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0], "in", 24),
    cmd(cdb10(0x5C, n=12), "in", 12),
    cmd([0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0], "in", 8),
    cmd([0xBB, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]),
    cmd([0x1E, 0, 0, 0, 1, 0]),
    cmd([0x1E, 0, 0, 0, 0, 0]),
])


def cd_tao():
    return setup("cd-r", "blank", cap=15) + b"".join([
        mode_select(page05(1, True)),
        cmd(cdb10(0x52, 0x01, lba=0xFF, n=48), "in", 48),
        write(0, 16), write(16, 16),
        cmd(cdb10(0x5C, 0x01, n=12), "in", 12),
        write(32, 8),
        cmd(cdb10(0x35, 0x02)),
        cmd(cdb10(0x5B, 0x01, lba=0x02000000)),
        cmd(cdb10(0x51, n=34), "in", 34),
        cmd(cdb10(0x43, 0x02, lba=0x02000000, n=0x300), "in", 0x300),
        cmd(cdb10(0x43, lba=0x01000000, n=12), "in", 12),
        cmd(cdb10(0x28, lba=16, n=2), "in", 4096),
        cmd([0xBE, 0, 0, 0, 0, 5, 0, 0, 2, 0xF8, 0x01, 0], "in",
            2 * 2448),
        cmd([0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 16, 0], "in", 16),
        cmd(cdb10(0x52, 0x01, lba=0xFF, n=48), "in", 48),
    ])


def cue_entry(ctl_adr, tno, index, form, lba):
    f = lba + 150
    return bytes([ctl_adr, tno, index, form, 0, f // 4500, f // 75 % 60,
                  f % 75])


def cd_sao():
    sheet = b"".join([cue_entry(0x41, 0, 0, 0x14, -150),
                      cue_entry(0x41, 1, 0, 0x14, -150),
                      cue_entry(0x41, 1, 1, 0x10, 0),
                      cue_entry(0x41, 0xAA, 1, 0x14, 100)])
    cue = bytes([0x5D, 0, 0, 0, 0, 0]) + struct.pack(">I", len(sheet))[1:] + \
        b"\x00"
    return setup("cd-r", "blank", cap=4) + b"".join([
        mode_select(page05(2, False, track_mode=4, block_type=8)),
        cmd([0x54, 0x01] + [0] * 8),
        cmd(cue, "out", payload=sheet, field=4),
        cmd(cdb10(0x2A, lba=-150, n=150), "out", payload=b""),
        write(0, 50), write(50, 50),
        cmd(cdb10(0x35)),
        cmd(cdb10(0x43, 0x02, lba=0x02000000, n=0x100), "in", 0x100),
    ])


def dvd_plus_r():
    return setup("dvd+r", "blank", fmt=3, cap=8) + b"".join([
        cmd(cdb10(0x52, 0x01, lba=0xFF, n=48), "in", 48),
        cmd(bytes([0xB6] + [0] * 8) + struct.pack(">H", 28) + b"\x00",
            "out", payload=bytes(28), field=3),
        write(0, 32),
        cmd(cdb10(0x35)),
        cmd(cdb10(0x5B, 0x01, lba=0x01000001)),
        cmd(cdb10(0x5B, 0x01, lba=0x02000000)),
        cmd(cdb10(0x52, 0x01, lba=0xFF, n=48), "in", 48),
        cmd([0xAD, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x04, 0, 0], "in", 2052),
        cmd(cdb10(0x5B, 0x01, lba=0x05000000)),
        cmd(cdb10(0x51, n=34), "in", 34),
    ])


def dvd_minus_r_dao():
    return setup("dvd-r", "blank", fmt=2, cap=4) + b"".join([
        mode_select(page05(2, False, track_mode=5)),
        cmd(cdb10(0x53, n=64)),  # RESERVE TRACK of 64 blocks
        write(0, 32), write(32, 32),
        cmd(cdb10(0x35)),
        cmd(cdb10(0x51, n=34), "in", 34),
        cmd(cdb10(0x43, 0x00, n=12), "in", 12),
    ])


def bd_r():
    return setup("bd-r", "blank", fmt=4, cap=6) + b"".join([
        cmd(cdb10(0x52, 0x01, lba=1, n=48), "in", 48),
        cmd(bytes([0xAA, 0]) + struct.pack(">iI", 0, 32) + b"\x80\x00",
            "out", blocks=32),
        cmd(cdb10(0x5B, 0x01, lba=0x01000001)),
        cmd(cdb10(0x5B, 0x01, lba=0x06000000)),
        cmd(cdb10(0x23, n=252), "in", 252),
    ])


def cd_two_sessions():
    """Two TAO tracks, a closed session, a second session at 11750 (the
    layout media.c gives: pregaps of 150, a first session gap of 11400),
    then everything that reads a multi-session CD."""
    rd_cd = [0xBE, 0, 0, 0, 0, 5, 0, 0, 1, 0xF8]
    return setup("cd-r", "blank", cap=15) + b"".join([
        mode_select(page05(1, True)),
        write(0, 60), write(60, 40), cmd(cdb10(0x35)),
        write(250, 50), write(300, 50), cmd(cdb10(0x35)),
        cmd(cdb10(0x5B, lba=0x02000000)),
        cmd(cdb10(0x52, 0x01, lba=0xFF, n=48), "in", 48),
        write(11750, 20), cmd(cdb10(0x35)),
        cmd(cdb10(0x5B, lba=0x02000000)),
        cmd(cdb10(0x43, 0x02, lba=0x02000000, n=0x200), "in", 0x200),
        cmd(cdb10(0x43, 0x02, b6=2, n=0x100), "in", 0x100),
        cmd(cdb10(0x43, lba=0x01000000, n=12), "in", 12),
        cmd(cdb10(0x52, 0x02, lba=2, n=48), "in", 48),
        cmd(cdb10(0x52, 0x00, lba=300, n=48), "in", 48),
        cmd(bytes(rd_cd + [0x01, 0]), "in", 2448),
        cmd(bytes(rd_cd + [0x02, 0]), "in", 2352 + 16),
        cmd(bytes(rd_cd + [0x04, 0]), "in", 2448),
        cmd([0xBE, 0x08, 0, 0, 0, 9, 0, 0, 2, 0x10, 0, 0], "in", 4096),
        cmd([0xB9, 0, 0, 0, 2, 10, 0, 2, 12, 0x10, 0, 0], "in", 4096),
        cmd([0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 16, 0], "in", 16),
        cmd([0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 24, 0], "in", 24),
        cmd([0x42, 0x00, 0x40, 0x03, 0, 0, 2, 0, 24, 0], "in", 24),
        cmd(cdb10(0x28, lba=11750, n=1), "in", 2048),
        cmd(cdb10(0x28, lba=400, n=1), "in", 2048),
    ])


def cd_sao_raw():
    """SAO with a raw (2352-byte, data form 11h) track, a test write
    first (records nothing), then the real one."""
    sheet = b"".join([cue_entry(0x41, 0, 0, 0x14, -150),
                      cue_entry(0x41, 1, 0, 0x14, -150),
                      cue_entry(0x41, 1, 1, 0x11, 0),
                      cue_entry(0x41, 0xAA, 1, 0x14, 40)])
    cue = bytes([0x5D, 0, 0, 0, 0, 0]) + struct.pack(">I", len(sheet))[1:] + \
        b"\x00"
    test = bytearray(page05(2, False))
    test[8 + 2] |= 0x10  # test write
    return setup("cd-r", "blank", cap=1) + b"".join([
        mode_select(bytes(test)),
        cmd(cue, "out", payload=sheet, field=4),
        cmd(cdb10(0x2A, lba=-150, n=150), "out", payload=b""),
        raw_write(0, 40),
        mode_select(page05(2, False)),
        cmd(cue, "out", payload=sheet, field=4),
        cmd(cdb10(0x2A, lba=-150, n=150), "out", payload=b""),
        raw_write(0, 20), raw_write(20, 20),
        cmd(cdb10(0x28, lba=5, n=1), "in", 2048),
    ])


def dvd_structures():
    """READ DISC STRUCTURE on DVD+R DL (layer boundary), DVD-RW, BD."""
    rds = [0xAD, 0, 0, 0, 0, 0, 0]
    return setup("dvd+r-dl", "written") + b"".join([
        cmd(bytes(rds + [0x20, 0, 12, 0, 0]), "in", 12),
        cmd(bytes(rds + [0xFF, 0, 64, 0, 0]), "in", 64),
        cmd(bytes(rds + [0x00, 0x08, 0x04, 0, 0]), "in", 2052),
        b"\xff\x19",  # a fresh blank: DVD-RW (fz_media[1 + 3])
        cmd([0x00] + [0] * 5),
        cmd(bytes(rds + [0x00, 0x08, 0x04, 0, 0]), "in", 2052),
        cmd(bytes([0xAD, 1] + [0] * 5 + [0x00, 0x08, 0x04, 0, 0]), "in",
            2052),
    ])


def tray_and_ua():
    return setup("cd-r", "ua") + b"".join([
        cmd([0x00] + [0] * 5),
        cmd([0x1B, 0, 0, 0, 0x02, 0]),
        cmd([0x00] + [0] * 5),
        cmd([0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0], "in", 8),
        cmd([0x1B, 0, 0, 0, 0x03, 0]),
        b"\xff\x00", b"\xff\x09",
        cmd([0x03, 0, 0, 0, 18, 0], "in", 18),
        cmd(cdb10(0x2B, lba=100)),
        cmd(cdb10(0x45, lba=0, n=75)),
        cmd(cdb10(0x4B, n=1)),
        b"\xff\x05",
    ])


def mode_select_overread():
    """The 10-byte list ending in a zero-length page 05."""
    lst = bytes(8) + b"\x05\x00"
    return setup("cd-r", "blank") + mode_select(lst)


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {
        "ident-none": setup("none") + IDENT,
        "ident-cd-r": setup("cd-r") + IDENT,
        "ident-bd-r-final": setup("bd-r", "final") + IDENT,
        "cd-tao": cd_tao(),
        "cd-sao": cd_sao(),
        "dvd-plus-r": dvd_plus_r(),
        "dvd-minus-r-dao": dvd_minus_r_dao(),
        "bd-r": bd_r(),
        "cd-two-sessions": cd_two_sessions(),
        "cd-sao-raw": cd_sao_raw(),
        "dvd-structures": dvd_structures(),
        "tray-ua": tray_and_ua(),
        "mode-select-overread": mode_select_overread(),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
