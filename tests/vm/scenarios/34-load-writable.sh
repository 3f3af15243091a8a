#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 34-load-writable: appending to a reloaded capture (issue "record
# everything"; daemon/media_import.c). Session 1 is burned with xorriso,
# the disc ejected, its manifest loaded back with `vburnctl load 0 X.vbd
# --writable`; then session 2 is appended with xorriso and session 3 with
# wodim -multi (an ISO made by genisoimage -C/-M from the capture). Then:
# xorriso -toc and cd-info list the three sessions at the same starts;
# the loaded manifest and its store are byte-for-byte what they were;
# the new capture's manifest reads as three sessions in vburn-img; the
# guest kernel's isofs mounts the ISO capture at the last session and
# shows every session's files with their checksums.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso wodim genisoimage cd-info mount python3
require_build vburnd vburnctl vburn-img

# session_starts: the start LBA of every session xorriso -toc lists.
session_starts()
{
	xorriso -indev "$VBURN_DEV" -toc 2>&1 |
		sed -n 's/^ISO session *: *[0-9]* , *\([0-9]*\) ,.*/\1/p' |
		tr '\n' ' ' | sed 's/ $//'
}

dir=$VBURN_WORK/img
sums=$VBURN_TMP/sums
: >"$sums"
mkfiles()
{
	local d=$VBURN_TMP/src$1
	mkdir -p "$d/dir$1"
	head -c $((300000 * $1 + 777)) /dev/urandom >"$d/dir$1/data.bin"
	echo "session $1" >"$d/dir$1/note.txt"
	(cd "$d" && sha256sum "dir$1/data.bin" "dir$1/note.txt") >>"$sums"
}

start_vburnd --media cd-r --image-dir "$dir"
mkfiles 1
must "xorriso session 1" xorriso -dev "$VBURN_DEV" \
	-map "$VBURN_TMP/src1/dir1" /dir1 -commit
img1=$(captured_image)
vbd1=${img1%.*}.vbd
[ -f "$vbd1" ] || fail "no manifest $vbd1 beside the capture $img1"
must "eject" vburnctl eject 0
# what the loaded image is made of, to check it is never modified
stem1=${vbd1%.vbd}
ls "$stem1".* >"$VBURN_TMP/files1"
(xargs sha256sum <"$VBURN_TMP/files1") >"$VBURN_TMP/before.sha"
must "load --writable" vburnctl load 0 "$vbd1" --writable
[ "$(session_starts)" = 0 ] ||
	fail "reloaded disc: xorriso -toc lists sessions '$(session_starts)'"
xorriso -indev "$VBURN_DEV" -toc 2>&1 | grep -q "^Media status : .*appendable" ||
	fail "the reloaded disc is not appendable"
pass "the reloaded capture is an appendable disc with 1 session"

mkfiles 2
must "xorriso session 2" xorriso -dev "$VBURN_DEV" \
	-map "$VBURN_TMP/src2/dir2" /dir2 -commit

mkfiles 3
msinfo=$(wodim dev="$VBURN_DEV" -msinfo 2>/dev/null | tail -n 1)
case "$msinfo" in
[0-9]*,[0-9]*) ;;
*) fail "wodim -msinfo gave '$msinfo'" ;;
esac
# genisoimage reads the old session with read(), which the CUSE node
# does not serve (docs/clients.md 1.8): -M gets the capture, which holds
# every session at its LBA.
must "genisoimage -C -M" genisoimage -quiet -R -J -C "$msinfo" \
	-M "$(captured_image)" -o "$VBURN_TMP/s3.iso" "$VBURN_TMP/src3"
must "wodim -multi session 3" wodim -v gracetime=0 dev="$VBURN_DEV" -tao -multi \
	-data "$VBURN_TMP/s3.iso"

starts=$(session_starts)
set -- $starts
[ $# -eq 3 ] || fail "xorriso -toc lists sessions at '$starts', want 3"
[ "$1" = 0 ] && [ "$3" = "${msinfo#*,}" ] ||
	fail "sessions at '$starts'; wodim -msinfo said $msinfo"
pass "xorriso -toc: 3 sessions at $starts"

log=$VBURN_TMP/cd-info.log
cd-info -C "$VBURN_DEV" --no-cddb >"$log" 2>&1 ||
	fail "cd-info failed: $(tail -n 3 "$log")"
got=$(awk '/^ *[0-9]+: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] +[0-9]+ /{
	sub(":", "", $1); if ($1 != 170) printf "%d ", $3 }' "$log" |
	sed 's/ $//')
[ "$got" = "$starts" ] || fail "cd-info lists tracks at '$got', want '$starts'"
last=$(sed -n 's/^Last CD Session LSN: *\([0-9]*\).*/\1/p' "$log")
[ "$last" = "$3" ] || fail "cd-info's last session LSN is '$last', want $3"
pass "cd-info: tracks at $got, last session at $last"

img=$(captured_image)
[ "$img" != "$img1" ] || fail "the appended disc writes over $img1"
stop_vburnd || fail "vburnd did not stop cleanly"
sha256sum -c --quiet "$VBURN_TMP/before.sha" ||
	fail "the loaded image's files changed"
[ "$(ls "$stem1".*)" = "$(cat "$VBURN_TMP/files1")" ] ||
	fail "files were added next to the loaded image's stem $stem1"
pass "the loaded image's files are unchanged"

n=$("$VBURN_BUILD/vburn-img" info --json "${img%.*}.vbd" | python3 -c \
	'import json,sys; print(len(json.load(sys.stdin)["sessions"]))')
[ "$n" = 3 ] || fail "vburn-img info: the new manifest has $n sessions"
pass "vburn-img info: the new capture's manifest has 3 sessions"

mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
# at session 3 (sbsector): genisoimage's descriptor set (with Joliet) is
# longer than xorriso's of session 1, so the ISO capture keeps session
# 1's at LBA 16 (media_iso.c) and only a mount at session 3 shows it
must "mount the ISO capture at session 3" mount -t iso9660 \
	-o loop,ro,sbsector="$3" "$img" "$mnt"
on_exit "umount '$mnt' 2>/dev/null"
(cd "$mnt" && sha256sum -c --quiet "$sums") ||
	fail "the mounted capture lacks a session's files"
must "umount" umount "$mnt"
pass "isofs mounts the capture at session 3 with all 3 sessions' files"
