#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 35-image-files: vburn-img ls, get and mount (issue "images in users'
# hands") on discs we burned. xorriso writes two sessions to a CD-R and
# to a DVD+R (Rock Ridge, a symbolic link, a subdirectory with its own
# mode, a file with an old mtime). Then for the drive's manifest (.vbd),
# its ISO capture and its conversions (CD: NRG, CCD, MDS, CUE; DVD: MDS):
#  - `get / DIR` and `ls --json` equal xorriso -osirrox's extraction of
#    the same session from the disc (the last; --session 1 the first,
#    except in the flat ISO, which is the last session's view);
#  - `mount` shows the same tree (tests/formats/tree_cmp.py compares
#    names, types, sizes, contents, modes, mtimes and link targets);
#  - vburn-img burn of the CD-R's 2-session NRG to the default drive
#    gives back the same sessions, tracks and data.
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso python3 mount
require_build vburnd vburnctl vburn-img

T=$VBURN_TMP
IMG=$VBURN_BUILD/vburn-img
CMP=$(cd "$(dirname "$0")/../../formats" && pwd)/tree_cmp.py

# same WHAT REF IMAGE [OPTS...]: get, ls --json and mount of IMAGE equal
# the extracted tree REF.
same()
{
	local what=$1 ref=$2 img=$3
	shift 3
	rm -rf "$T/ours" "$T/mnt" && mkdir -p "$T/mnt"
	"$IMG" get "$img" / "$T/ours" "$@" || fail "$what: get failed"
	"$IMG" ls "$img" --json "$@" >"$T/ls.json" || fail "$what: ls failed"
	python3 "$CMP" "$ref" "$T/ours" "$T/ls.json" ||
		fail "$what: get/ls differ from xorriso's extraction"
	"$IMG" mount "$img" "$T/mnt" "$@" || fail "$what: mount failed"
	python3 "$CMP" "$ref" "$T/mnt" || {
		umount "$T/mnt"
		fail "$what: the mounted tree differs from xorriso's extraction"
	}
	umount "$T/mnt" || fail "$what: umount failed"
	pass "$what: get, ls --json and mount equal xorriso's tree"
}

for media in cd-r dvd+r; do
	start_vburnd --media "$media" --image-dir "$VBURN_WORK/img-$media"
	for s in 1 2; do
		d=$T/$media-s$s
		mkdir -p "$d/dir$s/sub"
		head -c $((150000 * s + 777)) /dev/urandom >"$d/dir$s/data.bin"
		echo "session $s" >"$d/dir$s/sub/note.txt"
		ln -s ../data.bin "$d/dir$s/sub/link"
		chmod 750 "$d/dir$s/sub"
		touch -d "2001-02-03 04:05:06" "$d/dir$s/sub/note.txt"
		must "$media session $s" xorriso -dev "$VBURN_DEV" \
			-map "$d/dir$s" "/dir$s" -commit
	done
	# the references: xorriso reading each session from the drive
	s1=$(xorriso -indev "$VBURN_DEV" -toc 2>&1 |
		sed -n 's/^ISO session *: *1 , *\([0-9]*\) ,.*/\1/p')
	rm -rf "$T/ref" "$T/ref1"
	must "xorriso -extract (last session)" xorriso -osirrox on \
		-indev "$VBURN_DEV" -extract / "$T/ref"
	must "xorriso -extract (session 1 at $s1)" xorriso -osirrox on \
		-load sbsector "$s1" -indev "$VBURN_DEV" -extract / "$T/ref1"
	cap=$(captured_image)
	stop_vburnd || fail "vburnd did not stop cleanly"
	vbd=${cap%.*}.vbd
	images=("$vbd" "$cap")
	case $media in
	cd-r) formats="nrg ccd mds cue" ;;
	*) formats="mds" ;;
	esac
	for f in $formats; do
		must "convert to $f" "$IMG" convert "$vbd" "$T/$media.$f"
		images+=("$T/$media.$f")
	done
	for i in "${images[@]}"; do
		same "$media $(basename "$i")" "$T/ref" "$i"
		# a flat ISO keeps no session table: it is the last session's
		# view of the disc (docs/architecture.md), so it has no
		# session 1 to show
		[ "$i" = "$cap" ] && continue
		same "$media $(basename "$i") --session 1" "$T/ref1" "$i" \
			--session 1
	done
	[ $media = cd-r ] || continue
	# vburn-img burn of a 2-session image (issue "images in users'
	# hands"): the NRG burns back session by session, to the one
	# writable drive there is (no DEVICE named), onto a blank CD-R; the
	# capture holds the same sessions and tracks at the same addresses
	# with the same data, and session 1 reads as before.
	start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-reburn"
	must "vburn-img burn cd-r.nrg" "$IMG" burn "$T/cd-r.nrg"
	rm -rf "$T/ref1b"
	must "xorriso -extract (session 1 of the reburn)" xorriso -osirrox on \
		-load sbsector "$s1" -indev "$VBURN_DEV" -extract / "$T/ref1b"
	diff -r "$T/ref1" "$T/ref1b" ||
		fail "the reburn's session 1 reads otherwise"
	cap2=$(captured_image)
	stop_vburnd || fail "vburnd did not stop cleanly"
	images_same "the reburned NRG" "$T/cd-r.nrg" "${cap2%.*}.vbd"
	pass "a 2-session NRG burns back to the default drive as it was"
done

# As an ordinary user: /dev/fuse as udev leaves it (0666), the mount made
# through the setuid fusermount3, the files readable by that user as
# their Rock Ridge modes allow (FUSE keeps other users out, root too),
# fusermount3 -u ends it.
chmod 0666 /dev/fuse
u=$(mktemp -d /tmp/vburn-user.XXXXXX)
on_exit "fusermount3 -u '$u/mnt' 2>/dev/null; rm -rf '$u'"
mkdir -p "$u/mnt"
cp "${vbd%.vbd}".* "$u/"
cp -a "$T/ref" "$u/ref"
chown -R 65534:65534 "$u"
chmod 755 "$u"
as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
as_user "$IMG" mount "$u/$(basename "$vbd")" "$u/mnt" 2>"$T/umount.err" || {
	cat "$T/umount.err"
	fail "vburn-img mount as uid 65534 failed"
}
grep -q " $u/mnt fuse.vburn " /proc/mounts ||
	fail "the user's mount is not in /proc/mounts"
for f in dir1/data.bin dir2/data.bin; do
	as_user cmp "$u/ref/$f" "$u/mnt/$f" || fail "the user reads $f wrong"
done
# Rock Ridge modes hold for the user: sub is 0750, owned by root
if as_user ls "$u/mnt/dir2/sub" >/dev/null 2>&1; then
	fail "uid 65534 lists a 0750 directory of root's"
fi
as_user fusermount3 -u "$u/mnt" || fail "fusermount3 -u as the user failed"
pass "an ordinary user mounts the DVD+R manifest, reads its files (Rock Ridge modes enforced), unmounts it"
