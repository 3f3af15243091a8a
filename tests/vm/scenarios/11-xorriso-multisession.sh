#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 11-xorriso-multisession: three sessions appended with xorriso -dev to
# one CD-R and one DVD+R. After each session xorriso -toc on the drive
# must list exactly the sessions written so far; at the end the captured
# image, mounted by the guest kernel's isofs at the last session
# (sbsector), must show the files of all three sessions with the right
# checksums (each session's tree includes the earlier ones). The same
# image mounted without sbsector, and read by xorriso -indev as a file,
# must open at the last session too (docs/architecture.md: the ISO capture
# carries the last session's volume descriptors at LBA 16).
# vburn-e2e-timeout: 600
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso mount
require_build vburnd vburnctl

mnt=$VBURN_TMP/mnt
mkdir -p "$mnt"
for media in cd-r dvd+r; do
	start_vburnd --media "$media" --image-dir "$VBURN_WORK/img-$media"
	sums=$VBURN_TMP/sums-$media
	: >"$sums"
	for s in 1 2 3; do
		d=$VBURN_TMP/$media-s$s
		mkdir -p "$d/dir$s"
		head -c $((200000 * s + 12345)) /dev/urandom >"$d/dir$s/data.bin"
		echo "session $s on $media" >"$d/dir$s/note.txt"
		(cd "$d" && sha256sum dir$s/data.bin dir$s/note.txt) >>"$sums"
		must "$media session $s" xorriso -dev "$VBURN_DEV" \
			-map "$d/dir$s" "/dir$s" -commit
		toc=$(xorriso -indev "$VBURN_DEV" -toc 2>&1)
		echo "$toc" | grep -E "^(ISO session|Media (status|summary))"
		n=$(echo "$toc" | grep -c "^ISO session")
		[ "$n" -eq "$s" ] ||
			fail "$media: -toc lists $n sessions after session $s"
		pass "$media: -toc lists $s session(s)"
	done
	last=$(echo "$toc" | sed -n 's/^ISO session *: *3 , *\([0-9]*\) ,.*/\1/p')
	[ -n "$last" ] || fail "$media: no start of session 3 in -toc"
	img=$(captured_image)
	stop_vburnd || fail "vburnd did not stop cleanly"
	must "mount $media image at session 3 (sbsector=$last)" \
		mount -t iso9660 -o loop,ro,sbsector="$last" "$img" "$mnt"
	on_exit "umount '$mnt' 2>/dev/null"
	(cd "$mnt" && sha256sum -c "$sums") ||
		fail "$media: files differ in the mounted image"
	must "umount" umount "$mnt"
	pass "$media: image mounted at LBA $last shows all 3 sessions' files"
	must "mount $media image without sbsector" \
		mount -t iso9660 -o loop,ro "$img" "$mnt"
	(cd "$mnt" && sha256sum -c "$sums") ||
		fail "$media: plain loop mount does not show the last session"
	must "umount" umount "$mnt"
	pass "$media: plain loop mount of the ISO shows all 3 sessions' files"
	xorriso -indev "$img" -find / -type f >"$VBURN_TMP/find.log" 2>&1 ||
		fail "$media: xorriso -indev on the ISO file failed"
	for s in 1 2 3; do
		grep -q "'/dir$s/data.bin'" "$VBURN_TMP/find.log" ||
			fail "$media: xorriso -indev on the file lacks /dir$s"
	done
	pass "$media: xorriso -indev on the ISO file lists all 3 sessions"
done
