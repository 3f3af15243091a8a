#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tree_cmp.py REF OURS [LS_JSON] [--no-modes]: the tree OURS (vburn-img get, or a
vburn-img mount) equals
REF (xorriso -osirrox on -extract of the same session): the same names,
types, sizes, contents (SHA-256), symbolic link targets, and for files
and directories the same permission bits and modification time (xorriso
restores neither on symbolic links). With LS_JSON, the entries of
`vburn-img ls --json` of the root must match REF's top level too: names,
types, sizes, modes and mtimes. Device nodes, FIFOs and sockets are left
out everywhere: neither xorriso nor get extracts them. Prints the first difference and exits 1,
or prints a one-line summary."""
import hashlib
import json
import os
import stat
import sys


def walk(top):
    """Files, directories and links under top; device nodes, FIFOs and
    sockets are left out (xorriso and get do not extract them, a mount
    shows them)."""
    out = {}
    for root, dirs, files in os.walk(top):
        for n in dirs + files:
            p = os.path.join(root, n)
            st = os.lstat(p)
            if kind(st.st_mode) != "other":
                out[os.path.relpath(p, top)] = st
    return out


def sha(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def kind(m):
    return ("dir" if stat.S_ISDIR(m) else "file" if stat.S_ISREG(m) else
            "symlink" if stat.S_ISLNK(m) else "other")


def main():
    # --no-modes: the reference tool does not restore permissions (7z)
    no_modes = "--no-modes" in sys.argv
    sys.argv = [a for a in sys.argv if a != "--no-modes"]
    ref, ours = sys.argv[1], sys.argv[2]
    a, b = walk(ref), walk(ours)
    if set(a) != set(b):
        only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        sys.exit(f"names differ: only in xorriso's {only_a[:5]}, "
                 f"only in ours {only_b[:5]}")
    nbytes = 0
    for p in sorted(a):
        x, y = a[p], b[p]
        if kind(x.st_mode) != kind(y.st_mode):
            sys.exit(f"{p}: {kind(x.st_mode)} in xorriso's, {kind(y.st_mode)} in ours")
        if stat.S_ISLNK(x.st_mode):
            if os.readlink(os.path.join(ref, p)) != os.readlink(os.path.join(ours, p)):
                sys.exit(f"{p}: symbolic link targets differ")
            continue
        if not no_modes and stat.S_IMODE(x.st_mode) != stat.S_IMODE(y.st_mode):
            sys.exit(f"{p}: mode {stat.S_IMODE(x.st_mode):o} in xorriso's, "
                     f"{stat.S_IMODE(y.st_mode):o} in ours")
        if int(x.st_mtime) != int(y.st_mtime):
            sys.exit(f"{p}: mtime {int(x.st_mtime)} in xorriso's, {int(y.st_mtime)} in ours")
        if stat.S_ISREG(x.st_mode):
            if x.st_size != y.st_size:
                sys.exit(f"{p}: {x.st_size} bytes in xorriso's, {y.st_size} in ours")
            if sha(os.path.join(ref, p)) != sha(os.path.join(ours, p)):
                sys.exit(f"{p}: contents differ")
            nbytes += x.st_size
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            ls = json.load(f)
        top = {p: s for p, s in a.items() if os.sep not in p}
        # device nodes, FIFOs and sockets: listed, never extracted
        got = {e["name"]: e for e in ls["entries"]
               if e["type"] in ("file", "dir", "symlink")}
        if set(got) != set(top):
            sys.exit(f"ls --json names {sorted(got)[:5]} differ from {sorted(top)[:5]}")
        for n, e in got.items():
            s = top[n]
            if e["type"] != kind(s.st_mode):
                sys.exit(f"ls --json {n}: type {e['type']}")
            if e["type"] == "file" and e["size"] != s.st_size:
                sys.exit(f"ls --json {n}: size {e['size']}, file {s.st_size}")
            if e["type"] != "symlink" and (
                    (not no_modes and e["mode"] != stat.S_IMODE(s.st_mode))
                    or e["mtime"] != int(s.st_mtime)):
                sys.exit(f"ls --json {n}: mode {e['mode']:o} mtime {e['mtime']}")
            if e["type"] == "symlink" and e["target"] != os.readlink(os.path.join(ref, n)):
                sys.exit(f"ls --json {n}: target {e['target']}")
    print(f"{len(a)} entries, {nbytes} bytes equal")


main()
