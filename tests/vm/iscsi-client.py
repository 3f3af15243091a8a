#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A second, userspace iSCSI initiator for the VM scenarios: libiscsi
(the library of libiscsi-bin's iscsi-inq/iscsi-ls, also QEMU's) through
ctypes, because libiscsi-bin's own tools speak to disks (READ(16), READ
CAPACITY(16)), not to an MMC drive.

  iscsi-client.py INITIATOR PORTAL TARGET USER SECRET read LBA COUNT OUT
      READ(10) of COUNT 2048-byte blocks from LBA into OUT (a unit
      attention on the first command is retried, as any host does)
  iscsi-client.py ... write LBA
      WRITE(10) of one block of zeros at LBA; prints "GOOD" or
      "CHECK key/asc/ascq"
  iscsi-client.py ... login
      logs in and out

Exit status: 0 done, 1 the command failed, 2 the login failed (the
reason from iscsi_get_error on stderr).
"""
import ctypes
import sys

ISCSI_SESSION_NORMAL = 2
ISCSI_HEADER_DIGEST_NONE = 0
SCSI_STATUS_GOOD = 0
SCSI_STATUS_CHECK_CONDITION = 2


class Iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class Sense(ctypes.Structure):
    # struct scsi_sense (libiscsi scsi-lowlevel.h): the fields used here
    # first, then room for the rest
    _fields_ = [("error_type", ctypes.c_ubyte), ("key", ctypes.c_int),
                ("ascq", ctypes.c_int), ("rest", ctypes.c_ubyte * 64)]


def main(argv):
    if len(argv) < 7:
        print(__doc__, file=sys.stderr)
        return 2
    ini, portal, target, user, secret, what = argv[1:7]
    lib = ctypes.CDLL("libiscsi.so.7")
    lib.iscsi_create_context.restype = ctypes.c_void_p
    lib.iscsi_get_error.restype = ctypes.c_char_p
    lib.iscsi_get_error.argtypes = [ctypes.c_void_p]
    # (iscsi, lun, lba, [data,] datalen, blocksize, *protect, dpo, fua,
    # fua_nv, group, iov, niov): WRITE(10) has a data pointer READ(10)
    # has not (libiscsi's iscsi.h); the iovec carries the data here
    rw = [ctypes.c_uint32, ctypes.c_int] + [ctypes.c_int] * 5 + [
        ctypes.c_void_p, ctypes.c_int]
    lib.iscsi_read10_iov_sync.restype = ctypes.c_void_p
    lib.iscsi_read10_iov_sync.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                          ctypes.c_uint32] + rw
    lib.iscsi_write10_iov_sync.restype = ctypes.c_void_p
    lib.iscsi_write10_iov_sync.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                           ctypes.c_uint32,
                                           ctypes.c_void_p] + rw
    lib.scsi_task_get_status.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.scsi_free_scsi_task.argtypes = [ctypes.c_void_p]
    ctx = ctypes.c_void_p(lib.iscsi_create_context(ini.encode()))
    lib.iscsi_set_targetname(ctx, target.encode())
    lib.iscsi_set_session_type(ctx, ISCSI_SESSION_NORMAL)
    lib.iscsi_set_header_digest(ctx, ISCSI_HEADER_DIGEST_NONE)
    if user:
        lib.iscsi_set_initiator_username_pwd(ctx, user.encode(),
                                             secret.encode())
    if lib.iscsi_full_connect_sync(ctx, portal.encode(), 0):
        print("login failed: %s" % lib.iscsi_get_error(ctx).decode(),
              file=sys.stderr)
        return 2

    def run(fn, lba, buf, write=False):
        iov = Iovec(ctypes.cast(buf, ctypes.c_void_p), len(buf))
        for _ in range(3):  # a unit attention first, then the answer
            head = (ctx, 0, lba) + ((None,) if write else ())
            task = fn(*head, len(buf), 2048, 0, 0, 0, 0, 0,
                      ctypes.byref(iov), 1)
            if not task:
                return None
            sense = Sense()
            st = lib.scsi_task_get_status(task, ctypes.byref(sense))
            lib.scsi_free_scsi_task(task)
            if st == SCSI_STATUS_CHECK_CONDITION and sense.key == 6:
                continue
            return st, sense
        return st, sense

    rc = 0
    if what == "read":
        lba, count, out = int(argv[7]), int(argv[8]), argv[9]
        buf = ctypes.create_string_buffer(2048 * count)
        r = run(lib.iscsi_read10_iov_sync, lba, buf)
        if not r or r[0] != SCSI_STATUS_GOOD:
            print("READ(10) failed", file=sys.stderr)
            rc = 1
        else:
            with open(out, "wb") as f:
                f.write(buf.raw)
    elif what == "write":
        buf = ctypes.create_string_buffer(2048)
        r = run(lib.iscsi_write10_iov_sync, int(argv[7]), buf, True)
        if not r:
            print("NO TASK")
            rc = 1
        elif r[0] == SCSI_STATUS_GOOD:
            print("GOOD")
        else:
            s = r[1]
            print("CHECK %x/%02x/%02x" % (s.key, s.ascq >> 8,
                                          s.ascq & 0xff))
    lib.iscsi_logout_sync(ctx)
    lib.iscsi_destroy_context(ctx)
    return rc


sys.exit(main(sys.argv))
