#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks a `vburn-img info --json` document with python's json module.

usage: disc_json.py FILE [KEY=JSON ...]

FILE must be one JSON object in the disc shape of docs/architecture.md
("Command-line contract"), read as strict UTF-8, with every field
vburn-img has always printed, of the right type and consistent (session
and track numbers ascending, tracks inside their session, the disc's
lead-out that of its last session). Each KEY=JSON argument further
requires the value at KEY (a path such as sessions.0.tracks.1.isrc or
cdtext.0.text) to equal the JSON value given. Exit 0 if all holds, else
1 with the reason on stderr.
"""
import json
import sys

MODES = {"audio", "mode1", "mode2", "mode2_form1", "mode2_form2",
         "mode2_mixed", "mode0"}
SUBS = {"none", "raw", "linear", "rw", "q16"}
CDTEXT = {"title", "performer", "songwriter", "composer", "arranger",
          "message", "disc_id", "genre", "upc_isrc", "other"}


def need(obj, key, kind, where):
    assert key in obj, f"{where}: no {key}"
    v = obj[key]
    ok = isinstance(v, kind) and not (kind is int and isinstance(v, bool))
    assert ok, f"{where}.{key}: {v!r} is not {kind.__name__}"
    return v


def check_track(t, where, session_end):
    for k in ("number", "start", "length", "sector_size", "pregap",
              "postgap", "control"):
        need(t, k, int, where)
    assert need(t, "mode", str, where) in MODES, f"{where}: mode"
    need(t, "pregap_stored", bool, where)
    assert need(t, "subchannel", str, where) in SUBS, f"{where}: sub"
    for i in need(t, "indexes", list, where):
        assert isinstance(i, int) and t["start"] < i, f"{where}: index"
    if "isrc" in t:
        assert len(need(t, "isrc", str, where)) == 12, f"{where}: isrc"
    assert t["start"] + t["length"] <= session_end, f"{where}: past end"


def check(d):
    assert isinstance(d, dict), "not an object"
    need(d, "format", str, "disc")
    need(d, "media", str, "disc")
    leadout = need(d, "leadout", int, "disc")
    need(d, "cdtext_packs", int, "disc")
    if "mcn" in d:
        assert need(d, "mcn", str, "disc").isdigit(), "mcn"
    last_track = 0
    sessions = need(d, "sessions", list, "disc")
    for n, s in enumerate(sessions, 1):
        w = f"sessions.{n - 1}"
        assert need(s, "number", int, w) == n, f"{w}: number"
        need(s, "disc_type", int, w)
        end = need(s, "leadout", int, w)
        for k, t in enumerate(need(s, "tracks", list, w)):
            check_track(t, f"{w}.tracks.{k}", end)
            assert t["number"] > last_track, f"{w}.tracks.{k}: number"
            last_track = t["number"]
    if sessions:
        assert leadout == sessions[-1]["leadout"], "leadout"
    for k, c in enumerate(need(d, "cdtext", list, "disc")):
        w = f"cdtext.{k}"
        need(c, "block", int, w)
        need(c, "track", int, w)
        assert need(c, "type", str, w) in CDTEXT, f"{w}: type"
        need(c, "text", str, w)


def at(d, path):
    for p in path.split("."):
        d = d[int(p)] if isinstance(d, list) else d[p]
    return d


def main():
    try:
        with open(sys.argv[1], "rb") as f:
            d = json.loads(f.read())  # bytes: strict UTF-8
        check(d)
        for arg in sys.argv[2:]:
            key, want = arg.split("=", 1)
            got = at(d, key)
            assert got == json.loads(want), f"{key}: {got!r} != {want}"
    except (AssertionError, ValueError, KeyError, IndexError) as e:
        print(f"{sys.argv[1]}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
